//! Incidents and their playbooks: any employee reports an incident (the
//! text is checked for the reporter's name when they hide it); the
//! communications team keeps scenario playbooks, logs what it does on an incident (a playbook step, or a free
//! entry) and closes it with notes; the reporter and the team read it.

use crate::{require, App, Error, Result};
use lykta_domain::{
    optional_text, required_multiline, required_text, Action, Actor, FieldErrors, Target,
};
use lykta_domain::{IncidentId, ScenarioId};
use lykta_store::{Incident, NewIncident, ScenarioInput, StoreError};

/// Most incidents one person reports in an hour: enough for a bad evening,
/// not enough to bury the team (past it the form says so, text kept).
pub const MAX_REPORTS_PER_HOUR: i64 = 10;

/// Longest log entry and closing notes.
pub const MAX_ENTRY_CHARS: usize = 2000;
pub const MAX_NOTES_CHARS: usize = 5000;

/// An incident as the person reports it.
pub struct IncidentReport<'a> {
    pub scenario: Option<ScenarioId>,
    pub title: &'a str,
    pub description: &'a str,
    pub links: &'a str,
    /// Only the communications team sees who reported it.
    pub hide_name: bool,
    pub sensitive: bool,
    /// The person has seen the warning that the text names them.
    pub confirmed: bool,
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    Reported(IncidentId),
    /// The person hides their name but the text gives it away: say so before
    /// sending (nothing was saved).
    NamesReporter,
}

/// Does the text name the person (any part of the name of three letters or more)?
pub fn names_person(text: &str, name: &str) -> bool {
    let text = text.to_lowercase();
    name.split_whitespace()
        .filter(|part| part.chars().count() >= 3)
        .any(|part| text.contains(&part.to_lowercase()))
}

fn closed(e: StoreError) -> Error {
    match e {
        StoreError::Conflict(_) => Error::Refused("error-incident-closed"),
        other => other.into(),
    }
}

impl App {
    /// Any employee reports an incident (a scenario's, or another).
    pub async fn report_incident(
        &self,
        actor: &Actor,
        reporter_name: &str,
        r: &IncidentReport<'_>,
    ) -> Result<Reported> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let mut e = FieldErrors::default();
        let title = e.check("title", required_text(r.title, 200));
        let description = e.check("description", required_multiline(r.description, 10_000));
        let links = e
            .check("links", optional_text(r.links, 2000))
            .unwrap_or_default();
        if let Some(id) = r.scenario {
            if !self.store.scenarios().await?.iter().any(|sc| sc.id == id) {
                e.add("scenario_id", "error-scenario");
            }
        }
        let (Some(title), Some(description), true) = (title, description, e.is_empty()) else {
            return Err(Error::Invalid(e));
        };
        if r.hide_name
            && !r.confirmed
            && names_person(&format!("{title} {description}"), reporter_name)
        {
            return Ok(Reported::NamesReporter);
        }
        let now = self.now();
        if self
            .store
            .incidents_reported_since(actor.user_id, now - 3600)
            .await?
            >= MAX_REPORTS_PER_HOUR
        {
            return Err(Error::TooManyRequests);
        }
        let i = NewIncident {
            scenario_id: r.scenario,
            title: &title,
            description: &description,
            links: &links,
            reporter_id: actor.user_id,
            hide_name: r.hide_name,
            sensitive: r.sensitive,
        };
        let id = self.store.report_incident(&i, now).await?;
        // The team hears of it at once; the reporter gets a receipt.
        let incident = self.store.incident(id).await?;
        let advice = self.receipt_advice(&incident).await?;
        self.notify
            .incident_reported(&incident, advice.as_deref(), now)
            .await?;
        self.wake_worker();
        Ok(Reported::Reported(id))
    }

    /// The advice on a report's receipt: its playbook's (empty when the
    /// playbook has none), or `None` for a report without a playbook —
    /// nobody has judged its kind, so the receipt gives the general
    /// emergency advice (112, the police) from the catalogue.
    pub async fn receipt_advice(&self, i: &Incident) -> Result<Option<String>> {
        Ok(match i.scenario_id {
            Some(id) => Some(self.store.scenario(id).await?.advice),
            None => None,
        })
    }

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

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_that_names_the_reporter_is_noticed() {
        assert!(super::names_person(
            "Karin blev uthängd på Facebook",
            "Karin Åberg"
        ));
        assert!(super::names_person("om åberg", "Karin Åberg"));
        assert!(!super::names_person(
            "En medarbetare blev uthängd",
            "Karin Åberg"
        ));
    }
}
