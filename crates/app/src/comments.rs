//! Readers' comments: receiving one (from the comment form, or a reply on a
//! connected channel) and deciding on it.
//!
//! Abuse protection without third parties: a honeypot (filled in: the
//! comment is kept as spam and the sender told nothing), per-sender rate
//! limits ([`PER_MINUTE`], [`PER_HOUR`]), at most [`MAX_LINKS`] links,
//! duplicates refused, [`MAX_BODY_CHARS`], temporary bans, and blocked words
//! that hold a comment for a moderator. Every comment is recorded as
//! received, and every decision with who, when and why (the public record).

use crate::{on_blog, require, App, Error, Parsed, Result, MAX_NOTE_CHARS};
use lykta_domain::{
    can, required_multiline, required_text, Action, Actor, Audience, Email, FieldErrors, Moderation,
};
use lykta_domain::{CommentId, PostId};
use lykta_store::{
    Blog, CommentSource, CommentState, Decision, NewComment, PostDetail, StoreError,
};

/// Longest comment, in characters.
pub const MAX_BODY_CHARS: usize = 5000;
/// Most links in one comment.
pub const MAX_LINKS: usize = 3;
/// Comments one sender may send in a minute, and in an hour.
pub const PER_MINUTE: i64 = 5;
pub const PER_HOUR: i64 = 30;
/// Longest temporary ban, in days.
pub const MAX_BAN_DAYS: i64 = 365;
/// Comments that may wait for a moderator on one post, and in one blog.
/// Past either the queue is in slow mode: only signed-in employees and
/// known senders (someone with a published comment) get in, so a flood
/// from many addresses cannot bury the moderators.
pub const MAX_WAITING_PER_POST: i64 = 50;
pub const MAX_WAITING_PER_BLOG: i64 = 200;

/// How long a queue found full is taken to be full without counting again.
const FULL_REMEMBERED: std::time::Duration = std::time::Duration::from_secs(1);

/// Slow mode's state on this node. Posts whose queue was found full, and
/// when: for [`FULL_REMEMBERED`] a flood's refusals ask the database nothing
/// about the queue. Forgotten by any decision on this node (another node's
/// decisions count after at most [`FULL_REMEMBERED`]). And one comment at a
/// time between counting the queue and storing: without it a burst of
/// comments would all count the same last free place, and the queue would
/// overshoot its bound by the burst.
#[derive(Default)]
pub(crate) struct FullQueues {
    full: std::sync::Mutex<std::collections::HashMap<PostId, std::time::Instant>>,
    admitting: tokio::sync::Mutex<()>,
}

impl FullQueues {
    fn holds(&self, post: PostId) -> bool {
        self.full.lock().is_ok_and(|m| {
            m.get(&post)
                .is_some_and(|at| at.elapsed() < FULL_REMEMBERED)
        })
    }

    fn note(&self, post: PostId) {
        if let Ok(mut m) = self.full.lock() {
            m.retain(|_, at| at.elapsed() < FULL_REMEMBERED);
            m.insert(post, std::time::Instant::now());
        }
    }

    fn forget(&self) {
        if let Ok(mut m) = self.full.lock() {
            m.clear();
        }
    }
}

/// Reasons a moderator can give: those the law names, then policy reasons.
pub const REASONS: &[&str] = &[
    "threat",
    "hate-speech",
    "incitement",
    "child-abuse",
    "violence",
    "copyright",
    "privacy",
    "spam",
    "off-topic",
    "personal-attack",
];

/// Who sends a comment.
pub enum Sender<'a> {
    /// A signed-in person, as themselves.
    Staff {
        actor: &'a Actor,
        name: &'a str,
        email: &'a str,
    },
    /// A reader of a public blog, with the name and address they gave.
    Reader { name: &'a str, email: &'a str },
}

/// A comment as it arrives, not yet checked.
pub struct Submission<'a> {
    pub sender: Sender<'a>,
    /// The sender's network address (only its salted hash is kept).
    pub client: std::net::IpAddr,
    pub text: &'a str,
    pub reply_to: Option<CommentId>,
    /// The honeypot field was filled in (a person never sees it).
    pub honeypot: bool,
}

/// What became of a comment that was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Shown on the page now.
    Published(CommentId),
    /// Waiting for a moderator (or kept as spam, which the sender is not told).
    Held(CommentId),
}

/// Whether the post takes comments now.
pub fn open_for_comments(blog: &Blog, post: &lykta_store::Post, now: i64) -> bool {
    let published = post.published_at.unwrap_or(post.created_at);
    blog.comments_enabled
        && post.comments_enabled
        && (blog.comments_close_days == 0 || now < published + blog.comments_close_days * 86_400)
}

/// A moderator's decision on comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Reject,
    /// Reject and shut the sender out for this many days.
    RejectAndBan {
        days: i64,
    },
    Hide,
    Spam,
    /// Kept out of sight as secret or part of a case.
    Secret,
}

impl Verdict {
    /// The decision a form names (`approve`, `reject`, `ban` with its days,
    /// `hide`, `spam`, `secret`); nothing chosen, or anything else, is the
    /// `decision` field's error.
    pub fn from_form(decision: &str, ban_days: &str) -> Parsed<Verdict> {
        let mut e = FieldErrors::default();
        let v = match decision.trim() {
            "approve" => Verdict::Approve,
            "reject" => Verdict::Reject,
            "ban" => match ban_days.trim().parse::<i64>() {
                Ok(days) => Verdict::RejectAndBan { days },
                Err(_) => {
                    e.add("ban_days", "error-ban-days");
                    return Err(e);
                }
            },
            "hide" => Verdict::Hide,
            "spam" => Verdict::Spam,
            "secret" => Verdict::Secret,
            _ => {
                e.add("decision", "error-comment-decision");
                return Err(e);
            }
        };
        Ok(v)
    }

    fn state(self) -> CommentState {
        match self {
            Verdict::Approve => CommentState::Published,
            Verdict::Reject | Verdict::RejectAndBan { .. } => CommentState::Rejected,
            Verdict::Hide => CommentState::Hidden,
            Verdict::Spam => CommentState::Spam,
            Verdict::Secret => CommentState::Secret,
        }
    }
}

impl App {
    /// Take a comment on `post` (which the sender can read) of `blog`:
    /// checked, kept in the public record as received, and published or held
    /// as the blog's moderation mode, the sender and its words say.
    pub async fn receive_comment(
        &self,
        blog: &Blog,
        post: &PostDetail,
        c: &Submission<'_>,
    ) -> Result<Received> {
        let now = self.now();
        if !open_for_comments(blog, &post.post, now) {
            return Err(Error::Refused("error-comments-closed"));
        }
        let actor = match &c.sender {
            Sender::Staff { actor, .. } => Some(*actor),
            Sender::Reader { .. } => None,
        };
        // Slow mode first: while the queue is full, an unknown sender is
        // refused before anything else is asked of the database (a flood's
        // refusals stay cheap; the moderators were told once).
        let _admitting = match self.full_queues.holds(post.post.id) {
            true => None,
            false => Some(self.full_queues.admitting.lock().await),
        };
        // (Asked again: the comment before this one may have filled it.)
        let (on_post, in_blog) = if self.full_queues.holds(post.post.id) {
            (MAX_WAITING_PER_POST, MAX_WAITING_PER_BLOG)
        } else {
            self.store.waiting_comments(post.post.id).await?
        };
        let full = on_post >= MAX_WAITING_PER_POST || in_blog >= MAX_WAITING_PER_BLOG;
        if full {
            self.full_queues.note(post.post.id);
        }
        if let (true, Sender::Reader { email, .. }) = (full, &c.sender) {
            let known = match Email::parse(email) {
                Ok(m) => self.store.known_sender(m.as_str()).await?,
                Err(_) => false,
            };
            if !known {
                tracing::debug!(post = %post.post.id, on_post, in_blog, "comment queue full: slow mode");
                return Err(Error::Refused("error-comments-slow"));
            }
        }
        let client = self.client_hash(c.client);
        // Per sender address, and per person when signed in.
        let by_user = |since| async move {
            match actor {
                Some(a) => self.store.comments_by_user_since(a.user_id, since).await,
                None => Ok(0),
            }
        };
        if self.store.comments_from(&client, now - 60).await? >= PER_MINUTE
            || self.store.comments_from(&client, now - 3600).await? >= PER_HOUR
            || by_user(now - 60).await? >= PER_MINUTE
            || by_user(now - 3600).await? >= PER_HOUR
        {
            return Err(Error::TooManyRequests);
        }
        let mut e = FieldErrors::default();
        let text = e.check("comment", required_multiline(c.text, MAX_BODY_CHARS));
        if text
            .as_deref()
            .is_some_and(|t| t.matches("http").count() + t.matches("www.").count() > MAX_LINKS)
        {
            e.add("comment", "error-comment-links");
        }
        // Internal blogs: only signed-in staff, as themselves.
        if blog.audience == Audience::Internal && actor.is_none() {
            return Err(Error::Forbidden);
        }
        let (name, email) = match c.sender {
            Sender::Staff { name, email, .. } => (Some(name.to_owned()), email.to_owned()),
            Sender::Reader { name, email } => (
                e.check("name", required_text(name, 100)),
                e.check("email", Email::parse(email))
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default(),
            ),
        };
        if let Some(t) = &text {
            if self.store.duplicate_comment(post.post.id, t).await? {
                e.add("comment", "error-comment-duplicate");
            }
        }
        if self
            .store
            .banned_until(&client, &email, now)
            .await?
            .is_some()
        {
            return Err(Error::Banned);
        }
        let (Some(text), Some(name), true) = (text, name, e.is_empty()) else {
            return Err(Error::Invalid(e));
        };
        let team = actor.is_some_and(|a| can(Some(a), Action::AnswerAsOrganisation, on_blog(blog)));
        // A blocked word holds the comment for a moderator, whatever the blog's mode.
        let blocked = !team && blog.blocked_word_in(&text).is_some();
        let state = if c.honeypot {
            CommentState::Spam
        } else if !blocked && (team || blog.moderation() == Moderation::Post) {
            CommentState::Published
        } else {
            CommentState::Pending
        };
        let new = NewComment {
            post_id: post.post.id,
            parent_id: c.reply_to,
            user_id: actor.map(|a| a.user_id),
            author_name: &name,
            author_email: &email,
            body: &text,
            state,
            is_answer: team,
            client_hash: &client,
            source: None,
        };
        let id = self.store.add_comment(&new, now).await?;
        if state == CommentState::Pending {
            // This comment filled the queue: the moderators hear of it once.
            let filled = if in_blog + 1 == MAX_WAITING_PER_BLOG {
                Some((None, MAX_WAITING_PER_BLOG))
            } else if on_post + 1 == MAX_WAITING_PER_POST {
                Some((Some(post.post.title.as_str()), MAX_WAITING_PER_POST))
            } else {
                None
            };
            if let Some((on, count)) = filled {
                if self.notify.slow_mode(blog, on, count, now).await? > 0 {
                    self.wake_worker();
                }
            }
        }
        Ok(if state == CommentState::Published {
            Received::Published(id)
        } else {
            Received::Held(id)
        })
    }

    /// Take a reply to a syndicated copy (the worker fetched it): into the
    /// moderation queue, always held for a moderator (it is public already
    /// on its platform, not yet on the site), and into the public record as
    /// received, with the platform, the author's public handle and the
    /// reply's address; each reply once. Its text is plain text (the
    /// platform's HTML was reduced to text), escaped wherever it is shown.
    /// Returns whether it was new.
    pub(crate) async fn receive_channel_reply(
        &self,
        d: &lykta_store::Delivery,
        r: &lykta_channels::Reply,
    ) -> anyhow::Result<bool> {
        let platform = d.platform.as_str();
        if self
            .store
            .comment_from_source(platform, &r.remote_id)
            .await?
        {
            return Ok(false);
        }
        let text: String = r.text.chars().take(MAX_BODY_CHARS).collect();
        if text.trim().is_empty() {
            return Ok(false);
        }
        let name: String = if r.display_name.trim().is_empty() {
            r.handle.clone()
        } else {
            r.display_name.chars().take(100).collect()
        };
        let client =
            crate::secrets::salted_hash(&self.client_salt, &format!("{platform}:{}", r.handle));
        let new = NewComment {
            post_id: d.post_id,
            parent_id: None,
            user_id: None,
            author_name: &name,
            author_email: "",
            body: &text,
            state: CommentState::Pending,
            is_answer: false,
            client_hash: &client,
            source: Some(CommentSource {
                platform,
                handle: &r.handle,
                url: &r.url,
                remote_id: &r.remote_id,
            }),
        };
        match self.store.add_comment(&new, self.now()).await {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// A reader reports a comment on a post for a moderator to look at.
    pub async fn report_comment(&self, post_id: PostId, comment_id: CommentId) -> Result<()> {
        Ok(self.store.report_comment(comment_id, post_id).await?)
    }

    /// Decide on comments, every one in a blog `actor` moderates. Rejecting
    /// and hiding need one of [`REASONS`]. Everything wrong with the
    /// decision is named at once (no comment picked, no decision, no
    /// reason, a note too long, a ban out of range). Returns how many changed.
    pub async fn decide_comments(
        &self,
        actor: &Actor,
        ids: &[CommentId],
        verdict: Parsed<Verdict>,
        reason: &str,
        note: &str,
    ) -> Result<usize> {
        let mut comments = Vec::new();
        for id in ids {
            // Each comment's blog must be one this person moderates.
            let c = self.store.comment(*id).await?;
            let blog = self.store.blog(c.blog_id).await?;
            require(actor, Action::ModerateComments, on_blog(&blog))?;
            comments.push(c);
        }
        let mut e = verdict.as_ref().err().cloned().unwrap_or_default();
        if ids.is_empty() {
            e.add("id", "error-comment-none");
        }
        let reason = reason.trim();
        let to = verdict.as_ref().ok().map(|v| v.state());
        let needs_reason = matches!(to, Some(CommentState::Rejected | CommentState::Hidden));
        if needs_reason && !REASONS.contains(&reason) {
            e.add("reason", "error-comment-reason");
        }
        let note = e.check("note", lykta_domain::optional_text(note, MAX_NOTE_CHARS));
        if let Ok(Verdict::RejectAndBan { days }) = verdict {
            if !(1..=MAX_BAN_DAYS).contains(&days) {
                e.add("ban_days", "error-ban-days");
            }
        }
        let (Ok(verdict), Some(to), Some(note), true) = (verdict, to, note, e.is_empty()) else {
            return Err(Error::Invalid(e));
        };
        let decision = Decision {
            to,
            reason: if needs_reason || matches!(to, CommentState::Secret | CommentState::Spam) {
                reason
            } else {
                ""
            },
            note: &note,
        };
        let now = self.now();
        let n = self
            .store
            .moderate(ids, &decision, actor.user_id, now)
            .await?;
        self.full_queues.forget();
        // Out of sight here, out of sight on the platform where it allows.
        self.hide_on_platforms(actor, &comments, to).await?;
        if let Verdict::RejectAndBan { days } = verdict {
            for id in ids {
                self.store
                    .ban_sender(*id, now + days * 86_400, reason, actor.user_id, now)
                    .await?;
            }
        }
        Ok(n)
    }

    /// The team answers a comment, on the public page, as the organisation.
    /// Answering a waiting comment publishes it too.
    pub async fn answer_comment(
        &self,
        actor: &Actor,
        name: &str,
        email: &str,
        id: CommentId,
        text: &str,
    ) -> Result<()> {
        let c = self.store.comment(id).await?;
        let blog = self.store.blog(c.blog_id).await?;
        require(actor, Action::ModerateComments, on_blog(&blog))?;
        // Only what readers can see, or what waits, gets an answer.
        if !matches!(c.state, CommentState::Pending | CommentState::Published) {
            return Err(Error::Refused("error-comment-not-answerable"));
        }
        let text =
            required_multiline(text, MAX_BODY_CHARS).map_err(|e| Error::field("answer", e.key))?;
        let now = self.now();
        let answer = NewComment {
            post_id: c.post_id,
            parent_id: Some(c.parent_id.unwrap_or(c.id)),
            user_id: Some(actor.user_id),
            author_name: name,
            author_email: email,
            body: &text,
            state: CommentState::Published,
            is_answer: true,
            source: None,
            client_hash: "",
        };
        self.store.add_comment(&answer, now).await?;
        if c.state == CommentState::Pending {
            let d = Decision {
                to: CommentState::Published,
                reason: "",
                note: "",
            };
            self.store.moderate(&[id], &d, actor.user_id, now).await?;
            self.full_queues.forget();
        }
        Ok(())
    }
}
