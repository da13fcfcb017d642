//! The settings of the organisation's apps at Meta (Facebook pages,
//! Instagram professional accounts) and LinkedIn (organisation pages),
//! through which their channels are connected: `[meta_app]` and
//! `[linkedin_app]` in the settings file, or `LYKTA_META_APP__CLIENT_ID`,
//! `LYKTA_META_APP__CLIENT_SECRET`, …. The addresses and versions default
//! to the platforms' own; tests point them at a local fake.

use crate::settings::Secret;
use lykta_channels::oauth::PlatformApp;
use serde::{Deserialize, Serialize};

/// One app registered with a platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformAppSettings {
    /// The app id (Meta) or client id (LinkedIn).
    pub client_id: String,
    /// The app secret (Meta) or primary client secret (LinkedIn).
    pub client_secret: Secret,
    /// The API's origin. Default: `https://graph.facebook.com`,
    /// `https://api.linkedin.com`.
    #[serde(default)]
    pub api_url: Option<String>,
    /// Where people allow the app. Default: `https://www.facebook.com`,
    /// `https://www.linkedin.com`.
    #[serde(default)]
    pub auth_url: Option<String>,
    /// The API version. Default: `v24.0` (Graph API), `202611`
    /// (`LinkedIn-Version`). When LinkedIn sunsets a version its deliveries
    /// say "update needed": set a newer one here.
    #[serde(default)]
    pub api_version: Option<String>,
}

/// The Graph API version Lykta speaks unless told otherwise.
pub const GRAPH_VERSION: &str = "v24.0";

impl PlatformAppSettings {
    fn app(&self, api: &str, auth: &str, version: &str) -> PlatformApp {
        PlatformApp {
            client_id: self.client_id.clone(),
            client_secret: lykta_channels::Secret(self.client_secret.0.clone()),
            api_url: self.api_url.clone().unwrap_or_else(|| api.to_owned()),
            auth_url: self.auth_url.clone().unwrap_or_else(|| auth.to_owned()),
            version: self
                .api_version
                .clone()
                .unwrap_or_else(|| version.to_owned()),
        }
    }
}

/// The apps as the application uses them.
pub fn platform_apps(
    meta: Option<&PlatformAppSettings>,
    linkedin: Option<&PlatformAppSettings>,
) -> lykta_app::syndication::PlatformApps {
    lykta_app::syndication::PlatformApps {
        meta: meta.map(|m| {
            m.app(
                "https://graph.facebook.com",
                "https://www.facebook.com",
                GRAPH_VERSION,
            )
        }),
        linkedin: linkedin.map(|l| {
            l.app(
                "https://api.linkedin.com",
                "https://www.linkedin.com",
                lykta_channels::linkedin::VERSION,
            )
        }),
    }
}
