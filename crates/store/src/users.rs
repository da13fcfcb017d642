//! Staff accounts and sign-in sessions.

use crate::events::with_event;
use crate::{conflict_on_unique, with_pool, Result, Store, StoreError, User};
use lykta_domain::{BlogId, MediaId, UnitId, UserId};
use lykta_domain::{DomainEvent, Email, Role, Slug};

pub(crate) const USER_COLUMNS: &str = "id, email, slug, name, role, title, bio, unit_id, photo_media_id, photo_alt, failed_sign_ins, locked_until, disabled, created_at, version, language, last_sign_in_at";

/// ($1 email, $2 slug, $3 name, $4 role, $5 title, $6 bio, $7 unit, $8 password hash, $9 now).
pub(crate) const INSERT_USER_SQL: &str =
    "INSERT INTO users (email, slug, name, role, title, bio, unit_id, password_hash, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

/// ($1 blog, $2 user, $3 role, $4 expires, $5 added by, $6 now): give or change a role.
pub(crate) const SET_MEMBER_SQL: &str = "INSERT INTO blog_members (blog_id, user_id, role, expires_at, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (blog_id, user_id) DO UPDATE SET role = $3, expires_at = $4, added_by = $5, added_at = $6";

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub slug: &'a Slug,
    pub name: &'a str,
    pub role: Role,
    pub title: &'a str,
    pub bio: &'a str,
    pub unit_id: Option<UnitId>,
    pub password_hash: Option<&'a str>,
}

/// Failed sign-ins in a row before an account is locked, and for how long.
pub const LOCKOUT_AFTER: i64 = 5;
pub const LOCKOUT_SECONDS: i64 = 15 * 60;

impl Store {
    pub async fn create_user(&self, u: &NewUser<'_>, now: i64) -> Result<UserId> {
        with_pool!(self, p => sqlx::query_scalar(INSERT_USER_SQL)
            .bind(u.email.as_str())
            .bind(u.slug.as_str())
            .bind(u.name)
            .bind(u.role.as_str())
            .bind(u.title)
            .bind(u.bio)
            .bind(u.unit_id)
            .bind(u.password_hash)
            .bind(now)
            .fetch_one(p)
            .await)
        .map_err(conflict_on_unique("email"))
    }

    /// `base`, or `base-2`, `base-3`… whichever no person has yet.
    pub async fn free_user_slug(&self, base: &Slug) -> Result<Slug> {
        let sql = "SELECT slug FROM users WHERE slug = $1 OR slug LIKE $2";
        let taken: Vec<String> = with_pool!(self, p => sqlx::query_scalar(sql).bind(base.as_str()).bind(format!("{}-%", base.as_str())).fetch_all(p).await)?;
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.as_str().to_owned()
            } else {
                format!("{}-{n}", base.as_str())
            };
            if !taken.contains(&candidate) {
                return Slug::parse_exact(&candidate).ok_or(StoreError::Conflict("slug"));
            }
            n += 1;
        }
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// The person with this address (author pages, search filters).
    pub async fn user_id_by_slug(&self, slug: &str) -> Result<Option<UserId>> {
        let sql = "SELECT id FROM users WHERE slug = $1";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).bind(slug).fetch_optional(p).await)?)
    }

    pub async fn user(&self, id: UserId) -> Result<User> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The user and their password hash, for signing in.
    pub async fn user_for_sign_in(&self, email: &Email) -> Result<Option<(User, Option<String>)>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let user: Option<User> = with_pool!(self, p => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(p).await)?;
        let Some(user) = user else { return Ok(None) };
        let hash_sql = "SELECT password_hash FROM users WHERE id = $1";
        let hash: Option<String> =
            with_pool!(self, p => sqlx::query_scalar(hash_sql).bind(user.id).fetch_one(p).await)?;
        Ok(Some((user, hash)))
    }

    /// Move a person to a unit (`None`: no unit).
    pub async fn set_user_unit(&self, user_id: UserId, unit_id: Option<UnitId>) -> Result<()> {
        let sql = "UPDATE users SET unit_id = $1 WHERE id = $2";
        let done = with_pool!(self, p => sqlx::query(sql).bind(unit_id).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Count a failed sign-in; lock the account after [`LOCKOUT_AFTER`] in a row.
    pub async fn record_failed_sign_in(&self, user_id: UserId, now: i64) -> Result<()> {
        let sql = "UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
                     locked_until = CASE WHEN failed_sign_ins + 1 >= $1 THEN $2 ELSE locked_until END
                   WHERE id = $3";
        with_pool!(self, p => sqlx::query(sql).bind(LOCKOUT_AFTER).bind(now + LOCKOUT_SECONDS).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// A successful sign-in: failures forgotten, the time kept.
    pub async fn record_sign_in(&self, user_id: UserId, now: i64) -> Result<()> {
        let sql = "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $1 WHERE id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(now).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn update_profile(
        &self,
        user_id: UserId,
        name: &str,
        title: &str,
        bio: &str,
        photo_media_id: Option<MediaId>,
        photo_alt: &str,
        language: Option<lykta_domain::Language>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE users SET name = $1, title = $2, bio = $3, photo_media_id = $4, photo_alt = $5, language = $6 WHERE id = $7";
        with_event!(self, tx, done => {
            sqlx::query(sql).bind(name).bind(title).bind(bio).bind(photo_media_id).bind(photo_alt).bind(language.map(|l| l.as_str())).bind(user_id).execute(&mut *tx).await?;
        }, DomainEvent::ProfileChanged { user_id }, now)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: UserId,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
        with_pool!(self, p => sqlx::query(sql).bind(token_hash).bind(user_id).bind(csrf).bind(now).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The signed-in user of a live session, with its CSRF token.
    pub async fn session_user(&self, token_hash: &str, now: i64) -> Result<Option<(User, String)>> {
        let sql =
            "SELECT user_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2";
        let row: Option<(UserId, String)> = with_pool!(self, p => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(p).await)?;
        let Some((user_id, csrf)) = row else {
            return Ok(None);
        };
        let user = self.user(user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        Ok(Some((user, csrf)))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let sql = "DELETE FROM sessions WHERE token_hash = $1";
        with_pool!(self, p => sqlx::query(sql).bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// A person's role in a blog, for the members page.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Member {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: lykta_domain::BlogRole,
    pub expires_at: Option<i64>,
}

impl Store {
    /// A person's roles in blogs that are in force at `now`.
    pub async fn memberships(
        &self,
        user_id: UserId,
        now: i64,
    ) -> Result<Vec<lykta_domain::Membership>> {
        let sql = "SELECT blog_id, role FROM blog_members WHERE user_id = $1 AND (expires_at IS NULL OR expires_at > $2)";
        let rows: Vec<(BlogId, String)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(user_id).bind(now).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(blog_id, role)| {
                lykta_domain::BlogRole::parse(&role)
                    .ok()
                    .map(|role| lykta_domain::Membership { blog_id, role })
            })
            .collect())
    }

    /// Who someone is to the permission check at `now`: their role, their
    /// roles in blogs and the units they manage.
    pub async fn actor(&self, user: &User, now: i64) -> Result<lykta_domain::Actor> {
        let sql = "SELECT unit_id FROM unit_managers WHERE user_id = $1 ORDER BY unit_id";
        let manages: Vec<UnitId> =
            with_pool!(self, p => sqlx::query_scalar(sql).bind(user.id).fetch_all(p).await)?;
        Ok(lykta_domain::Actor {
            user_id: user.id,
            role: user.role,
            memberships: self.memberships(user.id, now).await?,
            unit: user.unit_id,
            manages,
        })
    }

    /// Give someone a role in a blog (replacing any role they had there).
    pub async fn set_member(
        &self,
        blog_id: BlogId,
        user_id: UserId,
        role: lykta_domain::BlogRole,
        expires_at: Option<i64>,
        added_by: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => sqlx::query(SET_MEMBER_SQL).bind(blog_id).bind(user_id).bind(role.as_str()).bind(expires_at).bind(added_by).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn remove_member(&self, blog_id: BlogId, user_id: UserId) -> Result<()> {
        let sql = "DELETE FROM blog_members WHERE blog_id = $1 AND user_id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(blog_id).bind(user_id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// (slug, name) of a blog's team — its members and whoever wrote any of
    /// its posts — or of every blog's, by name.
    pub async fn team_people(&self, blog_id: Option<BlogId>) -> Result<Vec<(String, String)>> {
        let sql = "SELECT u.slug, u.name FROM users u
                   WHERE EXISTS (SELECT 1 FROM blog_members m WHERE m.user_id = u.id AND ($1 IS NULL OR m.blog_id = $1))
                      OR EXISTS (SELECT 1 FROM post_authors a JOIN posts p ON p.id = a.post_id
                                 WHERE a.user_id = u.id AND ($1 IS NULL OR p.blog_id = $1))
                   ORDER BY u.name, u.slug";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(blog_id).fetch_all(p).await)?)
    }

    pub async fn members(&self, blog_id: BlogId) -> Result<Vec<Member>> {
        let sql = "SELECT m.user_id, u.name, u.email, m.role, m.expires_at FROM blog_members m JOIN users u ON u.id = m.user_id
                   WHERE m.blog_id = $1 ORDER BY u.name";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(blog_id).fetch_all(p).await)?)
    }
}
