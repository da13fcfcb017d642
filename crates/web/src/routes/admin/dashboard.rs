//! The dashboard: what waits for this person today.

use crate::error::AppResult;
use crate::routes::staff::{admin_page, on_blog, require};
use crate::session::Staff;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::{can, Action, PostState, Target, Workflow};
use minijinja::{context, Value};

/// How far ahead the dashboard lists plan items.
pub const UPCOMING_DAYS: i64 = 30;

pub(super) async fn dashboard(
    State(state): State<AppState>,
    Staff(s): Staff,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let blogs = state.store.all_blogs().await?;
    let mut rows = Vec::new();
    let org = state.organisation().await?;
    let lang = crate::routes::staff::language_of(&s, &org);
    let now = state.now();
    let today = lykta_domain::stockholm_date(now);
    let (today_iso, horizon) = (
        lykta_domain::iso_date(today),
        lykta_domain::iso_date(today + time::Duration::days(UPCOMING_DAYS)),
    );
    for b in blogs
        .iter()
        .filter(|b| can(Some(&s.actor), Action::SeeDrafts, on_blog(b)))
    {
        let can_see_plan = can(Some(&s.actor), Action::SeePlan, on_blog(b));
        let (mut overdue, mut upcoming) = (Vec::new(), Vec::new());
        if can_see_plan {
            for due in state
                .store
                .open_plan_items_due(Some(&[b.id]), "0000-01-01", &horizon)
                .await?
            {
                if due.item.due_on < today_iso {
                    overdue.push(due.item);
                } else {
                    upcoming.push(due.item);
                }
            }
        }
        let plan_waiting = state
            .store
            .pending_plan_approvals(&[b.id])
            .await?
            .into_iter()
            .next();
        let posts = state.store.posts_of_blog(b.id).await?;
        let count = |st: PostState| posts.iter().filter(|p| p.post.state == st).count();
        let published: Vec<i64> = posts
            .iter()
            .filter(|p| p.post.state == PostState::Published)
            .filter_map(|p| p.post.published_at)
            .collect();
        let target = u32::try_from(b.posts_per_month).unwrap_or(0);
        // The blog started when it was made or first published, if earlier
        // (an imported archive): targets count from then.
        let started = published.iter().copied().fold(b.created_at, i64::min);
        let cadence = lykta_domain::cadence::against_target(&published, now, target, started);
        let months = lykta_domain::cadence::monthly(&published, now, 12);
        let month_name = |m: u8| state.t(lang, &format!("month-{m}"));
        let bars: Vec<(String, u32)> = months
            .iter()
            .map(|m| (month_name(m.month).chars().take(3).collect(), m.posts))
            .collect();
        let described = months
            .iter()
            .map(|m| format!("{} {}: {}", month_name(m.month), m.year, m.posts))
            .collect::<Vec<_>>()
            .join(", ");
        let title = state.cat.get(
            lang,
            "chart-title",
            &[("blog", b.name.clone()), ("target", target.to_string())],
        );
        rows.push(context! {
            blog => b,
            published => count(PostState::Published),
            drafts => count(PostState::Draft),
            scheduled => count(PostState::Scheduled),
            in_review => posts.iter().filter(|p| p.post.workflow == Workflow::InReview).count(),
            target => target,
            month => cadence.month,
            quarter => cadence.quarter,
            year => cadence.year,
            behind => target > 0 && cadence.year.0 < cadence.year.1,
            chart => Value::from_safe_string(lykta_render::chart::bars(&format!("chart-{}", b.id), &bars, target, &title, &described)),
            can_manage => can(Some(&s.actor), Action::ManageBlog, on_blog(b)),
            can_see_plan => can_see_plan,
            overdue => overdue,
            upcoming => upcoming,
            plan_waiting => plan_waiting,
        });
    }
    // What waits for this person first; surveys their unit has not
    // answered come from the survey pages.
    let todo = state.app.to_do(&s.actor).await?;
    let surveys: Vec<Value> =
        crate::routes::surveys::open_for(&state, &s, &state.store.surveys().await?)
            .await?
            .into_iter()
            .filter(|(_, _, answered)| !answered)
            .map(|(survey, unit, _)| context! { survey => survey, unit => unit })
            .collect();
    let ctx = context! {
        rows => rows,
        nothing_to_do => todo.is_empty() && surveys.is_empty(),
        todo => todo,
        surveys => surveys,
        can_create_blog => can(Some(&s.actor), Action::CreateBlog, Target::Organisation),
        channel_months => crate::routes::spokes::channel_months(&state, &s).await?,
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/dashboard.html",
        "admin-dashboard",
        ctx,
    )
    .await
}
