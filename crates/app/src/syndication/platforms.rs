//! Facebook pages, Instagram professional accounts and LinkedIn
//! organisations: channels connected through one app the organisation
//! registered with Meta or LinkedIn (id and secret in the settings, never
//! in the database, never logged). Connecting is the authorisation-code
//! round trip; the account the channel posts as is the page, Instagram
//! account or organisation the inventory's address names (else the only
//! one the person manages), and the long-lived token's expiry is kept so
//! the channel can say how many days it has left.

use crate::{require, secrets, App, Error, Result};
use lykta_channels::facebook::{self, Facebook, Graph};
use lykta_channels::instagram::{self, Instagram};
use lykta_channels::linkedin::{self, Linkedin, Rest};
use lykta_channels::oauth::{self, Candidate, PlatformApp};
use lykta_channels::{Adapter, ChannelError, Secret};
use lykta_domain::{Action, Actor, ChannelId, Platform, Target};
use lykta_store::{Channel, Connection};

/// The organisation's apps: Meta's (Facebook and Instagram) and LinkedIn's.
#[derive(Debug, Clone, Default)]
pub struct PlatformApps {
    pub meta: Option<PlatformApp>,
    pub linkedin: Option<PlatformApp>,
}

/// Whether channels of `platform` connect through an organisation-wide app.
pub(crate) fn through_app(platform: Platform) -> bool {
    matches!(
        platform,
        Platform::Facebook | Platform::Instagram | Platform::Linkedin
    )
}

impl App {
    /// Where Meta and LinkedIn send the person back: one address for every
    /// channel (register it with the app), the state naming the channel.
    pub fn app_callback(&self) -> String {
        format!(
            "{}/admin/channels/connection/callback",
            self.notify.base_url
        )
    }

    /// The person comes back from Meta or LinkedIn with `code` for `state`:
    /// finish connecting the channel the state was made for; its id.
    pub async fn finish_connecting_through_app(
        &self,
        actor: &Actor,
        state: &str,
        code: &str,
    ) -> Result<ChannelId> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let conn = self
            .store
            .connection_by_state(&secrets::token_hash(state))
            .await?
            .ok_or(Error::Refused("error-channel-connect-expired"))?;
        self.finish_connecting(actor, conn.channel_id, state, code)
            .await?;
        Ok(conn.channel_id)
    }

    fn platform_app(&self, platform: Platform) -> Option<&PlatformApp> {
        match platform {
            Platform::Facebook | Platform::Instagram => self.platform_apps.meta.as_ref(),
            Platform::Linkedin => self.platform_apps.linkedin.as_ref(),
            _ => None,
        }
    }

    /// Begin connecting `c`: the address of the platform's consent page.
    pub(super) async fn connect_through_app(&self, actor: &Actor, c: &Channel) -> Result<String> {
        let app = self
            .platform_app(c.platform)
            .ok_or(Error::Refused("error-channel-app-missing"))?;
        let state = secrets::random_token();
        self.store
            .start_connecting(
                c.id,
                &app.api_url,
                &app.client_id,
                "",
                &secrets::token_hash(&state),
                actor.user_id,
                self.now(),
            )
            .await?;
        let redirect = self.app_callback();
        Ok(match c.platform {
            Platform::Linkedin => linkedin::authorize_url(app, &redirect, &state),
            Platform::Instagram => facebook::authorize_url(
                app,
                &redirect,
                &state,
                &format!("{},{}", facebook::SCOPES, instagram::SCOPES),
            ),
            _ => facebook::authorize_url(app, &redirect, &state, facebook::SCOPES),
        })
    }

    /// The person allowed the app: trade the code for a (long-lived) token
    /// and connect the account the channel's address names among the
    /// person's; when none does and they have several, keep the person's
    /// token sealed until they choose one ([`App::choose_account`]).
    pub(super) async fn finish_through_app(&self, c: &Channel, code: &str) -> Result<()> {
        let app = self
            .platform_app(c.platform)
            .ok_or(Error::Refused("error-channel-app-missing"))?;
        let redirect = self.app_callback();
        let token = match c.platform {
            Platform::Linkedin => linkedin::exchange_code(&self.http, app, &redirect, code).await,
            _ => {
                facebook::long_lived_token(
                    &Graph::new(self.http.clone(), app),
                    app,
                    &redirect,
                    code,
                )
                .await
            }
        }
        .map_err(|e| refused(c, e))?;
        let candidates = self
            .candidates(c.platform, app, &token.access_token)
            .await
            .map_err(|e| refused(c, e))?;
        let expires = token.expires_in.map(|s| self.now() + s);
        match oauth::pick(&candidates, &c.url) {
            Some(chosen) => {
                self.connect_as(c, chosen, token.access_token, expires)
                    .await
            }
            None if candidates.is_empty() => Err(Error::Refused("error-channel-account-not-found")),
            None => {
                let sealed = self.sealer.seal(
                    &Self::seal_context(c.id, "person_token"),
                    token.access_token.expose(),
                );
                self.store
                    .keep_person_token(c.id, &sealed, expires, self.now())
                    .await?;
                Ok(())
            }
        }
    }

    /// The accounts the person may connect `channel` to, while they choose
    /// (empty: nothing to choose). Reading a connection: no permission
    /// beyond seeing the channel's page.
    pub async fn account_choices(&self, channel: ChannelId) -> Result<Vec<Candidate>> {
        let Some((c, app, token)) = self.person_token(channel).await? else {
            return Ok(Vec::new());
        };
        self.candidates(c.platform, app, &token)
            .await
            .map_err(|e| refused(&c, e))
    }

    /// Connect `channel` to the person's account `account` (one of
    /// [`App::account_choices`]).
    pub async fn choose_account(
        &self,
        actor: &Actor,
        channel: ChannelId,
        account: &str,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let (c, app, token) = self
            .person_token(channel)
            .await?
            .ok_or(Error::Refused("error-channel-connect-expired"))?;
        let candidates = self
            .candidates(c.platform, app, &token)
            .await
            .map_err(|e| refused(&c, e))?;
        let chosen = candidates
            .iter()
            .find(|a| a.id == account)
            .ok_or_else(|| Error::field("account", "error-channel-account-choose"))?;
        let expires = self
            .store
            .connection(channel)
            .await?
            .and_then(|conn| conn.token_expires_at);
        self.connect_as(&c, chosen, token, expires).await
    }

    /// The channel, its app and the person's token kept while they choose.
    async fn person_token(
        &self,
        channel: ChannelId,
    ) -> Result<Option<(Channel, &PlatformApp, Secret)>> {
        let c = self.store.channel(channel).await?;
        let (Some(app), Some(conn)) = (
            self.platform_app(c.platform),
            self.store.connection(channel).await?,
        ) else {
            return Ok(None);
        };
        if conn.client_secret.is_empty() {
            return Ok(None);
        }
        let token = self
            .sealer
            .open(
                &Self::seal_context(channel, "person_token"),
                &conn.client_secret,
            )
            .map_err(anyhow::Error::from)?;
        Ok(Some((c, app, token)))
    }

    /// The accounts the person behind `token` manages on the platform.
    async fn candidates(
        &self,
        platform: Platform,
        app: &PlatformApp,
        token: &Secret,
    ) -> Result<Vec<Candidate>, ChannelError> {
        Ok(match platform {
            Platform::Linkedin => {
                Rest::new(self.http.clone(), app, token.clone())
                    .organizations()
                    .await?
            }
            _ => {
                let pages = facebook::pages(&Graph::new(self.http.clone(), app), token).await?;
                if platform == Platform::Instagram {
                    instagram::candidates(&pages)
                } else {
                    facebook::candidates(&pages)
                }
            }
        })
    }

    /// Post as `chosen` from now on: its token (a page's own, else the
    /// person's) sealed, whom it is, when the token expires.
    async fn connect_as(
        &self,
        c: &Channel,
        chosen: &Candidate,
        person_token: Secret,
        expires: Option<i64>,
    ) -> Result<()> {
        let acting = chosen.token.clone().unwrap_or(person_token);
        let now = self.now();
        let sealed = self
            .sealer
            .seal(&Self::seal_context(c.id, "access_token"), acting.expose());
        self.store
            .finish_connecting(c.id, &sealed, &chosen.name, &chosen.url, now)
            .await?;
        self.store
            .set_connection_account(c.id, &chosen.id, expires)
            .await?;
        tracing::info!(channel = %c.id, account = %chosen.name, "channel connected");
        Ok(())
    }

    /// The adapter for a channel connected through an app (`None`: the app
    /// is no longer in the settings).
    pub(super) fn app_adapter(
        &self,
        platform: Platform,
        conn: &Connection,
        token: Secret,
    ) -> Option<Box<dyn Adapter>> {
        let app = self.platform_app(platform)?;
        Some(match platform {
            Platform::Facebook => Box::new(Facebook::new(
                Graph::new(self.http.clone(), app),
                &conn.account_id,
                token,
            )),
            Platform::Instagram => Box::new(Instagram::new(
                Graph::new(self.http.clone(), app),
                &conn.account_id,
                token,
            )),
            Platform::Linkedin => Box::new(Linkedin::new(
                Rest::new(self.http.clone(), app, token),
                &conn.account_id,
            )),
            _ => return None,
        })
    }
}

/// The platform did not let Lykta in (logged; the person is told so).
fn refused(c: &Channel, e: ChannelError) -> Error {
    tracing::warn!(channel = %c.id, platform = c.platform.as_str(), error = %e, "authorising on the platform failed");
    Error::Refused("error-channel-connect-refused")
}
