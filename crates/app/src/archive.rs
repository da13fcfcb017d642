//! The public record's export package for the e-archive — one format,
//! written by `lykta archive export` (a period, into a folder) and by the
//! registrar's "export this selection" (a search result, as a tar file to
//! download), and checked by `lykta archive verify --package`.
//!
//! The package holds:
//! - `records.json`: the entries, in order, exactly as stored (kind,
//!   reference, actor, time, payload, previous hash, hash);
//! - `posts/<post>-v<version>.html`: every post version published among them,
//!   rendered as it was published;
//! - `media/`: the image files those versions show;
//! - `README.txt`: what the package is and how to check it;
//! - `manifest.json`: every other file with its size and SHA-256, the period
//!   or the search that chose the entries, and the hash of the last entry (so
//!   the chain can be checked against a later export).
//!
//! A period is every entry from the first to the last written in it, so its
//! entries follow each other in the chain. A selection is the entries a
//! search found, and for each comment among them every entry about that
//! comment (as received, the decisions, a ban): each entry checks on its own,
//! and against the live record with `lykta archive verify --expect ID:HASH`.
//! Every export is itself recorded (`record-exported`: who, what, how many
//! entries, the manifest's SHA-256).

use crate::{App, Result};
use anyhow::Context as _;
use lykta_domain::{Actor, UserId};
use lykta_store::record::RecordEntry;
use lykta_store::{RecordQuery, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The package format, named in every manifest.
pub const FORMAT: &str = "lykta-record-export/1";

/// Where a package's files go.
pub trait PackageSink {
    /// Add one file at `path` (relative, `/`-separated).
    fn add(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()>;
}

/// A package written as a folder, which must not exist or be empty.
pub struct Folder(PathBuf);

impl Folder {
    pub fn create(out: &Path) -> anyhow::Result<Folder> {
        if out.exists()
            && std::fs::read_dir(out)
                .with_context(|| format!("{} is not a folder", out.display()))?
                .next()
                .is_some()
        {
            anyhow::bail!("--out: {} exists and is not empty", out.display());
        }
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        Ok(Folder(out.to_path_buf()))
    }
}

impl PackageSink for Folder {
    fn add(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let to = self.0.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&to, bytes).with_context(|| format!("writing {}", to.display()))
    }
}

/// A package written as one tar file in memory (a download), its files
/// under one folder named like the file.
pub struct Tarball {
    builder: tar::Builder<Vec<u8>>,
    folder: String,
    mtime: u64,
}

impl Tarball {
    pub fn new(folder: &str, now: i64) -> Tarball {
        Tarball {
            builder: tar::Builder::new(Vec::new()),
            folder: folder.to_owned(),
            mtime: u64::try_from(now).unwrap_or(0),
        }
    }

    pub fn finish(self) -> anyhow::Result<Vec<u8>> {
        Ok(self.builder.into_inner()?)
    }
}

impl PackageSink for Tarball {
    fn add(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(self.mtime);
        header.set_cksum();
        let path = format!("{}/{path}", self.folder);
        self.builder.append_data(&mut header, path, bytes)?;
        Ok(())
    }
}

/// What chose the entries of a package, as the manifest states it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Selection {
    pub text: String,
    pub kind: String,
    pub person: String,
    /// The blog's name, if the search named one.
    pub blog: Option<String>,
}

#[derive(Serialize)]
struct ManifestFile {
    path: String,
    bytes: u64,
    sha256: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    organisation: &'a str,
    from: &'a str,
    to: &'a str,
    /// None: every entry of the period, a whole stretch of the chain.
    selection: Option<&'a Selection>,
    entries: usize,
    first_entry: Option<i64>,
    last_entry: Option<i64>,
    last_hash: Option<&'a str>,
    files: Vec<ManifestFile>,
}

/// What a package holds besides its files, for the manifest.
pub struct PackageInfo<'a> {
    pub organisation: &'a str,
    /// The period, as dates (YYYY-MM-DD).
    pub from: &'a str,
    pub to: &'a str,
    pub selection: Option<&'a Selection>,
}

const README: &str = "Lykta public-record export\n\
\n\
records.json   the record entries, in order, as stored. Each entry's hash is\n\
               SHA-256 (hex) over the JSON array [prev_hash, kind, ref_id, actor, at, payload_hash]\n\
               (serde_json compact form); payload_hash is SHA-256 (hex) of the payload text;\n\
               prev_hash is the hash of the entry before it in the record. A disposed-of entry\n\
               (gallring by rule, named in disposal_rule) has no payload but keeps its payload_hash.\n\
               When manifest.json names no selection, the entries are a whole stretch of the\n\
               chain (each follows the one before it); with a selection (a search), each entry\n\
               checks on its own, and against the record with lykta archive verify --expect.\n\
posts/         every post version published among them, as HTML, named <post>-v<version>.html\n\
media/         the image files those versions show\n\
manifest.json  every file above with its size and SHA-256, and the last entry's hash\n\
\n\
Kinds: post-published, post-unpublished, page-published, page-unpublished, comment-received,\n\
comment-decision, comment-platform, sender-banned, pseudonymised, incident-reported, incident-closed,\n\
record-exported, disposal. Times are Unix seconds (UTC).\n";

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One published post version as a standalone HTML page.
fn post_html(entry: &RecordEntry, p: &serde_json::Value) -> String {
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
    let esc = lykta_render::markdown::escape_html;
    let at = lykta_domain::Timestamp(entry.at).rfc3339();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n\
         <p>Published {at} (record entry {id}, post {post}, version {version})</p>\n<h1>{title}</h1>\n<p>{excerpt}</p>\n{body}\n</body></html>\n",
        title = esc(&text("title")),
        excerpt = esc(&text("excerpt")),
        body = lykta_render::markdown::render_markdown(&text("body")).html,
        id = entry.id,
        post = entry.ref_id,
        version = p["version"],
    )
}

/// Media files (`/media/<name>`) a text refers to.
fn media_names(body: &str) -> Vec<String> {
    body.split("/media/")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .collect();
            let name = name.trim_end_matches('.').to_owned();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Write `entries` (in order) as a package into `sink`, the images they
/// show from `media_dir`. Returns the manifest's SHA-256.
pub fn write_package(
    entries: &[RecordEntry],
    media_dir: &Path,
    info: &PackageInfo<'_>,
    sink: &mut dyn PackageSink,
) -> anyhow::Result<String> {
    let mut files = Vec::new();
    let mut add = |sink: &mut dyn PackageSink, path: String, bytes: &[u8]| {
        sink.add(&path, bytes)?;
        files.push(ManifestFile {
            path,
            bytes: bytes.len() as u64,
            sha256: sha256(bytes),
        });
        Ok::<_, anyhow::Error>(())
    };
    let mut media_written: Vec<String> = Vec::new();
    for e in entries {
        if let (true, Some(payload)) = (e.kind == "post-published", &e.payload) {
            let payload: serde_json::Value = serde_json::from_str(payload)?;
            let path = format!("posts/{}-v{}.html", e.ref_id, payload["version"]);
            add(sink, path, post_html(e, &payload).as_bytes())?;
            for name in media_names(payload["body"].as_str().unwrap_or_default()) {
                let src = media_dir.join(&name);
                if src.is_file() && !media_written.contains(&name) {
                    let bytes = std::fs::read(&src)
                        .with_context(|| format!("reading {}", src.display()))?;
                    add(sink, format!("media/{name}"), &bytes)?;
                    media_written.push(name);
                }
            }
        }
    }
    add(
        sink,
        "records.json".into(),
        &serde_json::to_vec_pretty(entries)?,
    )?;
    add(sink, "README.txt".into(), README.as_bytes())?;
    let manifest = Manifest {
        format: FORMAT,
        organisation: info.organisation,
        from: info.from,
        to: info.to,
        selection: info.selection,
        entries: entries.len(),
        first_entry: entries.first().map(|e| e.id),
        last_entry: entries.last().map(|e| e.id),
        last_hash: entries.last().map(|e| e.hash.as_str()),
        files,
    };
    let bytes = serde_json::to_vec_pretty(&manifest)?;
    sink.add("manifest.json", &bytes)?;
    Ok(sha256(&bytes))
}

/// Record an export that was written: by whom (None: the command line),
/// what chose it, how many entries, the manifest's checksum.
async fn record_export(
    store: &Store,
    actor: Option<UserId>,
    info: &PackageInfo<'_>,
    entries: usize,
    manifest_sha256: &str,
    now: i64,
) -> anyhow::Result<()> {
    let payload = serde_json::json!({
        "format": FORMAT, "from": info.from, "to": info.to, "selection": info.selection,
        "entries": entries, "manifest_sha256": manifest_sha256,
    })
    .to_string();
    Ok(store.record_export(actor, &payload, now).await?)
}

/// `lykta archive export`: every entry of the period `from`..=`to` (Unix
/// seconds) into the folder `out`, recorded as exported. Returns the number
/// of entries.
pub async fn export_period(
    store: &Store,
    media_dir: &Path,
    info: &PackageInfo<'_>,
    (from, to): (i64, i64),
    out: &Path,
    now: i64,
) -> anyhow::Result<usize> {
    let mut folder = Folder::create(out)?;
    let entries = store.record_between(from, to).await?;
    let sha = write_package(&entries, media_dir, info, &mut folder)?;
    record_export(store, None, info, entries.len(), &sha, now).await?;
    Ok(entries.len())
}

/// A selection exported from the registrar's search, ready to download.
pub struct Download {
    /// `diariet-<from>-<to>.tar`
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub entries: usize,
}

impl App {
    /// Export what the registrar's search `q` finds (with every entry about
    /// each comment among it) as a package in a tar file, recorded as
    /// exported by `actor`.
    pub async fn export_record(
        &self,
        actor: &Actor,
        q: &RecordQuery<'_>,
        info: &PackageInfo<'_>,
    ) -> Result<Download> {
        let found = self.find_record(actor, q).await?;
        let comments: Vec<i64> = found
            .iter()
            .filter(|e| e.kind.starts_with("comment-") || e.kind == "sender-banned")
            .map(|e| e.ref_id)
            .collect();
        let mut entries = found;
        entries.extend(self.store.record_of_comments(&comments).await?);
        entries.sort_by_key(|e| e.id);
        entries.dedup_by_key(|e| e.id);
        let name = format!("diariet-{}-{}", info.from, info.to);
        let now = self.now();
        let mut tar = Tarball::new(&name, now);
        let sha = write_package(&entries, &self.media_dir, info, &mut tar)?;
        let bytes = tar.finish()?;
        record_export(
            &self.store,
            Some(actor.user_id),
            info,
            entries.len(),
            &sha,
            now,
        )
        .await?;
        Ok(Download {
            file_name: format!("{name}.tar"),
            bytes,
            entries: entries.len(),
        })
    }
}

/// Check a package in the folder `dir`: every file against the manifest's
/// checksum, and every entry of records.json against its hash — and, for a
/// period, against the one before it. Err names the first file or entry
/// that does not fit. Returns the number of entries.
pub fn verify_package(dir: &Path) -> anyhow::Result<usize> {
    let read = |name: &str| {
        std::fs::read(dir.join(name)).with_context(|| format!("{} has no {name}", dir.display()))
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&read("manifest.json")?).context("manifest.json is not JSON")?;
    for f in manifest["files"]
        .as_array()
        .context("manifest.json lists no files")?
    {
        let path = f["path"]
            .as_str()
            .context("a manifest entry without a path")?;
        if path.contains("..") || path.starts_with('/') {
            anyhow::bail!("manifest.json names a file outside the package: {path}");
        }
        let bytes = read(path)?;
        if Some(sha256(&bytes).as_str()) != f["sha256"].as_str() {
            anyhow::bail!("{path} was changed: its checksum does not match manifest.json");
        }
    }
    let whole_chain = manifest["selection"].is_null();
    let entries: Vec<RecordEntry> =
        serde_json::from_slice(&read("records.json")?).context("records.json is not the record")?;
    let mut prev: Option<&RecordEntry> = None;
    for e in &entries {
        let payload_ok = lykta_store::record::payload_fits(e);
        let hash = lykta_store::record::entry_hash(
            &e.prev_hash,
            &e.kind,
            e.ref_id,
            e.actor,
            e.at,
            &e.payload_hash,
        );
        if !payload_ok || hash != e.hash {
            anyhow::bail!(
                "records.json is broken at entry {}: its content was changed",
                e.id
            );
        }
        if let Some(p) = prev {
            if e.id <= p.id || whole_chain && e.prev_hash != p.hash {
                anyhow::bail!(
                    "records.json is broken at entry {}: it does not follow entry {}",
                    e.id,
                    p.id
                );
            }
        }
        prev = Some(e);
    }
    if manifest["last_hash"].as_str() != entries.last().map(|e| e.hash.as_str()) {
        anyhow::bail!(
            "records.json does not end where manifest.json says (entries removed or added)"
        );
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn media_references_are_found() {
        assert_eq!(
            super::media_names("![a](/media/ab12-960.jpg) och /media/x_y.png."),
            ["ab12-960.jpg", "x_y.png"]
        );
    }
}
