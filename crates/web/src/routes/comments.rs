//! Readers' comments and their moderation.
//!
//! Public blogs: a name and an e-mail address (never shown), held for a
//! moderator by default. Internal blogs: the signed-in identity, shown at once
//! by default and hidden afterwards if need be. One level of replies; the
//! blog team's replies are marked as the organisation's answer.
//!
//! Abuse protection without third parties: a honeypot field (filled in: the
//! comment is kept as spam and the sender told nothing), per-sender rate
//! limits ([`PER_MINUTE`], [`PER_HOUR`]: 429), at most [`MAX_LINKS`] links,
//! duplicates refused, and [`MAX_BODY_CHARS`]. Every comment is recorded as
//! received, and every decision with who, when and why (the public record).

use super::forms::Fields;
use super::private;
use super::staff::{admin_page, on_blog, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use lykta_app::comments::{Received, Sender, Submission, Verdict};
use lykta_domain::{can, Action, FieldErrors};
use lykta_domain::{BlogId, CommentId};
use lykta_store::{Blog, CommentState, PostDetail, QueueFilter, Reader};
use minijinja::context;
use serde::Deserialize;
use std::net::SocketAddr;

pub fn routes() -> Routes {
    Routes::new()
        .route("/{blog}/{slug}/comments", post(add))
        .route("/{blog}/kommentarspolicy", get(policy))
        .route("/{blog}/comment-policy", get(policy))
        .route("/{blog}/{slug}/comments/{id}/report", post(report))
        .route("/admin/comments", get(queue).post(decide))
        .route("/admin/comments/{id}/answer", post(answer))
}

pub use lykta_app::comments::{open_for_comments, MAX_LINKS, PER_MINUTE, REASONS};

/// A post and its blog, if this viewer may read it.
async fn readable(
    state: &AppState,
    viewer: &Viewer,
    blog_slug: &str,
    slug: &str,
) -> AppResult<(Blog, PostDetail)> {
    // Internal blogs send anonymous readers to sign in.
    let blog =
        super::public::readable_blog(state, viewer, blog_slug, &format!("/{blog_slug}/{slug}"))
            .await?;
    let reader = Reader::for_actor(&state.store, viewer.actor());
    let post = reader
        .post(blog.id, slug)
        .await?
        .ok_or(AppError::NotFound(Some(blog.language)))?;
    Ok((blog, post))
}

fn back_to(blog: &Blog, post: &PostDetail, notice: &str) -> Response {
    private(
        Redirect::to(&format!(
            "/{}/{}?comment={notice}#comments",
            blog.slug, post.post.slug
        ))
        .into_response(),
    )
}

async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Path((blog_slug, slug)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let (blog, post) = readable(&state, &viewer, &blog_slug, &slug).await?;
    let f = Fields::parse(&body);
    let reply_to = match f.get("reply_to").trim() {
        "" => None,
        r => Some(
            r.parse::<CommentId>()
                .map_err(|_| AppError::NotFound(Some(blog.language)))?,
        ),
    };
    let sender = match viewer.0.as_ref() {
        Some(s) => Sender::Staff {
            actor: &s.actor,
            name: &s.user.name,
            email: &s.user.email,
        },
        None => Sender::Reader {
            name: f.get("name"),
            email: f.get("email"),
        },
    };
    let submission = Submission {
        sender,
        client: state.client_ip(addr, &headers),
        text: f.get("comment"),
        reply_to,
        honeypot: !f.get("website").is_empty(),
    };
    match state.app.receive_comment(&blog, &post, &submission).await {
        Ok(Received::Published(_)) => Ok(back_to(&blog, &post, "published")),
        Ok(Received::Held(_)) => Ok(back_to(&blog, &post, "pending")),
        Err(lykta_app::Error::Invalid(e)) => {
            comment_errors(&state, &viewer, &blog_slug, &slug, &f, &e).await
        }
        Err(lykta_app::Error::Banned) => {
            let mut banned = FieldErrors::default();
            banned.add("comment", "error-comment-banned");
            let mut res = comment_errors(&state, &viewer, &blog_slug, &slug, &f, &banned).await?;
            *res.status_mut() = StatusCode::FORBIDDEN;
            Ok(res)
        }
        Err(lykta_app::Error::Refused("error-comments-slow")) => {
            let mut full = FieldErrors::default();
            full.add("comment", "error-comments-slow");
            let mut res = comment_errors(&state, &viewer, &blog_slug, &slug, &f, &full).await?;
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("3600"),
            );
            Ok(res)
        }
        Err(lykta_app::Error::Refused(key)) => Err(AppError::Conflict(key)),
        Err(lykta_app::Error::Forbidden) => Err(AppError::SignInRequired {
            next: format!("/{}/{}", blog.slug, post.post.slug),
        }),
        Err(e) => Err(e.into()),
    }
}

/// The post page again with the comment form's messages (422).
async fn comment_errors(
    state: &AppState,
    viewer: &Viewer,
    blog: &str,
    slug: &str,
    f: &Fields,
    e: &FieldErrors,
) -> AppResult<Response> {
    let form = super::public::CommentForm {
        values: Some(minijinja::Value::from_serialize(f.values())),
        errors: Some(e),
        notice: None,
    };
    let mut res = super::public::post_page(state, viewer, blog, slug, form).await?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(private(res))
}

async fn report(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((blog_slug, slug, id)): Path<(String, String, CommentId)>,
) -> AppResult<Response> {
    let (blog, post) = readable(&state, &viewer, &blog_slug, &slug).await?;
    state.app.report_comment(post.post.id, id).await?;
    Ok(back_to(&blog, &post, "reported"))
}

// ---- Moderation ----

#[derive(Deserialize, Default)]
struct QueueQuery {
    blog: Option<BlogId>,
    state: Option<String>,
    /// Only items older than this many hours.
    older: Option<i64>,
    done: Option<i64>,
}

async fn queue(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let blogs: Vec<Blog> = state
        .store
        .all_blogs()
        .await?
        .into_iter()
        .filter(|b| can(Some(&s.actor), Action::ModerateComments, on_blog(b)))
        .collect();
    if blogs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<BlogId> = match q.blog {
        Some(id) => blogs.iter().filter(|b| b.id == id).map(|b| b.id).collect(),
        None => blogs.iter().map(|b| b.id).collect(),
    };
    let filter_state = q.state.as_deref().and_then(|s| CommentState::parse(s).ok());
    let now = state.now();
    let comments = state
        .store
        .comment_queue(&QueueFilter {
            blog_ids: &ids,
            state: filter_state,
            before: q
                .older
                .filter(|h| (0..=MAX_AGE_FILTER_HOURS).contains(h))
                .map(|h| now - h * 3600),
        })
        .await?;
    let items: Vec<minijinja::Value> = comments
        .iter()
        .map(|c| {
            let age = lykta_domain::workdays::working_hours_between(c.created_at, now);
            let target = blogs
                .iter()
                .find(|b| b.id == c.blog_id)
                .map(|b| b.moderation_hours)
                .unwrap_or(24);
            context! {
                c => c,
                age_hours => age,
                target_hours => target,
                overdue => c.state == CommentState::Pending && age > target,
            }
        })
        .collect();
    // Slow mode, where it is on for the blogs this person moderates.
    let (full_posts, full_blogs) = state
        .store
        .full_queues(
            lykta_app::comments::MAX_WAITING_PER_POST,
            lykta_app::comments::MAX_WAITING_PER_BLOG,
        )
        .await?;
    let name_of = |id: BlogId| blogs.iter().find(|b| b.id == id).map(|b| b.name.clone());
    let slow: Vec<minijinja::Value> = full_blogs
        .iter()
        .filter_map(|(id, n)| name_of(*id).map(|name| context! { name => name, count => n }))
        .chain(full_posts.iter().filter_map(|(id, title, n)| {
            name_of(*id).map(|_| context! { name => title, count => n })
        }))
        .collect();
    let ctx = context! {
        slow => slow,
        blogs => blogs,
        items => items,
        filter => context! { blog => q.blog, state => q.state, older => q.older },
        states => CommentState::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        reasons => REASONS,
        done => q.done,
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/comments.html",
        "admin-comments",
        ctx,
    )
    .await
}

/// Largest "older than" filter in the queue, in hours (ten years).
pub const MAX_AGE_FILTER_HOURS: i64 = 87_600;

/// Approve, reject, hide, mark as spam or secret: one comment or many.
async fn decide(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let verdict = match f.get("decision") {
        "approve" => Verdict::Approve,
        "reject" => Verdict::Reject,
        "ban" => Verdict::RejectAndBan {
            days: f
                .get("ban_days")
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-ban-days"))?,
        },
        "hide" => Verdict::Hide,
        "spam" => Verdict::Spam,
        "secret" => Verdict::Secret,
        _ => return Err(AppError::BadRequest("error-action")),
    };
    let ids = f
        .all("id")
        .iter()
        .map(|raw| raw.parse::<CommentId>())
        .collect::<Result<Vec<CommentId>, _>>()
        .map_err(|_| AppError::BadRequest("error-action"))?;
    let n = state
        .app
        .decide_comments(&s.actor, &ids, verdict, f.get("reason"), f.get("note"))
        .await?;
    Ok(see_other(&format!("/admin/comments?done={n}")))
}

/// The team answers a comment, on the public page, as the organisation.
async fn answer(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<CommentId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    state
        .app
        .answer_comment(&s.actor, &s.user.name, &s.user.email, id, f.get("answer"))
        .await?;
    Ok(see_other("/admin/comments?done=1"))
}

/// The blog's comment policy: generated from its settings (who runs it, its
/// purpose, how and when comments are moderated, what is removed and why,
/// that comments are public records, what happens on breach), followed by
/// the blog's own words. Linked from every comment form.
async fn policy(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(blog_slug): Path<String>,
) -> AppResult<Response> {
    let blog = super::public::readable_blog(
        &state,
        &viewer,
        &blog_slug,
        &format!("/{blog_slug}/kommentarspolicy"),
    )
    .await?;
    let org = state.organisation().await?;
    let own = lykta_render::markdown::render_markdown(&blog.comment_policy).html;
    let ctx = minijinja::context! {
        ..minijinja::context! {
            org_name => &org.name,
            reasons => REASONS,
            moderation => blog.moderation().as_str(),
            own_html => minijinja::Value::from_safe_string(own),
            per_minute => PER_MINUTE,
            max_links => MAX_LINKS,
            target_hours => blog.moderation_hours,
            meta => minijinja::context! { title => state.t(blog.language, "policy-title") },
        },
        ..super::public::blog_context(&state, &viewer, &blog, format!("{}/{}/kommentarspolicy", state.base_url, blog.slug)).await?
    };
    Ok(super::public::finish(
        &viewer,
        &blog,
        super::render(&state, "policy.html", ctx)?.into_response(),
    ))
}
