//! Private iCalendar feeds to subscribe to from Outlook or any calendar app:
//! one per person (plan items assigned to them, posts of theirs scheduled to
//! go out) and one per blog (its plan and scheduled posts). The link's
//! secret is the only key, so it is long and random, never cached by a
//! shared cache, and can be replaced (the old link then answers 404).

use super::private;
use super::staff::see_other;
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::Staff;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lykta_domain::BlogId;
use lykta_domain::{iso_date, stockholm_date};
use lykta_render::ical::{calendar, CalEvent, When};
use lykta_store::{CalendarPost, DuePlanItem, StoreError};

pub fn routes() -> Routes {
    Routes::new()
        .route("/calendar/{kind}/{file}", get(feed))
        .route("/admin/profile/calendar", post(new_person_link))
        .route("/admin/blogs/{id}/calendar", post(new_blog_link))
}

/// How far back a feed reaches (so recent history stays visible).
const PAST_DAYS: i64 = 90;

/// A feed's secret path for a person (`kind` "person") or a blog.
pub fn feed_path(kind: &str, token: &str) -> String {
    format!("/calendar/{kind}/{token}.ics")
}

async fn feed(
    State(state): State<AppState>,
    Path((kind, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let not_found = || AppError::NotFound(None);
    let token = file.strip_suffix(".ics").ok_or_else(not_found)?;
    let from = iso_date(stockholm_date(state.now() - PAST_DAYS * 86_400));
    let found = match kind.as_str() {
        "person" => match state.store.user_by_calendar_token(token).await {
            Ok(u) => {
                // Only the blogs the person is in now: leaving a team takes
                // its plan out of their calendar.
                let blogs: Vec<BlogId> = state
                    .store
                    .memberships(u.id, state.now())
                    .await?
                    .iter()
                    .map(|m| m.blog_id)
                    .collect();
                let mut items = state
                    .store
                    .plan_items_for_calendar(Some(u.id), None, &from)
                    .await?;
                items.retain(|i| blogs.contains(&i.item.blog_id));
                let mut posts = state.store.scheduled_posts(Some(u.id), None).await?;
                posts.retain(|p| blogs.contains(&p.blog_id));
                Some((u.name.clone(), items, posts))
            }
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        "blog" => match state.store.blog_by_calendar_token(token).await {
            Ok(b) => Some((
                b.name.clone(),
                state
                    .store
                    .plan_items_for_calendar(None, Some(b.id), &from)
                    .await?,
                state.store.scheduled_posts(None, Some(b.id)).await?,
            )),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        _ => None,
    };
    let Some((name, items, posts)) = found else {
        // A wrong or replaced secret: nothing says whether it ever existed.
        return Ok(private(
            (StatusCode::NOT_FOUND, "Not found\n").into_response(),
        ));
    };
    let org = state.organisation().await?;
    let ids: Vec<lykta_domain::PostId> = posts.iter().map(|p| p.id).collect();
    let channels = state.store.planned_deliveries(&ids).await?;
    let events = events(&state, &items, &posts, &channels);
    let body = calendar(&format!("{name} – {}", org.name), &events, state.now());
    Ok(private(
        (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            body,
        )
            .into_response(),
    ))
}

fn events(
    state: &AppState,
    items: &[DuePlanItem],
    posts: &[CalendarPost],
    channels: &[lykta_store::PlannedDelivery],
) -> Vec<CalEvent> {
    let host = url::Url::parse(&state.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "lykta".into());
    let mut out = Vec::new();
    for due in items {
        let i = &due.item;
        let Ok(day) = lykta_domain::parse_date(&i.due_on) else {
            continue;
        };
        let lang =
            lykta_domain::Language::parse(&due.blog_language).unwrap_or(lykta_domain::Language::Sv);
        let mut description = vec![format!("{}: {}", state.t(lang, "blog"), due.blog_name)];
        if !i.theme.is_empty() {
            description.push(format!("{}: {}", state.t(lang, "calendar-theme"), i.theme));
        }
        if let Some(who) = &i.assignee_name {
            description.push(format!("{}: {who}", state.t(lang, "calendar-assignee")));
        }
        description.push(format!(
            "{}: {}",
            state.t(lang, "calendar-status"),
            state.t(lang, &format!("plan-status-{}", i.status.as_str()))
        ));
        out.push(CalEvent {
            uid: format!("plan-{}@{host}", i.id),
            summary: i.title.clone(),
            description: description.join("\n"),
            url: format!("{}/admin/blogs/{}/plan/{}", state.base_url, i.blog_id, i.id),
            when: When::Day(day),
            modified: i.updated_at,
            categories: i.channel_list().iter().map(|c| (*c).to_owned()).collect(),
        });
    }
    for p in posts {
        let at = p.publish_at;
        // Where it goes out, beside the blog.
        let goes: Vec<&str> = channels
            .iter()
            .filter(|c| c.post_id == p.id)
            .map(|c| c.channel_name.as_str())
            .collect();
        let description = if goes.is_empty() {
            p.blog_name.clone()
        } else {
            format!("{}\n{}", p.blog_name, goes.join(", "))
        };
        out.push(CalEvent {
            uid: format!("post-{}@{host}", p.id),
            summary: p.title.clone(),
            description,
            url: format!("{}/admin/posts/{}", state.base_url, p.id),
            when: When::At {
                start: at,
                minutes: 15,
            },
            modified: at,
            categories: vec!["blog".into()],
        });
    }
    out
}

async fn new_person_link(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    let mine = lykta_store::CalendarOf::Person(s.user.id);
    state.app.new_calendar_link(&s.actor, mine).await?;
    Ok(see_other("/admin/profile#calendar"))
}

async fn new_blog_link(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
) -> AppResult<Response> {
    let of = lykta_store::CalendarOf::Blog(id);
    state.app.new_calendar_link(&s.actor, of).await?;
    Ok(see_other(&format!("/admin/blogs/{id}/plan#calendar")))
}
