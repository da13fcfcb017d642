//! The worker killed in the middle of a delivery, at the platform level: the
//! platform has stored the post, Lykta has not heard so yet — the reference
//! PDS behind a proxy that holds its answer to `createRecord`, the Facebook
//! and LinkedIn fake holding or dropping its answer after storing the post.
//! The worker is killed right there (its task aborted mid-request: the job
//! keeps its lease, the delivery stays queued) and started again once the
//! lease has run out. Nothing is posted twice, nothing is lost. (Mastodon
//! dedupes by its `Idempotency-Key`: `syndication.rs`.)

use crate::helpers::*;
use crate::syndication::{delivery_state, post_for, publish};
use lykta_store::DeliveryState;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Run the worker until `stored` says the platform has the post, then kill
/// it there; check that the delivery is still waiting (nothing recorded,
/// nothing lost).
async fn kill_after_the_platform_wrote<F, Fut>(app: &TestApp, post: lykta_domain::PostId, stored: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let worker = app.state.worker.clone();
    let running = tokio::spawn(async move { worker.run_due().await });
    let start = Instant::now();
    while !stored().await {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the platform never got the post"
        );
        assert!(
            !running.is_finished(),
            "the worker finished: {:?}",
            running.await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    running.abort();
    assert!(running.await.unwrap_err().is_cancelled(), "killed");
    let d = delivery_state(app, post).await;
    assert_eq!(d.state, DeliveryState::Queued, "not recorded, not lost");
    assert!(d.remote_id.is_none());
}

/// The worker started again: the killed job's lease runs out, it runs again.
async fn restart(app: &TestApp) {
    app.clock.advance(lykta_store::LEASE_SECONDS + 1);
    app.state.worker.run_due().await.unwrap();
}

/// A proxy in front of a platform that holds back its answer to requests
/// for `path` (after passing them on) while `hold` is set.
struct HoldingProxy {
    url: String,
    hold: Arc<AtomicBool>,
    passed: Arc<AtomicBool>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for HoldingProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl HoldingProxy {
    async fn start(target: &str, path: &'static str) -> HoldingProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (hold, passed) = (
            Arc::new(AtomicBool::new(true)),
            Arc::new(AtomicBool::new(false)),
        );
        let target = target.to_owned();
        let http = reqwest::Client::new();
        let (h, p) = (hold.clone(), passed.clone());
        let forward = move |req: axum::extract::Request| {
            let (target, http, hold, passed) = (target.clone(), http.clone(), h.clone(), p.clone());
            async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
                let pq = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
                let mut headers = parts.headers.clone();
                headers.remove("host");
                let answer = http
                    .request(parts.method.clone(), format!("{target}{pq}"))
                    .headers(headers)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = answer.status();
                let mut headers = answer.headers().clone();
                let bytes = answer.bytes().await.unwrap();
                if parts.uri.path() == path && hold.load(Ordering::SeqCst) {
                    // Stored on the platform; the answer never comes.
                    passed.store(true, Ordering::SeqCst);
                    std::future::pending::<()>().await;
                }
                headers.remove("transfer-encoding");
                let mut r = axum::response::Response::new(axum::body::Body::from(bytes));
                *r.status_mut() = status;
                *r.headers_mut() = headers;
                r
            }
        };
        let server = tokio::spawn(async move {
            axum::serve(listener, axum::Router::new().fallback(forward))
                .await
                .unwrap();
        });
        HoldingProxy {
            url,
            hold,
            passed,
            server,
        }
    }
}

#[tokio::test]
async fn a_worker_killed_after_bluesky_stored_the_post_posts_it_once() {
    use crate::bluesky::{BlueskyPeer, HANDLE, MAIN_PASSWORD};
    for backend in backends() {
        let Some(peer) = BlueskyPeer::start(false, None).await else {
            return;
        };
        let (did, _) = peer.account(HANDLE, MAIN_PASSWORD).await;
        let app_password = peer.app_password("lykta").await;
        let proxy = HoldingProxy::start(&peer.url, "/xrpc/com.atproto.repo.createRecord").await;
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = crate::bluesky::bluesky_channel(&app).await;
        let r = crate::bluesky::connect_at(&app, &proxy.url, channel, &app_password).await;
        assert_eq!(r.status(), 303);
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        publish(&app, post).await;

        kill_after_the_platform_wrote(&app, post, || async { proxy.passed.load(Ordering::SeqCst) })
            .await;
        assert_eq!(peer.posts(&did).await.len(), 1, "stored before the kill");
        // Were it to post again, now it could.
        proxy.hold.store(false, Ordering::SeqCst);
        restart(&app).await;

        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        let posts = peer.posts(&did).await;
        assert_eq!(posts.len(), 1, "exactly once");
        assert_eq!(
            d.remote_id.as_deref(),
            posts[0]["uri"].as_str(),
            "that copy"
        );
    }
}

#[tokio::test]
async fn a_worker_killed_after_facebook_or_linkedin_stored_the_post_posts_it_once() {
    use crate::platforms::{app_with, connect, PlatformFake, PAGE};
    use lykta_domain::Platform;
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;

        // Facebook holds its answer after storing the photo post; the
        // worker is killed while it waits.
        let facebook = connect(
            &app,
            &fake,
            Platform::Facebook,
            "https://www.facebook.com/regionalvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[facebook]).await;
        fake.fault(
            "POST",
            &format!("/v24.0/{PAGE}/photos"),
            json!({"type": "slow_answer", "seconds": 60}),
        )
        .await;
        publish(&app, post).await;
        let posts = || async { fake.state().await["posts"].as_object().unwrap().len() };
        kill_after_the_platform_wrote(&app, post, || async { posts().await == 1 }).await;
        restart(&app).await;
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        assert_eq!(posts().await, 1, "exactly once");
        let stored = fake.state().await["posts"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .cloned();
        assert_eq!(d.remote_id, stored, "that copy");

        // LinkedIn stores the post and drops the connection: the worker
        // hears nothing, tries again later and finds it.
        let linkedin = connect(
            &app,
            &fake,
            Platform::Linkedin,
            "https://www.linkedin.com/company/region-alvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen på LinkedIn", &[linkedin]).await;
        fake.fault("POST", "/rest/posts", json!({"type": "drop_answer"}))
            .await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(
            d.state,
            DeliveryState::Queued,
            "waiting for its next attempt: {}",
            d.problem
        );
        let shares = || async {
            fake.state().await["linkedin_posts"]
                .as_object()
                .unwrap()
                .len()
        };
        assert_eq!(shares().await, 1, "stored though unanswered");
        app.clock.advance(lykta_store::MAX_BACKOFF_SECONDS + 1);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        assert_eq!(shares().await, 1, "exactly once");
        let urn = fake.state().await["linkedin_posts"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .cloned();
        assert_eq!(d.remote_id, urn, "that copy");
        // And killed mid-answer on LinkedIn too.
        let post = post_for(&app, "Röntgen igen", &[linkedin]).await;
        fake.fault(
            "POST",
            "/rest/posts",
            json!({"type": "slow_answer", "seconds": 60}),
        )
        .await;
        publish(&app, post).await;
        kill_after_the_platform_wrote(&app, post, || async { shares().await == 2 }).await;
        restart(&app).await;
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        assert_eq!(shares().await, 2, "exactly once");
    }
}
