//! The moderation queue as a moderator works it (one comment's own buttons,
//! mistakes shown in the queue with the selection kept, filters that stay in
//! the address) and the public record as the registrar works it (entries in
//! words with each comment's outcome, print, export from the page, recorded).

use crate::helpers::{backends, spawn_app, stranger, TestApp};
use lykta_domain::CommentId;

const MODERATOR: &str = "nora@alvdal.example";
const REGISTRAR: &str = "rut@alvdal.example";
const POST: &str = "/rontgenbloggen/en-dag-pa-akutrontgen";

/// A reader's comment, held for a moderator; its id.
async fn held_comment(app: &TestApp, text: &str) -> CommentId {
    let r = stranger()
        .post(format!("{}{POST}/comments", app.address))
        .form(&[
            ("name", "Sara"),
            ("email", "sara@example.org"),
            ("comment", text),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    app.state
        .store
        .comment_queue(&lykta_store::QueueFilter {
            blog_ids: &[app.blog_id("rontgenbloggen").await],
            state: None,
            before: None,
        })
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.body == text)
        .expect("the comment waits")
        .id
}

/// A page's HTML with the slashes minijinja escapes in attributes as they read.
async fn page(r: reqwest::Response) -> String {
    r.text().await.unwrap().replace("&#x2f;", "/")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_moderator_decides_one_comment_with_its_own_buttons_and_keeps_the_filters() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = held_comment(&app, "Hur lång är introduktionen?").await;
        let second = held_comment(&app, "Ni är värdelösa allihop").await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(MODERATOR).await;
        let queue = format!("/admin/comments?blog={blog}");
        let (status, html) = app.text(&queue).await;
        let html = html.replace("&#x2f;", "/");
        assert_eq!(status, 200, "{backend:?}");
        // Each comment has its own decisions, its answer box and a tick box for many.
        for id in [first, second] {
            assert!(html.contains(&format!("id=\"c-{id}\"")), "{html}");
            assert!(html.contains(&format!("id=\"reason-{id}\"")));
            assert!(html.contains(&format!("id=\"answer-{id}\"")));
            assert!(html.contains(&format!(
                "id=\"pick-{id}\" name=\"id\" value=\"{id}\" form=\"bulk\""
            )));
        }
        // The decision on many chooses nothing until the moderator does.
        assert!(html.contains(
            "<select id=\"bulk-decision\" name=\"decision\"><option value=\"\">Välj …</option>"
        ));
        // Counts per state, as links that keep the blog.
        assert!(
            html.contains(&format!(
                "href=\"/admin/comments?blog={blog}&amp;state=rejected\""
            )),
            "{html}"
        );
        assert!(html.contains("Väntar eller anmäld <span class=\"queue-count\">"));
        assert!(html.contains("src=\"/assets/moderation.js\" defer"));
        assert!(html.contains("j och k flyttar"), "the keys are told");

        // Approve the first with its own button: back to the same filters.
        let r = app
            .post(
                &queue,
                &[
                    ("id", &first.to_string()),
                    ("one", &first.to_string()),
                    ("at", "0"),
                    ("decision", "approve"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            location(&r),
            format!("/admin/comments?blog={blog}&done=1&at=0")
        );
        assert_eq!(
            app.state.store.comment(first).await.unwrap().state.as_str(),
            "published"
        );
        // Reject the second with its own reason.
        let r = app
            .post(
                &queue,
                &[
                    ("id", &second.to_string()),
                    ("one", &second.to_string()),
                    ("decision", "reject"),
                    ("reason", "personal-attack"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let c = app.state.store.comment(second).await.unwrap();
        assert_eq!(
            (c.state.as_str(), c.reason.as_str()),
            ("rejected", "personal-attack")
        );

        // The rejected ones: who decided and why, and no age against the target.
        let (_, html) = app.text(&format!("{queue}&state=rejected")).await;
        assert!(html.contains("Ni är värdelösa allihop"));
        assert!(html.contains("Beslut av Nora Ek"), "{html}");
        assert!(html.contains("Personangrepp"));
        assert!(
            html.contains("Hets mot folkgrupp"),
            "the demo's rejected comment"
        );
        assert!(
            !html.contains("arbetstimmar gammal"),
            "only what waits has an age"
        );
        assert!(html.contains("aria-current=\"page\">Avvisad"));
        // The published one shows in its own filter, without an age either.
        let (_, html) = app.text(&format!("{queue}&state=published")).await;
        assert!(html.contains("Hur lång är introduktionen?"));
        assert!(!html.contains("arbetstimmar gammal"));
    }
}

#[tokio::test]
async fn mistakes_in_the_queue_show_inline_with_the_selection_and_filters_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = held_comment(&app, "Finns det parkering för personalen?").await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(MODERATOR).await;
        let queue = format!("/admin/comments?blog={blog}&older=0");

        // The decision on many with nothing ticked.
        let r = app
            .post(
                &queue,
                &[("decision", "approve"), ("note", "Min anteckning")],
            )
            .await;
        assert_eq!(r.status(), 422, "{backend:?}");
        let html = page(r).await;
        assert!(html.contains("Inget ändrades"), "{html}");
        assert!(html.contains("Markera minst en kommentar"));
        assert!(
            html.contains("href=\"#bulk\""),
            "the message leads to the form"
        );
        assert!(html.contains("Min anteckning"), "the note is kept");
        assert!(
            html.contains("<option value=\"approve\" selected>"),
            "the decision is kept"
        );
        assert!(
            html.contains(&format!("<option value=\"{blog}\" selected>")),
            "the filters are kept"
        );
        assert!(html.contains(&format!(
            "action=\"/admin/comments?blog={blog}&amp;older=0\""
        )));
        assert!(
            html.contains("Finns det parkering"),
            "the queue is still there"
        );
        assert!(
            html.contains("<nav"),
            "inside the admin, not a bare error page"
        );

        // Ticked, but no decision chosen, and a rejection without a reason.
        let r = app
            .post(&queue, &[("id", &id.to_string()), ("decision", "")])
            .await;
        assert_eq!(r.status(), 422);
        let html = page(r).await;
        assert!(html.contains("Välj vilket beslut"), "{html}");
        assert!(
            html.contains(&format!("value=\"{id}\" form=\"bulk\" checked")),
            "the selection is kept"
        );
        let r = app
            .post(
                &queue,
                &[
                    ("id", &id.to_string()),
                    ("decision", "reject"),
                    ("note", "Se policyn"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        let html = page(r).await;
        assert!(html.contains("Välj ett skäl i listan"));
        assert!(html.contains(&format!("value=\"{id}\" form=\"bulk\" checked")));
        assert!(html.contains("Se policyn"));
        assert!(html.contains("aria-describedby=\"bulk-reason-error\""));

        // The comment's own reject button without a reason: the message is at the comment.
        let r = app
            .post(
                &queue,
                &[
                    ("id", &id.to_string()),
                    ("one", &id.to_string()),
                    ("decision", "reject"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        let html = page(r).await;
        assert!(
            html.contains(&format!("id=\"reason-{id}-error\"")),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"#reason-{id}\"")));
        assert!(
            !html.contains(&format!("value=\"{id}\" form=\"bulk\" checked")),
            "nothing was ticked"
        );

        // An empty answer: shown under its comment, the queue kept.
        let r = app
            .post(
                &format!("/admin/comments/{id}/answer?blog={blog}&older=0"),
                &[("answer", "  ")],
            )
            .await;
        assert_eq!(r.status(), 422);
        let html = page(r).await;
        assert!(
            html.contains(&format!("id=\"answer-{id}-error\"")),
            "{html}"
        );
        // Nothing changed on the way.
        assert_eq!(
            app.state.store.comment(id).await.unwrap().state.as_str(),
            "pending"
        );
        // And an answer goes back to the same filters.
        let r = app
            .post(
                &format!("/admin/comments/{id}/answer?blog={blog}&older=0"),
                &[("answer", "Ja, i garaget under huset."), ("at", "0")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            location(&r),
            format!("/admin/comments?blog={blog}&older=0&done=1&at=0")
        );
    }
}

#[tokio::test]
async fn the_queue_script_is_served_from_the_binary() {
    let app = spawn_app(backends()[0]).await;
    let r = app.get("/assets/moderation.js").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    assert!(r.text().await.unwrap().contains("keydown"));
}

#[tokio::test]
async fn the_registrar_finds_the_rejected_comment_with_its_outcome_and_exports_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(REGISTRAR).await;
        let search = "/admin/record?q=s%C3%A5dana+som+ni&kind=comment-received";
        let (status, html) = app.text(search).await;
        assert_eq!(status, 200, "{backend:?}");
        // The demo's hateful comment as received, with its outcome in words.
        assert!(
            html.contains("Sådana som ni borde inte få jobba i vården"),
            "{html}"
        );
        assert!(html.contains("Texten som den kom in"));
        assert!(html.contains("troll@example.org"));
        assert!(html.contains("Utfall"));
        assert!(html.contains("<strong>Avvisad</strong>"), "{html}");
        assert!(html.contains("beslut av Nora Ek"));
        assert!(html.contains("Skäl: Hets mot folkgrupp"));
        assert!(
            html.contains("Avvisad enligt kommentarspolicyn."),
            "the note"
        );
        assert!(
            html.contains("Vi söker kollegor") || html.contains("(Röntgenbloggen)"),
            "{html}"
        );
        assert!(!html.contains("\"author_email\""), "no raw JSON");
        assert!(!html.contains("hate-speech"), "no codes");

        // A document to print, with the search it shows.
        let (status, print) = app.text(&format!("{search}&print=1")).await;
        assert_eq!(status, 200);
        assert!(print.contains("Utdrag ur diariet"));
        assert!(print.contains("Sådana som ni borde inte"));
        assert!(print.contains("Rut Lagerkvist"), "who printed it");
        assert!(!print.contains("<nav"), "no admin around it");

        // Export this selection: the package, with every entry about the comment.
        let r = app
            .post(
                "/admin/record/export",
                &[
                    ("q", "sådana som ni"),
                    ("kind", "comment-received"),
                    ("person", ""),
                    ("blog", ""),
                    ("from", ""),
                    ("to", ""),
                ],
            )
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/x-tar");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\"diariet-"),
            "{disposition}"
        );
        let bytes = r.bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        tar::Archive::new(&bytes[..]).unpack(dir.path()).unwrap();
        let pkg = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pkg.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["format"], "lykta-record-export/1");
        assert_eq!(manifest["selection"]["kind"], "comment-received");
        for f in manifest["files"].as_array().unwrap() {
            use sha2::Digest;
            let bytes = std::fs::read(pkg.join(f["path"].as_str().unwrap())).unwrap();
            assert_eq!(
                hex::encode(sha2::Sha256::digest(&bytes)),
                f["sha256"].as_str().unwrap()
            );
        }
        let records: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(pkg.join("records.json")).unwrap()).unwrap();
        let received = records
            .iter()
            .find(|r| r["kind"] == "comment-received")
            .expect("the comment as received");
        assert!(
            records.iter().any(|r| r["kind"] == "comment-decision"
                && r["ref_id"] == received["ref_id"]
                && r["payload"].as_str().unwrap().contains("hate-speech")),
            "its decision comes with it"
        );
        // The command line checks it like any package it wrote itself.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lykta"))
            .args(["archive", "verify", "--package"])
            .arg(&pkg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        // The export is itself in the record, with who made it and its checksum.
        let (_, html) = app.text("/admin/record?kind=record-exported").await;
        assert!(html.contains("Export ur diariet"), "{html}");
        assert!(html.contains("Rut Lagerkvist"));
        assert!(html.contains("Kontrollsumma för manifestet"));
        // Only the registrar (and administrators) may export.
        app.sign_in(MODERATOR).await;
        assert_eq!(
            app.post("/admin/record/export", &[("q", "")])
                .await
                .status(),
            403
        );
    }
}

/// A session cookie (`NAME=VALUE`) for `email`, from a browser of its own.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let r = stranger()
        .post(format!("{}/sign-in", app.address))
        .form(&[("email", email), ("password", crate::helpers::PASSWORD)])
        .send()
        .await
        .unwrap();
    r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Done when: a moderator works the queue from the keyboard and a mistake
/// shows inline; the registrar finds the rejected comment with its outcome
/// and exports it — in headless Chromium, at 1280 and 390 px
/// (`tests/browser/moderation.mjs`).
#[tokio::test]
async fn the_queue_works_from_the_keyboard_and_the_record_exports_in_chromium() {
    use crate::external::{browser_tools, missing, report, run};
    let test = "the_queue_works_from_the_keyboard_and_the_record_exports_in_chromium";
    let tools = browser_tools();
    if missing(test, tools.as_ref().err().cloned()) {
        return;
    }
    let script = tools.unwrap().with_file_name("moderation.mjs");
    for backend in backends() {
        let app = spawn_app(backend).await;
        for text in ["Första frågan", "Andra frågan", "Tredje frågan"] {
            held_comment(&app, text).await;
        }
        let moderator = session_cookie(&app, MODERATOR).await;
        let registrar = session_cookie(&app, REGISTRAR).await;
        let mut cmd = std::process::Command::new("node");
        cmd.arg(&script)
            .arg(&app.address)
            .arg(&moderator)
            .arg(&registrar);
        if let Some(dir) = std::env::var_os("MODERATION_SCREENSHOTS") {
            cmd.arg(dir);
        }
        let out = run(cmd).await;
        println!("{}", String::from_utf8_lossy(&out.stdout));
        assert!(
            out.status.success(),
            "{}",
            report(&format!("moderation.mjs on {backend:?}"), &out)
        );
    }
}
