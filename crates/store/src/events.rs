//! The event log (table `events`): typed [`DomainEvent`]s written in the
//! same transaction as the change to public content, with gap-free ids in
//! commit order (see migration 0017). Consumers remember the last id they
//! have handled and read what came after.

use crate::{with_pool, Result, Store};
use lykta_domain::DomainEvent;

/// Take the next event id (locking the head row until commit, so ids follow
/// commit order). Always the last statements of a transaction: it is taken
/// after the public record's head, never before, so writers cannot deadlock.
pub(crate) const NEXT_EVENT_SQL: &str =
    "UPDATE event_head SET last = last + 1 WHERE id = 1 RETURNING last";
pub(crate) const INSERT_EVENT_SQL: &str =
    "INSERT INTO events (id, kind, payload, at) VALUES ($1, $2, $3, $4)";

/// Append `$event` (a [`DomainEvent`]) to the log inside the transaction `$tx`.
macro_rules! append_event {
    ($tx:expr, $event:expr, $now:expr) => {{
        let event: lykta_domain::DomainEvent = $event;
        let id: i64 = sqlx::query_scalar(crate::events::NEXT_EVENT_SQL)
            .fetch_one(&mut *$tx)
            .await?;
        sqlx::query(crate::events::INSERT_EVENT_SQL)
            .bind(id)
            .bind(event.kind())
            .bind(event.to_json())
            .bind($now)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use append_event;

/// Run `$body` (statements on the transaction `$tx`, giving `$out`) and log
/// the event `$event` (which may use `$out`) in the same transaction.
macro_rules! with_event {
    ($store:expr, $tx:ident, $out:ident => $body:expr, $event:expr, $now:expr) => {
        crate::with_pool!($store, p => async {
            let mut $tx = crate::BeginWrite::begin_write(p).await?;
            let $out = $body;
            crate::events::append_event!($tx, $event, $now);
            $tx.commit().await?;
            Ok::<_, crate::StoreError>($out)
        }.await)
    };
}
pub(crate) use with_event;

/// One logged event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    pub id: i64,
    pub at: i64,
    /// None: a kind this version does not know (written by a newer node).
    pub event: Option<DomainEvent>,
}

impl Store {
    /// The id of the last event written: consumers compare it with theirs.
    pub async fn last_event_id(&self) -> Result<i64> {
        let sql = "SELECT last FROM event_head WHERE id = 1";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?)
    }

    /// Whether an event readers can see (not [`DomainEvent::STAFF_ONLY_KINDS`])
    /// was logged after id `after` up to `upto`.
    pub async fn public_change_between(&self, after: i64, upto: i64) -> Result<bool> {
        let [a, b] = DomainEvent::STAFF_ONLY_KINDS;
        let sql =
            "SELECT COUNT(*) FROM events WHERE id > $1 AND id <= $2 AND kind <> $3 AND kind <> $4";
        let n: i64 = with_pool!(self, p => sqlx::query_scalar(sql).bind(after).bind(upto).bind(a).bind(b).fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// Up to `limit` events after id `after`, oldest first.
    pub async fn events_after(&self, after: i64, limit: i64) -> Result<Vec<LoggedEvent>> {
        let sql = "SELECT id, payload, at FROM events WHERE id > $1 ORDER BY id LIMIT $2";
        let rows: Vec<(i64, String, i64)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(after).bind(limit).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, payload, at)| LoggedEvent {
                id,
                at,
                event: DomainEvent::from_json(&payload),
            })
            .collect())
    }
}
