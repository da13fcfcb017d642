//! The dead letter: an administrator retries a job that failed its last
//! attempt (pending again, attempts from zero) or discards it (kept, never
//! run). Both are logged with who and when.

use crate::{require, App, Error, Result};
use lykta_domain::{Action, Actor, JobId, Target};
use lykta_store::StoreError;

/// What becomes of a failed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobDecision {
    Retry,
    Discard,
}

impl App {
    /// Retry or discard a failed job; refused if it was decided in between
    /// (another tab, another administrator).
    pub async fn decide_job(&self, actor: &Actor, id: JobId, d: JobDecision) -> Result<()> {
        require(actor, Action::ManageJobs, Target::Organisation)?;
        let now = self.now();
        let done = match d {
            JobDecision::Retry => self.store.retry_job(id, actor.user_id, now).await,
            JobDecision::Discard => self.store.discard_job(id, actor.user_id, now).await,
        };
        match done {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-job-decided")),
            Err(e) => Err(e.into()),
            Ok(()) => {
                if d == JobDecision::Retry {
                    self.wake_worker();
                }
                Ok(())
            }
        }
    }
}
