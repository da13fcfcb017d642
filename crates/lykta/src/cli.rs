//! `lykta` subcommands.

use crate::config::{self, Overrides};
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use lykta_domain::{Email, Role};
use lykta_web::{open_store, redact_url, Application, Settings};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Lykta: a publishing and social-media hub for public organisations.
#[derive(Parser, Debug)]
#[command(name = "lykta", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub overrides: Overrides,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site and run the background worker.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Public address of the site, for canonical links and feeds.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Create the demo organisation "Region Älvdal" (once; safe to repeat).
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The demo organisation.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Print who may do what (the table in docs/permissions.md).
    Permissions,
    /// The public record: check its hash chain, export a period for the e-archive.
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
    /// The full-text search indexes in the data folder.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Write a consistent backup while the site serves: the database, the
    /// uploaded media and private files, and a manifest of checksums, in one
    /// tar file. PostgreSQL needs pg_dump on PATH (or PG_DUMP).
    Backup {
        /// The file to create (must not exist).
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Restore a backup into an empty data folder (and, for PostgreSQL, the
    /// empty database of --database-url); checks every file first, then
    /// migrates and verifies the public record.
    Restore {
        /// A file written by `lykta backup`.
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
    /// Check the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// E-mail subscribers to the blogs.
    Subscribers {
        #[command(subcommand)]
        command: SubscribersCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum SubscribersCommand {
    /// Record that mail to ADDRESS bounced: it gets no more subscription mail.
    Bounce {
        #[arg(value_name = "ADDRESS")]
        address: String,
        /// A complaint (marked as spam) rather than a bounce.
        #[arg(long)]
        complaint: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a staff account. The password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, communicator or employee (roles in blogs are given in the admin).
        #[arg(long, default_value = "employee")]
        role: String,
    },
    /// List staff accounts.
    List,
    /// Set a staff member's password (read from standard input).
    SetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum SearchCommand {
    /// Rebuild this node's search indexes from the database (stop `lykta
    /// serve` on this data folder first: one process writes the index). A
    /// server also builds a missing index by itself when it starts.
    Reindex,
}

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// Create the demo organisation if needed, then add N generated published
    /// posts to Röntgenbloggen (a large data set for benchmarks).
    Generate {
        #[arg(long, value_name = "N")]
        posts: usize,
    },
}

#[derive(Subcommand, Debug)]
pub enum ArchiveCommand {
    /// Check every entry of the record; name the first broken one (exit 1).
    /// With --package, check an exported package instead (no database needed).
    Verify {
        /// A folder written by `archive export`.
        #[arg(long, value_name = "DIR")]
        package: Option<std::path::PathBuf>,
        /// An entry and its hash as an earlier export's manifest kept them
        /// (`last_entry:last_hash`); may be given several times.
        #[arg(long, value_name = "ID:HASH")]
        expect: Vec<String>,
    },
    /// Write the entries of a period, the post versions published in it and
    /// their images, with a manifest of checksums, to a new folder.
    Export {
        /// First day, YYYY-MM-DD (Swedish time).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day, YYYY-MM-DD (Swedish time), included.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// The folder to create (must not exist, or be empty).
        #[arg(long, value_name = "PATH")]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Load the configuration, print it (secrets hidden) and check the database can be opened.
    Check,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lykta: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lykta: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LYKTA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_json {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}

/// A new password from the terminal or standard input, by the one rule.
fn read_password() -> anyhow::Result<lykta_domain::Password> {
    let p = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")?
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    lykta_domain::Password::parse(&p).map_err(|_| {
        anyhow::anyhow!(
            "the password must have at least {} characters (and at most {} bytes)",
            lykta_domain::Password::MIN_CHARS,
            lykta_domain::Password::MAX_BYTES
        )
    })
}

/// The store and the application layer for a command on the server.
async fn open_app(settings: &Settings) -> anyhow::Result<(lykta_store::Store, lykta_app::App)> {
    let store = open_store(settings).await?;
    let app = lykta_app::App::new(
        store.clone(),
        std::sync::Arc::new(lykta_domain::SystemClock),
        &settings.data_dir,
        std::sync::Arc::new(lykta_i18n::Catalogues::load()),
        &settings.base_url,
    )
    .await?
    .with_private_channel_hosts(settings.allow_private_channel_hosts);
    Ok((store, app))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            listen,
            base_url,
            demo,
        } => {
            let settings = config::load(&cli.overrides, listen.as_deref(), base_url.as_deref())?;
            init_logging(&settings);
            let app = Application::build(settings).await?;
            let state = app.state();
            if demo {
                let created = crate::demo::seed(&state.app)
                    .await
                    .context("creating the demo organisation")?;
                if created {
                    tracing::info!("demo organisation created");
                }
            }
            println!("Lykta is serving at {}/", state.base_url);
            if demo {
                println!("{}", crate::demo::sign_in_help(&state.base_url));
            }
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let settings = config::load(&cli.overrides, None, None)?;
            open_store(&settings).await?;
            println!(
                "database is up to date: {}",
                redact_url(&settings.database_url())
            );
            Ok(())
        }
        Command::User { command } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let (store, app) = open_app(&settings).await?;
            match command {
                UserCommand::Add { email, name, role } => {
                    let email = Email::parse(&email).map_err(|_| {
                        anyhow::anyhow!("--email: {email:?} is not an e-mail address")
                    })?;
                    let role = Role::parse(&role).map_err(|_| {
                        anyhow::anyhow!("--role: {role:?} must be admin, communicator or employee")
                    })?;
                    let name = lykta_domain::required_text(&name, 120).map_err(|_| {
                        anyhow::anyhow!("--name: give a name of at most 120 characters")
                    })?;
                    let account = lykta_app::accounts::NewAccount {
                        email: &email,
                        name: &name,
                        role,
                        title: "",
                        password: read_password()?,
                        unit: None,
                    };
                    let id = app.add_account(None, account).await.map_err(|e| match e {
                        lykta_app::Error::Invalid(f) if f.get("email").is_some() => {
                            anyhow::anyhow!(
                                "an account with {email} (or the name {name:?}) already exists"
                            )
                        }
                        lykta_app::Error::Invalid(_) => {
                            anyhow::anyhow!("--name: must contain a letter or digit")
                        }
                        other => other.into(),
                    })?;
                    println!("added {email} as {role} (id {id})");
                }
                UserCommand::List => {
                    for u in store.users().await? {
                        println!("{}\t{}\t{}\t{}", u.id, u.email, u.role, u.name);
                    }
                }
                UserCommand::SetPassword { email } => {
                    let email = Email::parse(&email).map_err(|_| {
                        anyhow::anyhow!("--email: {email:?} is not an e-mail address")
                    })?;
                    let Some((user, _)) = store.user_for_sign_in(&email).await? else {
                        anyhow::bail!("no account with the e-mail address {email}");
                    };
                    app.set_password(user.id, read_password()?).await?;
                    println!("password set for {email}");
                }
            }
            Ok(())
        }
        Command::Search {
            command: SearchCommand::Reindex,
        } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let store = open_store(&settings).await?;
            let app = lykta_app::App::new(
                store,
                std::sync::Arc::new(lykta_domain::SystemClock),
                &settings.data_dir,
                std::sync::Arc::new(lykta_i18n::Catalogues::load()),
                &settings.base_url,
            )
            .await?;
            let started = std::time::Instant::now();
            let bar = crate::backup::progress(0, "posts");
            let n = app
                .reindex_search(&|done, of| {
                    bar.set_length(of);
                    bar.set_position(done);
                })
                .await
                .context("rebuilding the search index (is `lykta serve` running on this data folder? stop it first)")?;
            bar.finish_and_clear();
            println!(
                "search index rebuilt: {n} documents in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Permissions => {
            print!("{}", lykta_domain::matrix());
            Ok(())
        }
        Command::Subscribers {
            command: SubscribersCommand::Bounce { address, complaint },
        } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let (_, app) = open_app(&settings).await?;
            let kind = if complaint {
                lykta_app::subscriptions::Undeliverable::Complaint
            } else {
                lykta_app::subscriptions::Undeliverable::Bounce
            };
            let email = Email::parse(&address)
                .map_err(|_| anyhow::anyhow!("{address:?} is not an e-mail address"))?;
            app.record_undeliverable(None, Ok(email), kind).await?;
            println!("recorded: {address} gets no more subscription mail");
            Ok(())
        }
        Command::Demo {
            command: DemoCommand::Generate { posts },
        } => {
            let mut settings = config::load(&cli.overrides, Some("127.0.0.1:0"), None)?;
            settings.worker = false;
            let app = Application::build(settings).await?;
            let state = app.state();
            crate::demo::seed(&state.app)
                .await
                .context("creating the demo organisation")?;
            crate::demo::generate(&state.app, posts).await?;
            println!("added {posts} posts to /rontgenbloggen/");
            Ok(())
        }
        Command::Archive {
            command: ArchiveCommand::Verify {
                package: Some(dir), ..
            },
        } => {
            let n = lykta_app::archive::verify_package(&dir)?;
            println!("the package is whole: {n} entries and every file checked");
            Ok(())
        }
        Command::Archive { command } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let store = open_store(&settings).await?;
            match command {
                ArchiveCommand::Verify { expect, .. } => {
                    let n = crate::archive::verify(&store, &expect).await?;
                    println!("the record is whole: {n} entries, every hash checked");
                }
                ArchiveCommand::Export { from, to, out } => {
                    let day = |flag: &str, d: &str| {
                        lykta_domain::parse_date(d).map_err(|_| {
                            anyhow::anyhow!("{flag}: {d:?} is not a date like 2026-01-31")
                        })
                    };
                    let (first, last) = (day("--from", &from)?, day("--to", &to)?);
                    if last < first {
                        anyhow::bail!("--to: {to} is before --from {from}");
                    }
                    let start = lykta_domain::stockholm_instant(first, 0, 0);
                    let end =
                        lykta_domain::stockholm_instant(last.next_day().unwrap_or(last), 0, 0) - 1;
                    let org = store
                        .organisation()
                        .await?
                        .map(|o| o.name)
                        .unwrap_or_default();
                    let info = lykta_app::archive::PackageInfo {
                        organisation: &org,
                        from: &from,
                        to: &to,
                        selection: None,
                    };
                    let now = time::OffsetDateTime::now_utc().unix_timestamp();
                    let n = lykta_app::archive::export_period(
                        &store,
                        &settings.media_dir(),
                        &info,
                        (start, end),
                        &out,
                        now,
                    )
                    .await?;
                    println!("wrote {n} entries from {from} to {to} to {}", out.display());
                }
            }
            Ok(())
        }
        Command::Backup { out } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let store = open_store(&settings).await?;
            let s =
                crate::backup::backup(&store, &settings.database_url(), &settings.data_dir, &out)
                    .await?;
            println!(
                "backed up the database and {} files ({} bytes) to {}",
                s.files - 1,
                s.bytes,
                out.display()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let settings = config::load(&cli.overrides, None, None)?;
            let s = crate::backup::restore(&file, &settings.data_dir, &settings.database_url())?;
            let store = open_store(&settings).await?;
            let n = crate::archive::verify(&store, &[]).await?;
            println!(
                "restored the database and {} files ({} bytes) into {}; the record is whole: {n} entries",
                s.files - 1,
                s.bytes,
                settings.data_dir.display()
            );
            Ok(())
        }
        Command::Config {
            command: ConfigCommand::Check,
        } => {
            let settings = config::load(&cli.overrides, None, None)?;
            println!("{settings:#?}");
            open_store(&settings).await?;
            println!("configuration ok; database opened and migrated");
            Ok(())
        }
    }
}
