//! A moderator's decision acting on the platform an answer came from: a
//! rejected, hidden or spam comment from a Facebook page is hidden there
//! too, and the team can answer an answer as the organisation's account
//! (Mastodon, Bluesky, Facebook). Both go through the worker
//! (`Job::ActOnComment`), never inside the request, with a delivery's
//! retries and failure classes; each outcome is kept beside the comment
//! and in the public record (`comment-platform`). Where the platform
//! cannot do it, the queue says so and the moderator acts there.

use crate::{on_blog, require, App, Error, Result};
use lykta_channels::{reply_actions, ChannelError, ReplyTo};
use lykta_domain::{required_multiline, Action, Actor, CommentId, Platform};
use lykta_store::{Comment, CommentState, ConnectionHealth, RetryAfter};

/// Longest answer on each platform, in characters (graphemes on Bluesky).
fn answer_limit(platform: Platform) -> usize {
    match platform {
        Platform::Mastodon => 500,
        Platform::Bluesky => 300,
        _ => 8_000,
    }
}

impl App {
    /// After a decision: every comment in `comments` that came from a
    /// platform which hides answers, and was taken out of sight, is hidden
    /// there too (once).
    pub(crate) async fn hide_on_platforms(
        &self,
        actor: &Actor,
        comments: &[Comment],
        to: CommentState,
    ) -> Result<()> {
        if to == CommentState::Published {
            return Ok(());
        }
        let ids: Vec<CommentId> = comments.iter().map(|c| c.id).collect();
        let before = self.store.comment_actions_of(&ids).await?;
        for c in comments {
            let Some(platform) = c
                .source_platform
                .as_deref()
                .and_then(|p| Platform::parse(p).ok())
            else {
                continue;
            };
            let asked = before
                .iter()
                .any(|a| a.comment_id == c.id && a.kind == "hide" && a.state != "failed");
            if !reply_actions(platform).hide || asked {
                continue;
            }
            if let Some(copy) = self.store.copy_of_comment(c.id).await? {
                self.store
                    .request_comment_action(c.id, copy, "hide", "", actor.user_id, self.now())
                    .await?;
                self.wake_worker();
            }
        }
        Ok(())
    }

    /// The team answers comment `id`, which came from a platform, there, as
    /// the organisation's account (the worker posts it). Same permission as
    /// moderating.
    pub async fn answer_on_platform(&self, actor: &Actor, id: CommentId, text: &str) -> Result<()> {
        let c = self.store.comment(id).await?;
        let blog = self.store.blog(c.blog_id).await?;
        require(actor, Action::ModerateComments, on_blog(&blog))?;
        let platform = c
            .source_platform
            .as_deref()
            .and_then(|p| Platform::parse(p).ok());
        let text = required_multiline(text, platform.map_or(8_000, answer_limit))
            .map_err(|e| Error::field("platform_answer", e.key))?;
        if !platform.is_some_and(|p| reply_actions(p).answer) {
            return Err(Error::Refused("error-platform-answer-impossible"));
        }
        let copy = self
            .store
            .copy_of_comment(id)
            .await?
            .ok_or(Error::Refused("error-platform-answer-impossible"))?;
        self.store
            .request_comment_action(id, copy, "answer", &text, actor.user_id, self.now())
            .await?;
        self.wake_worker();
        Ok(())
    }

    /// The worker's `act_on_comment` job: do it on the platform, keep the
    /// outcome. Refused or needing re-authentication, it ends so (shown
    /// beside the comment); a temporary failure is tried again, no sooner
    /// than the platform said.
    pub async fn act_on_comment(&self, action_id: i64) -> anyhow::Result<()> {
        let a = self.store.comment_action(action_id).await?;
        if a.state != "queued" {
            return Ok(());
        }
        let now = self.now();
        let d = self.store.delivery(a.delivery_id).await?;
        let c = self.store.comment(a.comment_id).await?;
        let source_id = self.store.comment_source_id(a.comment_id).await?;
        let (Some(copy), Some(source_id)) = (d.remote_id.as_deref(), source_id) else {
            self.store
                .finish_comment_action(action_id, "failed", "the copy is gone", "", now)
                .await?;
            return Ok(());
        };
        let Some(adapter) = self.adapter(d.channel_id).await? else {
            self.store
                .finish_comment_action(
                    action_id,
                    "reauthenticate",
                    "the channel is not connected",
                    "",
                    now,
                )
                .await?;
            return Ok(());
        };
        let reply = ReplyTo {
            remote_id: &source_id,
            handle: c.source_handle.as_deref().unwrap_or_default(),
        };
        let done = match a.kind.as_str() {
            "hide" => adapter.hide_reply(&source_id).await.map(|()| String::new()),
            _ => adapter
                .answer_reply(copy, &reply, &a.text, &format!("lykta-answer-{action_id}"))
                .await
                .map(|p| p.url),
        };
        self.keep_renewed(d.channel_id, &*adapter).await?;
        let now = self.now();
        match done {
            Ok(url) => {
                self.store
                    .finish_comment_action(action_id, "done", "", &url, now)
                    .await?;
                tracing::info!(action = action_id, comment = %a.comment_id, kind = %a.kind, "done on the platform");
                Ok(())
            }
            Err(ChannelError::ReAuthenticate(m)) => {
                self.store
                    .finish_comment_action(action_id, "reauthenticate", &m, "", now)
                    .await?;
                self.store
                    .set_connection_health(d.channel_id, ConnectionHealth::Reauthenticate, &m, now)
                    .await?;
                Ok(())
            }
            Err(ChannelError::Rejected { message }) => {
                self.store
                    .finish_comment_action(action_id, "failed", &message, "", now)
                    .await?;
                tracing::warn!(action = action_id, comment = %a.comment_id, problem = %message, "the platform refused");
                Ok(())
            }
            Err(ChannelError::Temporary {
                retry_after,
                message,
            }) => {
                self.store
                    .finish_comment_action(action_id, "queued", &message, "", now)
                    .await?;
                Err(RetryAfter {
                    seconds: retry_after.map_or(0, |s| i64::try_from(s).unwrap_or(i64::MAX)),
                    message,
                }
                .into())
            }
        }
    }
}
