//! Blogs: creating one, its settings (saved optimistically), its comment
//! rules, and whether one post takes comments.

use crate::{require, App, Error, Parsed, Result};
use lykta_domain::BlogId;
use lykta_domain::{Action, Actor, Moderation, Target};
use lykta_store::{BlogInput, CommentSettings, StoreError};

/// The highest monthly target a blog may set.
pub const MAX_POSTS_PER_MONTH: i64 = 100;
/// Longest time comments may stay open, in days (0: never closes).
pub const MAX_CLOSE_DAYS: i64 = 3650;
/// Longest response-time target, in working-day hours.
pub const MAX_TARGET_HOURS: i64 = 720;

/// A blog's comment rules as the form gives them, parsed; a target left
/// empty (`None`) keeps the blog's.
pub struct CommentRules {
    pub enabled: bool,
    pub close_days: i64,
    pub moderation: Moderation,
    pub policy: String,
    pub blocked_words: String,
    pub moderation_hours: Option<i64>,
    pub answer_hours: Option<i64>,
}

fn slug_taken(e: StoreError) -> Error {
    match e {
        StoreError::Conflict(_) => Error::field("slug", "error-slug-taken"),
        other => other.into(),
    }
}

impl App {
    /// Start a blog.
    pub async fn create_blog(&self, actor: &Actor, b: Parsed<&BlogInput<'_>>) -> Result<BlogId> {
        require(actor, Action::CreateBlog, Target::Organisation)?;
        let b = check_blog(b)?;
        self.store
            .create_blog(b, self.now())
            .await
            .map_err(slug_taken)
    }

    /// Change a blog's settings, if nobody saved them since `version`.
    pub async fn update_blog(
        &self,
        actor: &Actor,
        id: BlogId,
        version: i64,
        b: Parsed<&BlogInput<'_>>,
    ) -> Result<()> {
        let blog = self.blog_for(actor, id, Action::ManageBlog).await?;
        let b = check_blog(b)?;
        self.store
            .update_blog(blog.id, version, b, self.now())
            .await
            .map_err(slug_taken)
    }

    /// Set a blog's comment rules, if nobody saved its settings since
    /// `version`.
    pub async fn set_comment_rules(
        &self,
        actor: &Actor,
        id: BlogId,
        version: i64,
        r: Parsed<&CommentRules>,
    ) -> Result<()> {
        let blog = self.blog_for(actor, id, Action::ManageBlog).await?;
        let r = r.map_err(Error::Invalid)?;
        if !(0..=MAX_CLOSE_DAYS).contains(&r.close_days) {
            return Err(Error::field("close_days", "error-close-days"));
        }
        let hours = |field, h: Option<i64>, kept| match h {
            None => Ok(kept),
            Some(h) if (1..=MAX_TARGET_HOURS).contains(&h) => Ok(h),
            Some(_) => Err(Error::field(field, "error-target-hours")),
        };
        let settings = CommentSettings {
            enabled: r.enabled,
            close_days: r.close_days,
            moderation: r.moderation,
            policy: &r.policy,
            blocked_words: &r.blocked_words,
            moderation_hours: hours(
                "moderation_hours",
                r.moderation_hours,
                blog.moderation_hours,
            )?,
            answer_hours: hours("answer_hours", r.answer_hours, blog.answer_hours)?,
        };
        Ok(self
            .store
            .set_comment_settings(blog.id, version, &settings, self.now())
            .await?)
    }
}

/// The rules for a blog's settings beyond their format.
fn check_blog<'a, 'b>(b: Parsed<&'a BlogInput<'b>>) -> Result<&'a BlogInput<'b>> {
    let b = b.map_err(Error::Invalid)?;
    if (0..=MAX_POSTS_PER_MONTH).contains(&b.posts_per_month) {
        Ok(b)
    } else {
        Err(Error::field("posts_per_month", "error-posts-per-month"))
    }
}
