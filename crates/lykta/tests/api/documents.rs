//! Autosave of every versioned document besides posts — pages, guideline
//! drafts, scenario playbooks — through the one autosave: what a person
//! types is kept apart from the document and offered back, refused to
//! whoever may not save the document, kept when a colleague saved in
//! between (and then shown beside the colleague's version), and made
//! history by saving.

use crate::helpers::*;

const EDITOR: &str = "sofia@alvdal.example";
const COMMUNICATOR: &str = "kommunikator@alvdal.example";
const TYPED: &str = "Text som redigeraren höll kvar.";
/// The offer of kept text.
const OFFER: &str = "id=\"autosave-notice\"";
const THEIRS: &str = "Kollegans sparade text.";

/// One document and the people around it.
struct Doc {
    /// The edit page.
    edit: String,
    /// Where its form saves.
    save: String,
    autosave: String,
    /// The saved form's fields (without version and csrf).
    form: Vec<(&'static str, String)>,
    /// The Markdown field the tests type into.
    text: &'static str,
    writer: &'static str,
    colleague: &'static str,
    outsider: &'static str,
}

impl Doc {
    fn with(&self, text: &str, version: &str) -> Vec<(&str, String)> {
        let mut fields: Vec<(&str, String)> = self
            .form
            .iter()
            .filter(|(k, _)| *k != self.text)
            .cloned()
            .collect();
        fields.push((self.text, text.to_owned()));
        fields.push(("version", version.to_owned()));
        fields
    }
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post(path, &fields).await
}

/// The version the edit form builds on.
fn form_version(html: &str) -> String {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a version in the form")
        .to_owned()
}

async fn documents(app: &TestApp) -> Vec<Doc> {
    let store = &app.state.store;
    let blog = app.blog_id("rontgenbloggen").await;
    let page = store.pages_of_blog(blog).await.unwrap()[0].clone();
    // A guideline draft, made as the working group makes one.
    app.sign_in(ADMIN).await;
    let r = app.post("/admin/guidelines", &[]).await;
    assert_eq!(r.status(), 303);
    let draft_edit = r.headers()["location"].to_str().unwrap().to_owned();
    let draft_id: i64 = draft_edit.split('/').nth(3).unwrap().parse().unwrap();
    let draft = store
        .guideline_version(lykta_domain::GuidelineVersionId::new(draft_id))
        .await
        .unwrap();
    let sc = store.scenarios().await.unwrap()[0].clone();
    vec![
        Doc {
            edit: format!("/admin/pages/{}", page.id),
            save: format!("/admin/pages/{}", page.id),
            autosave: format!("/admin/pages/{}/autosave", page.id),
            form: vec![
                ("title", page.title.clone()),
                ("slug", page.slug.clone()),
                ("body", page.body.clone()),
                ("position", page.position.to_string()),
                ("published", "on".into()),
            ],
            text: "body",
            writer: EDITOR,
            colleague: ADMIN,
            outsider: AUTHOR,
        },
        Doc {
            edit: draft_edit.clone(),
            save: draft_edit,
            autosave: format!("/admin/guidelines/{draft_id}/autosave"),
            form: vec![
                ("title", draft.title.clone()),
                ("for_everyone", draft.for_everyone.clone()),
                ("for_units", draft.for_units.clone()),
                ("for_private", draft.for_private.clone()),
                ("questions", draft.questions.clone()),
            ],
            text: "for_units",
            writer: COMMUNICATOR,
            colleague: ADMIN,
            outsider: EDITOR,
        },
        Doc {
            edit: format!("/admin/scenarios/{}", sc.id),
            save: format!("/admin/scenarios/{}", sc.id),
            autosave: format!("/admin/scenarios/{}/autosave", sc.id),
            form: vec![
                ("title", sc.title.clone()),
                ("triggers", sc.triggers.clone()),
                ("steps", sc.steps.clone()),
                ("contacts", sc.contacts.clone()),
                ("templates", sc.templates.clone()),
                ("advice", sc.advice.clone()),
            ],
            text: "templates",
            writer: COMMUNICATOR,
            colleague: ADMIN,
            outsider: EDITOR,
        },
    ]
}

#[tokio::test]
async fn pages_guidelines_and_playbooks_keep_typing_offer_it_back_and_never_lose_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        crate::authz::add_central_people(&app).await;
        for doc in documents(&app).await {
            let what = format!("{backend:?} {}", doc.edit);
            // Four sign-ins a document: past the sign-in limit's window.
            app.clock.advance(3600);
            app.sign_in(doc.writer).await;
            let (status, html) = app.text(&doc.edit).await;
            assert_eq!(status, 200, "{what}");
            assert!(html.contains("data-editor"), "{what}: the editor's form");
            assert!(
                html.contains(&format!("data-autosave=\"{}\"", doc.autosave)),
                "{what}: the form says where typing is kept"
            );
            let opened = form_version(&html);

            // Kept, the document unchanged, and offered back.
            let r = post(&app, &doc.autosave, &doc.with(TYPED, &opened)).await;
            assert_eq!(r.status(), 204, "{what}");
            let (_, html) = app.text(&doc.edit).await;
            assert!(html.contains(OFFER), "{what}: offered");
            assert!(!html.contains(TYPED), "{what}: the document is unchanged");
            assert_eq!(form_version(&html), opened, "{what}: no new version");
            let (_, html) = app.text(&format!("{}?restore=autosave", doc.edit)).await;
            assert!(html.contains(TYPED), "{what}: restored into the form");
            assert!(
                html.contains("finns nu i formuläret"),
                "{what}: and said so"
            );

            // Only for those who may save the document, and only theirs.
            app.sign_in(doc.outsider).await;
            let r = post(&app, &doc.autosave, &doc.with("Obehörig", &opened)).await;
            assert_eq!(r.status(), 403, "{what}: refused without permission");
            app.sign_in(doc.colleague).await;
            let (_, html) = app.text(&doc.edit).await;
            assert!(!html.contains(OFFER), "{what}: not theirs");

            // A colleague saves; the writer's typing on the older version is
            // still kept, in words, and shown beside the colleague's.
            let r = post(&app, &doc.save, &doc.with(THEIRS, &opened)).await;
            assert_eq!(r.status(), 303, "{what}: the colleague saves");
            app.sign_in(doc.writer).await;
            let r = post(&app, &doc.autosave, &doc.with(TYPED, &opened)).await;
            assert_eq!(r.status(), 409, "{what}: kept, but stale");
            let said = r.text().await.unwrap();
            assert!(said.contains("någon annan har sparat"), "{what}: {said}");
            let (_, html) = app.text(&doc.edit).await;
            assert!(
                html.contains("nyare version sedan dess"),
                "{what}: offered as stale"
            );
            let (_, html) = app.text(&format!("{}?restore=autosave", doc.edit)).await;
            assert!(html.contains(TYPED), "{what}: the typing is back");
            assert!(
                html.contains("Två versioner av texten"),
                "{what}: both versions"
            );
            assert!(html.contains(THEIRS), "{what}: theirs beside it");
            let current = form_version(&html);
            assert_ne!(current, opened, "{what}: the form builds on theirs");

            // Saving makes the kept text history.
            let merged = format!("{THEIRS}\n\n{TYPED}");
            let r = post(&app, &doc.save, &doc.with(&merged, &current)).await;
            assert_eq!(r.status(), 303, "{what}: the merged text saves");
            let (_, html) = app.text(&doc.edit).await;
            assert!(!html.contains(OFFER), "{what}: nothing left to offer");

            // Thrown away on request; too long refused in words.
            let (_, html) = app.text(&doc.edit).await;
            let now = form_version(&html);
            let r = post(&app, &doc.autosave, &doc.with("Slängs.", &now)).await;
            assert_eq!(r.status(), 204, "{what}");
            let r = app.post(&format!("{}/discard", doc.autosave), &[]).await;
            assert_eq!(r.status(), 303, "{what}");
            let (_, html) = app.text(&doc.edit).await;
            assert!(!html.contains(OFFER), "{what}: discarded");
            let long = "a".repeat(200_001);
            let r = post(&app, &doc.autosave, &doc.with(&long, &now)).await;
            assert_eq!(r.status(), 422, "{what}");
            assert!(
                !r.text().await.unwrap().starts_with("error-"),
                "{what}: in words"
            );
        }
    }
}

#[tokio::test]
async fn the_organisations_documents_preview_with_the_writing_aids() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let r = app
            .post(
                "/admin/preview",
                &[(
                    "body",
                    "## Vid hot\n\nRing 112.\n\n<script>alert(1)</script>",
                )],
            )
            .await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("<h2") && html.contains("LIX"), "{html}");
        assert!(!html.contains("<script>"), "sanitised");
    }
}

#[tokio::test]
async fn typing_on_a_page_a_guideline_and_a_playbook_is_kept_by_itself_in_chromium() {
    use crate::external::{browser_tools, missing, report, run};
    let test = "typing_on_a_page_a_guideline_and_a_playbook_is_kept_by_itself_in_chromium";
    let tools = browser_tools();
    if missing(test, tools.as_ref().err().cloned()) {
        return;
    }
    let script = tools.expect("checked").with_file_name("documents.mjs");
    let backend = backends().into_iter().next().expect("SQLite");
    let app = spawn_app(backend).await;
    let docs = documents(&app).await;
    let line = "En rad skriven i webbläsaren, aldrig sparad med knappen.";
    let shots = std::env::var_os("DOCUMENTS_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("lykta-documents"));
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let mut cmd = std::process::Command::new("node");
    cmd.arg(&script)
        .arg(&app.address)
        .arg(ADMIN)
        .arg(PASSWORD)
        .arg(&shots)
        .arg(line)
        .args(docs.iter().map(|d| &d.edit));
    let out = run(cmd).await;
    assert!(out.status.success(), "{}", report("documents.mjs", &out));
    // What the browser kept is offered back, and restores into the form.
    for doc in &docs {
        let (_, html) = app.text(&doc.edit).await;
        assert!(html.contains(OFFER), "{}: offered", doc.edit);
        assert!(
            !html.contains(line),
            "{}: the document is unchanged",
            doc.edit
        );
        let (_, html) = app.text(&format!("{}?restore=autosave", doc.edit)).await;
        assert!(html.contains(line), "{}: restored", doc.edit);
    }
}

#[tokio::test]
async fn the_demo_offers_the_administrator_her_unsaved_paragraph_back() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let pages = app.state.store.pages_of_blog(blog).await.unwrap();
        let page = pages.iter().find(|p| p.slug == "jobba-hos-oss").unwrap();
        app.sign_in(ADMIN).await;
        let (_, html) = app.text(&format!("/admin/pages/{}", page.id)).await;
        assert!(html.contains(OFFER), "{backend:?}: offered back");
        let (_, html) = app
            .text(&format!("/admin/pages/{}?restore=autosave", page.id))
            .await;
        assert!(html.contains("Välkommen på öppet hus"), "{backend:?}");
        // Nobody else has it.
        app.sign_in(EDITOR).await;
        let (_, html) = app.text(&format!("/admin/pages/{}", page.id)).await;
        assert!(!html.contains(OFFER), "{backend:?}: only hers");
    }
}
