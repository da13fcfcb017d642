//! A stale save of a blog's settings or comment rules: the person's input
//! stays, the colleague's version is shown beside it, and saving the form
//! again keeps what the person wrote.

use crate::helpers::{assert_conflict, backends, spawn_app, TestApp, ADMIN};
use lykta_domain::BlogId;

/// The settings form of the blog as stored, with `purpose` typed in, read at
/// `version`.
async fn settings(app: &TestApp, blog: BlogId, purpose: &str, version: i64) -> reqwest::Response {
    let b = app.state.store.blog(blog).await.unwrap();
    let version = version.to_string();
    let per_month = b.posts_per_month.to_string();
    let mut form = vec![
        ("name", b.name.as_str()),
        ("slug", &b.slug),
        ("tagline", &b.tagline),
        ("language", b.language.as_str()),
        ("audience", b.audience.as_str()),
        ("posts_per_month", &per_month),
        ("purpose", purpose),
        ("goal", &b.goal),
        ("resources", &b.resources),
        ("engagement", &b.engagement),
        ("version", &version),
    ];
    let unit = b.unit_id.map(|u| u.to_string()).unwrap_or_default();
    form.push(("unit_id", &unit));
    app.post(&format!("/admin/blogs/{blog}/edit"), &form).await
}

#[tokio::test]
async fn a_stale_save_of_blog_settings_or_comment_rules_shows_both_versions() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let read_at = app.state.store.blog(blog).await.unwrap().version;
        let r = settings(&app, blog, "Kollegans syfte.", read_at).await;
        assert_eq!(r.status(), 303);
        let r = settings(&app, blog, "Mitt syfte som inte får försvinna.", read_at).await;
        let html = assert_conflict(
            r,
            "Mitt syfte som inte får försvinna.",
            "Kollegans syfte.",
            read_at + 1,
        )
        .await;
        assert!(html.contains("ndrat bloggens inställningar"), "{backend:?}");
        let r = settings(
            &app,
            blog,
            "Mitt syfte som inte får försvinna.",
            read_at + 1,
        )
        .await;
        assert_eq!(r.status(), 303, "saved again on their version");
        let b = app.state.store.blog(blog).await.unwrap();
        assert_eq!(b.purpose, "Mitt syfte som inte får försvinna.");

        // The comment rules share the version: a form read before is stale.
        let rules = |words: &'static str, version: i64| {
            let app = &app;
            async move {
                let version = version.to_string();
                app.post(
                    &format!("/admin/blogs/{blog}/comment-settings"),
                    &[
                        ("comments_enabled", "1"),
                        ("close_days", "0"),
                        ("moderation", "pre"),
                        ("blocked_words", words),
                        ("version", &version),
                    ],
                )
                .await
            }
        };
        let r = rules("kollegans ord", b.version).await;
        assert_eq!(r.status(), 303);
        let r = rules("mina ord", b.version).await;
        let html = assert_conflict(r, "mina ord", "kollegans ord", b.version + 1).await;
        let rules_form = html.split("id=\"comment-settings\"").nth(1).unwrap();
        assert!(
            rules_form.contains("class=\"conflict\""),
            "the colleague's rules are shown by the rules form"
        );
        assert_eq!(rules("mina ord", b.version + 1).await.status(), 303);
        assert_eq!(
            app.state.store.blog(blog).await.unwrap().blocked_words,
            "mina ord"
        );
    }
}
