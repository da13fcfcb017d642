//! Sign-in by OpenID Connect: which person a provider's subject is
//! (`user_identities`), and the sign-ins in flight (`oidc_attempts`).

use crate::users::{INSERT_USER_SQL, USER_COLUMNS};
use crate::{conflict_on_unique, with_pool, NewUser, Result, Store, StoreError, User};
use lykta_domain::Email;
use lykta_domain::{UnitId, UserId};

/// How long a sign-in may take between leaving for the provider and coming back.
pub const OIDC_ATTEMPT_SECONDS: i64 = 10 * 60;

/// What is kept, server-side, of a sign-in in flight.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OidcAttempt {
    pub provider: String,
    pub pkce_verifier: String,
    pub nonce: String,
    pub next_path: String,
    /// SHA-256 of the cookie that ties the attempt to the browser that began it.
    pub browser_hash: String,
}

/// A person's link to an identity at a provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Identity {
    pub provider: String,
    pub subject: String,
    pub user_id: UserId,
    pub created_at: i64,
}

impl Store {
    /// Keep a new attempt under the SHA-256 of its `state` until
    /// `now + OIDC_ATTEMPT_SECONDS`; attempts that ran out are swept away.
    pub async fn create_oidc_attempt(
        &self,
        state_hash: &str,
        a: &OidcAttempt,
        now: i64,
    ) -> Result<()> {
        let sweep = "DELETE FROM oidc_attempts WHERE expires_at <= $1";
        with_pool!(self, p => sqlx::query(sweep).bind(now).execute(p).await.map(|_| ()))?;
        let sql = "INSERT INTO oidc_attempts (state_hash, provider, pkce_verifier, nonce, next_path, browser_hash, created_at, expires_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        with_pool!(self, p => sqlx::query(sql)
            .bind(state_hash).bind(&a.provider).bind(&a.pkce_verifier).bind(&a.nonce)
            .bind(&a.next_path).bind(&a.browser_hash).bind(now).bind(now + OIDC_ATTEMPT_SECONDS)
            .execute(p).await.map(|_| ()))
        .map_err(conflict_on_unique("state"))
    }

    /// Take (and so use up) the attempt with this `state` hash: `None` if
    /// there is none, it was used already, or it ran out.
    pub async fn take_oidc_attempt(
        &self,
        state_hash: &str,
        now: i64,
    ) -> Result<Option<OidcAttempt>> {
        let sql = "DELETE FROM oidc_attempts WHERE state_hash = $1
                   RETURNING provider, pkce_verifier, nonce, next_path, browser_hash, expires_at";
        let row: Option<(String, String, String, String, String, i64)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(state_hash).fetch_optional(p).await)?;
        Ok(row.and_then(
            |(provider, pkce_verifier, nonce, next_path, browser_hash, expires_at)| {
                (expires_at > now).then_some(OidcAttempt {
                    provider,
                    pkce_verifier,
                    nonce,
                    next_path,
                    browser_hash,
                })
            },
        ))
    }

    /// The person linked to `subject` at `provider`.
    pub async fn user_by_identity(&self, provider: &str, subject: &str) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {} FROM users u JOIN user_identities i ON i.user_id = u.id
              WHERE i.provider = $1 AND i.subject = $2",
            USER_COLUMNS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(provider).bind(subject).fetch_optional(p).await)?,
        )
    }

    pub async fn user_by_email(&self, email: &Email) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(p).await)?,
        )
    }

    /// A person's identities at providers.
    pub async fn identities(&self, user_id: UserId) -> Result<Vec<Identity>> {
        let sql = "SELECT provider, subject, user_id, created_at FROM user_identities WHERE user_id = $1 ORDER BY provider, subject";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(user_id).fetch_all(p).await)?)
    }

    /// Link an existing person to `subject` at `provider`.
    /// `Conflict("identity")` if that subject is linked already.
    pub async fn link_identity(
        &self,
        provider: &str,
        subject: &str,
        user_id: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO user_identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)";
        with_pool!(self, p => sqlx::query(sql).bind(provider).bind(subject).bind(user_id).bind(now).execute(p).await.map(|_| ()))
            .map_err(conflict_on_unique("identity"))
    }

    /// Create a person and link them to `subject` at `provider`, in one
    /// transaction. `Conflict("email")` if the address is taken,
    /// `Conflict("identity")` if the subject is linked already.
    pub async fn create_user_with_identity(
        &self,
        u: &NewUser<'_>,
        provider: &str,
        subject: &str,
        now: i64,
    ) -> Result<UserId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let user_id: UserId = sqlx::query_scalar(INSERT_USER_SQL)
                .bind(u.email.as_str()).bind(u.slug.as_str()).bind(u.name).bind(u.role.as_str())
                .bind(u.title).bind(u.bio).bind(u.unit_id).bind(u.password_hash).bind(now)
                .fetch_one(&mut *tx).await.map_err(conflict_on_unique("email"))?;
            sqlx::query("INSERT INTO user_identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)")
                .bind(provider).bind(subject).bind(user_id).bind(now)
                .execute(&mut *tx).await.map_err(conflict_on_unique("identity"))?;
            tx.commit().await?;
            Ok::<_, StoreError>(user_id)
        }.await)
    }

    /// Bring a person's name, and their unit when the provider says it, up
    /// to date with what the provider says at sign-in.
    pub async fn update_from_provider(
        &self,
        user_id: UserId,
        name: &str,
        unit_id: Option<UnitId>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE users SET name = $1, unit_id = COALESCE($2, unit_id) WHERE id = $3";
        crate::events::with_event!(self, tx, done => {
            sqlx::query(sql).bind(name).bind(unit_id).bind(user_id).execute(&mut *tx).await?;
        }, lykta_domain::DomainEvent::ProfileChanged { user_id }, now)
    }

    /// The unit with this slug, created with `name` if there is none.
    pub async fn unit_for_slug(&self, slug: &str, name: &str, now: i64) -> Result<UnitId> {
        match self.unit_by_slug(slug).await {
            Ok(u) => Ok(u.id),
            Err(StoreError::NotFound) => match self.create_unit(slug, name, now).await {
                Ok(id) => Ok(id),
                // Created by a sign-in running at the same moment.
                Err(StoreError::Conflict(_)) => Ok(self.unit_by_slug(slug).await?.id),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }
}
