//! Social-media guidelines: versioned documents (drafts edited by the
//! working group, published with a summary; earlier versions kept), and
//! who has read and acknowledged which version.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{GuidelineVersionId, UnitId, UserId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GuidelineVersion {
    pub id: GuidelineVersionId,
    pub number: i64,
    pub title: String,
    pub summary: String,
    /// The whole organisation.
    pub for_everyone: String,
    /// Units that use social media as a work tool.
    pub for_units: String,
    /// Employees as private persons.
    pub for_private: String,
    /// Check questions as the working group wrote them (`lykta_domain::quiz`).
    pub questions: String,
    #[sqlx(try_from = "String")]
    pub state: lykta_domain::GuidelineState,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

/// The three sections of a version, already checked.
pub struct GuidelineText<'a> {
    pub title: &'a str,
    pub for_everyone: &'a str,
    pub for_units: &'a str,
    pub for_private: &'a str,
    pub questions: &'a str,
}

/// How one check question went: how many answered it, and how many chose
/// a wrong answer at least once.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct QuestionStats {
    pub question: i64,
    pub people: i64,
    pub wrong: i64,
}

/// One person's standing with one version, for the reach dashboard.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Reach {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub read_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
}

const COLUMNS: &str = "id, number, title, summary, for_everyone, for_units, for_private, questions, state, version, created_at, updated_at, published_at";

impl Store {
    /// Every version, newest first.
    pub async fn guideline_versions(&self) -> Result<Vec<GuidelineVersion>> {
        let sql = format!("SELECT {COLUMNS} FROM guideline_versions ORDER BY number DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    pub async fn guideline_version(&self, id: GuidelineVersionId) -> Result<GuidelineVersion> {
        let sql = format!("SELECT {COLUMNS} FROM guideline_versions WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The version in force, if any has been published.
    pub async fn current_guideline(&self) -> Result<Option<GuidelineVersion>> {
        let sql = format!("SELECT {COLUMNS} FROM guideline_versions WHERE state = 'published'");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_optional(p).await)?)
    }

    /// A new draft, numbered after the newest version.
    pub async fn create_guideline_draft(
        &self,
        t: &GuidelineText<'_>,
        by: UserId,
        now: i64,
    ) -> Result<GuidelineVersionId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM guideline_versions").fetch_one(&mut *tx).await?;
            let id: GuidelineVersionId = sqlx::query_scalar(
                "INSERT INTO guideline_versions (number, title, for_everyone, for_units, for_private, questions, state, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $8) RETURNING id")
                .bind(next).bind(t.title).bind(t.for_everyone).bind(t.for_units).bind(t.for_private).bind(t.questions).bind(by).bind(now)
                .fetch_one(&mut *tx).await.map_err(crate::conflict_on_unique("number"))?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Save a draft if nobody saved since `expected_version`; published and
    /// superseded versions never change.
    pub async fn update_guideline_draft(
        &self,
        id: GuidelineVersionId,
        expected_version: i64,
        t: &GuidelineText<'_>,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE guideline_versions SET title = $1, for_everyone = $2, for_units = $3, for_private = $4, questions = $8, version = version + 1, updated_at = $5
                   WHERE id = $6 AND version = $7 AND state = 'draft'";
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query(sql).bind(t.title).bind(t.for_everyone).bind(t.for_units).bind(t.for_private)
                .bind(now).bind(id).bind(expected_version).bind(t.questions).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                let row: Option<(String, i64)> = sqlx::query_as("SELECT state, version FROM guideline_versions WHERE id = $1")
                    .bind(id).fetch_optional(&mut *tx).await?;
                return Err(match row {
                    None => StoreError::NotFound,
                    Some((state, _)) if state != "draft" => StoreError::Conflict("published"),
                    Some((_, current)) => StoreError::StaleVersion { current },
                });
            }
            crate::autosaves::discard_autosave_in!(tx, lykta_domain::Document::Guideline(id), by);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Publish a draft with a summary of what changed; the version in force
    /// until now is superseded, in the same transaction.
    pub async fn publish_guideline(
        &self,
        id: GuidelineVersionId,
        summary: &str,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("UPDATE guideline_versions SET state = 'superseded' WHERE state = 'published'").execute(&mut *tx).await?;
            let done = sqlx::query("UPDATE guideline_versions SET state = 'published', summary = $1, published_by = $2, published_at = $3, version = version + 1 WHERE id = $4 AND state = 'draft'")
                .bind(summary).bind(by).bind(now).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict("published"));
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Note that a person opened a version (first time only).
    pub async fn mark_guideline_read(
        &self,
        version_id: GuidelineVersionId,
        user_id: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO guideline_acks (version_id, user_id, read_at) VALUES ($1, $2, $3) ON CONFLICT (version_id, user_id) DO NOTHING";
        with_pool!(self, p => sqlx::query(sql).bind(version_id).bind(user_id).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// A person acknowledges the version in force. `Conflict` if it is not
    /// the one in force (superseded or a draft).
    pub async fn acknowledge_guideline(
        &self,
        version_id: GuidelineVersionId,
        user_id: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let state: Option<String> = sqlx::query_scalar("SELECT state FROM guideline_versions WHERE id = $1").bind(version_id).fetch_optional(&mut *tx).await?;
            match state.as_deref() {
                None => return Err(StoreError::NotFound),
                Some("published") => {}
                Some(_) => return Err(StoreError::Conflict("superseded")),
            }
            sqlx::query("INSERT INTO guideline_acks (version_id, user_id, read_at, acknowledged_at) VALUES ($1, $2, $3, $3)
                         ON CONFLICT (version_id, user_id) DO UPDATE SET acknowledged_at = COALESCE(guideline_acks.acknowledged_at, $3)")
                .bind(version_id).bind(user_id).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Keep the answers a person gave to a version's check questions
    /// (question index, right or not).
    pub async fn record_guideline_answers(
        &self,
        version_id: GuidelineVersionId,
        user_id: UserId,
        answers: &[(usize, bool)],
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            for (question, correct) in answers {
                sqlx::query("INSERT INTO guideline_answers (version_id, user_id, question, correct, answered_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(version_id).bind(user_id).bind(*question as i64).bind(*correct).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// How each check question of a version went.
    pub async fn guideline_question_stats(
        &self,
        version_id: GuidelineVersionId,
    ) -> Result<Vec<QuestionStats>> {
        let sql = "SELECT question, COUNT(DISTINCT user_id) AS people, COUNT(DISTINCT CASE WHEN NOT correct THEN user_id END) AS wrong
                     FROM guideline_answers WHERE version_id = $1 GROUP BY question ORDER BY question";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(version_id).fetch_all(p).await)?)
    }

    /// Every active person and where they stand with a version, by unit and name.
    pub async fn guideline_reach(&self, version_id: GuidelineVersionId) -> Result<Vec<Reach>> {
        let sql = "SELECT u.id AS user_id, u.name, u.email, u.unit_id, n.name AS unit_name, a.read_at, a.acknowledged_at
                     FROM users u LEFT JOIN units n ON n.id = u.unit_id
                     LEFT JOIN guideline_acks a ON a.user_id = u.id AND a.version_id = $1
                    WHERE u.disabled = $2 ORDER BY n.name, u.name";
        Ok(
            with_pool!(self, p => sqlx::query_as(sql).bind(version_id).bind(false).fetch_all(p).await)?,
        )
    }

    /// When a person acknowledged a version, if they have.
    pub async fn guideline_acknowledged_at(
        &self,
        version_id: GuidelineVersionId,
        user_id: UserId,
    ) -> Result<Option<i64>> {
        let sql =
            "SELECT acknowledged_at FROM guideline_acks WHERE version_id = $1 AND user_id = $2";
        let at: Option<Option<i64>> = with_pool!(self, p => sqlx::query_scalar(sql).bind(version_id).bind(user_id).fetch_optional(p).await)?;
        Ok(at.flatten())
    }
}
