//! People administration: administrators edit accounts (optimistic
//! versions), deactivate and reactivate them (sessions end at once), and
//! every change is logged in `user_actions` with who and when; password
//! changes and single-use password-reset links (only the secret's SHA-256
//! is kept); the reset form's rate-limit counts.
//!
//! The rule "at least one active administrator" is checked inside the
//! same transaction as the change: the active administrators' rows are
//! locked first (a no-op statement on SQLite, whose writers are serialised
//! by `BEGIN IMMEDIATE`), so two administrators demoting each other at
//! once cannot both succeed on PostgreSQL either.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{DomainEvent, Email, Role, UnitId, UserId};

/// What an administrator may change about a person.
pub struct PersonEdit<'a> {
    pub name: &'a str,
    pub email: &'a Email,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    /// The version the form was based on.
    pub version: i64,
}

/// One logged change to an account, for the person's page.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct UserAction {
    pub action: String,
    pub detail: String,
    /// Who made it; `None` for the command line.
    pub actor_name: Option<String>,
    pub at: i64,
}

/// A password-reset link as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasswordReset {
    pub user_id: UserId,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// How a password changes, and what happens to the person's sessions.
pub enum PasswordChange<'a> {
    /// The person on their profile: their other sessions end, this one stays.
    Own { keep_session: &'a str },
    /// Through a reset link (hash of its secret): every session ends, the
    /// link and every other open link of theirs are used up.
    Reset { token_hash: &'a str },
    /// `lykta user set-password` on the server: every session ends.
    Operator,
}

/// Lock the active administrators' rows until commit (PostgreSQL; on SQLite
/// the write transaction already holds the lock).
const LOCK_ADMINS_SQL: &str =
    "UPDATE users SET version = version WHERE role = 'admin' AND disabled = $1";
const ACTIVE_ADMINS_SQL: &str = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = $1";
const LOG_SQL: &str =
    "INSERT INTO user_actions (user_id, action, detail, actor, at) VALUES ($1, $2, $3, $4, $5)";

impl Store {
    /// Change a person's name, address, role and unit, if nobody changed
    /// them since `version`. `StaleVersion` if someone did, `Conflict("email")`
    /// for an address another account has, `Conflict("last-admin")` if it
    /// would leave no active administrator; nothing is changed then.
    pub async fn edit_person(
        &self,
        id: UserId,
        e: &PersonEdit<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(LOCK_ADMINS_SQL).bind(false).execute(&mut *tx).await?;
            let before: Option<(i64, String, String, String, Option<UnitId>)> = sqlx::query_as(
                "SELECT version, name, email, role, unit_id FROM users WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((version, name, email, role, unit)) = before else {
                return Err(StoreError::NotFound);
            };
            if version != e.version {
                return Err(StoreError::StaleVersion { current: version });
            }
            let changed: Vec<&str> = [
                ("name", name != e.name),
                ("email", email != e.email.as_str()),
                ("role", role != e.role.as_str()),
                ("unit", unit != e.unit_id),
            ]
            .into_iter()
            .filter_map(|(f, c)| c.then_some(f))
            .collect();
            sqlx::query("UPDATE users SET name = $1, email = $2, role = $3, unit_id = $4, version = version + 1 WHERE id = $5")
                .bind(e.name).bind(e.email.as_str()).bind(e.role.as_str()).bind(e.unit_id).bind(id)
                .execute(&mut *tx).await.map_err(crate::conflict_on_unique("email"))?;
            let admins: i64 = sqlx::query_scalar(ACTIVE_ADMINS_SQL).bind(false).fetch_one(&mut *tx).await?;
            if admins == 0 {
                return Err(StoreError::Conflict("last-admin"));
            }
            sqlx::query(LOG_SQL).bind(id).bind("edit").bind(changed.join(",")).bind(actor).bind(now)
                .execute(&mut *tx).await?;
            crate::events::append_event!(tx, DomainEvent::ProfileChanged { user_id: id }, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Deactivate (`active = false`) or reactivate a person. Deactivating
    /// ends every session of theirs and uses up their open reset links in
    /// the same transaction; their content, memberships and record entries
    /// stay. `Conflict("last-admin")` if no active administrator would be
    /// left. Doing what is already so changes and logs nothing.
    pub async fn set_person_active(
        &self,
        id: UserId,
        active: bool,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(LOCK_ADMINS_SQL).bind(false).execute(&mut *tx).await?;
            let done = sqlx::query("UPDATE users SET disabled = $1, version = version + 1 WHERE id = $2 AND disabled = $3")
                .bind(!active).bind(id).bind(active).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                let exists: Option<UserId> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
                    .bind(id).fetch_optional(&mut *tx).await?;
                return match exists {
                    Some(_) => Ok(()),
                    None => Err(StoreError::NotFound),
                };
            }
            if !active {
                let admins: i64 = sqlx::query_scalar(ACTIVE_ADMINS_SQL).bind(false).fetch_one(&mut *tx).await?;
                if admins == 0 {
                    return Err(StoreError::Conflict("last-admin"));
                }
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
                    .bind(now).bind(id).execute(&mut *tx).await?;
            }
            let action = if active { "reactivate" } else { "deactivate" };
            sqlx::query(LOG_SQL).bind(id).bind(action).bind("").bind(actor).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The changes made to an account, newest first.
    pub async fn user_actions(&self, id: UserId) -> Result<Vec<UserAction>> {
        let sql = "SELECT a.action, a.detail, u.name AS actor_name, a.at FROM user_actions a
                   LEFT JOIN users u ON u.id = a.actor WHERE a.user_id = $1 ORDER BY a.at DESC, a.id DESC";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(id).fetch_all(p).await)?)
    }

    /// Set a person's password hash (failures and lock forgotten) and end
    /// sessions as `how` says, logged in the same transaction. For a reset,
    /// `Conflict("reset")` if the link was used, expired or its person
    /// deactivated meanwhile (nothing changed). Returns the person.
    pub async fn change_password(
        &self,
        user: Option<UserId>,
        hash: &str,
        how: PasswordChange<'_>,
        now: i64,
    ) -> Result<UserId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let user = match (&how, user) {
                (PasswordChange::Reset { token_hash }, _) => {
                    let sql = "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
                               AND user_id IN (SELECT id FROM users WHERE disabled = $3) RETURNING user_id";
                    let id: Option<UserId> = sqlx::query_scalar(sql).bind(now).bind(*token_hash).bind(false)
                        .fetch_optional(&mut *tx).await?;
                    let id = id.ok_or(StoreError::Conflict("reset"))?;
                    sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
                        .bind(now).bind(id).execute(&mut *tx).await?;
                    id
                }
                (_, Some(id)) => id,
                (_, None) => return Err(StoreError::NotFound),
            };
            let done = sqlx::query("UPDATE users SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL WHERE id = $2")
                .bind(hash).bind(user).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let (keep, action, actor) = match how {
                PasswordChange::Own { keep_session } => (keep_session, "password-change", Some(user)),
                PasswordChange::Reset { .. } => ("", "password-reset", Some(user)),
                PasswordChange::Operator => ("", "password-change", None),
            };
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user).bind(keep).execute(&mut *tx).await?;
            sqlx::query(LOG_SQL).bind(user).bind(action).bind("").bind(actor).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(user)
        }.await)
    }

    /// Keep a new reset link for `user` (the SHA-256 of its secret), asked
    /// for by `actor` (an administrator, or the person themself); logged.
    pub async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        actor: UserId,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(user).bind(token_hash).bind(now).bind(expires_at).execute(&mut *tx).await?;
            sqlx::query(LOG_SQL).bind(user).bind("reset-link").bind("").bind(actor).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Whether the person has a local password.
    pub async fn has_password(&self, id: UserId) -> Result<bool> {
        let sql = "SELECT password_hash FROM users WHERE id = $1";
        let hash: Option<Option<String>> =
            with_pool!(self, p => sqlx::query_scalar(sql).bind(id).fetch_optional(p).await)?;
        Ok(hash.ok_or(StoreError::NotFound)?.is_some())
    }

    /// The reset link behind a secret's hash.
    pub async fn password_reset(&self, token_hash: &str) -> Result<PasswordReset> {
        let sql = "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1";
        with_pool!(self, p => sqlx::query_as(sql).bind(token_hash).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Count one request on the reset form; returns how many (this one
    /// included) came since `since` for the same typed address and from
    /// the same client address.
    pub async fn count_reset_request(
        &self,
        email_hash: &str,
        client_hash: &str,
        since: i64,
        now: i64,
    ) -> Result<(i64, i64)> {
        self.count_form_request(
            "password_reset_requests",
            email_hash,
            client_hash,
            since,
            now,
        )
        .await
    }

    /// Count one request on a public form whose table (`email_hash`,
    /// `client_hash`, `at`) is `table`: how many came since `since` for the
    /// same typed address and from the same client address, this one
    /// included. Older requests, which no limit looks at, are forgotten.
    pub(crate) async fn count_form_request(
        &self,
        table: &'static str,
        email_hash: &str,
        client_hash: &str,
        since: i64,
        now: i64,
    ) -> Result<(i64, i64)> {
        let forget = format!("DELETE FROM {table} WHERE at <= $1");
        let insert =
            format!("INSERT INTO {table} (email_hash, client_hash, at) VALUES ($1, $2, $3)");
        let by_email = format!("SELECT COUNT(*) FROM {table} WHERE email_hash = $1 AND at > $2");
        let by_client = format!("SELECT COUNT(*) FROM {table} WHERE client_hash = $1 AND at > $2");
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(&forget).bind(since).execute(&mut *tx).await?;
            sqlx::query(&insert).bind(email_hash).bind(client_hash).bind(now).execute(&mut *tx).await?;
            let by_email: i64 = sqlx::query_scalar(&by_email).bind(email_hash).bind(since).fetch_one(&mut *tx).await?;
            let by_client: i64 = sqlx::query_scalar(&by_client).bind(client_hash).bind(since).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>((by_email, by_client))
        }.await)
    }
}
