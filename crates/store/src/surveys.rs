//! The inventory survey: which services each unit has tried, for what and
//! with what result — one answer per unit, kept next to the inventory.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::SurveyResult;
use lykta_domain::UserId;
use lykta_domain::{SurveyId, UnitId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Survey {
    pub id: SurveyId,
    pub title: String,
    pub intro: String,
    #[sqlx(try_from = "String")]
    pub state: lykta_domain::SurveyState,
    pub closes_at: Option<i64>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    /// Units asked.
    #[sqlx(default)]
    pub units: i64,
    /// Units that have answered.
    #[sqlx(default)]
    pub answered: i64,
}

impl Survey {
    /// Open for answers at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.state == lykta_domain::SurveyState::Open && self.closes_at.is_none_or(|t| now < t)
    }
}

/// One service a unit tried.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SurveyAnswer {
    #[serde(skip)]
    pub response_id: i64,
    pub service: String,
    pub used_for: String,
    #[sqlx(try_from = "String")]
    pub result: SurveyResult,
    pub comment: String,
}

/// A unit's answer, as last saved.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SurveyResponse {
    pub id: i64,
    pub unit_id: UnitId,
    pub updated_by_name: Option<String>,
    pub updated_at: i64,
    pub version: i64,
    #[sqlx(skip)]
    pub answers: Vec<SurveyAnswer>,
}

/// A new survey, already checked.
pub struct NewSurvey<'a> {
    pub title: &'a str,
    pub intro: &'a str,
    pub closes_at: Option<i64>,
    pub unit_ids: &'a [UnitId],
}

const SURVEY_SQL: &str =
    "SELECT s.id, s.title, s.intro, s.state, s.closes_at, s.created_at, s.closed_at,
       (SELECT COUNT(*) FROM survey_units su WHERE su.survey_id = s.id) AS units,
       (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id) AS answered
  FROM surveys s";

impl Store {
    /// Ask units a survey (open at once).
    pub async fn create_survey(&self, s: &NewSurvey<'_>, by: UserId, now: i64) -> Result<SurveyId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: SurveyId = sqlx::query_scalar(
                "INSERT INTO surveys (title, intro, state, closes_at, created_by, created_at) VALUES ($1, $2, 'open', $3, $4, $5) RETURNING id")
                .bind(s.title).bind(s.intro).bind(s.closes_at).bind(by).bind(now)
                .fetch_one(&mut *tx).await?;
            for unit in s.unit_ids {
                sqlx::query("INSERT INTO survey_units (survey_id, unit_id) VALUES ($1, $2)")
                    .bind(id).bind(*unit).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Every survey, newest first.
    pub async fn surveys(&self) -> Result<Vec<Survey>> {
        let sql = format!("{SURVEY_SQL} ORDER BY s.created_at DESC, s.id DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    pub async fn survey(&self, id: SurveyId) -> Result<Survey> {
        let sql = format!("{SURVEY_SQL} WHERE s.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The units a survey asks, by name.
    pub async fn survey_units(&self, survey_id: SurveyId) -> Result<Vec<crate::Unit>> {
        let sql =
            "SELECT u.id, u.slug, u.name FROM survey_units su JOIN units u ON u.id = su.unit_id
                    WHERE su.survey_id = $1 ORDER BY u.name";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(survey_id).fetch_all(p).await)?)
    }

    /// Every unit's answer to a survey, with its rows.
    pub async fn survey_responses(&self, survey_id: SurveyId) -> Result<Vec<SurveyResponse>> {
        let sql = "SELECT r.id, r.unit_id, u.name AS updated_by_name, r.updated_at, r.version
                     FROM survey_responses r LEFT JOIN users u ON u.id = r.updated_by WHERE r.survey_id = $1";
        let mut responses: Vec<SurveyResponse> =
            with_pool!(self, p => sqlx::query_as(sql).bind(survey_id).fetch_all(p).await)?;
        let answers: Vec<SurveyAnswer> = with_pool!(self, p => sqlx::query_as(
            "SELECT a.response_id, a.service, a.used_for, a.result, a.comment FROM survey_answers a
               JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = $1 ORDER BY a.position")
            .bind(survey_id).fetch_all(p).await)?;
        for r in &mut responses {
            r.answers = answers
                .iter()
                .filter(|a| a.response_id == r.id)
                .cloned()
                .collect();
        }
        Ok(responses)
    }

    /// Save a unit's answer, replacing its rows. `expected_version` is the
    /// version the form showed (0: no answer yet); `StaleVersion` if someone
    /// else in the unit saved in between.
    pub async fn save_survey_response(
        &self,
        survey_id: SurveyId,
        unit_id: UnitId,
        expected_version: i64,
        answers: &[SurveyAnswer],
        by: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let current: Option<(i64, i64)> = sqlx::query_as("SELECT id, version FROM survey_responses WHERE survey_id = $1 AND unit_id = $2")
                .bind(survey_id).bind(unit_id).fetch_optional(&mut *tx).await?;
            let id = match (current, expected_version) {
                (None, 0) => sqlx::query_scalar(
                    "INSERT INTO survey_responses (survey_id, unit_id, updated_by, updated_at) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(survey_id).bind(unit_id).bind(by).bind(now).fetch_one(&mut *tx).await
                    .map_err(crate::conflict_on_unique("response"))?,
                (Some((id, version)), expected) if version == expected => {
                    // Someone who saved in between holds or has bumped the version.
                    let done = sqlx::query("UPDATE survey_responses SET updated_by = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                        .bind(by).bind(now).bind(id).bind(version).execute(&mut *tx).await?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::StaleVersion { current: version + 1 });
                    }
                    sqlx::query("DELETE FROM survey_answers WHERE response_id = $1").bind(id).execute(&mut *tx).await?;
                    id
                }
                (current, _) => return Err(StoreError::StaleVersion { current: current.map(|c| c.1).unwrap_or(0) }),
            };
            for (i, a) in answers.iter().enumerate() {
                sqlx::query("INSERT INTO survey_answers (response_id, position, service, used_for, result, comment) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(id).bind(i as i64).bind(&a.service).bind(&a.used_for).bind(a.result.as_str()).bind(&a.comment)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Stop taking answers. `Conflict` if it was closed already.
    pub async fn close_survey(&self, id: SurveyId, now: i64) -> Result<()> {
        let sql =
            "UPDATE surveys SET state = 'closed', closed_at = $1 WHERE id = $2 AND state = 'open'";
        let done = with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            self.survey(id).await?;
            return Err(StoreError::Conflict("closed"));
        }
        Ok(())
    }
}
