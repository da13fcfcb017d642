//! The dashboard as each person's to-do list, and incident reports routed
//! to the communications team with a receipt for the reporter.

use crate::helpers::{backends, spawn_app, TestApp, ADMIN};
use lykta_domain::PostId;

const PER: &str = "per@alvdal.example";
const NORA: &str = "nora@alvdal.example";
const MIKAEL: &str = "mikael@alvdal.example";
const SOFIA: &str = "sofia@alvdal.example";
const DRAFT: &str = "Fem frågor vi ofta får om MR";

async fn dashboard(app: &TestApp, who: &str) -> String {
    app.sign_in(who).await;
    let (status, html) = app.text("/admin").await;
    assert_eq!(status, 200, "{who}");
    html
}

/// The dashboard's to-do list only (the plan below may name the same posts).
fn to_do(html: &str) -> &str {
    let start = html.find("<section class=\"todo\"").expect("a to-do list");
    let end = start + html[start..].find("</section>").expect("its end");
    &html[start..end]
}

/// The page with the slashes the template escaper writes as `&#x2f;` back.
fn unescaped(html: String) -> String {
    html.replace("&#x2f;", "/")
}

async fn draft_id(app: &TestApp) -> PostId {
    let blog = app.blog_id("rontgenbloggen").await;
    let posts = app.state.store.posts_of_blog(blog).await.unwrap();
    posts
        .iter()
        .find(|p| p.post.title == DRAFT)
        .unwrap()
        .post
        .id
}

#[tokio::test]
async fn each_demo_persons_dashboard_lists_their_waiting_work() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;

        // Per reviews Röntgenbloggen: Mikael's draft waits for him, and the
        // count opens the post list filtered to what waits for review.
        let html = dashboard(&app, PER).await;
        assert!(
            html.contains("Ett inlägg väntar på din granskning i Röntgenbloggen"),
            "{backend:?}: {html}"
        );
        assert!(html.contains(DRAFT));
        let filtered = format!("/admin/blogs/{blog}?workflow=in_review");
        assert!(html.contains(&format!("href=\"{filtered}\"")), "{html}");
        let (status, list) = app.text(&filtered).await;
        assert_eq!(status, 200);
        assert!(list.contains(DRAFT));
        assert!(
            !list.contains("Vi söker kollegor – kanske dig?"),
            "a published post is not in the filtered list"
        );
        assert!(list.contains("<option value=\"in_review\" selected>"));
        assert!(app
            .text(&format!("/admin/blogs/{blog}"))
            .await
            .1
            .contains("Vi söker kollegor – kanske dig?"));

        // Nora moderates: the job seeker's question waits, with its
        // deadline, beside the three replies from Mastodon and Bluesky.
        let html = dashboard(&app, NORA).await;
        assert!(
            html.contains("4 kommentarer väntar på granskning i Röntgenbloggen"),
            "{html}"
        );
        assert!(html.contains(&format!(
            "href=\"/admin/comments?blog={blog}&amp;state=pending\""
        )));
        assert!(html.contains("Jonas om ”Vi söker kollegor – kanske dig?”"));
        assert!(html.contains("svara senast") || html.contains("försenad"));

        // Anna decides channel requests: the unit's request, in a filtered list.
        let html = dashboard(&app, ADMIN).await;
        assert!(
            html.contains("En kanalförfrågan väntar på beslut"),
            "{html}"
        );
        assert!(html.contains("href=\"/admin/channels?status=requested\""));
        let (_, channels) = app.text("/admin/channels?status=requested").await;
        assert!(channels.contains("Vårdjobb i Älvdal"));
        assert!(
            channels.matches("<tr").count() == 2,
            "only the request: {channels}"
        );

        // Mikael has the guidelines in force to acknowledge.
        let html = dashboard(&app, MIKAEL).await;
        assert!(html.contains("Läs och bekräfta"), "{html}");

        // Per approves: Sofia, who may publish, sees it ready to publish;
        // nothing waits for Per's review any longer.
        let id = draft_id(&app).await;
        app.sign_in(PER).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "approve"), ("note", "")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(!to_do(&dashboard(&app, PER).await).contains(DRAFT));
        let html = dashboard(&app, SOFIA).await;
        assert!(
            html.contains("Ett inlägg är godkänt och klart att publicera i Röntgenbloggen"),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/admin/blogs/{blog}?workflow=approved\"")));
    }
}

#[tokio::test]
async fn a_draft_sent_back_waits_for_its_author_and_an_empty_list_says_so() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = draft_id(&app).await;
        app.sign_in(PER).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[
                    ("step", "request_changes"),
                    ("note", "Kortare ingress, tack."),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let html = dashboard(&app, MIKAEL).await;
        assert!(
            html.contains("Ett av dina utkast har fått ändringsförslag i Röntgenbloggen"),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/admin/posts/{id}\"")));
        // Per has nothing left to do, and is told so kindly.
        let html = dashboard(&app, PER).await;
        assert!(!to_do(&html).contains(DRAFT));
        if !html.contains("Svara på enkäten") && !html.contains("Läs och bekräfta") {
            assert!(html.contains("Inget väntar på dig just nu."), "{html}");
        }
    }
}

#[tokio::test]
async fn an_incident_report_mails_the_team_and_gives_the_reporter_a_receipt() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        let threat = store
            .scenarios()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.title == "Påhopp på fritiden")
            .unwrap();
        let before = store.outbox(100_000).await.unwrap().len();
        app.sign_in(MIKAEL).await;
        let sid = threat.id.to_string();
        let r = app
            .post(
                "/admin/incidents",
                &[
                    ("scenario_id", sid.as_str()),
                    ("title", "Hotfulla meddelanden efter inlägget om MR"),
                    (
                        "description",
                        "Någon skriver att de vet var en kollega bor.",
                    ),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        let receipt = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(receipt.ends_with("?received=1"), "{receipt}");

        // The receipt page: received, what happens now, the playbook's 112.
        let (status, html) = app.text(&receipt).await;
        assert_eq!(status, 200);
        assert!(html.contains("Vi har tagit emot din rapport"), "{html}");
        assert!(html.contains("Vad händer nu?"));
        assert!(html.contains("Ring 112"), "the emergency advice: {html}");
        assert!(html.contains("114 14"));

        // Mail: every administrator and communicator at once, and the receipt.
        let outbox = store.outbox(100_000).await.unwrap();
        let new: Vec<_> = outbox.iter().take(outbox.len() - before).collect();
        let team: Vec<_> = new
            .iter()
            .filter(|m| m.subject.starts_with("Ny händelse att hantera"))
            .collect();
        let users = store.users().await.unwrap();
        let expected = users
            .iter()
            .filter(|u| {
                !u.disabled
                    && matches!(
                        u.role,
                        lykta_domain::Role::Admin | lykta_domain::Role::Communicator
                    )
            })
            .count();
        assert!(expected >= 1);
        assert_eq!(team.len(), expected, "{new:?}");
        assert!(team.iter().any(|m| m.to_address == ADMIN));
        assert!(
            team.iter()
                .all(|m| !m.body.contains("vet var en kollega bor")),
            "the description stays out of mailboxes"
        );
        let receipts: Vec<_> = new.iter().filter(|m| m.to_address == MIKAEL).collect();
        assert_eq!(receipts.len(), 1);
        let body = &receipts[0].body;
        assert!(receipts[0]
            .subject
            .contains("Vi har tagit emot din rapport"));
        assert!(
            body.contains("Ring 112") && body.contains("/admin/incidents/"),
            "{body}"
        );

        // The team's dashboard lists it, and the filtered list shows open ones.
        let html = dashboard(&app, ADMIN).await;
        assert!(html.contains("Hotfulla meddelanden efter inlägget om MR"));
        assert!(html.contains("href=\"/admin/incidents?open=1\""));
        let (_, open) = app.text("/admin/incidents?open=1").await;
        assert!(open.contains("Hotfulla meddelanden"));
        assert!(
            !open.contains("Hånfulla kommentarer om nattpersonalen"),
            "the demo's closed incident is left out"
        );

        // A report without a playbook gets the general emergency advice.
        app.sign_in(MIKAEL).await;
        let r = app
            .post(
                "/admin/incidents",
                &[
                    ("scenario_id", "other"),
                    ("title", "Något annat"),
                    ("description", "Ett konstigt meddelande."),
                ],
            )
            .await;
        let (_, html) = app.text(r.headers()["location"].to_str().unwrap()).await;
        assert!(html.contains("Ring 112"), "{html}");
    }
}

#[tokio::test]
async fn the_headers_edit_link_on_a_public_post_edits_that_post() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let posts = app.state.store.posts_of_blog(blog).await.unwrap();
        let id = posts
            .iter()
            .find(|p| p.post.slug == "vi-soker-kollegor")
            .unwrap()
            .post
            .id;
        let edit = format!("<a href=\"/admin/posts/{id}\">Redigera</a>");
        // Sofia edits the blog: the header takes her to this post's editor.
        app.sign_in(SOFIA).await;
        let html = unescaped(app.text("/rontgenbloggen/vi-soker-kollegor").await.1);
        assert!(html.contains(&edit), "{html}");
        assert!(html.contains("<a href=\"/admin\">Administration</a>"));
        // Nora moderates but may not edit: no Edit link, only the way in.
        app.sign_in(NORA).await;
        let html = unescaped(app.text("/rontgenbloggen/vi-soker-kollegor").await.1);
        assert!(!html.contains(&edit));
        assert!(html.contains("<a href=\"/admin\">Administration</a>"));
        // Readers see neither.
        let html = crate::helpers::public_text(&app, "/rontgenbloggen/vi-soker-kollegor").await;
        assert!(!html.contains("/admin"));
    }
}

#[tokio::test]
async fn the_admin_menu_marks_the_current_section() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(SOFIA).await;
        let html = unescaped(app.text("/admin/incidents/new").await.1);
        assert!(
            html.contains("<a href=\"/admin/incidents\" aria-current=\"page\">Händelser</a>"),
            "{html}"
        );
        assert_eq!(html.matches("aria-current=\"page\"").count(), 1);
        let html = unescaped(app.text(&format!("/admin/blogs/{blog}/members")).await.1);
        assert!(html.contains(&format!(
            "<a href=\"/admin/blogs/{blog}\" aria-current=\"page\">Röntgenbloggen</a>"
        )));
        // What she may not open is not offered.
        assert!(!html.contains("href=\"/admin/jobs\""));
        assert!(!html.contains("href=\"/admin/users\""));
    }
}
