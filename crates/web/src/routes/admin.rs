//! The staff admin: dashboard, blogs, posts, pages, organisation, people and
//! profile. Every handler asks `lykta_domain::can` through [`require`].

use super::forms::{error_map, Fields};
use super::{base_context, private, render};
use crate::error::{AppError, AppResult};
use crate::session::{SignedIn, Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
pub use lykta_app::posts::MAX_NOTE_CHARS;
use lykta_app::posts::{PageContent, PostContent, Saved, MAX_TAGS, MAX_TAG_CHARS};
pub use lykta_app::{on_blog, on_post};
use lykta_domain::{
    can, markdown_body, optional_text, required_text, stockholm_local_to_utc, Action, Audience,
    Email, FieldErrors, Language, Password, PostState, ReviewStep, Role, Slug, Target, Workflow,
};
use lykta_store::{BlogInput, StateChange, StoreError};
use minijinja::{context, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/blogs/new", get(new_blog))
        .route("/admin/blogs", post(create_blog))
        .route("/admin/blogs/{id}", get(blog_posts))
        .route("/admin/blogs/{id}/edit", get(edit_blog).post(update_blog))
        .route("/admin/blogs/{id}/posts/new", get(new_post))
        .route("/admin/blogs/{id}/members", get(members).post(set_member))
        .route(
            "/admin/blogs/{id}/members/{user}/remove",
            post(remove_member),
        )
        .route("/admin/blogs/{id}/posts", post(create_post))
        .route("/admin/posts/{id}", get(edit_post).post(update_post))
        .route("/admin/posts/{id}/state", post(change_state))
        .route("/admin/posts/{id}/review", post(review_post))
        .route("/admin/posts/{id}/notes", post(add_note))
        .route("/admin/posts/{id}/notes/{note}/resolve", post(resolve_note))
        .route("/admin/blogs/{id}/invitations", post(invite))
        .route(
            "/admin/blogs/{id}/invitations/{inv}/revoke",
            post(revoke_invitation),
        )
        .route("/admin/posts/{id}/revisions/{rev}", get(compare_revision))
        .route(
            "/admin/posts/{id}/revisions/{rev}/restore",
            post(restore_revision),
        )
        .route("/admin/blogs/{id}/pages/new", get(new_page))
        .route("/admin/blogs/{id}/pages", post(create_page))
        .route("/admin/pages/{id}", get(edit_page).post(update_page))
        .route(
            "/admin/organisation",
            get(organisation).post(save_organisation),
        )
        .route("/admin/users", get(users).post(add_user))
        .route("/admin/units", post(add_unit))
        .route("/admin/units/{id}/managers", post(set_unit_managers))
        .route("/admin/profile", get(profile).post(save_profile))
        .route("/admin/profile/mail", post(save_mail_prefs))
        .route("/admin/outbox", get(outbox))
}

/// A blog, if this staff member may do `action` in it.
pub(super) async fn blog_for(
    state: &AppState,
    s: &SignedIn,
    id: i64,
    action: Action,
) -> AppResult<lykta_store::Blog> {
    Ok(state.app.blog_for(&s.actor, id, action).await?)
}

/// The one gate: may this staff member do this?
pub fn require(s: &SignedIn, action: Action, target: Target<'_>) -> AppResult<()> {
    Ok(lykta_app::require(&s.actor, action, target)?)
}

/// Render an admin page with the layout's context (language: the organisation's).
pub async fn admin_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    template: &str,
    title: &str,
    ctx: Value,
) -> AppResult<Response> {
    let org = state.organisation().await?;
    let lang = org.default_language;
    let viewer = Viewer(Some(s.clone()));
    let ctx = context! {
        ..ctx,
        ..context! {
            robots => "noindex, nofollow",
            meta => context! { title => state.t(lang, title) },
            is_admin => s.actor.role == Role::Admin,
            can_record => can(Some(&s.actor), Action::ManageRecord, Target::Organisation),
            can_moderate => can(Some(&s.actor), Action::ModerateComments, Target::Organisation)
                || s.actor.memberships.iter().any(|m| can(Some(&s.actor), Action::ModerateComments, Target::Blog { id: m.blog_id, audience: Audience::Public })),
        },
        ..base_context(state, lang, &viewer, &org)
    };
    Ok(private(
        (status, render(state, template, ctx)?).into_response(),
    ))
}

pub(super) fn see_other(to: &str) -> Response {
    private(Redirect::to(to).into_response())
}

/// How far ahead the dashboard lists plan items.
pub const UPCOMING_DAYS: i64 = 30;

async fn dashboard(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let blogs = state.store.all_blogs().await?;
    let mut rows = Vec::new();
    let org = state.organisation().await?;
    let lang = org.default_language;
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
        let cadence = lykta_domain::cadence::against_target(&published, now, target);
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
    // What is waiting for this person: the guidelines in force to
    // acknowledge, and surveys their unit has not answered.
    let guideline = match state.store.current_guideline().await? {
        Some(g)
            if state
                .store
                .guideline_acknowledged_at(g.id, s.user.id)
                .await?
                .is_none() =>
        {
            Some(g)
        }
        _ => None,
    };
    let surveys: Vec<Value> = super::surveys::open_for(&state, &s, &state.store.surveys().await?)
        .await?
        .into_iter()
        .filter(|(_, _, answered)| !answered)
        .map(|(survey, unit, _)| context! { survey => survey, unit => unit })
        .collect();
    let ctx = context! {
        rows => rows, guideline => guideline, surveys => surveys,
        can_create_blog => can(Some(&s.actor), Action::CreateBlog, Target::Organisation),
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

/// The title (or name) field, and the address from the slug field — or from
/// the title when the slug is left empty. Without a title there is nothing to
/// make an address from, and the title's own message says so.
fn title_and_slug(
    f: &Fields,
    e: &mut FieldErrors,
    title_field: &str,
    max_chars: usize,
    parse: fn(&str) -> Result<Slug, lykta_domain::Invalid>,
) -> (Option<String>, Option<Slug>) {
    let title = e.check(title_field, required_text(f.get(title_field), max_chars));
    let source = if f.get("slug").trim().is_empty() {
        f.get(title_field)
    } else {
        f.get("slug")
    };
    let slug = if source.trim().is_empty() {
        None
    } else {
        e.check("slug", parse(source))
    };
    (title, slug)
}

// ---- Blogs ----

struct ParsedBlog {
    slug: Slug,
    name: String,
    tagline: String,
    language: Language,
    audience: Audience,
    unit_id: Option<i64>,
    purpose: String,
    goal: String,
    resources: String,
    engagement: String,
    requires_approval: bool,
    posts_per_month: i64,
}

/// The highest monthly target a blog may set.
pub const MAX_POSTS_PER_MONTH: i64 = 100;

fn parse_blog(f: &Fields) -> Result<ParsedBlog, FieldErrors> {
    let mut e = FieldErrors::default();
    let (name, slug) = title_and_slug(f, &mut e, "name", 120, Slug::for_blog);
    let posts_per_month = match f.get("posts_per_month").trim() {
        "" => 0,
        n => match n.parse::<i64>() {
            Ok(n) if (0..=MAX_POSTS_PER_MONTH).contains(&n) => n,
            _ => {
                e.add("posts_per_month", "error-posts-per-month");
                0
            }
        },
    };
    let tagline = e.check("tagline", optional_text(f.get("tagline"), 200));
    let language = e.check("language", Language::parse(f.get("language")));
    let audience = e.check("audience", Audience::parse(f.get("audience")));
    let unit_id = match f.get("unit_id") {
        "" => Some(None),
        v => match v.parse::<i64>() {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                e.add("unit_id", "error-unit");
                None
            }
        },
    };
    let mut text = |k: &str| e.check(k, optional_text(f.get(k), 2000));
    let (purpose, goal, resources, engagement) = (
        text("purpose"),
        text("goal"),
        text("resources"),
        text("engagement"),
    );
    match (
        name, slug, tagline, language, audience, unit_id, purpose, goal, resources, engagement,
    ) {
        (
            Some(name),
            Some(slug),
            Some(tagline),
            Some(language),
            Some(audience),
            Some(unit_id),
            Some(purpose),
            Some(goal),
            Some(resources),
            Some(engagement),
        ) if e.is_empty() => Ok(ParsedBlog {
            slug,
            name,
            tagline,
            language,
            audience,
            unit_id,
            purpose,
            goal,
            resources,
            engagement,
            requires_approval: f.get("requires_approval") == "on",
            posts_per_month,
        }),
        _ => Err(e),
    }
}

impl ParsedBlog {
    fn input(&self) -> BlogInput<'_> {
        BlogInput {
            slug: &self.slug,
            name: &self.name,
            tagline: &self.tagline,
            language: self.language,
            audience: self.audience,
            unit_id: self.unit_id,
            purpose: &self.purpose,
            goal: &self.goal,
            resources: &self.resources,
            engagement: &self.engagement,
            requires_approval: self.requires_approval,
            posts_per_month: self.posts_per_month,
        }
    }
}

async fn blog_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog_id: Option<i64>,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let blog = match blog_id {
        Some(id) => Some(state.store.blog(id).await?),
        None => None,
    };
    let ctx = context! {
        blog_id => blog_id,
        comment_settings => blog.map(|b| context! {
            enabled => b.comments_enabled,
            close_days => b.comments_close_days,
            moderation => b.moderation().as_str(),
            policy => b.comment_policy.clone(),
            blocked_words => b.blocked_words.clone(),
            moderation_hours => b.moderation_hours,
            answer_hours => b.answer_hours,
        }),
        values => values,
        errors => error_map(errors),
        units => state.store.units().await?,
        languages => Language::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        audiences => Audience::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
    };
    let title = if blog_id.is_some() {
        "admin-edit-blog"
    } else {
        "admin-new-blog"
    };
    admin_page(state, s, status, "admin/blog_form.html", title, ctx).await
}

async fn new_blog(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::CreateBlog, Target::Organisation)?;
    let org = state.organisation().await?;
    let values = context! { language => org.default_language.as_str(), audience => "public" };
    blog_form(
        &state,
        &s,
        StatusCode::OK,
        None,
        values,
        &FieldErrors::default(),
    )
    .await
}

async fn create_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    save_blog(&state, &s, None, &Fields::parse(&body)).await
}

async fn edit_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageBlog).await?;
    blog_form(
        &state,
        &s,
        StatusCode::OK,
        Some(id),
        Value::from_serialize(&blog),
        &FieldErrors::default(),
    )
    .await
}

async fn update_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    save_blog(&state, &s, Some(id), &Fields::parse(&body)).await
}

/// Create (`id` None) or update a blog from its form.
async fn save_blog(
    state: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    f: &Fields,
) -> AppResult<Response> {
    match id {
        Some(id) => require(s, Action::ManageBlog, on_blog(&state.store.blog(id).await?))?,
        None => require(s, Action::CreateBlog, Target::Organisation)?,
    }
    let e = match parse_blog(f) {
        Ok(parsed) => {
            let saved = match id {
                Some(id) => state
                    .store
                    .update_blog(id, &parsed.input(), state.now())
                    .await
                    .map(|()| id),
                None => state.store.create_blog(&parsed.input(), state.now()).await,
            };
            match saved {
                Ok(id) => return Ok(see_other(&format!("/admin/blogs/{id}"))),
                Err(StoreError::Conflict(_)) => slug_taken(),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => e,
    };
    blog_form(
        state,
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

fn slug_taken() -> FieldErrors {
    let mut e = FieldErrors::default();
    e.add("slug", "error-slug-taken");
    e
}

async fn blog_posts(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::SeeDrafts).await?;
    let posts = state.store.posts_of_blog(id).await?;
    // Only the posts this person may open (a guest sees their own).
    let rows: Vec<Value> = posts
        .iter()
        .filter(|p| {
            let ids = p.author_ids();
            can(
                Some(&s.actor),
                Action::DiscussPost,
                on_post(&blog, &p.post, &ids),
            )
        })
        .map(|p| context! { post => &p.post, authors => &p.authors })
        .collect();
    let ctx = context! {
        blog => &blog,
        posts => rows,
        pages => state.store.pages_of_blog(id).await?,
        can_manage => can(Some(&s.actor), Action::ManageBlog, on_blog(&blog)),
        can_members => can(Some(&s.actor), Action::ManageMembers, on_blog(&blog)),
        can_plan => can(Some(&s.actor), Action::SeePlan, on_blog(&blog)),
        can_create => can(Some(&s.actor), Action::CreatePost, on_blog(&blog)),
        open_notes => state.store.open_note_counts(id).await?.into_iter().collect::<std::collections::HashMap<i64, i64>>(),
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/posts.html",
        "admin-posts",
        ctx,
    )
    .await
}

// ---- Members ----

async fn members_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog: &lykta_store::Blog,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let now = state.now();
    let invitations: Vec<Value> = state
        .store
        .invitations(blog.id)
        .await?
        .into_iter()
        .map(|i| {
            let status = match i.unusable(now) {
                None => "pending",
                Some(lykta_store::InvitationUnusable::Used) => "used",
                Some(lykta_store::InvitationUnusable::Revoked) => "revoked",
                Some(lykta_store::InvitationUnusable::Expired) => "expired",
            };
            context! { ..Value::from_serialize(&i), ..context! { status => status } }
        })
        .collect();
    let ctx = context! {
        blog => blog,
        invitations => invitations,
        members => state.store.members(blog.id).await?,
        roles => lykta_domain::BlogRole::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        values => values,
        errors => error_map(errors),
    };
    admin_page(state, s, status, "admin/members.html", "admin-members", ctx).await
}

async fn members(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    members_page(
        &state,
        &s,
        StatusCode::OK,
        &blog,
        context! { role => "author" },
        &FieldErrors::default(),
    )
    .await
}

/// Longest guest access, in days.
pub const MAX_GUEST_DAYS: i64 = 365;

async fn set_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let email = e.check("email", Email::parse(f.get("email")));
    let role = e.check("role", lykta_domain::BlogRole::parse(f.get("role")));
    let days = access_days(&f, "days", role, &mut e);
    let user = match &email {
        Some(email) => match state.store.user_for_sign_in(email).await? {
            Some((u, _)) => Some(u),
            None => {
                e.add("email", "error-no-such-person");
                None
            }
        },
        None => None,
    };
    if let (Some(user), Some(role), true) = (user, role, e.is_empty()) {
        let now = state.now();
        state
            .store
            .set_member(
                blog.id,
                user.id,
                role,
                days.map(|d| now + d * 86_400),
                s.user.id,
                now,
            )
            .await?;
        return Ok(see_other(&format!("/admin/blogs/{}/members", blog.id)));
    }
    members_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        &blog,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// Guest access length from the form's `days` field (guests get 30 days
/// when it is left empty; others no end unless given).
fn access_days(
    f: &Fields,
    field: &str,
    role: Option<lykta_domain::BlogRole>,
    e: &mut FieldErrors,
) -> Option<i64> {
    match f.get(field).trim() {
        "" if role == Some(lykta_domain::BlogRole::Guest) => Some(30),
        "" => None,
        d => match d.parse::<i64>() {
            Ok(n) if (1..=MAX_GUEST_DAYS).contains(&n) => Some(n),
            _ => {
                e.add(field, "error-days");
                None
            }
        },
    }
}

/// Invite someone to the blog by e-mail: a single-use link that works for
/// [`INVITATION_DAYS`] unless revoked.
async fn invite(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let email = e.check("invite_email", Email::parse(f.get("invite_email")));
    let role = e.check(
        "invite_role",
        lykta_domain::BlogRole::parse(f.get("invite_role")),
    );
    let days = access_days(&f, "invite_days", role, &mut e);
    let now = state.now();
    if let Some(email) = &email {
        if let Some((u, _)) = state.store.user_for_sign_in(email).await? {
            if state
                .store
                .memberships(u.id, now)
                .await?
                .iter()
                .any(|m| m.blog_id == blog.id)
            {
                e.add("invite_email", "error-already-member");
            }
        }
    }
    if let (Some(email), Some(role), true) = (email, role, e.is_empty()) {
        let token = crate::session::random_token();
        let expires_at = now + INVITATION_DAYS * 86_400;
        let inv = lykta_store::NewInvitation {
            token_hash: &crate::session::token_hash(&token),
            email: &email,
            blog_id: blog.id,
            role,
            member_until: days.map(|d| now + d * 86_400),
            invited_by: s.user.id,
            expires_at,
        };
        let inv_id = state.store.create_invitation(&inv, now).await?;
        let lang = blog.language;
        let args = [
            ("who", s.user.name.clone()),
            ("blog", blog.name.clone()),
            (
                "role",
                state
                    .t(lang, &format!("blog-role-{}", role.as_str()))
                    .to_lowercase(),
            ),
            (
                "until",
                crate::templates::format_date(&state.cat, lang, expires_at),
            ),
            ("url", format!("{}/invitation/{token}", state.base_url)),
        ];
        state
            .store
            .queue_mail(
                &lykta_store::OutgoingMail {
                    dedupe_key: format!("invitation:{inv_id}"),
                    user_id: None,
                    to_address: email.as_str().to_owned(),
                    to_name: String::new(),
                    subject: state.cat.get(lang, "mail-invitation-subject", &args),
                    body: state.cat.get(lang, "mail-invitation-body", &args),
                },
                now,
            )
            .await?;
        state.worker.wake();
        return Ok(see_other(&format!(
            "/admin/blogs/{}/members?invited=1",
            blog.id
        )));
    }
    members_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        &blog,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

async fn revoke_invitation(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, inv)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    match state
        .store
        .revoke_invitation(blog.id, inv, state.now())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/blogs/{}/members", blog.id))),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("error-invitation-not-pending")),
        Err(e) => Err(e.into()),
    }
}

async fn remove_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, user)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    state.store.remove_member(blog.id, user).await?;
    Ok(see_other(&format!("/admin/blogs/{}/members", blog.id)))
}

// ---- Posts ----

/// The post form as typed content, or the fields' messages.
async fn parse_post(state: &AppState, f: &Fields) -> AppResult<Result<PostContent, FieldErrors>> {
    let mut e = FieldErrors::default();
    let (title, slug) = title_and_slug(f, &mut e, "title", 200, Slug::for_blog_item);
    let body = e.check("body", markdown_body(f.get("body")));
    let excerpt = e.check("excerpt", optional_text(f.get("excerpt"), 500));
    let mut tags: Vec<(Slug, String)> = Vec::new();
    for raw in f
        .get("tags")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match (Slug::normalise(raw), raw.chars().count() <= MAX_TAG_CHARS) {
            (Ok(slug), true) => {
                if !tags.iter().any(|(s, _)| *s == slug) {
                    tags.push((slug, raw.to_owned()));
                }
            }
            _ => e.add("tags", "error-tag"),
        }
    }
    if tags.len() > MAX_TAGS {
        e.add("tags", "error-too-many-tags");
    }
    let users = state.store.users().await?;
    let author_ids = super::forms::chosen_people(f, "authors", &users, &mut e, "error-author");
    let cover_alt = e
        .check("cover_alt", optional_text(f.get("cover_alt"), 300))
        .unwrap_or_default();
    let cover = match f.get("cover_media_id") {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) => Some((id, cover_alt)),
            Err(_) => {
                e.add("cover_media_id", "error-media");
                None
            }
        },
    };
    Ok(match (title, slug, body, excerpt) {
        (Some(title), Some(slug), Some(body), Some(excerpt)) if e.is_empty() => Ok(PostContent {
            slug,
            title,
            body,
            excerpt,
            cover,
            tags,
            author_ids,
        }),
        _ => Err(e),
    })
}

struct PostFormView<'a> {
    blog: &'a lykta_store::Blog,
    post_id: Option<i64>,
    values: Value,
    errors: FieldErrors,
    notice: Option<&'static str>,
    preview: Option<lykta_render::markdown::Rendered>,
}

/// A note thread: the first note and its replies.
#[derive(serde::Serialize)]
struct Thread {
    note: lykta_store::Note,
    replies: Vec<lykta_store::Note>,
}

/// Notes (oldest first) grouped into threads; open threads first.
fn threads(notes: Vec<lykta_store::Note>) -> Vec<Thread> {
    let (roots, replies): (Vec<_>, Vec<_>) = notes.into_iter().partition(|n| n.parent_id.is_none());
    let mut out: Vec<Thread> = roots
        .into_iter()
        .map(|note| Thread {
            replies: replies
                .iter()
                .filter(|r| r.parent_id == Some(note.id))
                .cloned()
                .collect(),
            note,
        })
        .collect();
    out.sort_by_key(|t| t.note.resolved_at.is_some());
    out
}

impl<'a> PostFormView<'a> {
    /// An existing post's form with these values and messages.
    fn existing(blog: &'a lykta_store::Blog, id: i64, values: Value, errors: FieldErrors) -> Self {
        PostFormView {
            blog,
            post_id: Some(id),
            values,
            errors,
            notice: None,
            preview: None,
        }
    }
}

async fn post_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    v: PostFormView<'_>,
) -> AppResult<Response> {
    let mut may = context! {};
    let (post, revisions, reviews, notes, rendered) = match v.post_id {
        Some(id) => {
            let p = state.store.post(id).await?;
            let ids = p.author_ids();
            let on = on_post(v.blog, &p.post, &ids);
            let allowed = |a| can(Some(&s.actor), a, on);
            may = context! {
                edit => allowed(Action::EditPost),
                publish => allowed(Action::PublishPost),
                review => allowed(Action::ReviewPost),
                discuss => allowed(Action::DiscussPost),
            };
            let rendered = lykta_render::markdown::render_markdown(&p.post.body).html;
            (
                Value::from_serialize(&p.post),
                Value::from_serialize(state.store.revisions(id).await?),
                Value::from_serialize(state.store.reviews(id).await?),
                Value::from_serialize(threads(state.store.notes(id).await?)),
                Value::from_safe_string(rendered),
            )
        }
        None => {
            may = context! { edit => true };
            (
                Value::from(()),
                Value::from(()),
                Value::from(()),
                Value::from(()),
                Value::from(()),
            )
        }
    };
    let preview = v.preview.map(|r| {
        context! {
            html => Value::from_safe_string(r.html),
            warnings => r.warnings.iter().map(warning_key).collect::<Vec<_>>(),
        }
    });
    let body = v
        .values
        .get_attr("body")
        .ok()
        .and_then(|b| b.as_str().map(str::to_owned))
        .unwrap_or_default();
    let aids = writing_aids(&body, v.blog.language);
    let ctx = context! {
        blog => v.blog,
        post_id => v.post_id,
        post => post,
        revisions => revisions,
        reviews => reviews,
        may => may,
        notes => notes,
        rendered => rendered,
        values => v.values,
        errors => error_map(&v.errors),
        notice => v.notice,
        preview => preview,
        aids => aids,
        users => state.store.users().await?,
        media => state.store.all_media().await?,
        now_local => crate::templates::datetime_local(state.now() + 3600),
    };
    let title = if v.post_id.is_some() {
        "admin-edit-post"
    } else {
        "admin-new-post"
    };
    admin_page(state, s, status, "admin/post_form.html", title, ctx).await
}

fn warning_key(w: &lykta_render::markdown::Warning) -> &'static str {
    use lykta_render::markdown::Warning;
    match w {
        Warning::RawHtmlRemoved => "warning-raw-html",
        Warning::UnsafeLinkRemoved => "warning-unsafe-link",
        Warning::ImageWithoutAlt { .. } => "check-image-alt",
        Warning::TooLong { .. } => "error-body-too-long",
    }
}

/// Readability and accessibility findings for a draft, for the edit page.
fn writing_aids(body: &str, language: Language) -> Value {
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

/// The form's values for an existing post.
fn post_values(p: &lykta_store::PostDetail) -> Value {
    context! {
        title => &p.post.title,
        slug => &p.post.slug,
        body => &p.post.body,
        excerpt => &p.post.excerpt,
        cover_media_id => p.post.cover_media_id.map(|i| i.to_string()).unwrap_or_default(),
        cover_alt => &p.post.cover_alt,
        tags => p.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        authors => p.author_ids(),
        version => p.post.version,
    }
}

/// Submitted values, with the author list kept as numbers for the select.
fn submitted_values(f: &Fields) -> Value {
    let authors: Vec<i64> = f
        .all("authors")
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect();
    context! { ..context! { authors => authors }, ..Value::from_serialize(f.values()) }
}

async fn new_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<i64>,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    require(&s, Action::CreatePost, on_blog(&blog))?;
    let values = context! { authors => vec![s.user.id] };
    let v = PostFormView {
        blog: &blog,
        post_id: None,
        values,
        errors: FieldErrors::default(),
        notice: None,
        preview: None,
    };
    post_form(&state, &s, StatusCode::OK, v).await
}

async fn create_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    require(&s, Action::CreatePost, on_blog(&blog))?;
    let f = Fields::parse(&body);
    let preview = (f.get("intent") == "preview")
        .then(|| lykta_render::markdown::render_markdown(f.get("body")));
    let content = match parse_post(&state, &f).await? {
        Ok(p) if preview.is_none() => Ok(p),
        Ok(_) => Err((FieldErrors::default(), StatusCode::OK)),
        Err(e) => Err((e, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let errors = match content {
        Ok(content) => match state
            .app
            .create_post(&s.actor, blog_id, &content, f.get("idea") == "1")
            .await
        {
            Ok(id) => return Ok(see_other(&format!("/admin/posts/{id}?saved=1"))),
            Err(lykta_app::Error::Invalid(e)) => (e, StatusCode::UNPROCESSABLE_ENTITY),
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    let v = PostFormView {
        blog: &blog,
        post_id: None,
        values: submitted_values(&f),
        errors: errors.0,
        notice: None,
        preview,
    };
    post_form(&state, &s, errors.1, v).await
}

#[derive(serde::Deserialize)]
struct Notice {
    saved: Option<String>,
    unscheduled: Option<String>,
    state: Option<String>,
}

async fn edit_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    axum::extract::Query(n): axum::extract::Query<Notice>,
) -> AppResult<Response> {
    // Everyone in the team may open a post to read, review and discuss it;
    // the form is there only for those who may edit.
    let (p, blog) = post_for(&state, &s, id, Action::DiscussPost).await?;
    let notice = if n.unscheduled.is_some() {
        Some("notice-unscheduled")
    } else if n.saved.is_some() {
        Some("notice-saved")
    } else if n.state.is_some() {
        Some("notice-state-changed")
    } else {
        None
    };
    let v = PostFormView {
        blog: &blog,
        post_id: Some(id),
        values: post_values(&p),
        errors: FieldErrors::default(),
        notice,
        preview: None,
    };
    post_form(&state, &s, StatusCode::OK, v).await
}

async fn update_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let (_, blog) = post_for(&state, &s, id, Action::EditPost).await?;
    let f = Fields::parse(&body);
    let preview = (f.get("intent") == "preview")
        .then(|| lykta_render::markdown::render_markdown(f.get("body")));
    let form = |errors, notice, preview, status| {
        let v = PostFormView {
            blog: &blog,
            post_id: Some(id),
            values: submitted_values(&f),
            errors,
            notice,
            preview,
        };
        (v, status)
    };
    let content = match parse_post(&state, &f).await? {
        Ok(p) if preview.is_none() => p,
        Ok(_) => {
            let (v, st) = form(FieldErrors::default(), None, preview, StatusCode::OK);
            return post_form(&state, &s, st, v).await;
        }
        Err(e) => {
            let (v, st) = form(e, None, preview, StatusCode::UNPROCESSABLE_ENTITY);
            return post_form(&state, &s, st, v).await;
        }
    };
    let Ok(version) = f.get("version").parse::<i64>() else {
        return Err(AppError::BadRequest("error-version"));
    };
    match state.app.edit_post(&s.actor, id, version, &content).await {
        Ok(saved) => Ok(see_other(&format!(
            "/admin/posts/{id}?{}",
            saved_notice(saved)
        ))),
        Err(lykta_app::Error::Invalid(e)) => {
            let (v, st) = form(e, None, None, StatusCode::UNPROCESSABLE_ENTITY);
            post_form(&state, &s, st, v).await
        }
        Err(lykta_app::Error::Stale { .. }) => {
            // Keep what the user typed in the form, and say why it was not saved.
            let (v, st) = form(
                FieldErrors::default(),
                Some("error-stale"),
                None,
                StatusCode::CONFLICT,
            );
            post_form(&state, &s, st, v).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The notice after a save, as a query.
fn saved_notice(saved: Saved) -> &'static str {
    match saved {
        Saved::Unscheduled => "unscheduled=1",
        Saved::Saved => "saved=1",
    }
}

async fn change_state(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let (p, blog) = post_for(&state, &s, id, Action::PublishPost).await?;
    let f = Fields::parse(&body);
    let change = match f.get("action") {
        "publish" => Ok(StateChange::Publish),
        "unpublish" => Ok(StateChange::Unpublish),
        "draft" => Ok(StateChange::BackToDraft),
        "schedule" => stockholm_local_to_utc(f.get("publish_at"))
            .map(|at| StateChange::Schedule { at })
            .map_err(|err| {
                let mut e = FieldErrors::default();
                e.add("publish_at", err.key);
                e
            }),
        _ => return Err(AppError::BadRequest("error-action")),
    };
    let result = match change {
        Ok(change) => state.app.change_post_state(&s.actor, id, change).await,
        Err(e) => Err(lykta_app::Error::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/admin/posts/{id}?state=1"))),
        Err(lykta_app::Error::Invalid(e)) => {
            let v = PostFormView::existing(&blog, id, post_values(&p), e);
            post_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Review ----

/// Ask for review (the writer), approve or send back with a note (a reviewer
/// or the blog's editor). Each step is logged with who, when and the note.
async fn review_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let step = ReviewStep::parse(f.get("step")).map_err(|e| AppError::BadRequest(e.key))?;
    let action = if matches!(step, ReviewStep::Submit | ReviewStep::Start) {
        Action::EditPost
    } else {
        Action::ReviewPost
    };
    let (p, blog) = post_for(&state, &s, id, action).await?;
    // The version the reviewer read: approving text that changed since is refused.
    let seen = match f.get("version").trim() {
        "" => None,
        v => Some(
            v.parse()
                .map_err(|_| AppError::BadRequest("error-version"))?,
        ),
    };
    match state
        .app
        .review_post(&s.actor, id, step, f.get("note"), seen)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/posts/{id}?state=1"))),
        Err(lykta_app::Error::Invalid(e)) => {
            post_form(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                PostFormView::existing(&blog, id, post_values(&p), e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Internal notes ----

async fn add_note(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let (p, blog) = post_for(&state, &s, id, Action::DiscussPost).await?;
    let f = Fields::parse(&body);
    let reply_to = match f.get("reply_to").trim() {
        "" => None,
        r => Some(r.parse::<i64>().map_err(|_| AppError::NotFound(None))?),
    };
    // A new thread's field is `note_body`; a reply's is `body`.
    let field = if reply_to.is_some() {
        "body"
    } else {
        "note_body"
    };
    let mut e = FieldErrors::default();
    let text = e.check(
        "note_body",
        lykta_domain::required_multiline(f.get(field), MAX_NOTE_CHARS),
    );
    if let (Some(text), true) = (text, e.is_empty()) {
        state
            .store
            .add_note(id, reply_to, s.user.id, &text, state.now())
            .await?;
        return Ok(see_other(&format!("/admin/posts/{id}#notes")));
    }
    post_form(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        PostFormView::existing(
            &blog,
            id,
            context! { ..post_values(&p), ..context! { note_body => f.get(field) } },
            e,
        ),
    )
    .await
}

async fn resolve_note(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, note)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    post_for(&state, &s, id, Action::DiscussPost).await?;
    let resolved = Fields::parse(&body).get("resolved") != "0";
    state
        .store
        .resolve_note(id, note, resolved, s.user.id, state.now())
        .await?;
    Ok(see_other(&format!("/admin/posts/{id}#notes")))
}

// ---- Revisions ----

/// A line-by-line difference, for the template: (kind, text) with kind
/// "same", "added" or "removed".
fn line_diff(old: &str, new: &str) -> Vec<(&'static str, String)> {
    use similar::{ChangeTag, TextDiff};
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| {
            let kind = match c.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "added",
                ChangeTag::Delete => "removed",
            };
            (kind, c.value().trim_end_matches('\n').to_owned())
        })
        .collect()
}

/// A post and its blog, if this staff member may do `action` to it.
async fn post_for(
    state: &AppState,
    s: &SignedIn,
    id: i64,
    action: Action,
) -> AppResult<(lykta_store::PostDetail, lykta_store::Blog)> {
    Ok(state.app.post_for(&s.actor, id, action).await?)
}

async fn compare_revision(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, rev)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (p, blog) = post_for(&state, &s, id, Action::DiscussPost).await?;
    let r = state.store.revision(id, rev).await?;
    let ctx = context! {
        blog => &blog,
        post => &p.post,
        revision => &r,
        title_changed => r.title != p.post.title,
        body => line_diff(&r.body, &p.post.body),
        excerpt => line_diff(&r.excerpt, &p.post.excerpt),
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/revision.html",
        "admin-revision",
        ctx,
    )
    .await
}

async fn restore_revision(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, rev)): Path<(i64, i64)>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let version = f
        .get("version")
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest("error-version"))?;
    let saved = state
        .app
        .restore_revision(&s.actor, id, rev, version)
        .await?;
    Ok(see_other(&format!(
        "/admin/posts/{id}?{}",
        saved_notice(saved)
    )))
}

// ---- Pages ----

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

async fn page_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog: &lykta_store::Blog,
    page_id: Option<i64>,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let ctx = context! { blog => blog, page_id => page_id, values => values, errors => error_map(errors) };
    let title = if page_id.is_some() {
        "admin-edit-page"
    } else {
        "admin-new-page"
    };
    admin_page(state, s, status, "admin/page_form.html", title, ctx).await
}

async fn new_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<i64>,
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
    )
    .await
}

async fn create_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    save_page(&state, &s, &blog, None, &Fields::parse(&body)).await
}

async fn edit_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = state.store.page(id).await?;
    let blog = state.store.blog(page.blog_id).await?;
    require(&s, Action::ManageBlog, on_blog(&blog))?;
    let values = context! {
        title => &page.title, slug => &page.slug, body => &page.body, position => page.position,
        published => if page.published { "on" } else { "" }, version => page.version,
    };
    page_form(
        &state,
        &s,
        StatusCode::OK,
        &blog,
        Some(id),
        values,
        &FieldErrors::default(),
    )
    .await
}

async fn update_page(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
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
    id: Option<i64>,
    f: &Fields,
) -> AppResult<Response> {
    require(s, Action::ManageBlog, on_blog(blog))?;
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
                Err(lykta_app::Error::Stale { .. }) => {
                    let mut e = FieldErrors::default();
                    e.add("title", "error-stale");
                    (StatusCode::CONFLICT, e)
                }
                Err(err) => return Err(err.into()),
            }
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    page_form(
        state,
        s,
        status,
        blog,
        id,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

/// An optional choice from the image library: "" is none; anything else must
/// name an existing image.
async fn media_choice(
    state: &AppState,
    f: &Fields,
    field: &str,
    e: &mut FieldErrors,
) -> Option<i64> {
    match f.get(field) {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) if state.store.media(id).await.is_ok() => Some(id),
            _ => {
                e.add(field, "error-media");
                None
            }
        },
    }
}

// ---- Organisation ----

async fn organisation(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let org = state.organisation().await?;
    org_form(
        &state,
        &s,
        StatusCode::OK,
        Value::from_serialize(&org),
        &FieldErrors::default(),
    )
    .await
}

async fn save_organisation(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 200));
    let lang = e.check(
        "default_language",
        Language::parse(f.get("default_language")),
    );
    let email = if f.get("contact_email").trim().is_empty() {
        Some(String::new())
    } else {
        e.check(
            "contact_email",
            Email::parse(f.get("contact_email")).map(|m| m.to_string()),
        )
    };
    let phone = e.check("contact_phone", optional_text(f.get("contact_phone"), 50));
    let statement = e.check(
        "accessibility_statement",
        markdown_body(f.get("accessibility_statement")),
    );
    let logo = media_choice(&state, &f, "logo_media_id", &mut e).await;
    match (name, lang, email, phone, statement) {
        (
            Some(name),
            Some(default_language),
            Some(contact_email),
            Some(contact_phone),
            Some(accessibility_statement),
        ) if e.is_empty() => {
            let org = lykta_store::Organisation {
                name,
                default_language,
                contact_email,
                contact_phone,
                logo_media_id: logo,
                accessibility_statement,
                updated_at: state.now(),
                logo_url: None,
            };
            state.store.save_organisation(&org).await?;
            Ok(see_other("/admin/organisation"))
        }
        _ => {
            org_form(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                Value::from_serialize(f.values()),
                &e,
            )
            .await
        }
    }
}

async fn org_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let managers = state.store.unit_managers().await?;
    let units: Vec<Value> = state
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| {
            let mine: Vec<&(i64, i64, String)> = managers.iter().filter(|m| m.0 == u.id).collect();
            context! { u => u, manager_ids => mine.iter().map(|m| m.1).collect::<Vec<_>>(), manager_names => mine.iter().map(|m| m.2.as_str()).collect::<Vec<_>>() }
        })
        .collect();
    let ctx = context! {
        values => values, errors => error_map(errors), units => units,
        media => state.store.all_media().await?, people => state.store.users().await?,
    };
    admin_page(
        state,
        s,
        status,
        "admin/organisation.html",
        "admin-organisation",
        ctx,
    )
    .await
}

/// Make exactly the chosen people a unit's managers.
async fn set_unit_managers(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    if !state.store.units().await?.iter().any(|u| u.id == id) {
        return Err(AppError::NotFound(None));
    }
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let users = state.store.users().await?;
    let ids = super::forms::chosen_people(&f, "managers", &users, &mut e, "error-no-such-person");
    if !e.is_empty() {
        return Err(AppError::BadRequest("error-no-such-person"));
    }
    state.store.set_unit_managers(id, &ids).await?;
    Ok(see_other(&format!("/admin/organisation#unit-{id}")))
}

async fn add_unit(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    if let Some(name) = e.check("unit_name", required_text(f.get("unit_name"), 120)) {
        match Slug::normalise(&name) {
            Ok(slug) => match state
                .store
                .create_unit(slug.as_str(), &name, state.now())
                .await
            {
                Ok(_) => return Ok(see_other("/admin/organisation")),
                Err(StoreError::Conflict(_)) => e.add("unit_name", "error-unit-taken"),
                Err(err) => return Err(err.into()),
            },
            Err(err) => e.add("unit_name", err.key),
        }
    }
    let org = state.organisation().await?;
    org_form(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        Value::from_serialize(&org),
        &e,
    )
    .await
}

// ---- People ----

async fn users_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let ctx = context! {
        people => state.store.users().await?,
        units => state.store.units().await?,
        roles => Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        values => values,
        errors => error_map(errors),
    };
    admin_page(state, s, status, "admin/users.html", "admin-users", ctx).await
}

async fn users(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    users_page(
        &state,
        &s,
        StatusCode::OK,
        context! { role => "employee" },
        &FieldErrors::default(),
    )
    .await
}

async fn add_user(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let email = e.check("email", Email::parse(f.get("email")));
    let role = e.check("role", Role::parse(f.get("role")));
    let title = e.check("title", optional_text(f.get("title"), 120));
    let password = e.check("password", Password::parse(f.get("password")));
    if let (Some(name), Some(email), Some(role), Some(title), Some(password), true) =
        (&name, &email, role, &title, password, e.is_empty())
    {
        let account = lykta_app::accounts::NewAccount {
            email,
            name,
            role,
            title,
            password,
        };
        match state.app.add_account(Some(&s.actor), account).await {
            Ok(_) => return Ok(see_other("/admin/users")),
            Err(lykta_app::Error::Invalid(more)) => e.0.extend(more.0),
            Err(err) => return Err(err.into()),
        }
    }
    users_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

/// The profile page's context besides the form: mail preferences and the
/// private calendar link.
async fn profile_extras(state: &AppState, s: &SignedIn) -> AppResult<Value> {
    let token = state.store.calendar_token(false, s.user.id).await?;
    Ok(context! {
        prefs => state.store.mail_prefs(s.user.id).await?,
        calendar_url => token.map(|t| format!("{}{}", state.base_url, super::calendar::feed_path("person", &t))),
        media => state.store.all_media().await?,
    })
}

async fn profile(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let ctx = context! { values => &s.user, errors => error_map(&FieldErrors::default()), ..profile_extras(&state, &s).await? };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/profile.html",
        "admin-profile",
        ctx,
    )
    .await
}

/// Days before a due date that reminders may be set to.
pub const MAX_REMINDER_DAYS: i64 = 30;

async fn save_mail_prefs(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let f = Fields::parse(&body);
    let days = match f.get("reminder_days").trim().parse::<i64>() {
        Ok(d) if (1..=MAX_REMINDER_DAYS).contains(&d) => d,
        _ => {
            let mut e = FieldErrors::default();
            e.add("reminder_days", "error-reminder-days");
            let ctx = context! { values => &s.user, errors => error_map(&e), ..profile_extras(&state, &s).await? };
            return admin_page(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin/profile.html",
                "admin-profile",
                ctx,
            )
            .await;
        }
    };
    let prefs = lykta_store::MailPrefs {
        mail_reminders: f.get("mail_reminders") == "1",
        mail_reviews: f.get("mail_reviews") == "1",
        mail_digest: f.get("mail_digest") == "1",
        reminder_days: days,
    };
    state.store.set_mail_prefs(s.user.id, &prefs).await?;
    Ok(see_other("/admin/profile?saved=1#mail"))
}

/// What Lykta has sent, or tried to: for administrators.
async fn outbox(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let ctx = context! {
        mails => state.store.outbox(200).await?,
        smtp_configured => !state.settings.smtp_url.0.is_empty(),
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/outbox.html",
        "admin-outbox",
        ctx,
    )
    .await
}

async fn save_profile(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let title = e.check("title", optional_text(f.get("title"), 120));
    let bio = e.check("bio", optional_text(f.get("bio"), 1000));
    let photo_alt = e.check("photo_alt", optional_text(f.get("photo_alt"), 300));
    let photo = media_choice(&state, &f, "photo_media_id", &mut e).await;
    if photo.is_some() && photo_alt.as_deref().is_some_and(|a| a.is_empty()) {
        e.add("photo_alt", "error-alt-required");
    }
    let password = match f.get("password") {
        "" => None,
        p => e.check("password", Password::parse(p)),
    };
    if let (Some(name), Some(title), Some(bio), Some(photo_alt), true) =
        (&name, &title, &bio, &photo_alt, e.is_empty())
    {
        state
            .store
            .update_profile(s.user.id, name, title, bio, photo, photo_alt, state.now())
            .await?;
        if let Some(password) = password {
            state.app.set_password(s.user.id, password).await?;
        }
        return Ok(see_other("/admin/profile"));
    }
    let ctx = context! { values => Value::from_serialize(f.values()), errors => error_map(&e), ..profile_extras(&state, &s).await? };
    admin_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "admin/profile.html",
        "admin-profile",
        ctx,
    )
    .await
}
