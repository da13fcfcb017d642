//! Syndication: connecting inventory channels (OAuth), choosing channels
//! per post, delivering a published post to each (the worker's `deliver`
//! job), and bringing replies home into moderation and the record.
//!
//! Credentials are sealed with [`lykta_channels::seal::Sealer`] before they
//! reach the store, opened only here to build an adapter, never logged and
//! never shown again. Internal blogs are never syndicated: choosing refuses
//! them, the store makes no delivery for them, and a delivery checks again.

use crate::{require, secrets, App, Error, Result};
use lykta_channels::mastodon::{self, Mastodon};
use lykta_channels::{Adapter, ChannelError, Draft, Publication};
use lykta_domain::{Action, Actor, Audience, ChannelId, DeliveryId, Platform, PostId, Target};
use lykta_store::{ConnectionHealth, Delivery, DeliveryState, RetryAfter, StoreError};

mod bluesky;
mod platforms;
mod replies;
pub use platforms::PlatformApps;

/// How many sent deliveries the worker looks at for replies in one round.
pub const REPLY_BATCH: i64 = 50;
/// How many pages of replies to one copy the worker follows in one round.
pub const REPLY_PAGES: usize = 20;
/// How many replies the worker takes in one round at most.
pub const REPLIES_PER_RUN: usize = 5_000;

/// The name Lykta registers under on a platform.
const CLIENT_NAME: &str = "Lykta";

/// What a delivery's problem says when the cover image has no description.
pub const NO_ALT_TEXT: &str = "the cover image has no alt text";

impl App {
    fn seal_context(channel: ChannelId, field: &str) -> String {
        format!("channel:{channel}:{field}")
    }

    /// Where the platform sends the person back after authorising.
    pub fn connect_callback(&self, channel: ChannelId) -> String {
        format!(
            "{}/admin/channels/{channel}/connection/callback",
            self.notify.base_url
        )
    }

    /// Begin connecting a channel to its account on `server` (for Mastodon
    /// the server's address, e.g. `https://social.example`): Lykta registers
    /// itself there and returns the address to send the person to.
    pub async fn connect_channel(
        &self,
        actor: &Actor,
        channel: ChannelId,
        server: &str,
    ) -> Result<String> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let c = self.store.channel(channel).await?;
        if !lykta_channels::connectable(c.platform) {
            return Err(Error::Refused("error-channel-not-connectable"));
        }
        if platforms::through_app(c.platform) {
            return self.connect_through_app(actor, &c).await;
        }
        let server = mastodon::server_origin(if server.trim().is_empty() {
            &c.url
        } else {
            server
        })
        .ok_or_else(|| Error::field("server", "error-channel-server"))?;
        self.check_platform_host("server", &server).await?;
        let redirect = self.connect_callback(channel);
        let registered = mastodon::register_app(
            &self.http,
            &server,
            CLIENT_NAME,
            &redirect,
            &self.notify.base_url,
        )
        .await
        .map_err(|e| {
            tracing::warn!(channel = %channel, %server, error = %e, "registering on the server failed");
            Error::field("server", "error-channel-server-refused")
        })?;
        let state = secrets::random_token();
        let sealed = self.sealer.seal(
            &Self::seal_context(channel, "client_secret"),
            registered.client_secret.expose(),
        );
        self.store
            .start_connecting(
                channel,
                &server,
                &registered.client_id,
                &sealed,
                &secrets::token_hash(&state),
                actor.user_id,
                self.now(),
            )
            .await?;
        Ok(mastodon::authorize_url(
            &server,
            &registered,
            &redirect,
            &state,
        ))
    }

    /// The person comes back from the platform with `code` for `state`:
    /// trade it for a token, check whom it acts as, keep it sealed.
    pub async fn finish_connecting(
        &self,
        actor: &Actor,
        channel: ChannelId,
        state: &str,
        code: &str,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let conn = self
            .store
            .connection_by_state(&secrets::token_hash(state))
            .await?
            .filter(|c| c.channel_id == channel)
            .ok_or(Error::Refused("error-channel-connect-expired"))?;
        let c = self.store.channel(channel).await?;
        if platforms::through_app(c.platform) {
            return self.finish_through_app(&c, code).await;
        }
        let secret = self
            .sealer
            .open(
                &Self::seal_context(channel, "client_secret"),
                &conn.client_secret,
            )
            .map_err(anyhow::Error::from)?;
        let app = mastodon::App {
            client_id: conn.client_id.clone(),
            client_secret: secret,
        };
        let refused = |e: ChannelError| {
            tracing::warn!(channel = %channel, error = %e, "authorising on the server failed");
            Error::Refused("error-channel-connect-refused")
        };
        let token = mastodon::exchange_code(
            &self.http,
            &conn.server_url,
            &app,
            &self.connect_callback(channel),
            code,
        )
        .await
        .map_err(refused)?;
        let account = Mastodon::new(self.http.clone(), &conn.server_url, token.clone())
            .verify()
            .await
            .map_err(refused)?;
        let sealed = self
            .sealer
            .seal(&Self::seal_context(channel, "access_token"), token.expose());
        self.store
            .finish_connecting(channel, &sealed, &account.handle, &account.url, self.now())
            .await?;
        tracing::info!(channel = %channel, account = %account.handle, "channel connected");
        Ok(())
    }

    /// Ask the platform whether the credentials still work; the health shown.
    pub async fn check_connection(&self, actor: &Actor, channel: ChannelId) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let adapter = self.adapter(channel).await?.ok_or(Error::NotFound)?;
        let verified = adapter.verify().await;
        self.keep_renewed(channel, &*adapter).await?;
        let (health, problem) = match verified {
            Ok(_) => (ConnectionHealth::Connected, String::new()),
            Err(ChannelError::ReAuthenticate(m)) => (ConnectionHealth::Reauthenticate, m),
            Err(e) => (ConnectionHealth::Failing, e.to_string()),
        };
        self.store
            .set_connection_health(channel, health, &problem, self.now())
            .await?;
        Ok(())
    }

    /// Forget the channel's credentials; its history stays.
    pub async fn disconnect_channel(&self, actor: &Actor, channel: ChannelId) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        self.store.disconnect(channel, self.now()).await?;
        Ok(())
    }

    /// Pause the channel's deliveries (nothing else), or resume them: what
    /// waited goes out then.
    pub async fn pause_channel(
        &self,
        actor: &Actor,
        channel: ChannelId,
        paused: bool,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        self.store
            .pause_connection(channel, paused, self.now())
            .await?;
        if !paused {
            self.wake_worker();
        }
        Ok(())
    }

    /// Choose where a post goes when it is published, each channel with the
    /// team's own text ('' : the composed one), which must fit the
    /// platform's limit with the link (field `text-<channel>`). Only
    /// connected channels; never for a post of an internal blog.
    pub async fn choose_channels(
        &self,
        actor: &Actor,
        post: PostId,
        chosen: &[(ChannelId, String)],
    ) -> Result<()> {
        let (p, blog) = self.post_for(actor, post, Action::PublishPost).await?;
        let channels: Vec<ChannelId> = chosen.iter().map(|(c, _)| *c).collect();
        if blog.audience == Audience::Internal && !channels.is_empty() {
            return Err(Error::Refused("error-syndicate-internal"));
        }
        let offered = self.store.channel_choices(post).await?;
        if !channels
            .iter()
            .all(|c| offered.iter().any(|o| o.channel_id == *c))
        {
            return Err(Error::field("channels", "error-channel-not-connected"));
        }
        let chosen = self.check_channel_texts(&blog, &p.post, &offered, chosen)?;
        if self
            .store
            .choose_channels(post, &chosen, self.now())
            .await?
        {
            // A changed text goes to the copies already sent.
            self.wake_worker();
        }
        Ok(())
    }

    /// Send a failed delivery again.
    pub async fn retry_delivery(&self, actor: &Actor, id: DeliveryId) -> Result<()> {
        let d = self.store.delivery(id).await?;
        self.post_for(actor, d.post_id, Action::PublishPost).await?;
        match self.store.retry_delivery(id, self.now()).await {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-delivery-not-failed")),
            other => {
                other?;
                self.wake_worker();
                Ok(())
            }
        }
    }

    /// The adapter for a connected channel (`None`: not connected).
    async fn adapter(&self, channel: ChannelId) -> Result<Option<Box<dyn Adapter>>> {
        let Some(conn) = self.store.connection(channel).await? else {
            return Ok(None);
        };
        if conn.access_token.is_empty() {
            return Ok(None);
        }
        let token = self
            .sealer
            .open(
                &Self::seal_context(channel, "access_token"),
                &conn.access_token,
            )
            .map_err(anyhow::Error::from)?;
        let c = self.store.channel(channel).await?;
        Ok(match c.platform {
            Platform::Mastodon => Some(Box::new(Mastodon::new(
                self.http.clone(),
                &conn.server_url,
                token,
            ))),
            Platform::Bluesky => Some(Box::new(self.bluesky_adapter(&conn, &token)?)),
            p => self.app_adapter(p, &conn, token),
        })
    }

    /// The post's address, tagged with `platform`.
    pub fn syndication_link(
        &self,
        platform: Platform,
        blog: &lykta_store::Blog,
        post: &lykta_store::Post,
    ) -> String {
        lykta_channels::tagged_link(
            &format!("{}/{}/{}", self.notify.base_url, blog.slug, post.slug),
            platform.as_str(),
        )
    }

    /// The text a post gets on `platform`, with its tagged link.
    pub fn syndication_text(
        &self,
        platform: Platform,
        blog: &lykta_store::Blog,
        post: &lykta_store::Post,
    ) -> Option<lykta_channels::Composed> {
        let link = self.syndication_link(platform, blog, post);
        lykta_channels::compose(
            platform,
            &Draft {
                title: &post.title,
                excerpt: &post.excerpt,
                link: &link,
            },
        )
    }

    /// The worker's `deliver` job: send the post to the channel, once. A
    /// refusal or a need to re-authenticate ends the delivery (shown with a
    /// retry button); a temporary failure is an error carrying
    /// [`RetryAfter`] when the platform said when, so the job is tried again.
    pub async fn deliver(&self, id: DeliveryId) -> anyhow::Result<()> {
        let d = match self.store.delivery(id).await {
            Err(StoreError::NotFound) => return Ok(()),
            other => other?,
        };
        if d.state != DeliveryState::Queued {
            return Ok(());
        }
        let kind = self.store.delivery_kind(id).await?;
        if kind != lykta_store::DeliveryKind::Publish {
            return self.change_copy(&d, kind).await;
        }
        let now = self.now();
        let p = self.store.post(d.post_id).await?;
        let blog = self.store.blog(p.post.blog_id).await?;
        if blog.audience != Audience::Public {
            self.store
                .delivery_not_sent(
                    id,
                    DeliveryState::Failed,
                    "an internal blog is never syndicated",
                    now,
                )
                .await?;
            return Ok(());
        }
        if p.post.state != lykta_domain::PostState::Published {
            self.store
                .delivery_not_sent(id, DeliveryState::Failed, "the post is not published", now)
                .await?;
            return Ok(());
        }
        let Some(adapter) = self.ready_adapter(&d, now).await? else {
            return Ok(());
        };
        let publication = match self.publication(&d, &blog, &p.post).await? {
            Ok(p) => p,
            Err(problem) => {
                self.store
                    .delivery_not_sent(id, DeliveryState::Failed, problem, now)
                    .await?;
                return Ok(());
            }
        };
        let published = adapter.publish(&publication, &d.idempotency_key).await;
        self.keep_renewed(d.channel_id, &*adapter).await?;
        match published {
            Ok(sent) => {
                self.store
                    .delivery_sent(id, &sent.remote_id, &sent.url, self.now())
                    .await?;
                self.store
                    .set_connection_health(
                        d.channel_id,
                        ConnectionHealth::Connected,
                        "",
                        self.now(),
                    )
                    .await?;
                tracing::info!(delivery = %id, post = %d.post_id, channel = %d.channel_id, remote = %sent.url, "delivered");
                Ok(())
            }
            Err(e) => self.delivery_failed(&d, e, now).await,
        }
    }

    /// An attempt of delivery `d` failed: needing re-authentication or
    /// refused, it ends (shown with a retry button); a temporary failure is
    /// an error carrying [`RetryAfter`] when the platform said when, so the
    /// job is tried again.
    pub(crate) async fn delivery_failed(
        &self,
        d: &Delivery,
        e: ChannelError,
        now: i64,
    ) -> anyhow::Result<()> {
        let id = d.id;
        match e {
            ChannelError::ReAuthenticate(m) => {
                self.store
                    .delivery_not_sent(id, DeliveryState::Reauthenticate, &m, now)
                    .await?;
                self.store
                    .set_connection_health(d.channel_id, ConnectionHealth::Reauthenticate, &m, now)
                    .await?;
                tracing::warn!(delivery = %id, channel = %d.channel_id, problem = %m, "the channel needs re-authentication");
                Ok(())
            }
            ChannelError::Rejected { message } => {
                self.store
                    .delivery_not_sent(id, DeliveryState::Failed, &message, now)
                    .await?;
                tracing::warn!(delivery = %id, channel = %d.channel_id, problem = %message, "the platform refused the post");
                Ok(())
            }
            ChannelError::Temporary {
                retry_after,
                message,
            } => {
                self.store
                    .delivery_not_sent(id, DeliveryState::Queued, &message, now)
                    .await?;
                self.store
                    .set_connection_health(d.channel_id, ConnectionHealth::Failing, &message, now)
                    .await?;
                Err(RetryAfter {
                    seconds: retry_after.map_or(0, |s| i64::try_from(s).unwrap_or(i64::MAX)),
                    message,
                }
                .into())
            }
        }
    }

    /// The adapter for delivery `d`'s channel, or `None` after marking the
    /// delivery as waiting for the paused channel or for re-authentication.
    pub(crate) async fn ready_adapter(
        &self,
        d: &Delivery,
        now: i64,
    ) -> anyhow::Result<Option<Box<dyn Adapter>>> {
        let paused = match self.store.connection(d.channel_id).await? {
            Some(c) if c.paused => true,
            Some(c) if !c.access_token.is_empty() => false,
            _ => {
                self.store
                    .delivery_not_sent(
                        d.id,
                        DeliveryState::Reauthenticate,
                        "the channel is not connected",
                        now,
                    )
                    .await?;
                return Ok(None);
            }
        };
        if paused {
            self.store
                .delivery_not_sent(d.id, DeliveryState::Paused, "", now)
                .await?;
            return Ok(None);
        }
        let adapter = self.adapter(d.channel_id).await?;
        if adapter.is_none() {
            self.store
                .delivery_not_sent(
                    d.id,
                    DeliveryState::Reauthenticate,
                    "the channel is not connected",
                    now,
                )
                .await?;
        }
        Ok(adapter)
    }

    /// What goes out: the composed text and the cover with its alt text
    /// (`Err` with the problem: a cover without a description).
    pub(crate) async fn publication(
        &self,
        d: &Delivery,
        blog: &lykta_store::Blog,
        post: &lykta_store::Post,
    ) -> anyhow::Result<Result<Publication, &'static str>> {
        let own = self.store.channel_text(d.post_id, d.channel_id).await?;
        let Some(text) = self.channel_text(d.platform, blog, post, &own) else {
            return Ok(Err("Lykta cannot post to this platform yet"));
        };
        let image = match post.cover() {
            None => None,
            Some(m) if post.cover_alt.trim().is_empty() && m.alt.trim().is_empty() => {
                return Ok(Err(NO_ALT_TEXT));
            }
            Some(m) => {
                let (file, bytes) = self.cover_file(&m, d.platform).await?;
                let alt = if post.cover_alt.trim().is_empty() {
                    m.alt.clone()
                } else {
                    post.cover_alt.clone()
                };
                Some(lykta_channels::Image {
                    bytes,
                    mime: m.mime.clone(),
                    url: format!("{}/media/{file}", self.notify.base_url),
                    file_name: file,
                    alt,
                })
            }
        };
        Ok(Ok(Publication {
            link: lykta_channels::Link {
                url: self.syndication_link(d.platform, blog, post),
                title: post.title.clone(),
                description: post.excerpt.clone(),
            },
            text: text.text,
            image,
            language: blog.language.as_str().to_owned(),
        }))
    }

    /// Fetch new replies to sent deliveries (the worker, on a schedule):
    /// each enters the moderation queue as a comment from its platform, with
    /// the author's handle and its address, and the public record as
    /// received. Paged: each delivery's cursor is followed until a page
    /// brings nothing new ([`REPLY_PAGES`] at most, the cursor kept after
    /// every page), at most [`REPLIES_PER_RUN`] in one round (the rest
    /// next round); a channel that answers "not now" (429, Retry-After, an
    /// outage) is left alone for the rest of the round. Returns how many
    /// were taken.
    pub async fn fetch_replies(&self) -> anyhow::Result<usize> {
        let mut taken = 0;
        let mut resting: Vec<ChannelId> = Vec::new();
        for d in self.store.deliveries_for_replies(REPLY_BATCH).await? {
            if taken >= REPLIES_PER_RUN {
                break;
            }
            if resting.contains(&d.channel_id) {
                continue;
            }
            // A channel whose credentials cannot be read (another key file)
            // is left alone; the others' replies still come home.
            let adapter = match self.adapter(d.channel_id).await {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(channel = %d.channel_id, error = %e, "cannot use the channel's connection: replies not fetched");
                    resting.push(d.channel_id);
                    continue;
                }
            };
            let (Some(remote_id), Some(adapter)) = (&d.remote_id, adapter) else {
                continue;
            };
            let mut cursor = d.reply_cursor.clone();
            for _ in 0..REPLY_PAGES {
                let fetched = adapter.replies(remote_id, cursor.as_deref()).await;
                self.keep_renewed(d.channel_id, &*adapter).await?;
                let replies = match fetched {
                    Ok(r) => r,
                    Err(e) => {
                        tracing::warn!(delivery = %d.id, channel = %d.channel_id, error = %e, "fetching replies failed");
                        match &e {
                            ChannelError::ReAuthenticate(m) => {
                                self.store
                                    .set_connection_health(
                                        d.channel_id,
                                        ConnectionHealth::Reauthenticate,
                                        m,
                                        self.now(),
                                    )
                                    .await?;
                            }
                            ChannelError::Temporary { .. } => resting.push(d.channel_id),
                            ChannelError::Rejected { .. } => {}
                        }
                        break;
                    }
                };
                for r in &replies.replies {
                    if self.receive_channel_reply(&d, r).await? {
                        taken += 1;
                    }
                }
                self.store
                    .set_reply_cursor(d.id, replies.cursor.as_deref(), self.now())
                    .await?;
                let done = replies.replies.is_empty()
                    || replies.cursor.is_none()
                    || replies.cursor == cursor
                    || taken >= REPLIES_PER_RUN;
                cursor = replies.cursor;
                if done {
                    break;
                }
            }
        }
        if taken > 0 {
            tracing::info!(replies = taken, "replies fetched into the moderation queue");
        }
        Ok(taken)
    }
}
