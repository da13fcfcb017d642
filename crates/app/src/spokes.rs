//! Publishing to the spokes, complete: the team's own text per channel
//! (checked against the platform's limit, the tagged link included), a
//! blog's default channels and its choices for the copies, editing and
//! unpublishing carried to the copies (deliveries of kind update and
//! delete, run by the same `deliver` job with the same retries), and the
//! rule that a channel with deliveries on their way cannot be closed.

use crate::{require, App, Error, Result};
use lykta_channels::{ChannelError, Composed, Draft};
use lykta_domain::{
    Action, Actor, Audience, BlogId, ChannelId, ChannelStatus, FieldErrors, Platform, Target,
};
use lykta_store::{
    BlogSyndication, ChosenChannel, ConnectionHealth, Delivery, DeliveryKind, DeliveryState,
};

/// A reply as a platform gives it (for the demo's stand-in replies).
pub use lykta_channels::Reply;

/// Longest own text the team may give a channel (before the platform's
/// own limit, which is checked too).
pub const MAX_CHANNEL_TEXT_CHARS: usize = 5000;

/// Whether a copy sent to `platform` can be changed afterwards.
pub use lykta_channels::editable;

/// Whether `platform` counts a text's length in graphemes (what a reader
/// sees as one character) rather than in Unicode code points.
pub fn counts_graphemes(platform: Platform) -> bool {
    matches!(platform, Platform::Bluesky)
}

impl App {
    /// The text a post gets on `platform`: the team's own text `own` with
    /// the tagged link, or (when `own` is empty) the composed one; `None`
    /// for a platform Lykta cannot post to.
    pub fn channel_text(
        &self,
        platform: Platform,
        blog: &lykta_store::Blog,
        post: &lykta_store::Post,
        own: &str,
    ) -> Option<Composed> {
        if own.trim().is_empty() {
            return self.syndication_text(platform, blog, post);
        }
        let link = lykta_channels::tagged_link(
            &format!("{}/{}/{}", self.notify.base_url, blog.slug, post.slug),
            platform.as_str(),
        );
        // The own text as the title and no excerpt: nothing is shortened,
        // the length is what the platform will count.
        lykta_channels::compose(
            platform,
            &Draft {
                title: own.trim(),
                excerpt: "",
                link: &link,
            },
        )
    }

    /// The chosen channels' own texts, each within its platform's limit
    /// with the link; every text over its limit named (`text-<channel>`).
    pub(crate) fn check_channel_texts(
        &self,
        blog: &lykta_store::Blog,
        post: &lykta_store::Post,
        offered: &[ChosenChannel],
        chosen: &[(ChannelId, String)],
    ) -> Result<Vec<(ChannelId, String)>> {
        let mut errors = FieldErrors::default();
        let mut kept = Vec::with_capacity(chosen.len());
        for (channel, text) in chosen {
            let text = text.trim().replace("\r\n", "\n");
            let field = format!("text-{channel}");
            let platform = offered
                .iter()
                .find(|o| o.channel_id == *channel)
                .map(|o| o.platform);
            if text.chars().count() > MAX_CHANNEL_TEXT_CHARS {
                errors.add(&field, "error-syndication-text-too-long");
            } else if let Some(c) = platform.and_then(|p| self.channel_text(p, blog, post, &text)) {
                if c.length > c.limit {
                    errors.add(&field, "error-syndication-text-too-long");
                }
            }
            kept.push((*channel, text));
        }
        if errors.is_empty() {
            Ok(kept)
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Change or remove the copy of delivery `d` (the worker's `deliver`
    /// job for a delivery of kind update or delete). Outcomes as for
    /// publishing: recorded, retried when temporary.
    pub(crate) async fn change_copy(&self, d: &Delivery, kind: DeliveryKind) -> anyhow::Result<()> {
        let now = self.now();
        let Some(remote_id) = d.remote_id.clone() else {
            // Never went out: there is nothing to change.
            self.store.delivery_changed(d.id, kind, None, now).await?;
            return Ok(());
        };
        if kind == DeliveryKind::Update && !lykta_channels::editable(d.platform) {
            let why = "the platform cannot change a copy once it is sent";
            self.store.delivery_not_editable(d.id, why, now).await?;
            tracing::info!(delivery = %d.id, post = %d.post_id, channel = %d.channel_id, "copy not changed: the platform cannot edit it");
            return Ok(());
        }
        let Some(adapter) = self.ready_adapter(d, now).await? else {
            return Ok(());
        };
        let outcome = if kind == DeliveryKind::Delete {
            adapter.delete(&remote_id).await.map(|()| None)
        } else {
            let p = self.store.post(d.post_id).await?;
            let blog = self.store.blog(p.post.blog_id).await?;
            if blog.audience != Audience::Public {
                self.store
                    .delivery_not_sent(
                        d.id,
                        DeliveryState::Failed,
                        "an internal blog is never syndicated",
                        now,
                    )
                    .await?;
                return Ok(());
            }
            match self.publication(d, &blog, &p.post).await? {
                Ok(publication) => adapter
                    .update(&remote_id, &publication)
                    .await
                    .map(|sent| Some(sent.url)),
                Err(problem) => Err(ChannelError::Rejected {
                    message: problem.to_owned(),
                }),
            }
        };
        self.keep_renewed(d.channel_id, &*adapter).await?;
        match outcome {
            Ok(url) => {
                self.store
                    .delivery_changed(d.id, kind, url.as_deref(), self.now())
                    .await?;
                self.store
                    .set_connection_health(
                        d.channel_id,
                        ConnectionHealth::Connected,
                        "",
                        self.now(),
                    )
                    .await?;
                tracing::info!(delivery = %d.id, post = %d.post_id, channel = %d.channel_id, kind = kind.as_str(), "copy changed");
                Ok(())
            }
            Err(e) => self.delivery_failed(d, e, now).await,
        }
    }

    /// A blog's syndication settings: default channels (connected ones
    /// only; none for an internal blog), removing copies on unpublishing,
    /// "also on" links.
    pub async fn set_blog_syndication(
        &self,
        actor: &Actor,
        blog: BlogId,
        settings: &BlogSyndication,
    ) -> Result<()> {
        let b = self.blog_for(actor, blog, Action::ManageBlog).await?;
        if b.audience == Audience::Internal && !settings.channels.is_empty() {
            return Err(Error::Refused("error-syndicate-internal"));
        }
        let connected = self.store.connected_channels().await?;
        if !settings.channels.iter().all(|c| connected.contains(c)) {
            return Err(Error::field("channels", "error-channel-not-connected"));
        }
        self.store.set_blog_syndication(blog, settings).await?;
        Ok(())
    }

    /// A channel of the inventory is closed: refused while deliveries are
    /// on their way to it (the page names them: pause or disconnect the
    /// channel first, or let them finish).
    pub(crate) async fn check_channel_closable(
        &self,
        actor: &Actor,
        channel: ChannelId,
        to: ChannelStatus,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        if to == ChannelStatus::Closed
            && !self.store.deliveries_in_flight(channel).await?.is_empty()
        {
            return Err(Error::field("status", "error-channel-in-flight"));
        }
        Ok(())
    }

    /// The demo's stand-in for a platform: `channel` connected as `account`
    /// on `server` without the OAuth round trip (its token works nowhere;
    /// the channel page explains how to connect a real account).
    pub async fn connect_channel_for_demo(
        &self,
        actor: &Actor,
        channel: ChannelId,
        server: &str,
        account: &str,
        account_url: &str,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let sealed = |field: &str, value: &str| {
            self.sealer
                .seal(&format!("channel:{channel}:{field}"), value)
        };
        let now = self.now();
        self.store
            .start_connecting(
                channel,
                server,
                "demo",
                &sealed("client_secret", "demo"),
                &crate::secrets::token_hash(&crate::secrets::random_token()),
                actor.user_id,
                now,
            )
            .await?;
        self.store
            .finish_connecting(
                channel,
                &sealed("access_token", "demo"),
                account,
                account_url,
                now,
            )
            .await?;
        Ok(())
    }

    /// The demo's stand-in for a platform's answer to a delivery of `post`
    /// to `channel`: sent as `remote` (id, address), or refused for
    /// `problem` (`Reauthenticate` also marks the channel).
    pub async fn record_delivery_for_demo(
        &self,
        post: lykta_domain::PostId,
        channel: ChannelId,
        remote: Option<(&str, &str)>,
        problem: &str,
    ) -> Result<lykta_domain::DeliveryId> {
        let now = self.now();
        let state = if remote.is_some() {
            DeliveryState::Sent
        } else {
            self.store
                .set_connection_health(channel, ConnectionHealth::Reauthenticate, problem, now)
                .await?;
            DeliveryState::Reauthenticate
        };
        Ok(self
            .store
            .record_delivery(post, channel, state, remote, problem, now)
            .await?)
    }

    /// Take a reply to the copy of delivery `id` as if the worker had
    /// fetched it (the demo's replies from the platforms).
    pub async fn take_reply_for_demo(
        &self,
        id: lykta_domain::DeliveryId,
        reply: &lykta_channels::Reply,
    ) -> anyhow::Result<bool> {
        let d = self.store.delivery(id).await?;
        self.receive_channel_reply(&d, reply).await
    }
}
