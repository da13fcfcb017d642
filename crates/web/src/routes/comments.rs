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
use crate::session::{SignedIn, Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use lykta_app::comments::{Received, Sender, Submission, Verdict};
use lykta_domain::{can, Action, FieldErrors};
use lykta_domain::{BlogId, CommentId};
use lykta_store::{
    Blog, CommentState, PostDetail, QueueFilter, QueueFrom, QueueKey, QueueSource, Reader,
};
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
        .route("/admin/comments/{id}/answer-there", post(answer_there))
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
    let post = match viewer.actor() {
        // Anonymous readers: the public site's memory of this version.
        None => {
            state
                .site()
                .await?
                .post(&state.store, blog.id, slug)
                .await?
        }
        Some(a) => Reader::staff(&state.store, a).post(blog.id, slug).await?,
    }
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
    let preferred = crate::lang::Preferred(crate::lang::preference(&headers));
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
            comment_errors(&state, &viewer, preferred, &blog_slug, &slug, &f, &e).await
        }
        Err(lykta_app::Error::Banned) => {
            let mut banned = FieldErrors::default();
            banned.add("comment", "error-comment-banned");
            let mut res =
                comment_errors(&state, &viewer, preferred, &blog_slug, &slug, &f, &banned).await?;
            *res.status_mut() = StatusCode::FORBIDDEN;
            Ok(res)
        }
        Err(lykta_app::Error::Refused("error-comments-slow")) => {
            slow_mode_page(&state, &viewer, preferred, &blog, &post, f.get("comment")).await
        }
        Err(lykta_app::Error::Refused(key)) => Err(AppError::Conflict(key)),
        Err(lykta_app::Error::Forbidden) => Err(AppError::SignInRequired {
            next: format!("/{}/{}", blog.slug, post.post.slug),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Slow mode (the queue is full, the sender unknown): a small page that
/// says why, keeps the text to copy, and leads back to the post — not the
/// whole post again, so that a flood's refusals cost the node little.
async fn slow_mode_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: crate::lang::Preferred,
    blog: &Blog,
    post: &PostDetail,
    text: &str,
) -> AppResult<Response> {
    let site = state.site().await?;
    let ctx = context! {
        ..context! {
            text,
            title => &post.post.title,
            back => format!("/{}/{}#comments", blog.slug, post.post.slug),
            robots => "noindex",
        },
        ..super::public_context(state, &site, preferred, blog.language, viewer)
    };
    let mut res = private(super::render(state, "comment_slow.html", ctx)?.into_response());
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("3600"),
    );
    Ok(res)
}

/// The post page again with the comment form's messages (422).
async fn comment_errors(
    state: &AppState,
    viewer: &Viewer,
    preferred: crate::lang::Preferred,
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
    let mut res = super::public::post_page(state, viewer, preferred, blog, slug, form).await?;
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

/// The queue's address: what it shows. Kept as text so that an empty
/// field of the filter form ("all blogs") is no error.
#[derive(Deserialize, Default)]
struct QueueQuery {
    blog: Option<String>,
    state: Option<String>,
    /// Only items older than this many hours.
    older: Option<String>,
    /// Only from the site (`site`) or from one platform (`mastodon`, …).
    source: Option<String>,
    /// The page after, or before, a comment's position (`{received}-{id}`).
    after: Option<String>,
    before: Option<String>,
    /// `all`: every comment on the page ticked for the decision on many.
    pick: Option<String>,
    /// How many comments the last decision changed. (`at`, where in the
    /// list it was made, is for the keyboard script to carry on there.)
    done: Option<i64>,
}

/// The queue's filters, parsed; they stay in the address across decisions
/// and pages, and the page stays across decisions.
#[derive(Default, Clone, Copy)]
struct Filters {
    blog: Option<BlogId>,
    state: Option<CommentState>,
    older: Option<i64>,
    source: Option<QueueSource>,
    page: QueueFrom,
}

/// How many comments one page of the queue shows.
pub const QUEUE_PAGE: i64 = 50;

/// What the source filter offers: the site and each platform Lykta fetches
/// replies from.
const SOURCES: &[&str] = &["site", "mastodon", "bluesky", "facebook", "linkedin"];

/// A position in the queue as the address carries it: `{received}-{id}`.
fn key_of(raw: &str) -> Option<QueueKey> {
    let (at, id) = raw.trim().split_once('-')?;
    Some(QueueKey {
        at: at.parse().ok()?,
        id: id.parse().ok()?,
    })
}

fn key_text(k: QueueKey) -> String {
    format!("{}-{}", k.at, k.id)
}

/// The source filter's value in the address.
fn source_text(s: QueueSource) -> &'static str {
    match s {
        QueueSource::Site => "site",
        QueueSource::Channel(p) => p.as_str(),
    }
}

impl Filters {
    fn from_query(q: &QueueQuery) -> Filters {
        fn text(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        Filters {
            blog: text(&q.blog).and_then(|b| b.parse().ok()),
            state: text(&q.state).and_then(|s| CommentState::parse(s).ok()),
            older: text(&q.older)
                .and_then(|h| h.parse().ok())
                .filter(|h| (0..=MAX_AGE_FILTER_HOURS).contains(h)),
            source: text(&q.source).and_then(|s| match s {
                "site" => Some(QueueSource::Site),
                p => lykta_domain::Platform::parse(p)
                    .ok()
                    .filter(|p| lykta_channels::connectable(*p))
                    .map(QueueSource::Channel),
            }),
            page: match (
                text(&q.after).and_then(key_of),
                text(&q.before).and_then(key_of),
            ) {
                (Some(k), _) => QueueFrom::After(k),
                (None, Some(k)) => QueueFrom::Before(k),
                (None, None) => QueueFrom::Start,
            },
        }
    }

    /// The filters as an address query (`blog=1&state=spam`), `state` replaced
    /// when given (the count links, which start from the first page); the
    /// page kept otherwise.
    fn query(&self, state: Option<Option<CommentState>>) -> String {
        let page = if state.is_none() {
            self.page
        } else {
            QueueFrom::Start
        };
        self.query_at(state.unwrap_or(self.state), page)
    }

    /// The filters with `state`, on `page`.
    fn query_at(&self, state: Option<CommentState>, page: QueueFrom) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if let Some(b) = self.blog {
            q.append_pair("blog", &b.to_string());
        }
        if let Some(s) = state {
            q.append_pair("state", s.as_str());
        }
        if let Some(h) = self.older {
            q.append_pair("older", &h.to_string());
        }
        if let Some(s) = self.source {
            q.append_pair("source", source_text(s));
        }
        match page {
            QueueFrom::Start => {}
            QueueFrom::After(k) => {
                q.append_pair("after", &key_text(k));
            }
            QueueFrom::Before(k) => {
                q.append_pair("before", &key_text(k));
            }
        }
        q.finish()
    }

    /// The address of another page of the same queue.
    fn page_href(&self, page: QueueFrom) -> String {
        format!("/admin/comments?{}", self.query_at(self.state, page))
    }

    /// Back to the queue after a decision, with the same filters.
    fn back(&self, done: usize, at: Option<usize>) -> String {
        let mut to = format!("/admin/comments?{}", self.query(None));
        if !to.ends_with('?') {
            to.push('&');
        }
        to.push_str(&format!("done={done}"));
        if let Some(at) = at {
            to.push_str(&format!("&at={at}"));
        }
        to
    }
}

/// A decision or answer that could not be made, shown again in the queue
/// (422) with what was ticked, chosen and typed.
struct Attempt<'a> {
    errors: &'a FieldErrors,
    fields: &'a Fields,
    /// The comment whose own form was used (None: the bulk form).
    one: Option<CommentId>,
}

async fn queue(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    queue_page(&state, &s, &Filters::from_query(&q), &q, None).await
}

/// The moderation queue: the comments the filters pick, each with its own
/// decisions and answer box, counts per state, and the bulk form.
async fn queue_page(
    state: &AppState,
    s: &SignedIn,
    filters: &Filters,
    q: &QueueQuery,
    attempt: Option<Attempt<'_>>,
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
    let ids: Vec<BlogId> = match filters.blog {
        Some(id) => blogs.iter().filter(|b| b.id == id).map(|b| b.id).collect(),
        None => blogs.iter().map(|b| b.id).collect(),
    };
    let now = state.now();
    let filter = QueueFilter {
        blog_ids: &ids,
        state: filters.state,
        before: filters.older.map(|h| now - h * 3600),
    };
    let mut page = state
        .store
        .comment_queue_page(&filter, filters.source, filters.page, QUEUE_PAGE)
        .await?;
    if page.comments.is_empty() && page.total > 0 {
        // Everything past this page was decided: the last page there is.
        let end = QueueKey {
            at: i64::MAX,
            id: CommentId::new(i64::MAX),
        };
        page = state
            .store
            .comment_queue_page(&filter, filters.source, QueueFrom::Before(end), QUEUE_PAGE)
            .await?;
    }
    let comments = &page.comments;
    let counts = state.store.queue_counts(&ids, filters.source).await?;
    // What was ticked in the bulk form, to tick it again (or the whole page).
    let all_picked = q.pick.as_deref() == Some("all") && attempt.is_none();
    let picked: Vec<&str> = match &attempt {
        Some(a) if a.one.is_none() => a.fields.all("id"),
        _ => Vec::new(),
    };
    let shown = i64::try_from(comments.len()).unwrap_or(0);
    let pages = context! {
        total => page.total,
        first => page.before + 1,
        last => page.before + shown,
        prev => (page.before > 0).then(|| page.first_key().map(|k| filters.page_href(QueueFrom::Before(k)))).flatten(),
        next => (page.before + shown < page.total).then(|| page.last_key().map(|k| filters.page_href(QueueFrom::After(k)))).flatten(),
        start => (page.before > 0).then(|| filters.page_href(QueueFrom::Start)),
        all => format!("/admin/comments?{}&pick=all#bulk", filters.query(None)).replace("?&", "?"),
    };
    // What was asked of the platforms, beside each comment.
    let ids: Vec<CommentId> = comments.iter().map(|c| c.id).collect();
    let actions = state.store.comment_actions_of(&ids).await?;
    let items: Vec<minijinja::Value> = comments
        .iter()
        .map(|c| {
            let platform = c
                .source_platform
                .as_deref()
                .and_then(|p| lykta_domain::Platform::parse(p).ok());
            let waiting = c.state == CommentState::Pending;
            let age = lykta_domain::workdays::working_hours_between(c.created_at, now);
            let target = blogs
                .iter()
                .find(|b| b.id == c.blog_id)
                .map(|b| b.moderation_hours)
                .unwrap_or(24);
            context! {
                c => c,
                waiting => waiting,
                age_hours => age,
                target_hours => target,
                overdue => waiting && age > target,
                picked => all_picked || picked.contains(&c.id.to_string().as_str()),
                answerable => matches!(c.state, CommentState::Pending | CommentState::Published),
                there => platform.map(lykta_channels::reply_actions),
                actions => actions.iter().filter(|a| a.comment_id == c.id).collect::<Vec<_>>(),
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
    // One link per state, with its count; the filters besides the state stay.
    let tabs: Vec<minijinja::Value> = std::iter::once((None, counts.waiting))
        .chain(counts.states.iter().map(|(st, n)| (Some(*st), *n)))
        .map(|(st, n)| {
            context! {
                label => st.map_or("comments-waiting".to_owned(), |s| format!("comment-state-{s}")),
                count => n,
                href => format!("/admin/comments?{}", filters.query(Some(st))),
                current => st == filters.state,
            }
        })
        .collect();
    let (errors, values, one) = match &attempt {
        Some(a) => (
            a.errors.clone(),
            minijinja::Value::from_serialize(a.fields.values()),
            a.one,
        ),
        None => (FieldErrors::default(), context! {}, None),
    };
    // Each message links to its field: the comment's own, or the bulk form's.
    let error_links: Vec<minijinja::Value> = errors
        .0
        .iter()
        .map(|(field, key)| {
            let target = match (one, field.as_str()) {
                (Some(id), f) => format!("{f}-{id}"),
                (None, "id") => "bulk".to_owned(),
                (None, f) => format!("bulk-{f}"),
            };
            context! { href => format!("#{target}"), key => key }
        })
        .collect();
    let ctx = context! {
        slow => slow,
        blogs => blogs,
        items => items,
        tabs => tabs,
        filter => context! { blog => filters.blog, state => filters.state.map(|s| s.as_str()), older => filters.older, source => filters.source.map(source_text) },
        sources => SOURCES,
        pages => pages,
        waiting => counts.waiting,
        action => format!("/admin/comments?{}", filters.query(None)),
        answer_query => filters.query(None),
        reasons => REASONS,
        done => if attempt.is_none() { q.done } else { None },
        errors => super::forms::error_map(&errors),
        error_links => error_links,
        values => values,
        one => one,
    };
    let status = if attempt.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    admin_page(
        state,
        s,
        status,
        "admin/comments.html",
        "admin-comments",
        ctx,
    )
    .await
}

/// Largest "older than" filter in the queue, in hours (ten years).
pub const MAX_AGE_FILTER_HOURS: i64 = 87_600;

/// The comment a per-comment form names (`one`), if it was one.
fn one_of(f: &Fields) -> AppResult<Option<CommentId>> {
    match f.get("one") {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest("error-action")),
    }
}

/// Approve, reject, hide, mark as spam or secret: one comment (its own
/// buttons) or many (the bulk form). Back to the queue with its filters, or
/// the queue again with the messages and what was chosen (422).
async fn decide(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<QueueQuery>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let filters = Filters::from_query(&q);
    let verdict = Verdict::from_form(f.get("decision"), f.get("ban_days"));
    let ids = f
        .all("id")
        .iter()
        .map(|raw| raw.parse::<CommentId>())
        .collect::<Result<Vec<CommentId>, _>>()
        .map_err(|_| AppError::BadRequest("error-action"))?;
    let one = one_of(&f)?;
    match state
        .app
        .decide_comments(&s.actor, &ids, verdict, f.get("reason"), f.get("note"))
        .await
    {
        Ok(n) => Ok(see_other(
            &filters.back(n, f.get("at").parse().ok().filter(|_| one.is_some())),
        )),
        Err(lykta_app::Error::Invalid(e)) => {
            let attempt = Attempt {
                errors: &e,
                fields: &f,
                one,
            };
            queue_page(&state, &s, &filters, &q, Some(attempt)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The team answers a comment, on the public page, as the organisation;
/// back to the queue with its filters, or the queue again with the text
/// kept under its comment (422).
async fn answer(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<CommentId>,
    Query(q): Query<QueueQuery>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let outcome = state
        .app
        .answer_comment(&s.actor, &s.user.name, &s.user.email, id, f.get("answer"))
        .await;
    after_answer(&state, &s, id, &q, &f, outcome).await
}

/// The team answers a comment that came from a platform, there, as the
/// organisation's account (the worker posts it); back to the queue, or the
/// queue again with the text kept under its comment (422).
async fn answer_there(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<CommentId>,
    Query(q): Query<QueueQuery>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let outcome = state
        .app
        .answer_on_platform(&s.actor, id, f.get("platform_answer"))
        .await;
    after_answer(&state, &s, id, &q, &f, outcome).await
}

/// After an answer: back to the queue with its filters, or the queue again
/// with the text kept under comment `id` (422).
async fn after_answer(
    state: &AppState,
    s: &SignedIn,
    id: CommentId,
    q: &QueueQuery,
    f: &Fields,
    outcome: lykta_app::Result<()>,
) -> AppResult<Response> {
    let filters = Filters::from_query(q);
    match outcome {
        Ok(()) => Ok(see_other(&filters.back(1, f.get("at").parse().ok()))),
        Err(lykta_app::Error::Invalid(e)) => {
            let attempt = Attempt {
                errors: &e,
                fields: f,
                one: Some(id),
            };
            queue_page(state, s, &filters, q, Some(attempt)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The blog's comment policy: generated from its settings (who runs it, its
/// purpose, how and when comments are moderated, what is removed and why,
/// that comments are public records, what happens on breach), followed by
/// the blog's own words. Linked from every comment form.
async fn policy(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: crate::lang::Preferred,
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
            meta => minijinja::context! { title => state.t(state.site().await?.reader_language(preferred, blog.language), "policy-title") },
        },
        ..super::public::blog_context(&state, &viewer, preferred, &blog, format!("{}/{}/kommentarspolicy", state.base_url, blog.slug)).await?
    };
    Ok(super::public::finish(
        &viewer,
        &blog,
        super::render(&state, "policy.html", ctx)?.into_response(),
    ))
}
