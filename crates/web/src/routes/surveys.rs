//! The inventory survey, from the talk's first slide: a communicator asks
//! units which services they have tried, for what and with what result.
//! Each unit's managers are asked by e-mail (or, where a unit has none,
//! everyone in it); anyone in the unit may write the unit's one answer.
//! The communicator sees the answers per unit next to that unit's channels
//! in the inventory, with the services tried that the inventory lacks.
//!
//! Limits: at most 30 services per answer, 300 characters for a service or
//! what it was used for, 1 000 for a comment.

use super::forms::{error_map, Fields};
use super::staff::{admin_page, require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use lykta_app::channel_table::platform_named;
use lykta_app::notify::asked_in;
use lykta_app::surveys::SurveyRequest;
use lykta_domain::{
    can, optional_text, parse_date, required_multiline, required_text, Action, FieldErrors,
    Platform, SurveyResult, Target,
};
use lykta_domain::{SurveyId, UnitId};
use lykta_store::{Survey, SurveyAnswer};
use minijinja::{context, Value};
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/surveys", get(list).post(create))
        .route("/admin/surveys/{id}", get(results))
        .route("/admin/surveys/{id}/close", post(close))
        .route("/admin/surveys/{id}/remind", post(remind))
        .route(
            "/admin/surveys/{id}/units/{unit}",
            get(answer_form).post(answer),
        )
}

/// Most services in one unit's answer.
const MAX_ROWS: usize = 30;
/// Empty rows offered below the ones already written.
const BLANK_ROWS: usize = 3;

fn manages(s: &SignedIn) -> bool {
    can(Some(&s.actor), Action::ManageChannels, Target::Organisation)
}

/// Surveys: all of them with a form for a new one (communicators), or the
/// open ones asking one's own units.
async fn list(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    page(
        &state,
        &s,
        StatusCode::OK,
        context! {},
        &FieldErrors::default(),
    )
    .await
}

async fn page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let manage = manages(s);
    let surveys = state.store.surveys().await?;
    let mine: Vec<Value> = open_for(state, s, &surveys)
        .await?
        .into_iter()
        .map(|(survey, unit, _)| context! { survey => survey, unit => unit })
        .collect();
    let ctx = context! {
        manage => manage,
        surveys => if manage { surveys } else { Vec::new() },
        mine => mine,
        units => state.store.units().await?,
        values => values,
        errors => error_map(errors),
    };
    admin_page(state, s, status, "admin/surveys.html", "admin-surveys", ctx).await
}

/// Of `surveys`, the open ones asking a unit `s` works in or manages: the
/// survey, the unit, and whether the unit has answered.
pub(super) async fn open_for(
    state: &AppState,
    s: &SignedIn,
    surveys: &[Survey],
) -> AppResult<Vec<(Survey, lykta_store::Unit, bool)>> {
    let now = state.now();
    let mut mine = Vec::new();
    for survey in surveys {
        if !survey.is_open(now) {
            continue;
        }
        let units: Vec<lykta_store::Unit> = state
            .store
            .survey_units(survey.id)
            .await?
            .into_iter()
            .filter(|u| s.actor.unit == Some(u.id) || s.actor.manages.contains(&u.id))
            .collect();
        if units.is_empty() {
            continue;
        }
        let responses = state.store.survey_responses(survey.id).await?;
        for unit in units {
            let answered = responses.iter().any(|r| r.unit_id == unit.id);
            mine.push((survey.clone(), unit, answered));
        }
    }
    Ok(mine)
}

/// Ask the chosen units, and tell them by e-mail.
async fn create(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut errors = FieldErrors::default();
    let title = errors.check("title", required_text(f.get("title"), 200));
    let intro = errors.check("intro", required_multiline(f.get("intro"), 2000));
    // One checkbox per unit, named after it.
    let units: Vec<UnitId> = state
        .store
        .units()
        .await?
        .iter()
        .filter(|u| !f.get(&format!("unit-{}", u.id)).is_empty())
        .map(|u| u.id)
        .collect();
    let closes_on = match f.get("closes_on").trim() {
        "" => None,
        d => errors.check("closes_on", parse_date(d)),
    };
    let request = SurveyRequest {
        title,
        intro,
        closes_on,
        units: units.clone(),
        errors,
    };
    match state.app.create_survey(&s.actor, request).await {
        Ok(id) => Ok(see_other(&format!("/admin/surveys/{id}"))),
        Err(lykta_app::Error::Invalid(e)) => {
            let values = context! {
                ..Value::from_serialize(f.values()),
                ..context! { units => units }
            };
            page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, values, &e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Remind the units that have not answered (once a day at most).
async fn remind(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<SurveyId>,
) -> AppResult<Response> {
    let queued = state.app.remind_survey(&s.actor, id).await?;
    Ok(see_other(&format!("/admin/surveys/{id}?reminded={queued}")))
}

/// Every unit's answer next to its channels in the inventory.
#[derive(Deserialize)]
struct Reminded {
    reminded: Option<usize>,
}

async fn results(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<SurveyId>,
    Query(q): Query<Reminded>,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let survey = state.store.survey(id).await?;
    let responses = state.store.survey_responses(id).await?;
    let channels = state.store.channels(&[]).await?;
    let lang = super::staff::language(&state, &s).await?;
    let (people, managers) = (
        state.store.users().await?,
        state.store.unit_managers().await?,
    );
    let mut units = Vec::new();
    let mut by_service: Vec<(String, usize, [usize; 4])> = Vec::new();
    for unit in state.store.survey_units(id).await? {
        let response = responses.iter().find(|r| r.unit_id == unit.id);
        let theirs: Vec<&lykta_store::Channel> = channels
            .iter()
            .filter(|c| c.unit_id == Some(unit.id))
            .collect();
        let answers: Vec<Value> = response
            .map(|r| r.answers.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|a| {
                let platform = platform_named(&state.cat, &a.service);
                // A service they use that the inventory does not know of.
                let missing = a.result != SurveyResult::Poor
                    && platform.is_some_and(|p| {
                        p != Platform::Other && !theirs.iter().any(|c| c.platform == p)
                    });
                let key = platform
                    .map(|p| state.t(lang, &format!("platform-{}", p.as_str())))
                    .unwrap_or_else(|| a.service.trim().to_owned());
                let i = match by_service
                    .iter()
                    .position(|s| s.0.to_lowercase() == key.to_lowercase())
                {
                    Some(i) => i,
                    None => {
                        by_service.push((key, 0, [0; 4]));
                        by_service.len() - 1
                    }
                };
                by_service[i].1 += 1;
                let r = SurveyResult::ALL
                    .iter()
                    .position(|x| *x == a.result)
                    .unwrap_or(3);
                by_service[i].2[r] += 1;
                context! { a => a, missing => missing }
            })
            .collect();
        let nobody = asked_in(unit.id, &people, &managers).is_empty();
        units.push(context! {
            unit => unit, response => response, answers => answers, channels => theirs, nobody => nobody,
        });
    }
    by_service.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let summary: Vec<Value> = by_service
        .iter()
        .map(|(service, units, r)| context! { service => service, units => units, good => r[0], mixed => r[1], poor => r[2], unknown => r[3] })
        .collect();
    let ctx = context! {
        survey => survey, units => units, summary => summary,
        open => survey.is_open(state.now()), reminded => q.reminded,
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/survey.html",
        "admin-surveys",
        ctx,
    )
    .await
}

async fn close(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<SurveyId>,
) -> AppResult<Response> {
    state.app.close_survey(&s.actor, id).await?;
    Ok(see_other(&format!("/admin/surveys/{id}")))
}

#[derive(Deserialize)]
struct Saved {
    saved: Option<u8>,
}

async fn answer_form(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, unit)): Path<(SurveyId, UnitId)>,
    Query(q): Query<Saved>,
) -> AppResult<Response> {
    let (survey, unit) = state.app.survey_for_unit(&s.actor, id, unit).await?;
    let response = state
        .store
        .survey_responses(id)
        .await?
        .into_iter()
        .find(|r| r.unit_id == unit.id);
    let rows: Vec<Value> = response
        .as_ref()
        .map(|r| r.answers.iter().map(Value::from_serialize).collect())
        .unwrap_or_default();
    let version = response.as_ref().map(|r| r.version).unwrap_or(0);
    answer_page(
        &state,
        &s,
        StatusCode::OK,
        &survey,
        &unit,
        rows,
        version,
        &FieldErrors::default(),
        q.saved.map(|_| "survey-saved"),
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn answer_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    survey: &Survey,
    unit: &lykta_store::Unit,
    mut rows: Vec<Value>,
    version: i64,
    errors: &FieldErrors,
    notice: Option<&'static str>,
    conflict: Option<Value>,
) -> AppResult<Response> {
    let blank = BLANK_ROWS.min(MAX_ROWS.saturating_sub(rows.len()));
    rows.extend((0..blank).map(|_| context! { result => "unknown" }));
    let ctx = context! {
        survey => survey, unit => unit, rows => rows, version => version,
        errors => error_map(errors), notice => notice, conflict => conflict, open => survey.is_open(state.now()),
        results => SurveyResult::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        platforms => Platform::ALL.iter().filter(|p| **p != Platform::Other).map(|p| p.as_str()).collect::<Vec<_>>(),
    };
    admin_page(
        state,
        s,
        status,
        "admin/survey_answer.html",
        "admin-surveys",
        ctx,
    )
    .await
}

/// Read the rows of an answer: empty rows are left out; a row with
/// anything written needs the service. Errors are named `service-3` etc.
fn parse_rows(f: &Fields) -> Result<Vec<SurveyAnswer>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut answers = Vec::new();
    let count: usize = f
        .get("rows")
        .parse()
        .unwrap_or(0)
        .min(MAX_ROWS + BLANK_ROWS);
    for i in 0..count {
        let field = |name: &str| format!("{name}-{i}");
        let (service, used_for, comment) = (
            f.get(&field("service")),
            f.get(&field("used_for")),
            f.get(&field("comment")),
        );
        if [service, used_for, comment]
            .iter()
            .all(|v| v.trim().is_empty())
        {
            continue;
        }
        let service = e.check(&field("service"), required_text(service, 300));
        let used_for = e.check(&field("used_for"), optional_text(used_for, 300));
        let comment = e.check(&field("comment"), optional_text(comment, 1000));
        let result = e.check(
            &field("result"),
            SurveyResult::parse(f.get(&field("result"))),
        );
        if let (Some(service), Some(used_for), Some(comment), Some(result)) =
            (service, used_for, comment, result)
        {
            answers.push(SurveyAnswer {
                response_id: 0,
                service,
                used_for,
                result,
                comment,
            });
        }
    }
    if answers.len() > MAX_ROWS {
        e.add("rows", "error-survey-rows");
    }
    if e.is_empty() {
        Ok(answers)
    } else {
        Err(e)
    }
}

/// The rows as written, in their places (so errors stay at their rows),
/// to show again after an error.
fn submitted_rows(f: &Fields) -> Vec<Value> {
    let count: usize = f
        .get("rows")
        .parse()
        .unwrap_or(0)
        .min(MAX_ROWS + BLANK_ROWS);
    (0..count)
        .map(|i| {
            let v = |name: &str| f.get(&format!("{name}-{i}")).to_owned();
            context! { service => v("service"), used_for => v("used_for"), result => v("result"), comment => v("comment") }
        })
        .collect()
}

async fn answer(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, unit)): Path<(SurveyId, UnitId)>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let version: i64 = f
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-version"))?;
    let (status, errors, stale) = match parse_rows(&f) {
        Ok(answers) => {
            let saved = state
                .app
                .answer_survey(&s.actor, id, unit, version, &answers);
            match saved.await {
                Ok(()) => {
                    let to = format!("/admin/surveys/{id}/units/{unit}?saved=1");
                    return Ok(see_other(&to));
                }
                Err(lykta_app::Error::Stale { .. }) => {
                    (StatusCode::CONFLICT, FieldErrors::default(), true)
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e, false),
    };
    let (survey, unit) = state.app.survey_for_unit(&s.actor, id, unit).await?;
    let rows = submitted_rows(&f);
    // Someone in the unit saved in between: the person's rows stay, the
    // unit's answer as saved is shown beside them, and the form builds on it.
    let (version, notice, conflict) = if stale {
        let lang = crate::routes::staff::language(&state, &s).await?;
        let theirs = state
            .store
            .survey_responses(id)
            .await?
            .into_iter()
            .find(|r| r.unit_id == unit.id);
        let current = theirs.as_ref().map_or(0, |r| r.version);
        let text: Vec<String> = theirs
            .iter()
            .flat_map(|r| &r.answers)
            .map(|a| {
                let result = state.t(lang, &format!("survey-result-{}", a.result.as_str()));
                [a.service.as_str(), &a.used_for, &result, &a.comment]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" – ")
            })
            .collect();
        let text = text.join("\n");
        let conflict = crate::routes::forms::conflict(current, &[("survey-their-answer", &text)]);
        (current, Some("error-stale-survey"), Some(conflict))
    } else {
        (version, None, None)
    };
    answer_page(
        &state, &s, status, &survey, &unit, rows, version, &errors, notice, conflict,
    )
    .await
}
