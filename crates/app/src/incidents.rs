//! Incidents and their playbooks: the communications team keeps scenario
//! playbooks, logs what it does on an incident (a playbook step, or a free
//! entry) and closes it with notes; the reporter and the team read it.

use crate::{require, App, Error, Result};
use lykta_domain::{optional_text, required_multiline, Action, Actor, Target};
use lykta_domain::{IncidentId, ScenarioId};
use lykta_store::{Incident, ScenarioInput, StoreError};

/// Longest log entry and closing notes.
pub const MAX_ENTRY_CHARS: usize = 2000;
pub const MAX_NOTES_CHARS: usize = 5000;

fn closed(e: StoreError) -> Error {
    match e {
        StoreError::Conflict(_) => Error::Refused("error-incident-closed"),
        other => other.into(),
    }
}

impl App {
    /// The incident, if `actor` may read it: the team, and the person who
    /// reported it.
    pub async fn incident_for(&self, actor: &Actor, id: IncidentId) -> Result<Incident> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let i = self.store.incident(id).await?;
        let target = Target::Incident {
            reporter_id: i.reporter_id,
        };
        require(actor, Action::ReadIncident, target)?;
        Ok(i)
    }

    /// Write a new scenario playbook.
    pub async fn create_scenario(
        &self,
        actor: &Actor,
        s: &ScenarioInput<'_>,
    ) -> Result<ScenarioId> {
        require(actor, Action::HandleIncidents, Target::Organisation)?;
        Ok(self
            .store
            .create_scenario(s, actor.user_id, self.now())
            .await?)
    }

    /// Change a playbook, if nobody saved it since `version` (every
    /// version is kept).
    pub async fn update_scenario(
        &self,
        actor: &Actor,
        id: ScenarioId,
        version: i64,
        s: &ScenarioInput<'_>,
    ) -> Result<()> {
        require(actor, Action::HandleIncidents, Target::Organisation)?;
        Ok(self
            .store
            .update_scenario(id, version, s, actor.user_id, self.now())
            .await?)
    }

    /// Log what was done on an open incident: a playbook step ticked off
    /// (with an optional remark) or a free entry (text required).
    pub async fn log_incident(
        &self,
        actor: &Actor,
        id: IncidentId,
        step: Option<i64>,
        entry: &str,
    ) -> Result<()> {
        require(actor, Action::HandleIncidents, Target::Organisation)?;
        let entry = match step {
            Some(_) => {
                optional_text(entry, MAX_ENTRY_CHARS).map_err(|e| Error::field("entry", e.key))?
            }
            None => required_multiline(entry, MAX_ENTRY_CHARS)
                .map_err(|_| Error::field("entry", "error-incident-entry"))?,
        };
        self.store
            .log_incident(id, step, &entry, actor.user_id, self.now())
            .await
            .map_err(closed)
    }

    /// Close an incident with notes on what was learnt.
    pub async fn close_incident(&self, actor: &Actor, id: IncidentId, notes: &str) -> Result<()> {
        require(actor, Action::HandleIncidents, Target::Organisation)?;
        let notes = required_multiline(notes, MAX_NOTES_CHARS)
            .map_err(|_| Error::field("notes", "error-incident-notes"))?;
        self.store
            .close_incident(id, &notes, actor.user_id, self.now())
            .await
            .map_err(closed)
    }
}
