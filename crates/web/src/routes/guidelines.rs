//! The social-media guidelines: every employee reads the version in force
//! (and earlier ones) and acknowledges it; the working group (communicators,
//! administrators) writes drafts, publishes them with a summary of what
//! changed — which asks everyone by e-mail to read it — and follows the
//! reach per unit, with a CSV per unit. Nothing here looks at anyone's
//! private accounts.

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
use lykta_app::guidelines::Acknowledgement;
use lykta_domain::quiz::parse_questions;
use lykta_domain::GuidelineState;
use lykta_domain::GuidelineVersionId;
use lykta_domain::UnitId;
use lykta_domain::{can, markdown_body, required_text, Action, FieldErrors, Target};
use lykta_store::{GuidelineText, GuidelineVersion};
use minijinja::{context, Value};
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/guidelines", get(overview).post(create))
        .route("/admin/guidelines/{id}", get(read))
        .route("/admin/guidelines/{id}/edit", get(edit).post(update))
        .route("/admin/guidelines/{id}/publish", post(publish))
        .route("/admin/guidelines/{id}/acknowledge", post(acknowledge))
        .route("/admin/guidelines/{id}/reach", get(reach))
        .route("/admin/guidelines/{id}/reach.csv", get(reach_csv))
}

/// May read the guidelines' drafts.
fn sees_drafts(s: &SignedIn) -> bool {
    can(
        Some(&s.actor),
        Action::SeeGuidelineDrafts,
        Target::Organisation,
    )
}

fn manages(s: &SignedIn) -> bool {
    can(
        Some(&s.actor),
        Action::ManageGuidelines,
        Target::Organisation,
    )
}

async fn overview(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let all = state.store.guideline_versions().await?;
    let manage = manages(&s);
    // Drafts are the working group's.
    let versions: Vec<&GuidelineVersion> = all
        .iter()
        .filter(|v| sees_drafts(&s) || v.state != GuidelineState::Draft)
        .collect();
    // Managers follow their own units through the version in force.
    let current = all
        .iter()
        .find(|v| v.state == GuidelineState::Published)
        .map(|v| v.id);
    let units = state.store.units().await?;
    let my_units: Vec<&lykta_store::Unit> = units
        .iter()
        .filter(|u| s.actor.manages.contains(&u.id))
        .collect();
    let ctx = context! { versions => versions, manage => manage, current => current, my_units => my_units };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/guidelines.html",
        "admin-guidelines",
        ctx,
    )
    .await
}

/// A version to read; opening the one in force counts as having read it.
async fn read(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
) -> AppResult<Response> {
    let v = state.app.read_guideline(&s.actor, id).await?;
    version_page(&state, &s, &v, StatusCode::OK, context! {}).await
}

/// A version's page; `quiz` carries the answers just given, if any.
async fn version_page(
    state: &AppState,
    s: &SignedIn,
    v: &GuidelineVersion,
    status: StatusCode,
    quiz: Value,
) -> AppResult<Response> {
    let acknowledged = state
        .store
        .guideline_acknowledged_at(v.id, s.user.id)
        .await?;
    let html = |md: &str| Value::from_safe_string(lykta_render::markdown::render_markdown(md).html);
    // Published questions were checked when they were saved.
    let questions = parse_questions(&v.questions).unwrap_or_default();
    let ctx = context! {
        v => v,
        questions => questions,
        quiz => quiz,
        everyone => html(&v.for_everyone),
        units => html(&v.for_units),
        private => html(&v.for_private),
        acknowledged_at => acknowledged,
        manage => manages(s),
    };
    admin_page(
        state,
        s,
        status,
        "admin/guideline.html",
        "admin-guidelines",
        ctx,
    )
    .await
}

/// A draft's fields, checked: title, the three sections and the questions.
struct Draft {
    title: String,
    everyone: String,
    units: String,
    private: String,
    questions: String,
}

/// Read a draft; on error, the field errors and which check question is
/// wrong (1-based), if it is one of them.
fn parse(f: &Fields) -> Result<Draft, (FieldErrors, Option<usize>)> {
    let mut e = FieldErrors::default();
    let title = e.check("title", required_text(f.get("title"), 200));
    let everyone = e.check("for_everyone", markdown_body(f.get("for_everyone")));
    let units = e.check("for_units", markdown_body(f.get("for_units")));
    let private = e.check("for_private", markdown_body(f.get("for_private")));
    let questions = f.get("questions").trim().to_owned();
    let mut quiz_problem = None;
    if let Err(q) = parse_questions(&questions) {
        e.add("questions", q.key);
        quiz_problem = Some(q.question);
    }
    match (title, everyone, units, private, e.is_empty()) {
        (Some(title), Some(everyone), Some(units), Some(private), true) => Ok(Draft {
            title,
            everyone,
            units,
            private,
            questions,
        }),
        _ => Err((e, quiz_problem)),
    }
}

/// What the draft form says above the fields.
enum Said<'a> {
    /// Field errors, and which check question is wrong (1-based) if one is.
    Invalid(&'a FieldErrors, Option<usize>),
    /// Someone else saved in between; the text shown is the person's own,
    /// theirs beside it.
    Stale(Value),
    /// What autosave kept of the person's typing: offered back, or put into
    /// the form (`notice`), beside the colleague's version when someone
    /// saved since.
    Kept(crate::routes::editor::Offer, Option<Value>),
}

async fn form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    id: GuidelineVersionId,
    values: Value,
    said: Said<'_>,
) -> AppResult<Response> {
    let none = FieldErrors::default();
    let mut offer = None;
    let (errors, quiz_problem, notice, conflict) = match said {
        Said::Invalid(e, quiz) => (e, quiz, None, None),
        Said::Stale(theirs) => (&none, None, Some("error-stale-guideline"), Some(theirs)),
        Said::Kept(kept, theirs) => {
            offer = kept.offer;
            (&none, None, kept.notice, theirs)
        }
    };
    let ctx = context! { id => id, values => values, errors => error_map(errors), quiz_problem => quiz_problem, notice => notice, conflict => conflict, offer => offer };
    admin_page(
        state,
        s,
        status,
        "admin/guideline_form.html",
        "admin-guidelines",
        ctx,
    )
    .await
}

/// A new draft: a copy of the version in force (or empty).
async fn create(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    let lang = state.organisation().await?.default_language;
    let title = state.cat.get(lang, "guidelines-first-title", &[]);
    let id = state.app.start_guideline_draft(&s.actor, &title).await?;
    Ok(see_other(&format!("/admin/guidelines/{id}/edit")))
}

/// The edit page's query: `restore=autosave` puts the person's kept text
/// into the form.
#[derive(Deserialize)]
struct Restore {
    restore: Option<String>,
}

async fn edit(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    Query(q): Query<Restore>,
) -> AppResult<Response> {
    require(&s, Action::ManageGuidelines, Target::Organisation)?;
    let v = state.store.guideline_version(id).await?;
    if v.state != GuidelineState::Draft {
        return Err(AppError::Conflict("error-guideline-published"));
    }
    let restore = q.restore.as_deref() == Some("autosave");
    let saved = Value::from_serialize(&v);
    let mut kept = crate::routes::editor::offer(&state, &s, id.into(), restore, saved).await?;
    let values = std::mem::replace(&mut kept.values, Value::from(()));
    let theirs = kept.stale.then(|| conflict_of(&v));
    form(
        &state,
        &s,
        StatusCode::OK,
        id,
        values,
        Said::Kept(kept, theirs),
    )
    .await
}

/// A colleague's version of a draft, to show beside the person's text.
fn conflict_of(theirs: &GuidelineVersion) -> Value {
    crate::routes::forms::conflict(
        theirs.version,
        &[
            ("title", &theirs.title),
            ("guideline-for-everyone", &theirs.for_everyone),
            ("guideline-for-units", &theirs.for_units),
            ("guideline-for-private", &theirs.for_private),
            ("guideline-questions", &theirs.questions),
        ],
    )
}

async fn update(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageGuidelines, Target::Organisation)?;
    let f = Fields::parse(&body);
    let version: i64 = f
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-version"))?;
    let values = || Value::from_serialize(f.values());
    let d = match parse(&f) {
        Ok(d) => d,
        Err((e, quiz)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return form(&state, &s, status, id, values(), Said::Invalid(&e, quiz)).await;
        }
    };
    let t = GuidelineText {
        title: &d.title,
        for_everyone: &d.everyone,
        for_units: &d.units,
        for_private: &d.private,
        questions: &d.questions,
    };
    match state
        .app
        .save_guideline_draft(&s.actor, id, version, &t)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/guidelines/{id}"))),
        Err(lykta_app::Error::Stale { current }) => {
            // The form keeps the person's text and builds on the colleague's
            // version, shown beside it.
            let theirs = state.store.guideline_version(id).await?;
            let values = context! { ..context! { version => current }, ..values() };
            let said = Said::Stale(conflict_of(&theirs));
            form(&state, &s, StatusCode::CONFLICT, id, values, said).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Publish a draft with a summary of what changed, and ask every active
/// person by e-mail to read and acknowledge it.
async fn publish(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    match state
        .app
        .publish_guideline(&s.actor, id, f.get("summary"))
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/guidelines/{id}"))),
        Err(lykta_app::Error::Invalid(_)) => Err(AppError::BadRequest("error-guideline-summary")),
        Err(e) => Err(e.into()),
    }
}

/// Acknowledge the version in force, answering its check questions if it
/// has any: every answer is kept (the working group sees which questions
/// people get wrong); a wrong or missing answer shows which, and the person
/// reads again and answers again.
async fn acknowledge(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    // The answer chosen for each question, as the form numbers them.
    let chosen: Vec<Option<usize>> = (0..lykta_domain::quiz::MAX_QUESTIONS)
        .map(|i| f.get(&format!("q{i}")).parse().ok())
        .collect();
    match state
        .app
        .acknowledge_guideline(&s.actor, id, &chosen)
        .await?
    {
        Acknowledgement::Acknowledged => {
            Ok(see_other(&format!("/admin/guidelines/{id}#acknowledge")))
        }
        Acknowledgement::ReadAgain {
            chosen,
            right,
            missing,
        } => {
            let v = state.store.guideline_version(id).await?;
            let quiz = context! { chosen => chosen, right => right, missing => missing };
            version_page(&state, &s, &v, StatusCode::UNPROCESSABLE_ENTITY, quiz).await
        }
    }
}

#[derive(Deserialize)]
struct UnitQuery {
    unit: Option<UnitId>,
}

/// A version and the people whose standing `s` may see: one unit's (its
/// managers and the working group), or everyone's (the working group).
async fn reach_of(
    state: &AppState,
    s: &SignedIn,
    version_id: GuidelineVersionId,
    unit: Option<UnitId>,
) -> AppResult<(GuidelineVersion, Vec<lykta_store::Reach>)> {
    match unit {
        Some(id) => require(s, Action::SeeUnitReach, Target::Unit { id })?,
        None => require(s, Action::ManageGuidelines, Target::Organisation)?,
    }
    let v = state.store.guideline_version(version_id).await?;
    if v.state == GuidelineState::Draft && !sees_drafts(s) {
        return Err(AppError::NotFound(None));
    }
    let people = state
        .store
        .guideline_reach(version_id)
        .await?
        .into_iter()
        .filter(|p| unit.is_none() || p.unit_id == unit)
        .collect();
    Ok((v, people))
}

/// Who has read and acknowledged a version, per unit and overall (or for
/// one unit, by name).
async fn reach(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    Query(q): Query<UnitQuery>,
) -> AppResult<Response> {
    let (v, people) = reach_of(&state, &s, id, q.unit).await?;
    let mut units: Vec<(Option<UnitId>, String, usize, usize, usize)> = Vec::new();
    for p in &people {
        let name = p.unit_name.clone().unwrap_or_default();
        let i = match units.iter().position(|u| u.0 == p.unit_id) {
            Some(i) => i,
            None => {
                units.push((p.unit_id, name, 0, 0, 0));
                units.len() - 1
            }
        };
        units[i].2 += 1;
        units[i].3 += usize::from(p.read_at.is_some());
        units[i].4 += usize::from(p.acknowledged_at.is_some());
    }
    let total = (
        people.len(),
        people.iter().filter(|p| p.read_at.is_some()).count(),
        people
            .iter()
            .filter(|p| p.acknowledged_at.is_some())
            .count(),
    );
    let rows: Vec<Value> = units
        .iter()
        .map(|(id, name, n, read, acked)| context! { unit_id => id, name => name, people => n, read => read, acknowledged => acked, not_yet => n - acked })
        .collect();
    let stats = if manages(&s) {
        state.store.guideline_question_stats(v.id).await?
    } else {
        Vec::new()
    };
    let questions = parse_questions(&v.questions).unwrap_or_default();
    let ctx = context! {
        questions => questions, stats => stats,
        v => v, units => rows, people => people, unit => q.unit,
        manage => manages(&s),
        total => context! { people => total.0, read => total.1, acknowledged => total.2, not_yet => total.0 - total.2 },
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/guideline_reach.html",
        "admin-guidelines",
        ctx,
    )
    .await
}

/// One unit's people (or everyone's) and where they stand, as CSV.
async fn reach_csv(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<GuidelineVersionId>,
    Query(q): Query<UnitQuery>,
) -> AppResult<Response> {
    let (v, people) = reach_of(&state, &s, id, q.unit).await?;
    let iso = |t: Option<i64>| {
        t.map(|t| lykta_domain::Timestamp(t).rfc3339())
            .unwrap_or_default()
    };
    let header = ["name", "email", "unit", "read_at", "acknowledged_at"].map(String::from);
    let rows = std::iter::once(header.to_vec()).chain(people.into_iter().map(|p| {
        vec![
            p.name,
            p.email,
            p.unit_name.unwrap_or_default(),
            iso(p.read_at),
            iso(p.acknowledged_at),
        ]
    }));
    let format = super::CsvFormat {
        delimiter: b',',
        bom: false,
    };
    super::csv_download(&format!("riktlinjer-v{}.csv", v.number), format, rows)
}
