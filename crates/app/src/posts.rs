//! Posts and pages: create, edit, restore, review, publish, schedule and
//! unpublish. What may go out is decided here ([`blocker`]), and an edit
//! that makes a scheduled post unready takes it off the schedule in the same
//! transaction as the edit.

use crate::{on_blog, on_post, require, App, Error, Result, MAX_NOTE_CHARS};
use lykta_domain::{
    can, Action, Actor, FieldErrors, Language, PostState, ReviewStep, Slug, Workflow,
};
use lykta_domain::{BlogId, MediaId, NoteId, PostId, UserId};
use lykta_domain::{PageId, RevisionId};
use lykta_store::{AfterSave, Blog, Edit, PageInput, PostInput, StateChange, StoreError};

/// Most tags one post may carry, and the longest tag.
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 50;

/// A post's content as the editor gives it, already parsed.
#[derive(Debug, Clone)]
pub struct PostContent {
    pub slug: Slug,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    /// A cover image from the library, with its alt text ("" takes the
    /// image's own description).
    pub cover: Option<(MediaId, String)>,
    /// (slug, display name), unique by slug.
    pub tags: Vec<(Slug, String)>,
    /// Empty: the person saving.
    pub author_ids: Vec<UserId>,
    /// Whether readers may comment on the post (within the blog's rules).
    pub comments_enabled: bool,
}

/// What a button in the editor asks for besides saving the text: every
/// button saves the form first ([`App::save_post`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Save,
    /// A review step on the saved text (ask for review, start writing an
    /// idea, approve, send back) with its note.
    Step {
        step: ReviewStep,
        note: String,
    },
    State(StateChange),
}

/// What a save did besides saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// The post was scheduled, but may no longer go out as it stands: it is
    /// back to draft.
    Unscheduled,
}

/// A page's content, already parsed.
#[derive(Debug, Clone)]
pub struct PageContent {
    pub slug: Slug,
    pub title: String,
    pub body: String,
    pub position: i64,
    pub published: bool,
}

impl PageContent {
    fn input(&self) -> PageInput<'_> {
        PageInput {
            slug: &self.slug,
            title: &self.title,
            body: &self.body,
            position: self.position,
            published: self.published,
        }
    }
}

/// Why a post with this body and workflow may not go out now in `blog`
/// (the message key), or None when it may.
pub fn blocker(actor: &Actor, blog: &Blog, workflow: Workflow, body: &str) -> Option<&'static str> {
    if workflow == Workflow::Idea {
        Some("error-publish-idea")
    } else if body.trim().is_empty() {
        Some("error-publish-empty")
    } else if blocking_findings(body, blog.language) > 0 {
        Some("error-publish-blocked")
    } else if blog.requires_approval
        && workflow != Workflow::Approved
        && !can(Some(actor), Action::SkipApproval, on_blog(blog))
    {
        Some("error-needs-approval")
    } else {
        None
    }
}

/// Problems that must be fixed before a post may go out.
fn blocking_findings(body: &str, language: Language) -> usize {
    lykta_render::checks::check(body, language == Language::Sv)
        .blocking()
        .count()
}

/// The workflow a post has after its text is changed: approval is for the
/// text that was read, so an approved post goes back to draft.
fn workflow_after_edit(w: Workflow) -> Workflow {
    if w == Workflow::Approved {
        Workflow::Draft
    } else {
        w
    }
}

/// Who may take a review step: the writers ask for review and start an
/// idea, reviewers approve and send back.
pub fn step_action(step: ReviewStep) -> Action {
    if matches!(step, ReviewStep::Submit | ReviewStep::Start) {
        Action::EditPost
    } else {
        Action::ReviewPost
    }
}

/// A review step's note, checked, and whether the step may be taken from
/// `workflow` (messages on field `note`).
fn step_note(e: &mut FieldErrors, step: ReviewStep, workflow: Workflow, note: &str) -> String {
    let note = e
        .check("note", lykta_domain::optional_text(note, MAX_NOTE_CHARS))
        .unwrap_or_default();
    if step == ReviewStep::RequestChanges && note.is_empty() {
        e.add("note", "error-note-required");
    }
    if let Err(err) = step.apply(workflow) {
        e.add("note", err.key);
    }
    note
}

fn slug_taken() -> Error {
    Error::field("slug", "error-slug-taken")
}

impl App {
    /// A post with its blog, if `actor` may do `action` to it.
    pub async fn post_for(
        &self,
        actor: &Actor,
        id: PostId,
        action: Action,
    ) -> Result<(lykta_store::PostDetail, Blog)> {
        let p = self.store.post(id).await?;
        let blog = self.store.blog(p.post.blog_id).await?;
        let ids = p.author_ids();
        require(actor, action, on_post(&blog, &p.post, &ids))?;
        Ok((p, blog))
    }

    /// A blog, if `actor` may do `action` in it.
    pub async fn blog_for(&self, actor: &Actor, id: BlogId, action: Action) -> Result<Blog> {
        let blog = self.store.blog(id).await?;
        require(actor, action, on_blog(&blog))?;
        Ok(blog)
    }

    /// The cover's alt text: as given, else the image's own; an image that
    /// does not exist or has no description is refused.
    async fn cover(&self, cover: &Option<(MediaId, String)>) -> Result<(Option<MediaId>, String)> {
        let Some((id, alt)) = cover else {
            return Ok((None, String::new()));
        };
        let media = match self.store.media(*id).await {
            Ok(m) => m,
            Err(StoreError::NotFound) => return Err(Error::field("cover_media_id", "error-media")),
            Err(e) => return Err(e.into()),
        };
        let alt = if alt.trim().is_empty() {
            media.alt
        } else {
            alt.clone()
        };
        if alt.trim().is_empty() {
            return Err(Error::field("cover_alt", "error-alt-required"));
        }
        Ok((Some(*id), alt))
    }

    /// Start a post (a draft, or an idea nobody writes yet) in a blog.
    pub async fn create_post(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        content: &PostContent,
        as_idea: bool,
    ) -> Result<PostId> {
        self.blog_for(actor, blog_id, Action::CreatePost).await?;
        let (cover_media_id, cover_alt) = self.cover(&content.cover).await?;
        let authors = authors_or(&content.author_ids, actor);
        let input = content.input(cover_media_id, &cover_alt, &authors);
        let id = match self
            .store
            .create_post(blog_id, &input, actor.user_id, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => return Err(slug_taken()),
            other => other?,
        };
        if as_idea {
            self.store.keep_as_idea(id).await?;
        }
        Ok(id)
    }

    /// One press of a button in the editor: save the form's content and
    /// then take the step the button asks for (`intent`), in one
    /// transaction. Content that differs from the post as it stands must be
    /// based on the current `version` (else [`Error::Stale`]); the step is
    /// judged on the text as saved, so fixing a problem and pressing
    /// "Publish" in one go works, and a refused step saves nothing (the
    /// caller shows the form again with the person's text).
    pub async fn save_post(
        &self,
        actor: &Actor,
        id: PostId,
        version: i64,
        content: &PostContent,
        intent: &Intent,
    ) -> Result<Saved> {
        let (p, blog) = self.post_for(actor, id, Action::EditPost).await?;
        let also = match intent {
            Intent::Save => None,
            Intent::Step { step, .. } => Some(step_action(*step)),
            Intent::State(_) => Some(Action::PublishPost),
        };
        if let Some(action) = also {
            let ids = p.author_ids();
            require(actor, action, on_post(&blog, &p.post, &ids))?;
        }
        let changed = !content.same_as(&p, actor);
        if changed && version != p.post.version {
            return Err(Error::Stale {
                current: p.post.version,
            });
        }
        let workflow = if changed {
            workflow_after_edit(p.post.workflow)
        } else {
            p.post.workflow
        };
        let mut e = FieldErrors::default();
        let note = match intent {
            Intent::Step { step, note } => step_note(&mut e, *step, workflow, note),
            Intent::State(change) => {
                if let StateChange::Schedule { at } = change {
                    if *at <= self.now() {
                        e.add("publish_at", "error-schedule-past");
                    }
                }
                if matches!(change, StateChange::Publish | StateChange::Schedule { .. }) {
                    if let Some(key) = blocker(actor, &blog, workflow, &content.body) {
                        e.add("body", key);
                    }
                }
                String::new()
            }
            Intent::Save => String::new(),
        };
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        let after = match intent {
            Intent::Save => AfterSave::Nothing,
            Intent::Step { step, .. } => AfterSave::Review {
                step: *step,
                note: &note,
            },
            Intent::State(change) => AfterSave::State(*change),
        };
        let (cover_media_id, cover_alt) = self.cover(&content.cover).await?;
        let authors = authors_or(&content.author_ids, actor);
        let input = content.input(cover_media_id, &cover_alt, &authors);
        // A scheduled post whose new text may not go out comes off the
        // schedule, unless the same press decides its state anyway.
        let unschedule = p.post.state == PostState::Scheduled
            && !matches!(intent, Intent::State(_))
            && blocker(actor, &blog, workflow, &content.body).is_some();
        let edit = changed.then_some(Edit {
            input: &input,
            unschedule,
        });
        let saved = self
            .store
            .save_post(
                id,
                if changed { version } else { p.post.version },
                edit,
                after,
                actor.user_id,
                self.now(),
            )
            .await;
        match saved {
            Ok(unscheduled) => {
                // A state change or an edit of a published post queues jobs.
                if matches!(intent, Intent::State(_)) || p.post.state == PostState::Published {
                    self.wake_worker();
                }
                Ok(if unscheduled {
                    Saved::Unscheduled
                } else {
                    Saved::Saved
                })
            }
            Err(StoreError::Conflict("slug")) => Err(slug_taken()),
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-stale")),
            Err(e) => Err(e.into()),
        }
    }

    /// Put an earlier revision's text back as a new version.
    pub async fn restore_revision(
        &self,
        actor: &Actor,
        id: PostId,
        revision: RevisionId,
        version: i64,
    ) -> Result<Saved> {
        let (p, blog) = self.post_for(actor, id, Action::EditPost).await?;
        let old = self.store.revision(id, revision).await?;
        let unready = p.post.state == PostState::Scheduled
            && blocker(
                actor,
                &blog,
                workflow_after_edit(p.post.workflow),
                &old.body,
            )
            .is_some();
        let unscheduled = self
            .store
            .restore_revision(id, revision, version, actor.user_id, self.now(), unready)
            .await?;
        Ok(if unscheduled {
            Saved::Unscheduled
        } else {
            Saved::Saved
        })
    }

    /// Publish, schedule, unpublish or take a post back to draft. Publishing
    /// and scheduling are refused (field `body`) while [`blocker`] names a
    /// reason, and scheduling in the past (field `publish_at`).
    pub async fn change_post_state(
        &self,
        actor: &Actor,
        id: PostId,
        change: StateChange,
    ) -> Result<()> {
        let (p, blog) = self.post_for(actor, id, Action::PublishPost).await?;
        let mut e = FieldErrors::default();
        if let StateChange::Schedule { at } = change {
            if at <= self.now() {
                e.add("publish_at", "error-schedule-past");
            }
        }
        if matches!(change, StateChange::Publish | StateChange::Schedule { .. }) {
            if let Some(key) = blocker(actor, &blog, p.post.workflow, &p.post.body) {
                e.add("body", key);
            }
        }
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        self.store
            .change_post_state(id, change, actor.user_id, self.now())
            .await?;
        // Its jobs are due now (deliveries, mail, removals) or at the
        // scheduled time: the worker need not wait for its next look.
        self.wake_worker();
        Ok(())
    }

    /// Ask for review or start writing (the writer), approve or send back
    /// with a note (a reviewer or the blog's editor). `seen` is the version
    /// the person read: approving text changed since is refused.
    pub async fn review_post(
        &self,
        actor: &Actor,
        id: PostId,
        step: ReviewStep,
        note: &str,
        seen: Option<i64>,
    ) -> Result<()> {
        let (p, _) = self.post_for(actor, id, step_action(step)).await?;
        let mut e = FieldErrors::default();
        let note = step_note(&mut e, step, p.post.workflow, note);
        let seen = seen.unwrap_or(p.post.version);
        if seen != p.post.version {
            return Err(Error::Refused("error-changed-since-read"));
        }
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        match self
            .store
            .review_step(
                id,
                seen,
                p.post.workflow,
                step,
                &note,
                actor.user_id,
                self.now(),
            )
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-stale")),
            other => Ok(other?),
        }
    }

    /// Create (`id` None) or update a page of a blog.
    pub async fn save_page(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        id: Option<(PageId, i64)>,
        content: &PageContent,
    ) -> Result<PageId> {
        self.blog_for(actor, blog_id, Action::ManageBlog).await?;
        let now = self.now();
        let saved = match id {
            Some((id, version)) => {
                let page = self.store.page(id).await?;
                if page.blog_id != blog_id {
                    return Err(Error::NotFound);
                }
                self.store
                    .update_page(id, version, &content.input(), actor.user_id, now)
                    .await
                    .map(|()| id)
            }
            None => {
                self.store
                    .create_page(blog_id, &content.input(), actor.user_id, now)
                    .await
            }
        };
        match saved {
            Err(StoreError::Conflict(_)) => Err(slug_taken()),
            other => Ok(other?),
        }
    }

    /// An internal note on a post, for the team: a new thread, or a reply
    /// (which opens its thread again). Never on any public path.
    pub async fn add_note(
        &self,
        actor: &Actor,
        post: PostId,
        reply_to: Option<NoteId>,
        text: &str,
    ) -> Result<NoteId> {
        self.post_for(actor, post, Action::DiscussPost).await?;
        let text = lykta_domain::required_multiline(text, MAX_NOTE_CHARS)
            .map_err(|e| Error::field("note_body", e.key))?;
        Ok(self
            .store
            .add_note(post, reply_to, actor.user_id, &text, self.now())
            .await?)
    }

    /// Mark a note's thread resolved, or open it again.
    pub async fn resolve_note(
        &self,
        actor: &Actor,
        post: PostId,
        note: NoteId,
        resolved: bool,
    ) -> Result<()> {
        self.post_for(actor, post, Action::DiscussPost).await?;
        Ok(self
            .store
            .resolve_note(post, note, resolved, actor.user_id, self.now())
            .await?)
    }
}

impl PostContent {
    /// Whether saving this would change nothing of the post as it stands
    /// (`actor` is who would be its author when none is chosen).
    fn same_as(&self, p: &lykta_store::PostDetail, actor: &Actor) -> bool {
        let cover = self.cover.as_ref().map(|(id, alt)| (*id, alt.as_str()));
        let stored_cover = p
            .post
            .cover_media_id
            .map(|id| (id, p.post.cover_alt.as_str()));
        let cover_same = match (cover, stored_cover) {
            (None, None) => true,
            // An empty alt text takes the image's own, as saving would.
            (Some((a, alt)), Some((b, stored))) => {
                a == b && (alt == stored || alt.trim().is_empty())
            }
            _ => false,
        };
        self.slug.as_str() == p.post.slug
            && self.title == p.post.title
            && self.body == p.post.body
            && self.excerpt == p.post.excerpt
            && cover_same
            && self.comments_enabled == p.post.comments_enabled
            && sorted(self.tags.iter().map(|(s, n)| (s.as_str(), n.as_str())))
                == sorted(p.tags.iter().map(|t| (t.slug.as_str(), t.name.as_str())))
            // The form chooses authors, not their order.
            && sorted(authors_or(&self.author_ids, actor).into_iter())
                == sorted(p.author_ids().into_iter())
    }

    /// The store's input for this content, with the cover and authors as
    /// the rules settled them.
    fn input<'a>(
        &'a self,
        cover_media_id: Option<MediaId>,
        cover_alt: &'a str,
        author_ids: &'a [UserId],
    ) -> PostInput<'a> {
        PostInput {
            slug: &self.slug,
            title: &self.title,
            body: &self.body,
            excerpt: &self.excerpt,
            cover_media_id,
            cover_alt,
            tags: &self.tags,
            author_ids,
            comments_enabled: self.comments_enabled,
        }
    }
}

fn sorted<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = items.collect();
    v.sort();
    v
}

fn authors_or(ids: &[UserId], actor: &Actor) -> Vec<UserId> {
    if ids.is_empty() {
        vec![actor.user_id]
    } else {
        ids.to_vec()
    }
}
