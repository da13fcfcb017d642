//! The year plan per blog: planned activities (title, theme, target date,
//! assignee, channels, status) as a month grid and as a list; an activity
//! links to its post ("write the post" makes a linked draft); the plan is sent
//! to a reviewer for approval, and each version sent is kept as it was sent.
//!
//! Every handler asks [`require`] before doing anything; an item or approval
//! named in the URL must belong to the blog in the URL (else 404).

use super::forms::{error_map, Fields};
use super::staff::{admin_page, blog_for, on_blog, require, see_other, MAX_NOTE_CHARS};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use lykta_domain::{
    can, iso_date, optional_text, parse_date, required_text, stockholm_date, Action, Channel,
    FieldErrors, PlanApprovalState, PlanStatus, Slug,
};
use lykta_store::{Blog, PlanApproval, PlanInput, PlanItem, PostInput, StoreError};
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
/// How far ahead an activity may be planned.
pub const MAX_YEARS_AHEAD: i32 = 5;
/// The years the plan pages answer for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

// ---- Small helpers ----

/// An item of `blog`; an item of another blog is not found.
async fn item_of(state: &AppState, blog: &Blog, id: i64) -> AppResult<PlanItem> {
    let item = state.store.plan_item(id).await?;
    if item.blog_id != blog.id {
        return Err(AppError::NotFound(None));
    }
    Ok(item)
}

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

fn plan_url(blog_id: i64, year: i32, view: &str, notice: &str) -> String {
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
    Path(id): Path<i64>,
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
    let months: Vec<Value> = (1..=12u8)
        .map(|m| {
            let in_month: Vec<&Value> = views
                .iter()
                .filter(|(month, _)| *month == Some(m))
                .map(|(_, v)| v)
                .collect();
            context! {
                number => m,
                add_date => add_date(m),
                items => in_month,
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
        calendar_url => state.store.calendar_token(true, blog.id).await?.map(|t| format!("{}{}", state.base_url, super::calendar::feed_path("blog", &t))),
        notice => o.notice,
        values => o.values,
        errors => error_map(&o.errors),
        error_list => &o.errors.0,
    };
    admin_page(state, s, status, "admin/plan.html", "plan-title", ctx).await
}

// ---- Items: new, edit, delete ----

struct ParsedItem {
    title: String,
    theme: String,
    due_on: String,
    assignee_id: Option<i64>,
    channels: String,
    status: PlanStatus,
}

impl ParsedItem {
    fn input(&self, post_id: Option<i64>) -> PlanInput<'_> {
        PlanInput {
            title: &self.title,
            theme: &self.theme,
            due_on: &self.due_on,
            assignee_id: self.assignee_id,
            channels: &self.channels,
            status: self.status,
            post_id,
        }
    }
}

/// The people an item may be assigned to: the blog's team now (expired guest
/// access left out), plus whoever the item is already assigned to, so that
/// saving it unchanged keeps them.
async fn assignable(
    state: &AppState,
    blog: &Blog,
    item: Option<&PlanItem>,
) -> AppResult<Vec<(i64, String)>> {
    let now = state.now();
    let mut team: Vec<(i64, String)> = state
        .store
        .members(blog.id)
        .await?
        .into_iter()
        .filter(|m| m.expires_at.is_none_or(|t| t > now))
        .map(|m| (m.user_id, m.name))
        .collect();
    if let Some((id, name)) = item.and_then(|i| Some((i.assignee_id?, i.assignee_name.clone()?))) {
        if !team.iter().any(|(t, _)| *t == id) {
            team.push((id, name));
        }
    }
    Ok(team)
}

/// The latest date an activity may be planned for, `MAX_YEARS_AHEAD` from
/// `today` (29 February becomes 28 February).
fn latest_date(today: Date) -> Date {
    let year = today.year() + MAX_YEARS_AHEAD;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), 28))
        .unwrap_or(Date::MAX)
}

/// Check an item's form. A date in the past is refused unless it is the
/// date the item already had.
fn parse_item(
    f: &Fields,
    team: &[(i64, String)],
    existing: Option<&PlanItem>,
    today: Date,
) -> Result<ParsedItem, FieldErrors> {
    let mut e = FieldErrors::default();
    let title = e.check("title", required_text(f.get("title"), MAX_TITLE_CHARS));
    let theme = e.check("theme", optional_text(f.get("theme"), MAX_THEME_CHARS));
    let due_on = match f.get("due_on").trim() {
        "" => {
            e.add("due_on", "error-required");
            None
        }
        raw => match parse_date(raw) {
            Err(err) => {
                e.add("due_on", err.key);
                None
            }
            Ok(d) => {
                let date = iso_date(d);
                let unchanged = existing.is_some_and(|i| i.due_on == date);
                if d < today && !unchanged {
                    e.add("due_on", "error-date-past");
                    None
                } else if d > latest_date(today) {
                    e.add("due_on", "error-date-far");
                    None
                } else {
                    Some(date)
                }
            }
        },
    };
    let assignee_id = match f.get("assignee_id").trim() {
        "" => Some(None),
        v => match v
            .parse::<i64>()
            .ok()
            .filter(|id| team.iter().any(|(t, _)| t == id))
        {
            Some(id) => Some(Some(id)),
            None => {
                e.add("assignee_id", "plan-error-assignee");
                None
            }
        },
    };
    let chosen = checked_channels(f);
    if chosen.is_empty() {
        e.add("channels", "plan-error-channels");
    }
    let channels = chosen.join(",");
    let status = match f.get("status") {
        "" => Some(PlanStatus::Planned),
        st => e.check("status", PlanStatus::parse(st)),
    };
    match (title, theme, due_on, assignee_id, status) {
        (Some(title), Some(theme), Some(due_on), Some(assignee_id), Some(status))
            if e.is_empty() =>
        {
            Ok(ParsedItem {
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
    Path(id): Path<i64>,
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
    };
    item_page(&state, &s, StatusCode::OK, v).await
}

async fn create_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let f = Fields::parse(&body);
    let view = view_of(f.get("view"));
    let team = assignable(&state, &blog, None).await?;
    match parse_item(&f, &team, None, today(&state)) {
        Ok(p) => {
            let item = state
                .store
                .create_plan_item(blog.id, &p.input(None), state.now())
                .await?;
            let to = plan_url(blog.id, year_of(&p.due_on), view, "saved");
            Ok(see_other(&format!("{to}#item-{item}")))
        }
        Err(errors) => {
            let v = ItemForm {
                blog: &blog,
                item: None,
                view,
                values: submitted_values(&f),
                errors,
                notice: None,
            };
            item_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await
        }
    }
}

async fn edit_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(i64, i64)>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let item = item_of(&state, &blog, item).await?;
    let v = ItemForm {
        blog: &blog,
        item: Some(&item),
        view: view_of(&q.view),
        values: item_values(&item),
        errors: FieldErrors::default(),
        notice: None,
    };
    item_page(&state, &s, StatusCode::OK, v).await
}

async fn update_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let item = item_of(&state, &blog, item).await?;
    let f = Fields::parse(&body);
    let view = view_of(f.get("view"));
    let team = assignable(&state, &blog, Some(&item)).await?;
    let form = |errors, notice| ItemForm {
        blog: &blog,
        item: Some(&item),
        view,
        values: submitted_values(&f),
        errors,
        notice,
    };
    let parsed = match parse_item(&f, &team, Some(&item), today(&state)) {
        Ok(p) => p,
        Err(e) => {
            return item_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, form(e, None)).await
        }
    };
    let Ok(version) = f.get("version").parse::<i64>() else {
        return Err(AppError::BadRequest("error-version"));
    };
    match state
        .store
        .update_plan_item(item.id, version, &parsed.input(item.post_id), state.now())
        .await
    {
        Ok(()) => {
            let to = plan_url(blog.id, year_of(&parsed.due_on), view, "saved");
            Ok(see_other(&format!("{to}#item-{}", item.id)))
        }
        // Keep what was typed in the form, and say why it was not saved.
        Err(StoreError::StaleVersion { .. }) => {
            let v = form(FieldErrors::default(), Some("plan-error-stale"));
            item_page(&state, &s, StatusCode::CONFLICT, v).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_item(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let item = item_of(&state, &blog, item).await?;
    let f = Fields::parse(&body);
    state.store.delete_plan_item(item.id).await?;
    Ok(see_other(&plan_url(
        blog.id,
        year_of(&item.due_on),
        view_of(f.get("view")),
        "deleted",
    )))
}

// ---- Write the post ----

/// Who writes the post of `item`: its assignee if they may write in the blog
/// now, else the person asking.
async fn writer_for(
    state: &AppState,
    s: &SignedIn,
    blog: &Blog,
    item: &PlanItem,
) -> AppResult<i64> {
    let Some(id) = item.assignee_id.filter(|id| *id != s.user.id) else {
        return Ok(s.user.id);
    };
    let user = match state.store.user(id).await {
        Ok(u) if !u.disabled => u,
        Ok(_) | Err(StoreError::NotFound) => return Ok(s.user.id),
        Err(e) => return Err(e.into()),
    };
    let assignee = state.store.actor(&user, state.now()).await?;
    let member = assignee.role_in(blog.id).is_some();
    Ok(
        if member && can(Some(&assignee), Action::CreatePost, on_blog(blog)) {
            user.id
        } else {
            s.user.id
        },
    )
}

/// A draft titled like the item, at a free address made from the title.
async fn create_draft(
    state: &AppState,
    blog: &Blog,
    item: &PlanItem,
    author: i64,
    actor: i64,
) -> AppResult<i64> {
    let mut base = Slug::for_blog_item(&item.title)
        .map(Slug::into_inner)
        .unwrap_or_else(|_| format!("plan-{}", item.id));
    // Leave room for a "-N" suffix within the longest address.
    base.truncate(Slug::MAX_LEN - 4);
    let base = base.trim_end_matches('-').to_owned();
    for n in 1..=100 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let slug = Slug::for_blog_item(&candidate).map_err(|e| anyhow::anyhow!(e))?;
        let input = PostInput {
            slug: &slug,
            title: &item.title,
            body: "",
            excerpt: "",
            cover_media_id: None,
            cover_alt: "",
            tags: &[],
            author_ids: &[author],
        };
        match state
            .store
            .create_post(blog.id, &input, actor, state.now())
            .await
        {
            Ok(id) => return Ok(id),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(anyhow::anyhow!("no free address for a post titled {:?}", item.title).into())
}

/// "Write the post": a draft titled like the item, by its assignee, linked to
/// the item (which is then being written). Refused if the item has a post.
async fn write_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, item)): Path<(i64, i64)>,
) -> AppResult<Response> {
    // Linking changes the item, so it takes both: editing the plan and writing.
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    require(&s, Action::CreatePost, on_blog(&blog))?;
    let mut item = item_of(&state, &blog, item).await?;
    if item.post_id.is_some() {
        return Err(AppError::Conflict("plan-error-has-post"));
    }
    let author = writer_for(&state, &s, &blog, &item).await?;
    let post = create_draft(&state, &blog, &item, author, s.user.id).await?;
    // Someone may have saved the item in between: link the post to what is
    // stored now, unless that already has a post.
    for _ in 0..3 {
        let input = PlanInput {
            title: &item.title,
            theme: &item.theme,
            due_on: &item.due_on,
            assignee_id: item.assignee_id,
            channels: &item.channels,
            status: PlanStatus::Writing,
            post_id: Some(post),
        };
        match state
            .store
            .update_plan_item(item.id, item.version, &input, state.now())
            .await
        {
            Ok(()) => return Ok(see_other(&format!("/admin/posts/{post}"))),
            Err(StoreError::StaleVersion { .. }) => {
                item = state.store.plan_item(item.id).await?;
                if item.post_id.is_some() {
                    return Err(AppError::Conflict("plan-error-has-post"));
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("plan-error-changed"))
}

// ---- Approval ----

/// Send a year's plan, as it stands, for approval.
async fn request_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::EditPlan).await?;
    let f = Fields::parse(&body);
    let year = parse_year(f.get("year")).ok_or(AppError::BadRequest("plan-error-year"))?;
    match state
        .store
        .request_plan_approval(blog.id, year, s.user.id, state.now())
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}#plan-approval",
            plan_url(blog.id, year, view_of(f.get("view")), "sent")
        ))),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("plan-error-approval-pending")),
        Err(e) => Err(e.into()),
    }
}

/// Approve a waiting plan, or send it back with a note saying what to change.
async fn decide_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, approval)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ApprovePlan).await?;
    let approval = state.store.plan_approval(blog.id, approval).await?;
    if approval.state != PlanApprovalState::Pending {
        return Err(AppError::Conflict("plan-error-approval-decided"));
    }
    let f = Fields::parse(&body);
    let to = match f.get("decision") {
        "approve" => PlanApprovalState::Approved,
        "changes" => PlanApprovalState::ChangesRequested,
        _ => return Err(AppError::BadRequest("error-action")),
    };
    let year = i32::try_from(approval.year).map_err(|e| anyhow::anyhow!(e))?;
    let mut e = FieldErrors::default();
    let note = e
        .check("note", optional_text(f.get("note"), MAX_NOTE_CHARS))
        .unwrap_or_default();
    if to == PlanApprovalState::ChangesRequested && note.is_empty() && e.is_empty() {
        e.add("note", "error-note-required");
    }
    if !e.is_empty() {
        let o = Overview {
            blog: &blog,
            year,
            view: view_of(f.get("view")),
            notice: None,
            values: Value::from_serialize(f.values()),
            errors: e,
        };
        return overview_page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, o).await;
    }
    match state
        .store
        .decide_plan_approval(blog.id, approval.id, to, &note, s.user.id, state.now())
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "{}#plan-approval",
            plan_url(blog.id, year, view_of(f.get("view")), "decided")
        ))),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("plan-error-approval-decided")),
        Err(e) => Err(e.into()),
    }
}

/// A plan as it was sent for approval (read-only), with who decided and when.
async fn show_approval(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, approval)): Path<(i64, i64)>,
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
