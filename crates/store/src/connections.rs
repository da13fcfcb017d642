//! Connections made with a password rather than an OAuth round trip
//! (Bluesky's app passwords), and credentials an adapter renewed. The
//! sealed values are sealed by the application; this crate never sees
//! them in the clear.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{ChannelId, UserId};

/// A channel connected with a password: where, as whom, the sealed
/// password and the sealed session it opened.
pub struct PasswordConnection<'a> {
    pub server_url: &'a str,
    /// The account's handle or DID, as given.
    pub identifier: &'a str,
    pub password_sealed: &'a str,
    pub session_sealed: &'a str,
    /// Whom it acts as (`@handle`) and its public address.
    pub account: &'a str,
    pub account_url: &'a str,
}

impl Store {
    /// Connect `channel` (again) with a password: healthy at once; a
    /// connection that was paused stays paused.
    pub async fn connect_with_password(
        &self,
        channel: ChannelId,
        c: &PasswordConnection<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO channel_connections (channel_id, server_url, client_id, client_secret, access_token, account, account_url,
                     health, connected_by, checked_at, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, 'connected', $8, $9, $9, $9)
                   ON CONFLICT (channel_id) DO UPDATE SET server_url = $2, client_id = $3, client_secret = $4, access_token = $5,
                     account = $6, account_url = $7, health = 'connected', problem = '', failing_since = NULL, oauth_state = NULL,
                     connected_by = $8, checked_at = $9, updated_at = $9";
        with_pool!(self, p => sqlx::query(sql).bind(channel).bind(c.server_url).bind(c.identifier).bind(c.password_sealed)
            .bind(c.session_sealed).bind(c.account).bind(c.account_url).bind(actor).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Keep the credentials the adapter renewed (sealed), unless the
    /// channel was disconnected meanwhile.
    pub async fn renew_access_token(
        &self,
        channel: ChannelId,
        sealed: &str,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE channel_connections SET access_token = $1, updated_at = $2 WHERE channel_id = $3 AND access_token <> ''";
        let n = with_pool!(self, p => sqlx::query(sql).bind(sealed).bind(now).bind(channel)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
