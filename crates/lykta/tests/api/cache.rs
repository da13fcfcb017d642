//! The page cache: conditional requests, compressed variants, and never a
//! stale page after publish, edit or unpublish — on this node and another.

use crate::helpers::*;

/// Every page a new post shows up on.
const AFFECTED: &[&str] = &[
    "/",
    "/rontgenbloggen/",
    "/rontgenbloggen/tag/test",
    "/rontgenbloggen/author/karin-aberg",
    "/feed.atom",
    "/feed.rss",
    "/feed.json",
    "/rontgenbloggen/feed.atom",
    "/rontgenbloggen/feed.rss",
    "/rontgenbloggen/feed.json",
    "/sitemap.xml",
];

/// An anonymous reader with no cookies, as a CDN or a feed reader.
fn reader() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn anon(app: &TestApp, path: &str) -> (u16, String) {
    let r = reader()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn cached_pages_answer_conditional_requests_in_every_encoding() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let url = format!("{}/rontgenbloggen/", app.address);
        let first = reader().get(&url).send().await.unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(first.headers()["cache-control"], "public, no-cache");
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        let plain = first.text().await.unwrap();
        let again = reader().get(&url).send().await.unwrap();
        assert_eq!(
            again.headers()["etag"].to_str().unwrap(),
            etag,
            "same bytes, same tag"
        );
        assert_eq!(again.text().await.unwrap(), plain);
        let r = reader()
            .get(&url)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304);
        assert!(r.bytes().await.unwrap().is_empty());
        for (coding, header) in [("gzip", "gzip"), ("br", "br")] {
            let r = reader()
                .get(&url)
                .header("accept-encoding", coding)
                .send()
                .await
                .unwrap();
            assert_eq!(r.headers()["content-encoding"], header);
            let tagged = r.headers()["etag"].to_str().unwrap().to_owned();
            assert_ne!(tagged, etag, "each encoding has its own strong tag");
            let bytes = r.bytes().await.unwrap();
            let mut out = String::new();
            use std::io::Read;
            if coding == "gzip" {
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_string(&mut out)
                    .unwrap();
            } else {
                brotli::Decompressor::new(&bytes[..], 4096)
                    .read_to_string(&mut out)
                    .unwrap();
            }
            assert_eq!(out, plain);
            let r = reader()
                .get(&url)
                .header("accept-encoding", coding)
                .header("if-none-match", &tagged)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 304);
        }
        // Signed-in views are never shared.
        app.sign_in(AUTHOR).await;
        let r = app.get("/rontgenbloggen/").await;
        assert!(r.headers().get("etag").is_none());
        assert!(
            r.text().await.unwrap().contains("Logga ut"),
            "the signed-in header, not the cached page"
        );
        assert!(!anon(&app, "/rontgenbloggen/").await.1.contains("Logga ut"));
    }
}

#[tokio::test]
async fn no_page_is_stale_after_publish_edit_or_unpublish() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Warm the cache (the new tag's page is a cached 404 until the post is out).
        for p in AFFECTED {
            let expected = if p.contains("/tag/test") { 404 } else { 200 };
            assert_eq!(anon(&app, p).await.0, expected, "{p}");
        }
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Färskt inlägg", "Helt ny text.")
            .await;
        assert!(
            !anon(&app, "/rontgenbloggen/")
                .await
                .1
                .contains("Färskt inlägg"),
            "drafts stay out"
        );
        app.set_state(id, "publish", "").await;
        for p in AFFECTED {
            let (_, body) = anon(&app, p).await;
            assert!(
                body.contains("Färskt inlägg") || body.contains("farskt-inlagg"),
                "{backend:?}: {p} stale after publish"
            );
        }
        assert_eq!(anon(&app, "/rontgenbloggen/farskt-inlagg").await.0, 200);

        let r = app
            .edit_post(
                id,
                &[
                    ("title", "Omdöpt inlägg"),
                    ("slug", "farskt-inlagg"),
                    ("body", "Ändrad text."),
                    ("tags", "Test"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        for p in AFFECTED.iter().filter(|p| **p != "/sitemap.xml") {
            let (_, body) = anon(&app, p).await;
            assert!(
                body.contains("Omdöpt inlägg") && !body.contains("Färskt inlägg"),
                "{backend:?}: {p} stale after edit"
            );
        }
        assert!(anon(&app, "/rontgenbloggen/farskt-inlagg")
            .await
            .1
            .contains("Ändrad text."));

        app.set_state(id, "unpublish", "").await;
        assert_eq!(anon(&app, "/rontgenbloggen/farskt-inlagg").await.0, 410);
        for p in AFFECTED {
            let (_, body) = anon(&app, p).await;
            assert!(
                !body.contains("Omdöpt inlägg") && !body.contains("farskt-inlagg"),
                "{backend:?}: {p} stale after unpublish"
            );
        }
    }
}

#[tokio::test]
async fn a_second_node_on_the_same_database_sees_changes_and_scheduled_posts() {
    for backend in backends() {
        let a = spawn_app(backend).await;
        let url = a.database_url();
        // Node B: another Application on the same database and data folder.
        let settings = lykta_web::Settings {
            data_dir: a.dir.path().to_path_buf(),
            listen: "127.0.0.1:0".into(),
            database_url: lykta_web::Secret(url),
            worker: false,
            ..lykta_web::Settings::default()
        };
        let node_b = lykta_web::Application::build_with_clock(settings, a.clock.clone())
            .await
            .unwrap();
        let b_addr = format!("http://{}", node_b.local_addr());
        let b_state = node_b.state();
        tokio::spawn(node_b.run_until_stopped());
        let b_get = |p: &'static str| {
            let u = format!("{b_addr}{p}");
            async move { reader().get(u).send().await.unwrap().text().await.unwrap() }
        };
        assert!(!b_get("/rontgenbloggen/").await.contains("Från nod A"));
        a.sign_in(AUTHOR).await;
        let id = a.create_post("rontgenbloggen", "Från nod A", "Text.").await;
        a.set_state(id, "publish", "").await;
        b_state.follow_events().await.unwrap();
        assert!(
            b_get("/rontgenbloggen/").await.contains("Från nod A"),
            "{backend:?}"
        );

        // A scheduled post published by A's worker reaches B's cache too.
        let id = a
            .create_post("rontgenbloggen", "Schemalagt på A", "Text.")
            .await;
        use lykta_domain::Clock;
        a.set_state(
            id,
            "schedule",
            &lykta_web::datetime_local(a.clock.now() + 600),
        )
        .await;
        assert!(!b_get("/rontgenbloggen/").await.contains("Schemalagt på A"));
        a.clock.advance(700);
        a.state.worker.run_due().await.unwrap();
        assert!(
            anon(&a, "/rontgenbloggen/")
                .await
                .1
                .contains("Schemalagt på A"),
            "node A, at once"
        );
        b_state.follow_events().await.unwrap();
        assert!(
            b_get("/rontgenbloggen/").await.contains("Schemalagt på A"),
            "{backend:?}: node B"
        );
    }
}
