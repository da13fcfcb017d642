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
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
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
