//! E-mail subscriptions to blogs: subscribers (one lower-cased address per
//! blog, pending until confirmed), the links in their mail (only each
//! secret's SHA-256: a single-use confirmation link, and a manage link in
//! every message), addresses that bounced or complained, the public form's
//! rate-limit counts, and the bulk queue that writes thousands of messages
//! and their `send_mail` jobs in one transaction, paced to a rate per minute.

use crate::{placeholders, with_pool, Result, Store, StoreError};
use lykta_domain::{BlogId, Email, MailId, SubscriberId, UserId};
use serde::Serialize;

/// How often a subscriber hears from a blog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// A message for each post as it is published.
    Post,
    /// One digest a week of what was published.
    Weekly,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Post => "post",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Frequency> {
        match s {
            "post" => Some(Frequency::Post),
            "weekly" => Some(Frequency::Weekly),
            _ => None,
        }
    }
}

impl TryFrom<String> for Frequency {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, Self::Error> {
        Frequency::parse(&s).ok_or(s)
    }
}

/// One subscription.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Subscriber {
    pub id: SubscriberId,
    pub blog_id: BlogId,
    pub email: String,
    /// The staff account that subscribed signed in.
    pub user_id: Option<UserId>,
    #[sqlx(try_from = "String")]
    pub frequency: Frequency,
    pub created_at: i64,
    /// `None`: waiting for the confirmation link.
    pub confirmed_at: Option<i64>,
    /// `bounce` or `complaint` when the address is suppressed, else empty.
    pub suppressed: String,
}

/// What a link's secret is for, and what is left of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionToken {
    pub subscriber_id: SubscriberId,
    /// `confirm` or `manage`.
    pub purpose: String,
    pub expires_at: Option<i64>,
    pub used_at: Option<i64>,
}

/// One subscription message to queue.
#[derive(Debug, Clone)]
pub struct SubscriptionMail {
    pub subscriber_id: SubscriberId,
    pub user_id: Option<UserId>,
    /// Unique per message meant (`subscription:{subscriber}:post:{post}`).
    pub dedupe_key: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers (`List-Unsubscribe`, …).
    pub headers: Vec<(String, String)>,
    /// The SHA-256 of the manage link's secret this message carries; kept
    /// only when the message is queued.
    pub manage_token_hash: String,
}

/// A subscription asked for on the public form.
pub struct SubscriptionRequest<'a> {
    pub blog_id: BlogId,
    pub email: &'a Email,
    pub frequency: Frequency,
    /// The SHA-256 of the confirmation link's secret.
    pub confirm_token_hash: &'a str,
    /// How long the link works, and how long before another mail may go.
    pub window: i64,
}

/// What the person's data export holds.
#[derive(Debug, Clone, Serialize)]
pub struct SubscriberExport {
    pub subscriber: Subscriber,
    /// (subject, when sent) of every message sent to the subscription.
    pub messages: Vec<(String, Option<i64>)>,
}

const SUBSCRIBER_COLUMNS: &str = "s.id, s.blog_id, s.email, s.user_id, s.frequency, s.created_at, s.confirmed_at, COALESCE(m.kind, '') AS suppressed";
const SUBSCRIBERS: &str = "subscribers s LEFT JOIN mail_suppressions m ON m.email = s.email";

/// Rows per multi-row INSERT (well under both backends' parameter limits).
const CHUNK: usize = 500;

/// Queue `$mails` (`&[SubscriptionMail]`) and their `send_mail` jobs inside
/// the transaction `$tx`; with `$per_minute` `Some(n)` the jobs are spread
/// so that at most n a minute fall due, across everything queued this way.
/// Evaluates to how many were new (a dedupe key seen before is skipped).
macro_rules! queue_mails_in {
    ($tx:expr, $mails:expr, $per_minute:expr, $now:expr) => {{
        let (mails, per_minute, now): (&[SubscriptionMail], Option<i64>, i64) = ($mails, $per_minute, $now);
        let mut queued: Vec<(MailId, SubscriberId)> = Vec::with_capacity(mails.len());
        for chunk in mails.chunks(CHUNK) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("({})", placeholders(1 + i * 9, 9)))
                .collect();
            let sql = format!(
                "INSERT INTO outbox (dedupe_key, user_id, to_address, subject, body, html, headers, subscriber_id, created_at)
                 VALUES {} ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, subscriber_id",
                rows.join(", ")
            );
            let mut q = sqlx::query_as::<_, (MailId, SubscriberId)>(&sql);
            for m in chunk {
                let headers = serde_json::to_string(&m.headers).unwrap_or_else(|_| "[]".to_owned());
                q = q.bind(&m.dedupe_key).bind(m.user_id).bind(&m.to_address).bind(&m.subject)
                    .bind(&m.text).bind(&m.html).bind(headers).bind(m.subscriber_id).bind(now);
            }
            queued.extend(q.fetch_all(&mut *$tx).await?);
        }
        // The manage links of the messages that were queued.
        let new: std::collections::HashSet<SubscriberId> = queued.iter().map(|q| q.1).collect();
        let tokens: Vec<&SubscriptionMail> = mails.iter()
            .filter(|m| !m.manage_token_hash.is_empty() && new.contains(&m.subscriber_id))
            .collect();
        for chunk in tokens.chunks(CHUNK) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("({}, 'manage', $1)", placeholders(2 + i * 2, 2)))
                .collect();
            let sql = format!("INSERT INTO subscription_tokens (token_hash, subscriber_id, purpose, created_at) VALUES {}", rows.join(", "));
            let mut q = sqlx::query(&sql).bind(now);
            for m in chunk {
                q = q.bind(&m.manage_token_hash).bind(m.subscriber_id);
            }
            q.execute(&mut *$tx).await?;
        }
        // When each falls due: now, or paced minute by minute.
        let mut due = Vec::with_capacity(queued.len());
        match per_minute {
            None => due.resize(queued.len(), now),
            Some(rate) if !queued.is_empty() => {
                let rate = rate.max(1);
                let (mut minute, mut used): (i64, i64) = sqlx::query_as(
                    "UPDATE subscription_pace SET used = used WHERE id = 1 RETURNING minute_at, used")
                    .fetch_one(&mut *$tx).await?;
                if minute + 60 <= now {
                    (minute, used) = (now, 0);
                }
                for _ in &queued {
                    if used >= rate {
                        (minute, used) = (minute + 60, 0);
                    }
                    due.push(minute.max(now));
                    used += 1;
                }
                sqlx::query("UPDATE subscription_pace SET minute_at = $1, used = $2 WHERE id = 1")
                    .bind(minute).bind(used).execute(&mut *$tx).await?;
            }
            Some(_) => {}
        }
        let jobs: Vec<(crate::Job, i64)> = queued.iter().zip(due)
            .map(|(q, at)| (crate::Job::SendMail { outbox_id: q.0 }, at))
            .collect();
        crate::jobs::enqueue_many!($tx, &jobs, now);
        queued.len()
    }};
}

impl Store {
    /// Queue subscription messages in bulk, paced to `per_minute`. Returns
    /// how many were new.
    pub async fn queue_subscription_mails(
        &self,
        mails: &[SubscriptionMail],
        per_minute: i64,
        now: i64,
    ) -> Result<usize> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let n = queue_mails_in!(tx, mails, Some(per_minute), now);
            tx.commit().await?;
            Ok::<_, StoreError>(n)
        }.await)
    }

    /// Count a request on the public form (per typed address, per client
    /// address, since `since`), forgetting older ones.
    pub async fn count_subscription_request(
        &self,
        email_hash: &str,
        client_hash: &str,
        since: i64,
        now: i64,
    ) -> Result<(i64, i64)> {
        self.count_form_request("subscription_requests", email_hash, client_hash, since, now)
            .await
    }

    /// A subscription asked for by address: a new pending subscriber, or a
    /// pending one whose last confirmation mail is older than the window,
    /// gets a new confirmation link and `confirmation` (its subscriber id
    /// and key filled in here) is queued, in one transaction. A confirmed
    /// subscriber, one mailed within the window, or a suppressed address
    /// gets nothing. Returns whether a mail was queued.
    pub async fn request_subscription(
        &self,
        r: &SubscriptionRequest<'_>,
        mut confirmation: SubscriptionMail,
        now: i64,
    ) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let suppressed: Option<String> = sqlx::query_scalar("SELECT kind FROM mail_suppressions WHERE email = $1")
                .bind(r.email.as_str()).fetch_optional(&mut *tx).await?;
            if suppressed.is_some() {
                return Ok(false);
            }
            let found: Option<(SubscriberId, Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT id, confirmed_at, confirm_sent_at FROM subscribers WHERE blog_id = $1 AND email = $2")
                .bind(r.blog_id).bind(r.email.as_str()).fetch_optional(&mut *tx).await?;
            let id = match found {
                None => sqlx::query_scalar(
                    "INSERT INTO subscribers (blog_id, email, frequency, created_at, confirm_sent_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
                    .bind(r.blog_id).bind(r.email.as_str()).bind(r.frequency.as_str()).bind(now)
                    .fetch_one(&mut *tx).await?,
                Some((_, Some(_), _)) => return Ok(false),
                Some((_, None, Some(sent))) if sent > now - r.window => return Ok(false),
                Some((id, None, _)) => {
                    sqlx::query("UPDATE subscribers SET frequency = $1, confirm_sent_at = $2 WHERE id = $3")
                        .bind(r.frequency.as_str()).bind(now).bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM subscription_tokens WHERE subscriber_id = $1 AND purpose = 'confirm'")
                        .bind(id).execute(&mut *tx).await?;
                    id
                }
            };
            sqlx::query("INSERT INTO subscription_tokens (token_hash, subscriber_id, purpose, created_at, expires_at) VALUES ($1, $2, 'confirm', $3, $4)")
                .bind(r.confirm_token_hash).bind(id).bind(now).bind(now + r.window).execute(&mut *tx).await?;
            confirmation.subscriber_id = id;
            confirmation.dedupe_key = format!("subscription:{id}:confirm:{now}");
            let queued = queue_mails_in!(tx, std::slice::from_ref(&confirmation), None, now);
            tx.commit().await?;
            Ok::<_, StoreError>(queued == 1)
        }.await)
    }

    /// A staff account subscribes with its own address: confirmed at once
    /// (also a pending subscription by the same address).
    pub async fn subscribe_account(
        &self,
        blog_id: BlogId,
        user_id: UserId,
        email: &Email,
        frequency: Frequency,
        now: i64,
    ) -> Result<SubscriberId> {
        let sql = "INSERT INTO subscribers (blog_id, email, user_id, frequency, created_at, confirmed_at) VALUES ($1, $2, $3, $4, $5, $5)
                   ON CONFLICT (blog_id, email) DO UPDATE SET user_id = excluded.user_id, frequency = excluded.frequency,
                     confirmed_at = COALESCE(subscribers.confirmed_at, excluded.confirmed_at)
                   RETURNING id";
        Ok(
            with_pool!(self, p => sqlx::query_scalar(sql).bind(blog_id).bind(email.as_str()).bind(user_id)
            .bind(frequency.as_str()).bind(now).fetch_one(p).await)?,
        )
    }

    /// What the link with this secret's hash is, if anything.
    pub async fn subscription_token(&self, hash: &str) -> Result<SubscriptionToken> {
        let sql = "SELECT subscriber_id, purpose, expires_at, used_at FROM subscription_tokens WHERE token_hash = $1";
        with_pool!(self, p => sqlx::query_as(sql).bind(hash).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Use a confirmation link once (before it expires) and confirm its
    /// subscription; `Conflict` if it was used or expired meanwhile.
    pub async fn confirm_subscription(&self, hash: &str, now: i64) -> Result<SubscriberId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: Option<SubscriberId> = sqlx::query_scalar(
                "UPDATE subscription_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = 'confirm' AND used_at IS NULL AND expires_at > $1 RETURNING subscriber_id")
                .bind(now).bind(hash).fetch_optional(&mut *tx).await?;
            let id = id.ok_or(StoreError::Conflict("token"))?;
            sqlx::query("UPDATE subscribers SET confirmed_at = COALESCE(confirmed_at, $1) WHERE id = $2")
                .bind(now).bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    pub async fn subscriber(&self, id: SubscriberId) -> Result<Subscriber> {
        let sql = format!("SELECT {SUBSCRIBER_COLUMNS} FROM {SUBSCRIBERS} WHERE s.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The subscription of `email` to a blog, if any.
    pub async fn subscriber_by_email(
        &self,
        blog_id: BlogId,
        email: &str,
    ) -> Result<Option<Subscriber>> {
        let sql = format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM {SUBSCRIBERS} WHERE s.blog_id = $1 AND s.email = $2"
        );
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).bind(email).fetch_optional(p).await)?,
        )
    }

    /// A blog's subscribers, newest first (for administrators).
    pub async fn subscribers_of_blog(&self, blog_id: BlogId) -> Result<Vec<Subscriber>> {
        let sql = format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM {SUBSCRIBERS} WHERE s.blog_id = $1 ORDER BY s.id DESC"
        );
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }

    /// Confirmed subscribers of a blog at `frequency` whose address is not
    /// suppressed and who confirmed no later than `confirmed_by`.
    pub async fn subscribers_to_mail(
        &self,
        blog_id: BlogId,
        frequency: Frequency,
        confirmed_by: i64,
    ) -> Result<Vec<Subscriber>> {
        let sql = format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM {SUBSCRIBERS}
             WHERE s.blog_id = $1 AND s.frequency = $2 AND s.confirmed_at <= $3 AND m.email IS NULL ORDER BY s.id"
        );
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).bind(frequency.as_str()).bind(confirmed_by).fetch_all(p).await)?,
        )
    }

    /// Change how often a subscriber hears from the blog.
    pub async fn set_subscriber_frequency(
        &self,
        id: SubscriberId,
        frequency: Frequency,
    ) -> Result<()> {
        let sql = "UPDATE subscribers SET frequency = $1 WHERE id = $2";
        let changed = with_pool!(self, p => sqlx::query(sql).bind(frequency.as_str()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Per blog: (confirmed, waiting for confirmation) subscribers.
    pub async fn subscriber_counts(&self) -> Result<Vec<(BlogId, i64, i64)>> {
        let sql = "SELECT blog_id, SUM(CASE WHEN confirmed_at IS NULL THEN 0 ELSE 1 END), SUM(CASE WHEN confirmed_at IS NULL THEN 1 ELSE 0 END)
                   FROM subscribers GROUP BY blog_id ORDER BY blog_id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?)
    }

    /// End a subscription and forget its address: its links stop working,
    /// its unsent mail is dropped and the address is blanked on what was sent.
    pub async fn delete_subscriber(&self, id: SubscriberId) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("DELETE FROM subscription_tokens WHERE subscriber_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM outbox WHERE subscriber_id = $1 AND sent_at IS NULL").bind(id).execute(&mut *tx).await?;
            sqlx::query("UPDATE outbox SET to_address = '', to_name = '' WHERE subscriber_id = $1").bind(id).execute(&mut *tx).await?;
            let done = sqlx::query("DELETE FROM subscribers WHERE id = $1").bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Everything kept about a subscription, for the person.
    pub async fn subscriber_export(&self, id: SubscriberId) -> Result<SubscriberExport> {
        let subscriber = self.subscriber(id).await?;
        let sql = "SELECT subject, sent_at FROM outbox WHERE subscriber_id = $1 ORDER BY id";
        let messages = with_pool!(self, p => sqlx::query_as(sql).bind(id).fetch_all(p).await)?;
        Ok(SubscriberExport {
            subscriber,
            messages,
        })
    }

    /// Record that `email` bounced or complained (`kind`): no more
    /// subscription mail goes to it, and what waits for it is dropped.
    pub async fn suppress_address(
        &self,
        email: &Email,
        kind: &str,
        by: Option<UserId>,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("INSERT INTO mail_suppressions (email, kind, recorded_by, at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (email) DO UPDATE SET kind = excluded.kind, recorded_by = excluded.recorded_by, at = excluded.at")
                .bind(email.as_str()).bind(kind).bind(by).bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM outbox WHERE to_address = $1 AND subscriber_id IS NOT NULL AND sent_at IS NULL")
                .bind(email.as_str()).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Forget subscriptions never confirmed, asked for before `before`.
    pub async fn purge_unconfirmed_subscribers(&self, before: i64) -> Result<u64> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let old = "SELECT id FROM subscribers WHERE confirmed_at IS NULL AND created_at < $1";
            sqlx::query(&format!("DELETE FROM subscription_tokens WHERE subscriber_id IN ({old})")).bind(before).execute(&mut *tx).await?;
            sqlx::query(&format!("DELETE FROM outbox WHERE sent_at IS NULL AND subscriber_id IN ({old})")).bind(before).execute(&mut *tx).await?;
            sqlx::query(&format!("UPDATE outbox SET to_address = '', to_name = '' WHERE subscriber_id IN ({old})")).bind(before).execute(&mut *tx).await?;
            let done = sqlx::query("DELETE FROM subscribers WHERE confirmed_at IS NULL AND created_at < $1").bind(before).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(done.rows_affected())
        }.await)
    }

    /// Add confirmed subscribers in bulk (for benchmarks and generated
    /// data; readers come through the confirmation link).
    pub async fn add_confirmed_subscribers(
        &self,
        blog_id: BlogId,
        emails: &[Email],
        frequency: Frequency,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            for chunk in emails.chunks(CHUNK) {
                let rows: Vec<String> = (0..chunk.len())
                    .map(|i| format!("($1, ${}, $2, $3, $3)", 4 + i))
                    .collect();
                let sql = format!("INSERT INTO subscribers (blog_id, email, frequency, created_at, confirmed_at) VALUES {} ON CONFLICT (blog_id, email) DO NOTHING", rows.join(", "));
                let mut q = sqlx::query(&sql).bind(blog_id).bind(frequency.as_str()).bind(now);
                for e in chunk {
                    q = q.bind(e.as_str());
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }
}
