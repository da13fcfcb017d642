//! Scenario playbooks and incidents. Every employee reads the playbooks and
//! reports incidents (their own reports are theirs to follow); the
//! communications team keeps the playbooks (every save kept) and handles
//! incidents with the playbook's steps as a checklist, a log and closing
//! notes.

use super::forms::{error_map, Fields};
use super::staff::{admin_page, require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lykta_app::incidents::{IncidentReport, Reported};
use lykta_domain::{
    can, optional_text, required_multiline, required_text, Action, FieldErrors, Target,
};
use lykta_domain::{IncidentFileId, IncidentStatus};
use lykta_domain::{IncidentId, ScenarioId};
use lykta_store::ScenarioInput;
use minijinja::{context, Value};

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/scenarios", get(scenarios).post(create_scenario))
        .route("/admin/scenarios/{id}", get(scenario).post(update_scenario))
        .route("/admin/incidents", get(incidents).post(report))
        .route("/admin/incidents/new", get(new_incident))
        .route("/admin/incidents/{id}", get(incident))
        .route("/admin/incidents/{id}/log", post(log))
        .route("/admin/incidents/{id}/close", post(close))
        .route(
            "/admin/incidents/{id}/files",
            post(add_file).layer(DefaultBodyLimit::max(
                super::media::MAX_UPLOAD_BYTES + 64 * 1024,
            )),
        )
        .route("/admin/incidents/{id}/files/{file}", get(file))
}

fn handles(s: &SignedIn) -> bool {
    can(
        Some(&s.actor),
        Action::HandleIncidents,
        Target::Organisation,
    )
}

async fn scenarios(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let ctx = context! { scenarios => state.store.scenarios().await?, manage => handles(&s), values => context! {}, errors => error_map(&FieldErrors::default()) };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/scenarios.html",
        "admin-scenarios",
        ctx,
    )
    .await
}

fn parse_scenario(f: &Fields) -> Result<[String; 6], FieldErrors> {
    let mut e = FieldErrors::default();
    let title = e.check("title", required_text(f.get("title"), 200));
    let mut text = |field: &str, required: bool| {
        let r = if required {
            required_multiline(f.get(field), 10_000)
        } else {
            optional_text(f.get(field), 10_000)
        };
        e.check(field, r)
    };
    let (triggers, steps, contacts, templates, advice) = (
        text("triggers", false),
        text("steps", true),
        text("contacts", false),
        text("templates", false),
        text("advice", false),
    );
    match (
        title,
        triggers,
        steps,
        contacts,
        templates,
        advice,
        e.is_empty(),
    ) {
        (Some(a), Some(b), Some(c), Some(d), Some(x), Some(y), true) => Ok([a, b, c, d, x, y]),
        _ => Err(e),
    }
}

async fn create_scenario(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::HandleIncidents, Target::Organisation)?;
    let f = Fields::parse(&body);
    match parse_scenario(&f) {
        Ok([title, triggers, steps, contacts, templates, advice]) => {
            let input = ScenarioInput {
                title: &title,
                triggers: &triggers,
                steps: &steps,
                contacts: &contacts,
                templates: &templates,
                advice: &advice,
            };
            let id = state.app.create_scenario(&s.actor, &input).await?;
            Ok(see_other(&format!("/admin/scenarios/{id}")))
        }
        Err(e) => {
            let ctx = context! { scenarios => state.store.scenarios().await?, manage => true, values => Value::from_serialize(f.values()), errors => error_map(&e) };
            admin_page(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin/scenarios.html",
                "admin-scenarios",
                ctx,
            )
            .await
        }
    }
}

/// A playbook's page; for those who keep playbooks, its form with `values`
/// (the playbook as saved when None) and what the page says above it:
/// `notice`, and in `said` the colleague's version (`conflict`) or kept
/// text to `offer` back.
#[allow(clippy::too_many_arguments)]
async fn scenario_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    sc: &lykta_store::Scenario,
    values: Option<Value>,
    errors: &FieldErrors,
    notice: Option<&'static str>,
    said: Value,
) -> AppResult<Response> {
    let md = |t: &str| Value::from_safe_string(lykta_render::markdown::render_markdown(t).html);
    let ctx = context! {
        sc => sc,
        steps => sc.step_list(),
        templates_html => md(&sc.templates),
        contacts_html => md(&sc.contacts),
        triggers_html => md(&sc.triggers),
        versions => state.store.scenario_revision_count(sc.id).await?,
        manage => handles(s),
        values => values.unwrap_or_else(|| Value::from_serialize(sc)),
        errors => error_map(errors),
        notice => notice,
        ..said
    };
    admin_page(
        state,
        s,
        status,
        "admin/scenario.html",
        "admin-scenarios",
        ctx,
    )
    .await
}

/// A colleague's version of a playbook, to show beside the person's text.
fn conflict_of(theirs: &lykta_store::Scenario) -> Value {
    crate::routes::forms::conflict(
        theirs.version,
        &[
            ("title", &theirs.title),
            ("scenario-triggers", &theirs.triggers),
            ("scenario-steps", &theirs.steps),
            ("scenario-contacts", &theirs.contacts),
            ("scenario-templates", &theirs.templates),
            ("scenario-advice", &theirs.advice),
        ],
    )
}

/// The playbook page's query: `restore=autosave` puts the person's kept
/// text into the form.
#[derive(serde::Deserialize)]
struct Restore {
    restore: Option<String>,
}

async fn scenario(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ScenarioId>,
    Query(q): Query<Restore>,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let sc = state.store.scenario(id).await?;
    let none = FieldErrors::default();
    if !handles(&s) {
        let said = context! {};
        return scenario_page(&state, &s, StatusCode::OK, &sc, None, &none, None, said).await;
    }
    let restore = q.restore.as_deref() == Some("autosave");
    let saved = Value::from_serialize(&sc);
    let kept = crate::routes::editor::offer(&state, &s, id.into(), restore, saved).await?;
    let said = context! { offer => kept.offer, conflict => kept.stale.then(|| conflict_of(&sc)) };
    let values = Some(kept.values);
    scenario_page(
        &state,
        &s,
        StatusCode::OK,
        &sc,
        values,
        &none,
        kept.notice,
        said,
    )
    .await
}

async fn update_scenario(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ScenarioId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::HandleIncidents, Target::Organisation)?;
    let f = Fields::parse(&body);
    let version: i64 = f
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-version"))?;
    let typed = Some(Value::from_serialize(f.values()));
    let none = FieldErrors::default();
    match parse_scenario(&f) {
        Ok([title, triggers, steps, contacts, templates, advice]) => {
            let input = ScenarioInput {
                title: &title,
                triggers: &triggers,
                steps: &steps,
                contacts: &contacts,
                templates: &templates,
                advice: &advice,
            };
            match state
                .app
                .update_scenario(&s.actor, id, version, &input)
                .await
            {
                Ok(()) => Ok(see_other(&format!("/admin/scenarios/{id}"))),
                Err(lykta_app::Error::Stale { current }) => {
                    // The colleague's version beside the person's text; the
                    // form now builds on that version.
                    let sc = state.store.scenario(id).await?;
                    let values = context! { ..context! { version => current }, ..Value::from_serialize(f.values()) };
                    let said = context! { conflict => conflict_of(&sc) };
                    let (status, notice) = (StatusCode::CONFLICT, Some("error-stale-scenario"));
                    scenario_page(&state, &s, status, &sc, Some(values), &none, notice, said).await
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => {
            let sc = state.store.scenario(id).await?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            scenario_page(&state, &s, status, &sc, typed, &e, None, context! {}).await
        }
    }
}

/// The incident list's filter, kept in the address (`?open=1`).
#[derive(serde::Deserialize)]
struct IncidentFilter {
    #[serde(default)]
    open: Option<String>,
}

async fn incidents(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<IncidentFilter>,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    // The team sees every incident; everyone else their own reports.
    let reporter = if handles(&s) { None } else { Some(s.user.id) };
    let open_only = q.open.as_deref() == Some("1");
    let list: Vec<_> = state
        .store
        .incidents(reporter)
        .await?
        .into_iter()
        .filter(|i| !open_only || i.status != IncidentStatus::Closed)
        .collect();
    let ctx = context! { incidents => list, manage => handles(&s), open_only => open_only };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/incidents.html",
        "admin-incidents",
        ctx,
    )
    .await
}

async fn incident_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
    warn_name: bool,
) -> AppResult<Response> {
    let ctx = context! { scenarios => state.store.scenarios().await?, values => values, errors => error_map(errors), warn_name => warn_name };
    admin_page(
        state,
        s,
        status,
        "admin/incident_form.html",
        "admin-incidents",
        ctx,
    )
    .await
}

async fn new_incident(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    incident_form(
        &state,
        &s,
        StatusCode::OK,
        context! {},
        &FieldErrors::default(),
        false,
    )
    .await
}

async fn report(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let scenario = match f.get("scenario_id").trim() {
        "" | "other" => None,
        v => Some(v.parse::<ScenarioId>().unwrap_or(ScenarioId::new(-1))),
    };
    let report = IncidentReport {
        scenario,
        title: f.get("title"),
        description: f.get("description"),
        links: f.get("links"),
        hide_name: f.get("hide_name") == "1",
        sensitive: f.get("sensitive") == "1",
        confirmed: f.get("confirmed") == "1",
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let (status, errors, names_reporter) = match state
        .app
        .report_incident(&s.actor, &s.user.name, &report)
        .await
    {
        Ok(Reported::Reported(id)) => {
            return Ok(see_other(&format!("/admin/incidents/{id}?received=1")))
        }
        Ok(Reported::NamesReporter) => (unprocessable, FieldErrors::default(), true),
        Err(lykta_app::Error::Invalid(e)) => (unprocessable, e, false),
        Err(lykta_app::Error::TooManyRequests) => {
            let mut e = FieldErrors::default();
            e.add("description", "error-incident-too-many");
            (StatusCode::TOO_MANY_REQUESTS, e, false)
        }
        Err(e) => return Err(e.into()),
    };
    incident_form(
        &state,
        &s,
        status,
        Value::from_serialize(f.values()),
        &errors,
        names_reporter,
    )
    .await
}

/// `?received=1`: the page right after the report, as its receipt.
#[derive(serde::Deserialize)]
struct Received {
    received: Option<String>,
}

async fn incident(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<IncidentId>,
    Query(q): Query<Received>,
) -> AppResult<Response> {
    let received = q.received.as_deref() == Some("1");
    let none = FieldErrors::default();
    incident_page(&state, &s, id, StatusCode::OK, "", &none, received).await
}

async fn incident_page(
    state: &AppState,
    s: &SignedIn,
    id: IncidentId,
    status: StatusCode,
    description: &str,
    errors: &FieldErrors,
    received: bool,
) -> AppResult<Response> {
    let i = state.app.incident_for(&s.actor, id).await?;
    let manage = handles(s);
    // The reporter's receipt: what happens next and, while the incident is
    // open, the advice (the playbook's, or the general emergency advice).
    let receipt = match i.reporter_id == s.user.id && i.status != IncidentStatus::Closed {
        true => Some(context! {
            received => received,
            advice => state.app.receipt_advice(&i).await?,
        }),
        false => None,
    };
    let log = state.store.incident_log(id).await?;
    let steps: Vec<Value> = match i.scenario_id {
        Some(sc) => {
            let sc = state.store.scenario(sc).await?;
            sc.step_list()
                .iter()
                .enumerate()
                .map(|(n, text)| {
                    let done = log.iter().find(|l| l.step == Some(n as i64));
                    context! { n => n, text => text, done => done }
                })
                .collect()
        }
        None => Vec::new(),
    };
    let files = state.store.incident_files(id).await?;
    let ctx = context! {
        i => &i, log => &log, steps => steps, manage => manage, files => files,
        files_full => files.len() as i64 >= lykta_store::MAX_INCIDENT_FILES,
        values => context! { description => description }, errors => error_map(errors),
        receipt => receipt,
    };
    admin_page(
        state,
        s,
        status,
        "admin/incident.html",
        "admin-incidents",
        ctx,
    )
    .await
}

async fn log(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<IncidentId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let step = match f.get("step").trim() {
        "" => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-action"))?,
        ),
    };
    state
        .app
        .log_incident(&s.actor, id, step, f.get("entry"))
        .await?;
    Ok(see_other(&format!("/admin/incidents/{id}")))
}

async fn close(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<IncidentId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    state
        .app
        .close_incident(&s.actor, id, f.get("notes"))
        .await?;
    Ok(see_other(&format!("/admin/incidents/{id}")))
}

/// Add a screenshot (the reporter or the team, while the incident is
/// open). It is re-encoded, so no metadata survives, and kept in the
/// private folder.
async fn add_file(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<IncidentId>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    state.app.incident_for(&s.actor, id).await?;
    let up = match super::media::read_image_upload(&mut multipart, "description").await? {
        Ok(up) => up,
        Err((status, text, e)) => {
            return incident_page(&state, &s, id, status, &text, &e, false).await
        }
    };
    match state
        .app
        .attach_screenshot(id, up.bytes, &up.text, s.user.id)
        .await?
    {
        Ok(_) => Ok(see_other(&format!("/admin/incidents/{id}#files"))),
        Err(err) => {
            let (status, key) = super::media::refusal(&err);
            let mut e = FieldErrors::default();
            e.add("file", key);
            incident_page(&state, &s, id, status, &up.text, &e, false).await
        }
    }
}

/// A screenshot, to those who may read the incident; never cached.
async fn file(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, file)): Path<(IncidentId, IncidentFileId)>,
) -> AppResult<Response> {
    state.app.incident_for(&s.actor, id).await?;
    let f = state
        .store
        .incident_files(id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound(None))?;
    let path = state
        .settings
        .private_dir()
        .join("incidents")
        .join(&f.file_name);
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    Ok(super::private(
        ([(header::CONTENT_TYPE, f.mime)], bytes).into_response(),
    ))
}
