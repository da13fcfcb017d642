//! E-mail: every message goes into the outbox with a key that makes queuing
//! the same message twice a no-op, and a `send_mail` job in the same
//! transaction. The worker sends it and marks it sent; a failed send is
//! retried by the job table. Also the mail preferences and private calendar
//! links that belong to the same people.

use crate::jobs::enqueue;
use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{BlogId, MailId, UserId};
use serde::Serialize;

/// A message to queue.
pub struct OutgoingMail {
    /// Unique per message meant, e.g. `review:12:3:7`; queuing a key again
    /// does nothing.
    pub dedupe_key: String,
    pub user_id: Option<UserId>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OutboxMail {
    pub id: MailId,
    pub dedupe_key: String,
    pub user_id: Option<UserId>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: String,
    /// An HTML version of `body`; empty: text only.
    pub html: String,
    /// Extra headers as a JSON list of `[name, value]` pairs.
    pub headers: String,
    /// The e-mail subscription the message is for, if any.
    pub subscriber_id: Option<lykta_domain::SubscriberId>,
}

impl OutboxMail {
    /// The extra headers (`List-Unsubscribe`, …); none if unreadable.
    pub fn extra_headers(&self) -> Vec<(String, String)> {
        serde_json::from_str(&self.headers).unwrap_or_default()
    }
}

/// What a person wants by e-mail.
#[derive(Debug, Clone, Copy, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct MailPrefs {
    /// Reminders before a plan item assigned to them is due.
    pub mail_reminders: bool,
    /// When something waits for their review.
    pub mail_reviews: bool,
    /// A weekly digest for editors.
    pub mail_digest: bool,
    /// Days before the due date that reminders go out (1–30).
    pub reminder_days: i64,
}

/// Someone to write to, with their preferences.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Recipient {
    pub id: UserId,
    pub email: String,
    pub name: String,
    #[sqlx(flatten)]
    pub prefs: MailPrefs,
    /// The language the person chose (`sv`, `en`); `None`: not chosen.
    pub language: Option<String>,
}

impl Recipient {
    /// The person's own language, else `fallback` (the blog's or the
    /// organisation's).
    pub fn language_or(&self, fallback: lykta_domain::Language) -> lykta_domain::Language {
        self.language
            .as_deref()
            .and_then(|l| lykta_domain::Language::parse(l).ok())
            .unwrap_or(fallback)
    }
}

const OUTBOX_COLUMNS: &str =
    "id, dedupe_key, user_id, to_address, to_name, subject, body, created_at, sent_at, last_error, html, headers, subscriber_id";
const RECIPIENT_SQL: &str = "SELECT u.id, u.email, u.name, u.mail_reminders, u.mail_reviews, u.mail_digest, u.reminder_days, u.language FROM users u";

impl Store {
    /// Queue a message and its sending job, unless a message with the same
    /// key was queued before. Returns whether it was queued now.
    pub async fn queue_mail(&self, m: &OutgoingMail, now: i64) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: Option<MailId> = sqlx::query_scalar(
                "INSERT INTO outbox (dedupe_key, user_id, to_address, to_name, subject, body, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")
                .bind(&m.dedupe_key).bind(m.user_id).bind(&m.to_address).bind(&m.to_name).bind(&m.subject).bind(&m.body).bind(now)
                .fetch_optional(&mut *tx).await?;
            let Some(id) = id else { return Ok(false) };
            enqueue!(tx, &crate::Job::SendMail { outbox_id: id }, now, now);
            tx.commit().await?;
            Ok::<_, StoreError>(true)
        }.await)
    }

    pub async fn outbox_mail(&self, id: MailId) -> Result<OutboxMail> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The newest messages, for the admin's outbox page.
    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMail>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(limit).fetch_all(p).await)?)
    }

    /// Take a message for sending until `until`: false if it was sent, or
    /// another worker is sending it now (so it is never sent twice at once).
    pub async fn claim_mail(&self, id: MailId, until: i64, now: i64) -> Result<bool> {
        let sql = "UPDATE outbox SET sending_until = $1 WHERE id = $2 AND sent_at IS NULL AND (sending_until IS NULL OR sending_until < $3)";
        let done = with_pool!(self, p => sqlx::query(sql).bind(until).bind(id).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Record that the SMTP server took the message. An invitation's, a
    /// password reset's or a subscription message's links are not kept once
    /// it went out (only their hashes are).
    pub async fn mark_mail_sent(&self, id: MailId, now: i64) -> Result<bool> {
        let sql = "UPDATE outbox SET sent_at = $1, last_error = '', sending_until = NULL,
                     body = CASE WHEN dedupe_key LIKE 'invitation:%' THEN '(the invitation link is removed once sent)'
                                 WHEN dedupe_key LIKE 'password-reset:%' THEN '(the password-reset link is removed once sent)'
                                 WHEN subscriber_id IS NOT NULL THEN '(the subscription links are removed once sent)' ELSE body END,
                     html = CASE WHEN subscriber_id IS NOT NULL THEN '' ELSE html END,
                     headers = CASE WHEN subscriber_id IS NOT NULL THEN '[]' ELSE headers END
                   WHERE id = $2 AND sent_at IS NULL";
        let done = with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Forget a message that will not be sent (its subscription is gone).
    pub async fn drop_unsent_mail(&self, id: MailId) -> Result<()> {
        let sql = "DELETE FROM outbox WHERE id = $1 AND sent_at IS NULL";
        with_pool!(self, p => sqlx::query(sql).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn mark_mail_failed(&self, id: MailId, error: &str) -> Result<()> {
        let sql = "UPDATE outbox SET last_error = $1, sending_until = NULL WHERE id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(error).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn mail_prefs(&self, user_id: UserId) -> Result<MailPrefs> {
        let sql = "SELECT mail_reminders, mail_reviews, mail_digest, reminder_days FROM users WHERE id = $1";
        with_pool!(self, p => sqlx::query_as(sql).bind(user_id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    pub async fn set_mail_prefs(&self, user_id: UserId, m: &MailPrefs) -> Result<()> {
        let sql = "UPDATE users SET mail_reminders = $1, mail_reviews = $2, mail_digest = $3, reminder_days = $4 WHERE id = $5";
        with_pool!(self, p => sqlx::query(sql).bind(m.mail_reminders).bind(m.mail_reviews).bind(m.mail_digest).bind(m.reminder_days).bind(user_id)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn recipient(&self, user_id: UserId) -> Result<Recipient> {
        let sql = format!("{RECIPIENT_SQL} WHERE u.id = $1 AND u.disabled = $2");
        with_pool!(self, p => sqlx::query_as(&sql).bind(user_id).bind(false).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Active people with one of `roles` in a blog (expired guests left out).
    pub async fn blog_recipients(
        &self,
        blog_id: BlogId,
        roles: &[lykta_domain::BlogRole],
        now: i64,
    ) -> Result<Vec<Recipient>> {
        let sql = format!(
            "{RECIPIENT_SQL} JOIN blog_members m ON m.user_id = u.id
              WHERE m.blog_id = $1 AND (m.expires_at IS NULL OR m.expires_at > $2) AND u.disabled = $3 AND m.role IN ({})
              ORDER BY u.id",
            crate::placeholders(4, roles.len().max(1))
        );
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(blog_id).bind(now).bind(false);
            if roles.is_empty() { q = q.bind(""); }
            for r in roles { q = q.bind(r.as_str()); }
            q.fetch_all(p).await?
        }))
    }

    /// The person whose private calendar link carries this secret.
    pub async fn user_by_calendar_token(&self, token: &str) -> Result<crate::User> {
        let id: Option<UserId> = with_pool!(self, p => sqlx::query_scalar("SELECT id FROM users WHERE calendar_token = $1 AND disabled = $2")
            .bind(token).bind(false).fetch_optional(p).await)?;
        self.user(id.ok_or(StoreError::NotFound)?).await
    }

    /// The blog whose private calendar link carries this secret.
    pub async fn blog_by_calendar_token(&self, token: &str) -> Result<crate::Blog> {
        let id: Option<BlogId> = with_pool!(self, p => sqlx::query_scalar("SELECT id FROM blogs WHERE calendar_token = $1")
            .bind(token).fetch_optional(p).await)?;
        self.blog(id.ok_or(StoreError::NotFound)?).await
    }

    /// The secret of a person's or a blog's calendar link.
    pub async fn calendar_token(&self, of: CalendarOf) -> Result<Option<String>> {
        let (sql, id) = match of {
            CalendarOf::Blog(id) => ("SELECT calendar_token FROM blogs WHERE id = $1", id.get()),
            CalendarOf::Person(id) => ("SELECT calendar_token FROM users WHERE id = $1", id.get()),
        };
        with_pool!(self, p => sqlx::query_scalar(sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Give a calendar link a new secret; the old link stops working.
    pub async fn set_calendar_token(&self, of: CalendarOf, token: &str) -> Result<()> {
        let (sql, id) = match of {
            CalendarOf::Blog(id) => (
                "UPDATE blogs SET calendar_token = $1 WHERE id = $2",
                id.get(),
            ),
            CalendarOf::Person(id) => (
                "UPDATE users SET calendar_token = $1 WHERE id = $2",
                id.get(),
            ),
        };
        with_pool!(self, p => sqlx::query(sql).bind(token).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}

/// Whose private calendar link: a person's (their work) or a blog's (its plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarOf {
    Person(UserId),
    Blog(BlogId),
}
