//! Posts: the editor, states, review and notes, revisions.

use crate::error::{AppError, AppResult};
use crate::routes::editor::{warning_key, writing_aids};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, on_blog, on_post, require, see_other, title_and_slug};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_app::posts::{Intent, PostContent, Saved, MAX_TAGS, MAX_TAG_CHARS};
use lykta_domain::PostId;
use lykta_domain::{
    can, markdown_body, optional_text, stockholm_local_to_utc, Action, FieldErrors, ReviewStep,
    Slug,
};
use lykta_domain::{BlogId, NoteId, RevisionId};
use lykta_domain::{MediaId, UserId};
use lykta_store::StateChange;
use minijinja::{context, Value};

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
    let author_ids =
        crate::routes::forms::chosen_people(f, "authors", &users, &mut e, "error-author");
    let cover_alt = e
        .check("cover_alt", optional_text(f.get("cover_alt"), 300))
        .unwrap_or_default();
    let cover = match f.get("cover_media_id") {
        "" => None,
        v => match v.parse::<MediaId>() {
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
            comments_enabled: f.get("comments_enabled") == "1",
        }),
        _ => Err(e),
    })
}

struct PostFormView<'a> {
    blog: &'a lykta_store::Blog,
    post_id: Option<PostId>,
    values: Value,
    errors: FieldErrors,
    notice: Option<&'static str>,
    preview: Option<lykta_render::markdown::Rendered>,
    /// What a colleague saved while the person edited (a stale save).
    conflict: Option<lykta_store::PostDetail>,
    /// Text the person typed that the editor kept but was never saved,
    /// offered back (`routes::editor::Offer`).
    autosave: Option<Value>,
    /// The channel form as typed, when it comes back (`routes::spokes`).
    channels: Option<crate::routes::spokes::Typed>,
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
    fn existing(
        blog: &'a lykta_store::Blog,
        id: PostId,
        values: Value,
        errors: FieldErrors,
    ) -> Self {
        PostFormView {
            blog,
            post_id: Some(id),
            values,
            errors,
            notice: None,
            preview: None,
            conflict: None,
            autosave: None,
            channels: None,
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
    let mut title = "admin-new-post";
    let (post, revisions, reviews, notes, rendered) = match v.post_id {
        Some(id) => {
            let p = state.store.post(id).await?;
            let ids = p.author_ids();
            let on = on_post(v.blog, &p.post, &ids);
            let allowed = |a| can(Some(&s.actor), a, on);
            title = if allowed(Action::EditPost) {
                "admin-edit-post"
            } else {
                "admin-read-post"
            };
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
    let conflict = v.conflict.map(|theirs| {
        let fields = [
            ("title", theirs.post.title.as_str()),
            ("excerpt", theirs.post.excerpt.as_str()),
            ("body", theirs.post.body.as_str()),
        ];
        context! {
            diff => line_diff(&theirs.post.body, &body),
            ..crate::routes::forms::conflict(theirs.post.version, &fields)
        }
    });
    let ctx = context! {
        blog => v.blog,
        post_id => v.post_id,
        post => post,
        revisions => revisions,
        reviews => reviews,
        may => may,
        title => title,
        notes => notes,
        rendered => rendered,
        values => v.values,
        errors => error_map(&v.errors),
        notice => v.notice,
        preview => preview,
        conflict => conflict,
        autosave => v.autosave,
        aids => aids,
        users => state.store.users().await?,
        media => crate::routes::media::media_items(&state.store.all_media().await?),
        now_local => crate::templates::datetime_local(state.now() + 3600),
        syndication => crate::routes::syndication::for_post(state, v.blog, v.post_id, v.channels.as_ref()).await?,
    };
    admin_page(state, s, status, "admin/post_form.html", title, ctx).await
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
        comments_enabled => if p.post.comments_enabled { "1" } else { "" },
    }
}

/// Submitted values, with the author list kept as numbers for the select.
fn submitted_values(f: &Fields) -> Value {
    let authors: Vec<UserId> = f
        .all("authors")
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect();
    context! { ..context! { authors => authors }, ..Value::from_serialize(f.values()) }
}

pub(super) async fn new_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<BlogId>,
) -> AppResult<Response> {
    let blog = state.store.blog(blog_id).await?;
    require(&s, Action::CreatePost, on_blog(&blog))?;
    let values = context! { authors => vec![s.user.id], comments_enabled => "1" };
    let v = PostFormView {
        blog: &blog,
        post_id: None,
        values,
        errors: FieldErrors::default(),
        notice: None,
        preview: None,
        conflict: None,
        autosave: None,
        channels: None,
    };
    post_form(&state, &s, StatusCode::OK, v).await
}

pub(super) async fn create_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(blog_id): Path<BlogId>,
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
        conflict: None,
        autosave: None,
        channels: None,
    };
    post_form(&state, &s, errors.1, v).await
}

#[derive(serde::Deserialize)]
pub(super) struct Notice {
    done: Option<String>,
    unscheduled: Option<String>,
    /// `autosave`: put the person's autosaved text into the form.
    restore: Option<String>,
}

pub(super) async fn edit_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PostId>,
    axum::extract::Query(n): axum::extract::Query<Notice>,
) -> AppResult<Response> {
    // Everyone in the team may open a post to read, review and discuss it;
    // the form is there only for those who may edit.
    let (p, blog) = post_for(&state, &s, id, Action::DiscussPost).await?;
    let restore = n.restore.as_deref() == Some("autosave");
    let kept = if may_edit(&s, &blog, &p) {
        crate::routes::editor::offer(&state, &s, id.into(), restore, post_values(&p)).await?
    } else {
        crate::routes::editor::Offer::none(post_values(&p))
    };
    let notice = if n.unscheduled.is_some() {
        Some("notice-unscheduled")
    } else {
        kept.notice
            .or_else(|| n.done.as_deref().and_then(done_notice))
    };
    let v = PostFormView {
        blog: &blog,
        post_id: Some(id),
        values: kept.values,
        errors: FieldErrors::default(),
        notice,
        preview: None,
        // Typed on an older version: the colleague's beside it.
        conflict: kept.stale.then_some(p),
        autosave: kept.offer,
        channels: None,
    };
    post_form(&state, &s, StatusCode::OK, v).await
}

/// Every button of the editor posts here: the form is saved and the
/// button's step (ask for review, publish, schedule, …) taken in one
/// transaction, or the form comes back with the person's text and the
/// reason (422); a colleague's save in between shows both versions (409).
pub(super) async fn update_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PostId>,
    body: Bytes,
) -> AppResult<Response> {
    let (_, blog) = post_for(&state, &s, id, Action::EditPost).await?;
    let f = Fields::parse(&body);
    let form = |errors, notice, preview, conflict| PostFormView {
        blog: &blog,
        post_id: Some(id),
        values: submitted_values(&f),
        errors,
        notice,
        preview,
        conflict,
        autosave: None,
        channels: None,
    };
    if f.get("intent") == "preview" {
        let preview = lykta_render::markdown::render_markdown(f.get("body"));
        let v = form(FieldErrors::default(), None, Some(preview), None);
        return post_form(&state, &s, StatusCode::OK, v).await;
    }
    let intent = parse_intent(&f)?;
    let content = parse_post(&state, &f).await?;
    let (content, intent) = match (content, intent) {
        (Ok(c), Ok(i)) => (c, i),
        (c, i) => {
            let mut e = c.err().unwrap_or_default();
            e.0.extend(i.err().unwrap_or_default().0);
            let v = form(e, None, None, None);
            return post_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await;
        }
    };
    let Ok(version) = f.get("version").parse::<i64>() else {
        return Err(AppError::BadRequest("error-version"));
    };
    match state
        .app
        .save_post(&s.actor, id, version, &content, &intent)
        .await
    {
        Ok(Saved::Unscheduled) => Ok(see_other(&format!("/admin/posts/{id}?unscheduled=1"))),
        Ok(Saved::Saved) => Ok(see_other(&format!(
            "/admin/posts/{id}?done={}",
            match f.get("intent") {
                "" => "save",
                intent => intent,
            }
        ))),
        Err(lykta_app::Error::Invalid(e)) => {
            let v = form(e, None, None, None);
            post_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, v).await
        }
        Err(lykta_app::Error::Stale { .. }) => {
            // Keep what the person typed, show what the colleague saved, and
            // base the form on that version: saving again keeps the form.
            let theirs = state.store.post(id).await?;
            let v = form(
                FieldErrors::default(),
                Some("error-stale-merge"),
                None,
                Some(theirs),
            );
            post_form(&state, &s, StatusCode::CONFLICT, v).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether this person may edit the post (the form is theirs).
fn may_edit(s: &SignedIn, blog: &lykta_store::Blog, p: &lykta_store::PostDetail) -> bool {
    let ids = p.author_ids();
    can(
        Some(&s.actor),
        Action::EditPost,
        on_post(blog, &p.post, &ids),
    )
}

/// The step a button of the editor asks for (`intent`), or the field's
/// message (a time to schedule that cannot be read).
fn parse_intent(f: &Fields) -> AppResult<Result<Intent, FieldErrors>> {
    let step = |step| Intent::Step {
        step,
        note: f.get("note").to_owned(),
    };
    Ok(Ok(match f.get("intent") {
        "" | "save" => Intent::Save,
        "start" => step(ReviewStep::Start),
        "submit" => step(ReviewStep::Submit),
        "approve" => step(ReviewStep::Approve),
        "request_changes" => step(ReviewStep::RequestChanges),
        "publish" => Intent::State(StateChange::Publish),
        "unpublish" => Intent::State(StateChange::Unpublish),
        "draft" => Intent::State(StateChange::BackToDraft),
        "schedule" => match stockholm_local_to_utc(f.get("publish_at")) {
            Ok(at) => Intent::State(StateChange::Schedule { at }),
            Err(err) => {
                let mut e = FieldErrors::default();
                e.add("publish_at", err.key);
                return Ok(Err(e));
            }
        },
        _ => return Err(AppError::BadRequest("error-action")),
    }))
}

/// The notice after a button of the editor did its work.
fn done_notice(intent: &str) -> Option<&'static str> {
    Some(match intent {
        "save" => "notice-saved",
        "start" => "notice-started",
        "submit" => "notice-submitted",
        "approve" => "notice-approved",
        "request_changes" => "notice-changes-requested",
        "publish" => "notice-published",
        "schedule" => "notice-scheduled",
        "unpublish" => "notice-unpublished",
        "draft" => "notice-back-to-draft",
        _ => return None,
    })
}

/// The notice after a save, as a query.
fn saved_notice(saved: Saved) -> &'static str {
    match saved {
        Saved::Unscheduled => "unscheduled=1",
        Saved::Saved => "done=save",
    }
}

/// Ask for review (the writer), approve or send back with a note (a reviewer
/// or the blog's editor). Each step is logged with who, when and the note.
pub(super) async fn review_post(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PostId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let step = ReviewStep::parse(f.get("step")).map_err(|e| AppError::BadRequest(e.key))?;
    let (p, blog) = post_for(&state, &s, id, lykta_app::posts::step_action(step)).await?;
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
        Ok(()) => Ok(see_other(&format!(
            "/admin/posts/{id}?done={}",
            f.get("step")
        ))),
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

pub(super) async fn add_note(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PostId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let reply_to = match f.get("reply_to").trim() {
        "" => None,
        r => Some(r.parse::<NoteId>().map_err(|_| AppError::NotFound(None))?),
    };
    // A new thread's field is `note_body`; a reply's is `body`.
    let field = if reply_to.is_some() {
        "body"
    } else {
        "note_body"
    };
    let added = state.app.add_note(&s.actor, id, reply_to, f.get(field));
    match added.await {
        Ok(_) => Ok(see_other(&format!("/admin/posts/{id}#notes"))),
        Err(lykta_app::Error::Invalid(e)) => {
            let (p, blog) = post_for(&state, &s, id, Action::DiscussPost).await?;
            let values = context! { ..post_values(&p), ..context! { note_body => f.get(field) } };
            let view = PostFormView::existing(&blog, id, values, e);
            post_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, view).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn resolve_note(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, note)): Path<(PostId, NoteId)>,
    body: Bytes,
) -> AppResult<Response> {
    let resolved = Fields::parse(&body).get("resolved") != "0";
    state.app.resolve_note(&s.actor, id, note, resolved).await?;
    Ok(see_other(&format!("/admin/posts/{id}#notes")))
}

/// A line-by-line difference, for the template: (kind, text) with kind
/// "same", "added" or "removed".
pub(super) fn line_diff(old: &str, new: &str) -> Vec<(&'static str, String)> {
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

/// The post's page with its channel form as the person typed it (422).
pub(crate) async fn channels_again(
    state: &AppState,
    s: &SignedIn,
    id: PostId,
    typed: crate::routes::spokes::Typed,
) -> AppResult<Response> {
    let (p, blog) = post_for(state, s, id, Action::DiscussPost).await?;
    let mut v = PostFormView::existing(&blog, id, post_values(&p), FieldErrors::default());
    v.channels = Some(typed);
    post_form(state, s, StatusCode::UNPROCESSABLE_ENTITY, v).await
}

/// A post and its blog, if this staff member may do `action` to it.
async fn post_for(
    state: &AppState,
    s: &SignedIn,
    id: PostId,
    action: Action,
) -> AppResult<(lykta_store::PostDetail, lykta_store::Blog)> {
    Ok(state.app.post_for(&s.actor, id, action).await?)
}

pub(super) async fn compare_revision(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, rev)): Path<(PostId, RevisionId)>,
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

pub(super) async fn restore_revision(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, rev)): Path<(PostId, RevisionId)>,
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
