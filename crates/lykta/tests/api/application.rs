//! The application layer's promises, seen from outside: two saves of one
//! page at the same moment end with one saved and one refused, and the
//! event log hears of exactly what readers can see.

use crate::helpers::{assert_conflict, backends, spawn_app, stranger, TestApp, ADMIN, AUTHOR};
use lykta_domain::DomainEvent;

/// The events written since `after`, oldest first.
/// Every event logged after `after`, staff-only ones included.
async fn all_events_since(app: &TestApp, after: i64) -> Vec<DomainEvent> {
    app.state
        .store
        .events_after(after, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event.expect("a known kind"))
        .collect()
}

/// The events about what readers can see (the page cache follows these).
async fn events_since(app: &TestApp, after: i64) -> Vec<DomainEvent> {
    let mut events = all_events_since(app, after).await;
    events.retain(DomainEvent::is_public);
    events
}

#[tokio::test]
async fn two_saves_of_one_page_at_once_end_with_one_saved_and_one_refused() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let page = app
            .state
            .store
            .pages_of_blog(blog)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.slug == "om-bloggen")
            .unwrap();
        let page_id = page.id;
        let version = page.version.to_string();
        let save = |title: &'static str| {
            let version = version.clone();
            let app = &app;
            async move {
                app.post(
                    &format!("/admin/pages/{page_id}"),
                    &[
                        ("title", title),
                        ("slug", "om-bloggen"),
                        ("body", "Ny text."),
                        ("published", "on"),
                        ("version", &version),
                    ],
                )
                .await
            }
        };
        for round in 0..5 {
            let current = app.state.store.page(page_id).await.unwrap();
            let version = current.version.to_string();
            let save = |title: String| {
                let version = version.clone();
                let app = &app;
                async move {
                    app.post(
                        &format!("/admin/pages/{page_id}"),
                        &[
                            ("title", title.as_str()),
                            ("slug", "om-bloggen"),
                            ("body", "Ny text."),
                            ("published", "on"),
                            ("version", &version),
                        ],
                    )
                    .await
                }
            };
            let (a, b) = tokio::join!(save(format!("A{round}")), save(format!("B{round}")));
            let mut statuses = [a.status().as_u16(), b.status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [303, 409], "{backend:?} round {round}");
            let after = app.state.store.page(page_id).await.unwrap();
            assert_eq!(after.version, current.version + 1, "one save, one version");
            let saved = if a.status() == 303 { "A" } else { "B" };
            assert_eq!(
                after.title,
                format!("{saved}{round}"),
                "the saved text is the one kept"
            );
        }
        // A stale form is refused with the person's text kept.
        // The colleague's version is shown beside it and the form builds on it.
        let r = save("Gammal").await;
        let theirs = app.state.store.page(page_id).await.unwrap();
        assert_conflict(r, "Gammal", &theirs.title, theirs.version).await;
    }
}

#[tokio::test]
async fn the_event_log_hears_what_readers_can_see_and_nothing_else() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(AUTHOR).await;
        let start = app.state.store.last_event_id().await.unwrap();
        let post = app
            .create_post("rontgenbloggen", "Händelser", "En text om händelser.")
            .await;
        let r = app
            .edit_post(post, &[("title", "Händelser"), ("body", "Ändrad.")])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            events_since(&app, start).await,
            [],
            "drafts are nobody's business"
        );
        // Only the staff search hears of them.
        assert!(
            all_events_since(&app, start)
                .await
                .iter()
                .all(|e| matches!(e, DomainEvent::PostSaved { post_id, .. } if *post_id == post)),
            "staff-only events about the draft"
        );

        assert_eq!(app.set_state(post, "publish", "").await.status(), 303);
        let r = app
            .edit_post(post, &[("title", "Händelser"), ("body", "Igen.")])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            events_since(&app, start).await,
            [
                DomainEvent::PostPublished {
                    post_id: post,
                    blog_id: blog
                },
                DomainEvent::PostUpdated {
                    post_id: post,
                    blog_id: blog
                },
            ]
        );

        // A reader's comment held for a moderator changes nothing public.
        let mark = app.state.store.last_event_id().await.unwrap();
        let r = stranger()
            .post(format!("{}/rontgenbloggen/handelser/comments", app.address))
            .form(&[
                ("name", "Ada"),
                ("email", "ada@example.org"),
                ("comment", "Fin text!"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(events_since(&app, mark).await, []);

        assert_eq!(app.set_state(post, "unpublish", "").await.status(), 303);
        assert_eq!(
            events_since(&app, mark).await,
            [DomainEvent::PostUnpublished {
                post_id: post,
                blog_id: blog
            }]
        );
        // Ids have no gaps: a consumer that saw N has seen everything before it.
        let ids: Vec<i64> = app
            .state
            .store
            .events_after(0, 10_000)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, (1..=ids.len() as i64).collect::<Vec<_>>());
    }
}
