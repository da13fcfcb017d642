//! E-mail subscriptions: a reader follows a blog by e-mail — each post, or
//! a weekly digest.
//!
//! - **Double opt-in.** A typed address gets a confirmation mail with a
//!   single-use link (only its SHA-256 is kept); nothing else is sent until
//!   it is followed. The form answers the same whether or not the address
//!   is subscribed; it is rate-limited per client address and per typed
//!   address, and an address gets at most one confirmation mail per
//!   [`CONFIRM_WINDOW`] (the link's lifetime). Staff subscribe signed in
//!   with their account, with no mail to confirm.
//! - **Internal stays internal.** Nobody subscribes to an internal blog
//!   without an account that may read it, and an internal post is mailed
//!   only to active staff who may read the blog — checked when the message
//!   is written and again when it is sent.
//! - **Every message** has a text and an HTML part, the post's title,
//!   excerpt and link, and its own manage link (one-click unsubscribe by
//!   RFC 8058 `List-Unsubscribe-Post`, the manage page, the data export).
//!   Unsubscribing forgets the address.
//! - **Sending** goes through the outbox and the job table in bulk, paced
//!   to `subscription_mails_per_minute`; each message has a key, so a post
//!   or a week's digest goes to a subscriber once. Addresses that bounced or
//!   complained get nothing more.

use crate::notify::Composer;
use crate::secrets::{random_token, salted_hash, token_hash};
use crate::{on_blog, require, App, Error, Parsed, Result};
use lykta_domain::{can, Action, Actor, Email, Language, SubscriberId, Target};
use lykta_render::mail::{mail_html, MailItem, MailPage};
use lykta_store::{
    Blog, Frequency, StoreError, Subscriber, SubscriberExport, SubscriptionMail,
    SubscriptionRequest,
};

/// How long a confirmation link works, and how long before another
/// confirmation mail may go to the same address for the same blog.
pub const CONFIRM_WINDOW: i64 = 24 * 3600;
/// The window of the public form's rate limits.
pub const REQUEST_WINDOW: i64 = 3600;
/// Requests per typed address in [`REQUEST_WINDOW`].
pub const REQUESTS_PER_ADDRESS: i64 = 3;
/// Requests per client address in [`REQUEST_WINDOW`].
pub const REQUESTS_PER_CLIENT: i64 = 10;
/// Subscriptions never confirmed are forgotten after this long.
pub const UNCONFIRMED_SECONDS: i64 = 7 * 86_400;
/// The default pace of subscription mail.
pub const DEFAULT_MAILS_PER_MINUTE: i64 = 600;

/// What the public form asks.
pub struct SubscribeInput {
    pub email: Email,
    pub frequency: Frequency,
}

/// The outcome of the public form: the same for every address. The
/// confirmation link's secret is given to callers that seed data (the
/// demo); the web never shows it.
pub struct Subscribed {
    pub confirmation: Option<String>,
}

/// What a link from a mail is good for.
pub enum SubscriptionLink {
    /// A confirmation link that can still be used.
    Confirm { subscriber: Subscriber, blog: Blog },
    /// A manage link of a live subscription.
    Manage { subscriber: Subscriber, blog: Blog },
    /// Used, expired or unknown: the message key says which.
    Unusable(&'static str),
}

/// A bounce or a complaint, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undeliverable {
    Bounce,
    Complaint,
}

impl Undeliverable {
    pub fn as_str(self) -> &'static str {
        match self {
            Undeliverable::Bounce => "bounce",
            Undeliverable::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<Undeliverable> {
        match s {
            "bounce" => Some(Undeliverable::Bounce),
            "complaint" => Some(Undeliverable::Complaint),
            _ => None,
        }
    }
}

impl App {
    /// Someone on a blog's public form subscribes `typed` (as typed). Only
    /// public blogs take addresses; the rate limits come first and answer
    /// alike for every address.
    pub async fn subscribe(
        &self,
        blog: &Blog,
        typed: &str,
        input: Parsed<SubscribeInput>,
        client: std::net::IpAddr,
    ) -> Result<Subscribed> {
        if !can(None, Action::Read, on_blog(blog)) {
            return Err(Error::Forbidden);
        }
        let now = self.now();
        let typed = typed.trim().to_lowercase();
        let (by_email, by_client) = self
            .store
            .count_subscription_request(
                &salted_hash(&self.client_salt, &format!("subscribe:{typed}")),
                &self.client_hash(client),
                now - REQUEST_WINDOW,
                now,
            )
            .await?;
        if by_email > REQUESTS_PER_ADDRESS || by_client > REQUESTS_PER_CLIENT {
            return Err(Error::TooManyRequests);
        }
        let input = input.map_err(Error::Invalid)?;
        let token = random_token();
        let hash = token_hash(&token);
        let mail = self
            .notify
            .subscription_confirmation(blog, &input.email, &token);
        let request = SubscriptionRequest {
            blog_id: blog.id,
            email: &input.email,
            frequency: input.frequency,
            confirm_token_hash: &hash,
            window: CONFIRM_WINDOW,
        };
        let queued = self.store.request_subscription(&request, mail, now).await?;
        if queued {
            self.wake_worker();
        }
        Ok(Subscribed {
            confirmation: queued.then_some(token),
        })
    }

    /// A signed-in member of staff subscribes with their own address, at
    /// once (they may read the blog: internal blogs too).
    pub async fn subscribe_account(
        &self,
        actor: &Actor,
        blog: &Blog,
        frequency: Frequency,
    ) -> Result<SubscriberId> {
        require(actor, Action::Read, on_blog(blog))?;
        let user = self.store.user(actor.user_id).await?;
        if user.disabled {
            return Err(Error::Forbidden);
        }
        let email = Email::parse(&user.email).map_err(|_| Error::Refused("subs-error-email"))?;
        let id = self
            .store
            .subscribe_account(blog.id, user.id, &email, frequency, self.now())
            .await?;
        tracing::info!(blog = %blog.id, user = %user.id, "subscribed with an account");
        Ok(id)
    }

    /// A signed-in member of staff stops following a blog by e-mail.
    pub async fn unsubscribe_account(&self, actor: &Actor, blog: &Blog) -> Result<()> {
        require(actor, Action::Read, on_blog(blog))?;
        let user = self.store.user(actor.user_id).await?;
        if let Some(s) = self.store.subscriber_by_email(blog.id, &user.email).await? {
            self.store.delete_subscriber(s.id).await?;
            tracing::info!(blog = %blog.id, user = %user.id, "unsubscribed an account");
        }
        Ok(())
    }

    /// What the link with this secret is good for.
    pub async fn subscription_link(&self, token: &str) -> Result<SubscriptionLink> {
        let t = match self.store.subscription_token(&token_hash(token)).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => {
                return Ok(SubscriptionLink::Unusable("subs-link-unknown"))
            }
            Err(e) => return Err(e.into()),
        };
        let subscriber = match self.store.subscriber(t.subscriber_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => {
                return Ok(SubscriptionLink::Unusable("subs-link-unknown"))
            }
            Err(e) => return Err(e.into()),
        };
        let blog = self.store.blog(subscriber.blog_id).await?;
        Ok(if t.purpose == "manage" {
            SubscriptionLink::Manage { subscriber, blog }
        } else if t.used_at.is_some() {
            SubscriptionLink::Unusable("subs-link-used")
        } else if t.expires_at.is_some_and(|at| at <= self.now()) {
            SubscriptionLink::Unusable("subs-link-expired")
        } else {
            SubscriptionLink::Confirm { subscriber, blog }
        })
    }

    /// Follow a confirmation link (once). `Refused` with the reason when it
    /// cannot be used.
    pub async fn confirm_subscription(&self, token: &str) -> Result<Blog> {
        match self.subscription_link(token).await? {
            SubscriptionLink::Confirm { .. } => {}
            SubscriptionLink::Manage { .. } => return Err(Error::Refused("subs-link-unknown")),
            SubscriptionLink::Unusable(why) => return Err(Error::Refused(why)),
        }
        let id = match self
            .store
            .confirm_subscription(&token_hash(token), self.now())
            .await
        {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => return Err(Error::Refused("subs-link-used")),
            Err(e) => return Err(e.into()),
        };
        let s = self.store.subscriber(id).await?;
        tracing::info!(blog = %s.blog_id, subscriber = %id, "subscription confirmed");
        Ok(self.store.blog(s.blog_id).await?)
    }

    /// The subscription behind a manage link, or why there is none.
    async fn managed(&self, token: &str) -> Result<(Subscriber, Blog)> {
        match self.subscription_link(token).await? {
            SubscriptionLink::Manage { subscriber, blog } => Ok((subscriber, blog)),
            SubscriptionLink::Confirm { .. } => Err(Error::Refused("subs-link-unknown")),
            SubscriptionLink::Unusable(why) => Err(Error::Refused(why)),
        }
    }

    /// Unsubscribe with a manage link (one click from the mail, or the
    /// manage page): the subscription and its address are deleted.
    pub async fn unsubscribe(&self, token: &str) -> Result<Blog> {
        let (s, blog) = self.managed(token).await?;
        self.store.delete_subscriber(s.id).await?;
        tracing::info!(blog = %blog.id, subscriber = %s.id, "unsubscribed");
        Ok(blog)
    }

    /// Change how often the subscriber behind a manage link hears from the
    /// blog (each post ↔ a weekly digest); the link is the authority.
    pub async fn change_subscription_frequency(
        &self,
        token: &str,
        frequency: Parsed<Frequency>,
    ) -> Result<Blog> {
        let (s, blog) = self.managed(token).await?;
        let frequency = frequency.map_err(Error::Invalid)?;
        self.store.set_subscriber_frequency(s.id, frequency).await?;
        tracing::info!(blog = %blog.id, subscriber = %s.id, frequency = frequency.as_str(), "subscription frequency changed");
        Ok(blog)
    }

    /// Everything kept about the subscription behind a manage link.
    pub async fn export_subscription(&self, token: &str) -> Result<SubscriberExport> {
        let (s, _) = self.managed(token).await?;
        Ok(self.store.subscriber_export(s.id).await?)
    }

    /// A blog's subscribers with their addresses: administrators only.
    pub async fn subscribers(&self, actor: &Actor, blog: &Blog) -> Result<Vec<Subscriber>> {
        require(actor, Action::ManageSubscribers, on_blog(blog))?;
        Ok(self.store.subscribers_of_blog(blog.id).await?)
    }

    /// Record that `email` bounced or complained: it gets no more
    /// subscription mail. `by`: the administrator (`None`: the operator on
    /// the server, `lykta subscribers bounce`).
    pub async fn record_undeliverable(
        &self,
        by: Option<&Actor>,
        email: Parsed<Email>,
        kind: Undeliverable,
    ) -> Result<()> {
        if let Some(actor) = by {
            require(actor, Action::ManageSubscribers, Target::Organisation)?;
        }
        let email = email.map_err(Error::Invalid)?;
        self.store
            .suppress_address(&email, kind.as_str(), by.map(|a| a.user_id), self.now())
            .await?;
        tracing::info!(
            kind = kind.as_str(),
            "address suppressed for subscription mail"
        );
        Ok(())
    }
}

/// One post as its message tells it.
struct PostLine {
    title: String,
    excerpt: String,
    url: String,
}

/// The words every subscription message of a blog has (written once per send).
struct MailWords {
    lang: Language,
    read: String,
    why: String,
    stop: String,
    change: String,
}

impl MailWords {
    fn of(c: &Composer, blog: &Blog) -> MailWords {
        let args = [("blog", blog.name.clone())];
        let t = |key: &str| c.cat.get(blog.language, key, &args);
        MailWords {
            lang: blog.language,
            read: t("subs-mail-read"),
            why: t("subs-mail-why"),
            stop: t("subs-mail-unsubscribe"),
            change: t("subs-mail-manage"),
        }
    }
}

/// Which page a link from a mail opens.
#[derive(Clone, Copy)]
enum LinkKind {
    Confirm,
    Unsubscribe,
    Manage,
}

impl Composer {
    /// The address of a link page, in the blog's language.
    fn subscription_url(&self, lang: Language, kind: LinkKind, token: &str) -> String {
        let path = match (lang, kind) {
            (Language::Sv, LinkKind::Confirm) => "prenumeration/bekrafta",
            (Language::Sv, LinkKind::Unsubscribe) => "prenumeration/avsluta",
            (Language::Sv, LinkKind::Manage) => "prenumeration/hantera",
            (Language::En, LinkKind::Confirm) => "subscription/confirm",
            (Language::En, LinkKind::Unsubscribe) => "subscription/unsubscribe",
            (Language::En, LinkKind::Manage) => "subscription/manage",
        };
        format!("{}/{path}/{token}", self.base_url)
    }

    /// The confirmation mail for a typed address (its key and subscriber
    /// are filled in when it is queued).
    pub(crate) fn subscription_confirmation(
        &self,
        blog: &Blog,
        email: &Email,
        token: &str,
    ) -> SubscriptionMail {
        let lang = blog.language;
        let url = self.subscription_url(lang, LinkKind::Confirm, token);
        let args = [
            ("blog", blog.name.clone()),
            ("url", url.clone()),
            ("hours", (CONFIRM_WINDOW / 3600).to_string()),
        ];
        let t = |key: &str| self.cat.get(lang, key, &args);
        let heading = t("subs-mail-confirm-heading");
        let intro = t("subs-mail-confirm-intro");
        let ignore = t("subs-mail-confirm-ignore");
        let button = t("subs-mail-confirm-button");
        let html = mail_html(&MailPage {
            lang: lang.as_str(),
            heading: &heading,
            intro: &intro,
            items: &[MailItem {
                title: "",
                excerpt: "",
                url: &url,
                link_text: &button,
            }],
            footer: &[(&ignore, None)],
        });
        SubscriptionMail {
            subscriber_id: SubscriberId::new(0),
            user_id: None,
            dedupe_key: String::new(),
            to_address: email.as_str().to_owned(),
            subject: t("subs-mail-confirm-subject"),
            text: format!("{heading}\n\n{intro}\n\n{url}\n\n{ignore}\n"),
            html,
            headers: Vec::new(),
            manage_token_hash: String::new(),
        }
    }

    /// One message to one subscriber about `posts`, with its own manage
    /// link (RFC 8058 one-click unsubscribe in the headers).
    fn subscription_message(
        &self,
        words: &MailWords,
        s: &Subscriber,
        key: String,
        subject: String,
        intro: &str,
        posts: &[PostLine],
    ) -> SubscriptionMail {
        let lang = words.lang;
        let token = random_token();
        let unsubscribe = self.subscription_url(lang, LinkKind::Unsubscribe, &token);
        let manage = self.subscription_url(lang, LinkKind::Manage, &token);
        let MailWords {
            read,
            why,
            stop,
            change,
            ..
        } = words;
        let mut text = String::new();
        if !intro.is_empty() {
            text.push_str(&format!("{intro}\n\n"));
        }
        for p in posts {
            text.push_str(&format!("{}\n\n", p.title));
            if !p.excerpt.is_empty() {
                text.push_str(&format!("{}\n\n", p.excerpt));
            }
            text.push_str(&format!("{read}: {}\n\n", p.url));
        }
        text.push_str(&format!(
            "-- \n{why}\n{stop}: {unsubscribe}\n{change}: {manage}\n"
        ));
        let items: Vec<MailItem<'_>> = posts
            .iter()
            .map(|p| MailItem {
                title: &p.title,
                excerpt: &p.excerpt,
                url: &p.url,
                link_text: read,
            })
            .collect();
        let html = mail_html(&MailPage {
            lang: lang.as_str(),
            heading: &subject,
            intro,
            items: &items,
            footer: &[
                (why, None),
                (stop, Some(&unsubscribe)),
                (change, Some(&manage)),
            ],
        });
        SubscriptionMail {
            subscriber_id: s.id,
            user_id: s.user_id,
            dedupe_key: key,
            to_address: s.email.clone(),
            subject,
            text,
            html,
            headers: vec![
                ("List-Unsubscribe".to_owned(), format!("<{unsubscribe}>")),
                (
                    "List-Unsubscribe-Post".to_owned(),
                    "List-Unsubscribe=One-Click".to_owned(),
                ),
            ],
            manage_token_hash: token_hash(&token),
        }
    }

    /// Whether `s` may get mail about `blog` now: a public blog's
    /// subscriber, or, for an internal blog, an active member of staff who
    /// may read it.
    async fn may_receive(&self, blog: &Blog, s: &Subscriber, now: i64) -> anyhow::Result<bool> {
        if !s.suppressed.is_empty() {
            return Ok(false);
        }
        if can(None, Action::Read, on_blog(blog)) {
            return Ok(true);
        }
        let Some(user_id) = s.user_id else {
            return Ok(false);
        };
        let user = match self.store.user(user_id).await {
            Ok(u) if !u.disabled => u,
            Ok(_) | Err(StoreError::NotFound) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let actor = self.store.actor(&user, now).await?;
        Ok(can(Some(&actor), Action::Read, on_blog(blog)))
    }

    /// At send time: may this subscription still get its message? (It may
    /// have been deleted, bounced, or its person may have left.)
    pub async fn may_mail_subscriber(&self, id: SubscriberId, now: i64) -> anyhow::Result<bool> {
        let s = match self.store.subscriber(id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let blog = self.store.blog(s.blog_id).await?;
        self.may_receive(&blog, &s, now).await
    }

    async fn post_line(&self, blog: &Blog, p: &lykta_store::Post) -> PostLine {
        let excerpt = if p.excerpt.trim().is_empty() {
            lykta_render::plain_text(&p.body, 300)
        } else {
            p.excerpt.trim().to_owned()
        };
        PostLine {
            title: p.title.clone(),
            excerpt,
            url: format!("{}/{}/{}", self.base_url, blog.slug, p.slug),
        }
    }

    /// A post was published: its message to every confirmed per-post
    /// subscriber of the blog who subscribed before it came out (once per
    /// subscriber and post), paced. Returns how many were queued.
    pub async fn mail_subscribers(
        &self,
        post_id: lykta_domain::PostId,
        now: i64,
    ) -> anyhow::Result<usize> {
        let post = self.store.post(post_id).await?.post;
        let (Some(published_at), lykta_domain::PostState::Published) =
            (post.published_at, post.state)
        else {
            return Ok(0);
        };
        let blog = self.store.blog(post.blog_id).await?;
        let line = self.post_line(&blog, &post).await;
        let subject = format!("{}: {}", blog.name, post.title);
        let words = MailWords::of(self, &blog);
        let mut mails = Vec::new();
        for s in self
            .store
            .subscribers_to_mail(blog.id, Frequency::Post, published_at)
            .await?
        {
            if !self.may_receive(&blog, &s, now).await? {
                continue;
            }
            let key = format!("subscription:{}:post:{}", s.id, post.id);
            let lines = std::slice::from_ref(&line);
            mails.push(self.subscription_message(&words, &s, key, subject.clone(), "", lines));
        }
        let n = self
            .store
            .queue_subscription_mails(&mails, self.subscription_rate, now)
            .await?;
        if n > 0 {
            tracing::info!(post = %post.id, messages = n, "post mailed to subscribers");
        }
        Ok(n)
    }

    /// The weekly digest to digest subscribers, from Monday 07:00 Swedish
    /// time: what each blog published in the seven days before; nothing
    /// when it published nothing. Once per subscriber and ISO week.
    pub async fn subscription_digests(&self, now: i64) -> anyhow::Result<usize> {
        let today = lykta_domain::stockholm_date(now);
        let monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        let since = lykta_domain::stockholm_instant(monday, 7, 0);
        if now < since {
            return Ok(0);
        }
        let (year, week, _) = today.to_iso_week_date();
        let mut queued = 0;
        for (blog_id, confirmed, _) in self.store.subscriber_counts().await? {
            if confirmed == 0 {
                continue;
            }
            let blog = self.store.blog(blog_id).await?;
            let mut posts: Vec<lykta_store::Post> = self
                .store
                .posts_of_blog(blog.id)
                .await?
                .into_iter()
                .map(|p| p.post)
                .filter(|p| {
                    p.state == lykta_domain::PostState::Published
                        && p.published_at
                            .is_some_and(|t| t >= since - 7 * 86_400 && t < since)
                })
                .collect();
            if posts.is_empty() {
                continue;
            }
            posts.sort_by_key(|p| p.published_at);
            let mut lines = Vec::new();
            for p in &posts {
                lines.push(self.post_line(&blog, p).await);
            }
            let args = [
                ("blog", blog.name.clone()),
                ("week", week.to_string()),
                ("count", posts.len().to_string()),
            ];
            let subject = self
                .cat
                .get(blog.language, "subs-mail-digest-subject", &args);
            let intro = self.cat.get(blog.language, "subs-mail-digest-intro", &args);
            let words = MailWords::of(self, &blog);
            let mut mails = Vec::new();
            for s in self
                .store
                .subscribers_to_mail(blog.id, Frequency::Weekly, now)
                .await?
            {
                if !self.may_receive(&blog, &s, now).await? {
                    continue;
                }
                let key = format!("subscription:{}:digest:{year}-W{week:02}", s.id);
                mails.push(self.subscription_message(
                    &words,
                    &s,
                    key,
                    subject.clone(),
                    &intro,
                    &lines,
                ));
            }
            queued += self
                .store
                .queue_subscription_mails(&mails, self.subscription_rate, now)
                .await?;
        }
        Ok(queued)
    }

    /// Forget subscriptions never confirmed.
    pub async fn purge_unconfirmed_subscriptions(&self, now: i64) -> anyhow::Result<u64> {
        Ok(self
            .store
            .purge_unconfirmed_subscribers(now - UNCONFIRMED_SECONDS)
            .await?)
    }
}
