//! Pages of a blog.

use crate::error::{AppError, AppResult};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, on_blog, require, see_other, title_and_slug};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_app::posts::PageContent;
use lykta_domain::BlogId;
use lykta_domain::PageId;
use lykta_domain::{markdown_body, Action, FieldErrors, Slug};
use minijinja::{context, Value};

fn parse_page(f: &Fields) -> Result<PageContent, FieldErrors> {
    let mut e = FieldErrors::default();
    let (title, slug) = title_and_slug(f, &mut e, "title", 200, Slug::for_blog_item);
    let body = e.check("body", markdown_body(f.get("body")));
    let position = match f.get("position").trim() {
        "" => Some(0),
        p => match p.parse::<i64>() {
            Ok(n) if (0..=1000).contains(&n) => Some(n),
            _ => {
                e.add("position", "error-number");
                None
            }
        },
    };
    match (title, slug, body, position) {
        (Some(title), Some(slug), Some(body), Some(position)) if e.is_empty() => Ok(PageContent {
            slug,
            title,
            body,
            position,
            published: f.get("published") == "on",
        }),
        _ => Err(e),
    }
}

/// The page form; `said` holds what the page says above it: a `notice`, the
/// colleague's version after a stale save (`conflict`, shown beside the
/// person's text), kept text to `offer` back.
#[allow(clippy::too_many_arguments)]
async fn page_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog: &lykta_store::Blog,
    page_id: Option<PageId>,
    values: Value,
    errors: &FieldErrors,
    said: Value,
) -> AppResult<Response> {
    let ctx = context! {
        blog => blog, page_id => page_id, values => values, errors => error_map(errors), ..said
    };
    let title = if page_id.is_some() {
        "admin-edit-page"
    } else {
        "admin-new-page"
    };
    admin_page(state, s, status, "admin/page_form.html", title, ctx).await
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<BlogId>,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    require(&s, Action::ManageBlog, on_blog(&blog))?;
    page_form(
        &state,
        &s,
        StatusCode::OK,
        &blog,
        None,
        context! { published => "on" },
        &FieldErrors::default(),
        context! {},
    )
    .await
}

pub(super) async fn create_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    save_page(&state, &s, &blog, None, &Fields::parse(&body)).await
}

/// The edit page's query: `restore=autosave` puts the person's kept text
/// into the form.
#[derive(serde::Deserialize)]
pub(super) struct Restore {
    restore: Option<String>,
}

pub(super) async fn edit_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PageId>,
    Query(q): Query<Restore>,
) -> AppResult<Response> {
    let page = state.store.page(id).await?;
    let blog = state.store.blog(page.blog_id).await?;
    require(&s, Action::ManageBlog, on_blog(&blog))?;
    let values = context! {
        title => &page.title, slug => &page.slug, body => &page.body, position => page.position,
        published => if page.published { "on" } else { "" }, version => page.version,
    };
    let restore = q.restore.as_deref() == Some("autosave");
    let kept = crate::routes::editor::offer(&state, &s, id.into(), restore, values).await?;
    let body = (kept.values.get_attr("body").ok()).and_then(|b| b.as_str().map(str::to_owned));
    let conflict = match (kept.stale, body) {
        (true, Some(body)) => Some(conflict_with(&state, &s, &page, &body).await?),
        _ => None,
    };
    let said = context! { notice => kept.notice, offer => kept.offer, conflict => conflict };
    let (status, errors) = (StatusCode::OK, FieldErrors::default());
    page_form(
        &state,
        &s,
        status,
        &blog,
        Some(id),
        kept.values,
        &errors,
        said,
    )
    .await
}

/// The colleague's version of a page, beside the person's `body`.
async fn conflict_with(
    state: &AppState,
    s: &SignedIn,
    theirs: &lykta_store::Page,
    body: &str,
) -> AppResult<Value> {
    let lang = crate::routes::staff::language(state, s).await?;
    let shown = if theirs.published { "yes" } else { "no" };
    let shown = state.t(lang, &format!("conflict-{shown}"));
    let fields = [
        ("title", theirs.title.as_str()),
        ("slug", &theirs.slug),
        ("body", &theirs.body),
        ("position", &theirs.position.to_string()),
        ("page-published", &shown),
    ];
    Ok(context! {
        diff => super::posts::line_diff(&theirs.body, body),
        ..crate::routes::forms::conflict(theirs.version, &fields)
    })
}

pub(super) async fn update_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PageId>,
    body: Bytes,
) -> AppResult<Response> {
    let page = state.store.page(id).await?;
    let blog = state.store.blog(page.blog_id).await?;
    save_page(&state, &s, &blog, Some(id), &Fields::parse(&body)).await
}

/// Create (`id` None) or update a page of `blog` from its form.
async fn save_page(
    state: &AppState,
    s: &SignedIn,
    blog: &lykta_store::Blog,
    id: Option<PageId>,
    f: &Fields,
) -> AppResult<Response> {
    require(s, Action::ManageBlog, on_blog(blog))?;
    let typed = Value::from_serialize(f.values());
    let (status, e) = match parse_page(f) {
        Ok(content) => {
            let id = match id {
                Some(id) => Some((
                    id,
                    f.get("version")
                        .parse::<i64>()
                        .map_err(|_| AppError::BadRequest("error-version"))?,
                )),
                None => None,
            };
            match state.app.save_page(&s.actor, blog.id, id, &content).await {
                Ok(_) => return Ok(see_other(&format!("/admin/blogs/{}", blog.id))),
                Err(lykta_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, e),
                // The person's text stays, built on the colleague's version,
                // which is shown beside it.
                Err(lykta_app::Error::Stale { current }) => {
                    let page_id = id.map(|(id, _)| id).ok_or(AppError::NotFound(None))?;
                    let theirs = state.store.page(page_id).await?;
                    let conflict = conflict_with(state, s, &theirs, f.get("body")).await?;
                    let said = context! { notice => "error-stale-page", conflict => conflict };
                    let values = context! { ..context! { version => current }, ..typed };
                    let none = FieldErrors::default();
                    let status = StatusCode::CONFLICT;
                    let id = Some(page_id);
                    return page_form(state, s, status, blog, id, values, &none, said).await;
                }
                Err(err) => return Err(err.into()),
            }
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    page_form(state, s, status, blog, id, typed, &e, context! {}).await
}
