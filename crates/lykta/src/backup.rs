//! `lykta backup` and `lykta restore`: one tar file with the database, the
//! uploaded media and the private files (incident screenshots), and a
//! `manifest.json` with every file's size and SHA-256.
//!
//! The backup is made while the site serves: SQLite's `VACUUM INTO` reads
//! one consistent snapshot; on PostgreSQL `pg_dump --format=custom` does
//! (it must be on `PATH`, or set `PG_DUMP`). Files are copied after the
//! database, so every image a post of the snapshot names is in the backup.
//! Restoring goes into an empty data folder (and, for PostgreSQL, an empty
//! database), checks every file against the manifest before anything is
//! put in place, and refuses a damaged or foreign file.

use anyhow::{bail, Context as _};
use lykta_store::{Backend, Store};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const FORMAT: &str = "lykta-backup";
const FORMAT_VERSION: u64 = 1;
const SQLITE_FILE: &str = "lykta.db";
const PG_FILE: &str = "database.pgdump";
/// The folders of the data folder a backup holds.
const FOLDERS: [&str; 2] = ["media", "private"];

/// What a backup holds, for the person running it.
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
}

fn sha256(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((n, hex::encode(h.finalize())))
}

/// Every file under `dir`, as paths relative to `base`.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files_under(base, &path, out)?;
        } else {
            out.push(path.strip_prefix(base)?.to_path_buf());
        }
    }
    Ok(())
}

pub(crate) fn progress(n: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(n);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!("{{wide_bar}} {{pos}}/{{len}} {what}"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// A program of PostgreSQL's client tools: `$ENV`, else on `PATH`.
fn pg_tool(env: &str, name: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| name.to_owned())
}

fn run(cmd: &mut std::process::Command, what: &str) -> anyhow::Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {what} (install PostgreSQL's client tools)"))?;
    if !out.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Write a backup of the site at `data_dir` (database at `database_url`) to `out`.
pub async fn backup(
    store: &Store,
    database_url: &str,
    data_dir: &Path,
    out: &Path,
) -> anyhow::Result<Summary> {
    if out.exists() {
        bail!("{} exists already: choose a new file", out.display());
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let work = parent.join(format!(
        ".lykta-backup-{}",
        lykta_app::secrets::random_stem(12)
    ));
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let result = write_backup(store, database_url, data_dir, out, &work).await;
    let _ = std::fs::remove_dir_all(&work);
    result
}

async fn write_backup(
    store: &Store,
    database_url: &str,
    data_dir: &Path,
    out: &Path,
    work: &Path,
) -> anyhow::Result<Summary> {
    let (backend, db_file) = match store.backend() {
        Backend::Sqlite => {
            store
                .sqlite_snapshot(&work.join(SQLITE_FILE))
                .await
                .context("snapshot of the SQLite database")?;
            ("sqlite", SQLITE_FILE)
        }
        Backend::Postgres => {
            run(
                std::process::Command::new(pg_tool("PG_DUMP", "pg_dump"))
                    .args(["--format=custom", "--no-owner", "--file"])
                    .arg(work.join(PG_FILE))
                    .arg(database_url),
                "pg_dump",
            )?;
            ("postgres", PG_FILE)
        }
    };
    let mut files = Vec::new();
    for folder in FOLDERS {
        files_under(data_dir, &data_dir.join(folder), &mut files)?;
    }
    let bar = progress(files.len() as u64 + 1, "files");
    let mut listed = Vec::new();
    let (bytes, sum) = sha256(&work.join(db_file))?;
    listed.push(serde_json::json!({ "path": db_file, "bytes": bytes, "sha256": sum }));
    bar.inc(1);
    let file = std::fs::File::create(out.with_extension("partial"))
        .with_context(|| format!("creating {}", out.display()))?;
    let mut tar = tar::Builder::new(file);
    tar.append_path_with_name(work.join(db_file), db_file)?;
    let mut total = bytes;
    for rel in &files {
        let path = data_dir.join(rel);
        let (bytes, sum) = sha256(&path)?;
        let name = rel.to_string_lossy().replace('\\', "/");
        tar.append_path_with_name(&path, &name)
            .with_context(|| format!("adding {name}"))?;
        listed.push(serde_json::json!({ "path": name, "bytes": bytes, "sha256": sum }));
        total += bytes;
        bar.inc(1);
    }
    bar.finish_and_clear();
    let manifest = serde_json::json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lykta": env!("CARGO_PKG_VERSION"),
        "database": backend,
        "migration": store.latest_migration(),
        "created_at": lykta_domain::Timestamp(time::OffsetDateTime::now_utc().unix_timestamp()).rfc3339(),
        "files": listed,
    });
    let manifest = serde_json::to_vec_pretty(&manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, "manifest.json", manifest.as_slice())?;
    tar.into_inner()?.sync_all()?;
    std::fs::rename(out.with_extension("partial"), out)?;
    Ok(Summary {
        files: files.len() + 1,
        bytes: total,
    })
}

/// Restore the backup `file` into `data_dir` (which must be empty or not
/// exist); for a PostgreSQL backup, into the empty database at `database_url`.
pub fn restore(file: &Path, data_dir: &Path, database_url: &str) -> anyhow::Result<Summary> {
    if data_dir.exists()
        && std::fs::read_dir(data_dir)
            .with_context(|| format!("reading {}", data_dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty: restore into a new, empty data folder",
            data_dir.display()
        );
    }
    std::fs::create_dir_all(data_dir)?;
    let work = data_dir.join(".restoring");
    let result = unpack_and_check(file, &work).and_then(|(manifest, summary)| {
        put_in_place(&work, data_dir, database_url, &manifest)?;
        Ok(summary)
    });
    let _ = std::fs::remove_dir_all(&work);
    if result.is_err() {
        // Nothing half restored stays behind.
        for name in [SQLITE_FILE, "media", "private"] {
            let p = data_dir.join(name);
            let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
        }
    }
    result
}

fn damaged(why: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("the backup is damaged or not a Lykta backup: {why}")
}

fn unpack_and_check(file: &Path, work: &Path) -> anyhow::Result<(serde_json::Value, Summary)> {
    let f = std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    // `unpack` keeps every entry inside `work` (no absolute paths, no `..`).
    tar::Archive::new(f).unpack(work).map_err(damaged)?;
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(work.join("manifest.json")).map_err(|_| damaged("no manifest.json"))?,
    )
    .map_err(damaged)?;
    if manifest["format"] != FORMAT || manifest["format_version"].as_u64() != Some(FORMAT_VERSION) {
        return Err(damaged("manifest.json is not a Lykta backup's (format 1)"));
    }
    let listed = manifest["files"]
        .as_array()
        .ok_or_else(|| damaged("manifest.json lists no files"))?;
    let mut present = Vec::new();
    files_under(work, work, &mut present)?;
    let present: std::collections::BTreeSet<String> = present
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != "manifest.json")
        .collect();
    let mut names = std::collections::BTreeSet::new();
    let mut bytes = 0;
    let bar = progress(listed.len() as u64, "files checked");
    for f in listed {
        let path = f["path"]
            .as_str()
            .ok_or_else(|| damaged("a file without a path"))?;
        let (n, sum) =
            sha256(&work.join(path)).map_err(|_| damaged(format!("{path} is missing")))?;
        if Some(sum.as_str()) != f["sha256"].as_str() || Some(n) != f["bytes"].as_u64() {
            return Err(damaged(format!("{path} does not match its checksum")));
        }
        names.insert(path.to_owned());
        bytes += n;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if let Some(extra) = present.difference(&names).next() {
        return Err(damaged(format!("{extra} is not in manifest.json")));
    }
    Ok((
        manifest,
        Summary {
            files: names.len(),
            bytes,
        },
    ))
}

fn put_in_place(
    work: &Path,
    data_dir: &Path,
    database_url: &str,
    manifest: &serde_json::Value,
) -> anyhow::Result<()> {
    match manifest["database"].as_str() {
        Some("sqlite") => {
            let default_file = data_dir.join(SQLITE_FILE);
            let path = database_url
                .strip_prefix("sqlite://")
                .or_else(|| database_url.strip_prefix("sqlite:"));
            let target = match path {
                Some(path) => PathBuf::from(path.split('?').next().unwrap_or(path)),
                None if database_url.is_empty() => default_file,
                None => bail!("this is a SQLite backup: restore it with a SQLite database_url"),
            };
            if target.exists() {
                bail!("{} exists already", target.display());
            }
            std::fs::rename(work.join(SQLITE_FILE), &target)?;
        }
        Some("postgres") => {
            if !(database_url.starts_with("postgres://")
                || database_url.starts_with("postgresql://"))
            {
                bail!("this is a PostgreSQL backup: give the empty database to restore into (--database-url)");
            }
            run(
                std::process::Command::new(pg_tool("PG_RESTORE", "pg_restore"))
                    .args(["--no-owner", "--exit-on-error", "--dbname", database_url])
                    .arg(work.join(PG_FILE)),
                "pg_restore (into an empty database)",
            )?;
        }
        _ => return Err(damaged("manifest.json names no database")),
    }
    for folder in FOLDERS {
        let from = work.join(folder);
        if from.exists() {
            std::fs::rename(&from, data_dir.join(folder))?;
        }
    }
    Ok(())
}
