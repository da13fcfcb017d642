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

use super::admin::{admin_page, on_blog, require, see_other};
use super::forms::Fields;
use super::private;
use crate::error::{AppError, AppResult};
use crate::session::{Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use lykta_domain::{
    can, required_multiline, required_text, Action, Audience, Email, FieldErrors, Moderation,
};
use lykta_store::{Blog, CommentState, Decision, NewComment, PostDetail, QueueFilter, Reader};
use minijinja::context;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{blog}/{slug}/comments", post(add))
        .route("/{blog}/kommentarspolicy", get(policy))
        .route("/{blog}/comment-policy", get(policy))
        .route("/{blog}/{slug}/comments/{id}/report", post(report))
        .route("/admin/comments", get(queue).post(decide))
        .route("/admin/comments/{id}/answer", post(answer))
        .route("/admin/blogs/{id}/comment-settings", post(blog_settings))
        .route("/admin/posts/{id}/comment-settings", post(post_settings))
}

/// Longest comment, in characters.
pub const MAX_BODY_CHARS: usize = 5000;
/// Most links in one comment.
pub const MAX_LINKS: usize = 3;
/// Comments one sender may send in a minute, and in an hour.
pub const PER_MINUTE: i64 = 5;
pub const PER_HOUR: i64 = 30;

/// Reasons a moderator can give: those the law names, then policy reasons.
pub const REASONS: &[&str] = &[
    "threat",
    "hate-speech",
    "incitement",
    "child-abuse",
    "violence",
    "copyright",
    "privacy",
    "spam",
    "off-topic",
    "personal-attack",
];

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

/// Whether the post takes comments now.
pub fn open_for_comments(blog: &Blog, post: &lykta_store::Post, now: i64) -> bool {
    let published = post.published_at.unwrap_or(post.created_at);
    blog.comments_enabled
        && post.comments_enabled
        && (blog.comments_close_days == 0 || now < published + blog.comments_close_days * 86_400)
}

/// Who sent it, without keeping the address itself.
fn client_hash(state: &AppState, ip: std::net::IpAddr) -> String {
    let mut h = Sha256::new();
    h.update(state.client_salt.as_bytes());
    h.update(ip.to_string().as_bytes());
    hex::encode(h.finalize())
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
    let now = state.now();
    if !open_for_comments(&blog, &post.post, now) {
        return Err(AppError::Conflict("error-comments-closed"));
    }
    let client = client_hash(&state, state.client_ip(addr, &headers));
    // Per sender address, and per person when signed in.
    let user = viewer.0.as_ref().map(|s| s.user.id);
    let by_user = |since| {
        let store = state.store.clone();
        async move {
            match user {
                Some(u) => store.comments_by_user_since(u, since).await,
                None => Ok(0),
            }
        }
    };
    if state.store.comments_from(&client, now - 60).await? >= PER_MINUTE
        || state.store.comments_from(&client, now - 3600).await? >= PER_HOUR
        || by_user(now - 60).await? >= PER_MINUTE
        || by_user(now - 3600).await? >= PER_HOUR
    {
        return Err(AppError::TooManyRequests);
    }
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let text = e.check(
        "comment",
        required_multiline(f.get("comment"), MAX_BODY_CHARS),
    );
    if text
        .as_deref()
        .is_some_and(|t| t.matches("http").count() + t.matches("www.").count() > MAX_LINKS)
    {
        e.add("comment", "error-comment-links");
    }
    let signed_in = viewer.0.as_ref();
    // Internal blogs: only signed-in staff, as themselves.
    if blog.audience == Audience::Internal && signed_in.is_none() {
        return Err(AppError::SignInRequired {
            next: format!("/{}/{}", blog.slug, post.post.slug),
        });
    }
    let (name, email) = match signed_in {
        Some(s) => (Some(s.user.name.clone()), s.user.email.clone()),
        None => {
            let name = e.check("name", required_text(f.get("name"), 100));
            let email = e
                .check("email", Email::parse(f.get("email")))
                .map(|m| m.as_str().to_owned())
                .unwrap_or_default();
            (name, email)
        }
    };
    let reply_to = match f.get("reply_to").trim() {
        "" => None,
        r => Some(
            r.parse::<i64>()
                .map_err(|_| AppError::NotFound(Some(blog.language)))?,
        ),
    };
    if let Some(t) = &text {
        if state.store.duplicate_comment(post.post.id, t).await? {
            e.add("comment", "error-comment-duplicate");
        }
    }
    if state
        .store
        .banned_until(&client, &email, now)
        .await?
        .is_some()
    {
        let mut banned = FieldErrors::default();
        banned.add("comment", "error-comment-banned");
        let mut res = comment_errors(&state, &viewer, &blog_slug, &slug, &f, &banned).await?;
        *res.status_mut() = StatusCode::FORBIDDEN;
        return Ok(res);
    }
    let (Some(text), Some(name), true) = (text, name, e.is_empty()) else {
        return comment_errors(&state, &viewer, &blog_slug, &slug, &f, &e).await;
    };
    // A honeypot answer: kept (as spam, recorded), and nothing said.
    let spam = !f.get("website").is_empty();
    // The organisation answers through the blog's editors, authors and
    // moderators (not guests or reviewers).
    let team = signed_in.is_some_and(|s| {
        can(Some(&s.actor), Action::ModerateComments, on_blog(&blog))
            || matches!(
                s.actor.role_in(blog.id),
                Some(lykta_domain::BlogRole::Editor | lykta_domain::BlogRole::Author)
            )
    });
    // A blocked word holds the comment for a moderator, whatever the blog's mode.
    let blocked = !team && blog.blocked_word_in(&text).is_some();
    let state_now = if spam {
        CommentState::Spam
    } else if !blocked && (team || blog.moderation() == Moderation::Post) {
        CommentState::Published
    } else {
        CommentState::Pending
    };
    let c = NewComment {
        post_id: post.post.id,
        parent_id: reply_to,
        user_id: signed_in.map(|s| s.user.id),
        author_name: &name,
        author_email: &email,
        body: &text,
        state: state_now,
        is_answer: team,
        client_hash: &client,
    };
    state.store.add_comment(&c, now).await?;
    let mut res = if state_now == CommentState::Published {
        back_to(&blog, &post, "published")
    } else {
        back_to(&blog, &post, "pending")
    };
    if state_now != CommentState::Published {
        res.extensions_mut()
            .insert(crate::cache::NothingPublicChanged);
    }
    Ok(res)
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
    Path((blog_slug, slug, id)): Path<(String, String, i64)>,
) -> AppResult<Response> {
    let (blog, post) = readable(&state, &viewer, &blog_slug, &slug).await?;
    state.store.report_comment(id, post.post.id).await?;
    let mut res = back_to(&blog, &post, "reported");
    res.extensions_mut()
        .insert(crate::cache::NothingPublicChanged);
    Ok(res)
}

// ---- Moderation ----

#[derive(Deserialize, Default)]
struct QueueQuery {
    blog: Option<i64>,
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
    let ids: Vec<i64> = match q.blog {
        Some(id) => blogs.iter().filter(|b| b.id == id).map(|b| b.id).collect(),
        None => blogs.iter().map(|b| b.id).collect(),
    };
    let filter_state = q.state.as_deref().and_then(CommentState::parse);
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
                overdue => c.state == "pending" && age > target,
            }
        })
        .collect();
    let ctx = context! {
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

/// Longest temporary ban, in days.
pub const MAX_BAN_DAYS: i64 = 365;
/// Longest response-time target, in working-day hours.
pub const MAX_TARGET_HOURS: i64 = 720;

/// Approve, reject, hide, mark as spam or secret: one comment or many.
async fn decide(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let ban = f.get("decision") == "ban";
    let to = match f.get("decision") {
        "approve" => CommentState::Published,
        "reject" | "ban" => CommentState::Rejected,
        "hide" => CommentState::Hidden,
        "spam" => CommentState::Spam,
        "secret" => CommentState::Secret,
        _ => return Err(AppError::BadRequest("error-action")),
    };
    let reason = f.get("reason").trim();
    let needs_reason = matches!(to, CommentState::Rejected | CommentState::Hidden);
    if needs_reason && !REASONS.contains(&reason) {
        return Err(AppError::BadRequest("error-comment-reason"));
    }
    let note = lykta_domain::optional_text(f.get("note"), super::admin::MAX_NOTE_CHARS)
        .map_err(|e| AppError::BadRequest(e.key))?;
    let mut ids = Vec::new();
    for raw in f.all("id") {
        let id: i64 = raw
            .parse()
            .map_err(|_| AppError::BadRequest("error-action"))?;
        // Each comment's blog must be one this person moderates.
        let c = state.store.comment(id).await?;
        let blog = state.store.blog(c.blog_id).await?;
        require(&s, Action::ModerateComments, on_blog(&blog))?;
        ids.push(id);
    }
    if ids.is_empty() {
        return Err(AppError::BadRequest("error-comment-none"));
    }
    let decision = Decision {
        to,
        reason: if needs_reason || to == CommentState::Secret || to == CommentState::Spam {
            reason
        } else {
            ""
        },
        note: &note,
    };
    let now = state.now();
    let ban_days = if ban {
        match f.get("ban_days").trim().parse::<i64>() {
            Ok(d) if (1..=MAX_BAN_DAYS).contains(&d) => Some(d),
            _ => return Err(AppError::BadRequest("error-ban-days")),
        }
    } else {
        None
    };
    let n = state
        .store
        .moderate(&ids, &decision, s.user.id, now)
        .await?;
    if let Some(days) = ban_days {
        for id in &ids {
            state
                .store
                .ban_sender(*id, now + days * 86_400, reason, s.user.id, now)
                .await?;
        }
    }
    Ok(see_other(&format!("/admin/comments?done={n}")))
}

/// The team answers a comment, on the public page, as the organisation.
async fn answer(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let c = state.store.comment(id).await?;
    let blog = state.store.blog(c.blog_id).await?;
    require(&s, Action::ModerateComments, on_blog(&blog))?;
    // Only what readers can see, or what waits, gets an answer.
    if !matches!(c.state.as_str(), "pending" | "published") {
        return Err(AppError::Conflict("error-comment-not-answerable"));
    }
    let f = Fields::parse(&body);
    let text = required_multiline(f.get("answer"), MAX_BODY_CHARS)
        .map_err(|e| AppError::BadRequest(e.key))?;
    let now = state.now();
    let answer = NewComment {
        post_id: c.post_id,
        parent_id: Some(c.parent_id.unwrap_or(c.id)),
        user_id: Some(s.user.id),
        author_name: &s.user.name,
        author_email: &s.user.email,
        body: &text,
        state: CommentState::Published,
        is_answer: true,
        client_hash: "",
    };
    state.store.add_comment(&answer, now).await?;
    // Answering a waiting question publishes it too.
    if c.state == "pending" {
        let d = Decision {
            to: CommentState::Published,
            reason: "",
            note: "",
        };
        state.store.moderate(&[id], &d, s.user.id, now).await?;
    }
    Ok(see_other("/admin/comments?done=1"))
}

/// Longest time comments may stay open, in days (0: never closes).
pub const MAX_CLOSE_DAYS: i64 = 3650;

async fn blog_settings(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = super::admin::blog_for(&state, &s, id, Action::ManageBlog).await?;
    let f = Fields::parse(&body);
    let close_days = match f.get("close_days").trim() {
        "" => 0,
        d => d
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=MAX_CLOSE_DAYS).contains(d))
            .ok_or(AppError::BadRequest("error-close-days"))?,
    };
    let moderation =
        Moderation::parse(f.get("moderation")).map_err(|e| AppError::BadRequest(e.key))?;
    let policy = lykta_domain::markdown_body(f.get("comment_policy"))
        .map_err(|e| AppError::BadRequest(e.key))?;
    let blocked_words = lykta_domain::optional_text(f.get("blocked_words"), 5000)
        .map_err(|e| AppError::BadRequest(e.key))?;
    let hours = |field: &str, default: i64| match f.get(field).trim() {
        "" => Ok(default),
        h => h
            .parse::<i64>()
            .ok()
            .filter(|h| (1..=MAX_TARGET_HOURS).contains(h))
            .ok_or(AppError::BadRequest("error-target-hours")),
    };
    let moderation_hours = hours("moderation_hours", blog.moderation_hours)?;
    let answer_hours = hours("answer_hours", blog.answer_hours)?;
    state
        .store
        .set_comment_settings(
            blog.id,
            &lykta_store::CommentSettings {
                enabled: f.get("comments_enabled") == "1",
                close_days,
                moderation,
                policy: &policy,
                blocked_words: &blocked_words,
                moderation_hours,
                answer_hours,
            },
        )
        .await?;
    Ok(see_other(&format!(
        "/admin/blogs/{}/edit#comment-settings",
        blog.id
    )))
}

async fn post_settings(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let p = state.store.post(id).await?;
    let blog = state.store.blog(p.post.blog_id).await?;
    let ids = p.author_ids();
    require(
        &s,
        Action::EditPost,
        super::admin::on_post(&blog, &p.post, &ids),
    )?;
    let enabled = Fields::parse(&body).get("comments_enabled") == "1";
    state.store.set_post_comments(id, enabled).await?;
    Ok(see_other(&format!("/admin/posts/{id}?saved=1")))
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
