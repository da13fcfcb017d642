//! The team's side of a blog: internal notes on posts (threaded, resolvable)
//! and invitations by e-mail link.

use crate::users::INSERT_USER_SQL;
use crate::{conflict_on_unique, with_pool, NewUser, Result, Store, StoreError};
use lykta_domain::{BlogId, InvitationId, NoteId, PostId, UserId};
use lykta_domain::{BlogRole, Email};
use serde::Serialize;

/// A note on a post. A thread is a first note (`parent_id` None) and its
/// replies; it is resolved as a whole.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Note {
    pub id: NoteId,
    pub post_id: PostId,
    pub parent_id: Option<NoteId>,
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub resolved_by_name: Option<String>,
    pub resolved_at: Option<i64>,
}

/// An invitation as editors see it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Invitation {
    pub id: InvitationId,
    pub email: String,
    pub blog_id: BlogId,
    pub blog_name: String,
    #[sqlx(try_from = "String")]
    pub role: BlogRole,
    pub member_until: Option<i64>,
    pub invited_by_name: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Invitation {
    /// Why the link can no longer be used, if it cannot.
    pub fn unusable(&self, now: i64) -> Option<InvitationUnusable> {
        if self.accepted_at.is_some() {
            Some(InvitationUnusable::Used)
        } else if self.revoked_at.is_some() {
            Some(InvitationUnusable::Revoked)
        } else if self.expires_at <= now {
            Some(InvitationUnusable::Expired)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationUnusable {
    Used,
    Revoked,
    Expired,
}

pub struct NewInvitation<'a> {
    /// SHA-256 (hex) of the secret in the link; the secret is not kept.
    pub token_hash: &'a str,
    pub email: &'a Email,
    pub blog_id: BlogId,
    pub role: BlogRole,
    /// When the role ends (guests).
    pub member_until: Option<i64>,
    pub invited_by: UserId,
    pub expires_at: i64,
}

/// Who accepts an invitation.
pub enum Acceptor<'a> {
    /// A signed-in person.
    Existing(UserId),
    /// A new account, created in the same transaction.
    New(NewUser<'a>),
}

const INVITATION_SQL: &str = "SELECT i.id, i.email, i.blog_id, b.name AS blog_name, i.role, i.member_until, u.name AS invited_by_name,
       i.created_at, i.expires_at, i.accepted_at, i.revoked_at
  FROM invitations i JOIN blogs b ON b.id = i.blog_id JOIN users u ON u.id = i.invited_by";

impl Store {
    /// Add a note, or a reply to a thread (a reply to a reply joins the same
    /// thread). Replying to a resolved thread opens it again.
    pub async fn add_note(
        &self,
        post_id: PostId,
        reply_to: Option<NoteId>,
        author_id: UserId,
        body: &str,
        now: i64,
    ) -> Result<NoteId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let parent = match reply_to {
                None => None,
                Some(id) => {
                    let row: Option<(NoteId, Option<NoteId>)> = sqlx::query_as("SELECT id, parent_id FROM post_notes WHERE id = $1 AND post_id = $2")
                        .bind(id).bind(post_id).fetch_optional(&mut *tx).await?;
                    let (id, parent) = row.ok_or(StoreError::NotFound)?;
                    let root = parent.unwrap_or(id);
                    sqlx::query("UPDATE post_notes SET resolved_by = NULL, resolved_at = NULL WHERE id = $1")
                        .bind(root).execute(&mut *tx).await?;
                    Some(root)
                }
            };
            let id: NoteId = sqlx::query_scalar("INSERT INTO post_notes (post_id, parent_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(post_id).bind(parent).bind(author_id).bind(body).bind(now)
                .fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Mark a thread resolved, or open it again.
    pub async fn resolve_note(
        &self,
        post_id: PostId,
        note_id: NoteId,
        resolved: bool,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE post_notes SET resolved_by = $1, resolved_at = $2 WHERE id = $3 AND post_id = $4 AND parent_id IS NULL";
        let (by, at) = if resolved {
            (Some(actor), Some(now))
        } else {
            (None, None)
        };
        let done = with_pool!(self, p => sqlx::query(sql).bind(by).bind(at).bind(note_id).bind(post_id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A post's notes, oldest first.
    pub async fn notes(&self, post_id: PostId) -> Result<Vec<Note>> {
        let sql = "SELECT n.id, n.post_id, n.parent_id, n.author_id, a.name AS author_name, n.body, n.created_at,
                          r.name AS resolved_by_name, n.resolved_at
                     FROM post_notes n JOIN users a ON a.id = n.author_id LEFT JOIN users r ON r.id = n.resolved_by
                    WHERE n.post_id = $1 ORDER BY n.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post_id).fetch_all(p).await)?)
    }

    /// Open threads per post, for post lists.
    pub async fn open_note_counts(&self, blog_id: BlogId) -> Result<Vec<(PostId, i64)>> {
        let sql = "SELECT n.post_id, COUNT(*) FROM post_notes n JOIN posts p ON p.id = n.post_id
                    WHERE p.blog_id = $1 AND n.parent_id IS NULL AND n.resolved_at IS NULL GROUP BY n.post_id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(blog_id).fetch_all(p).await)?)
    }

    pub async fn create_invitation(&self, i: &NewInvitation<'_>, now: i64) -> Result<InvitationId> {
        let sql = "INSERT INTO invitations (token_hash, email, blog_id, role, member_until, invited_by, created_at, expires_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        with_pool!(self, p => sqlx::query_scalar(sql)
            .bind(i.token_hash).bind(i.email.as_str()).bind(i.blog_id).bind(i.role.as_str())
            .bind(i.member_until).bind(i.invited_by).bind(now).bind(i.expires_at)
            .fetch_one(p).await)
        .map_err(conflict_on_unique("invitation"))
    }

    /// A blog's invitations, newest first.
    pub async fn invitations(&self, blog_id: BlogId) -> Result<Vec<Invitation>> {
        let sql = format!("{INVITATION_SQL} WHERE i.blog_id = $1 ORDER BY i.id DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }

    pub async fn invitation_by_token(&self, token_hash: &str) -> Result<Invitation> {
        let sql = format!("{INVITATION_SQL} WHERE i.token_hash = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(token_hash).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Withdraw an invitation that has not been used. `Conflict` if it has.
    pub async fn revoke_invitation(
        &self,
        blog_id: BlogId,
        id: InvitationId,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND blog_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL";
        let done = with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).bind(blog_id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::Conflict("invitation"));
        }
        Ok(())
    }

    /// Use an invitation: mark it used, create the account if needed and
    /// give the role, all in one transaction. `Conflict("invitation")` if
    /// the link was used, revoked or expired in the meantime;
    /// `Conflict("email")` if a new account's address is taken. Returns
    /// (user id, blog id).
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        who: &Acceptor<'_>,
        now: i64,
    ) -> Result<(UserId, BlogId)> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let row: Option<(InvitationId, BlogId, String, Option<i64>, UserId)> = sqlx::query_as(
                "SELECT id, blog_id, role, member_until, invited_by FROM invitations
                  WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2")
                .bind(token_hash).bind(now).fetch_optional(&mut *tx).await?;
            let (id, blog_id, role, member_until, invited_by) = row.ok_or(StoreError::Conflict("invitation"))?;
            let user_id = match who {
                Acceptor::Existing(id) => *id,
                Acceptor::New(u) => sqlx::query_scalar(INSERT_USER_SQL)
                    .bind(u.email.as_str()).bind(u.slug.as_str()).bind(u.name).bind(u.role.as_str())
                    .bind(u.title).bind(u.bio).bind(u.unit_id).bind(u.password_hash).bind(now)
                    .fetch_one(&mut *tx).await.map_err(conflict_on_unique("email"))?,
            };
            let done = sqlx::query("UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1")
                .bind(now).bind(user_id).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict("invitation"));
            }
            // Someone already in the blog keeps a stronger role: an invitation
            // never lowers one (only a guest's role is replaced).
            let existing: Option<String> = sqlx::query_scalar("SELECT role FROM blog_members WHERE blog_id = $1 AND user_id = $2")
                .bind(blog_id).bind(user_id).fetch_optional(&mut *tx).await?;
            if existing.is_none() || existing.as_deref() == Some("guest") {
                sqlx::query(crate::users::SET_MEMBER_SQL)
                    .bind(blog_id).bind(user_id).bind(role).bind(member_until).bind(invited_by).bind(now)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>((user_id, blog_id))
        }.await)
    }
}
