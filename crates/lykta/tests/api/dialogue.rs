//! Dialogue and the public record: readers' comments, moderation, abuse
//! protection, and the hash-chained record checked and exported by the CLI.

use crate::helpers::{
    backends, behind_the_back, public_text as public_page, spawn_app, spawn_with, stranger,
    TestApp, AUTHOR,
};
use lykta_domain::CommentId;
use std::process::Command;

const MODERATOR: &str = "nora@alvdal.example";
const POST: &str = "/rontgenbloggen/en-dag-pa-akutrontgen";

async fn comment(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    stranger()
        .post(format!("{}{POST}/comments", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn queue_ids(app: &TestApp) -> Vec<(CommentId, String)> {
    let blog = app.blog_id("rontgenbloggen").await;
    app.state
        .store
        .comment_queue(&lykta_store::QueueFilter {
            blog_ids: &[blog],
            state: None,
            before: None,
        })
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.body))
        .collect()
}

#[tokio::test]
async fn a_question_waits_for_a_moderator_is_approved_and_answered() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let r = comment(
            &app,
            &[
                ("name", "Sara"),
                ("email", "sara@example.org"),
                (
                    "comment",
                    "Hur söker jag <b>sommarjobb</b>? <script>alert(1)</script>",
                ),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("comment=pending"));
        assert!(
            !public_page(&app, POST).await.contains("sommarjobb"),
            "held for moderation"
        );

        // The moderator finds it in the queue and approves it.
        app.sign_in(MODERATOR).await;
        let (status, html) = app.text("/admin/comments").await;
        assert_eq!(status, 200);
        assert!(html.contains("sommarjobb"));
        let id = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b.contains("sommarjobb"))
            .unwrap()
            .0;
        let r = app
            .post(
                "/admin/comments",
                &[("id", &id.to_string()), ("decision", "approve")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let page = public_page(&app, POST).await;
        assert!(
            page.contains("Hur söker jag &lt;b&gt;sommarjobb&lt;/b&gt;?"),
            "inert markup"
        );
        assert!(!page.contains("<script>alert"));
        assert!(
            !page.contains("sara@example.org"),
            "the e-mail is never shown"
        );

        // The team answers as the organisation.
        let r = app
            .post(
                &format!("/admin/comments/{id}/answer"),
                &[("answer", "Välkommen att söka via vår rekryteringssida!")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let page = public_page(&app, POST).await;
        assert!(page.contains("Välkommen att söka via vår rekryteringssida!"));
        assert!(page.contains("Svar från Region Älvdal"));
        for feed in ["/feed.atom", "/rontgenbloggen/feed.json"] {
            assert!(!public_page(&app, feed).await.contains("sara@example.org"));
        }

        // Readers can report a published comment back into the queue.
        let r = stranger()
            .post(format!("{}{POST}/comments/{id}/report", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(queue_ids(&app).await.iter().any(|(c, _)| *c == id));
    }
}

#[tokio::test]
async fn bad_comments_get_clear_messages_and_floods_are_stopped() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let cases: [(&[(&str, &str)], &str); 5] = [
            (
                &[
                    ("name", "Sara"),
                    ("email", "sara@example.org"),
                    ("comment", " "),
                ],
                "måste fyllas i",
            ),
            (
                &[
                    ("name", ""),
                    ("email", "sara@example.org"),
                    ("comment", "Hej"),
                ],
                "måste fyllas i",
            ),
            (
                &[
                    ("name", "Sara"),
                    ("email", "inte-en-adress"),
                    ("comment", "Hej"),
                ],
                "e-postadress",
            ),
            (
                &[
                    ("name", "Sara"),
                    ("email", "sara@example.org"),
                    ("comment", "http://a http://b http://c http://d"),
                ],
                "för många länkar",
            ),
            (
                &[
                    ("name", "Sara"),
                    ("email", "sara@example.org"),
                    ("comment", &"x".repeat(5001)),
                ],
                "",
            ),
        ];
        for (fields, message) in cases {
            let r = comment(&app, fields).await;
            assert_eq!(r.status(), 422, "{fields:?}");
            let html = r.text().await.unwrap();
            assert!(html.contains(message), "{message}");
            assert!(html.contains("aria-invalid=\"true\""));
        }
        // A honeypot answer is taken as spam: thanked, kept in the record, not queued.
        let r = comment(
            &app,
            &[
                ("name", "Bot"),
                ("email", "bot@example.org"),
                ("comment", "Billiga klockor"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert!(queue_ids(&app)
            .await
            .iter()
            .all(|(_, b)| b != "Billiga klockor"));
        // The same text twice is refused.
        let ok = [
            ("name", "Sara"),
            ("email", "sara@example.org"),
            ("comment", "En fråga om MR"),
        ];
        assert_eq!(comment(&app, &ok).await.status(), 303);
        assert_eq!(comment(&app, &ok).await.status(), 422);
        // A flood from one address: after five a minute, 429, and the site answers as ever.
        let mut statuses = Vec::new();
        for i in 0..20 {
            let body = format!("Fråga nummer {i}");
            let r = comment(
                &app,
                &[
                    ("name", "Flod"),
                    ("email", "flod@example.org"),
                    ("comment", &body),
                ],
            )
            .await;
            statuses.push(r.status().as_u16());
        }
        assert!(statuses.contains(&429), "{statuses:?}");
        // Five a minute: the honeypot spam and the first question count too.
        assert_eq!(
            statuses.iter().filter(|s| **s == 303).count(),
            3,
            "{statuses:?}"
        );
        assert_eq!(
            stranger()
                .get(format!("{}{POST}", app.address))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        // Comments that count in the rate limit stay recorded; the queue still opens.
        app.sign_in(MODERATOR).await;
        assert_eq!(app.get("/admin/comments").await.status(), 200);
    }
}

#[tokio::test]
async fn employees_comment_on_internal_blogs_as_themselves() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let post = "/regiondirektoren/budgeten-pa-vanlig-svenska";
        let r = stranger()
            .post(format!("{}{post}/comments", app.address))
            .form(&[
                ("name", "Utomstående"),
                ("email", "x@example.org"),
                ("comment", "Hej"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/sign-in"),
            "sign in first"
        );
        app.sign_in(AUTHOR).await;
        let slug = app
            .state
            .store
            .posts_of_blog(app.blog_id("regiondirektoren").await)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.post.title.starts_with("Nästa års budget"))
            .unwrap()
            .post
            .slug;
        let path = format!("/regiondirektoren/{slug}");
        let r = app
            .post(
                &format!("{path}/comments"),
                &[("comment", "Vad betyder budgeten för röntgen?")],
            )
            .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .contains("comment=published"),
            "post-moderation"
        );
        let (_, html) = app.text(&path).await;
        assert!(html.contains("Vad betyder budgeten för röntgen?"));
        assert!(html.contains("Karin Åberg"), "the signed-in identity");
    }
}

#[tokio::test]
async fn only_moderators_and_editors_moderate_and_reasons_are_required() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        comment(
            &app,
            &[
                ("name", "Troll"),
                ("email", "t@example.org"),
                ("comment", "Hatiskt innehåll"),
            ],
        )
        .await;
        let id = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Hatiskt innehåll")
            .unwrap()
            .0;
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get("/admin/comments").await.status(), 403);
        let r = app
            .post(
                "/admin/comments",
                &[("id", &id.to_string()), ("decision", "approve")],
            )
            .await;
        assert_eq!(r.status(), 403);
        app.sign_in("sofia@alvdal.example").await;
        let r = app
            .post(
                "/admin/comments",
                &[("id", &id.to_string()), ("decision", "reject")],
            )
            .await;
        assert_eq!(r.status(), 422, "a rejection needs a reason");
        let r = app
            .post(
                "/admin/comments",
                &[
                    ("id", &id.to_string()),
                    ("decision", "reject"),
                    ("reason", "hate-speech"),
                    ("note", "Enligt policyn"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let c = app.state.store.comment(id).await.unwrap();
        assert_eq!(
            (c.state.as_str(), c.reason.as_str()),
            ("rejected", "hate-speech")
        );
    }
}

fn lykta(app: &TestApp) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lykta"));
    c.arg("--data-dir")
        .arg(app.dir.path())
        .arg("--database-url")
        .arg(app.database_url())
        .env("LYKTA_LOG", "error");
    c
}

#[tokio::test]
async fn the_record_keeps_everything_verify_finds_tampering_and_export_has_the_rejected() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // A hateful comment, rejected with its reason, and a post published.
        comment(
            &app,
            &[
                ("name", "Troll"),
                ("email", "t@example.org"),
                ("comment", "Ett hatiskt inlägg"),
            ],
        )
        .await;
        let id = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Ett hatiskt inlägg")
            .unwrap()
            .0;
        app.sign_in(MODERATOR).await;
        app.post(
            "/admin/comments",
            &[
                ("id", &id.to_string()),
                ("decision", "reject"),
                ("reason", "hate-speech"),
            ],
        )
        .await;
        app.sign_in(AUTHOR).await;
        let post = app
            .create_post("rontgenbloggen", "För arkivet", "Text som ska finnas kvar.")
            .await;
        assert_eq!(app.set_state(post, "publish", "").await.status(), 303);

        let out = lykta(&app).args(["archive", "verify"]).output().unwrap();
        assert!(
            out.status.success(),
            "{backend:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("the record is whole"));

        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("export");
        let today = lykta_domain::iso_date(lykta_domain::stockholm_date(
            time::OffsetDateTime::now_utc().unix_timestamp(),
        ));
        let out = lykta(&app)
            .args([
                "archive",
                "export",
                "--from",
                "2000-01-01",
                "--to",
                &today,
                "--out",
            ])
            .arg(&pkg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let records: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pkg.join("records.json")).unwrap()).unwrap();
        let records = records.as_array().unwrap();
        let received = records
            .iter()
            .find(|r| r["kind"] == "comment-received" && r["ref_id"] == id.get())
            .expect("the rejected comment as received");
        assert!(received["payload"]
            .as_str()
            .unwrap()
            .contains("Ett hatiskt inlägg"));
        let decision = records
            .iter()
            .find(|r| r["kind"] == "comment-decision" && r["ref_id"] == id.get())
            .expect("the decision");
        assert!(decision["payload"]
            .as_str()
            .unwrap()
            .contains("hate-speech"));
        let html = std::fs::read_to_string(pkg.join(format!("posts/{post}-v2.html"))).unwrap();
        assert!(html.contains("Text som ska finnas kvar."));
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pkg.join("manifest.json")).unwrap()).unwrap();
        for f in manifest["files"].as_array().unwrap() {
            let bytes = std::fs::read(pkg.join(f["path"].as_str().unwrap())).unwrap();
            use sha2::Digest;
            assert_eq!(
                hex::encode(sha2::Sha256::digest(&bytes)),
                f["sha256"].as_str().unwrap()
            );
        }
        let exports = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "",
                kind: "record-exported",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        assert_eq!(exports.len(), 1, "the export is itself recorded");
        assert_eq!(exports[0].actor, None, "from the command line");
        let again = lykta(&app)
            .args([
                "archive",
                "export",
                "--from",
                "2000-01-01",
                "--to",
                &today,
                "--out",
            ])
            .arg(&pkg)
            .output()
            .unwrap();
        assert_eq!(
            again.status.code(),
            Some(1),
            "an existing package is not overwritten"
        );
        // The package checks on its own; a changed file or entry is named.
        let check = |pkg: &std::path::Path| {
            Command::new(env!("CARGO_BIN_EXE_lykta"))
                .args(["archive", "verify", "--package"])
                .arg(pkg)
                .output()
                .unwrap()
        };
        let out = check(&pkg);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html_file = pkg.join(format!("posts/{post}-v2.html"));
        std::fs::write(&html_file, "<p>Ändrad i efterhand</p>").unwrap();
        let out = check(&pkg);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains(&format!("posts/{post}-v2.html was changed")));
        // Someone edits an entry and fixes the manifest's checksum to match.
        std::fs::write(&html_file, &html).unwrap();
        let mut edited: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pkg.join("records.json")).unwrap()).unwrap();
        let entry = edited
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|r| r["kind"] == "comment-received" && r["ref_id"] == id.get())
            .unwrap();
        let entry_id = entry["id"].as_i64().unwrap();
        entry["payload"] = serde_json::Value::from(r#"{"body":"Ett vänligt inlägg"}"#);
        let bytes = serde_json::to_vec_pretty(&edited).unwrap();
        std::fs::write(pkg.join("records.json"), &bytes).unwrap();
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pkg.join("manifest.json")).unwrap()).unwrap();
        for f in manifest["files"].as_array_mut().unwrap() {
            if f["path"] == "records.json" {
                use sha2::Digest;
                f["sha256"] = serde_json::Value::from(hex::encode(sha2::Sha256::digest(&bytes)));
            }
        }
        std::fs::write(
            pkg.join("manifest.json"),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
        let out = check(&pkg);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("entry {entry_id}")), "{err}");

        // Someone edits an entry in the database: verify names it.
        let victim = records
            .iter()
            .find(|r| r["kind"] == "comment-received" && r["ref_id"] == id.get())
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        tamper(&app, victim).await;
        let out = lykta(&app).args(["archive", "verify"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("entry {victim}")), "{err}");
    }
}

/// Change one entry's payload behind Lykta's back.
async fn tamper(app: &TestApp, id: i64) {
    behind_the_back!(
        app,
        sqlx::query("UPDATE record SET payload = '{}' WHERE id = $1").bind(id)
    );
}

#[tokio::test]
async fn comments_past_their_response_time_escalate_by_mail_once() {
    let Some(peer) = lykta_mail::testing::SmtpPeer::start()
        .await
        .expect("aiosmtpd")
    else {
        return;
    };
    for backend in backends() {
        let app = crate::helpers::spawn_with_smtp(backend, &peer.url()).await;
        comment(
            &app,
            &[
                ("name", "Väntande"),
                ("email", "v@example.org"),
                ("comment", "Hur lång är introduktionen?"),
            ],
        )
        .await;
        app.state.worker.run_due().await.unwrap();
        let before = peer
            .wait_for(0, std::time::Duration::from_millis(200))
            .await
            .len();
        // A working week later (at least three working days whatever today is).
        use lykta_domain::Clock as _;
        app.clock.set(app.clock.now() + 7 * 86_400);
        app.state.worker.housekeeping().await.unwrap();
        // Other mail (readers' subscriptions, reminders) may arrive first.
        let is_escalation = |m: &lykta_mail::testing::Received| {
            m.subject.starts_with("Väntar för länge") && m.to.iter().any(|t| t == MODERATOR)
        };
        let mails = peer
            .wait_until(std::time::Duration::from_secs(10), |r| {
                r.len() > before && r[before..].iter().any(is_escalation)
            })
            .await;
        let escalated: Vec<_> = mails[before..]
            .iter()
            .filter(|m| is_escalation(m))
            .collect();
        assert!(
            !escalated.is_empty(),
            "{:?}",
            mails[before..]
                .iter()
                .map(|m| &m.subject)
                .collect::<Vec<_>>()
        );
        assert!(escalated.iter().any(|m| m.text.contains("Väntande")));
        // Each escalation is one outbox row, sent; escalating the same comment
        // again would be a new row (or one waiting to go).
        let escalations = |rows: Vec<lykta_store::OutboxMail>| {
            rows.into_iter()
                .filter(|m| m.dedupe_key.starts_with("escalate:") && m.to_address == MODERATOR)
                .map(|m| (m.id, m.dedupe_key, m.sent_at))
                .collect::<Vec<_>>()
        };
        let rows = escalations(app.state.store.outbox(100_000).await.unwrap());
        assert!(!rows.is_empty(), "the escalation is in the outbox");
        assert!(rows.iter().all(|(_, _, sent)| sent.is_some()), "{rows:?}");
        // Readers' subscriptions follow their own calendar (the weekly
        // digest of a post the worker just published may be written now).
        let staff_mail = |rows: Vec<lykta_store::OutboxMail>| {
            rows.iter()
                .filter(|m| !m.dedupe_key.starts_with("subscription:"))
                .count()
        };
        let outbox = staff_mail(app.state.store.outbox(100_000).await.unwrap());
        let staff_received = || {
            peer.received()
                .iter()
                .filter(|m| m.header("List-Unsubscribe").is_none())
                .count()
        };
        let count = staff_received();
        app.state.worker.housekeeping().await.unwrap();
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            escalations(app.state.store.outbox(100_000).await.unwrap()),
            rows,
            "once"
        );
        assert_eq!(
            staff_mail(app.state.store.outbox(100_000).await.unwrap()),
            outbox,
            "nothing else queued either"
        );
        assert_eq!(staff_received(), count, "once");
        app.sign_in(MODERATOR).await;
        let (_, html) = app.text("/admin/comments").await;
        assert!(html.contains("Försenad"), "the queue shows it is overdue");
    }
}

#[tokio::test]
async fn blogs_and_posts_choose_whether_and_how_long_comments_are_taken() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let ask = [
            ("name", "Sara"),
            ("email", "sara@example.org"),
            ("comment", "Får man hospitera?"),
        ];
        app.sign_in("sofia@alvdal.example").await;
        // After-the-fact moderation: shown at once.
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[
                    ("comments_enabled", "1"),
                    ("close_days", "0"),
                    ("moderation", "post"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = comment(&app, &ask).await;
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("comment=published"));
        assert!(public_page(&app, POST).await.contains("Får man hospitera?"));
        // Closed after 1 day: the demo post is older.
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[
                    ("comments_enabled", "1"),
                    ("close_days", "1"),
                    ("moderation", "pre"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            comment(
                &app,
                &[
                    ("name", "Sara"),
                    ("email", "sara@example.org"),
                    ("comment", "En till")
                ]
            )
            .await
            .status(),
            409
        );
        assert!(public_page(&app, POST)
            .await
            .contains("Kommentarerna är stängda"));
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[
                    ("comments_enabled", "1"),
                    ("close_days", "-3"),
                    ("moderation", "pre"),
                ],
            )
            .await;
        assert_eq!(r.status(), 400);
        // One post without comments.
        app.blog_settings(
            blog,
            "comment-settings",
            &[
                ("comments_enabled", "1"),
                ("close_days", "0"),
                ("moderation", "pre"),
            ],
        )
        .await;
        let id = app
            .state
            .store
            .posts_of_blog(blog)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.post.slug == "en-dag-pa-akutrontgen")
            .unwrap()
            .post
            .id;
        assert_eq!(
            app.press(id, "save", &[], &["comments_enabled"])
                .await
                .status(),
            303
        );
        assert_eq!(
            comment(
                &app,
                &[
                    ("name", "Sara"),
                    ("email", "sara@example.org"),
                    ("comment", "Stängt?")
                ]
            )
            .await
            .status(),
            409
        );
        app.sign_in(AUTHOR).await;
        assert_eq!(
            app.blog_settings(blog, "comment-settings", &[("moderation", "post")])
                .await
                .status(),
            403
        );
    }
}

const REGISTRAR: &str = "rut@alvdal.example";

#[tokio::test]
async fn the_registrar_searches_holds_disposes_by_rule_and_pseudonymises() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Two spam comments (honeypot), one kept on hold.
        for text in ["Billiga klockor", "Billiga väskor"] {
            comment(
                &app,
                &[
                    ("name", "Bot"),
                    ("email", "bot@example.org"),
                    ("comment", text),
                    ("website", "x"),
                ],
            )
            .await;
        }
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get("/admin/record").await.status(), 403);
        app.sign_in(REGISTRAR).await;
        let (status, html) = app
            .text("/admin/record?q=billiga+v%C3%A4skor&kind=comment-received")
            .await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(
            html.contains("Billiga väskor") && !html.contains("Billiga klockor"),
            "search by text"
        );
        let (_, html) = app.text("/admin/record?person=bot%40example.org").await;
        assert!(html.contains("Billiga klockor"), "search by person");
        let director = app.blog_id("regiondirektoren").await;
        let rontgen = app.blog_id("rontgenbloggen").await;
        let (_, html) = app
            .text(&format!("/admin/record?q=billiga&blog={director}"))
            .await;
        assert!(!html.contains("Billiga klockor"), "search by blog");
        let (_, html) = app
            .text(&format!("/admin/record?q=billiga&blog={rontgen}"))
            .await;
        assert!(html.contains("Billiga klockor"));
        let entries = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "billiga",
                kind: "comment-received",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        let held = entries
            .iter()
            .find(|e| e.payload.as_deref().unwrap().contains("väskor"))
            .unwrap()
            .id;
        let r = app
            .post(
                &format!("/admin/record/{held}/hold"),
                &[("reason", "Begäran om utlämnande")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            app.post(&format!("/admin/record/{held}/hold"), &[("reason", " ")])
                .await
                .status(),
            400
        );

        // Three months on, the spam rule disposes of the other one only.
        use lykta_domain::Clock as _;
        app.clock.set(app.clock.now() + 91 * 86_400);
        app.state.worker.housekeeping().await.unwrap();
        let after = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "",
                kind: "comment-received",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        let disposed: Vec<_> = after.iter().filter(|e| e.disposed_at.is_some()).collect();
        assert_eq!(disposed.len(), 1, "{backend:?}");
        assert_eq!(disposed[0].disposal_rule, "spam-after-90-days");
        assert!(
            after.iter().any(|e| e.id == held && e.payload.is_some()),
            "the hold kept it"
        );
        let check = app.state.store.verify_record().await.unwrap();
        assert_eq!(check.first_broken, None, "disposal keeps the chain whole");

        // A person asks to be shown under a pseudonym.
        let r = comment(
            &app,
            &[
                ("name", "Sara Svensson"),
                ("email", "sara@example.org"),
                ("comment", "Tack för svaret!"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let id = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Tack för svaret!")
            .unwrap()
            .0;
        app.sign_in(MODERATOR).await;
        app.post(
            "/admin/comments",
            &[("id", &id.to_string()), ("decision", "approve")],
        )
        .await;
        assert!(public_page(&app, POST).await.contains("Sara Svensson"));
        app.sign_in(REGISTRAR).await;
        let (_, html) = app
            .text("/admin/record/person?email=sara%40example.org")
            .await;
        assert!(html.contains("Tack för svaret!"));
        let r = app
            .post("/admin/record/person", &[("email", "sara@example.org")])
            .await;
        assert_eq!(r.status(), 303);
        let page = public_page(&app, POST).await;
        assert!(!page.contains("Sara Svensson") && page.contains("Anonym"));
        let kept = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "sara svensson",
                kind: "",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        assert!(!kept.is_empty(), "the record keeps what was received");
    }
}

#[tokio::test]
async fn every_blog_has_a_comment_policy_linked_from_its_comment_form() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert!(public_page(&app, POST)
            .await
            .contains("/rontgenbloggen/kommentarspolicy"));
        let page = public_page(&app, "/rontgenbloggen/kommentarspolicy").await;
        for text in [
            "Röntgenbloggen drivs av Region Älvdal",
            "Hets mot folkgrupp",
            "allmän handling",
            "innan de publiceras",
        ] {
            assert!(page.contains(text), "{text}");
        }
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in("sofia@alvdal.example").await;
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[
                    ("comments_enabled", "1"),
                    ("close_days", "30"),
                    ("moderation", "pre"),
                    ("comment_policy", "Vi svarar **på vardagar**."),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let page = public_page(&app, "/rontgenbloggen/kommentarspolicy").await;
        assert!(page.contains("<strong>på vardagar</strong>"));
        assert!(page.contains("i 30 dagar"));
        let r = stranger()
            .get(format!("{}/regiondirektoren/kommentarspolicy", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "internal blogs' policies are for staff");
    }
}

#[tokio::test]
async fn blocked_words_hold_comments_and_moderators_shut_senders_out_for_a_while() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in("sofia@alvdal.example").await;
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[
                    ("comments_enabled", "1"),
                    ("close_days", "0"),
                    ("moderation", "post"),
                    ("blocked_words", "idiot\nkorkad"),
                    ("moderation_hours", "8"),
                    ("answer_hours", "16"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = app
            .blog_settings(
                blog,
                "comment-settings",
                &[("moderation", "post"), ("moderation_hours", "0")],
            )
            .await;
        assert_eq!(r.status(), 400, "targets are 1–720 hours");
        let r = comment(
            &app,
            &[
                ("name", "Arg"),
                ("email", "arg@example.org"),
                ("comment", "Ni är IDIOTER allihop"),
            ],
        )
        .await;
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .contains("comment=pending"),
            "held despite post-moderation"
        );
        assert!(!public_page(&app, POST).await.contains("IDIOTER"));
        let id = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b.contains("IDIOTER"))
            .unwrap()
            .0;

        app.sign_in(MODERATOR).await;
        let (_, html) = app.text("/admin/comments").await;
        assert!(html.contains("(mål 8)"), "the blog's own target");
        let r = app
            .post(
                "/admin/comments",
                &[
                    ("id", &id.to_string()),
                    ("decision", "ban"),
                    ("reason", "personal-attack"),
                    ("ban_days", "400"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "at most 365 days");
        let r = app
            .post(
                "/admin/comments",
                &[
                    ("id", &id.to_string()),
                    ("decision", "ban"),
                    ("reason", "personal-attack"),
                    ("ban_days", "2"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        // The same sender, under another address, is shut out with a clear message.
        let r = comment(
            &app,
            &[
                ("name", "Arg igen"),
                ("email", "ny@example.org"),
                ("comment", "Nu då?"),
            ],
        )
        .await;
        assert_eq!(r.status(), 403, "{backend:?}");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Du kan inte kommentera just nu"));
        use lykta_domain::Clock as _;
        app.clock.set(app.clock.now() + 3 * 86_400);
        let r = comment(
            &app,
            &[
                ("name", "Lugn"),
                ("email", "ny@example.org"),
                ("comment", "Förlåt för förut."),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "the ban has ended");
        let banned = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "",
                kind: "sender-banned",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        assert_eq!(banned.len(), 1);
    }
}

#[tokio::test]
async fn signed_in_people_are_rate_limited_too_and_pages_are_recorded() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let path = "/regiondirektoren/budgeten-pa-vanlig-svenska";
        let mut statuses = Vec::new();
        for i in 0..7 {
            let text = format!("Fråga {i} om budgeten");
            statuses.push(
                app.post(&format!("{path}/comments"), &[("comment", &text)])
                    .await
                    .status()
                    .as_u16(),
            );
        }
        assert_eq!(&statuses[5..], [429, 429], "{statuses:?}");
        // A published page's new version goes into the record.
        let page = app
            .state
            .store
            .pages_of_blog(app.blog_id("rontgenbloggen").await)
            .await
            .unwrap()[0]
            .clone();
        app.sign_in("sofia@alvdal.example").await;
        let version = page.version.to_string();
        let position = page.position.to_string();
        let r = app
            .post(
                &format!("/admin/pages/{}", page.id),
                &[
                    ("title", &page.title),
                    ("slug", &page.slug),
                    ("body", "Ny text på sidan."),
                    ("position", &position),
                    ("published", "on"),
                    ("version", &version),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let entries = app
            .state
            .store
            .search_record(&lykta_store::RecordQuery {
                text: "ny text på sidan",
                kind: "page-published",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        assert_eq!(entries.len(), 1);
    }
}

#[tokio::test]
async fn readers_reply_one_level_deep() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(MODERATOR).await;
        comment(
            &app,
            &[
                ("name", "Ali"),
                ("email", "ali@example.org"),
                ("comment", "Första frågan"),
            ],
        )
        .await;
        let first = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Första frågan")
            .unwrap()
            .0;
        app.post(
            "/admin/comments",
            &[("id", &first.to_string()), ("decision", "approve")],
        )
        .await;
        let page = public_page(&app, POST).await;
        assert!(
            page.contains(&format!("name=\"reply_to\" value=\"{first}\"")),
            "a reply form per comment"
        );
        let r = comment(
            &app,
            &[
                ("name", "Bea"),
                ("email", "bea@example.org"),
                ("comment", "Ett svar"),
                ("reply_to", &first.to_string()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let reply = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Ett svar")
            .unwrap()
            .0;
        // A reply to the reply joins the same thread.
        app.post(
            "/admin/comments",
            &[("id", &reply.to_string()), ("decision", "approve")],
        )
        .await;
        comment(
            &app,
            &[
                ("name", "Cem"),
                ("email", "cem@example.org"),
                ("comment", "Svar på svaret"),
                ("reply_to", &reply.to_string()),
            ],
        )
        .await;
        let third = queue_ids(&app)
            .await
            .into_iter()
            .find(|(_, b)| b == "Svar på svaret")
            .unwrap()
            .0;
        assert_eq!(
            app.state.store.comment(reply).await.unwrap().parent_id,
            Some(first)
        );
        assert_eq!(
            app.state.store.comment(third).await.unwrap().parent_id,
            Some(first)
        );
        let r = comment(
            &app,
            &[
                ("name", "Dan"),
                ("email", "dan@example.org"),
                ("comment", "Vilse"),
                ("reply_to", "999999"),
            ],
        )
        .await;
        assert_eq!(r.status(), 404, "a reply to nothing");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_reader_has_their_own_limits_and_bans() {
    for backend in backends() {
        let app = crate::helpers::spawn_with(backend, |s| {
            s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        })
        .await;
        let send = |from: &'static str, text: String| {
            let app = &app;
            async move {
                stranger()
                    .post(format!("{}{POST}/comments", app.address))
                    .header("x-forwarded-for", from)
                    .form(&[
                        ("name", "Läsare"),
                        ("email", "l@example.org"),
                        ("comment", text.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        for i in 0..5 {
            assert_eq!(send("203.0.113.7", format!("A {i}")).await, 303);
        }
        assert_eq!(send("203.0.113.7", "A 6".into()).await, 429);
        assert_eq!(
            send("198.51.100.9", "B 1".into()).await,
            303,
            "another reader is not limited"
        );
        // A forged header from an untrusted peer is ignored: the limit is the peer's.
        let app2 = spawn_app(backend).await;
        for i in 0..5 {
            let r = stranger()
                .post(format!("{}{POST}/comments", app2.address))
                .header("x-forwarded-for", format!("192.0.2.{i}"))
                .form(&[
                    ("name", "Läsare"),
                    ("email", "l@example.org"),
                    ("comment", format!("C {i}").as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303);
        }
        let r = stranger()
            .post(format!("{}{POST}/comments", app2.address))
            .header("x-forwarded-for", "192.0.2.99")
            .form(&[
                ("name", "Läsare"),
                ("email", "l@example.org"),
                ("comment", "C 6"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
    }
}

#[tokio::test]
async fn a_rewritten_chain_or_a_removed_payload_is_found() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        comment(
            &app,
            &[
                ("name", "Ann"),
                ("email", "a@example.org"),
                ("comment", "Första"),
            ],
        )
        .await;
        let out = lykta(&app).args(["archive", "verify"]).output().unwrap();
        assert!(out.status.success());
        // Keep the newest entry's hash, as an export's manifest does.
        let store = &app.state.store;
        let last = store
            .record_entries_after(0, 100_000)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let anchor = format!("{}:{}", last.id, last.hash);
        // Someone rewrites that entry and the head consistently.
        let payload = r#"{"body":"Något annat"}"#;
        let ph = lykta_store::record::payload_hash(payload);
        let h = lykta_store::record::entry_hash(
            &last.prev_hash,
            &last.kind,
            last.ref_id,
            last.actor,
            last.at,
            &ph,
        );
        behind_the_back!(
            app,
            sqlx::query(
                "UPDATE record SET payload = $1, payload_hash = $2, hash = $3 WHERE id = $4"
            )
            .bind(payload)
            .bind(&ph)
            .bind(&h)
            .bind(last.id)
        );
        behind_the_back!(
            app,
            sqlx::query("UPDATE record_head SET hash = $1 WHERE id = 1").bind(&h)
        );
        let out = lykta(&app).args(["archive", "verify"]).output().unwrap();
        assert!(out.status.success(), "consistent inside the database");
        let out = lykta(&app)
            .args(["archive", "verify", "--expect", &anchor])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("entry {}", last.id)));
        // A payload removed without a disposal rule is found too.
        let first = store
            .record_entries_after(0, 1)
            .await
            .unwrap()
            .pop()
            .unwrap();
        behind_the_back!(
            app,
            sqlx::query("UPDATE record SET payload = NULL WHERE id = $1").bind(first.id)
        );
        let out = lykta(&app).args(["archive", "verify"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("entry {}", first.id)));
    }
}

#[tokio::test]
async fn a_flood_past_the_nodes_rate_is_refused_at_once_and_staff_still_get_in() {
    for backend in backends() {
        // One anonymous submission a minute, two in a burst.
        let app = spawn_with(backend, |s| {
            s.anonymous_posts_per_minute = 1;
            s.anonymous_posts_burst = 2;
        })
        .await;
        let before = queue_ids(&app).await.len();
        for n in 0..2 {
            let text = format!("Fråga nummer {n} om väntetiden");
            let r = comment(
                &app,
                &[
                    ("name", "Läsare"),
                    ("email", "lasare@example.org"),
                    ("comment", &text),
                ],
            )
            .await;
            assert_eq!(r.status(), 303, "within the burst");
        }
        let r = comment(
            &app,
            &[
                ("name", "Flod"),
                ("email", "flod@example.org"),
                ("comment", "En till i floden"),
            ],
        )
        .await;
        assert_eq!(r.status(), 503, "past the node's rate");
        assert_eq!(r.headers()["retry-after"], "2");
        assert!(
            r.headers().get("connection").is_none(),
            "a small form's connection is kept for the next request"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains("Många skriver just nu"), "{html}");
        assert!(
            html.contains("sparades inte"),
            "says nothing was kept: {html}"
        );
        // The page is the same the second time (it is kept, not re-rendered).
        let again = comment(
            &app,
            &[
                ("name", "Flod"),
                ("email", "flod@example.org"),
                ("comment", "Igen"),
            ],
        )
        .await;
        assert_eq!(again.status(), 503);
        assert_eq!(again.text().await.unwrap(), html);
        assert_eq!(queue_ids(&app).await.len(), before + 2, "nothing stored");
        // Readers still read, and staff still sign in and write.
        public_page(&app, POST).await;
        app.sign_in(MODERATOR).await;
        let r = app
            .post(
                &format!("{POST}/comments"),
                &[("comment", "Vi svarar på frågorna i morgon.")],
            )
            .await;
        assert_eq!(r.status(), 303, "a signed-in person is not counted");
    }
}

/// A flood from as many addresses has left `upto` comments waiting on
/// [`POST`] (counting what the demo has waiting there).
async fn fill_queue(app: &TestApp, upto: i64) {
    let store = &app.state.store;
    let blog = app.blog_id("rontgenbloggen").await;
    let post = store
        .posts_of_blog(blog)
        .await
        .unwrap()
        .into_iter()
        .find(|p| format!("/rontgenbloggen/{}", p.post.slug) == POST)
        .unwrap()
        .post
        .id;
    let now = app.state.now();
    let (waiting_before, _) = store.waiting_comments(post).await.unwrap();
    for n in 0..upto - waiting_before {
        let body = format!("Flod {n}");
        let hash = format!("flood-{n}");
        store
            .add_comment(
                &lykta_store::NewComment {
                    post_id: post,
                    parent_id: None,
                    user_id: None,
                    author_name: "Flod",
                    author_email: "flod@example.org",
                    body: &body,
                    state: lykta_store::CommentState::Pending,
                    is_answer: false,
                    client_hash: &hash,
                    source: None,
                },
                now - 60,
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_burst_of_comments_cannot_overshoot_the_queues_bound() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let max = lykta_app::comments::MAX_WAITING_PER_POST;
        fill_queue(&app, max - 2).await;
        let before = queue_ids(&app).await.len();
        // Five at once, for the last two places.
        let app = &app;
        let ask = |n: u32| {
            let text = format!("Fråga nummer {n} om väntetider?");
            async move {
                let fields = [
                    ("name", "Läsare"),
                    ("email", "burst@example.org"),
                    ("comment", text.as_str()),
                ];
                comment(app, &fields).await.status().as_u16()
            }
        };
        let (a, b, c, d, e) = tokio::join!(ask(0), ask(1), ask(2), ask(3), ask(4));
        let mut answers = [a, b, c, d, e];
        answers.sort();
        assert_eq!(answers, [303, 303, 429, 429, 429]);
        assert_eq!(queue_ids(app).await.len(), before + 2);
    }
}

#[tokio::test]
async fn a_flooded_queue_lets_in_only_employees_and_known_senders() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        fill_queue(&app, lykta_app::comments::MAX_WAITING_PER_POST - 1).await;
        // The comment that fills the queue is taken, and the moderators hear of it, once.
        let r = comment(
            &app,
            &[
                ("name", "Sista"),
                ("email", "sista@example.org"),
                ("comment", "Hur lång är väntetiden på akuten?"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let told: Vec<String> = store
            .outbox(1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.starts_with("Långsamt läge i Röntgenbloggen"))
            .map(|m| m.to_address)
            .collect();
        assert!(told.contains(&MODERATOR.to_owned()), "{told:?}");
        assert!(
            told.contains(&"sofia@alvdal.example".to_owned()),
            "the editor too: {told:?}"
        );
        let waiting = queue_ids(&app).await.len();
        // The moderators see why the queue no longer grows.
        app.sign_in(MODERATOR).await;
        let queue = app.text("/admin/comments").await.1;
        assert!(queue.contains("Långsamt läge"), "{queue}");
        let full = format!(": {} väntar", lykta_app::comments::MAX_WAITING_PER_POST);
        assert!(queue.contains(&full), "{queue}");

        // A new sender is told why, keeps the text, and nothing is stored.
        let r = comment(
            &app,
            &[
                ("name", "Ny"),
                ("email", "ny@example.org"),
                ("comment", "Får man parkera vid akuten?"),
            ],
        )
        .await;
        assert_eq!(r.status(), 429);
        assert!(r.headers().contains_key("retry-after"));
        let html = r.text().await.unwrap();
        assert!(html.contains("väntar många kommentarer"), "{html}");
        assert!(
            html.contains("Får man parkera vid akuten?"),
            "the text is kept"
        );
        assert_eq!(queue_ids(&app).await.len(), waiting);

        // Someone whose comment was published before still gets in (Amira, in the demo).
        let r = comment(
            &app,
            &[
                ("name", "Amira"),
                ("email", "amira@example.org"),
                ("comment", "Tack för svaret om provtjänstgöring!"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(queue_ids(&app).await.len(), waiting + 1);

        // So does a signed-in employee.
        app.sign_in(AUTHOR).await;
        let r = app
            .post(
                &format!("{POST}/comments"),
                &[("comment", "Vi på akutröntgen svarar gärna på frågor.")],
            )
            .await;
        assert_eq!(r.status(), 303);

        // The moderator clears the flood as spam: at once (not a second
        // later) a new sender gets in again.
        app.sign_in(MODERATOR).await;
        let flood: Vec<String> = queue_ids(&app)
            .await
            .into_iter()
            .filter(|(_, body)| body.starts_with("Flod "))
            .map(|(id, _)| id.to_string())
            .collect();
        let mut form: Vec<(&str, &str)> = flood.iter().map(|id| ("id", id.as_str())).collect();
        form.push(("decision", "spam"));
        assert_eq!(app.post("/admin/comments", &form).await.status(), 303);
        let r = comment(
            &app,
            &[
                ("name", "Ny"),
                ("email", "ny@example.org"),
                ("comment", "Får man parkera vid akuten?"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "slow mode ends with the flood");
    }
}
