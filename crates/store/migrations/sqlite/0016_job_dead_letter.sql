-- The dead letter. A job that fails its last attempt is parked: failed_at is
-- set (its last_error kept) and it is never claimed again. An administrator
-- retries it (pending again, attempts from zero) or discards it (kept, with
-- discarded_at set; never deleted). Who did which, and when, is in job_actions.
ALTER TABLE jobs ADD COLUMN failed_at INTEGER;
ALTER TABLE jobs ADD COLUMN discarded_at INTEGER;
CREATE INDEX jobs_failed ON jobs(failed_at);

CREATE TABLE job_actions (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    action TEXT NOT NULL CHECK (action IN ('retry', 'discard')),
    actor INTEGER NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX job_actions_job ON job_actions(job_id, at);
