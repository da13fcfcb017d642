//! The background worker: runs due jobs from the job table (scheduled
//! publishing now; e-mail, syndication and federation later). Jobs survive a
//! restart because they live in the database; a job that fails is retried
//! with back-off; a leased job is run by one worker only.
#![forbid(unsafe_code)]

use lykta_domain::Clock;
use lykta_store::{Job, Store};
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
}

#[derive(serde::Deserialize)]
struct PublishPayload {
    post_id: i64,
}

/// How often the worker looks at the job table when nothing wakes it. Jobs
/// enqueued by this process wake it at once; this bounds the delay for jobs
/// enqueued by another node, and for time passing.
pub const POLL: Duration = Duration::from_secs(1);

impl Worker {
    pub fn new(store: Store, clock: Arc<dyn Clock>, on_change: OnChange) -> Self {
        Worker {
            store,
            clock,
            wake: Arc::new(Notify::new()),
            on_change,
        }
    }

    /// Ask the worker to look at the job table now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Run every job that is due now. Returns how many ran.
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let mut ran = 0;
        loop {
            let jobs = self.store.claim_due_jobs(self.clock.now(), 16).await?;
            if jobs.is_empty() {
                return Ok(ran);
            }
            for job in jobs {
                ran += 1;
                match self.run(&job).await {
                    Ok(()) => self.store.complete_job(job.id, self.clock.now()).await?,
                    Err(e) => {
                        tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, error = %format!("{e:#}"), "job failed; will retry");
                        self.store
                            .fail_job(&job, &format!("{e:#}"), self.clock.now())
                            .await?;
                    }
                }
            }
        }
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        match job.kind.as_str() {
            lykta_store::PUBLISH_JOB => {
                let p: PublishPayload = serde_json::from_str(&job.payload)?;
                if self
                    .store
                    .publish_if_due(p.post_id, self.clock.now())
                    .await?
                {
                    tracing::info!(post = p.post_id, "published on schedule");
                    (self.on_change)();
                }
                Ok(())
            }
            other => anyhow::bail!("unknown job kind {other:?}"),
        }
    }

    /// Run forever: at start (catching up on anything due while the server
    /// was down), whenever woken, and every [`POLL`].
    pub async fn run_forever(self) {
        loop {
            if let Err(e) = self.run_due().await {
                tracing::error!(error = %format!("{e:#}"), "job worker");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }
}
