//! Typed jobs: a job that keeps failing is parked after its last attempt and
//! never claimed again; administrators see it on /admin/jobs and retry it
//! (it runs again) or discard it (kept as discarded); rows queued by older
//! versions (raw kind + payload strings) still run.

use crate::helpers::{backends, spawn_app, spawn_with, spawn_with_smtp, TestApp, ADMIN, PASSWORD};
use lykta_domain::JobId;
use lykta_domain::{Clock, Email, Role, Slug};
use lykta_store::{Backend, DeadJob, Job, NewUser, OutgoingMail, MAX_BACKOFF_SECONDS};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Run SQL behind Lykta's back, as an older version (or an operator) would.
async fn sql(app: &TestApp, statement: &str) {
    let url = app.database_url();
    match app.backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(statement).execute(&pool).await.unwrap();
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(statement).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

/// A job as the job table has it: (kind, payload, attempts, done, failed, discarded).
async fn job_row(app: &TestApp, id: JobId) -> (String, String, i64, bool, bool, bool) {
    let q = "SELECT kind, payload, attempts, done_at IS NOT NULL, failed_at IS NOT NULL, discarded_at IS NOT NULL FROM jobs WHERE id = $1";
    let url = app.database_url();
    match app.backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let r = sqlx::query_as(q).bind(id).fetch_one(&pool).await.unwrap();
            pool.close().await;
            r
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let r = sqlx::query_as(q).bind(id).fetch_one(&pool).await.unwrap();
            pool.close().await;
            r
        }
    }
}

async fn newest_job_id(app: &TestApp) -> JobId {
    let q = "SELECT MAX(id) FROM jobs";
    let url = app.database_url();
    match app.backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query_scalar(q).fetch_one(&pool).await.unwrap()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query_scalar(q).fetch_one(&pool).await.unwrap()
        }
    }
}

/// The sending job of the message queued under `dedupe_key` (a worker's own
/// scans may queue other mail at the same moment, so "the newest job" is not
/// enough where a worker runs).
async fn mail_job_id(app: &TestApp, dedupe_key: &str) -> JobId {
    let q =
        "SELECT j.id FROM jobs j JOIN outbox o ON j.payload = '{\"outbox_id\":' || o.id || '}' \
             WHERE j.kind = 'send_mail' AND o.dedupe_key = $1";
    let url = app.database_url();
    match app.backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query_scalar(q)
                .bind(dedupe_key)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query_scalar(q)
                .bind(dedupe_key)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    }
}

async fn parked(app: &TestApp, id: JobId) -> Option<DeadJob> {
    let dead = app.state.store.dead_jobs(false, 500).await.unwrap();
    dead.into_iter().find(|j| j.id == id)
}

/// A mail server that refuses every connection (421) until it is told to
/// accept, and then takes every message — each only once it is no longer
/// held ([`FlakySmtp::hold`]).
struct FlakySmtp {
    url: String,
    accept: Arc<AtomicBool>,
    received: Arc<Mutex<Vec<String>>>,
    gate: Arc<Gate>,
}

/// Accepted sessions say they arrived, then wait while `held` is true
/// before greeting.
struct Gate {
    held: tokio::sync::watch::Sender<bool>,
    arrived: tokio::sync::Notify,
}

impl FlakySmtp {
    async fn start() -> FlakySmtp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let accept = Arc::new(AtomicBool::new(false));
        let received = Arc::new(Mutex::new(Vec::new()));
        let gate = Arc::new(Gate {
            held: tokio::sync::watch::Sender::new(false),
            arrived: tokio::sync::Notify::new(),
        });
        let (a, r, g) = (accept.clone(), received.clone(), gate.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (a, r, g) = (a.clone(), r.clone(), g.clone());
                tokio::spawn(async move {
                    let _ = smtp_session(stream, a, r, g).await;
                });
            }
        });
        FlakySmtp {
            url,
            accept,
            received,
            gate,
        }
    }

    /// Hold every session before its greeting (true) or let them go on.
    fn hold(&self, held: bool) {
        self.gate.held.send_replace(held);
    }

    /// Wait until a sender has connected.
    async fn arrival(&self) {
        self.gate.arrived.notified().await;
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

async fn smtp_session(
    stream: tokio::net::TcpStream,
    accept: Arc<AtomicBool>,
    received: Arc<Mutex<Vec<String>>>,
    gate: Arc<Gate>,
) -> std::io::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (rd, mut wr) = stream.into_split();
    if !accept.load(Ordering::SeqCst) {
        wr.write_all(b"421 mail.alvdal.example closed for maintenance\r\n")
            .await?;
        return Ok(());
    }
    gate.arrived.notify_one();
    let _ = gate.held.subscribe().wait_for(|held| !*held).await;
    wr.write_all(b"220 mail.alvdal.example ESMTP\r\n").await?;
    let mut lines = BufReader::new(rd).lines();
    let mut data: Option<String> = None;
    while let Some(line) = lines.next_line().await? {
        if let Some(text) = data.as_mut() {
            if line == "." {
                received.lock().unwrap().push(std::mem::take(text));
                data = None;
                wr.write_all(b"250 queued\r\n").await?;
            } else {
                text.push_str(&line);
                text.push('\n');
            }
            continue;
        }
        let verb = line
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" | "HELO" => wr.write_all(b"250 mail.alvdal.example\r\n").await?,
            "DATA" => {
                data = Some(String::new());
                wr.write_all(b"354 go ahead\r\n").await?
            }
            "QUIT" => {
                wr.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => wr.write_all(b"250 OK\r\n").await?,
        }
    }
    Ok(())
}

/// A mail that cannot go out is tried its maximum number of attempts with
/// back-off, then parked with its last error and never claimed again. The
/// administrator sees it, retries it once the mail server is back (it is
/// sent), and discards a job no version of Lykta knows (kept as discarded).
#[tokio::test]
async fn a_job_that_keeps_failing_is_parked_and_the_admin_retries_or_discards_it() {
    for backend in backends() {
        let smtp = FlakySmtp::start().await;
        let app = spawn_with_smtp(backend, &smtp.url).await;
        let store = &app.state.store;
        let queued = store
            .queue_mail(
                &OutgoingMail {
                    dedupe_key: "test:jobs:1".into(),
                    user_id: None,
                    to_address: "mottagare@alvdal.example".into(),
                    to_name: "Mottagare".into(),
                    subject: "Brev som fick vänta".into(),
                    body: "Hej!".into(),
                },
                app.clock.now(),
            )
            .await
            .unwrap();
        assert!(queued);
        let mail_job = mail_job_id(&app, "test:jobs:1").await;
        let (kind, payload, ..) = job_row(&app, mail_job).await;
        assert_eq!(kind, "send_mail");
        let outbox_id = store
            .outbox(50)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.dedupe_key == "test:jobs:1")
            .unwrap()
            .id;
        assert_eq!(payload, format!("{{\"outbox_id\":{outbox_id}}}"));
        // A kind no version knows, and a payload that does not read: both
        // parked at their first attempt, not retried.
        let now = app.clock.now();
        sql(&app, &format!("INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('syndicate', '{{\"post_id\":1}}', {now}, {now})")).await;
        let unknown_job = newest_job_id(&app).await;
        sql(&app, &format!("INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('publish_post', '{{\"post\":1}}', {now}, {now})")).await;
        let bad_payload_job = newest_job_id(&app).await;

        let max = Job::SendMail { outbox_id }.max_attempts();
        for attempt in 1..=max {
            assert!(
                parked(&app, mail_job).await.is_none(),
                "{backend:?}: not parked before attempt {attempt}"
            );
            app.state.worker.run_due().await.unwrap();
            let (_, _, attempts, done, ..) = job_row(&app, mail_job).await;
            assert_eq!(attempts, attempt, "{backend:?}: one attempt per run");
            assert!(!done);
            // Not due again before its back-off has passed…
            app.clock.advance(50);
            app.state.worker.run_due().await.unwrap();
            assert_eq!(job_row(&app, mail_job).await.2, attempt);
            // …and due after it (the back-off is capped).
            app.clock.advance(MAX_BACKOFF_SECONDS);
        }
        let dead = parked(&app, mail_job).await.expect("parked");
        assert_eq!(dead.attempts, max);
        assert!(!dead.last_error.is_empty(), "the last error is kept");
        assert_eq!(dead.mail_to.as_deref(), Some("mottagare@alvdal.example"));
        assert_eq!(dead.mail_subject.as_deref(), Some("Brev som fick vänta"));
        let unknown = parked(&app, unknown_job)
            .await
            .expect("unknown kind parked");
        assert_eq!(unknown.attempts, 1);
        assert!(!unknown.known);
        assert!(
            unknown.last_error.contains("syndicate"),
            "{}",
            unknown.last_error
        );
        let bad = parked(&app, bad_payload_job)
            .await
            .expect("bad payload parked");
        assert_eq!(bad.attempts, 1);
        // Never claimed again, however long one waits.
        app.clock.advance(30 * 86_400);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(job_row(&app, mail_job).await.2, max);
        assert_eq!(job_row(&app, unknown_job).await.2, 1);
        assert!(smtp.received().is_empty());

        // The administrator sees the dead letter.
        app.sign_in(ADMIN).await;
        let (status, html) = app.text("/admin/jobs").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Misslyckade jobb"));
        assert!(
            html.contains("Skicka e-post: till mottagare@alvdal.example, ”Brev som fick vänta”"),
            "{html}"
        );
        assert!(html.contains("Okänt jobb (syndicate)"), "{html}");
        assert!(html.contains(&format!("id=\"job-{mail_job}\"")));
        assert!(html.contains("name=\"job\""));
        assert!(html.contains("jobb väntar på att köras") || html.contains("Inga jobb väntar"));

        // The mail server is back: retry, and the mail goes out.
        smtp.accept.store(true, Ordering::SeqCst);
        let r = app
            .post("/admin/jobs/retry", &[("job", &mail_job.to_string())])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/admin/jobs?done=retried");
        let (_, _, attempts, done, failed, _) = job_row(&app, mail_job).await;
        assert_eq!((attempts, done, failed), (0, false, false), "pending again");
        assert!(parked(&app, mail_job).await.is_none());
        assert!(app.state.worker.run_due().await.unwrap() >= 1);
        let (_, _, attempts, done, ..) = job_row(&app, mail_job).await;
        assert_eq!((attempts, done), (1, true), "{backend:?}: it ran again");
        assert!(store
            .outbox_mail(outbox_id)
            .await
            .unwrap()
            .sent_at
            .is_some());
        let received = smtp.received();
        assert_eq!(
            received
                .iter()
                .filter(|m| m.contains("mottagare@alvdal.example"))
                .count(),
            1
        );
        // Deciding twice is refused.
        let r = app
            .post("/admin/jobs/retry", &[("job", &mail_job.to_string())])
            .await;
        assert_eq!(r.status(), 409);

        // Discard the job nobody knows: kept, as discarded, with who and when.
        let r = app
            .post("/admin/jobs/discard", &[("job", &unknown_job.to_string())])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/admin/jobs?done=discarded");
        app.state.worker.run_due().await.unwrap();
        let (kind, _, attempts, done, failed, discarded) = job_row(&app, unknown_job).await;
        assert_eq!(
            (kind.as_str(), attempts, done, failed, discarded),
            ("syndicate", 1, false, true, true),
            "discarded stays discarded"
        );
        let gone = store.dead_jobs(true, 50).await.unwrap();
        let d = gone
            .iter()
            .find(|j| j.id == unknown_job)
            .expect("discarded");
        assert_eq!(d.discarded_by.as_deref(), Some("Anna Lindqvist"));
        assert!(d.discarded_at.is_some());
        assert!(parked(&app, unknown_job).await.is_none());
        assert_eq!(
            app.post("/admin/jobs/retry", &[("job", &unknown_job.to_string())])
                .await
                .status(),
            409,
            "a discarded job cannot be retried"
        );
        let (_, html) = app.text("/admin/jobs?done=discarded").await;
        assert!(html.contains("Jobbet är kasserat"));
        assert!(html.contains("Kasserade jobb"));
        assert!(html.contains("<td>Anna Lindqvist</td>"), "{html}");
        // A form without a job is a 422 with a message; no such job a 404.
        let r = app.post("/admin/jobs/retry", &[("job", "")]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Välj ett jobb i listan."));
        assert_eq!(
            app.post("/admin/jobs/discard", &[("job", "99999999")])
                .await
                .status(),
            404
        );
    }
}

/// Rows queued the old way — raw kind and payload strings, before the enum —
/// still run after an upgrade.
#[tokio::test]
async fn jobs_queued_by_an_older_version_still_run() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let id = app
            .create_post("rontgenbloggen", "Från förr", "Ett schemalagt inlägg.")
            .await;
        let at = lykta_web::datetime_local(app.clock.now() + 3600);
        assert_eq!(app.set_state(id, "schedule", &at).await.status(), 303);
        // Take away the job this version queued, and queue one as the old
        // code did, with hand-written strings.
        sql(&app, "UPDATE jobs SET done_at = 0 WHERE done_at IS NULL").await;
        let now = app.clock.now();
        let due = now + 3600;
        sql(&app, &format!("INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('publish_post', '{{\"post_id\":{id}}}', {due}, {now})")).await;
        let old = newest_job_id(&app).await;
        assert_eq!(app.state.store.next_job_due().await.unwrap(), Some(due));
        app.clock.advance(3600 + 60);
        // The old row, and what publishing queues (its subscribers' mail).
        assert!(app.state.worker.run_due().await.unwrap() >= 1);
        let (_, _, attempts, done, failed, _) = job_row(&app, old).await;
        assert_eq!((attempts, done, failed), (1, true, false), "{backend:?}");
        let post = app.state.store.post(id).await.unwrap().post;
        assert_eq!(post.state, lykta_domain::PostState::Published);
    }
}

/// The page is the administrator's alone; the demo has nothing on it.
#[tokio::test]
async fn only_administrators_see_failed_jobs() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hash =
            lykta_app::secrets::hash_password(&lykta_domain::Password::parse(PASSWORD).unwrap())
                .unwrap();
        let email = Email::parse("kommunikator@alvdal.example").unwrap();
        let slug = Slug::normalise("kommunikator").unwrap();
        app.state
            .store
            .create_user(
                &NewUser {
                    email: &email,
                    slug: &slug,
                    name: "Kim Kommunikatör",
                    role: Role::Communicator,
                    title: "",
                    bio: "",
                    unit_id: None,
                    password_hash: Some(&hash),
                },
                1,
            )
            .await
            .unwrap();
        app.sign_in(ADMIN).await;
        let (status, html) = app.text("/admin/jobs").await;
        assert_eq!(status, 200);
        assert!(html.contains("<h1>Jobb</h1>"), "{html}");
        assert!(html.contains("Inga misslyckade jobb"), "{html}");
        assert!(html.contains("href=\"/admin/jobs\""), "in the navigation");
        app.sign_in("kommunikator@alvdal.example").await;
        assert_eq!(app.get("/admin/jobs").await.status(), 403);
        let (_, dashboard) = app.text("/admin").await;
        assert!(
            !dashboard.contains("href=\"/admin/jobs\""),
            "no link for them"
        );
        assert_eq!(
            app.post("/admin/jobs/retry", &[("job", "1")])
                .await
                .status(),
            403
        );
        assert_eq!(
            app.post("/admin/jobs/discard", &[("job", "1")])
                .await
                .status(),
            403
        );
    }
}

/// SIGTERM while the worker is handing a mail to the mail server: the node
/// stops taking connections at once and claims no other job (one queued
/// meanwhile stays pending for the next start, its attempts untouched), the
/// mail in flight goes out and its job is marked done, and the node stops
/// cleanly. Which mail is in flight is read from the outcome: the worker's
/// own reminder scan may queue one just before the test's.
#[tokio::test]
async fn a_stopping_node_finishes_the_job_it_runs_and_claims_no_other() {
    for backend in backends() {
        let smtp = FlakySmtp::start().await;
        smtp.accept.store(true, Ordering::SeqCst);
        smtp.hold(true);
        let mut app = spawn_with(backend, |s| {
            s.smtp_url = lykta_web::Secret(smtp.url.clone());
            s.mail_from = "Region Älvdal <noreply@alvdal.example>".into();
            s.worker = true;
        })
        .await;
        let store = app.state.store.clone();
        let sent = || async {
            let outbox = store.outbox(100).await.unwrap();
            outbox
                .into_iter()
                .filter(|m| m.sent_at.is_some())
                .map(|m| m.dedupe_key)
                .collect::<std::collections::BTreeSet<String>>()
        };
        let sent_before = sent().await;
        let mail = |key: &str, subject: &str| OutgoingMail {
            dedupe_key: key.into(),
            user_id: None,
            to_address: "mottagare@alvdal.example".into(),
            to_name: "Mottagare".into(),
            subject: subject.into(),
            body: "Hej!".into(),
        };
        assert!(store
            .queue_mail(
                &mail("test:shutdown:1", "Brevet som är på väg"),
                app.clock.now()
            )
            .await
            .unwrap());
        app.state.worker.wake();
        smtp.arrival().await;

        app.stop();
        // No new connections: the listener closes (polled, bounded).
        let addr = app.address.trim_start_matches("http://").to_owned();
        let mut closed = false;
        for _ in 0..500 {
            if tokio::net::TcpStream::connect(&addr).await.is_err() {
                closed = true;
                break;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(
            closed,
            "{backend:?}: still accepting connections after stop"
        );
        // A job queued now is not claimed by the stopping worker.
        assert!(store
            .queue_mail(
                &mail("test:shutdown:2", "Brevet som får vänta"),
                app.clock.now()
            )
            .await
            .unwrap());
        let queued_late = mail_job_id(&app, "test:shutdown:2").await;
        app.state.worker.wake();

        smtp.hold(false);
        tokio::time::timeout(std::time::Duration::from_secs(30), app.stopped())
            .await
            .expect("stopped within the grace period")
            .expect("stopped cleanly");

        // One message went out: the one in flight when told to stop (ours,
        // or a reminder the worker's own scan queued just before it).
        let received = smtp.received();
        assert_eq!(received.len(), 1, "{backend:?}: {received:?}");
        let sent: Vec<String> = sent().await.difference(&sent_before).cloned().collect();
        assert_eq!(sent.len(), 1, "{backend:?}: {sent:?}");
        let in_flight = mail_job_id(&app, &sent[0]).await;
        let (kind, _, attempts, done, failed, _) = job_row(&app, in_flight).await;
        assert_eq!(
            (kind.as_str(), attempts, done, failed),
            ("send_mail", 1, true, false),
            "{backend:?}: the mail in flight"
        );
        let (_, _, attempts, done, failed, _) = job_row(&app, queued_late).await;
        assert_eq!(
            (attempts, done, failed),
            (0, false, false),
            "{backend:?}: claimed after stop"
        );
    }
}
