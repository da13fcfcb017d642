//! Scenario playbooks and incidents. A playbook's every save is kept; an
//! incident is handled with its playbook's steps as a checklist and a log of
//! who did what and when, and goes into the public record (sensitive ones
//! flagged; a reporter who hid their name is left out of it).

use crate::record::{append_record, LOCK_HEAD_SQL};
use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{IncidentFileId, IncidentId, ScenarioId, UserId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Scenario {
    pub id: ScenarioId,
    pub title: String,
    pub triggers: String,
    /// One step per line.
    pub steps: String,
    pub contacts: String,
    pub templates: String,
    /// What the person who reports an incident of this kind should know
    /// at once (for threats: 112, the police); on the receipt.
    pub advice: String,
    pub version: i64,
    pub updated_at: i64,
}

impl Scenario {
    pub fn step_list(&self) -> Vec<&str> {
        self.steps
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

pub struct ScenarioInput<'a> {
    pub title: &'a str,
    pub triggers: &'a str,
    pub steps: &'a str,
    pub contacts: &'a str,
    pub templates: &'a str,
    pub advice: &'a str,
}

/// Most screenshots on one incident.
pub const MAX_INCIDENT_FILES: i64 = 10;

/// A screenshot kept with an incident.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IncidentFile {
    pub id: IncidentFileId,
    pub incident_id: IncidentId,
    #[serde(skip)]
    pub file_name: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub description: String,
    pub uploaded_by_name: Option<String>,
    pub uploaded_at: i64,
}

pub struct NewIncidentFile<'a> {
    pub incident_id: IncidentId,
    /// The stored file's name in the private folder.
    pub file_name: &'a str,
    pub mime: &'a str,
    pub width: i64,
    pub height: i64,
    pub description: &'a str,
    pub uploaded_by: UserId,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Incident {
    pub id: IncidentId,
    pub scenario_id: Option<ScenarioId>,
    pub scenario_title: Option<String>,
    pub title: String,
    pub description: String,
    pub links: String,
    pub reporter_id: UserId,
    pub reporter_name: String,
    pub hide_name: bool,
    pub sensitive: bool,
    #[sqlx(try_from = "String")]
    pub status: lykta_domain::IncidentStatus,
    pub closing_notes: String,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IncidentLogEntry {
    pub id: i64,
    pub step: Option<i64>,
    pub entry: String,
    pub actor_name: Option<String>,
    pub at: i64,
}

pub struct NewIncident<'a> {
    pub scenario_id: Option<ScenarioId>,
    pub title: &'a str,
    pub description: &'a str,
    pub links: &'a str,
    pub reporter_id: UserId,
    pub hide_name: bool,
    pub sensitive: bool,
}

const SCENARIO_SQL: &str =
    "SELECT id, title, triggers, steps, contacts, templates, advice, version, updated_at FROM scenarios";
const INCIDENT_SQL: &str = "SELECT i.id, i.scenario_id, s.title AS scenario_title, i.title, i.description, i.links, i.reporter_id, u.name AS reporter_name,
       i.hide_name, i.sensitive, i.status, i.closing_notes, i.created_at, i.closed_at
  FROM incidents i JOIN users u ON u.id = i.reporter_id LEFT JOIN scenarios s ON s.id = i.scenario_id";
const SCENARIO_REVISION_SQL: &str = "INSERT INTO scenario_revisions (scenario_id, version, title, triggers, steps, contacts, templates, advice, saved_by, saved_at)
    SELECT id, version, title, triggers, steps, contacts, templates, advice, $2, $3 FROM scenarios WHERE id = $1";

impl Store {
    pub async fn scenarios(&self) -> Result<Vec<Scenario>> {
        let sql = format!("{SCENARIO_SQL} ORDER BY title");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    pub async fn scenario(&self, id: ScenarioId) -> Result<Scenario> {
        let sql = format!("{SCENARIO_SQL} WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// How many saved versions a playbook has.
    pub async fn scenario_revision_count(&self, id: ScenarioId) -> Result<i64> {
        Ok(
            with_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM scenario_revisions WHERE scenario_id = $1").bind(id).fetch_one(p).await)?,
        )
    }

    pub async fn create_scenario(
        &self,
        s: &ScenarioInput<'_>,
        by: UserId,
        now: i64,
    ) -> Result<ScenarioId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: ScenarioId = sqlx::query_scalar("INSERT INTO scenarios (title, triggers, steps, contacts, templates, advice, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id")
                .bind(s.title).bind(s.triggers).bind(s.steps).bind(s.contacts).bind(s.templates).bind(s.advice).bind(by).bind(now)
                .fetch_one(&mut *tx).await?;
            sqlx::query(SCENARIO_REVISION_SQL).bind(id).bind(by).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Save a playbook if nobody saved since `expected_version`; the new
    /// version is kept beside the earlier ones.
    pub async fn update_scenario(
        &self,
        id: ScenarioId,
        expected_version: i64,
        s: &ScenarioInput<'_>,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query("UPDATE scenarios SET title = $1, triggers = $2, steps = $3, contacts = $4, templates = $5, advice = $10, version = version + 1, updated_by = $6, updated_at = $7 WHERE id = $8 AND version = $9")
                .bind(s.title).bind(s.triggers).bind(s.steps).bind(s.contacts).bind(s.templates).bind(by).bind(now).bind(id).bind(expected_version).bind(s.advice)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM scenarios WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                return Err(current.map_or(StoreError::NotFound, |current| StoreError::StaleVersion { current }));
            }
            sqlx::query(SCENARIO_REVISION_SQL).bind(id).bind(by).bind(now).execute(&mut *tx).await?;
            crate::autosaves::discard_autosave_in!(tx, lykta_domain::Document::Scenario(id), by);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Report an incident; it goes into the public record at once.
    /// How many incidents this person reported since `since` (a flood limit).
    pub async fn incidents_reported_since(&self, reporter: UserId, since: i64) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM incidents WHERE reporter_id = $1 AND created_at >= $2";
        Ok(
            with_pool!(self, p => sqlx::query_scalar(sql).bind(reporter).bind(since).fetch_one(p).await)?,
        )
    }

    pub async fn report_incident(&self, i: &NewIncident<'_>, now: i64) -> Result<IncidentId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(LOCK_HEAD_SQL).execute(&mut *tx).await?;
            let id: IncidentId = sqlx::query_scalar(
                "INSERT INTO incidents (scenario_id, title, description, links, reporter_id, hide_name, sensitive, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING id")
                .bind(i.scenario_id).bind(i.title).bind(i.description).bind(i.links).bind(i.reporter_id)
                .bind(i.hide_name).bind(i.sensitive).bind(now)
                .fetch_one(&mut *tx).await?;
            let reporter = if i.hide_name { None } else { Some(i.reporter_id) };
            let payload = serde_json::json!({
                "title": i.title, "description": i.description, "links": i.links,
                "scenario_id": i.scenario_id, "sensitive": i.sensitive, "reporter": reporter,
            }).to_string();
            append_record!(tx, "incident-reported", id, reporter, now, payload);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    pub async fn incidents(&self, reporter: Option<UserId>) -> Result<Vec<Incident>> {
        let sql = format!("{INCIDENT_SQL} WHERE ($1 IS NULL OR i.reporter_id = $1) ORDER BY i.closed_at IS NOT NULL, i.created_at DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(reporter).fetch_all(p).await)?)
    }

    pub async fn incident(&self, id: IncidentId) -> Result<Incident> {
        let sql = format!("{INCIDENT_SQL} WHERE i.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    pub async fn incident_log(&self, id: IncidentId) -> Result<Vec<IncidentLogEntry>> {
        let sql = "SELECT l.id, l.step, l.entry, u.name AS actor_name, l.at FROM incident_log l LEFT JOIN users u ON u.id = l.actor WHERE l.incident_id = $1 ORDER BY l.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(id).fetch_all(p).await)?)
    }

    /// Log what was done (a playbook step when `step` is given); the
    /// incident is being handled from then on. `Conflict` once closed.
    pub async fn log_incident(
        &self,
        id: IncidentId,
        step: Option<i64>,
        entry: &str,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query("UPDATE incidents SET status = 'handling' WHERE id = $1 AND status <> 'closed'")
                .bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict("closed"));
            }
            sqlx::query("INSERT INTO incident_log (incident_id, step, entry, actor, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(step).bind(entry).bind(actor).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Attach a screenshot to an open incident. `Conflict("closed")` once
    /// it is closed, `Conflict("full")` at [`MAX_INCIDENT_FILES`].
    pub async fn add_incident_file(
        &self,
        f: &NewIncidentFile<'_>,
        now: i64,
    ) -> Result<IncidentFileId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            // Touching the row locks it, so two uploads count one after the other.
            let open = sqlx::query("UPDATE incidents SET status = status WHERE id = $1 AND status <> 'closed'")
                .bind(f.incident_id).execute(&mut *tx).await?;
            if open.rows_affected() == 0 {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM incidents WHERE id = $1")
                    .bind(f.incident_id).fetch_optional(&mut *tx).await?;
                return Err(match exists {
                    Some(_) => StoreError::Conflict("closed"),
                    None => StoreError::NotFound,
                });
            }
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM incident_files WHERE incident_id = $1")
                .bind(f.incident_id).fetch_one(&mut *tx).await?;
            if count >= MAX_INCIDENT_FILES {
                return Err(StoreError::Conflict("full"));
            }
            let id: IncidentFileId = sqlx::query_scalar(
                "INSERT INTO incident_files (incident_id, file_name, mime, width, height, description, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(f.incident_id).bind(f.file_name).bind(f.mime).bind(f.width).bind(f.height).bind(f.description)
                .bind(f.uploaded_by).bind(now).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// An incident's screenshots, oldest first.
    pub async fn incident_files(&self, incident_id: IncidentId) -> Result<Vec<IncidentFile>> {
        let sql = "SELECT f.id, f.incident_id, f.file_name, f.mime, f.width, f.height, f.description, u.name AS uploaded_by_name, f.uploaded_at
                     FROM incident_files f LEFT JOIN users u ON u.id = f.uploaded_by WHERE f.incident_id = $1 ORDER BY f.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(incident_id).fetch_all(p).await)?)
    }

    /// Close an incident with notes; recorded. `Conflict` if already closed.
    pub async fn close_incident(
        &self,
        id: IncidentId,
        notes: &str,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(LOCK_HEAD_SQL).execute(&mut *tx).await?;
            let done = sqlx::query("UPDATE incidents SET status = 'closed', closing_notes = $1, closed_at = $2 WHERE id = $3 AND status <> 'closed'")
                .bind(notes).bind(now).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict("closed"));
            }
            sqlx::query("INSERT INTO incident_log (incident_id, step, entry, actor, at) VALUES ($1, NULL, $2, $3, $4)")
                .bind(id).bind(notes).bind(actor).bind(now).execute(&mut *tx).await?;
            let payload = serde_json::json!({ "notes": notes }).to_string();
            append_record!(tx, "incident-closed", id, Some(actor), now, payload);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }
}
