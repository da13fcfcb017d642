//! E-mail subscriptions, for readers: the form on each blog
//! (`/{blog}/prenumerera`, `/{blog}/subscribe`) — a typed address on public
//! blogs, confirmed by mail; staff signed in subscribe with their account —
//! and the pages behind the links in the mail (`/prenumeration/…`,
//! `/subscription/…`): confirm, unsubscribe (one click: a POST with no
//! session and no CSRF token, RFC 8058 — the link's secret authorises it,
//! see `session::csrf_guard`), manage (change how often, each post or a
//! weekly digest, with the link as the authority), and the person's data
//! export. They speak the reader's language where it counts.
//! Administrators see the addresses and record bounces on the blog's admin.

use super::forms::{error_map, Fields};
use super::public::{blog_context, readable_blog};
use super::{own_page_context, private, render};
use crate::error::{AppError, AppResult};
use crate::lang::Preferred;
use crate::routes::staff::{admin_page, blog_for, see_other};
use crate::routes::Routes;
use crate::session::{Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lykta_app::subscriptions::{SubscribeInput, SubscriptionLink, Undeliverable};
use lykta_domain::{Action, BlogId, Email, FieldErrors, Language};
use lykta_store::{Blog, Frequency};
use minijinja::{context, Value};
use std::net::SocketAddr;

/// The unsubscribe pages, which take a POST from anywhere (mail clients'
/// one-click unsubscribe) without a session's CSRF token.
pub const ONE_CLICK_PREFIXES: [&str; 2] = ["/prenumeration/avsluta/", "/subscription/unsubscribe/"];

pub fn routes() -> Routes {
    Routes::new()
        .route("/{blog}/prenumerera", get(form).post(submit))
        .route("/{blog}/subscribe", get(form).post(submit))
        .route(
            "/prenumeration/bekrafta/{token}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/subscription/confirm/{token}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/prenumeration/avsluta/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route(
            "/subscription/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route(
            "/prenumeration/hantera/{token}",
            get(manage).post(change_frequency),
        )
        .route(
            "/subscription/manage/{token}",
            get(manage).post(change_frequency),
        )
        .route("/prenumeration/hantera/{token}/export", get(export))
        .route("/subscription/manage/{token}/export", get(export))
        .route("/admin/blogs/{id}/subscribers", get(subscribers))
        .route(
            "/admin/blogs/{id}/subscribers/undeliverable",
            post(undeliverable),
        )
}

/// What the form shows besides the blog.
struct FormState {
    values: Value,
    errors: FieldErrors,
    /// A message key for a notice (sent, subscribed, stopped) or a refusal.
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    blog: &Blog,
    status: StatusCode,
    f: FormState,
) -> AppResult<Response> {
    let current = match &viewer.0 {
        Some(s) => state
            .store
            .subscriber_by_email(blog.id, &s.user.email)
            .await?
            .map(|s| s.frequency),
        None => None,
    };
    let canonical = format!("{}/{}/prenumerera", state.base_url, blog.slug);
    let ctx = context! {
        ..context! {
            values => f.values,
            errors => error_map(&f.errors),
            notice => f.notice,
            error => f.error,
            current => current,
            frequencies => [Frequency::Post, Frequency::Weekly],
            robots => "noindex",
            meta => context! { title => state.t(blog.language, "subs-title") },
        },
        ..blog_context(state, viewer, preferred, blog, canonical).await?
    };
    Ok(private(
        (status, render(state, "subscribe.html", ctx)?).into_response(),
    ))
}

async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let path = format!("/{slug}/prenumerera");
    let blog = readable_blog(&state, &viewer, &slug, &path).await?;
    let values = context! { email => "", frequency => "post" };
    let f = FormState {
        values,
        errors: FieldErrors::default(),
        notice: None,
        error: None,
    };
    form_page(&state, &viewer, preferred, &blog, StatusCode::OK, f).await
}

async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(slug): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let path = format!("/{slug}/prenumerera");
    let blog = readable_blog(&state, &viewer, &slug, &path).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let frequency = Frequency::parse(f.get("frequency"));
    if frequency.is_none() {
        e.add("frequency", "subs-error-frequency");
    }
    let values = context! { email => f.get("email"), frequency => f.get("frequency") };
    let again = |status, errors: FieldErrors, error| {
        let fs = FormState {
            values: values.clone(),
            errors,
            notice: None,
            error,
        };
        form_page(&state, &viewer, preferred, &blog, status, fs)
    };
    // Staff signed in: with their account, at once.
    if let Some(actor) = viewer.actor() {
        let notice = if f.get("intent") == "stop" {
            state.app.unsubscribe_account(actor, &blog).await?;
            "subs-stopped"
        } else {
            let Some(frequency) = frequency else {
                return again(StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
            };
            state.app.subscribe_account(actor, &blog, frequency).await?;
            "subs-subscribed"
        };
        let f = FormState {
            values: context! { email => "", frequency => "post" },
            errors: FieldErrors::default(),
            notice: Some(notice),
            error: None,
        };
        return form_page(&state, &viewer, preferred, &blog, StatusCode::OK, f).await;
    }
    let email = e.check("email", Email::parse(f.get("email")));
    let input = match (email, frequency) {
        (Some(email), Some(frequency)) if e.is_empty() => Ok(SubscribeInput { email, frequency }),
        _ => Err(e),
    };
    let client = state.client_ip(addr, &headers);
    match state
        .app
        .subscribe(&blog, f.get("email"), input, client)
        .await
    {
        Ok(_) => {
            let f = FormState {
                values: context! { email => "", frequency => "post" },
                errors: FieldErrors::default(),
                notice: Some("subs-sent"),
                error: None,
            };
            form_page(&state, &viewer, preferred, &blog, StatusCode::OK, f).await
        }
        Err(lykta_app::Error::Invalid(e)) => {
            again(StatusCode::UNPROCESSABLE_ENTITY, e, Some("form-has-errors")).await
        }
        Err(lykta_app::Error::TooManyRequests) => {
            let none = FieldErrors::default();
            again(StatusCode::TOO_MANY_REQUESTS, none, Some("subs-too-many")).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A page behind a link from a mail, never cached: in the reader's
/// language where it counts, else `lang` (the blog's), else the
/// organisation's ([`own_page_context`]).
async fn link_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    lang: Option<Language>,
    status: StatusCode,
    ctx: Value,
) -> AppResult<Response> {
    let (lang, layout) = own_page_context(state, viewer, preferred, lang).await?;
    let ctx = context! {
        ..ctx,
        ..context! { robots => "noindex, nofollow", meta => context! { title => state.t(lang, "subs-title") } },
        ..layout
    };
    let mut res = (status, render(state, "subscription.html", ctx)?).into_response();
    // The address holds a secret: never sent on as a Referer.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(private(res))
}

/// The page for a link that cannot be used: 404 if unknown, 410 if used up.
async fn unusable(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    why: &'static str,
) -> AppResult<Response> {
    let status = if why == "subs-link-unknown" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::GONE
    };
    let ctx = context! { view => "unusable", message => why };
    link_page(state, viewer, preferred, None, status, ctx).await
}

/// What a page behind a link shows of the subscription.
fn subscription_ctx(view: &str, blog: &Blog, s: Option<&lykta_store::Subscriber>) -> Value {
    context! {
        view => view,
        blog => context! { name => &blog.name, slug => &blog.slug },
        subscriber => s,
    }
}

/// What a link from a mail opens (GET): a confirmation link asks to
/// confirm; a manage link asks to unsubscribe (`view` "unsubscribe") or
/// shows the manage page — with `notice` or field `errors` after a change.
/// Any other link gets the page that says why it cannot be used.
#[allow(clippy::too_many_arguments)]
async fn link_view(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    token: &str,
    view: &'static str,
    status: StatusCode,
    notice: Option<&'static str>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let (subscriber, blog) = match (view, state.app.subscription_link(token).await?) {
        ("confirm", SubscriptionLink::Confirm { subscriber, blog })
        | ("unsubscribe" | "manage", SubscriptionLink::Manage { subscriber, blog }) => {
            (subscriber, blog)
        }
        (_, SubscriptionLink::Unusable(why)) => {
            return unusable(state, viewer, preferred, why).await
        }
        _ => return unusable(state, viewer, preferred, "subs-link-unknown").await,
    };
    let ctx = context! {
        ..subscription_ctx(view, &blog, Some(&subscriber)),
        ..context! {
            token => token,
            frequencies => [Frequency::Post, Frequency::Weekly],
            notice => notice,
            errors => error_map(errors),
        },
    };
    link_page(state, viewer, preferred, Some(blog.language), status, ctx).await
}

/// `?changed=1` after the frequency was changed.
#[derive(serde::Deserialize)]
struct Changed {
    changed: Option<String>,
}

async fn confirm_page(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let none = FieldErrors::default();
    link_view(
        &state,
        &viewer,
        preferred,
        &token,
        "confirm",
        StatusCode::OK,
        None,
        &none,
    )
    .await
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let none = FieldErrors::default();
    let ok = StatusCode::OK;
    link_view(
        &state,
        &viewer,
        preferred,
        &token,
        "unsubscribe",
        ok,
        None,
        &none,
    )
    .await
}

async fn manage(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Changed>,
) -> AppResult<Response> {
    let notice = q.changed.is_some().then_some("subs-frequency-changed");
    let none = FieldErrors::default();
    let ok = StatusCode::OK;
    link_view(
        &state, &viewer, preferred, &token, "manage", ok, notice, &none,
    )
    .await
}

/// The manage page's frequency form: the link is the authority.
async fn change_frequency(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    uri: axum::http::Uri,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let frequency = Frequency::parse(f.get("frequency"));
    if frequency.is_none() {
        e.add("frequency", "subs-error-frequency");
    }
    let input = frequency.ok_or(e);
    match state.app.change_subscription_frequency(&token, input).await {
        Ok(_) => Ok(see_other(&format!("{}?changed=1", uri.path()))),
        Err(lykta_app::Error::Invalid(e)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            link_view(
                &state, &viewer, preferred, &token, "manage", status, None, &e,
            )
            .await
        }
        Err(lykta_app::Error::Refused(why)) => unusable(&state, &viewer, preferred, why).await,
        Err(e) => Err(e.into()),
    }
}

async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let outcome = state.app.confirm_subscription(&token).await;
    done_page(&state, &viewer, preferred, "confirmed", outcome).await
}

/// The page after a link's button was pressed: what was done, or why the
/// link could not be used.
async fn done_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    kind: &'static str,
    outcome: Result<Blog, lykta_app::Error>,
) -> AppResult<Response> {
    match outcome {
        Ok(blog) => {
            let ctx = subscription_ctx(kind, &blog, None);
            let ok = StatusCode::OK;
            link_page(state, viewer, preferred, Some(blog.language), ok, ctx).await
        }
        Err(lykta_app::Error::Refused(why)) => unusable(state, viewer, preferred, why).await,
        Err(e) => Err(e.into()),
    }
}

/// One click: from the mail client (RFC 8058) or the confirm page.
async fn unsubscribe(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let outcome = state.app.unsubscribe(&token).await;
    done_page(&state, &viewer, preferred, "unsubscribed", outcome).await
}

/// Everything kept about the subscription, as JSON to download.
async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match state.app.export_subscription(&token).await {
        Ok(x) => {
            let blog = state.store.blog(x.subscriber.blog_id).await?;
            let s = &x.subscriber;
            let json = serde_json::json!({
                "blog": { "name": blog.name, "address": format!("{}/{}/", state.base_url, blog.slug) },
                "email": s.email,
                "frequency": s.frequency,
                "subscribed_at": s.created_at,
                "confirmed_at": s.confirmed_at,
                "with_account": s.user_id.is_some(),
                "messages": x.messages.iter().map(|(subject, sent_at)| serde_json::json!({ "subject": subject, "sent_at": sent_at })).collect::<Vec<_>>(),
            });
            let body = serde_json::to_vec_pretty(&json).map_err(|e| anyhow::anyhow!(e))?;
            let headers = [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"subscription.json\"",
                ),
                (header::REFERRER_POLICY, "no-referrer"),
            ];
            Ok(private((headers, body).into_response()))
        }
        Err(lykta_app::Error::Refused(why)) => unusable(&state, &viewer, preferred, why).await,
        Err(e) => Err(e.into()),
    }
}

async fn subscribers_page(
    state: &AppState,
    s: &crate::session::SignedIn,
    blog: &Blog,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> AppResult<Response> {
    let list = state.app.subscribers(&s.actor, blog).await?;
    let ctx = context! {
        blog => blog,
        subscribers => list,
        values => values,
        errors => error_map(errors),
        notice => notice,
    };
    admin_page(
        state,
        s,
        status,
        "admin/subscribers.html",
        "subs-admin-title",
        ctx,
    )
    .await
}

/// `?recorded=1` after a bounce or complaint was recorded.
#[derive(serde::Deserialize)]
struct Recorded {
    recorded: Option<String>,
}

async fn subscribers(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    axum::extract::Query(q): axum::extract::Query<Recorded>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageSubscribers).await?;
    let notice = q.recorded.is_some().then_some("subs-admin-recorded");
    let values = context! { email => "", kind => "bounce" };
    let none = FieldErrors::default();
    subscribers_page(&state, &s, &blog, StatusCode::OK, values, &none, notice).await
}

async fn undeliverable(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageSubscribers).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let email = e.check("email", Email::parse(f.get("email")));
    let kind = Undeliverable::parse(f.get("kind"));
    if kind.is_none() {
        e.add("kind", "subs-error-kind");
    }
    let input = email.filter(|_| e.is_empty()).ok_or(e);
    let kind = kind.unwrap_or(Undeliverable::Bounce);
    match state
        .app
        .record_undeliverable(Some(&s.actor), input, kind)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/admin/blogs/{}/subscribers?recorded=1",
            blog.id
        ))),
        Err(lykta_app::Error::Invalid(e)) => {
            let values = context! { email => f.get("email"), kind => f.get("kind") };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            subscribers_page(&state, &s, &blog, status, values, &e, None).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
