//! The inventory survey: a communicator asks units which services they have
//! tried; each unit writes one answer; reminders go to units that have not
//! answered, at most once a day.

use crate::{require, App, Error, Result};
use lykta_domain::{iso_date, stockholm_date, stockholm_instant, Action, Actor, FieldErrors};
use lykta_domain::{SurveyId, Target, UnitId};
use lykta_store::{NewSurvey, StoreError, Survey, SurveyAnswer, Unit};
use time::Date;

/// A survey as the form gives it (`None` where a field did not parse; its
/// message is in `errors`).
pub struct SurveyRequest {
    pub title: Option<String>,
    pub intro: Option<String>,
    /// Open to the end of this day, Swedish time; `None` for no last day.
    pub closes_on: Option<Date>,
    pub units: Vec<UnitId>,
    pub errors: FieldErrors,
}

impl App {
    /// Ask the chosen units, and tell them by e-mail.
    pub async fn create_survey(&self, actor: &Actor, r: SurveyRequest) -> Result<SurveyId> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let now = self.now();
        let mut e = r.errors;
        let known = self.store.units().await?;
        if r.units.is_empty() {
            e.add("units", "error-survey-units");
        } else if !r.units.iter().all(|u| known.iter().any(|k| k.id == *u)) {
            e.add("units", "error-unknown-unit");
        }
        let closes_at = r.closes_on.map(|day| stockholm_instant(day, 23, 59) + 59);
        if closes_at.is_some_and(|t| t <= now) {
            e.add("closes_on", "error-survey-closes");
        }
        let (Some(title), Some(intro), true) = (r.title, r.intro, e.is_empty()) else {
            return Err(Error::Invalid(e));
        };
        let survey = NewSurvey {
            title: &title,
            intro: &intro,
            closes_at,
            unit_ids: &r.units,
        };
        let id = self
            .store
            .create_survey(&survey, actor.user_id, now)
            .await?;
        let survey = self.store.survey(id).await?;
        self.notify
            .survey_asked(&survey, &r.units, None, now)
            .await?;
        self.wake_worker();
        Ok(id)
    }

    /// Remind the units that have not answered (once a day at most).
    /// Returns how many messages were queued (0 when they were reminded
    /// today already).
    pub async fn remind_survey(&self, actor: &Actor, id: SurveyId) -> Result<usize> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let survey = self.store.survey(id).await?;
        let now = self.now();
        if !survey.is_open(now) {
            return Err(Error::Refused("error-survey-closed"));
        }
        let answered: Vec<UnitId> = self
            .store
            .survey_responses(id)
            .await?
            .iter()
            .map(|r| r.unit_id)
            .collect();
        let waiting: Vec<UnitId> = self
            .store
            .survey_units(id)
            .await?
            .iter()
            .map(|u| u.id)
            .filter(|u| !answered.contains(u))
            .collect();
        let day = iso_date(stockholm_date(now));
        let queued = self
            .notify
            .survey_asked(&survey, &waiting, Some(&day), now)
            .await?;
        self.wake_worker();
        Ok(queued)
    }

    /// Take no more answers.
    pub async fn close_survey(&self, actor: &Actor, id: SurveyId) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        match self.store.close_survey(id, self.now()).await {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-survey-closed")),
            other => Ok(other?),
        }
    }

    /// The survey and the unit, if `actor` may answer for that unit and the
    /// survey asks it.
    pub async fn survey_for_unit(
        &self,
        actor: &Actor,
        id: SurveyId,
        unit: UnitId,
    ) -> Result<(Survey, Unit)> {
        require(actor, Action::AnswerSurvey, Target::Unit { id: unit })?;
        let survey = self.store.survey(id).await?;
        let unit = self
            .store
            .survey_units(id)
            .await?
            .into_iter()
            .find(|u| u.id == unit)
            .ok_or(Error::NotFound)?;
        Ok((survey, unit))
    }

    /// Save a unit's answer, if nobody saved it since `version` and the
    /// survey is open.
    pub async fn answer_survey(
        &self,
        actor: &Actor,
        id: SurveyId,
        unit: UnitId,
        version: i64,
        answers: &[SurveyAnswer],
    ) -> Result<()> {
        let (survey, unit) = self.survey_for_unit(actor, id, unit).await?;
        let now = self.now();
        if !survey.is_open(now) {
            return Err(Error::Refused("error-survey-closed"));
        }
        match self
            .store
            .save_survey_response(id, unit.id, version, answers, actor.user_id, now)
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::Stale { current: version }),
            other => Ok(other?),
        }
    }
}
