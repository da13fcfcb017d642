//! Admission of anonymous submissions: the node takes at most
//! `anonymous_posts_per_minute` state-changing requests from people who are
//! not signed in (comments, reports, subscriptions, …), with bursts up to
//! `anonymous_posts_burst`, and as many sign-in attempts (`/sign-in…`,
//! `/reset-password/…`, `/invitation/…`) in a budget of their own, so a
//! comment flood never keeps the moderators from signing in. Past that a
//! request is refused
//! at once with 503 and `Retry-After`, before the database is asked anything
//! (a small form's body is read so the connection can be kept; the error page
//! is rendered once per content version, and the refusals are logged as a
//! count once a second). A flood from thousands of addresses then
//! costs the node little more than its refusals, so readers (served from the
//! page cache) and signed-in staff (who are never counted) keep their pace.
//! The per-address limits, the per-post and per-blog queue limits and slow
//! mode in the application layer still apply to what is admitted.

use crate::session::Viewer;
use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Mutex;
use std::time::Instant;

/// The node's two budgets.
pub struct Admission {
    submissions: Bucket,
    sign_ins: Bucket,
    refusals: Refusals,
}

/// Paths that sign people in (their own budget).
const SIGN_IN: [&str; 3] = ["/sign-in", "/reset-password/", "/invitation/"];

impl Admission {
    pub fn new(per_minute: u32, burst: u32) -> Admission {
        Admission {
            submissions: Bucket::new(per_minute, burst),
            sign_ins: Bucket::new(per_minute, burst),
            refusals: Refusals(Mutex::new((0, None))),
        }
    }

    /// Take a token from the budget `path` belongs to, if one is left.
    pub fn admit(&self, path: &str) -> bool {
        match SIGN_IN.iter().any(|p| path.starts_with(p)) {
            true => &self.sign_ins,
            false => &self.submissions,
        }
        .admit_at(Instant::now())
    }
}

/// A token bucket: `burst` tokens, refilled at `per_minute`.
struct Bucket {
    tokens: Mutex<(f64, Instant)>,
    per_second: f64,
    burst: f64,
}

impl Bucket {
    fn new(per_minute: u32, burst: u32) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket {
            tokens: Mutex::new((burst, Instant::now())),
            per_second: f64::from(per_minute) / 60.0,
            burst,
        }
    }

    fn admit_at(&self, now: Instant) -> bool {
        let Ok(mut b) = self.tokens.lock() else {
            return true;
        };
        let (tokens, since) = *b;
        let refilled = (tokens
            + now.saturating_duration_since(since).as_secs_f64() * self.per_second)
            .min(self.burst);
        if refilled >= 1.0 {
            *b = (refilled - 1.0, now);
            true
        } else {
            *b = (refilled, now);
            false
        }
    }
}

/// The middleware: anonymous state-changing requests take a token or get 503.
pub async fn admit_anonymous(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // The viewer is kept in the request, so the handler does not look it up again.
    let signed_in = Viewer::from_request_parts(&mut parts, &state)
        .await
        .is_ok_and(|v| v.0.is_some());
    if !signed_in && !state.admission.admit(parts.uri.path()) {
        if let Some(refused) = state.admission.refusals.count_at(Instant::now()) {
            tracing::warn!(
                refused,
                "anonymous submissions over the node's rate: answered 503"
            );
        }
        let mut res = crate::error::AppError::Busy.into_response();
        // A small form's body is read, so the connection serves the next
        // request (a new connection for every refusal costs the node more);
        // a larger or unannounced one is not, and the connection closes.
        let small = parts
            .headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
            .is_some_and(|n| n <= DRAINED_BYTES);
        let drained = small
            && tokio::time::timeout(DRAIN_TIME, axum::body::to_bytes(body, DRAINED_BYTES))
                .await
                .is_ok_and(|read| read.is_ok());
        if !drained {
            res.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
        }
        return res;
    }
    next.run(Request::from_parts(parts, body)).await
}

/// A refused request's body is read (to keep its connection) up to this size…
const DRAINED_BYTES: usize = 16 * 1024;
/// … and for at most this long.
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_millis(500);

/// Counts refusals and says, at most once a second, how many there were:
/// a flood does not become a flood of log lines.
struct Refusals(Mutex<(u64, Option<Instant>)>);

impl Refusals {
    /// Count one; `Some(n)` when it is time to log the `n` since last time.
    fn count_at(&self, now: Instant) -> Option<u64> {
        let mut r = self.0.lock().ok()?;
        r.0 += 1;
        match r.1 {
            Some(last)
                if now.saturating_duration_since(last) < std::time::Duration::from_secs(1) =>
            {
                None
            }
            _ => {
                let n = r.0;
                *r = (0, Some(now));
                Some(n)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn refusals_are_logged_at_most_once_a_second_with_their_count() {
        let r = Refusals(Mutex::new((0, None)));
        let t = Instant::now();
        assert_eq!(r.count_at(t), Some(1), "the first is logged");
        assert_eq!(r.count_at(t + Duration::from_millis(10)), None);
        assert_eq!(r.count_at(t + Duration::from_millis(900)), None);
        assert_eq!(r.count_at(t + Duration::from_millis(1000)), Some(3));
    }

    #[test]
    fn a_burst_is_admitted_then_the_rate() {
        let a = Bucket::new(60, 3);
        let t = Instant::now();
        assert!((0..3).all(|_| a.admit_at(t)), "the burst");
        assert!(!a.admit_at(t), "past the burst");
        assert!(!a.admit_at(t + Duration::from_millis(500)), "half a token");
        assert!(a.admit_at(t + Duration::from_millis(1000)), "one a second");
        assert!(!a.admit_at(t + Duration::from_millis(1100)));
        assert!(
            (0..3).all(|_| a.admit_at(t + Duration::from_secs(60))),
            "a quiet minute refills the burst, no more"
        );
        assert!(!a.admit_at(t + Duration::from_secs(60)));
    }
}
