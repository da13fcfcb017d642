//! Connected channels and deliveries. A connection belongs to an inventory
//! channel and keeps its credentials sealed (this crate never sees them in
//! the clear). The team chooses channels per post (`post_channels`); when
//! the post is published, one delivery per chosen, connected channel is made
//! and a [`Job::Deliver`](crate::Job) enqueued **in the publishing
//! transaction** ([`enqueue_deliveries!`]) — never for an internal blog.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{ChannelId, DeliveryId, Platform, PostId, UserId};
use serde::Serialize;

/// How a connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionHealth {
    /// Lykta is registered on the server; a person is authorising it.
    Authorising,
    Connected,
    /// The platform refused the credentials: a person must connect again.
    Reauthenticate,
    /// Deliveries fail for other reasons (since `failing_since`).
    Failing,
}

impl ConnectionHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionHealth::Authorising => "authorising",
            ConnectionHealth::Connected => "connected",
            ConnectionHealth::Reauthenticate => "reauthenticate",
            ConnectionHealth::Failing => "failing",
        }
    }
}

impl TryFrom<String> for ConnectionHealth {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Ok(match s.as_str() {
            "authorising" => ConnectionHealth::Authorising,
            "connected" => ConnectionHealth::Connected,
            "reauthenticate" => ConnectionHealth::Reauthenticate,
            "failing" => ConnectionHealth::Failing,
            _ => return Err(format!("unknown connection health {s:?}")),
        })
    }
}

/// A channel's connection. The sealed fields are never serialised (not to
/// templates, not to logs).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Connection {
    pub channel_id: ChannelId,
    pub server_url: String,
    #[serde(skip)]
    pub client_id: String,
    #[serde(skip)]
    pub client_secret: String,
    #[serde(skip)]
    pub access_token: String,
    pub account: String,
    pub account_url: String,
    #[sqlx(try_from = "String")]
    pub health: ConnectionHealth,
    pub paused: bool,
    pub problem: String,
    pub failing_since: Option<i64>,
    pub checked_at: Option<i64>,
    /// The account on the platform the channel posts as (page id, Instagram
    /// user id, organisation URN); '' for Mastodon, where the token says.
    pub account_id: String,
    /// When the long-lived token expires (Meta, LinkedIn).
    pub token_expires_at: Option<i64>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryState {
    /// Waiting for the worker (or for its next attempt).
    Queued,
    Sent,
    /// Refused, or out of attempts: a person may retry it.
    Failed,
    /// The channel must be connected again first.
    Reauthenticate,
    /// The channel is paused: it goes when the channel is resumed.
    Paused,
    /// The copy was removed from the platform (the post came down).
    Removed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
            DeliveryState::Reauthenticate => "reauthenticate",
            DeliveryState::Paused => "paused",
            DeliveryState::Removed => "removed",
        }
    }
}

impl TryFrom<String> for DeliveryState {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Ok(match s.as_str() {
            "queued" => DeliveryState::Queued,
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            "reauthenticate" => DeliveryState::Reauthenticate,
            "paused" => DeliveryState::Paused,
            "removed" => DeliveryState::Removed,
            _ => return Err(format!("unknown delivery state {s:?}")),
        })
    }
}

/// One post's delivery to one channel.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Delivery {
    pub id: DeliveryId,
    pub post_id: PostId,
    pub channel_id: ChannelId,
    pub channel_name: String,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    #[serde(skip)]
    pub idempotency_key: String,
    #[sqlx(try_from = "String")]
    pub state: DeliveryState,
    pub remote_id: Option<String>,
    pub remote_url: Option<String>,
    pub problem: String,
    pub attempts: i64,
    pub reply_cursor: Option<String>,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
}

/// A channel a post may go to, and whether it is chosen.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ChosenChannel {
    pub channel_id: ChannelId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    #[sqlx(try_from = "String")]
    pub health: ConnectionHealth,
    pub paused: bool,
    pub chosen: bool,
    /// The team's own text for the post there ('' : the composed one).
    pub text: String,
}

const CONNECTION_SQL: &str =
    "SELECT channel_id, server_url, client_id, client_secret, access_token, account, account_url,
       health, paused, problem, failing_since, checked_at, account_id, token_expires_at FROM channel_connections";

const DELIVERY_SQL: &str = "SELECT d.id, d.post_id, d.channel_id, c.name AS channel_name, c.platform, d.idempotency_key,
       d.state, d.remote_id, d.remote_url, d.problem, d.attempts, d.reply_cursor, d.updated_at, d.sent_at
  FROM deliveries d JOIN channels c ON c.id = d.channel_id";

/// Make the deliveries of post `$post_id`, just published, inside the
/// publishing transaction `$tx`: one per chosen channel that is connected
/// (or paused: it waits), none when the post's blog is internal, none
/// twice; each with its `deliver` job. The idempotency key is stable per
/// delivery: the installation's `delivery_keys` secret, the post and the
/// channel, hashed. However many channels, three statements: the
/// channels (with the secret), the deliveries, their jobs.
macro_rules! enqueue_deliveries {
    ($tx:expr, $post_id:expr, $now:expr) => {{
        let (post_id, now): (lykta_domain::PostId, i64) = ($post_id, $now);
        let channels: Vec<(lykta_domain::ChannelId, Option<String>)> = sqlx::query_as(
            "SELECT pc.channel_id, (SELECT value FROM site_secrets WHERE name = 'delivery_keys') AS salt
               FROM post_channels pc
               JOIN posts p ON p.id = pc.post_id
               JOIN blogs b ON b.id = p.blog_id AND b.audience = 'public'
               JOIN channel_connections cc ON cc.channel_id = pc.channel_id AND cc.access_token <> ''
              WHERE pc.post_id = $1
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = pc.post_id AND d.channel_id = pc.channel_id)
              ORDER BY pc.channel_id")
            .bind(post_id).fetch_all(&mut *$tx).await?;
        // A post goes to a handful of channels: one statement each way.
        if !channels.is_empty() {
            let rows: Vec<String> = (0..channels.len())
                .map(|i| format!("($1, {}, 'queued', $2, $2)", $crate::placeholders(3 + i * 2, 2)))
                .collect();
            let sql = format!(
                "INSERT INTO deliveries (post_id, channel_id, idempotency_key, state, created_at, updated_at)
                 VALUES {} RETURNING id",
                rows.join(", ")
            );
            let mut q = sqlx::query_scalar::<_, lykta_domain::DeliveryId>(&sql).bind(post_id).bind(now);
            for (channel, salt) in &channels {
                let key = $crate::syndication::idempotency_key(salt.as_deref().unwrap_or(""), post_id, *channel);
                q = q.bind(*channel).bind(key);
            }
            let ids = q.fetch_all(&mut *$tx).await?;
            $crate::jobs::enqueue_deliver_jobs!($tx, &ids, now);
        }
    }};
}
pub(crate) use enqueue_deliveries;

/// The stable key of the delivery of `post` to `channel`.
pub fn idempotency_key(salt: &str, post: PostId, channel: ChannelId) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{salt}:{post}:{channel}").as_bytes());
    format!("lykta-{}", &hex::encode(digest)[..32])
}

impl Store {
    pub async fn connection(&self, channel: ChannelId) -> Result<Option<Connection>> {
        let sql = format!("{CONNECTION_SQL} WHERE channel_id = $1");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(channel).fetch_optional(p).await)?)
    }

    /// The connection a person is authorising with this state's hash.
    pub async fn connection_by_state(&self, state_hash: &str) -> Result<Option<Connection>> {
        let sql = format!("{CONNECTION_SQL} WHERE oauth_state = $1");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(state_hash).fetch_optional(p).await)?)
    }

    /// Begin connecting `channel` (again): Lykta's app on the server, its
    /// sealed secret, the hash of the OAuth state. A connection that worked
    /// keeps its token (and deliveries keep going) until the new one comes.
    #[allow(clippy::too_many_arguments)]
    pub async fn start_connecting(
        &self,
        channel: ChannelId,
        server_url: &str,
        client_id: &str,
        client_secret_sealed: &str,
        state_hash: &str,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO channel_connections (channel_id, server_url, client_id, client_secret, oauth_state, health, connected_by, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, 'authorising', $6, $7, $7)
                   ON CONFLICT (channel_id) DO UPDATE SET server_url = $2, client_id = $3, client_secret = $4, oauth_state = $5,
                     connected_by = $6, updated_at = $7,
                     health = CASE WHEN channel_connections.access_token = '' THEN 'authorising' ELSE channel_connections.health END";
        with_pool!(self, p => sqlx::query(sql).bind(channel).bind(server_url).bind(client_id).bind(client_secret_sealed)
            .bind(state_hash).bind(actor).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Authorised: the sealed token, whom it acts as; healthy now.
    pub async fn finish_connecting(
        &self,
        channel: ChannelId,
        access_token_sealed: &str,
        account: &str,
        account_url: &str,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE channel_connections SET access_token = $1, account = $2, account_url = $3, oauth_state = NULL,
                     health = 'connected', problem = '', failing_since = NULL, checked_at = $4, updated_at = $4
                   WHERE channel_id = $5";
        let n = with_pool!(self, p => sqlx::query(sql).bind(access_token_sealed).bind(account).bind(account_url)
            .bind(now).bind(channel).execute(p).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// What the platform said about the credentials or the last delivery.
    pub async fn set_connection_health(
        &self,
        channel: ChannelId,
        health: ConnectionHealth,
        problem: &str,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE channel_connections SET health = $1, problem = $2, checked_at = $3, updated_at = $3,
                     failing_since = CASE WHEN $1 = 'connected' THEN NULL ELSE COALESCE(failing_since, $3) END
                   WHERE channel_id = $4 AND health <> 'authorising'";
        with_pool!(self, p => sqlx::query(sql).bind(health.as_str()).bind(problem).bind(now).bind(channel)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Forget the connection and its credentials. Deliveries stay, as history;
    /// those waiting fail (the channel must be connected again).
    pub async fn disconnect(&self, channel: ChannelId, now: i64) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("DELETE FROM channel_connections WHERE channel_id = $1").bind(channel).execute(&mut *tx).await?;
            sqlx::query("UPDATE deliveries SET state = 'reauthenticate', updated_at = $1 WHERE channel_id = $2 AND state IN ('queued', 'paused')")
                .bind(now).bind(channel).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Pause or resume the channel's deliveries (and nothing else). Resuming
    /// queues again what waited, with new jobs, in the same transaction.
    pub async fn pause_connection(&self, channel: ChannelId, paused: bool, now: i64) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let n = sqlx::query("UPDATE channel_connections SET paused = $1, updated_at = $2 WHERE channel_id = $3")
                .bind(paused).bind(now).bind(channel).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            if !paused {
                let waiting: Vec<DeliveryId> = sqlx::query_scalar(
                    "UPDATE deliveries SET state = 'queued', updated_at = $1 WHERE channel_id = $2 AND state = 'paused' RETURNING id")
                    .bind(now).bind(channel).fetch_all(&mut *tx).await?;
                crate::jobs::enqueue_deliver_jobs!(tx, &waiting, now);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The connected (or connecting) channels a post of a public blog may
    /// go to, each marked when chosen for `post`.
    pub async fn channel_choices(&self, post: PostId) -> Result<Vec<ChosenChannel>> {
        let sql = "SELECT c.id AS channel_id, c.name, c.platform, cc.health, cc.paused,
                     EXISTS (SELECT 1 FROM post_channels pc WHERE pc.post_id = $1 AND pc.channel_id = c.id) AS chosen,
                     COALESCE((SELECT pc.text FROM post_channels pc WHERE pc.post_id = $1 AND pc.channel_id = c.id), '') AS text
                   FROM channels c JOIN channel_connections cc ON cc.channel_id = c.id
                   WHERE cc.access_token <> ''
                   ORDER BY c.name, c.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post).fetch_all(p).await)?)
    }

    /// Choose the channels of `post`, each with the team's own text ('' :
    /// the composed one), replacing the choice. A channel whose text
    /// changed while the post is published and its copy is out there gets
    /// the new text: the copy is updated (an update delivery with its job,
    /// in the same transaction — [`carry_own_texts!`](crate::spokes)).
    /// Returns whether any copy is to be updated.
    pub async fn choose_channels(
        &self,
        post: PostId,
        channels: &[(ChannelId, String)],
        now: i64,
    ) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let before: Vec<(ChannelId, String)> = sqlx::query_as("SELECT channel_id, text FROM post_channels WHERE post_id = $1")
                .bind(post).fetch_all(&mut *tx).await?;
            sqlx::query("DELETE FROM post_channels WHERE post_id = $1").bind(post).execute(&mut *tx).await?;
            for (c, text) in channels {
                sqlx::query("INSERT INTO post_channels (post_id, channel_id, text) VALUES ($1, $2, $3)")
                    .bind(post).bind(*c).bind(text).execute(&mut *tx).await?;
            }
            let changed: Vec<ChannelId> = channels
                .iter()
                .filter(|(c, text)| before.iter().find(|(b, _)| b == c).map_or("", |(_, t)| t.as_str()) != text.as_str())
                .map(|(c, _)| *c)
                .collect();
            let updates = crate::spokes::carry_own_texts!(tx, post, &changed, now);
            tx.commit().await?;
            Ok::<_, StoreError>(updates)
        }.await)
    }

    pub async fn delivery(&self, id: DeliveryId) -> Result<Delivery> {
        let sql = format!("{DELIVERY_SQL} WHERE d.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// A post's deliveries, by channel name.
    pub async fn deliveries(&self, post: PostId) -> Result<Vec<Delivery>> {
        let sql = format!("{DELIVERY_SQL} WHERE d.post_id = $1 ORDER BY c.name, d.id");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(post).fetch_all(p).await)?)
    }

    /// Sent deliveries whose replies to fetch: the channel connected and not
    /// paused, the least recently looked at first.
    pub async fn deliveries_for_replies(&self, limit: i64) -> Result<Vec<Delivery>> {
        let sql = format!(
            "{DELIVERY_SQL} JOIN channel_connections cc ON cc.channel_id = d.channel_id
              WHERE d.state = 'sent' AND d.remote_id IS NOT NULL AND cc.health = 'connected' AND NOT cc.paused
              ORDER BY COALESCE(d.replies_checked_at, 0), d.id LIMIT $1"
        );
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(limit).fetch_all(p).await)?)
    }

    /// The delivery went out: the copy's id and address.
    pub async fn delivery_sent(
        &self,
        id: DeliveryId,
        remote_id: &str,
        url: &str,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE deliveries SET state = 'sent', remote_id = $1, remote_url = $2, problem = '', attempts = attempts + 1,
                     sent_at = $3, updated_at = $3 WHERE id = $4";
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(sql).bind(remote_id).bind(url).bind(now).bind(id).execute(&mut *tx).await?;
            crate::spokes::delivery_event!(tx, id, "sent", "", now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// An attempt that did not send it: where it stands now and why.
    pub async fn delivery_not_sent(
        &self,
        id: DeliveryId,
        state: DeliveryState,
        problem: &str,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE deliveries SET state = $1, problem = $2, attempts = attempts + 1, updated_at = $3
                   WHERE id = $4 AND state <> 'sent'";
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            if sqlx::query(sql).bind(state.as_str()).bind(problem).bind(now).bind(id).execute(&mut *tx).await?.rows_affected() > 0 {
                crate::spokes::delivery_event!(tx, id, state.as_str(), problem, now);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The deliver job ran out of attempts: the delivery failed, visibly.
    pub async fn delivery_gave_up(&self, id: DeliveryId, now: i64) -> Result<()> {
        let sql = "UPDATE deliveries SET state = 'failed', updated_at = $1 WHERE id = $2 AND state = 'queued'";
        with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Queue a failed (or waiting-for-re-authentication) delivery again,
    /// with its job, in one transaction. `Conflict` when it is not failed.
    pub async fn retry_delivery(&self, id: DeliveryId, now: i64) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let n = sqlx::query("UPDATE deliveries SET state = 'queued', updated_at = $1 WHERE id = $2 AND state IN ('failed', 'reauthenticate')")
                .bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict("delivery"));
            }
            crate::jobs::enqueue!(tx, &crate::Job::Deliver { delivery_id: id }, now, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Replies were fetched up to `cursor`.
    pub async fn set_reply_cursor(
        &self,
        id: DeliveryId,
        cursor: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE deliveries SET reply_cursor = COALESCE($1, reply_cursor), replies_checked_at = $2 WHERE id = $3";
        with_pool!(self, p => sqlx::query(sql).bind(cursor).bind(now).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Whether the answer `remote_id` on `platform` was taken already.
    pub async fn comment_from_source(&self, platform: &str, remote_id: &str) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM comments WHERE source_platform = $1 AND source_id = $2";
        let n: i64 = with_pool!(self, p => sqlx::query_scalar(sql).bind(platform).bind(remote_id).fetch_one(p).await)?;
        Ok(n > 0)
    }
}
