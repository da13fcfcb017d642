//! What readers see, and what they must never see.

use crate::helpers::*;

/// Titles of the internal blog's posts, read from the demo data.
async fn internal_titles(app: &TestApp) -> Vec<String> {
    let id = app.blog_id("regiondirektoren").await;
    let posts = app.state.store.posts_of_blog(id).await.expect("posts");
    assert!(posts.len() >= 5);
    posts.into_iter().map(|p| p.post.title).collect()
}

#[tokio::test]
async fn the_public_site_and_its_feeds_work_and_internal_content_never_leaks() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let secret = internal_titles(&app).await;

        let (status, front) = app.text("/").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(front.contains("Röntgenbloggen"));
        assert!(
            front.contains(r#"class="logo""#),
            "the organisation's logo in the header"
        );
        assert!(front.contains(r#""@type":"Organization""#));
        assert!(
            front.contains("Tillgänglighetsredogörelse"),
            "footer links the accessibility statement"
        );
        assert!(front.contains(r#"rel="alternate" type="application/atom+xml""#));

        let (status, blog) = app.text("/rontgenbloggen/").await;
        assert_eq!(status, 200);
        assert!(blog.contains("<html lang=\"sv\""));
        assert!(blog.contains("Sida 1 av 2"), "13 posts paginate at 10");
        let (status, page2) = app.text("/rontgenbloggen/?page=2").await;
        assert_eq!(status, 200);
        assert!(page2.contains("Sida 2 av 2"));
        assert_eq!(app.text("/rontgenbloggen/?page=3").await.0, 404);
        assert_eq!(app.text("/rontgenbloggen/?page=abc").await.0, 404);

        let (status, post) = app.text("/rontgenbloggen/en-dag-pa-akutrontgen").await;
        assert_eq!(status, 200);
        assert!(post.contains("<h1>En dag på akutröntgen</h1>"));
        assert!(post.contains(r#""@type":"BlogPosting""#), "JSON-LD");
        assert!(post.contains(r#"property="og:image""#));
        assert!(post.contains(r#"<link rel="canonical""#));
        assert!(app
            .text("/rontgenbloggen/om-bloggen")
            .await
            .1
            .contains("Om bloggen"));
        assert_eq!(app.text("/rontgenbloggen/tag/akutrontgen").await.0, 200);
        assert_eq!(app.text("/rontgenbloggen/author/karin-aberg").await.0, 200);
        assert_eq!(
            app.text("/rontgenbloggen/author/maria-sandell").await.0,
            404,
            "the director has no public posts"
        );
        assert!(app.text("/accessibility").await.1.contains("DIGG"));
        let (status, missing) = app.text("/rontgenbloggen/finns-inte").await;
        assert_eq!(status, 404);
        assert!(missing.contains("Sidan finns inte"));
        let (status, robots) = app.text("/robots.txt").await;
        assert_eq!(status, 200);
        assert!(robots.contains("Sitemap: "));

        // Internal: anonymous readers are sent to sign in, and nothing leaks anywhere.
        let r = app.get("/regiondirektoren/").await;
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?next="));
        let post_path = "/regiondirektoren/".to_owned();
        let id = app.blog_id("regiondirektoren").await;
        let first = &app.state.store.posts_of_blog(id).await.unwrap()[0].post;
        assert_eq!(
            app.get(&format!("{post_path}{}", first.slug))
                .await
                .status(),
            303
        );
        assert_eq!(app.get("/regiondirektoren/feed.atom").await.status(), 404);
        let public_paths = [
            "/",
            "/feed.atom",
            "/feed.rss",
            "/feed.json",
            "/sitemap.xml",
            "/robots.txt",
            "/rontgenbloggen/",
            "/rontgenbloggen/?page=2",
            "/rontgenbloggen/feed.atom",
            "/rontgenbloggen/feed.rss",
            "/rontgenbloggen/feed.json",
            "/rontgenbloggen/tag/akutrontgen",
            "/rontgenbloggen/author/karin-aberg",
            "/rontgenbloggen/en-dag-pa-akutrontgen",
            "/accessibility",
            "/regiondirektoren/feed.json",
            "/regiondirektoren/author/maria-sandell",
            "/sign-in",
        ];
        for path in public_paths {
            let (_, body) = app.text(path).await;
            for title in &secret {
                let escaped = title.replace('&', "&amp;");
                assert!(
                    !body.contains(title.as_str()) && !body.contains(&escaped),
                    "{backend:?}: internal title {title:?} leaked on {path}"
                );
            }
            assert!(
                !body.contains("Regiondirektörens blogg"),
                "{path} names the internal blog"
            );
        }

        // Signed in, staff read the internal blog; the page is private and not indexed.
        app.sign_in(AUTHOR).await;
        let r = app.get("/regiondirektoren/").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let html = r.text().await.unwrap();
        assert!(html.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
        assert!(html.contains(&secret[0]));
        assert!(
            !html.contains("application/ld+json"),
            "no structured data for internal posts"
        );
    }
}

#[tokio::test]
async fn feeds_parse_with_feed_rs_and_the_sitemap_lists_public_urls() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for path in [
            "/feed.atom",
            "/feed.rss",
            "/feed.json",
            "/rontgenbloggen/feed.atom",
            "/rontgenbloggen/feed.rss",
            "/rontgenbloggen/feed.json",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status(), 200, "{path}");
            let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(ct.contains("charset=utf-8"), "{path}: {ct}");
            let bytes = r.bytes().await.unwrap();
            let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(!feed.entries.is_empty(), "{path}");
            let e = &feed.entries[0];
            assert_eq!(
                e.title.as_ref().unwrap().content,
                "Vi söker kollegor – kanske dig?",
                "{path}: newest first"
            );
            assert!(e.links[0].href.starts_with(&app.address));
            assert!(e.published.is_some(), "{path}");
            assert!(!e.authors.is_empty(), "{path}");
        }
        let (_, sitemap) = app.text("/sitemap.xml").await;
        let locs: Vec<&str> = sitemap
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next())
            .collect();
        assert!(locs
            .contains(&format!("{}/rontgenbloggen/en-dag-pa-akutrontgen", app.address).as_str()));
        assert!(locs.contains(&format!("{}/rontgenbloggen/tag/akutrontgen", app.address).as_str()));
        assert!(
            locs.contains(&format!("{}/rontgenbloggen/author/karin-aberg", app.address).as_str())
        );
        assert!(locs.contains(&format!("{}/rontgenbloggen/om-bloggen", app.address).as_str()));
        assert!(!locs.iter().any(|l| l.contains("regiondirektoren")));
        assert!(
            !sitemap.contains("fem-fragor-om-mr") && !sitemap.contains("valkommen-pa-oppet-hus"),
            "drafts and scheduled posts stay out"
        );
        assert!(sitemap.contains("<lastmod>"));
    }
}

/// The `<main>` of a page, for snapshots (the rest carries the test's port).
fn main_of(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map(|e| e + 7).unwrap_or(html.len());
    html[start..end].to_owned()
}

#[tokio::test]
async fn error_pages_speak_the_blogs_language() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (status, html) = app.text("/rontgenbloggen/finns-inte").await;
        assert_eq!(status, 404);
        insta::assert_snapshot!("not_found_sv", main_of(&html));
        let r = app
            .post(
                "/sign-in",
                &[("email", AUTHOR), ("password", "fel-losenord-123")],
            )
            .await;
        assert_eq!(r.status(), 401);
        insta::assert_snapshot!("sign_in_failed_sv", main_of(&r.text().await.unwrap()));
    }
}
