//! The organisation's side: acknowledging the guidelines (with their check
//! questions) and reporting incidents.

use crate::{require, App, Error, Result};
use lykta_domain::{
    optional_text, required_multiline, required_text, Action, Actor, FieldErrors, Target,
};
use lykta_domain::{GuidelineState, GuidelineVersionId, IncidentId, ScenarioId};
use lykta_store::{NewIncident, StoreError};

/// What became of an acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acknowledgement {
    Acknowledged,
    /// Some check questions were answered wrongly or not at all: read again.
    /// Per question the answer taken and whether it was right; `missing`
    /// when some had no answer.
    ReadAgain {
        chosen: Vec<Option<usize>>,
        right: Vec<bool>,
        missing: bool,
    },
}

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

impl App {
    /// Start a new draft of the guidelines: a copy of the version in force,
    /// or — the very first — empty under `first_title` (the caller's words
    /// in the organisation's language). Returns the draft's id.
    pub async fn start_guideline_draft(
        &self,
        actor: &Actor,
        first_title: &str,
    ) -> Result<GuidelineVersionId> {
        require(actor, Action::ManageGuidelines, Target::Organisation)?;
        let base = self.store.current_guideline().await?;
        let field = |f: fn(&lykta_store::GuidelineVersion) -> &str| base.as_ref().map_or("", f);
        let t = lykta_store::GuidelineText {
            title: base.as_ref().map_or(first_title, |b| b.title.as_str()),
            for_everyone: field(|b| &b.for_everyone),
            for_units: field(|b| &b.for_units),
            for_private: field(|b| &b.for_private),
            questions: field(|b| &b.questions),
        };
        Ok(self
            .store
            .create_guideline_draft(&t, actor.user_id, self.now())
            .await?)
    }

    /// A guideline version for `actor` to read: drafts only for those who
    /// may see them (to anyone else they do not exist). Opening the version
    /// in force counts as having read it.
    pub async fn read_guideline(
        &self,
        actor: &Actor,
        id: GuidelineVersionId,
    ) -> Result<lykta_store::GuidelineVersion> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let v = self.store.guideline_version(id).await?;
        match v.state {
            GuidelineState::Draft => {
                require(actor, Action::SeeGuidelineDrafts, Target::Organisation)
                    .map_err(|_| Error::NotFound)?;
            }
            GuidelineState::Published => {
                self.store
                    .mark_guideline_read(v.id, actor.user_id, self.now())
                    .await?;
            }
            GuidelineState::Superseded => {}
        }
        Ok(v)
    }

    /// Save a draft of the guidelines, if nobody saved it since `version`
    /// and it is still a draft.
    pub async fn save_guideline_draft(
        &self,
        actor: &Actor,
        id: GuidelineVersionId,
        version: i64,
        text: &lykta_store::GuidelineText<'_>,
    ) -> Result<()> {
        require(actor, Action::ManageGuidelines, Target::Organisation)?;
        match self
            .store
            .update_guideline_draft(id, version, text, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-guideline-published")),
            other => Ok(other?),
        }
    }

    /// Put a draft in force with a summary of what changed, and ask everyone
    /// it reaches by e-mail to read and acknowledge it.
    pub async fn publish_guideline(
        &self,
        actor: &Actor,
        id: GuidelineVersionId,
        summary: &str,
    ) -> Result<()> {
        require(actor, Action::ManageGuidelines, Target::Organisation)?;
        let summary = lykta_domain::required_multiline(summary, 2000)
            .map_err(|_| Error::field("summary", "error-guideline-summary"))?;
        let now = self.now();
        match self
            .store
            .publish_guideline(id, &summary, actor.user_id, now)
            .await
        {
            Err(StoreError::Conflict(_)) => {
                return Err(Error::Refused("error-guideline-published"))
            }
            other => other?,
        }
        let v = self.store.guideline_version(id).await?;
        self.notify.guideline_published(&v, now).await?;
        self.wake_worker();
        Ok(())
    }

    /// `actor` acknowledges a guideline version, answering its check
    /// questions (`chosen[i]`: the answer picked for question i). Every
    /// answer is kept; a superseded version is refused.
    pub async fn acknowledge_guideline(
        &self,
        actor: &Actor,
        version: GuidelineVersionId,
        chosen: &[Option<usize>],
    ) -> Result<Acknowledgement> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let v = self.store.guideline_version(version).await?;
        let questions = lykta_domain::quiz::parse_questions(&v.questions).unwrap_or_default();
        let done = self
            .store
            .guideline_acknowledged_at(v.id, actor.user_id)
            .await?
            .is_some();
        if !questions.is_empty() && v.state == lykta_domain::GuidelineState::Published && !done {
            let chosen: Vec<Option<usize>> = (0..questions.len())
                .map(|i| {
                    chosen
                        .get(i)
                        .copied()
                        .flatten()
                        .filter(|a| *a < questions[i].answers.len())
                })
                .collect();
            let right = lykta_domain::quiz::mark(&questions, &chosen);
            let answered: Vec<(usize, bool)> = right
                .iter()
                .enumerate()
                .filter(|(i, _)| chosen[*i].is_some())
                .map(|(i, r)| (i, *r))
                .collect();
            self.store
                .record_guideline_answers(v.id, actor.user_id, &answered, self.now())
                .await?;
            if right.iter().any(|r| !r) {
                let missing = answered.len() < questions.len();
                return Ok(Acknowledgement::ReadAgain {
                    chosen,
                    right,
                    missing,
                });
            }
        }
        match self
            .store
            .acknowledge_guideline(version, actor.user_id, self.now())
            .await
        {
            Ok(()) => Ok(Acknowledgement::Acknowledged),
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-guideline-superseded")),
            Err(e) => Err(e.into()),
        }
    }

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
        let i = NewIncident {
            scenario_id: r.scenario,
            title: &title,
            description: &description,
            links: &links,
            reporter_id: actor.user_id,
            hide_name: r.hide_name,
            sensitive: r.sensitive,
        };
        Ok(Reported::Reported(
            self.store.report_incident(&i, self.now()).await?,
        ))
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
