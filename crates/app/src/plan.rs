//! The year plan: activities per blog (title, theme, target date, assignee,
//! channels, status), the post written from an activity, and a year's plan
//! sent for approval. An item or approval must belong to the blog it is
//! asked for through (else not found).

use crate::{on_blog, require, App, Error, Result, MAX_NOTE_CHARS};
use lykta_domain::{
    can, iso_date, stockholm_date, Action, Actor, BlogId, Channel, FieldErrors, PlanApprovalState,
    PlanItemId, PlanStatus, PostId, Slug, Target, UserId,
};
use lykta_store::{Blog, CalendarOf, PlanInput, PlanItem, PostInput, StoreError};
use time::Date;

/// How far ahead an activity may be planned.
pub const MAX_YEARS_AHEAD: i32 = 5;

/// An activity as the person entered it, already parsed.
#[derive(Debug, Clone)]
pub struct PlanItemContent {
    pub title: String,
    pub theme: String,
    pub due_on: Date,
    pub assignee_id: Option<UserId>,
    pub channels: Vec<Channel>,
    pub status: PlanStatus,
}

/// What a reviewer decides about a year's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanDecision {
    Approve,
    RequestChanges,
}

/// The latest date an activity may be planned for, [`MAX_YEARS_AHEAD`] from
/// `today` (29 February becomes 28 February).
pub fn latest_date(today: Date) -> Date {
    let year = today.year() + MAX_YEARS_AHEAD;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), 28))
        .unwrap_or(Date::MAX)
}

impl App {
    /// A blog and one of its plan items, if `actor` may do `action` to the plan.
    pub async fn plan_item_in(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        item: PlanItemId,
        action: Action,
    ) -> Result<(Blog, PlanItem)> {
        let blog = self.blog_for(actor, blog_id, action).await?;
        let item = self.store.plan_item(item).await?;
        if item.blog_id != blog.id {
            return Err(Error::NotFound);
        }
        Ok((blog, item))
    }

    /// Who an item may be assigned to: the blog's members now (expired
    /// guests left out), plus whoever the item is already assigned to, so
    /// that saving it unchanged keeps them.
    pub async fn assignable(
        &self,
        blog: &Blog,
        item: Option<&PlanItem>,
    ) -> Result<Vec<(UserId, String)>> {
        let now = self.now();
        let mut team: Vec<(UserId, String)> = self
            .store
            .members(blog.id)
            .await?
            .into_iter()
            .filter(|m| m.expires_at.is_none_or(|t| t > now))
            .map(|m| (m.user_id, m.name))
            .collect();
        if let Some((id, name)) =
            item.and_then(|i| Some((i.assignee_id?, i.assignee_name.clone()?)))
        {
            if !team.iter().any(|(t, _)| *t == id) {
                team.push((id, name));
            }
        }
        Ok(team)
    }

    /// The plan's rules for an item: a date not in the past (unless it is
    /// the date the item already had) nor beyond [`MAX_YEARS_AHEAD`], an
    /// assignee from [`App::assignable`], at least one channel.
    async fn check_item(
        &self,
        blog: &Blog,
        existing: Option<&PlanItem>,
        c: &PlanItemContent,
    ) -> Result<()> {
        let mut e = FieldErrors::default();
        let today = stockholm_date(self.now());
        let unchanged = existing.is_some_and(|i| i.due_on == iso_date(c.due_on));
        if c.due_on < today && !unchanged {
            e.add("due_on", "error-date-past");
        } else if c.due_on > latest_date(today) {
            e.add("due_on", "error-date-far");
        }
        if let Some(a) = c.assignee_id {
            let team = self.assignable(blog, existing).await?;
            if !team.iter().any(|(t, _)| *t == a) {
                e.add("assignee_id", "plan-error-assignee");
            }
        }
        if c.channels.is_empty() {
            e.add("channels", "plan-error-channels");
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(e))
        }
    }

    /// Plan an activity in a blog.
    pub async fn create_plan_item(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        c: &PlanItemContent,
    ) -> Result<PlanItemId> {
        let blog = self.blog_for(actor, blog_id, Action::EditPlan).await?;
        self.check_item(&blog, None, c).await?;
        let (due_on, channels) = (iso_date(c.due_on), channel_list(c));
        let input = plan_input(c, &due_on, &channels, c.status, None);
        Ok(self
            .store
            .create_plan_item(blog.id, &input, self.now())
            .await?)
    }

    /// Change an activity, if nobody saved it since `version`.
    pub async fn update_plan_item(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        item: PlanItemId,
        version: i64,
        c: &PlanItemContent,
    ) -> Result<()> {
        let (blog, item) = self
            .plan_item_in(actor, blog_id, item, Action::EditPlan)
            .await?;
        self.check_item(&blog, Some(&item), c).await?;
        let (due_on, channels) = (iso_date(c.due_on), channel_list(c));
        let input = plan_input(c, &due_on, &channels, c.status, item.post_id);
        Ok(self
            .store
            .update_plan_item(item.id, version, &input, self.now())
            .await?)
    }

    /// Take an activity off the plan; returns it as it was.
    pub async fn delete_plan_item(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        item: PlanItemId,
    ) -> Result<PlanItem> {
        let (_, item) = self
            .plan_item_in(actor, blog_id, item, Action::EditPlan)
            .await?;
        self.store.delete_plan_item(item.id).await?;
        Ok(item)
    }

    /// "Write the post": a draft titled like the item, by its assignee (if
    /// they may write in the blog now, else by `actor`), linked to the item,
    /// which is then being written. Refused if the item has a post.
    pub async fn write_plan_post(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        item: PlanItemId,
    ) -> Result<PostId> {
        // Linking changes the item, so it takes both: editing the plan and writing.
        let (blog, mut item) = self
            .plan_item_in(actor, blog_id, item, Action::EditPlan)
            .await?;
        require(actor, Action::CreatePost, on_blog(&blog))?;
        if item.post_id.is_some() {
            return Err(Error::Refused("plan-error-has-post"));
        }
        let author = self.writer_for(actor, &blog, &item).await?;
        let post = self.draft_for(&blog, &item, author, actor.user_id).await?;
        // Someone may have saved the item in between: link the post to what
        // is stored now, unless that already has a post.
        for _ in 0..3 {
            let channels = item.channels.clone();
            let input = PlanInput {
                title: &item.title,
                theme: &item.theme,
                due_on: &item.due_on,
                assignee_id: item.assignee_id,
                channels: &channels,
                status: PlanStatus::Writing,
                post_id: Some(post),
            };
            match self
                .store
                .update_plan_item(item.id, item.version, &input, self.now())
                .await
            {
                Ok(()) => return Ok(post),
                Err(StoreError::StaleVersion { .. }) => {
                    item = self.store.plan_item(item.id).await?;
                    if item.post_id.is_some() {
                        return Err(Error::Refused("plan-error-has-post"));
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Refused("plan-error-changed"))
    }

    /// Who writes the post of `item`: its assignee if they may write in the
    /// blog now, else the person asking.
    async fn writer_for(&self, actor: &Actor, blog: &Blog, item: &PlanItem) -> Result<UserId> {
        let Some(id) = item.assignee_id.filter(|id| *id != actor.user_id) else {
            return Ok(actor.user_id);
        };
        let user = match self.store.user(id).await {
            Ok(u) if !u.disabled => u,
            Ok(_) | Err(StoreError::NotFound) => return Ok(actor.user_id),
            Err(e) => return Err(e.into()),
        };
        let assignee = self.store.actor(&user, self.now()).await?;
        let member = assignee.role_in(blog.id).is_some();
        Ok(
            if member && can(Some(&assignee), Action::CreatePost, on_blog(blog)) {
                user.id
            } else {
                actor.user_id
            },
        )
    }

    /// A draft titled like the item, at a free address made from the title.
    async fn draft_for(
        &self,
        blog: &Blog,
        item: &PlanItem,
        author: UserId,
        by: UserId,
    ) -> Result<PostId> {
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
                comments_enabled: true,
            };
            match self
                .store
                .create_post(blog.id, &input, by, self.now())
                .await
            {
                Ok(id) => return Ok(id),
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(anyhow::anyhow!("no free address for a post titled {:?}", item.title).into())
    }

    /// Send a year's plan (None: a year the form did not give), as it
    /// stands, for approval. Refused while an earlier request waits.
    pub async fn request_plan_approval(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        year: Option<i32>,
    ) -> Result<i32> {
        let blog = self.blog_for(actor, blog_id, Action::EditPlan).await?;
        let year = year.ok_or_else(|| Error::field("year", "plan-error-year"))?;
        match self
            .store
            .request_plan_approval(blog.id, year, actor.user_id, self.now())
            .await
        {
            Ok(_) => Ok(year),
            Err(StoreError::Conflict(_)) => Err(Error::Refused("plan-error-approval-pending")),
            Err(e) => Err(e.into()),
        }
    }

    /// Approve a waiting plan, or send it back with a note saying what to
    /// change (the note is then required). `decision` None: the form gave
    /// none. Returns the plan's year.
    pub async fn decide_plan_approval(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        approval: i64,
        decision: Option<PlanDecision>,
        note: &str,
    ) -> Result<i32> {
        let blog = self.blog_for(actor, blog_id, Action::ApprovePlan).await?;
        let approval = self.store.plan_approval(blog.id, approval).await?;
        if approval.state != PlanApprovalState::Pending {
            return Err(Error::Refused("plan-error-approval-decided"));
        }
        let decision = decision.ok_or_else(|| Error::field("decision", "error-action"))?;
        let year = i32::try_from(approval.year).map_err(|e| anyhow::anyhow!(e))?;
        let mut e = FieldErrors::default();
        let note = e
            .check("note", lykta_domain::optional_text(note, MAX_NOTE_CHARS))
            .unwrap_or_default();
        if decision == PlanDecision::RequestChanges && note.is_empty() && e.is_empty() {
            e.add("note", "error-note-required");
        }
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        let to = match decision {
            PlanDecision::Approve => PlanApprovalState::Approved,
            PlanDecision::RequestChanges => PlanApprovalState::ChangesRequested,
        };
        match self
            .store
            .decide_plan_approval(blog.id, approval.id, to, &note, actor.user_id, self.now())
            .await
        {
            Ok(()) => Ok(year),
            Err(StoreError::Conflict(_)) => Err(Error::Refused("plan-error-approval-decided")),
            Err(e) => Err(e.into()),
        }
    }

    /// Replace a private calendar link (the old one stops working at once):
    /// a person's own, or a blog's for those who plan in it.
    pub async fn new_calendar_link(&self, actor: &Actor, of: CalendarOf) -> Result<()> {
        match of {
            CalendarOf::Person(id) if id == actor.user_id => {
                require(actor, Action::UseAdmin, Target::Organisation)?
            }
            CalendarOf::Person(_) => return Err(Error::Forbidden),
            CalendarOf::Blog(id) => {
                self.blog_for(actor, id, Action::EditPlan).await?;
            }
        }
        let token = crate::secrets::random_token();
        Ok(self.store.set_calendar_token(of, &token).await?)
    }
}

/// The item's channels as stored: their names, comma-separated, in
/// [`Channel::ALL`]'s order.
fn channel_list(c: &PlanItemContent) -> String {
    Channel::ALL
        .iter()
        .filter(|ch| c.channels.contains(ch))
        .map(|ch| ch.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn plan_input<'a>(
    c: &'a PlanItemContent,
    due_on: &'a str,
    channels: &'a str,
    status: PlanStatus,
    post_id: Option<PostId>,
) -> PlanInput<'a> {
    PlanInput {
        title: &c.title,
        theme: &c.theme,
        due_on,
        assignee_id: c.assignee_id,
        channels,
        status,
        post_id,
    }
}
