//! The year plan per blog: planned activities (title, theme, target date,
//! assignee, channels, status) as a month grid and as a list; an activity
//! links to its post ("write the post" makes a linked draft); the plan is sent
//! to a reviewer for approval, and each version sent is kept as it was sent.
//!
//! Every handler asks [`require`] before doing anything; an item or approval
//! named in the URL must belong to the blog in the URL (else 404).

use super::forms::{error_map, Fields};
use super::staff::{admin_page, blog_for, on_blog, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use lykta_app::plan::{PlanDecision, PlanItemContent};
use lykta_domain::{
    can, iso_date, optional_text, parse_date, required_text, stockholm_date, Action, BlogId,
    Channel, FieldErrors, PlanApprovalState, PlanItemId, PlanStatus, PostState, UserId,
};
use lykta_store::{Blog, PlanApproval, PlanItem};
use minijinja::{context, Value};
use time::Date;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/blogs/{id}/plan", get(overview).post(create_item))
        .route("/admin/blogs/{id}/plan/new", get(new_item))
        .route("/admin/blogs/{id}/plan/approvals", post(request_approval))
        .route(
            "/admin/blogs/{id}/plan/approvals/{approval}",
            get(show_approval).post(decide_approval),
        )
        .route(
            "/admin/blogs/{id}/plan/{item}",
            get(edit_item).post(update_item),
        )
        .route("/admin/blogs/{id}/plan/{item}/delete", post(delete_item))
        .route("/admin/blogs/{id}/plan/{item}/write", post(write_post))
}

/// Longest activity title and theme.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_THEME_CHARS: usize = 200;
/// The years the plan pages answer for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

// ---- Small helpers ----

fn today(state: &AppState) -> Date {
    stockholm_date(state.now())
}

fn parse_year(s: &str) -> Option<i32> {
    s.trim().parse().ok().filter(|y| YEARS.contains(y))
}

/// "grid" (the default) or "list".
fn view_of(s: &str) -> &'static str {
    if s == "list" {
        "list"
    } else {
        "grid"
    }
}

/// The year of a stored `YYYY-MM-DD` date.
fn year_of(due_on: &str) -> i32 {
    parse_date(due_on).map(|d| d.year()).unwrap_or_default()
}

fn plan_url(blog_id: BlogId, year: i32, view: &str, notice: &str) -> String {
    let mut url = format!("/admin/blogs/{blog_id}/plan?year={year}");
    if view == "list" {
        url.push_str("&view=list");
    }
    if !notice.is_empty() {
        url.push_str("&notice=");
        url.push_str(notice);
    }
    url
}

/// The message for `?notice=` (never the query text itself).
fn notice_key(n: &str) -> Option<&'static str> {
    match n {
        "saved" => Some("plan-notice-saved"),
        "deleted" => Some("plan-notice-deleted"),
        "sent" => Some("plan-notice-sent"),
        "decided" => Some("plan-notice-decided"),
        _ => None,
    }
}

/// An item as the templates show it: the stored fields plus its day and
/// month, its channels as a list and whether it is overdue (still open and its
/// date has passed).
fn item_view(i: &PlanItem, today: &str) -> Value {
    let date = parse_date(&i.due_on).ok();
    let open = matches!(i.status, PlanStatus::Planned | PlanStatus::Writing);
    context! {
        item => i,
        day => date.map(|d| d.day()),
        month => date.map(|d| u8::from(d.month())),
        channels => i.channel_list(),
        overdue => open && i.due_on.as_str() < today,
    }
}

fn approval_view(a: &PlanApproval) -> Value {
    context! {
        id => a.id,
        year => a.year,
        state => a.state.as_str(),
        requested_by_name => &a.requested_by_name,
        requested_at => a.requested_at,
        decided_by_name => &a.decided_by_name,
        decided_at => a.decided_at,
        note => &a.note,
    }
}

// ---- The plan: grid and list ----

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PlanQuery {
    year: String,
    view: String,
    notice: String,
    date: String,
}

struct Overview<'a> {
    blog: &'a Blog,
    year: i32,
    view: &'static str,
    notice: Option<&'static str>,
    values: Value,
    errors: FieldErrors,
}

async fn overview(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::SeePlan).await?;
    let year = match q.year.as_str() {
        "" => today(&state).year(),
        y => parse_year(y).ok_or(AppError::NotFound(None))?,
    };
    let o = Overview {
        blog: &blog,
        year,
        view: view_of(&q.view),
        notice: notice_key(&q.notice),
        values: context! {},
        errors: FieldErrors::default(),
    };
    overview_page(&state, &s, StatusCode::OK, o).await
}

async fn overview_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    o: Overview<'_>,
) -> AppResult<Response> {
    let blog = o.blog;
    let items = state.store.plan_items(blog.id, o.year).await?;
    let today = iso_date(today(state));
    // "Add to this month" starts on the 15th, or today if that has passed;
    // a month that is over gets no link (its dates would be refused).
    let add_date = |m: u8| {
        let mid = format!("{:04}-{m:02}-15", o.year);
        if mid >= today {
            Some(mid)
        } else if mid[..7] == today[..7] {
            Some(today.clone())
        } else {
            None
        }
    };
    let views: Vec<(Option<u8>, Value)> = items
        .iter()
        .map(|i| {
            (
                parse_date(&i.due_on).ok().map(|d| u8::from(d.month())),
                item_view(i, &today),
            )
        })
        .collect();
    // What actually went out (or will) each month, beside what was planned,
    // and on which channels.
    let of_blog = state.store.posts_of_blog(blog.id).await?;
    let ids: Vec<lykta_domain::PostId> = of_blog.iter().map(|p| p.post.id).collect();
    let channels = state.store.planned_deliveries(&ids).await?;
    let posts: Vec<(u8, Value)> = of_blog
        .iter()
        .filter_map(|p| {
            let (at, went) = match p.post.state {
                PostState::Published => (p.post.published_at?, "published"),
                PostState::Scheduled => (p.post.publish_at?, "scheduled"),
                _ => return None,
            };
            let d = stockholm_date(at);
            (d.year() == o.year).then(|| {
                let goes: Vec<&lykta_store::PlannedDelivery> = channels.iter().filter(|c| c.post_id == p.post.id).collect();
                let view = context! { id => p.post.id, title => &p.post.title, state => went, day => d.day(), at => at, channels => goes };
                (u8::from(d.month()), view)
            })
        })
        .collect();
    let months: Vec<Value> = (1..=12u8)
        .map(|m| {
            let mut went: Vec<&Value> = posts
                .iter()
                .filter(|(month, _)| *month == m)
                .map(|(_, v)| v)
                .collect();
            went.sort_by_key(|v| v.get_attr("at").ok().and_then(|a| i64::try_from(a).ok()));
            let in_month: Vec<&Value> = views
                .iter()
                .filter(|(month, _)| *month == Some(m))
                .map(|(_, v)| v)
                .collect();
            context! {
                number => m,
                add_date => add_date(m),
                items => in_month,
                posts => went,
            }
        })
        .collect();
    let approvals = state.store.plan_approvals(blog.id, o.year).await?;
    // Newest first: a waiting request is always the newest (only one may wait).
    let latest = approvals.first();
    let pending = latest.filter(|a| a.state == PlanApprovalState::Pending);
    let approved: Vec<Value> = approvals
        .iter()
        .filter(|a| a.state == PlanApprovalState::Approved)
        .map(approval_view)
        .collect();
    let may = |a| can(Some(&s.actor), a, on_blog(blog));
    let ctx = context! {
        blog => blog,
        year => o.year,
        view => o.view,
        previous_year => YEARS.contains(&(o.year - 1)).then_some(o.year - 1),
        next_year => YEARS.contains(&(o.year + 1)).then_some(o.year + 1),
        items => views.iter().map(|(_, v)| v).collect::<Vec<_>>(),
        months => months,
        latest => latest.map(approval_view),
        pending => pending.map(approval_view),
        approved => approved,
        may => context! {
            edit => may(Action::EditPlan),
            approve => may(Action::ApprovePlan),
        },
        calendar_url => state.store.calendar_token(lykta_store::CalendarOf::Blog(blog.id)).await?.map(|t| format!("{}{}", state.base_url, super::calendar::feed_path("blog", &t))),
        notice => o.notice,
        values => o.values,
        errors => error_map(&o.errors),
        error_list => &o.errors.0,
    };
    admin_page(state, s, status, "admin/plan.html", "plan-title", ctx).await
}

// ---- Items: new, edit, delete ----

/// The people an item may be assigned to (see [`lykta_app::App::assignable`]).
async fn assignable(
    state: &AppState,
    blog: &Blog,
    item: Option<&PlanItem>,
) -> AppResult<Vec<(UserId, String)>> {
    Ok(state.app.assignable(blog, item).await?)
}

/// Read an item's form; the plan's rules (dates, assignee, channels) are the
/// application's.
fn parse_item(f: &Fields) -> Result<PlanItemContent, FieldErrors> {
    let mut e = FieldErrors::default();
    let title = e.check("title", required_text(f.get("title"), MAX_TITLE_CHARS));
    let theme = e.check("theme", optional_text(f.get("theme"), MAX_THEME_CHARS));
    let due_on = match f.get("due_on").trim() {
        "" => {
            e.add("due_on", "error-required");
            None
        }
        raw => e.check("due_on", parse_date(raw)),
    };
    let assignee_id = match f.get("assignee_id").trim() {
        "" => Some(None),
        v => match v.parse::<UserId>() {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                e.add("assignee_id", "plan-error-assignee");
                None
            }
        },
    };
    let channels = checked_channels(f)
        .into_iter()
        .filter_map(|c| Channel::parse(c).ok())
        .collect();
    let status = match f.get("status") {
        "" => Some(PlanStatus::Planned),
        st => e.check("status", PlanStatus::parse(st)),
    };
    match (title, theme, due_on, assignee_id, status) {
        (Some(title), Some(theme), Some(due_on), Some(assignee_id), Some(status))
            if e.is_empty() =>
        {
            Ok(PlanItemContent {
                title,
                theme,
                due_on,
                assignee_id,
                channels,
                status,
            })
        }
        _ => Err(e),
    }
}

/// The form's values for a stored item.
fn item_values(i: &PlanItem) -> Value {
    context! {
        title => &i.title,
        theme => &i.theme,
        due_on => &i.due_on,
        assignee_id => i.assignee_id.map(|a| a.to_string()).unwrap_or_default(),
        channels => i.channel_list(),
        status => i.status.as_str(),
        version => i.version.to_string(),
    }
}

/// The channels ticked in the form (one checkbox per channel, named
/// `channel-{name}`), in [`Channel::ALL`]'s order.
fn checked_channels(f: &Fields) -> Vec<&'static str> {
    Channel::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !f.get(&format!("channel-{c}")).is_empty())
        .collect()
}

/// Submitted values, with the channels as a list for the checkboxes.
fn submitted_values(f: &Fields) -> Value {
    context! { ..context! { channels => checked_channels(f) }, ..Value::from_serialize(f.values()) }
}

struct ItemForm<'a> {
    blog: &'a Blog,
    item: Option<&'a PlanItem>,
    view: &'static str,
    values: Value,
    errors: FieldErrors,
    notice: Option<&'static str>,
    /// A colleague's version saved while the person typed.
    conflict: Option<Value>,
}

async fn item_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    v: ItemForm<'_>,
) -> AppResult<Response> {
    let team: Vec<Value> = assignable(state, v.blog, v.item)
        .await?
        .into_iter()
        .map(|(id, name)| context! { id => id, name => name })
        .collect();
    // The plan page to go back to: the item's year, or the year being planned.
    let year = v
        .item
        .map(|i| year_of(&i.due_on))
        .or_else(|| {
            v.values
                .get_attr("due_on")
                .ok()
                .and_then(|d| d.as_str().and_then(|d| parse_date(d).ok()))
                .map(|d| d.year())
        })
        .filter(|y| YEARS.contains(y))
        .unwrap_or_else(|| today(state).year());
    let ctx = context! {
        blog => v.blog,
        item => v.item,
        view => v.view,
        year => year,
        values => v.values,
        errors => error_map(&v.errors),
        error_list => &v.errors.0,
        notice => v.notice,
        conflict => v.conflict,
        team => team,
        channels => Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        statuses => PlanStatus::ALL.iter().map(|st| st.as_str()).collect::<Vec<_>>(),
        may_write => can(Some(&s.actor), Action::CreatePost, on_blog(v.blog)),
    };
    let title = if v.item.is_some() {
        "plan-edit-item"
    } else {
        "plan-new-item"
    };
    admin_page(state, s, status, "admin/plan_item.html", title, ctx).await
}

async fn new_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let due_on = parse_date(&q.date).map(iso_date).unwrap_or_default();
    let v = ItemForm {
        blog: &blog,
        item: None,
        view: view_of(&q.view),
        values: context! { due_on => due_on, channels => vec![Channel::Blog.as_str()], status => "planned" },
        errors: FieldErrors::default(),
        notice: None,
        conflict: None,
    };
    item_page(&state, &s, StatusCode::OK, v).await
}

async fn create_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let f = Fields::parse(&body);
    let view = view_of(f.get("view"));
    let saved = match parse_item(&f) {
        Ok(c) => state
            .app
            .create_plan_item(&s.actor, blog.id, &c)
            .await
            .map(|item| (item, c.due_on.year())),
        Err(e) => Err(lykta_app::Error::Invalid(e)),
    };
    match saved {
        Ok((item, year)) => {
            let to = plan_url(blog.id, year, view, "saved");
            Ok(see_other(&format!("{to}#item-{item}")))
        }
        Err(lykta_app::Error::Invalid(errors)) => {
            let v = ItemForm {
                blog: &blog,
                item: None,
                view,
                values: submitted_values(&f),
                errors,
                notice: None,
                conflict: None,
            };
            item_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(BlogId, PlanItemId)>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let (blog, item) = state
        .app
        .plan_item_in(&s.actor, id, item, Action::EditPlan)
        .await?;
    let v = ItemForm {
        blog: &blog,
        item: Some(&item),
        view: view_of(&q.view),
        values: item_values(&item),
        errors: FieldErrors::default(),
        notice: None,
        conflict: None,
    };
    item_page(&state, &s, StatusCode::OK, v).await
}

async fn update_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(BlogId, PlanItemId)>,
    body: Bytes,
) -> AppResult<Response> {
    let (blog, item) = state
        .app
        .plan_item_in(&s.actor, id, item, Action::EditPlan)
        .await?;
    let f = Fields::parse(&body);
    let view = view_of(f.get("view"));
    let Ok(version) = f.get("version").parse::<i64>() else {
        return Err(AppError::BadRequest("error-version"));
    };
    let saved = match parse_item(&f) {
        Ok(c) => state
            .app
            .update_plan_item(&s.actor, blog.id, item.id, version, &c)
            .await
            .map(|()| c.due_on.year()),
        Err(e) => Err(lykta_app::Error::Invalid(e)),
    };
    let form = |values, errors, notice, conflict| ItemForm {
        blog: &blog,
        item: Some(&item),
        view,
        values,
        errors,
        notice,
        conflict,
    };
    match saved {
        Ok(year) => {
            let to = plan_url(blog.id, year, view, "saved");
            Ok(see_other(&format!("{to}#item-{}", item.id)))
        }
        Err(lykta_app::Error::Invalid(e)) => {
            let v = form(submitted_values(&f), e, None, None);
            item_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await
        }
        // Keep what was typed in the form, show the colleague's version
        // beside it and build the form on that: saving again keeps the form.
        Err(lykta_app::Error::Stale { current }) => {
            let theirs = state.store.plan_item(item.id).await?;
            let lang = crate::routes::staff::language(&state, &s).await?;
            let channels: Vec<String> = theirs
                .channel_list()
                .iter()
                .map(|c| state.t(lang, &format!("channel-{c}")))
                .collect();
            let conflict = crate::routes::forms::conflict(
                current,
                &[
                    ("plan-activity", &theirs.title),
                    ("plan-theme", &theirs.theme),
                    ("plan-due", &theirs.due_on),
                    (
                        "plan-assignee",
                        theirs.assignee_name.as_deref().unwrap_or("–"),
                    ),
                    ("plan-channels", &channels.join(", ")),
                    (
                        "plan-status",
                        &state.t(lang, &format!("plan-status-{}", theirs.status.as_str())),
                    ),
                ],
            );
            let values = context! { ..context! { version => current }, ..submitted_values(&f) };
            let v = form(
                values,
                FieldErrors::default(),
                Some("plan-error-stale"),
                Some(conflict),
            );
            item_page(&state, &s, StatusCode::CONFLICT, v).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(BlogId, PlanItemId)>,
    body: Bytes,
) -> AppResult<Response> {
    let item = state.app.delete_plan_item(&s.actor, id, item).await?;
    let f = Fields::parse(&body);
    Ok(see_other(&plan_url(
        id,
        year_of(&item.due_on),
        view_of(f.get("view")),
        "deleted",
    )))
}

/// "Write the post": a draft titled like the item, by its assignee, linked to
/// the item (see [`lykta_app::App::write_plan_post`]).
async fn write_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(BlogId, PlanItemId)>,
) -> AppResult<Response> {
    let post = state.app.write_plan_post(&s.actor, id, item).await?;
    Ok(see_other(&format!("/admin/posts/{post}")))
}

// ---- Approval ----

/// Send a year's plan, as it stands, for approval.
async fn request_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let year = parse_year(f.get("year"));
    let year = state.app.request_plan_approval(&s.actor, id, year).await?;
    Ok(see_other(&format!(
        "{}#plan-approval",
        plan_url(id, year, view_of(f.get("view")), "sent")
    )))
}

/// Approve a waiting plan, or send it back with a note saying what to change.
async fn decide_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, approval)): Path<(BlogId, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let decision = match f.get("decision") {
        "approve" => Some(PlanDecision::Approve),
        "changes" => Some(PlanDecision::RequestChanges),
        _ => None,
    };
    match state
        .app
        .decide_plan_approval(&s.actor, id, approval, decision, f.get("note"))
        .await
    {
        Ok(year) => Ok(see_other(&format!(
            "{}#plan-approval",
            plan_url(id, year, view_of(f.get("view")), "decided")
        ))),
        Err(lykta_app::Error::Invalid(errors)) => {
            let blog = blog_for(&state, &s, id, Action::ApprovePlan).await?;
            let approval = state.store.plan_approval(blog.id, approval).await?;
            let o = Overview {
                blog: &blog,
                year: i32::try_from(approval.year).map_err(|e| anyhow::anyhow!(e))?,
                view: view_of(f.get("view")),
                notice: None,
                values: Value::from_serialize(f.values()),
                errors,
            };
            overview_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, o).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A plan as it was sent for approval (read-only), with who decided and when.
async fn show_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, approval)): Path<(BlogId, i64)>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::SeePlan).await?;
    let approval = state.store.plan_approval(blog.id, approval).await?;
    let mut items = approval.items();
    items.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.id.cmp(&b.id)));
    // Nothing in a kept version is overdue: it is shown as it was.
    let items: Vec<Value> = items.iter().map(|i| item_view(i, "")).collect();
    let ctx = context! {
        blog => &blog,
        approval => approval_view(&approval),
        items => items,
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/plan_approval.html",
        "plan-approval-title",
        ctx,
    )
    .await
}
