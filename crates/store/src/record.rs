//! The public record ("allmän handling"): an append-only, hash-chained log of
//! every published version of a post, every comment as received and every
//! moderation decision, written in the same transaction as the change.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and the
//! entry's own fields (a JSON array, so field boundaries are unambiguous).
//! Changing, removing or inserting an entry breaks the chain from there on;
//! [`Store::verify_record`] names the first entry that does not fit.
//! `record_head` holds the newest hash; appending updates it first, which
//! serialises concurrent writers on both backends.

use crate::{with_pool, Result, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecordEntry {
    pub id: i64,
    pub kind: String,
    pub ref_id: i64,
    pub actor: Option<i64>,
    pub at: i64,
    /// JSON.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry that follows `prev`.
pub fn entry_hash(
    prev: &str,
    kind: &str,
    ref_id: i64,
    actor: Option<i64>,
    at: i64,
    payload: &str,
) -> String {
    let fields = serde_json::json!([prev, kind, ref_id, actor, at, payload]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// Append an entry inside the transaction `$tx` (SQL written once for both
/// backends): lock the head, chain, insert, move the head.
macro_rules! append_record {
    ($tx:expr, $kind:expr, $ref_id:expr, $actor:expr, $at:expr, $payload:expr) => {{
        let (_, prev): (i64, String) =
            sqlx::query_as("UPDATE record_head SET last_id = last_id WHERE id = 1 RETURNING last_id, hash")
                .fetch_one(&mut *$tx)
                .await?;
        let payload: String = $payload;
        let hash = $crate::record::entry_hash(&prev, $kind, $ref_id, $actor, $at, &payload);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO record (kind, ref_id, actor, at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind($kind)
        .bind($ref_id)
        .bind($actor)
        .bind($at)
        .bind(&payload)
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
        let mut prev = GENESIS.to_owned();
        let mut entries = 0;
        let mut after = 0_i64;
        loop {
            let batch = self.record_entries_after(after, 1000).await?;
            if batch.is_empty() {
                break;
            }
            for e in &batch {
                entries += 1;
                after = e.id;
                if e.prev_hash != prev {
                    return Ok(RecordCheck {
                        entries,
                        first_broken: Some((e.id, "does not follow the entry before it (an entry was removed, inserted or changed)".into())),
                    });
                }
                let expected = entry_hash(&prev, &e.kind, e.ref_id, e.actor, e.at, &e.payload);
                if e.hash != expected {
                    return Ok(RecordCheck {
                        entries,
                        first_broken: Some((
                            e.id,
                            "its content was changed after it was written".into(),
                        )),
                    });
                }
                prev = e.hash.clone();
            }
        }
        let head: (i64, String) = with_pool!(self, p => sqlx::query_as("SELECT last_id, hash FROM record_head WHERE id = 1").fetch_one(p).await)?;
        if head.1 != prev || head.0 != after {
            return Ok(RecordCheck {
                entries,
                first_broken: Some((head.0, "the newest entries are missing".into())),
            });
        }
        Ok(RecordCheck {
            entries,
            first_broken: None,
        })
    }

    /// Entries after `id`, in order.
    pub async fn record_entries_after(&self, id: i64, limit: i64) -> Result<Vec<RecordEntry>> {
        let sql = "SELECT id, kind, ref_id, actor, at, payload, prev_hash, hash FROM record WHERE id > $1 ORDER BY id LIMIT $2";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(id).bind(limit).fetch_all(p).await)?)
    }

    /// Entries written from `from` to `to` (Unix seconds, inclusive), in order.
    pub async fn record_between(&self, from: i64, to: i64) -> Result<Vec<RecordEntry>> {
        let sql = "SELECT id, kind, ref_id, actor, at, payload, prev_hash, hash FROM record WHERE at >= $1 AND at <= $2 ORDER BY id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(from).bind(to).fetch_all(p).await)?)
    }
}
