//! The background worker: runs due jobs from the job table (scheduled
//! publishing, e-mail), and now and then looks for reminders and digests to
//! send ([`notify`]). Jobs survive a restart because they live in the
//! database; each row is decoded once into a [`Job`] and matched
//! exhaustively; a job that fails is retried with back-off until its
//! [`Job::max_attempts`], then parked in the dead letter (Admin → Jobs); a
//! row that does not decode is parked at once; a leased job is run by one
//! worker only. [`Worker::stop`] makes it finish the job it is running and
//! claim no other.
#![forbid(unsafe_code)]

use lykta_domain::{JobId, MailId};

pub use lykta_app::notify::Composer;

use lykta_domain::Clock;
use lykta_store::{Failed, Job, JobRow, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Told after each job that changed what readers see.
pub type OnChange = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
pub struct Worker {
    store: Store,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    on_change: OnChange,
    composer: Composer,
    /// None: no SMTP server configured; messages stay in the outbox.
    mailer: Option<lykta_mail::Mailer>,
    /// What may be disposed of, and when.
    disposal_rules: Vec<lykta_store::record::DisposalRule>,
    /// When the loop last came round (Unix seconds, wall clock; 0: never).
    beat: Arc<std::sync::atomic::AtomicI64>,
    /// Set by [`Worker::stop`]: claim nothing more.
    stopping: Arc<AtomicBool>,
    /// The use cases that deliver posts to connected channels and fetch
    /// their replies (none: deliveries wait).
    syndication: Option<lykta_app::App>,
}

/// How long one worker may take to hand a message to the SMTP server
/// (longer than the mailer's connect and send timeouts together).
pub const MAIL_CLAIM_SECONDS: i64 = 120;

/// How often the worker looks for reminders and digests that are due.
pub const HOUSEKEEPING: Duration = Duration::from_secs(60);

/// How many lanes of claimed jobs run at once: one per channel with
/// deliveries, and one for every other job (see [`Worker::run_due`]).
pub const LANES_IN_FLIGHT: usize = 8;

/// How often the worker looks at the job table when nothing wakes it. Jobs
/// enqueued by this process wake it at once; this bounds the delay for jobs
/// enqueued by another node, and for time passing.
pub const POLL: Duration = Duration::from_secs(1);

/// Mail cannot go out: no `smtp_url` is set. The message waits in the outbox.
#[derive(Debug, thiserror::Error)]
#[error("no SMTP server configured (smtp_url)")]
struct NoMailServer;

impl Worker {
    pub fn new(
        clock: Arc<dyn Clock>,
        on_change: OnChange,
        composer: Composer,
        mailer: Option<lykta_mail::Mailer>,
        disposal_rules: Vec<lykta_store::record::DisposalRule>,
    ) -> Self {
        if mailer.is_none() {
            // Said once here, not at every attempt to send.
            tracing::info!("no smtp_url: e-mail waits in Admin → Outbox and is sent once a mail server is configured");
        }
        Worker {
            store: composer.store.clone(),
            clock,
            wake: Arc::new(Notify::new()),
            on_change,
            composer,
            mailer,
            disposal_rules,
            beat: Arc::new(std::sync::atomic::AtomicI64::new(0)),
            stopping: Arc::new(AtomicBool::new(false)),
            syndication: None,
        }
    }

    /// Deliver posts to connected channels and fetch their replies through `app`.
    pub fn with_syndication(mut self, app: lykta_app::App) -> Self {
        self.syndication = Some(app);
        self
    }

    fn syndication(&self) -> anyhow::Result<&lykta_app::App> {
        self.syndication
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("this worker does not deliver to channels"))
    }

    /// Stop: the job running now is finished, no other job is claimed, jobs
    /// claimed but not started are handed back at once, and
    /// [`Worker::run_until_stopped`] returns. (Were the process to end before
    /// the running job is done, its lease runs out and a worker runs it
    /// again: nothing is lost.)
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// How many seconds ago the loop last came round; `None` if it never
    /// ran (no worker in this process). A stuck worker's age keeps growing.
    pub fn beat_age(&self) -> Option<i64> {
        let at = self.beat.load(std::sync::atomic::Ordering::Relaxed);
        (at > 0).then(|| wall_clock() - at)
    }

    /// Dispose of what the disposal rules allow and forget unconfirmed
    /// subscriptions, then queue the plan reminders, weekly digests (editors'
    /// and subscribers'), and escalations that are due now (each message at
    /// most once), and send them. Returns how many were queued.
    pub async fn housekeeping(&self) -> anyhow::Result<usize> {
        let now = self.clock.now();
        for rule in &self.disposal_rules {
            let n = self
                .store
                .dispose(rule, now - rule.after_days * 86_400, now)
                .await?;
            if n > 0 {
                tracing::info!(rule = %rule.name, entries = n, "disposed of by rule");
            }
        }
        if let Some(app) = &self.syndication {
            // A platform that does not answer delays only its own replies.
            if let Err(e) = app.fetch_replies().await {
                tracing::error!(error = %format!("{e:#}"), "fetching replies from channels");
            }
        }
        let forgotten = self.composer.purge_unconfirmed_subscriptions(now).await?;
        if forgotten > 0 {
            tracing::info!(
                subscriptions = forgotten,
                "unconfirmed subscriptions forgotten"
            );
        }
        let queued = self.composer.plan_reminders(now).await?
            + self.composer.weekly_digests(now).await?
            + self.composer.escalations(now).await?
            + self.composer.guideline_reminders(now).await?
            + self.composer.subscription_digests(now).await?;
        if queued > 0 {
            self.run_due().await?;
        }
        Ok(queued)
    }

    /// Ask the worker to look at the job table now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Run every job that is due now (until [`Worker::stop`]). Returns how
    /// many ran (parked ones included).
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let mut ran = 0;
        while !self.is_stopping() {
            let jobs = self.store.claim_due_jobs(self.clock.now(), 16).await?;
            if jobs.is_empty() {
                break;
            }
            ran += self.run_claimed(jobs).await?;
        }
        Ok(ran)
    }

    /// Run the jobs just claimed, in lanes: each channel's deliveries one
    /// after another in a lane of their own, every other job in one lane;
    /// the lanes side by side, at most [`LANES_IN_FLIGHT`] at once. So a
    /// platform that is slow to answer holds up only its own spoke, and ten
    /// channels take about as long as the slowest. Jobs a lane had not
    /// started when told to stop are handed back.
    async fn run_claimed(&self, jobs: Vec<JobRow>) -> anyhow::Result<usize> {
        let mut lanes = self.lanes(jobs).await?.into_iter();
        let mut running = tokio::task::JoinSet::new();
        let (mut ran, mut unstarted, mut first_error) = (0, Vec::new(), None);
        loop {
            while running.len() < LANES_IN_FLIGHT {
                let Some(lane) = lanes.next() else { break };
                let worker = self.clone();
                running.spawn(async move { worker.run_lane(lane).await });
            }
            let Some(done) = running.join_next().await else {
                break;
            };
            match done.map_err(anyhow::Error::from) {
                Ok(Ok((n, rest))) => {
                    ran += n;
                    unstarted.extend(rest);
                }
                // The other lanes finish what they run; the error is told after.
                Ok(Err(e)) | Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if !unstarted.is_empty() {
            self.store.release_jobs(&unstarted).await?;
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(ran),
        }
    }

    /// The claimed jobs in lanes, in the order claimed: one lane per
    /// channel for deliveries, one for everything else.
    async fn lanes(&self, jobs: Vec<JobRow>) -> anyhow::Result<Vec<Vec<JobRow>>> {
        let delivery = |row: &JobRow| match row.decode() {
            Ok(Job::Deliver { delivery_id }) => Some(delivery_id),
            _ => None,
        };
        let ids: Vec<_> = jobs.iter().filter_map(delivery).collect();
        let channels = self.store.delivery_channels(&ids).await?;
        let mut lanes: Vec<(Option<lykta_domain::ChannelId>, Vec<JobRow>)> = Vec::new();
        for row in jobs {
            let lane = delivery(&row).and_then(|id| channels.get(&id).copied());
            match lanes.iter_mut().find(|(l, _)| *l == lane) {
                Some((_, rows)) => rows.push(row),
                None => lanes.push((lane, vec![row])),
            }
        }
        Ok(lanes.into_iter().map(|(_, rows)| rows).collect())
    }

    /// Run one lane's jobs one after another (until [`Worker::stop`]):
    /// how many ran, and the ids of those it did not start.
    async fn run_lane(&self, lane: Vec<JobRow>) -> anyhow::Result<(usize, Vec<JobId>)> {
        let mut ran = 0;
        let mut rows = lane.into_iter();
        while let Some(row) = rows.next() {
            if self.is_stopping() {
                let unstarted = std::iter::once(row.id).chain(rows.map(|r| r.id)).collect();
                return Ok((ran, unstarted));
            }
            ran += 1;
            let (max_attempts, outcome) = match row.decode() {
                Ok(job) if row.attempts > job.max_attempts() => (
                    job.max_attempts(),
                    // Claimed again after its last attempt's lease ran
                    // out (the worker stopped mid-run): not run again.
                    Err(anyhow::anyhow!(
                        "gave up: the last attempt did not finish in time"
                    )),
                ),
                Ok(job) => (job.max_attempts(), self.run_job(job).await),
                Err(e) => (lykta_store::UNDECODABLE_ATTEMPTS, Err(e.into())),
            };
            match outcome {
                Ok(()) => self.store.complete_job(row.id, self.clock.now()).await?,
                Err(e) => self.failed(&row, max_attempts, &e).await?,
            }
        }
        Ok((ran, Vec::new()))
    }

    async fn failed(
        &self,
        row: &JobRow,
        max_attempts: i64,
        e: &anyhow::Error,
    ) -> anyhow::Result<()> {
        let error = format!("{e:#}");
        let wait = e
            .downcast_ref::<lykta_store::RetryAfter>()
            .map_or(0, |r| r.seconds);
        let outcome = self
            .store
            .fail_job_after(row, max_attempts, &error, self.clock.now(), wait)
            .await?;
        if let (Failed::Parked, Ok(Job::Deliver { delivery_id })) = (outcome, row.decode()) {
            // Out of attempts: the delivery shows as failed, with a retry button.
            self.store
                .delivery_gave_up(delivery_id, self.clock.now())
                .await?;
        }
        if let (Failed::Parked, Ok(Job::ActOnComment { action_id })) = (outcome, row.decode()) {
            // Out of attempts: shown beside the comment as failed.
            self.store
                .finish_comment_action(action_id, "failed", &error, "", self.clock.now())
                .await?;
        }
        // Without a mail server every message waits; the start said so once.
        let expected = e.is::<NoMailServer>();
        match outcome {
            Failed::RetryAt(at) if expected => {
                tracing::debug!(job = %row.id, retry_at = at, "mail waits for smtp_url")
            }
            Failed::Parked if expected => {
                tracing::info!(job = %row.id, "mail waited its attempts for smtp_url; parked (Admin → Jobs)")
            }
            Failed::RetryAt(at) => {
                tracing::warn!(job = %row.id, kind = %row.kind, attempts = row.attempts, max_attempts, retry_at = at, %error, "job failed; will retry")
            }
            Failed::Parked => {
                tracing::error!(job = %row.id, kind = %row.kind, attempts = row.attempts, %error, "job failed its last attempt; parked as failed (Admin → Jobs)")
            }
        }
        Ok(())
    }

    async fn run_job(&self, job: Job) -> anyhow::Result<()> {
        match job {
            Job::PublishPost { post_id } => {
                if self.store.publish_if_due(post_id, self.clock.now()).await? {
                    tracing::info!(post = %post_id, "published on schedule");
                    (self.on_change)();
                }
                Ok(())
            }
            Job::NotifyReview { review_id } => {
                self.composer.review(review_id, self.clock.now()).await?;
                Ok(())
            }
            Job::SendMail { outbox_id } => self.send_mail(outbox_id).await,
            Job::MailSubscribers { post_id } => {
                self.composer
                    .mail_subscribers(post_id, self.clock.now())
                    .await?;
                Ok(())
            }
            Job::Deliver { delivery_id } => self.syndication()?.deliver(delivery_id).await,
            Job::ActOnComment { action_id } => self.syndication()?.act_on_comment(action_id).await,
        }
    }

    /// Send one outbox message unless it was sent already. A failure is
    /// recorded on the message and the job is retried (until its last
    /// attempt; then an administrator may retry it from Admin → Jobs).
    /// A subscription message whose subscription is gone (unsubscribed,
    /// bounced, its person left) is dropped instead; so is one whose row was
    /// deleted with its subscription.
    async fn send_mail(&self, id: MailId) -> anyhow::Result<()> {
        let m = match self.store.outbox_mail(id).await {
            Ok(m) => m,
            Err(lykta_store::StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if m.sent_at.is_some() {
            return Ok(());
        }
        if let Some(subscriber) = m.subscriber_id {
            if !self
                .composer
                .may_mail_subscriber(subscriber, self.clock.now())
                .await?
            {
                self.store.drop_unsent_mail(id).await?;
                tracing::info!(outbox = %id, "subscription mail dropped: the subscription may no longer get it");
                return Ok(());
            }
        }
        let Some(mailer) = &self.mailer else {
            // Kept, and tried again later (with back-off), so setting
            // smtp_url afterwards sends what waited (within the attempts;
            // after them, retried from Admin → Jobs).
            self.store
                .mark_mail_failed(id, &NoMailServer.to_string())
                .await?;
            return Err(NoMailServer.into());
        };
        let now = self.clock.now();
        if !self
            .store
            .claim_mail(id, now + MAIL_CLAIM_SECONDS, now)
            .await?
        {
            // Another worker is sending it; try again later to see it done.
            anyhow::bail!("being sent by another worker");
        }
        let mail = lykta_mail::Mail {
            to: m.to_address.clone(),
            to_name: m.to_name.clone(),
            subject: m.subject.clone(),
            text: m.body.clone(),
            message_id: format!("{}@lykta", m.dedupe_key.replace(':', ".")),
            html: (!m.html.is_empty()).then(|| m.html.clone()),
            headers: m.extra_headers(),
        };
        match mailer.send(&mail).await {
            Ok(()) => {
                self.store.mark_mail_sent(id, self.clock.now()).await?;
                tracing::info!(outbox = %id, "mail sent");
                Ok(())
            }
            Err(e) => {
                self.store.mark_mail_failed(id, &e.to_string()).await?;
                Err(e.into())
            }
        }
    }

    /// Run until [`Worker::stop`]: at start (catching up on anything due
    /// while the server was down), whenever woken, when the next job is due,
    /// and at least every [`POLL`]; reminders and digests every
    /// [`HOUSEKEEPING`]. Returns once the job running when told to stop is
    /// done.
    pub async fn run_until_stopped(self) {
        let mut last_housekeeping: Option<tokio::time::Instant> = None;
        while !self.is_stopping() {
            self.beat
                .store(wall_clock(), std::sync::atomic::Ordering::Relaxed);
            if let Err(e) = self.run_due().await {
                tracing::error!(error = %format!("{e:#}"), "job worker");
            }
            if self.is_stopping() {
                break;
            }
            if last_housekeeping.is_none_or(|t| t.elapsed() >= HOUSEKEEPING) {
                last_housekeeping = Some(tokio::time::Instant::now());
                if let Err(e) = self.housekeeping().await {
                    tracing::error!(error = %format!("{e:#}"), "reminders and digests");
                }
            }
            let pause = match self.store.next_job_due().await {
                Ok(Some(at)) => {
                    let wait = u64::try_from(at - self.clock.now()).unwrap_or(0);
                    POLL.min(Duration::from_secs(wait))
                }
                _ => POLL,
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }
}

/// Seconds since the Unix epoch by the machine's clock (not the injected
/// one: the heartbeat measures this process, not the content's time).
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
