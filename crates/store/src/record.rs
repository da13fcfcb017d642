//! The public record ("allmän handling"): an append-only, hash-chained log of
//! every published version of a post, every comment as received and every
//! moderation decision, written in the same transaction as the change.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash, the entry's
//! own fields and the SHA-256 of its payload (a JSON array, so field
//! boundaries are unambiguous). Changing, removing or inserting an entry
//! breaks the chain from there on; [`Store::verify_record`] names the first
//! entry that does not fit. Disposal by rule removes a payload but keeps its
//! hash, so the chain still verifies; an entry on hold is never disposed of.
//! `record_head` holds the newest hash; appending updates it first, which
//! serialises concurrent writers on both backends.

use crate::{with_pool, Result, Store};
use lykta_domain::{BlogId, UserId};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct RecordEntry {
    pub id: i64,
    pub kind: String,
    pub ref_id: i64,
    pub actor: Option<UserId>,
    pub at: i64,
    /// JSON; None once disposed of.
    pub payload: Option<String>,
    pub payload_hash: String,
    pub prev_hash: String,
    pub hash: String,
    pub held_by: Option<UserId>,
    pub hold_reason: String,
    pub disposed_at: Option<i64>,
    pub disposal_rule: String,
}

/// Whether an entry's payload matches its hash: present and equal, or
/// removed by a disposal rule (only comments as received can be).
pub fn payload_fits(e: &RecordEntry) -> bool {
    match (&e.payload, e.disposed_at) {
        (Some(p), None) => payload_hash(p) == e.payload_hash,
        (None, Some(_)) => e.kind == "comment-received" && !e.disposal_rule.is_empty(),
        _ => false,
    }
}

/// SHA-256 (hex) of a payload.
pub fn payload_hash(payload: &str) -> String {
    hex::encode(Sha256::digest(payload.as_bytes()))
}

/// The hash of an entry that follows `prev`.
pub fn entry_hash(
    prev: &str,
    kind: &str,
    ref_id: i64,
    actor: Option<UserId>,
    at: i64,
    payload_hash: &str,
) -> String {
    let fields = serde_json::json!([prev, kind, ref_id, actor, at, payload_hash]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// Locks the record's head until the transaction ends; run first in any
/// transaction that appends, so writers queue in one order.
pub(crate) const LOCK_HEAD_SQL: &str = "UPDATE record_head SET last_id = last_id WHERE id = 1";

/// Append an entry inside the transaction `$tx` (SQL written once for both
/// backends): lock the head, chain, insert, move the head.
macro_rules! append_record {
    ($tx:expr, $kind:expr, $ref_id:expr, $actor:expr, $at:expr, $payload:expr) => {{
        let (_, prev): (i64, String) =
            sqlx::query_as("UPDATE record_head SET last_id = last_id WHERE id = 1 RETURNING last_id, hash")
                .fetch_one(&mut *$tx)
                .await?;
        let payload: String = $payload;
        let payload_hash = $crate::record::payload_hash(&payload);
        // The record refers to rows of many kinds, so it keeps their bare keys.
        let (ref_id, actor): (i64, Option<lykta_domain::UserId>) = (i64::from($ref_id), $actor);
        let hash = $crate::record::entry_hash(&prev, $kind, ref_id, actor, $at, &payload_hash);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO record (kind, ref_id, actor, at, payload, payload_hash, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind($kind)
        .bind(ref_id)
        .bind(actor)
        .bind($at)
        .bind(&payload)
        .bind(&payload_hash)
        .bind(&prev)
        .bind(&hash)
        .fetch_one(&mut *$tx)
        .await?;
        sqlx::query("UPDATE record_head SET last_id = $1, hash = $2 WHERE id = 1")
            .bind(id)
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use append_record;

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCheck {
    pub entries: u64,
    /// The first entry that does not fit, and why.
    pub first_broken: Option<(i64, String)>,
}

impl Store {
    /// Check every entry of the record in order, and the head.
    pub async fn verify_record(&self) -> Result<RecordCheck> {
        // The head first: entries written while we read are checked next time.
        let head: (i64, String) = with_pool!(self, p => sqlx::query_as("SELECT last_id, hash FROM record_head WHERE id = 1").fetch_one(p).await)?;
        let mut prev = GENESIS.to_owned();
        let mut entries = 0;
        let mut after = 0_i64;
        // Payloads removed, against what disposal entries say they removed.
        let (mut removed, mut declared) = (0_u64, 0_u64);
        let mut first_removed = None;
        let broken = |entries, id, why: &str| {
            Ok(RecordCheck {
                entries,
                first_broken: Some((id, why.to_owned())),
            })
        };
        'read: loop {
            let batch = self.record_entries_after(after, 1000).await?;
            if batch.is_empty() {
                break;
            }
            for e in &batch {
                if e.id > head.0 {
                    break 'read;
                }
                entries += 1;
                after = e.id;
                if e.prev_hash != prev {
                    return broken(entries, e.id, "does not follow the entry before it (an entry was removed, inserted or changed)");
                }
                let expected = entry_hash(&prev, &e.kind, e.ref_id, e.actor, e.at, &e.payload_hash);
                if e.hash != expected || !payload_fits(e) {
                    return broken(
                        entries,
                        e.id,
                        "its content was changed after it was written",
                    );
                }
                if e.payload.is_none() {
                    removed += 1;
                    first_removed.get_or_insert(e.id);
                }
                if e.kind == "disposal" {
                    declared += e
                        .payload
                        .as_deref()
                        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
                        .and_then(|v| v["entries"].as_u64())
                        .unwrap_or(0);
                }
                prev = e.hash.clone();
            }
        }
        if head.1 != prev || head.0 != after {
            return broken(entries, head.0, "the newest entries are missing");
        }
        if removed > declared {
            return broken(
                entries,
                first_removed.unwrap_or(0),
                "payloads were removed without a disposal entry saying so",
            );
        }
        Ok(RecordCheck {
            entries,
            first_broken: None,
        })
    }

    /// The hash of entry `id`, to compare with one kept elsewhere (an
    /// export's manifest): a rewritten chain shows there.
    pub async fn record_hash(&self, id: i64) -> Result<Option<String>> {
        Ok(
            with_pool!(self, p => sqlx::query_scalar("SELECT hash FROM record WHERE id = $1").bind(id).fetch_optional(p).await)?,
        )
    }

    /// Entries after `id`, in order.
    pub async fn record_entries_after(&self, id: i64, limit: i64) -> Result<Vec<RecordEntry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM record WHERE id > $1 ORDER BY id LIMIT $2");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(id).bind(limit).fetch_all(p).await)?)
    }

    /// The entries of a period (Unix seconds, inclusive), in order: every
    /// entry from the first written in it to the last, so the exported chain
    /// has no gaps even if a writer's clock was off.
    pub async fn record_between(&self, from: i64, to: i64) -> Result<Vec<RecordEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM record
              WHERE id >= (SELECT MIN(id) FROM record WHERE at >= $1 AND at <= $2)
                AND id <= (SELECT MAX(id) FROM record WHERE at >= $1 AND at <= $2)
              ORDER BY id"
        );
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(from).bind(to).fetch_all(p).await)?)
    }

    /// The registrar's search: entries whose payload contains `text` (any
    /// case), among `ids` if given, of a kind, by a person, from..to, newest
    /// first, at most 200.
    pub async fn search_record(&self, q: &RecordQuery<'_>) -> Result<Vec<RecordEntry>> {
        let among = match q.ids {
            Some([]) => return Ok(Vec::new()),
            Some(ids) => format!("AND id IN ({})", crate::placeholders(8, ids.len())),
            None => String::new(),
        };
        // A blog: its posts' and pages' entries, and its comments'.
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM record
              WHERE ($1 = '' OR LOWER(payload) LIKE $1) AND ($2 = '' OR kind = $2)
                AND ($3 = '' OR actor IN (SELECT id FROM users WHERE LOWER(email) = $3) OR LOWER(payload) LIKE $4)
                AND at >= $5 AND at <= $6
                AND ($7 IS NULL
                     OR (kind LIKE 'post-%' AND ref_id IN (SELECT id FROM posts WHERE blog_id = $7))
                     OR (kind LIKE 'page-%' AND ref_id IN (SELECT id FROM pages WHERE blog_id = $7))
                     OR (kind IN ('comment-received', 'comment-decision', 'comment-platform', 'sender-banned')
                         AND ref_id IN (SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.blog_id = $7)))
                {among}
              ORDER BY id DESC LIMIT 200"
        );
        let like = |t: &str| {
            let t = t.trim().to_lowercase().replace(['%', '_'], "");
            if t.is_empty() {
                String::new()
            } else {
                format!("%{t}%")
            }
        };
        let person = q.person.trim().to_lowercase();
        Ok(with_pool!(self, p => {
            let mut query = sqlx::query_as(&sql)
                .bind(like(q.text)).bind(q.kind).bind(&person).bind(like(&person))
                .bind(q.from).bind(q.to).bind(q.blog_id);
            for id in q.ids.unwrap_or_default() {
                query = query.bind(*id);
            }
            query.fetch_all(p).await?
        }))
    }

    /// The entries whose payloads a disposal at `at` removed.
    pub async fn record_disposed_at(&self, at: i64) -> Result<Vec<i64>> {
        let sql = "SELECT id FROM record WHERE disposed_at = $1 ORDER BY id";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).bind(at).fetch_all(p).await)?)
    }

    /// Every entry about these comments: as received, each decision, a ban
    /// of the sender. In order.
    pub async fn record_of_comments(&self, ids: &[i64]) -> Result<Vec<RecordEntry>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM record
              WHERE kind IN ('comment-received', 'comment-decision', 'comment-platform', 'sender-banned') AND ref_id IN ({})
              ORDER BY id",
            crate::placeholders(1, ids.len())
        );
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }

    /// Record that part of the record was exported (`payload`: what, how
    /// many entries, the manifest's checksum), by `actor` (None: the command
    /// line).
    pub async fn record_export(
        &self,
        actor: Option<UserId>,
        payload: &str,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            append_record!(tx, "record-exported", 0_i64, actor, now, payload.to_owned());
            tx.commit().await?;
            Ok::<_, crate::StoreError>(())
        }.await)
    }

    /// Put an entry on hold (it will not be disposed of), or release it.
    pub async fn hold_record(&self, id: i64, hold: Option<(UserId, &str)>) -> Result<()> {
        let (by, reason) = match hold {
            Some((by, reason)) => (Some(by), reason),
            None => (None, ""),
        };
        let sql = "UPDATE record SET held_by = $1, hold_reason = $2 WHERE id = $3";
        let done = with_pool!(self, p => sqlx::query(sql).bind(by).bind(reason).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(crate::StoreError::NotFound);
        }
        Ok(())
    }

    /// Dispose of (gallra) the payloads of `kind` entries written before
    /// `before` whose comment is in `comment_state` (None: any), unless held:
    /// the payload goes, its hash and the entry stay. The comments'
    /// texts and addresses are emptied too. Returns how many entries.
    pub async fn dispose(&self, rule: &DisposalRule, before: i64, now: i64) -> Result<u64> {
        let filter =
            "kind = 'comment-received' AND at < $1 AND held_by IS NULL AND disposed_at IS NULL
                      AND ref_id IN (SELECT id FROM comments WHERE state = $2)";
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(LOCK_HEAD_SQL).execute(&mut *tx).await?;
            sqlx::query(&format!("UPDATE comments SET body = '', author_email = '', author_name = '–' WHERE id IN (SELECT ref_id FROM record WHERE {filter})"))
                .bind(before).bind(&rule.comment_state).execute(&mut *tx).await?;
            let done = sqlx::query(&format!("UPDATE record SET payload = NULL, disposed_at = $3, disposal_rule = $4 WHERE {filter}"))
                .bind(before).bind(&rule.comment_state).bind(now).bind(&rule.name)
                .execute(&mut *tx).await?;
            let n = done.rows_affected();
            if n > 0 {
                let payload = serde_json::json!({ "rule": rule.name, "entries": n, "before": before }).to_string();
                append_record!(tx, "disposal", 0_i64, None::<UserId>, now, payload);
            }
            tx.commit().await?;
            Ok::<_, crate::StoreError>(n)
        }.await)
    }
}

const ENTRY_COLUMNS: &str = "id, kind, ref_id, actor, at, payload, payload_hash, prev_hash, hash, held_by, hold_reason, disposed_at, disposal_rule";

/// What the registrar searches for.
pub struct RecordQuery<'a> {
    /// Words in the payload ("" for any).
    pub text: &'a str,
    /// A kind ("" for any).
    pub kind: &'a str,
    /// An e-mail address: what this staff member did, or what mentions the
    /// address (a commenter's) ("" for anyone).
    pub person: &'a str,
    pub blog_id: Option<BlogId>,
    pub from: i64,
    pub to: i64,
    /// Only these entries (what the search index found for the text).
    pub ids: Option<&'a [i64]>,
}

/// A disposal rule (gallringsregel): the comments of one state (and their
/// record entries' payloads) after some days. Configured in the settings
/// (`[[disposal_rules]]`); nothing else is ever disposed of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisposalRule {
    /// Named in the record, e.g. "spam-after-90-days".
    pub name: String,
    /// One of [`DISPOSABLE_STATES`].
    pub comment_state: String,
    pub after_days: i64,
}

/// Comment states a rule may dispose of: never published ones only.
pub const DISPOSABLE_STATES: &[&str] = &["spam", "rejected"];

impl DisposalRule {
    /// The default: spam after three months.
    pub fn spam_after_90_days() -> DisposalRule {
        DisposalRule {
            name: "spam-after-90-days".into(),
            comment_state: "spam".into(),
            after_days: 90,
        }
    }

    /// Why the rule cannot be used, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if !DISPOSABLE_STATES.contains(&self.comment_state.as_str()) {
            Some(format!(
                "comment_state {:?} must be one of {DISPOSABLE_STATES:?}",
                self.comment_state
            ))
        } else if self.after_days < 30 {
            Some(format!(
                "after_days {} must be at least 30",
                self.after_days
            ))
        } else if self.name.trim().is_empty() {
            Some("a rule needs a name".into())
        } else {
            None
        }
    }
}
