//! The registrar's work with the public record: search it to answer a
//! request for public documents (text, dates, kind, person), put entries on
//! hold so no disposal rule touches them, and handle a person's request
//! about their comments (list them; show them under a pseudonym).

use super::forms::Fields;
use super::staff::{admin_page, require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::Staff;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use lykta_app::record::Hold;
use lykta_domain::BlogId;
use lykta_domain::{
    iso_date, parse_date, stockholm_date, stockholm_instant, Action, Email, Target,
};
use lykta_store::RecordQuery;
use minijinja::context;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/record", get(search))
        .route("/admin/record/{id}/hold", post(hold))
        .route("/admin/record/person", get(person).post(pseudonymise))
}

/// Kinds of entries, for the search form.
const KINDS: &[&str] = &[
    "post-published",
    "post-unpublished",
    "comment-received",
    "comment-decision",
    "page-published",
    "page-unpublished",
    "sender-banned",
    "incident-reported",
    "incident-closed",
    "pseudonymised",
    "disposal",
];

#[derive(Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
    kind: Option<String>,
    person: Option<String>,
    blog: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    require(&s, Action::ManageRecord, Target::Organisation)?;
    let today = stockholm_date(state.now());
    let date = |v: &Option<String>, default: time::Date| match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(d) => parse_date(d).map_err(|e| AppError::BadRequest(e.key)),
    };
    let from = date(&q.from, today - time::Duration::days(365))?;
    let to = date(&q.to, today)?;
    let kind = q
        .kind
        .as_deref()
        .filter(|k| KINDS.contains(k))
        .unwrap_or("");
    let text = q.q.as_deref().unwrap_or("");
    let person = q.person.as_deref().unwrap_or("").trim();
    let blog_id = q.blog.as_deref().and_then(|b| b.parse::<BlogId>().ok());
    let entries = state
        .store
        .search_record(&RecordQuery {
            text,
            kind,
            person,
            blog_id,
            from: stockholm_instant(from, 0, 0),
            to: stockholm_instant(to.next_day().unwrap_or(to), 0, 0) - 1,
        })
        .await?;
    let ctx = context! {
        entries => entries,
        kinds => KINDS,
        blogs => state.store.all_blogs().await?,
        filter => context! { q => text, kind => kind, person => person, blog => blog_id, from => iso_date(from), to => iso_date(to) },
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/record.html",
        "admin-record",
        ctx,
    )
    .await
}

async fn hold(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let hold = match f.get("release") {
        "1" => Hold::Release,
        _ => Hold::Keep(f.get("reason")),
    };
    state.app.hold_record(&s.actor, id, hold).await?;
    Ok(see_other(&format!("/admin/record?q=&kind=#entry-{id}")))
}

#[derive(Deserialize, Default)]
struct PersonQuery {
    email: Option<String>,
    done: Option<u64>,
}

async fn person(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<PersonQuery>,
) -> AppResult<Response> {
    require(&s, Action::ManageRecord, Target::Organisation)?;
    let email = q.email.as_deref().unwrap_or("").trim();
    let comments = if email.is_empty() {
        Vec::new()
    } else {
        let email = Email::parse(email).map_err(|e| AppError::BadRequest(e.key))?;
        state.store.comments_by_email(email.as_str()).await?
    };
    let ctx = context! { email => email, comments => comments, done => q.done };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/record_person.html",
        "admin-record-person",
        ctx,
    )
    .await
}

/// The name readers see instead of a pseudonymised person's.
pub const PSEUDONYM: &str = "Anonym";

async fn pseudonymise(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageRecord, Target::Organisation)?;
    let f = Fields::parse(&body);
    let email = Email::parse(f.get("email")).map_err(|e| AppError::BadRequest(e.key))?;
    let n = state
        .store
        .pseudonymise(email.as_str(), PSEUDONYM, s.user.id, state.now())
        .await?;
    Ok(see_other(&format!(
        "/admin/record/person?email={}&done={n}",
        url::form_urlencoded::byte_serialize(email.as_str().as_bytes()).collect::<String>()
    )))
}
