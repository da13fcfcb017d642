//! What every versioned document's editor shares (posts, pages, guideline
//! drafts, scenario playbooks): autosave — the editor's script posts the
//! form every few seconds while the person types; the edit pages offer kept
//! text back, and put it into the form on `?restore=autosave`, beside the
//! colleague's version when someone saved since; one pair of handlers
//! serves every kind and `lykta_app::autosave` decides — and the live
//! preview with the writing aids.

use super::forms::Fields;
use super::staff::{admin_page, see_other};
use super::Routes;
use crate::error::AppResult;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use lykta_app::autosave::Kept;
use lykta_domain::{Action, BlogId, Document, GuidelineVersionId, Language, PageId, PostId};
use lykta_domain::{ScenarioId, Target};
use minijinja::{context, Value};
use serde::de::DeserializeOwned;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/posts/{id}/autosave", post(keep::<PostId>))
        .route(
            "/admin/posts/{id}/autosave/discard",
            post(discard::<PostId>),
        )
        .route("/admin/pages/{id}/autosave", post(keep::<PageId>))
        .route(
            "/admin/pages/{id}/autosave/discard",
            post(discard::<PageId>),
        )
        .route(
            "/admin/guidelines/{id}/autosave",
            post(keep::<GuidelineVersionId>),
        )
        .route(
            "/admin/guidelines/{id}/autosave/discard",
            post(discard::<GuidelineVersionId>),
        )
        .route("/admin/scenarios/{id}/autosave", post(keep::<ScenarioId>))
        .route(
            "/admin/scenarios/{id}/autosave/discard",
            post(discard::<ScenarioId>),
        )
        .route("/admin/blogs/{id}/preview", post(blog_preview))
        .route("/admin/preview", post(preview))
}

/// Where a document is edited.
pub(crate) fn edit_path(doc: Document) -> String {
    match doc {
        Document::Post(id) => format!("/admin/posts/{id}"),
        Document::Page(id) => format!("/admin/pages/{id}"),
        Document::Guideline(id) => format!("/admin/guidelines/{id}/edit"),
        Document::Scenario(id) => format!("/admin/scenarios/{id}"),
    }
}

/// Where the edit form sends its typing.
pub(crate) fn autosave_path(doc: Document) -> String {
    match doc {
        Document::Guideline(id) => format!("/admin/guidelines/{id}/autosave"),
        Document::Scenario(id) => format!("/admin/scenarios/{id}/autosave"),
        _ => format!("{}/autosave", edit_path(doc)),
    }
}

/// The editor's script keeps what the person types: 204; 409 when kept
/// but someone saved the document since (in words, for the status line);
/// 422 with the first problem in words.
pub(crate) async fn keep<I>(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<I>,
    body: Bytes,
) -> AppResult<Response>
where
    I: Into<Document> + DeserializeOwned + Send,
{
    let doc: Document = id.into();
    let f = Fields::parse(&body);
    let text = doc.parse_text(|name| f.get(name));
    let version = f.get("version").parse::<i64>().unwrap_or_default();
    let (status, key) = match state.app.autosave(&s.actor, doc, version, text).await {
        Ok(Kept::Kept) => return Ok(super::private(StatusCode::NO_CONTENT.into_response())),
        Ok(Kept::Stale { .. }) => (StatusCode::CONFLICT, "editor-autosaved-stale"),
        Err(lykta_app::Error::Invalid(e)) => {
            let key = e.0.first().map_or("error-action", |(_, k)| *k);
            (StatusCode::UNPROCESSABLE_ENTITY, key)
        }
        Err(e) => return Err(e.into()),
    };
    let lang = super::staff::language(&state, &s).await?;
    Ok(super::private((status, state.t(lang, key)).into_response()))
}

/// Throw the kept text away and go back to the document's editor.
pub(crate) async fn discard<I>(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<I>,
) -> AppResult<Response>
where
    I: Into<Document> + DeserializeOwned + Send,
{
    let doc: Document = id.into();
    state.app.discard_autosave(&s.actor, doc).await?;
    Ok(see_other(&edit_path(doc)))
}

/// Kept text on an edit page: offered back, or put into the form.
pub(crate) struct Offer {
    /// The form's values, with the kept text in them when restored.
    pub values: Value,
    /// The offer to show (`autosave_offer` in `macros.html`), when not restored.
    pub offer: Option<Value>,
    /// Restored: what the page says about it.
    pub notice: Option<&'static str>,
    /// Restored text that was typed on an older version: the form shows the
    /// colleague's version beside it and builds on theirs.
    pub stale: bool,
}

impl Offer {
    /// Nothing kept (or not the person's to edit): the form as saved.
    pub(crate) fn none(values: Value) -> Offer {
        Offer {
            values,
            offer: None,
            notice: None,
            stale: false,
        }
    }
}

/// `values` (the document as saved), with the person's kept text of `doc`
/// offered back or, when `restore`, put in.
pub(crate) async fn offer(
    state: &AppState,
    s: &SignedIn,
    doc: Document,
    restore: bool,
    values: Value,
) -> AppResult<Offer> {
    let unsaved = state.app.unsaved_text(&s.actor, doc).await?;
    Ok(match unsaved {
        Some(u) if restore => Offer {
            values: context! { ..Value::from_serialize(&u.kept.fields), ..values },
            offer: None,
            notice: Some(if u.stale {
                "notice-autosave-restored-stale"
            } else {
                "notice-autosave-restored"
            }),
            stale: u.stale,
        },
        Some(u) => {
            let path = edit_path(doc);
            let anchor = if matches!(doc, Document::Scenario(_)) {
                "#edit-scenario"
            } else {
                ""
            };
            Offer {
                values,
                offer: Some(context! {
                    saved_at => u.kept.saved_at,
                    stale => u.stale,
                    restore => format!("{path}?restore=autosave{anchor}"),
                    discard => format!("{}/discard", autosave_path(doc)),
                }),
                notice: None,
                stale: false,
            }
        }
        None => Offer::none(values),
    })
}

/// The live preview beside a post's or page's editor: the text as readers
/// will see it, with the writing aids in the blog's language.
async fn blog_preview(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = super::staff::blog_for(&state, &s, blog_id, Action::CreatePost).await?;
    preview_fragment(&state, &s, &Fields::parse(&body), blog.language).await
}

/// The live preview beside the organisation's own documents (guidelines,
/// playbooks), in the organisation's language.
async fn preview(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    super::staff::require(&s, Action::UseAdmin, Target::Organisation)?;
    let language = state.organisation().await?.default_language;
    preview_fragment(&state, &s, &Fields::parse(&body), language).await
}

/// The text as readers will see it and the writing aids, as a fragment of
/// HTML for the editor's script. The server stays the judge when the
/// document is saved or published.
async fn preview_fragment(
    state: &AppState,
    s: &SignedIn,
    f: &Fields,
    language: Language,
) -> AppResult<Response> {
    let rendered = lykta_render::markdown::render_markdown(f.get("body"));
    let ctx = context! {
        html => Value::from_safe_string(rendered.html),
        warnings => rendered.warnings.iter().map(warning_key).collect::<Vec<_>>(),
        aids => writing_aids(f.get("body"), language),
    };
    admin_page(
        state,
        s,
        StatusCode::OK,
        "admin/live_preview.html",
        "live-preview",
        ctx,
    )
    .await
}

pub(crate) fn warning_key(w: &lykta_render::markdown::Warning) -> &'static str {
    use lykta_render::markdown::Warning;
    match w {
        Warning::RawHtmlRemoved => "warning-raw-html",
        Warning::UnsafeLinkRemoved => "warning-unsafe-link",
        Warning::ImageWithoutAlt { .. } => "check-image-alt",
        Warning::TooLong { .. } => "error-body-too-long",
    }
}

/// Readability and accessibility findings for a draft, for the edit page.
pub(crate) fn writing_aids(body: &str, language: Language) -> Value {
    use lykta_render::checks::{check, Readability, Severity};
    let report = check(body, language == Language::Sv);
    let (measure, words, sentences) = match report.readability {
        Readability::Lix(l) => ("LIX", l.words, l.sentences),
        Readability::Flesch {
            words, sentences, ..
        } => ("Flesch", words, sentences),
    };
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| context! { blocking => f.severity == Severity::Blocking, key => f.key, detail => &f.detail })
        .collect();
    context! {
        measure => measure,
        score => format!("{:.0}", report.readability.score()),
        band => report.readability.band(),
        words => words,
        sentences => sentences,
        findings => findings,
        blocking => report.blocking().count(),
    }
}
