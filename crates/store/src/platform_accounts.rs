//! Which account a channel connected through an organisation-wide app
//! posts as, and when its token expires (see `0028_platform_accounts`).

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::ChannelId;

impl Store {
    /// The account on the platform the channel posts as, and when the
    /// token expires; set when connecting, with [`Store::finish_connecting`]
    /// (the person's token kept while they chose is forgotten).
    pub async fn set_connection_account(
        &self,
        channel: ChannelId,
        account_id: &str,
        token_expires_at: Option<i64>,
    ) -> Result<()> {
        let sql = "UPDATE channel_connections SET account_id = $1, token_expires_at = $2, client_secret = '' WHERE channel_id = $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(account_id).bind(token_expires_at).bind(channel)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The person allowed the app but must choose which of their accounts
    /// the channel posts as: their token, sealed, waits in `client_secret`
    /// (unused by these platforms), with its expiry.
    pub async fn keep_person_token(
        &self,
        channel: ChannelId,
        sealed: &str,
        token_expires_at: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE channel_connections SET client_secret = $1, token_expires_at = $2, oauth_state = NULL, updated_at = $3
                   WHERE channel_id = $4";
        with_pool!(self, p => sqlx::query(sql).bind(sealed).bind(token_expires_at).bind(now).bind(channel)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }
}
