//! What an operator watches: readiness and the Prometheus metrics.

use crate::helpers::*;

#[tokio::test]
async fn readiness_says_what_is_wrong_and_metrics_need_their_token() {
    for backend in backends() {
        let app = spawn_with(backend, |s| {
            s.metrics_token = lykta_web::Secret("skrapa-mig-2026".into());
        })
        .await;
        let (status, body) = app.text("/readyz").await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("migrations: current"), "{body}");
        assert!(body.contains("worker: off on this node"), "{body}");

        // Without the token, or with another, nothing is told.
        assert_eq!(app.get("/metrics").await.status(), 401);
        let wrong = app
            .client
            .get(format!("{}/metrics", app.address))
            .bearer_auth("gissning")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);

        public_text(&app, "/rontgenbloggen/").await;
        public_text(&app, "/rontgenbloggen/").await;
        let r = app
            .client
            .get(format!("{}/metrics", app.address))
            .bearer_auth("skrapa-mig-2026")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4"));
        let text = r.text().await.unwrap();
        // The demo's waiting comments (from the site and from its channels).
        let waiting = app
            .state
            .store
            .queue_figures()
            .await
            .unwrap()
            .comments_waiting;
        assert!(waiting > 0);
        let waiting = format!("lykta_comments_waiting {waiting}");
        for line in [
            "lykta_http_requests_total{route=\"/{blog}/\",status=\"200\"} 2",
            "lykta_page_cache_hits_total 1",
            &waiting,
            "lykta_jobs_failed 0",
            "lykta_outbox_unsent 0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
        assert!(text.contains("lykta_http_request_duration_seconds_bucket{"));
        assert!(text.contains("lykta_jobs_waiting{kind=\"send_mail\"}"));
        assert!(text.contains("lykta_db_pool_connections "));

        // A database a newer Lykta has migrated further is not ready for this one.
        behind_the_back!(
            app,
            sqlx::query(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                 VALUES (99990101000000, 'from a newer version', TRUE, $1, 0)"
            )
            .bind(vec![0u8; 48])
        );
        let (status, body) = app.text("/readyz").await;
        assert_eq!(status, 503);
        assert!(body.contains("migrations: not current"), "{body}");
    }
}

#[tokio::test]
async fn without_a_token_there_are_no_metrics() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(app.get("/metrics").await.status(), 404);
    }
}

#[tokio::test]
async fn every_answer_names_its_request_for_the_logs() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let r = stranger()
            .get(format!("{}/rontgenbloggen/", app.address))
            .send()
            .await
            .unwrap();
        let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36, "a new UUID: {id}");
        let other = stranger()
            .get(format!("{}/rontgenbloggen/", app.address))
            .send()
            .await
            .unwrap();
        assert_ne!(
            other.headers()["x-request-id"],
            id.as_str(),
            "one per request"
        );
        // The proxy's id is kept, so its logs and Lykta's meet.
        let r = stranger()
            .get(format!("{}/finns-inte", app.address))
            .header("x-request-id", "proxy-4711")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["x-request-id"], "proxy-4711");
    }
}
