//! Typed settings. Loaded by the `lykta` binary from defaults, a TOML file,
//! `LYKTA_…` environment variables and flags; built directly by tests.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Folder for the SQLite database and uploaded media.
    pub data_dir: PathBuf,
    /// Address to listen on, e.g. 127.0.0.1:8080 (port 0: any free port).
    pub listen: String,
    /// Public address of the site, used in canonical links and feeds.
    /// Empty: derived from `listen`.
    pub base_url: String,
    /// `sqlite:…` or `postgres://…`. Empty: SQLite in the data folder.
    pub database_url: Secret,
    /// Mark session cookies `Secure` (turn off only for plain-HTTP testing).
    pub secure_cookies: bool,
    /// Run the background worker in this process.
    pub worker: bool,
    /// Log as JSON lines instead of text.
    pub log_json: bool,
    /// Keep rendered public pages in memory (off only to measure rendering).
    pub page_cache: bool,
    /// SMTP server for e-mail, e.g. `smtp://127.0.0.1:25`,
    /// `smtp://user:password@mail.example.org:587?tls=required` or
    /// `smtps://mail.example.org`. Empty: mail is kept in the outbox
    /// (Admin → Outbox) and not sent.
    pub smtp_url: Secret,
    /// Sender of e-mail, e.g. `Lykta <noreply@example.org>`.
    pub mail_from: String,
    /// Reverse proxies (IP addresses) whose `X-Forwarded-For` tells the
    /// client's address; rate limits and bans use it. Empty: the peer's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Disposal (gallring) rules: which comments, and their record
    /// entries' payloads, may be removed after how many days. Nothing else
    /// is ever removed; entries on hold never are.
    pub disposal_rules: Vec<lykta_store::record::DisposalRule>,
    /// OpenID Connect providers staff may sign in with, beside local accounts.
    #[serde(default)]
    pub oidc_providers: Vec<OidcProvider>,
    /// Bearer token for `/metrics` (Prometheus: `authorization: {credentials: …}`).
    /// Empty: there is no `/metrics`.
    #[serde(default)]
    pub metrics_token: Secret,
    /// On SIGTERM or Ctrl-C: how many seconds the node may take to finish
    /// the requests and the job in flight before it exits anyway (the job's
    /// lease then runs out and a worker runs it again).
    #[serde(default = "default_shutdown_grace_seconds")]
    pub shutdown_grace_seconds: u64,
    /// How many e-mail subscription messages may go out a minute (new posts
    /// and weekly digests to readers; the rest waits its turn).
    #[serde(default = "default_subscription_mails_per_minute")]
    pub subscription_mails_per_minute: i64,
    /// How many state-changing requests from people who are not signed in
    /// (comments, reports, subscriptions, sign-in attempts) one node takes a
    /// minute, and in a burst; past that they get 503 at once (see
    /// `admission`), so a flood cannot take the readers' capacity.
    #[serde(default = "default_anonymous_posts_per_minute")]
    pub anonymous_posts_per_minute: u32,
    #[serde(default = "default_anonymous_posts_burst")]
    pub anonymous_posts_burst: u32,
    /// Let platform addresses given for connected channels (a Mastodon
    /// server, a Bluesky PDS) point at loopback, private or link-local
    /// networks. Off: such addresses are refused, so the server cannot be
    /// made to reach inside its own network. On only for tests and a
    /// demo against local test servers.
    #[serde(default)]
    pub allow_private_channel_hosts: bool,
    /// The organisation's app at Meta for developers: connects Facebook
    /// pages and Instagram professional accounts (see the README).
    #[serde(default)]
    pub meta_app: Option<crate::platform_apps::PlatformAppSettings>,
    /// The organisation's app at LinkedIn Developers: connects LinkedIn
    /// organisation pages.
    #[serde(default)]
    pub linkedin_app: Option<crate::platform_apps::PlatformAppSettings>,
}

fn default_shutdown_grace_seconds() -> u64 {
    30
}

fn default_anonymous_posts_per_minute() -> u32 {
    1200
}

fn default_anonymous_posts_burst() -> u32 {
    200
}

fn default_subscription_mails_per_minute() -> i64 {
    lykta_app::subscriptions::DEFAULT_MAILS_PER_MINUTE
}

/// An OpenID Connect provider (the organisation's Entra ID, Keycloak, …).
/// Its discovery document is read on first use and kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProvider {
    /// Short name in addresses: `/sign-in/oidc/{id}` and its `/callback`,
    /// which is the redirect URI to register at the provider.
    pub id: String,
    /// Shown on the sign-in button, e.g. `Region Älvdal (Entra ID)`.
    pub name: String,
    /// Issuer; `{issuer_url}/.well-known/openid-configuration` is read.
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Scopes asked for (`openid` is always asked for).
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// Claim naming the person's unit (found by its slug, created if new).
    #[serde(default)]
    pub unit_claim: Option<String>,
    /// Claim that must be true (or a non-empty value) for the person to be
    /// let in as an employee. Unset: everyone from this provider is one.
    #[serde(default)]
    pub employee_claim: Option<String>,
    /// Organisation role of people created at their first sign-in.
    #[serde(default = "default_role", deserialize_with = "role_named")]
    pub role: lykta_domain::Role,
    /// Treat the `email` claim as verified even without `email_verified`
    /// (Entra ID sends none), so an existing account with that address is
    /// linked. Only for a provider the organisation itself runs.
    #[serde(default)]
    pub trust_email: bool,
}

fn default_scopes() -> Vec<String> {
    ["openid", "email", "profile"].map(String::from).to_vec()
}

fn default_role() -> lykta_domain::Role {
    lykta_domain::Role::Employee
}

fn role_named<'de, D: serde::Deserializer<'de>>(d: D) -> Result<lykta_domain::Role, D::Error> {
    let s = String::deserialize(d)?;
    lykta_domain::Role::parse(&s).map_err(|_| {
        serde::de::Error::custom(format!(
            "{s:?} is not a role (employee, communicator or admin)"
        ))
    })
}

impl OidcProvider {
    /// A provider with the defaults for everything but what must be given.
    pub fn new(id: &str, name: &str, issuer_url: &str, client_id: &str, secret: &str) -> Self {
        OidcProvider {
            id: id.into(),
            name: name.into(),
            issuer_url: issuer_url.into(),
            client_id: client_id.into(),
            client_secret: Secret(secret.into()),
            scopes: default_scopes(),
            unit_claim: None,
            employee_claim: None,
            role: default_role(),
            trust_email: false,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("lykta-data"),
            listen: "127.0.0.1:8080".into(),
            base_url: String::new(),
            database_url: Secret(String::new()),
            secure_cookies: false,
            worker: true,
            log_json: false,
            page_cache: true,
            smtp_url: Secret(String::new()),
            mail_from: "Lykta <noreply@localhost>".into(),
            trusted_proxies: Vec::new(),
            disposal_rules: vec![lykta_store::record::DisposalRule::spam_after_90_days()],
            oidc_providers: Vec::new(),
            metrics_token: Secret(String::new()),
            shutdown_grace_seconds: default_shutdown_grace_seconds(),
            subscription_mails_per_minute: default_subscription_mails_per_minute(),
            anonymous_posts_per_minute: default_anonymous_posts_per_minute(),
            anonymous_posts_burst: default_anonymous_posts_burst(),
            allow_private_channel_hosts: false,
            meta_app: None,
            linkedin_app: None,
        }
    }
}

impl Settings {
    /// The database URL to use, with the default filled in.
    pub fn database_url(&self) -> String {
        if self.database_url.0.is_empty() {
            format!("sqlite://{}", self.data_dir.join("lykta.db").display())
        } else {
            self.database_url.0.clone()
        }
    }
    /// Every disposal rule can be used, or the first problem.
    pub fn check_disposal_rules(&self) -> Result<(), String> {
        for rule in &self.disposal_rules {
            if let Some(problem) = rule.problem() {
                return Err(format!("disposal_rules: {}: {problem}", rule.name));
            }
        }
        Ok(())
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Files that are never public (screenshots on incidents): served only
    /// through handlers that check who is asking.
    pub fn private_dir(&self) -> PathBuf {
        self.data_dir.join("private")
    }

    /// Check the OpenID Connect providers; the message names the setting.
    pub fn check_oidc_providers(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for (i, p) in self.oidc_providers.iter().enumerate() {
            let at = format!("oidc_providers[{i}]");
            if lykta_domain::Slug::parse_exact(&p.id).is_none() {
                return Err(format!(
                    "{at}.id: {:?} must be lowercase letters, digits and hyphens",
                    p.id
                ));
            }
            if !seen.insert(p.id.as_str()) {
                return Err(format!("{at}.id: {:?} is used twice", p.id));
            }
            if p.name.trim().is_empty() {
                return Err(format!("{at}.name: must not be empty"));
            }
            match url::Url::parse(&p.issuer_url) {
                Ok(u) if matches!(u.scheme(), "https" | "http") => {}
                _ => {
                    return Err(format!(
                        "{at}.issuer_url: {:?} is not an http(s) URL",
                        p.issuer_url
                    ))
                }
            }
            if p.client_id.trim().is_empty() {
                return Err(format!("{at}.client_id: must not be empty"));
            }
        }
        Ok(())
    }
}

/// A value that never shows up in logs or `Debug` output.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("\"[redacted]\"")
        }
    }
}

/// A database URL with any password replaced, for messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}
