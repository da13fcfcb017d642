//! Settings, layered: defaults → TOML file (`--config`) → environment
//! (`LYKTA_…`, e.g. `LYKTA_LISTEN`, `LYKTA_DATABASE_URL`) → flags.

use anyhow::Context as _;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use lykta_web::Settings;
use std::path::{Path, PathBuf};

/// Flags that override the file and the environment.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Configuration file (TOML).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data folder: SQLite database and uploaded media [default: ./lykta-data].
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL (sqlite:… or postgres://…) [default: SQLite in the data folder].
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
}

pub fn load(
    o: &Overrides,
    listen: Option<&str>,
    base_url: Option<&str>,
) -> anyhow::Result<Settings> {
    let mut fig = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(file) = &o.config {
        if !Path::new(file).exists() {
            anyhow::bail!("configuration file {} does not exist", file.display());
        }
        fig = fig.merge(Toml::file(file));
    }
    fig = fig.merge(
        Env::prefixed("LYKTA_")
            // The test suite's own variables (`LYKTA_TEST_…`) are not settings.
            .filter(|k| !k.as_str().to_ascii_lowercase().starts_with("test_"))
            .ignore(&["LOG"])
            .split("__"),
    );
    if let Some(d) = &o.data_dir {
        fig = fig.merge(Serialized::default("data_dir", d));
    }
    if let Some(u) = &o.database_url {
        fig = fig.merge(Serialized::default("database_url", u));
    }
    if let Some(l) = listen {
        fig = fig.merge(Serialized::default("listen", l));
    }
    if let Some(b) = base_url {
        fig = fig.merge(Serialized::default("base_url", b));
    }
    let settings: Settings = fig
        .extract()
        .map_err(describe)
        .context("invalid configuration")?;
    validate(&settings)?;
    Ok(settings)
}

/// figment's errors name the key and where its value came from; keep that.
fn describe(e: figment::Error) -> anyhow::Error {
    let msgs: Vec<String> = e.into_iter().map(|e| e.to_string()).collect();
    anyhow::anyhow!(msgs.join("; "))
}

fn validate(s: &Settings) -> anyhow::Result<()> {
    s.listen.parse::<std::net::SocketAddr>().with_context(|| {
        format!(
            "listen: {:?} is not an address like 127.0.0.1:8080",
            s.listen
        )
    })?;
    if !s.base_url.is_empty() {
        let u = url::Url::parse(&s.base_url)
            .with_context(|| format!("base_url: {:?} is not a URL", s.base_url))?;
        if !matches!(u.scheme(), "http" | "https") {
            anyhow::bail!(
                "base_url: {:?} must start with http:// or https://",
                s.base_url
            );
        }
    }
    s.check_disposal_rules().map_err(anyhow::Error::msg)?;
    let db = s.database_url();
    if !(db.starts_with("sqlite:")
        || db.starts_with("postgres://")
        || db.starts_with("postgresql://"))
    {
        anyhow::bail!("database_url: must start with sqlite:, postgres:// or postgresql://");
    }
    s.check_oidc_providers().map_err(anyhow::Error::msg)?;
    Ok(())
}
