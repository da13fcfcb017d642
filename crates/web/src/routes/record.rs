//! The registrar's work with the public record: search it to answer a
//! request for public documents (text, dates, kind, person, blog), read each
//! entry as fields in words (a comment as received shows its outcome: state,
//! who decided, the reason), print a result as a document (`?print=1`),
//! export it as the e-archive package (recorded), put entries on hold so no
//! disposal rule touches them, and handle a person's request about their
//! comments (list them; show them under a pseudonym).

use super::forms::Fields;
use super::private;
use super::staff::{admin_page, require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::Staff;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lykta_app::archive::{PackageInfo, Selection};
use lykta_app::comments::REASONS;
use lykta_app::record::Hold;
use lykta_domain::{
    iso_date, parse_date, stockholm_date, stockholm_instant, Action, Email, Target,
};
use lykta_domain::{BlogId, CommentId, UserId};
use lykta_store::{Blog, RecordQuery};
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/record", get(search))
        .route("/admin/record/export", post(export))
        .route("/admin/record/{id}/hold", post(hold))
        .route("/admin/record/person", get(person).post(pseudonymise))
}

/// Kinds of entries, for the search form.
const KINDS: &[&str] = &[
    "post-published",
    "post-unpublished",
    "comment-received",
    "comment-decision",
    "comment-platform",
    "page-published",
    "page-unpublished",
    "sender-banned",
    "incident-reported",
    "incident-closed",
    "pseudonymised",
    "record-exported",
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
    /// `1`: the result as a document to print.
    print: Option<String>,
}

impl SearchQuery {
    /// The search as the export form sends it back.
    fn from_form(f: &Fields) -> SearchQuery {
        let v = |k: &str| Some(f.get(k).to_owned());
        SearchQuery {
            q: v("q"),
            kind: v("kind"),
            person: v("person"),
            blog: v("blog"),
            from: v("from"),
            to: v("to"),
            print: None,
        }
    }
}

/// A search, parsed: what the store is asked, and the days as written.
struct Search {
    text: String,
    kind: &'static str,
    person: String,
    blog: Option<Blog>,
    from: time::Date,
    to: time::Date,
}

impl Search {
    /// The search in `q`; `blogs`: every blog, to find the one it names.
    fn parse(state: &AppState, q: &SearchQuery, blogs: &[Blog]) -> AppResult<Search> {
        let today = stockholm_date(state.now());
        let date = |v: &Option<String>, default: time::Date| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(default),
            Some(d) => parse_date(d).map_err(|e| AppError::BadRequest(e.key)),
        };
        let blog_id = q
            .blog
            .as_deref()
            .and_then(|b| b.trim().parse::<BlogId>().ok());
        let blog = blog_id.and_then(|id| blogs.iter().find(|b| b.id == id).cloned());
        Ok(Search {
            text: q.q.as_deref().unwrap_or("").trim().to_owned(),
            kind: KINDS
                .iter()
                .find(|k| q.kind.as_deref() == Some(**k))
                .copied()
                .unwrap_or(""),
            person: q.person.as_deref().unwrap_or("").trim().to_owned(),
            blog,
            from: date(&q.from, today - time::Duration::days(365))?,
            to: date(&q.to, today)?,
        })
    }

    fn query(&self) -> RecordQuery<'_> {
        RecordQuery {
            text: &self.text,
            kind: self.kind,
            person: &self.person,
            blog_id: self.blog.as_ref().map(|b| b.id),
            from: stockholm_instant(self.from, 0, 0),
            to: stockholm_instant(self.to.next_day().unwrap_or(self.to), 0, 0) - 1,
            ids: None,
        }
    }

    /// The search as the address and the forms carry it.
    fn context(&self) -> minijinja::Value {
        let (from, to) = (iso_date(self.from), iso_date(self.to));
        let mut qs = url::form_urlencoded::Serializer::new(String::new());
        qs.append_pair("q", &self.text)
            .append_pair("kind", self.kind)
            .append_pair("person", &self.person)
            .append_pair(
                "blog",
                &self
                    .blog
                    .as_ref()
                    .map(|b| b.id.to_string())
                    .unwrap_or_default(),
            )
            .append_pair("from", &from)
            .append_pair("to", &to);
        context! {
            q => self.text, kind => self.kind, person => self.person,
            blog => self.blog.as_ref().map(|b| b.id), blog_name => self.blog.as_ref().map(|b| &b.name),
            from => from, to => to, address => qs.finish(),
        }
    }
}

async fn search(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    require(&s, Action::ManageRecord, Target::Organisation)?;
    let blogs = state.store.all_blogs().await?;
    let search = Search::parse(&state, &q, &blogs)?;
    let entries = state.app.find_record(&s.actor, &search.query()).await?;
    let views = readable(&state, &entries, &blogs).await?;
    let print = q.print.as_deref() == Some("1");
    let ctx = context! {
        entries => views,
        kinds => KINDS,
        blogs => blogs,
        filter => search.context(),
        printed_at => state.now(),
        printed_by => &s.user.name,
    };
    let template = if print {
        "admin/record_print.html"
    } else {
        "admin/record.html"
    };
    admin_page(&state, &s, StatusCode::OK, template, "admin-record", ctx).await
}

/// "Export this selection": what the search finds, as the same package
/// `lykta archive export` writes (a tar file with the manifest), recorded.
async fn export(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageRecord, Target::Organisation)?;
    let blogs = state.store.all_blogs().await?;
    let search = Search::parse(
        &state,
        &SearchQuery::from_form(&Fields::parse(&body)),
        &blogs,
    )?;
    let org = state.organisation().await?;
    let selection = Selection {
        text: search.text.clone(),
        kind: search.kind.to_owned(),
        person: search.person.clone(),
        blog: search.blog.as_ref().map(|b| b.name.clone()),
    };
    let (from, to) = (iso_date(search.from), iso_date(search.to));
    let info = PackageInfo {
        organisation: &org.name,
        from: &from,
        to: &to,
        selection: Some(&selection),
    };
    let download = state
        .app
        .export_record(&s.actor, &search.query(), &info)
        .await?;
    let disposition = format!("attachment; filename=\"{}\"", download.file_name);
    let mut res = download.bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-tar"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(private(res))
}

/// How a payload field reads (see [`FIELDS`]).
#[derive(Clone, Copy)]
enum How {
    Text,
    /// Long text that wraps and keeps its lines.
    Long,
    /// A comment state, in words.
    State,
    /// A moderation reason, in words.
    Reason,
    /// A time (Unix seconds), in local time.
    Time,
    /// A blog, by its name.
    Blog,
    /// Shown, as "yes", only when true.
    Flag,
    /// What a search chose, its parts joined.
    Selection,
    /// References the entry's other fields already show.
    Skip,
}

/// The payload's fields in the order people read them, with their labels.
const FIELDS: &[(&str, &str, How)] = &[
    ("title", "record-field-title", How::Text),
    ("author_name", "record-field-sender", How::Text),
    ("author_email", "record-field-email", How::Text),
    ("blog_id", "blog", How::Blog),
    ("version", "record-field-version", How::Text),
    ("state", "record-field-state", How::State),
    ("reason", "record-field-reason", How::Reason),
    ("note", "record-field-note", How::Long),
    ("until", "record-field-until", How::Time),
    ("is_answer", "record-field-answer", How::Flag),
    ("sensitive", "record-field-sensitive", How::Flag),
    ("comments", "record-field-comments", How::Text),
    ("pseudonym", "record-field-pseudonym", How::Text),
    ("rule", "record-field-rule", How::Text),
    ("entries", "record-field-entries", How::Text),
    ("before", "record-field-before", How::Time),
    ("from", "record-from", How::Text),
    ("to", "record-to", How::Text),
    ("selection", "record-field-selection", How::Selection),
    ("manifest_sha256", "record-field-checksum", How::Text),
    ("excerpt", "record-field-excerpt", How::Long),
    ("description", "record-field-description", How::Long),
    ("links", "record-field-links", How::Long),
    ("notes", "record-field-notes", How::Long),
    ("body", "record-field-text", How::Long),
    ("post_id", "", How::Skip),
    ("parent_id", "", How::Skip),
    ("user_id", "", How::Skip),
    ("slug", "", How::Skip),
    ("scenario_id", "", How::Skip),
    ("reporter", "", How::Skip),
    ("format", "", How::Skip),
];

/// One field of an entry: its label (a message key) and its value as
/// text, as a message key (`words`), or as a time.
#[derive(Serialize, Default)]
struct Field {
    label: String,
    text: Option<String>,
    words: Option<String>,
    at: Option<i64>,
    long: bool,
}

/// Where a comment stands now, shown on the row of the comment as received.
#[derive(Serialize)]
struct Outcome {
    state: &'static str,
    by: Option<String>,
    at: Option<i64>,
    reason: String,
    note: String,
}

/// An entry as the registrar reads it.
#[derive(Serialize)]
struct EntryView<'a> {
    e: &'a lykta_store::record::RecordEntry,
    /// The person who did it (None: a reader, or Lykta itself).
    who: Option<String>,
    /// What it is about: the post (and blog) of a comment.
    about: Option<String>,
    fields: Vec<Field>,
    outcome: Option<Outcome>,
}

/// The entries as readable fields, each comment as received with its outcome.
async fn readable<'a>(
    state: &AppState,
    entries: &'a [lykta_store::record::RecordEntry],
    blogs: &[Blog],
) -> AppResult<Vec<EntryView<'a>>> {
    let users: HashMap<UserId, String> = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let blogs: HashMap<BlogId, String> = blogs.iter().map(|b| (b.id, b.name.clone())).collect();
    let comment_ids: Vec<CommentId> = entries
        .iter()
        .filter(|e| e.kind.starts_with("comment-") || e.kind == "sender-banned")
        .map(|e| CommentId::new(e.ref_id))
        .collect();
    let comments: HashMap<CommentId, lykta_store::Comment> = state
        .store
        .comments_by_ids(&comment_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(entries
        .iter()
        .map(|e| {
            let payload: serde_json::Map<String, serde_json::Value> = e
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .unwrap_or_default();
            let comment = (e.kind.starts_with("comment-") || e.kind == "sender-banned")
                .then(|| comments.get(&CommentId::new(e.ref_id)))
                .flatten();
            let mut fields: Vec<Field> = FIELDS
                .iter()
                .filter_map(|(key, label, how)| {
                    let v = payload.get(*key)?;
                    // A comment as received: its text and state then (the outcome is now).
                    let label = match (*key, e.kind.as_str()) {
                        ("body", "comment-received") => "record-field-received-text",
                        ("state", "comment-received") => "record-field-received-state",
                        _ => label,
                    };
                    field(label, *how, v, &blogs)
                })
                .collect();
            // Anything else the payload holds, as it is.
            fields.extend(
                payload
                    .iter()
                    .filter(|(k, _)| !FIELDS.iter().any(|(f, _, _)| f == k))
                    .map(|(k, v)| Field {
                        label: "record-field-other".into(),
                        text: Some(format!("{k}: {}", plain(v))),
                        ..Field::default()
                    }),
            );
            EntryView {
                e,
                who: e.actor.and_then(|a| users.get(&a).cloned()),
                about: comment.map(|c| format!("{} ({})", c.post_title, c.blog_name)),
                fields,
                outcome: comment
                    .filter(|_| e.kind == "comment-received")
                    .map(|c| Outcome {
                        state: c.state.as_str(),
                        by: c.decided_by_name.clone(),
                        at: c.decided_at,
                        reason: c.reason.clone(),
                        note: c.moderator_note.clone(),
                    }),
            }
        })
        .collect())
}

/// A JSON value as plain text.
fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One payload value as a field, or None when there is nothing to show.
fn field(
    label: &str,
    how: How,
    v: &serde_json::Value,
    blogs: &HashMap<BlogId, String>,
) -> Option<Field> {
    let text = plain(v);
    let f = Field {
        label: label.to_owned(),
        ..Field::default()
    };
    match how {
        How::Skip => None,
        _ if v.is_null() || text.is_empty() => None,
        How::Text => Some(Field {
            text: Some(text),
            ..f
        }),
        How::Long => Some(Field {
            text: Some(text),
            long: true,
            ..f
        }),
        How::State => Some(Field {
            words: Some(format!("comment-state-{text}")),
            ..f
        }),
        How::Reason if REASONS.contains(&text.as_str()) => Some(Field {
            words: Some(format!("reason-{text}")),
            ..f
        }),
        How::Reason => Some(Field {
            text: Some(text),
            ..f
        }),
        How::Time => v.as_i64().map(|at| Field { at: Some(at), ..f }),
        How::Blog => {
            let name = v
                .as_i64()
                .and_then(|id| blogs.get(&BlogId::new(id)).cloned())
                .unwrap_or(text);
            Some(Field {
                text: Some(name),
                ..f
            })
        }
        How::Flag => (v.as_bool() == Some(true)).then(|| Field {
            words: Some("record-yes".into()),
            ..f
        }),
        How::Selection => {
            let parts: Vec<String> = v
                .as_object()
                .map(|o| {
                    o.values()
                        .map(plain)
                        .filter(|p| !p.is_empty() && p != "null")
                        .collect()
                })
                .unwrap_or_default();
            (!parts.is_empty()).then(|| Field {
                text: Some(parts.join(" · ")),
                ..f
            })
        }
    }
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
