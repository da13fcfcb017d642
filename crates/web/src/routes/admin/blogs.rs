//! Blogs: create, settings, and the list of a blog's posts.

use crate::error::{AppError, AppResult};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{
    admin_page, blog_for, on_blog, on_post, require, see_other, title_and_slug,
};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_app::blogs::CommentRules;
use lykta_domain::PostId;
use lykta_domain::{
    can, optional_text, Action, Audience, FieldErrors, Language, Moderation, Slug, Target, Workflow,
};
use lykta_domain::{BlogId, UnitId};
use lykta_store::{Blog, BlogInput};
use minijinja::{context, Value};

struct ParsedBlog {
    slug: Slug,
    name: String,
    tagline: String,
    language: Language,
    audience: Audience,
    unit_id: Option<UnitId>,
    purpose: String,
    goal: String,
    resources: String,
    engagement: String,
    requires_approval: bool,
    posts_per_month: i64,
}

fn parse_blog(f: &Fields) -> Result<ParsedBlog, FieldErrors> {
    let mut e = FieldErrors::default();
    let (name, slug) = title_and_slug(f, &mut e, "name", 120, Slug::for_blog);
    let posts_per_month = match f.get("posts_per_month").trim() {
        "" => 0,
        n => match n.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
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
        v => match v.parse::<UnitId>() {
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

/// What the blog page shows again: the settings form (after a stale save,
/// with the colleague's settings beside it), or the comment rules as the
/// person typed them with the colleague's rules beside them.
enum Again {
    Blog(Option<Value>),
    CommentRules(Value, Value),
}

async fn blog_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog_id: Option<BlogId>,
    values: Value,
    errors: &FieldErrors,
    again: Again,
) -> AppResult<Response> {
    let blog = match blog_id {
        Some(id) => Some(state.store.blog(id).await?),
        None => None,
    };
    let (conflict, comment_conflict, comment_values) = match again {
        Again::Blog(conflict) => (conflict, None, None),
        Again::CommentRules(typed, conflict) => (None, Some(conflict), Some(typed)),
    };
    let stale = conflict.is_some() || comment_conflict.is_some();
    let syndication = crate::routes::spokes::for_blog(state, blog.as_ref()).await?;
    let ctx = context! {
        blog_id => blog_id,
        comment_settings => comment_values.or_else(|| blog.map(|b| context! {
            enabled => b.comments_enabled,
            close_days => b.comments_close_days,
            moderation => b.moderation().as_str(),
            policy => b.comment_policy.clone(),
            blocked_words => b.blocked_words.clone(),
            moderation_hours => b.moderation_hours,
            answer_hours => b.answer_hours,
            version => b.version,
        })),
        values => values,
        errors => error_map(errors),
        notice => stale.then_some("error-stale-blog"),
        conflict => conflict,
        comment_conflict => comment_conflict,
        units => state.store.units().await?,
        languages => Language::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        audiences => Audience::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        syndication => syndication,
    };
    let title = if blog_id.is_some() {
        "admin-edit-blog"
    } else {
        "admin-new-blog"
    };
    admin_page(state, s, status, "admin/blog_form.html", title, ctx).await
}

pub(super) async fn new_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
) -> AppResult<Response> {
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
        Again::Blog(None),
    )
    .await
}

pub(super) async fn create_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    save_blog(&state, &s, None, &Fields::parse(&body)).await
}

pub(super) async fn edit_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageBlog).await?;
    blog_form(
        &state,
        &s,
        StatusCode::OK,
        Some(id),
        Value::from_serialize(&blog),
        &FieldErrors::default(),
        Again::Blog(None),
    )
    .await
}

pub(super) async fn update_blog(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    save_blog(&state, &s, Some(id), &Fields::parse(&body)).await
}

/// Create (`id` None) or update a blog from its form.
async fn save_blog(
    state: &AppState,
    s: &SignedIn,
    id: Option<BlogId>,
    f: &Fields,
) -> AppResult<Response> {
    let parsed = parse_blog(f);
    let input = parsed
        .as_ref()
        .map(ParsedBlog::input)
        .map_err(|e| e.clone());
    let input = input.as_ref().map_err(|e| e.clone());
    let saved = match id {
        None => state.app.create_blog(&s.actor, input).await,
        Some(id) => {
            let saved = state.app.update_blog(&s.actor, id, read_at(f), input);
            saved.await.map(|()| id)
        }
    };
    let values = Value::from_serialize(f.values());
    let (status, errors, values, again) = match saved {
        Ok(id) => return Ok(see_other(&format!("/admin/blogs/{id}"))),
        Err(lykta_app::Error::Invalid(e)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            e,
            values,
            Again::Blog(None),
        ),
        // The person's settings stay in the form, built on the colleague's
        // version, which is shown beside them.
        Err(lykta_app::Error::Stale { current }) => {
            let theirs = state
                .store
                .blog(id.ok_or(AppError::NotFound(None))?)
                .await?;
            let conflict = blog_conflict(state, s, &theirs).await?;
            let values = context! { ..context! { version => current }, ..values };
            let none = FieldErrors::default();
            (
                StatusCode::CONFLICT,
                none,
                values,
                Again::Blog(Some(conflict)),
            )
        }
        Err(e) => return Err(e.into()),
    };
    blog_form(state, s, status, id, values, &errors, again).await
}

/// A colleague's blog settings, for the conflict panel.
async fn blog_conflict(state: &AppState, s: &SignedIn, b: &Blog) -> AppResult<Value> {
    let lang = crate::routes::staff::language(state, s).await?;
    let t = |key: String| state.t(lang, &key);
    let units = state.store.units().await?;
    let unit = units.iter().find(|u| Some(u.id) == b.unit_id);
    let yes_no = |on: bool| t(format!("conflict-{}", if on { "yes" } else { "no" }));
    Ok(crate::routes::forms::conflict(
        b.version,
        &[
            ("blog-name", &b.name),
            ("slug", &b.slug),
            ("tagline", &b.tagline),
            ("language", &t(format!("language-{}", b.language.as_str()))),
            ("audience", &t(format!("audience-{}", b.audience.as_str()))),
            ("unit", unit.map_or("–", |u| u.name.as_str())),
            ("posts-per-month", &b.posts_per_month.to_string()),
            ("requires-approval", &yes_no(b.requires_approval)),
            ("purpose", &b.purpose),
            ("goal", &b.goal),
            ("resources", &b.resources),
            ("engagement", &b.engagement),
        ],
    ))
}

/// A colleague's comment rules, for the conflict panel.
async fn comment_rules_conflict(state: &AppState, s: &SignedIn, b: &Blog) -> AppResult<Value> {
    let lang = crate::routes::staff::language(state, s).await?;
    let t = |key: String| state.t(lang, &key);
    let on = if b.comments_enabled { "yes" } else { "no" };
    Ok(crate::routes::forms::conflict(
        b.version,
        &[
            ("comment-settings-enabled", &t(format!("conflict-{on}"))),
            ("comment-settings-close", &b.comments_close_days.to_string()),
            (
                "comment-settings-moderation",
                &t(format!("moderation-{}", b.moderation().as_str())),
            ),
            (
                "comment-settings-moderation-hours",
                &b.moderation_hours.to_string(),
            ),
            ("comment-settings-answer-hours", &b.answer_hours.to_string()),
            ("comment-settings-blocked", &b.blocked_words),
            ("comment-settings-policy", &b.comment_policy),
        ],
    ))
}

/// The version of the settings the form was read at; a form without one
/// was read at none, so its save is refused as stale.
fn read_at(f: &Fields) -> i64 {
    f.get("version").parse().unwrap_or(0)
}

/// The comment rules as the form gives them.
fn comment_rules(f: &Fields) -> Result<CommentRules, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut number = |field: &str, key: &'static str| match f.get(field).trim() {
        "" => None,
        n => n.parse::<i64>().ok().or_else(|| {
            e.add(field, key);
            None
        }),
    };
    let close_days = number("close_days", "error-close-days").unwrap_or(0);
    let moderation_hours = number("moderation_hours", "error-target-hours");
    let answer_hours = number("answer_hours", "error-target-hours");
    let moderation = e.check("moderation", Moderation::parse(f.get("moderation")));
    let policy = e.check(
        "comment_policy",
        lykta_domain::markdown_body(f.get("comment_policy")),
    );
    let blocked = e.check("blocked_words", optional_text(f.get("blocked_words"), 5000));
    match (moderation, policy, blocked, e.is_empty()) {
        (Some(moderation), Some(policy), Some(blocked_words), true) => Ok(CommentRules {
            enabled: f.get("comments_enabled") == "1",
            close_days,
            moderation,
            policy,
            blocked_words,
            moderation_hours,
            answer_hours,
        }),
        _ => Err(e),
    }
}

/// The blog's comment rules (a form of their own on the settings page).
pub(super) async fn comment_settings(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let version = read_at(&f);
    let rules = comment_rules(&f);
    let enabled = rules.as_ref().is_ok_and(|r| r.enabled);
    let given = rules.as_ref().map_err(Clone::clone);
    match state
        .app
        .set_comment_rules(&s.actor, id, version, given)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/admin/blogs/{id}/edit#comment-settings"
        ))),
        Err(lykta_app::Error::Stale { .. }) => {
            let blog = blog_for(&state, &s, id, Action::ManageBlog).await?;
            let typed = context! {
                enabled => enabled,
                close_days => f.get("close_days"),
                moderation => f.get("moderation"),
                policy => f.get("comment_policy"),
                blocked_words => f.get("blocked_words"),
                moderation_hours => f.get("moderation_hours"),
                answer_hours => f.get("answer_hours"),
                version => blog.version,
            };
            let conflict = comment_rules_conflict(&state, &s, &blog).await?;
            let again = Again::CommentRules(typed, conflict);
            let (values, none) = (Value::from_serialize(&blog), FieldErrors::default());
            blog_form(
                &state,
                &s,
                StatusCode::CONFLICT,
                Some(id),
                values,
                &none,
                again,
            )
            .await
        }
        Err(lykta_app::Error::Invalid(e)) => {
            let key = e.0.first().map_or("error-action", |(_, k)| *k);
            Err(AppError::BadRequest(key))
        }
        Err(e) => Err(e.into()),
    }
}

/// The post list's filter, kept in the address (`?workflow=in_review`).
#[derive(serde::Deserialize)]
pub(super) struct PostFilter {
    workflow: Option<String>,
}

pub(super) async fn blog_posts(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    Query(q): Query<PostFilter>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::SeeDrafts).await?;
    let posts = state.store.posts_of_blog(id).await?;
    // An unknown value shows everything (the filter bar says which is on).
    let workflow = q.workflow.as_deref().and_then(|w| Workflow::parse(w).ok());
    // Only the posts this person may open (a guest sees their own).
    let rows: Vec<Value> = posts
        .iter()
        .filter(|p| workflow.is_none_or(|w| p.post.workflow == w))
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
    // E-mail subscribers: (confirmed, waiting for confirmation); the
    // addresses only for administrators, on their own page.
    let subscribers = state
        .store
        .subscriber_counts()
        .await?
        .into_iter()
        .find(|c| c.0 == id)
        .map_or((0, 0), |c| (c.1, c.2));
    let ctx = context! {
        blog => &blog,
        posts => rows,
        workflow => workflow,
        workflows => Workflow::ALL,
        pages => state.store.pages_of_blog(id).await?,
        can_manage => can(Some(&s.actor), Action::ManageBlog, on_blog(&blog)),
        can_members => can(Some(&s.actor), Action::ManageMembers, on_blog(&blog)),
        can_plan => can(Some(&s.actor), Action::SeePlan, on_blog(&blog)),
        can_create => can(Some(&s.actor), Action::CreatePost, on_blog(&blog)),
        open_notes => state.store.open_note_counts(id).await?.into_iter().collect::<std::collections::HashMap<PostId, i64>>(),
        subscribers => subscribers,
        can_subscribers => can(Some(&s.actor), Action::ManageSubscribers, on_blog(&blog)),
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
