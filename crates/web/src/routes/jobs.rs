//! The dead letter, for administrators: jobs that failed their last attempt
//! (what they were for, how often they were tried, the last error), each to
//! be retried (pending again, attempts from zero; the worker is woken) or
//! discarded (kept as discarded, never run). Both are logged with who and
//! when, in the store.

use super::forms::Fields;
use super::staff::{admin_page, require, see_other};
use crate::error::AppResult;
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use lykta_app::jobs::JobDecision;
use lykta_domain::JobId;
use lykta_domain::{Action, Target};
use minijinja::context;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/jobs", get(jobs))
        .route("/admin/jobs/retry", post(retry))
        .route("/admin/jobs/discard", post(discard))
}

/// How many failed (and, separately, discarded) jobs the page lists.
const LISTED: i64 = 200;

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn jobs(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    require(&s, Action::ManageJobs, Target::Organisation)?;
    let done = match q.done.as_deref() {
        Some("retried") => "jobs-retried",
        Some("discarded") => "jobs-discarded-now",
        _ => "",
    };
    page(&state, &s, StatusCode::OK, done, "").await
}

async fn page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    done: &str,
    error: &str,
) -> AppResult<Response> {
    let ctx = context! {
        failed => state.store.dead_jobs(false, LISTED).await?,
        discarded => state.store.dead_jobs(true, LISTED).await?,
        pending => state.store.pending_job_count().await?,
        done => done,
        error => error,
    };
    admin_page(state, s, status, "admin/jobs.html", "admin-jobs", ctx).await
}

async fn retry(State(state): State<AppState>, Staff(s): Staff, body: Bytes) -> AppResult<Response> {
    decide(&state, &s, &body, JobDecision::Retry).await
}

async fn discard(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    decide(&state, &s, &body, JobDecision::Discard).await
}

async fn decide(
    state: &AppState,
    s: &SignedIn,
    body: &Bytes,
    decision: JobDecision,
) -> AppResult<Response> {
    require(s, Action::ManageJobs, Target::Organisation)?;
    let f = Fields::parse(body);
    let Ok(id) = f.get("job").trim().parse::<JobId>() else {
        return page(
            state,
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            "jobs-error-no-job",
        )
        .await;
    };
    state.app.decide_job(&s.actor, id, decision).await?;
    Ok(match decision {
        JobDecision::Retry => see_other("/admin/jobs?done=retried"),
        JobDecision::Discard => see_other("/admin/jobs?done=discarded"),
    })
}
