//! Connecting a Bluesky channel with an app password (never the account's
//! own password: refused), keeping its session sealed and renewed, and the
//! checks every platform address a person gives goes through (no inner
//! networks unless `allow_private_channel_hosts`).

use crate::{require, App, Error, Result};
use lykta_channels::bluesky::{self, Bluesky, Session};
use lykta_channels::host::{self, HostProblem};
use lykta_channels::{Adapter, ChannelError, Secret};
use lykta_domain::{Action, Actor, ChannelId, Platform, Target};
use lykta_store::{Connection, PasswordConnection};

impl App {
    /// Refuse a platform address (form field `field`) whose host does not
    /// resolve or points inside the network, unless allowed.
    pub(crate) async fn check_platform_host(&self, field: &str, url: &str) -> Result<()> {
        host::check(url, self.allow_private_channel_hosts)
            .await
            .map_err(|p| {
                Error::field(
                    field,
                    match p {
                        HostProblem::Unresolvable => "error-channel-server-unresolvable",
                        HostProblem::Private => "error-channel-server-private",
                    },
                )
            })
    }

    /// Connect a Bluesky channel: the account's handle, its PDS (empty:
    /// `bsky.social`) and an app password. Lykta logs in once to check
    /// them, refuses the account's own password, and keeps the password
    /// and the session sealed; neither is shown again.
    pub async fn connect_bluesky(
        &self,
        actor: &Actor,
        channel: ChannelId,
        server: &str,
        identifier: &str,
        app_password: &str,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let c = self.store.channel(channel).await?;
        if c.platform != Platform::Bluesky {
            return Err(Error::Refused("error-channel-not-connectable"));
        }
        let mut errors = lykta_domain::FieldErrors::default();
        let identifier = identifier.trim().trim_start_matches('@');
        if identifier.is_empty() || identifier.contains(char::is_whitespace) {
            errors.add("identifier", "error-bluesky-identifier");
        }
        if app_password.trim().is_empty() {
            errors.add("app_password", "error-bluesky-app-password");
        }
        let pds = bluesky::pds_origin(server);
        if pds.is_none() {
            errors.add("server", "error-channel-server");
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let pds = pds.unwrap_or_default();
        self.check_platform_host("server", &pds).await?;
        let account = Bluesky::new(
            self.http.clone(),
            &pds,
            identifier,
            Secret(app_password.trim().to_owned()),
            None,
        );
        let session = account.log_in().await.map_err(|e| {
            tracing::warn!(channel = %channel, %pds, error = %e, "logging in to Bluesky failed");
            Error::field(
                "app_password",
                match e {
                    ChannelError::ReAuthenticate(_) => "error-bluesky-refused",
                    ChannelError::Temporary { .. } => "error-bluesky-unreachable",
                    ChannelError::Rejected { .. } => "error-bluesky-refused",
                },
            )
        })?;
        if !session.is_app_password() {
            return Err(Error::field("app_password", "error-bluesky-main-password"));
        }
        let handle = format!("@{}", session.handle);
        let account_url = format!("https://bsky.app/profile/{}", session.handle);
        self.store
            .connect_with_password(
                channel,
                &PasswordConnection {
                    server_url: &pds,
                    identifier,
                    password_sealed: &self.sealer.seal(
                        &Self::seal_context(channel, "client_secret"),
                        app_password.trim(),
                    ),
                    session_sealed: &self.sealer.seal(
                        &Self::seal_context(channel, "access_token"),
                        session.to_secret().expose(),
                    ),
                    account: &handle,
                    account_url: &account_url,
                },
                actor.user_id,
                self.now(),
            )
            .await?;
        tracing::info!(channel = %channel, account = %handle, "channel connected");
        Ok(())
    }

    /// The adapter for a connected Bluesky channel: its app password and
    /// the session kept last time (`token`, opened).
    pub(super) fn bluesky_adapter(&self, conn: &Connection, token: &Secret) -> Result<Bluesky> {
        let password = self
            .sealer
            .open(
                &Self::seal_context(conn.channel_id, "client_secret"),
                &conn.client_secret,
            )
            .map_err(anyhow::Error::from)?;
        Ok(Bluesky::new(
            self.http.clone(),
            &conn.server_url,
            &conn.client_id,
            password,
            Session::from_secret(token),
        ))
    }

    /// Keep, sealed, the credentials `adapter` renewed while it worked.
    pub(crate) async fn keep_renewed(
        &self,
        channel: ChannelId,
        adapter: &dyn Adapter,
    ) -> Result<()> {
        let Some(renewed) = adapter.renewed() else {
            return Ok(());
        };
        let sealed = self.sealer.seal(
            &Self::seal_context(channel, "access_token"),
            renewed.expose(),
        );
        match self
            .store
            .renew_access_token(channel, &sealed, self.now())
            .await
        {
            // Disconnected meanwhile: nothing to keep.
            Err(lykta_store::StoreError::NotFound) => Ok(()),
            other => Ok(other?),
        }
    }

    /// The cover's file for `platform`: the widest variant, or for
    /// Bluesky the widest that is within its blob limit.
    pub(super) async fn cover_file(
        &self,
        m: &lykta_store::Media,
        platform: Platform,
    ) -> anyhow::Result<(String, Vec<u8>)> {
        let name = |w: &u32| format!("{}-{}.{}", m.stem, w, m.extension());
        let widths = m.widths();
        if platform == Platform::Bluesky {
            for w in widths.iter().rev() {
                let file = name(w);
                let size = tokio::fs::metadata(self.media_dir.join(&file)).await?.len();
                if usize::try_from(size).is_ok_and(|s| s <= bluesky::MAX_IMAGE_BYTES) {
                    let bytes = tokio::fs::read(self.media_dir.join(&file)).await?;
                    return Ok((file, bytes));
                }
            }
        }
        let file = name(widths.last().unwrap_or(&0));
        let bytes = tokio::fs::read(self.media_dir.join(&file)).await?;
        Ok((file, bytes))
    }
}
