//! The post editor: every button saves the form first, in one transaction;
//! a colleague's save shows both versions; autosave keeps typing without
//! changing the post; images come from inside the editor with their
//! description; the live preview and writing aids; and the whole thing in
//! headless Chromium as a person uses it.

use crate::external::{browser_tools, missing, report, run};
use crate::helpers::*;
use lykta_domain::{PostId, PostState, Workflow};
use reqwest::multipart::{Form, Part};
use std::process::Command;

const EDITOR: &str = "sofia@alvdal.example";

async fn post_of(app: &TestApp, id: PostId) -> lykta_store::PostDetail {
    app.state.store.post(id).await.expect("post")
}

#[tokio::test]
async fn publish_saves_the_edits_first_or_refuses_with_them_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(EDITOR).await;
        let id = app
            .create_post("rontgenbloggen", "Nytt från labbet", "Första raden.")
            .await;
        let before = post_of(&app, id).await.post.version;
        // An image without a description blocks publishing: nothing is saved,
        // the typed text comes back with the reason.
        let r = app
            .press(
                id,
                "publish",
                &[("body", "Första raden.\n\n![](/media/x.png)\n\nEn rättelse.")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("En rättelse."), "the edits stay on screen");
        let p = post_of(&app, id).await;
        assert_eq!(p.post.version, before, "nothing saved");
        assert_eq!(p.post.state, PostState::Draft);
        // Fixed and published in one press: the post goes out with the edits.
        let r = app
            .press(
                id,
                "publish",
                &[("body", "Första raden.\n\nEn rättelse.")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.ends_with("done=publish"));
        let p = post_of(&app, id).await;
        assert_eq!(p.post.state, PostState::Published);
        assert!(p.post.body.contains("En rättelse."));
        let page = public_text(&app, &format!("/rontgenbloggen/{}", p.post.slug)).await;
        assert!(page.contains("En rättelse."), "readers see the edit");
        let (_, html) = app.text(&location).await;
        assert!(html.contains("Sparat och publicerat."));
    }
}

#[tokio::test]
async fn asking_for_review_saves_the_text_in_the_same_step() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Min vecka", "Utkast.")
            .await;
        let r = app
            .press(
                id,
                "submit",
                &[("body", "Färdig text."), ("note", "Kan du läsa?")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        let p = post_of(&app, id).await;
        assert_eq!(p.post.body, "Färdig text.");
        assert_eq!(p.post.workflow, Workflow::InReview);
        let reviews = app.state.store.reviews(id).await.unwrap();
        assert!(reviews.iter().any(|r| r.note == "Kan du läsa?"));
        // Asking again while it is in review is refused in words, and the
        // text typed with it is not saved either.
        let r = app
            .press(id, "submit", &[("body", "Ändrat igen.")], &[])
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Ändrat igen."));
        assert_eq!(post_of(&app, id).await.post.body, "Färdig text.");
    }
}

#[tokio::test]
async fn a_colleagues_save_shows_both_versions_and_nothing_is_discarded() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(EDITOR).await;
        let id = app
            .create_post("rontgenbloggen", "Delad text", "Början.")
            .await;
        let opened = app.current_version(id).await;
        // Anna saves first.
        app.sign_in(ADMIN).await;
        let r = app
            .press(id, "save", &[("body", "Början.\n\nAnnas stycke.")], &[])
            .await;
        assert_eq!(r.status(), 303);
        app.sign_in(EDITOR).await;
        // Sofia's save, based on the version she opened, is not lost.
        let mine = [
            ("intent", "save"),
            ("version", opened.as_str()),
            ("title", "Delad text"),
            ("body", "Början.\n\nSofias stycke."),
            ("comments_enabled", "1"),
        ];
        let r = app.post(&format!("/admin/posts/{id}"), &mine).await;
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(html.contains("Sofias stycke."), "her text is in the form");
        assert!(html.contains("Annas stycke."), "their version is shown");
        let current = app.current_version(id).await;
        assert!(
            html.contains(&format!("name=\"version\" value=\"{current}\"")),
            "the form now builds on their version"
        );
        // Saving the merged text again works.
        let merged = [
            ("intent", "save"),
            ("version", current.as_str()),
            ("title", "Delad text"),
            ("body", "Början.\n\nAnnas stycke.\n\nSofias stycke."),
            ("comments_enabled", "1"),
        ];
        let r = app.post(&format!("/admin/posts/{id}"), &merged).await;
        assert_eq!(r.status(), 303);
        let body = post_of(&app, id).await.post.body;
        assert!(body.contains("Annas stycke.") && body.contains("Sofias stycke."));
    }
}

#[tokio::test]
async fn autosave_keeps_typing_without_changing_the_post() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(EDITOR).await;
        let id = app
            .create_post("rontgenbloggen", "Autosparat", "Sparad text.")
            .await;
        let version = app.current_version(id).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/autosave"),
                &[
                    ("title", "Autosparat"),
                    ("excerpt", ""),
                    ("body", "Text som aldrig sparades."),
                    ("version", &version),
                ],
            )
            .await;
        assert_eq!(r.status(), 204);
        let p = post_of(&app, id).await;
        assert_eq!(p.post.body, "Sparad text.", "the post is unchanged");
        assert_eq!(p.post.version.to_string(), version);
        // Opening the editor again offers the text back.
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(html.contains("sparades automatiskt"));
        let (_, html) = app
            .text(&format!("/admin/posts/{id}?restore=autosave"))
            .await;
        assert!(html.contains("Text som aldrig sparades."));
        // Another person does not see it.
        app.sign_in(ADMIN).await;
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(!html.contains("sparades automatiskt"));
        app.sign_in(EDITOR).await;
        // Saving makes it history.
        let r = app
            .press(id, "save", &[("body", "Text som aldrig sparades.")], &[])
            .await;
        assert_eq!(r.status(), 303);
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(!html.contains("sparades automatiskt"));
        // Too long is refused in words.
        let long = "a".repeat(200_001);
        let r = app
            .post(
                &format!("/admin/posts/{id}/autosave"),
                &[("title", "x"), ("body", &long), ("version", "1")],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(!r.text().await.unwrap().starts_with("error-"));
    }
}

#[tokio::test]
async fn the_live_preview_renders_sanitised_text_with_the_writing_aids_in_words() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/preview"),
                &[(
                    "body",
                    "## Rubrik\n\nEn kort mening.\n\n<script>alert(1)</script>\n\n![](/media/x.png)",
                )],
            )
            .await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("<h2"), "rendered");
        assert!(!html.contains("<script>"), "sanitised");
        assert!(html.contains("LIX"), "readability");
        assert!(!html.contains("check-image-alt"), "no raw message keys");
        assert!(!html.contains("<html"), "a fragment, not a page");
    }
}

#[tokio::test]
async fn an_image_uploaded_from_the_editor_comes_back_as_markdown_with_its_description() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let upload = |alt: &str| {
            let form = Form::new().text("alt", alt.to_owned()).part(
                "file",
                Part::bytes(lykta_media::demo_image(3, 640, 480))
                    .file_name("bild.jpg")
                    .mime_str("image/jpeg")
                    .unwrap(),
            );
            app.client
                .post(format!("{}/admin/media?csrf={}", app.address, app.csrf()))
                .header("accept", "application/json")
                .multipart(form)
                .send()
        };
        let r = upload("").await.unwrap();
        assert_eq!(r.status(), 422);
        let err: serde_json::Value = r.json().await.unwrap();
        assert!(err["error"].as_str().unwrap().contains("alternativtext"));
        let r = upload("Två [sjuksköterskor] vid en datortomograf")
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let image: serde_json::Value = r.json().await.unwrap();
        let markdown = image["markdown"].as_str().unwrap();
        assert!(markdown.starts_with("![Två \\[sjuksköterskor\\] vid en datortomograf](/media/"));
        // The snippet puts the described image into a post.
        let id = app
            .create_post("rontgenbloggen", "Med bild", markdown)
            .await;
        let blockers = lykta_render::checks::check(&post_of(&app, id).await.post.body, true);
        assert_eq!(blockers.blocking().count(), 0, "the description came along");
        // Without the script: the library shows the snippet and finds by description.
        let (_, html) = app.text("/admin/media?q=datortomograf").await;
        assert!(html.contains("sjuksköterskor\\] vid en datortomograf]("));
        let (_, html) = app.text("/admin/media?q=finns-inte").await;
        assert!(!html.contains("datortomograf"));
    }
}

#[tokio::test]
async fn a_writer_pastes_an_image_and_publishes_without_saving_first_in_chromium() {
    let test = "a_writer_pastes_an_image_and_publishes_without_saving_first_in_chromium";
    let tools = browser_tools();
    if missing(test, tools.as_ref().err().cloned()) {
        return;
    }
    let dir = tools.expect("checked");
    let script = dir.with_file_name("editor.mjs");
    let backend = backends().into_iter().next().expect("SQLite");
    let app = spawn_app(backend).await;
    app.sign_in(EDITOR).await;
    let id = app
        .create_post(
            "rontgenbloggen",
            "Från webbläsaren",
            "Det här är ett utkast.",
        )
        .await;
    let shots = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new("node");
    cmd.arg(&script)
        .arg(&app.address)
        .arg(EDITOR)
        .arg(PASSWORD)
        .arg(id.to_string())
        .arg(shots.path());
    let out = run(cmd).await;
    assert!(out.status.success(), "{}", report("editor.mjs", &out));
    let p = post_of(&app, id).await;
    assert_eq!(p.post.state, PostState::Published);
    assert!(p.post.body.contains("En rad skriven i webbläsaren."));
    assert!(p
        .post
        .body
        .contains("![Röntgenapparat i ett ljust rum](/media/"));
    let page = public_text(&app, &format!("/rontgenbloggen/{}", p.post.slug)).await;
    assert!(page.contains("alt=\"Röntgenapparat i ett ljust rum\""));
}
