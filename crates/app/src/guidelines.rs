//! The social-media guidelines: drafts, publishing (everyone is asked by
//! e-mail), reading and acknowledging (with their check questions).

use crate::{require, App, Error, Result};
use lykta_domain::{Action, Actor, Target};
use lykta_domain::{GuidelineState, GuidelineVersionId};
use lykta_store::StoreError;

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
            .update_guideline_draft(id, version, text, actor.user_id, self.now())
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
}
