//! The channel inventory: every account the organisation has anywhere, with
//! its owning unit, responsible persons, purpose and status. Units request
//! channels; communicators approve or decline them with a reason.

use crate::{conflict_on_unique, placeholders, with_pool, Result, Store, StoreError};
use lykta_domain::{ChannelId, UnitId, UserId};
use lykta_domain::{ChannelStatus, Platform};
use serde::Serialize;

/// A channel with its unit and responsible persons.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Channel {
    pub id: ChannelId,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    pub name: String,
    pub url: String,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub purpose: String,
    pub goal: String,
    pub audience: String,
    pub cadence: String,
    #[sqlx(try_from = "String")]
    pub status: ChannelStatus,
    pub decision_reason: String,
    pub last_activity_at: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    #[sqlx(skip)]
    pub owners: Vec<ChannelOwner>,
}

/// A responsible person; `left` when their account is disabled.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ChannelOwner {
    #[serde(skip)]
    pub channel_id: ChannelId,
    pub user_id: UserId,
    pub name: String,
    #[serde(skip)]
    pub email: String,
    pub has_left: bool,
    /// The newest guideline version they have acknowledged.
    pub acknowledged: Option<i64>,
}

/// A channel's fields, already checked.
pub struct ChannelInput<'a> {
    pub platform: Platform,
    pub name: &'a str,
    pub url: &'a str,
    pub unit_id: Option<UnitId>,
    pub purpose: &'a str,
    pub goal: &'a str,
    pub audience: &'a str,
    pub cadence: &'a str,
    pub owner_ids: &'a [UserId],
    pub last_activity_at: Option<i64>,
}

/// Something a channel's owners should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HealthFlag {
    /// Fewer than two responsible persons.
    SingleOwner,
    /// A responsible person has left the organisation.
    OwnerLeft,
    /// No activity for [`QUIET_DAYS`] days (counted from the channel's
    /// start when no activity is recorded).
    Quiet,
    /// No purpose or no goal written down.
    NoPurpose,
    /// A responsible person has not acknowledged the guidelines in force.
    GuidelinesNotAcknowledged,
}

/// Days without activity before an active channel is flagged.
pub const QUIET_DAYS: i64 = 90;

impl Channel {
    /// The guideline version every responsible person still here has
    /// acknowledged (the oldest of their newest), if they all have.
    pub fn acknowledged_version(&self) -> Option<i64> {
        let mut here = self.owners.iter().filter(|o| !o.has_left).peekable();
        here.peek()?;
        here.map(|o| o.acknowledged).min().flatten()
    }

    /// Health warnings for an active or paused channel, given the number of
    /// the guideline version in force.
    pub fn health(&self, now: i64, guideline_in_force: Option<i64>) -> Vec<HealthFlag> {
        let mut flags = Vec::new();
        if !matches!(self.status, ChannelStatus::Active | ChannelStatus::Paused) {
            return flags;
        }
        if self.owners.iter().filter(|o| !o.has_left).count() < 2 {
            flags.push(HealthFlag::SingleOwner);
        }
        if self.owners.iter().any(|o| o.has_left) {
            flags.push(HealthFlag::OwnerLeft);
        }
        // Quiet counts from the last activity, or from the channel's start
        // when none is recorded yet: a channel begun last week is not quiet.
        if self.status == ChannelStatus::Active
            && now - self.last_activity_at.unwrap_or(self.created_at) > QUIET_DAYS * 86_400
        {
            flags.push(HealthFlag::Quiet);
        }
        if self.purpose.trim().is_empty() || self.goal.trim().is_empty() {
            flags.push(HealthFlag::NoPurpose);
        }
        if let Some(current) = guideline_in_force {
            if self.acknowledged_version().is_none_or(|v| v < current) {
                flags.push(HealthFlag::GuidelinesNotAcknowledged);
            }
        }
        flags
    }
}

const CHANNEL_SQL: &str = "SELECT c.id, c.platform, c.name, c.url, c.unit_id, u.name AS unit_name, c.purpose, c.goal, c.audience, c.cadence,
       c.status, c.decision_reason, c.last_activity_at, c.version, c.created_at, c.updated_at
  FROM channels c LEFT JOIN units u ON u.id = c.unit_id";

macro_rules! write_owners {
    ($tx:expr, $id:expr, $owners:expr) => {{
        sqlx::query("DELETE FROM channel_owners WHERE channel_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for uid in $owners {
            sqlx::query("INSERT INTO channel_owners (channel_id, user_id) VALUES ($1, $2)")
                .bind($id)
                .bind(*uid)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

macro_rules! insert_channel {
    ($tx:expr, $c:expr, $status:expr, $by:expr, $created:expr, $now:expr) => {{
        let id: ChannelId = sqlx::query_scalar(
            "INSERT INTO channels (platform, name, url, unit_id, purpose, goal, audience, cadence, status, requested_by, last_activity_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
            .bind($c.platform.as_str()).bind($c.name).bind($c.url).bind($c.unit_id).bind($c.purpose).bind($c.goal)
            .bind($c.audience).bind($c.cadence).bind($status.as_str()).bind($by).bind($c.last_activity_at).bind($created).bind($now)
            .fetch_one(&mut *$tx).await.map_err(conflict_on_unique("url"))?;
        write_owners!($tx, id, $c.owner_ids);
        id
    }};
}

/// One checked row of an imported inventory.
pub struct ImportedChannel<'a> {
    pub input: ChannelInput<'a>,
    pub status: ChannelStatus,
    /// When the channel was started, if the file says.
    pub created_at: Option<i64>,
    /// The version of the channel with this address when the file was
    /// checked (`None`: there was none); else the import is stale.
    pub read_at: Option<i64>,
}

/// What an import did, by URL.
#[derive(Debug, Default, Serialize)]
pub struct ImportOutcome {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    /// Rows that matched a channel exactly: nothing written.
    pub unchanged: Vec<String>,
}

impl Store {
    /// Every channel (or those of some statuses), by platform and name.
    pub async fn channels(&self, statuses: &[ChannelStatus]) -> Result<Vec<Channel>> {
        let mut sql = CHANNEL_SQL.to_owned();
        if !statuses.is_empty() {
            sql.push_str(&format!(
                " WHERE c.status IN ({})",
                placeholders(1, statuses.len())
            ));
        }
        sql.push_str(" ORDER BY c.platform, c.name, c.id");
        let channels: Vec<Channel> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for s in statuses { q = q.bind(s.as_str()); }
            q.fetch_all(p).await?
        });
        self.with_owners(channels, None).await
    }

    pub async fn channel(&self, id: ChannelId) -> Result<Channel> {
        let sql = format!("{CHANNEL_SQL} WHERE c.id = $1");
        let channel: Channel =
            with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
                .ok_or(StoreError::NotFound)?;
        Ok(self.with_owners(vec![channel], Some(id)).await?.remove(0))
    }

    /// Attach responsible persons (of one channel, or of all).
    async fn with_owners(
        &self,
        mut channels: Vec<Channel>,
        only: Option<ChannelId>,
    ) -> Result<Vec<Channel>> {
        let owners: Vec<ChannelOwner> = with_pool!(self, p => sqlx::query_as(
            "SELECT o.channel_id, o.user_id, u.name, u.email, u.disabled AS has_left,
                    (SELECT MAX(v.number) FROM guideline_acks a JOIN guideline_versions v ON v.id = a.version_id
                      WHERE a.user_id = o.user_id AND a.acknowledged_at IS NOT NULL) AS acknowledged
               FROM channel_owners o JOIN users u ON u.id = o.user_id
              WHERE $1 IS NULL OR o.channel_id = $1 ORDER BY u.name")
            .bind(only).fetch_all(p).await)?;
        for c in &mut channels {
            c.owners = owners
                .iter()
                .filter(|o| o.channel_id == c.id)
                .cloned()
                .collect();
        }
        Ok(channels)
    }

    /// Add a channel in `status` (requested, or active when a communicator
    /// adds it). `Conflict("url")` if its address is already in the inventory.
    pub async fn create_channel(
        &self,
        c: &ChannelInput<'_>,
        status: ChannelStatus,
        by: UserId,
        now: i64,
    ) -> Result<ChannelId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id = insert_channel!(tx, c, status, by, now, now);
            crate::events::append_event!(tx, lykta_domain::DomainEvent::ChannelsChanged, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Save a channel if nobody else saved since `expected_version`.
    pub async fn update_channel(
        &self,
        id: ChannelId,
        expected_version: i64,
        c: &ChannelInput<'_>,
        status: ChannelStatus,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query(
                "UPDATE channels SET platform = $1, name = $2, url = $3, unit_id = $4, purpose = $5, goal = $6, audience = $7, cadence = $8,
                   status = $9, last_activity_at = $10, version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13")
                .bind(c.platform.as_str()).bind(c.name).bind(c.url).bind(c.unit_id).bind(c.purpose).bind(c.goal)
                .bind(c.audience).bind(c.cadence).bind(status.as_str()).bind(c.last_activity_at).bind(now).bind(id).bind(expected_version)
                .execute(&mut *tx).await.map_err(conflict_on_unique("url"))?;
            if done.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM channels WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                return Err(match current {
                    Some(current) => StoreError::StaleVersion { current },
                    None => StoreError::NotFound,
                });
            }
            write_owners!(tx, id, c.owner_ids);
            crate::events::append_event!(tx, lykta_domain::DomainEvent::ChannelsChanged, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Add the channels of a checked spreadsheet, or update those whose URL
    /// is already in the inventory, all in one transaction: either every
    /// row is saved or none is.
    pub async fn import_channels(
        &self,
        rows: &[ImportedChannel<'_>],
        by: UserId,
        now: i64,
    ) -> Result<ImportOutcome> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let mut outcome = ImportOutcome::default();
            for r in rows {
                let c = &r.input;
                let existing: Option<(i64, i64)> = sqlx::query_as("SELECT id, version FROM channels WHERE url = $1")
                    .bind(c.url).fetch_optional(&mut *tx).await?;
                // Someone changed or added the channel since the file was checked.
                if existing.map(|(_, v)| v) != r.read_at {
                    return Err(StoreError::StaleVersion { current: existing.map_or(0, |(_, v)| v) });
                }
                match existing.map(|(id, _)| id) {
                    Some(id) => {
                        let mut owners: Vec<UserId> = sqlx::query_scalar("SELECT user_id FROM channel_owners WHERE channel_id = $1")
                            .bind(id).fetch_all(&mut *tx).await?;
                        owners.sort_unstable();
                        let mut given = c.owner_ids.to_vec();
                        given.sort_unstable();
                        // A row that says what the channel already says changes nothing.
                        let done = sqlx::query(
                            "UPDATE channels SET platform = $1, name = $2, unit_id = $3, purpose = $4, goal = $5, audience = $6, cadence = $7,
                               status = $8, last_activity_at = $9, created_at = COALESCE($10, created_at), version = version + 1, updated_at = $11
                             WHERE id = $12 AND ($13 OR NOT (platform = $1 AND name = $2 AND unit_id IS NOT DISTINCT FROM $3 AND purpose = $4
                               AND goal = $5 AND audience = $6 AND cadence = $7 AND status = $8 AND last_activity_at IS NOT DISTINCT FROM $9
                               AND created_at = COALESCE($10, created_at)))")
                            .bind(c.platform.as_str()).bind(c.name).bind(c.unit_id).bind(c.purpose).bind(c.goal).bind(c.audience)
                            .bind(c.cadence).bind(r.status.as_str()).bind(c.last_activity_at).bind(r.created_at).bind(now).bind(id)
                            .bind(owners != given)
                            .execute(&mut *tx).await?;
                        if done.rows_affected() == 0 {
                            outcome.unchanged.push(c.url.to_owned());
                        } else {
                            write_owners!(tx, id, c.owner_ids);
                            outcome.updated.push(c.url.to_owned());
                        }
                    }
                    None => {
                        insert_channel!(tx, c, r.status, by, r.created_at.unwrap_or(now), now);
                        outcome.added.push(c.url.to_owned());
                    }
                }
            }
            crate::events::append_event!(tx, lykta_domain::DomainEvent::ChannelsChanged, now);
            tx.commit().await?;
            Ok::<_, StoreError>(outcome)
        }.await)
    }

    /// Approve (active) or decline a requested channel, with a reason.
    /// `Conflict` if it was decided already.
    pub async fn decide_channel(
        &self,
        id: ChannelId,
        to: ChannelStatus,
        reason: &str,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE channels SET status = $1, decision_reason = $2, decided_by = $3, updated_at = $4, version = version + 1
                   WHERE id = $5 AND status = 'requested'";
        crate::events::with_event!(self, tx, done => {
            let done = sqlx::query(sql).bind(to.as_str()).bind(reason).bind(by).bind(now).bind(id)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict("channel"));
            }
        }, lykta_domain::DomainEvent::ChannelsChanged, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(owners: &[(i64, bool)], last: Option<i64>, purpose: &str) -> Channel {
        Channel {
            id: ChannelId::new(1),
            platform: Platform::Instagram,
            name: "x".into(),
            url: "https://x.example".into(),
            unit_id: None,
            unit_name: None,
            purpose: purpose.into(),
            goal: "mål".into(),
            audience: String::new(),
            cadence: String::new(),
            status: ChannelStatus::Active,
            decision_reason: String::new(),
            last_activity_at: last,
            version: 1,
            created_at: 0,
            updated_at: 0,
            owners: owners
                .iter()
                .map(|(id, has_left)| ChannelOwner {
                    channel_id: ChannelId::new(1),
                    user_id: UserId::new(*id),
                    name: String::new(),
                    email: String::new(),
                    has_left: *has_left,
                    acknowledged: Some(2),
                })
                .collect(),
        }
    }

    #[test]
    fn health_flags() {
        let now = 1_000 * 86_400;
        assert!(
            channel(&[(1, false), (2, false)], Some(now - 86_400), "syfte")
                .health(now, Some(2))
                .is_empty()
        );
        assert_eq!(
            channel(&[(1, false), (2, true)], Some(now), "syfte").health(now, None),
            [HealthFlag::SingleOwner, HealthFlag::OwnerLeft]
        );
        assert_eq!(
            channel(&[(1, false), (2, false)], Some(now - 91 * 86_400), "").health(now, None),
            [HealthFlag::Quiet, HealthFlag::NoPurpose]
        );
        // No activity recorded: quiet counts from the channel's start.
        let mut new = channel(&[(1, false), (2, false)], None, "syfte");
        new.created_at = now - 2 * 86_400;
        assert!(new.health(now, None).is_empty(), "begun two days ago");
        new.created_at = now - 91 * 86_400;
        assert_eq!(new.health(now, None), [HealthFlag::Quiet]);
        let mut behind = channel(&[(1, false), (2, false)], Some(now), "syfte");
        assert_eq!(behind.acknowledged_version(), Some(2));
        behind.owners[1].acknowledged = Some(1);
        assert_eq!(behind.acknowledged_version(), Some(1));
        assert_eq!(
            behind.health(now, Some(2)),
            [HealthFlag::GuidelinesNotAcknowledged]
        );
        behind.owners[1].acknowledged = None;
        assert_eq!(behind.acknowledged_version(), None);
        let mut closed = channel(&[], None, "");
        closed.status = ChannelStatus::Closed;
        assert!(
            closed.health(now, Some(2)).is_empty(),
            "closed channels need nothing"
        );
    }
}
