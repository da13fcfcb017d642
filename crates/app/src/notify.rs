//! What Lykta tells people by e-mail, composed from the message catalogues
//! in the language the recipient chose on their profile (else the blog's,
//! or the organisation's) and queued in the outbox under a key that makes
//! each message go out once:
//! - a review step: reviewers hear of a submitted post, authors of the answer;
//! - a plan item assigned to someone, `reminder_days` before it is due;
//! - a weekly digest for each blog's editors, from Monday 07:00;
//! - comments past their response-time target, to moderators and editors.
//!
//! Everyone can switch each kind off on their profile page.

use lykta_domain::{iso_date, stockholm_date, BlogRole, Language, Role};
use lykta_domain::{BlogId, UserId};
use lykta_i18n::Catalogues;
use lykta_store::{OutgoingMail, Recipient, Store};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything needed to write a message.
#[derive(Clone)]
pub struct Composer {
    pub store: Store,
    pub cat: Arc<Catalogues>,
    /// Absolute, without a trailing slash.
    pub base_url: String,
    /// Subscription messages at most this many a minute (`subscription_mails_per_minute`).
    pub subscription_rate: i64,
}

/// How far ahead the digest and the reminders look.
const DIGEST_DAYS: i64 = 14;

impl Composer {
    fn text(&self, lang: Language, key: &str, args: &[(&str, String)]) -> String {
        self.cat.get(lang, key, args)
    }

    /// Queue one message to `to`, ending with where to change what one gets.
    async fn queue(
        &self,
        key: String,
        to: &Recipient,
        lang: Language,
        subject: String,
        body: String,
        now: i64,
    ) -> anyhow::Result<bool> {
        let footer = self.text(
            lang,
            "mail-footer",
            &[("url", format!("{}/admin/profile", self.base_url))],
        );
        let mail = OutgoingMail {
            dedupe_key: key,
            user_id: Some(to.id),
            to_address: to.email.clone(),
            to_name: to.name.clone(),
            subject,
            body: format!("{body}\n\n-- \n{footer}\n"),
        };
        Ok(self.store.queue_mail(&mail, now).await?)
    }

    /// Tell the people concerned about a review step.
    pub async fn review(&self, review_id: i64, now: i64) -> anyhow::Result<usize> {
        let (post_id, blog_id, event, note, actor) = self.store.review_entry(review_id).await?;
        let post = self.store.post(post_id).await?;
        let blog = self.store.blog(blog_id).await?;
        let lang = blog.language;
        let actor_name = match actor {
            Some(id) => self.store.user(id).await?.name,
            None => String::new(),
        };
        let (recipients, key) = match event.as_str() {
            "submitted" => {
                let mut r = self
                    .store
                    .blog_recipients(blog_id, &[BlogRole::Reviewer], now)
                    .await?;
                if r.is_empty() {
                    r = self
                        .store
                        .blog_recipients(blog_id, &[BlogRole::Editor], now)
                        .await?;
                }
                (r, "mail-review-submitted")
            }
            "approved" | "changes-requested" => {
                let mut r = Vec::new();
                for id in post.author_ids() {
                    if let Ok(p) = self.store.recipient(id).await {
                        r.push(p);
                    }
                }
                let key = if event == "approved" {
                    "mail-review-approved"
                } else {
                    "mail-review-changes"
                };
                (r, key)
            }
            _ => return Ok(0),
        };
        let args = [
            ("title", post.post.title.clone()),
            ("blog", blog.name.clone()),
            ("who", actor_name),
            ("note", note),
            (
                "url",
                format!("{}/admin/posts/{}", self.base_url, post.post.id),
            ),
        ];
        let mut queued = 0;
        for to in recipients
            .iter()
            .filter(|r| r.prefs.mail_reviews && Some(r.id) != actor)
        {
            let lang = to.language_or(lang);
            let subject = self.text(lang, &format!("{key}-subject"), &args);
            let body = self.text(lang, &format!("{key}-body"), &args);
            if self
                .queue(
                    format!("review:{review_id}:{}", to.id),
                    to,
                    lang,
                    subject,
                    body,
                    now,
                )
                .await?
            {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// Remind assignees of plan items due within their chosen number of
    /// days. A moved item is reminded of again for its new date.
    pub async fn plan_reminders(&self, now: i64) -> anyhow::Result<usize> {
        let today = stockholm_date(now);
        let until = today + time::Duration::days(30);
        let items = self
            .store
            .open_plan_items_due(None, &iso_date(today), &iso_date(until))
            .await?;
        let mut queued = 0;
        for due in items {
            let item = &due.item;
            let Some(assignee) = item.assignee_id else {
                continue;
            };
            let Ok(to) = self.store.recipient(assignee).await else {
                continue;
            };
            let Ok(date) = lykta_domain::parse_date(&item.due_on) else {
                continue;
            };
            let days_left = (date - today).whole_days();
            if !to.prefs.mail_reminders || days_left > to.prefs.reminder_days {
                continue;
            }
            let lang = to.language_or(Language::parse(&due.blog_language).unwrap_or(Language::Sv));
            let args = [
                ("title", item.title.clone()),
                ("blog", due.blog_name.clone()),
                ("date", item.due_on.clone()),
                ("days", days_left.to_string()),
                (
                    "url",
                    format!(
                        "{}/admin/blogs/{}/plan/{}",
                        self.base_url, item.blog_id, item.id
                    ),
                ),
            ];
            let subject = self.text(lang, "mail-reminder-subject", &args);
            let body = self.text(lang, "mail-reminder-body", &args);
            let key = format!("reminder:{}:{}:{}", item.id, item.due_on, to.id);
            if self.queue(key, &to, lang, subject, body, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// The weekly digest for editors: what waits for review, what is due in
    /// the next two weeks and what is overdue, per blog they edit. Due from
    /// Monday 07:00 Swedish time; one per person and ISO week.
    pub async fn weekly_digests(&self, now: i64) -> anyhow::Result<usize> {
        let today = stockholm_date(now);
        let monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        if now < lykta_domain::stockholm_instant(monday, 7, 0) {
            return Ok(0);
        }
        let (year, week, _) = today.to_iso_week_date();
        // Editors and the blogs they edit.
        let mut editors: BTreeMap<UserId, (Recipient, Vec<lykta_store::Blog>)> = BTreeMap::new();
        for blog in self.store.all_blogs().await? {
            for r in self
                .store
                .blog_recipients(blog.id, &[BlogRole::Editor], now)
                .await?
            {
                editors
                    .entry(r.id)
                    .or_insert_with(|| (r.clone(), Vec::new()))
                    .1
                    .push(blog.clone());
            }
        }
        let horizon = iso_date(today + time::Duration::days(DIGEST_DAYS));
        let mut queued = 0;
        for (id, (to, blogs)) in editors {
            if !to.prefs.mail_digest {
                continue;
            }
            let lang = to.language_or(blogs.first().map(|b| b.language).unwrap_or(Language::Sv));
            let ids: Vec<BlogId> = blogs.iter().map(|b| b.id).collect();
            let in_review = self.store.posts_in_review(&ids).await?;
            let items = self
                .store
                .open_plan_items_due(Some(&ids), "0000-01-01", &horizon)
                .await?;
            let mut body = self.text(lang, "mail-digest-intro", &[("week", week.to_string())]);
            for blog in &blogs {
                body.push_str(&format!("\n\n== {} ==\n", blog.name));
                let waiting: Vec<_> = in_review.iter().filter(|p| p.1 == blog.id).collect();
                let overdue: Vec<_> = items
                    .iter()
                    .filter(|i| i.item.blog_id == blog.id && i.item.due_on < iso_date(today))
                    .collect();
                let coming: Vec<_> = items
                    .iter()
                    .filter(|i| i.item.blog_id == blog.id && i.item.due_on >= iso_date(today))
                    .collect();
                let mut section = |key: &str, lines: Vec<String>| {
                    body.push_str(&format!(
                        "\n{} ({})\n",
                        self.text(lang, key, &[]),
                        lines.len()
                    ));
                    for l in lines {
                        body.push_str(&format!("- {l}\n"));
                    }
                };
                section(
                    "mail-digest-review",
                    waiting
                        .iter()
                        .map(|(pid, _, title)| {
                            format!("{title} <{}/admin/posts/{pid}>", self.base_url)
                        })
                        .collect(),
                );
                section(
                    "mail-digest-overdue",
                    overdue.iter().map(|i| plan_line(&i.item)).collect(),
                );
                section(
                    "mail-digest-coming",
                    coming.iter().map(|i| plan_line(&i.item)).collect(),
                );
            }
            let subject = self.text(lang, "mail-digest-subject", &[("week", week.to_string())]);
            let key = format!("digest:{id}:{year}-W{week:02}");
            if self.queue(key, &to, lang, subject, body, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }
}

impl Composer {
    /// Tell a blog's moderators and editors about comments past their
    /// response-time target, once per comment and kind.
    pub async fn escalations(&self, now: i64) -> anyhow::Result<usize> {
        let mut queued = 0;
        // Each blog read once per run.
        let mut blogs: BTreeMap<BlogId, lykta_store::Blog> = BTreeMap::new();
        // Targets are per blog, in working-day hours (at least one).
        for c in self.store.comments_needing_attention(now - 3600).await? {
            let blog = match blogs.get(&c.blog_id) {
                Some(b) => b,
                None => {
                    let b = self.store.blog(c.blog_id).await?;
                    blogs.entry(c.blog_id).or_insert(b)
                }
            };
            let age = lykta_domain::workdays::working_hours_between(c.created_at, now);
            let (kind, target) = if c.state == lykta_domain::CommentState::Pending {
                ("moderate", blog.moderation_hours)
            } else {
                ("answer", blog.answer_hours)
            };
            if age <= target {
                continue;
            }
            let lang = blog.language;
            let args = [
                ("blog", blog.name.clone()),
                ("post", c.post_title.clone()),
                ("who", c.author_name.clone()),
                ("hours", age.to_string()),
                ("target", target.to_string()),
                (
                    "url",
                    format!("{}/admin/comments?blog={}", self.base_url, blog.id),
                ),
            ];
            for to in self
                .store
                .blog_recipients(blog.id, &[BlogRole::Moderator, BlogRole::Editor], now)
                .await?
            {
                let lang = to.language_or(lang);
                let subject = self.text(lang, &format!("mail-escalate-{kind}-subject"), &args);
                let body = self.text(lang, &format!("mail-escalate-{kind}-body"), &args);
                let key = format!("escalate:{kind}:{}:{}", c.id, to.id);
                if self.queue(key, &to, lang, subject, body, now).await? {
                    queued += 1;
                }
            }
        }
        Ok(queued)
    }
}

impl Composer {
    /// Tell a blog's moderators and editors that its queue (or the queue
    /// of `post` in it) has just filled up and slow mode is on; at most once
    /// a day per place. Returns how many messages were queued.
    pub async fn slow_mode(
        &self,
        blog: &lykta_store::Blog,
        post: Option<&str>,
        count: i64,
        now: i64,
    ) -> anyhow::Result<usize> {
        let lang = blog.language;
        let place = post.map_or_else(|| blog.name.clone(), |title| format!("”{title}”"));
        let args = [
            ("blog", blog.name.clone()),
            ("where", place.clone()),
            ("count", count.to_string()),
            (
                "url",
                format!("{}/admin/comments?blog={}", self.base_url, blog.id),
            ),
        ];
        let day = lykta_domain::iso_date(lykta_domain::stockholm_date(now));
        let mut queued = 0;
        for to in self
            .store
            .blog_recipients(blog.id, &[BlogRole::Moderator, BlogRole::Editor], now)
            .await?
        {
            let lang = to.language_or(lang);
            let subject = self.text(lang, "mail-slow-mode-subject", &args);
            let body = self.text(lang, "mail-slow-mode-body", &args);
            let key = format!("slow:{}:{place}:{day}:{}", blog.id, to.id);
            if self.queue(key, &to, lang, subject, body, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }
}

impl Composer {
    /// Remind everyone who has not acknowledged the guidelines in force, a
    /// week after publication and then once a week, unless they switched
    /// reminders off.
    pub async fn guideline_reminders(&self, now: i64) -> anyhow::Result<usize> {
        let Some(v) = self.store.current_guideline().await? else {
            return Ok(0);
        };
        if v.published_at.is_none_or(|t| now - t < 7 * 86_400) {
            return Ok(0);
        }
        let (year, week, _) = stockholm_date(now).to_iso_week_date();
        let org_lang = self.org_language().await?;
        let args = [
            ("title", v.title.clone()),
            ("number", v.number.to_string()),
            (
                "url",
                format!("{}/admin/guidelines/{}", self.base_url, v.id),
            ),
        ];
        let mut queued = 0;
        for r in self.store.guideline_reach(v.id).await? {
            if r.acknowledged_at.is_some() {
                continue;
            }
            let Ok(to) = self.store.recipient(r.user_id).await else {
                continue;
            };
            if !to.prefs.mail_reminders {
                continue;
            }
            let lang = to.language_or(org_lang);
            let key = format!("guideline-reminder:{}:{}:{year}-W{week:02}", v.id, to.id);
            let subject = self.text(lang, "mail-guideline-reminder-subject", &args);
            let body = self.text(lang, "mail-guideline-reminder-body", &args);
            if self.queue(key, &to, lang, subject, body, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }
}

fn plan_line(i: &lykta_store::PlanItem) -> String {
    match &i.assignee_name {
        Some(who) => format!("{} {} ({who})", i.due_on, i.title),
        None => format!("{} {}", i.due_on, i.title),
    }
}

/// One invitation as its mail tells it.
pub struct InvitationMail<'a> {
    pub id: lykta_domain::InvitationId,
    pub to: &'a lykta_domain::Email,
    pub who: &'a str,
    pub blog: &'a lykta_store::Blog,
    pub role: BlogRole,
    pub expires_at: i64,
    /// The link's secret: only in this mail, never stored.
    pub token: &'a str,
}

impl Composer {
    /// The organisation's language (Swedish until it is set up).
    async fn org_language(&self) -> anyhow::Result<Language> {
        let org = self.store.organisation().await?;
        Ok(org.map_or(Language::Sv, |o| o.default_language))
    }

    /// Queue a message that carries no profile footer (its recipient may
    /// have no account yet, or cannot switch it off).
    async fn queue_plain(&self, mail: OutgoingMail, now: i64) -> anyhow::Result<bool> {
        Ok(self.store.queue_mail(&mail, now).await?)
    }

    /// The invitation to a blog's team, with its single-use link.
    pub async fn invitation(&self, i: &InvitationMail<'_>, now: i64) -> anyhow::Result<bool> {
        let lang = i.blog.language;
        let role = self.text(lang, &format!("blog-role-{}", i.role.as_str()), &[]);
        let args = [
            ("who", i.who.to_owned()),
            ("blog", i.blog.name.clone()),
            ("role", role.to_lowercase()),
            ("until", self.cat.date(lang, i.expires_at)),
            ("url", format!("{}/invitation/{}", self.base_url, i.token)),
        ];
        let mail = OutgoingMail {
            dedupe_key: format!("invitation:{}", i.id),
            user_id: None,
            to_address: i.to.as_str().to_owned(),
            to_name: String::new(),
            subject: self.text(lang, "mail-invitation-subject", &args),
            body: self.text(lang, "mail-invitation-body", &args),
        };
        self.queue_plain(mail, now).await
    }

    /// Ask everyone the guideline version `v` reaches to read and
    /// acknowledge it (once per person and version).
    pub async fn guideline_published(
        &self,
        v: &lykta_store::GuidelineVersion,
        now: i64,
    ) -> anyhow::Result<usize> {
        let lang = self.org_language().await?;
        let args = [
            ("title", v.title.clone()),
            ("number", v.number.to_string()),
            ("summary", v.summary.clone()),
            (
                "url",
                format!("{}/admin/guidelines/{}", self.base_url, v.id),
            ),
        ];
        let mut queued = 0;
        for r in self.store.guideline_reach(v.id).await? {
            let lang = self.store.user(r.user_id).await?.language().unwrap_or(lang);
            let mail = OutgoingMail {
                dedupe_key: format!("guideline:{}:{}", v.id, r.user_id),
                user_id: Some(r.user_id),
                to_address: r.email.clone(),
                to_name: r.name.clone(),
                subject: self.text(lang, "mail-guideline-subject", &args),
                body: self.text(lang, "mail-guideline-body", &args),
            };
            queued += usize::from(self.queue_plain(mail, now).await?);
        }
        Ok(queued)
    }

    /// Ask `units` to answer survey `survey`: each unit's managers, or
    /// everyone in a unit without one. A reminder (`Some(day)`) goes at
    /// most once a day. Returns how many messages were queued.
    pub async fn survey_asked(
        &self,
        survey: &lykta_store::Survey,
        units: &[lykta_domain::UnitId],
        reminder: Option<&str>,
        now: i64,
    ) -> anyhow::Result<usize> {
        let lang = self.org_language().await?;
        let people = self.store.users().await?;
        let managers = self.store.unit_managers().await?;
        let id = survey.id;
        let (key, subject) = match reminder {
            None => (format!("survey:{id}"), "mail-survey-subject"),
            Some(day) => (
                format!("survey-reminder:{id}:{day}"),
                "mail-survey-reminder-subject",
            ),
        };
        let mut queued = 0;
        for unit in self.store.units().await? {
            if !units.contains(&unit.id) {
                continue;
            }
            let args = [
                ("title", survey.title.clone()),
                ("unit", unit.name.clone()),
                ("intro", survey.intro.clone()),
                (
                    "url",
                    format!("{}/admin/surveys/{id}/units/{}", self.base_url, unit.id),
                ),
            ];
            for p in asked_in(unit.id, &people, &managers) {
                let lang = p.language().unwrap_or(lang);
                let mail = OutgoingMail {
                    dedupe_key: format!("{key}:{}:{}", unit.id, p.id),
                    user_id: Some(p.id),
                    to_address: p.email.clone(),
                    to_name: p.name.clone(),
                    subject: self.text(lang, subject, &args),
                    body: self.text(lang, "mail-survey-body", &args),
                };
                queued += usize::from(self.queue_plain(mail, now).await?);
            }
        }
        Ok(queued)
    }
}

/// Who is asked for a unit: its managers, or everyone in it when it has
/// none (people who have left are not asked).
pub fn asked_in<'a>(
    unit: lykta_domain::UnitId,
    people: &'a [lykta_store::User],
    managers: &[(lykta_domain::UnitId, UserId, String)],
) -> Vec<&'a lykta_store::User> {
    let ids: Vec<UserId> = managers
        .iter()
        .filter(|m| m.0 == unit)
        .map(|m| m.1)
        .collect();
    people
        .iter()
        .filter(|p| {
            !p.disabled
                && if ids.is_empty() {
                    p.unit_id == Some(unit)
                } else {
                    ids.contains(&p.id)
                }
        })
        .collect()
}

/// A person's address as an administrator changed it (`version`: the
/// person's version after the change, which keys the mail).
pub struct EmailChange<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub by: &'a str,
    pub version: i64,
}

impl Composer {
    /// A password-reset link, in the person's language (else the
    /// organisation's). The mail is kept in the outbox under the link's
    /// hash; its text (the link) is removed once sent.
    pub async fn password_reset(
        &self,
        to: &Recipient,
        token: &str,
        token_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> anyhow::Result<bool> {
        let lang = to.language_or(self.org_language().await?);
        let args = [
            ("name", to.name.clone()),
            ("url", format!("{}/reset-password/{token}", self.base_url)),
            ("minutes", ((expires_at - now) / 60).to_string()),
        ];
        self.queue_plain(
            OutgoingMail {
                dedupe_key: format!("password-reset:{token_hash}"),
                user_id: Some(to.id),
                to_address: to.email.clone(),
                to_name: to.name.clone(),
                subject: self.text(lang, "people-mail-reset-subject", &args),
                body: self.text(lang, "people-mail-reset-body", &args),
            },
            now,
        )
        .await
    }

    /// An administrator changed a person's e-mail address: a notice to the
    /// old address, in the person's language (else the organisation's).
    pub async fn email_changed(
        &self,
        to: &Recipient,
        change: &EmailChange<'_>,
        now: i64,
    ) -> anyhow::Result<bool> {
        let lang = to.language_or(self.org_language().await?);
        let args = [
            ("name", to.name.clone()),
            ("old", change.old.to_owned()),
            ("new", change.new.to_owned()),
            ("by", change.by.to_owned()),
        ];
        self.queue_plain(
            OutgoingMail {
                dedupe_key: format!("email-changed:{}:{}", to.id, change.version),
                user_id: Some(to.id),
                to_address: change.old.to_owned(),
                to_name: to.name.clone(),
                subject: self.text(lang, "people-mail-email-changed-subject", &args),
                body: self.text(lang, "people-mail-email-changed-body", &args),
            },
            now,
        )
        .await
    }

    /// For someone who signs in only through the organisation's identity
    /// provider and asked for a reset link: how they sign in instead (at
    /// most once an hour).
    pub async fn provider_sign_in(&self, to: &Recipient, now: i64) -> anyhow::Result<bool> {
        let lang = to.language_or(self.org_language().await?);
        let args = [
            ("name", to.name.clone()),
            ("url", format!("{}/sign-in", self.base_url)),
        ];
        self.queue_plain(
            OutgoingMail {
                dedupe_key: format!("password-reset-provider:{}:{}", to.id, now / 3600),
                user_id: Some(to.id),
                to_address: to.email.clone(),
                to_name: to.name.clone(),
                subject: self.text(lang, "people-mail-reset-subject", &args),
                body: self.text(lang, "people-mail-provider-body", &args),
            },
            now,
        )
        .await
    }

    /// An incident was reported: the communications team (administrators
    /// and communicators) hears of it at once, and the reporter gets a
    /// receipt with what happens next and `advice` — the playbook's, or,
    /// for a report without one, the general emergency advice. The mail
    /// carries the title and a link, never the description (it may be
    /// sensitive); the page shows it to those who may read it.
    pub async fn incident_reported(
        &self,
        i: &lykta_store::Incident,
        advice: Option<&str>,
        now: i64,
    ) -> anyhow::Result<usize> {
        let org = self.org_language().await?;
        let url = format!("{}/admin/incidents/{}", self.base_url, i.id);
        // Each person's mail in the language they chose.
        let args_in = |lang| {
            let kind = i
                .scenario_title
                .clone()
                .unwrap_or_else(|| self.text(lang, "incident-other", &[]));
            let sensitive = match i.sensitive {
                true => self.text(lang, "mail-incident-sensitive", &[]),
                false => String::new(),
            };
            [
                ("title", i.title.clone()),
                ("who", i.reporter_name.clone()),
                ("kind", kind),
                ("url", url.clone()),
                ("sensitive", sensitive),
            ]
        };
        let mut queued = 0;
        let mut reporter = None;
        for p in self.store.users().await? {
            if p.id == i.reporter_id {
                reporter = Some(p);
                continue;
            }
            if p.disabled || !matches!(p.role, Role::Admin | Role::Communicator) {
                continue;
            }
            let lang = p.language().unwrap_or(org);
            let args = args_in(lang);
            let mail = OutgoingMail {
                dedupe_key: format!("incident:{}:team:{}", i.id, p.id),
                user_id: Some(p.id),
                to_address: p.email.clone(),
                to_name: p.name.clone(),
                subject: self.text(lang, "mail-incident-team-subject", &args),
                body: self.text(lang, "mail-incident-team-body", &args),
            };
            queued += usize::from(self.queue_plain(mail, now).await?);
        }
        if let Some(p) = reporter {
            let lang = p.language().unwrap_or(org);
            let args = args_in(lang);
            let advice = match advice {
                Some(a) => a.to_owned(),
                None => self.text(lang, "incident-receipt-emergency", &[]),
            };
            let mut body = self.text(lang, "mail-incident-receipt-body", &args);
            body.push_str("\n\n");
            body.push_str(&self.text(lang, "incident-receipt-next", &[]));
            if !advice.trim().is_empty() {
                body.push_str("\n\n");
                body.push_str(advice.trim());
            }
            let mail = OutgoingMail {
                dedupe_key: format!("incident:{}:receipt", i.id),
                user_id: Some(p.id),
                to_address: p.email,
                to_name: p.name,
                subject: self.text(lang, "mail-incident-receipt-subject", &args),
                body: format!("{body}\n"),
            };
            queued += usize::from(self.queue_plain(mail, now).await?);
        }
        Ok(queued)
    }
}
