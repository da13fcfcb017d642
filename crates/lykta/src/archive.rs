//! `lykta archive`: check the public record's hash chain, and export a period
//! of it as a package for the e-archive.
//!
//! The package (a folder) holds:
//! - `records.json`: the entries of the period, in order, exactly as stored
//!   (kind, reference, actor, time, payload, previous hash, hash);
//! - `posts/<post>-v<version>.html`: every post version published in the
//!   period, rendered as it was published;
//! - `media/`: the image files those versions show;
//! - `README.txt`: what the package is and how to check it;
//! - `manifest.json`: every other file with its size and SHA-256, the period,
//!   and the hash of the last entry (so the chain can be checked against a
//!   later export).

use anyhow::Context as _;
use lykta_store::record::RecordEntry;
use lykta_store::Store;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Check the whole chain, and that entries kept elsewhere (`ID:HASH`, from
/// an earlier export's manifest) still have their hashes — so a chain
/// rewritten from some entry on is found too. Err names the broken entry.
pub async fn verify(store: &Store, expect: &[String]) -> anyhow::Result<u64> {
    let check = store.verify_record().await?;
    if let Some((id, why)) = check.first_broken {
        anyhow::bail!(
            "the record is broken at entry {id}: {why} ({} entries read)",
            check.entries
        );
    }
    for e in expect {
        let (id, hash) = e
            .split_once(':')
            .and_then(|(id, h)| id.parse::<i64>().ok().map(|id| (id, h)))
            .with_context(|| format!("--expect: {e:?} is not ID:HASH"))?;
        match store.record_hash(id).await? {
            Some(h) if h == hash => {}
            Some(_) => anyhow::bail!(
                "the record is broken at entry {id}: it differs from the copy kept in the archive"
            ),
            None => anyhow::bail!("the record is broken at entry {id}: it is missing"),
        }
    }
    Ok(check.entries)
}

/// Check an exported package: every file against the manifest's checksum,
/// and every entry of records.json against its hash and the one before it.
/// Err names the first file or entry that does not fit.
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
        let (_, sha) = sha256_file(&dir.join(path))?;
        if Some(sha.as_str()) != f["sha256"].as_str() {
            anyhow::bail!("{path} was changed: its checksum does not match manifest.json");
        }
    }
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
            if e.prev_hash != p.hash {
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
    entries: usize,
    first_entry: Option<i64>,
    last_entry: Option<i64>,
    last_hash: Option<&'a str>,
    files: Vec<ManifestFile>,
}

const README: &str = "Lykta public-record export\n\
\n\
records.json   the record entries of the period, in order, as stored. Each entry's hash is\n\
               SHA-256 (hex) over the JSON array [prev_hash, kind, ref_id, actor, at, payload_hash]\n\
               (serde_json compact form); payload_hash is SHA-256 (hex) of the payload text;\n\
               prev_hash is the hash of the entry before it. A disposed-of entry (gallring by\n\
               rule, named in disposal_rule) has no payload but keeps its payload_hash.\n\
posts/         every post version published in the period, as HTML, named <post>-v<version>.html\n\
media/         the image files those versions show\n\
manifest.json  every file above with its size and SHA-256, and the last entry's hash\n\
\n\
Kinds: post-published, post-unpublished, comment-received, comment-decision, disposal.\n\
Times are Unix seconds (UTC).\n";

fn sha256_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok((bytes.len() as u64, hex::encode(Sha256::digest(&bytes))))
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

/// Write the period `from`..=`to` (Unix seconds) to the folder `out`, which
/// must not exist or be empty. Returns the number of entries.
pub async fn export(
    store: &Store,
    media_dir: &Path,
    organisation: &str,
    (from, to): (i64, i64),
    (from_text, to_text): (&str, &str),
    out: &Path,
) -> anyhow::Result<usize> {
    if out.exists()
        && std::fs::read_dir(out)
            .with_context(|| format!("{} is not a folder", out.display()))?
            .next()
            .is_some()
    {
        anyhow::bail!("--out: {} exists and is not empty", out.display());
    }
    std::fs::create_dir_all(out.join("posts"))
        .and_then(|_| std::fs::create_dir_all(out.join("media")))
        .with_context(|| format!("cannot create {}", out.display()))?;
    let entries = store.record_between(from, to).await?;
    let bar = indicatif::ProgressBar::new(entries.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{wide_bar} {pos}/{len} entries")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut written: Vec<PathBuf> = Vec::new();
    for e in &entries {
        if let (true, Some(payload)) = (e.kind == "post-published", &e.payload) {
            let payload: serde_json::Value = serde_json::from_str(payload)?;
            let rel = PathBuf::from(format!("posts/{}-v{}.html", e.ref_id, payload["version"]));
            std::fs::write(out.join(&rel), post_html(e, &payload))?;
            written.push(rel);
            for name in media_names(payload["body"].as_str().unwrap_or_default()) {
                let src = media_dir.join(&name);
                let rel = PathBuf::from("media").join(&name);
                if src.is_file() && !out.join(&rel).exists() {
                    std::fs::copy(&src, out.join(&rel))?;
                    written.push(rel);
                }
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    std::fs::write(
        out.join("records.json"),
        serde_json::to_vec_pretty(&entries)?,
    )?;
    std::fs::write(out.join("README.txt"), README)?;
    written.push("records.json".into());
    written.push("README.txt".into());
    let mut files = Vec::new();
    for rel in written {
        let (bytes, sha256) = sha256_file(&out.join(&rel))?;
        files.push(ManifestFile {
            path: rel.to_string_lossy().replace('\\', "/"),
            bytes,
            sha256,
        });
    }
    let manifest = Manifest {
        format: "lykta-record-export/1",
        organisation,
        from: from_text,
        to: to_text,
        entries: entries.len(),
        first_entry: entries.first().map(|e| e.id),
        last_entry: entries.last().map(|e| e.id),
        last_hash: entries.last().map(|e| e.hash.as_str()),
        files,
    };
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
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
