//! Scenario playbooks and incidents.

use crate::helpers::{backends, spawn_app, TestApp, ADMIN, AUTHOR, OTHER_AUTHOR};
use crate::media::jpeg_with_exif;
use lykta_domain::IncidentId;
use reqwest::multipart::{Form, Part};

#[tokio::test]
async fn an_employee_reports_and_the_team_handles_with_the_playbook() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        let scenario = store
            .scenarios()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.title == "Ett konto har kapats")
            .unwrap();
        let sid = scenario.id.to_string();

        // An employee reports, hiding their name — but the text names them.
        app.sign_in(AUTHOR).await;
        let (status, html) = app.text("/admin/scenarios").await;
        assert_eq!(status, 200);
        assert!(html.contains("Påhopp på fritiden"));
        let fields = |confirmed: &'static str| {
            vec![
                ("scenario_id", sid.clone()),
                ("title", "Falska inlägg från vårt konto".to_owned()),
                (
                    "description",
                    "Karin såg inlägg som ingen av oss skrivit.".to_owned(),
                ),
                ("hide_name", "1".to_owned()),
                ("confirmed", confirmed.to_owned()),
            ]
        };
        let send = |f: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post("/admin/incidents", &f).await
            }
        };
        let r = send(fields("")).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("verkar nämna dig"));
        let r = app
            .post("/admin/incidents", &[("title", ""), ("description", "")])
            .await;
        assert_eq!(r.status(), 422);
        let r = send(fields("1")).await;
        assert_eq!(r.status(), 303, "{backend:?}");
        let id = store
            .incidents(None)
            .await
            .unwrap()
            .into_iter()
            .find(|i| i.title == "Falska inlägg från vårt konto")
            .unwrap()
            .id;
        assert_eq!(
            app.post(&format!("/admin/incidents/{id}/log"), &[("step", "0")])
                .await
                .status(),
            403,
            "the team handles it"
        );
        let other = store
            .incidents(None)
            .await
            .unwrap()
            .into_iter()
            .find(|i| i.title.starts_with("Hånfulla"))
            .unwrap()
            .id;
        assert_eq!(
            app.get(&format!("/admin/incidents/{other}")).await.status(),
            403,
            "someone else's report"
        );

        // The team works through the checklist and closes it.
        app.sign_in(ADMIN).await;
        let (_, html) = app.text(&format!("/admin/incidents/{id}")).await;
        assert!(
            html.contains("Anmäl till plattformen"),
            "the playbook's steps"
        );
        assert!(html.contains("Karin Åberg"), "the team sees who reported");
        assert_eq!(
            app.post(&format!("/admin/incidents/{id}/log"), &[("step", "1")])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.post(&format!("/admin/incidents/{id}/log"), &[("entry", " ")])
                .await
                .status(),
            400
        );
        assert_eq!(
            app.post(
                &format!("/admin/incidents/{id}/log"),
                &[("entry", "Plattformen svarade.")]
            )
            .await
            .status(),
            303
        );
        assert_eq!(
            app.post(&format!("/admin/incidents/{id}/close"), &[("notes", "")])
                .await
                .status(),
            400
        );
        assert_eq!(
            app.post(
                &format!("/admin/incidents/{id}/close"),
                &[("notes", "Kontot är återställt.")]
            )
            .await
            .status(),
            303
        );
        assert_eq!(
            app.post(
                &format!("/admin/incidents/{id}/close"),
                &[("notes", "Igen")]
            )
            .await
            .status(),
            409
        );
        let log = store.incident_log(id).await.unwrap();
        assert_eq!(log.iter().filter(|l| l.step == Some(1)).count(), 1);
        assert_eq!(
            store.incident(id).await.unwrap().status,
            lykta_domain::IncidentStatus::Closed
        );

        // In the public record, without the hidden reporter.
        let entries = store
            .search_record(&lykta_store::RecordQuery {
                text: "falska inlägg",
                kind: "incident-reported",
                person: "",
                blog_id: None,
                from: 0,
                to: i64::MAX,
                ids: None,
            })
            .await
            .unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].actor, None,
            "the reporter chose to hide their name"
        );

        // Playbooks are edited with versions kept; a stale save is refused.
        let path = format!("/admin/scenarios/{}", scenario.id);
        let edit = |version: &'static str| {
            vec![
                ("title", "Ett konto har kapats"),
                ("steps", "Byt lösenord\nAnmäl till plattformen"),
                ("version", version),
            ]
        };
        assert_eq!(app.post(&path, &edit("1")).await.status(), 303);
        let r = app.post(&path, &edit("1")).await;
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("name=\"version\" value=\"2\""),
            "the form builds on the version the page shows"
        );
        assert_eq!(store.scenario_revision_count(scenario.id).await.unwrap(), 2);
        app.sign_in(AUTHOR).await;
        assert_eq!(app.post(&path, &edit("2")).await.status(), 403);
    }
}

async fn add_screenshot(
    app: &TestApp,
    incident: IncidentId,
    bytes: Vec<u8>,
    description: &str,
) -> reqwest::Response {
    let form = Form::new()
        .text("description", description.to_owned())
        .part(
            "file",
            Part::bytes(bytes)
                .file_name("skarmbild.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    app.client
        .post(format!(
            "{}/admin/incidents/{incident}/files?csrf={}",
            app.address,
            app.csrf()
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn screenshots_stay_with_the_incident_and_lose_their_metadata() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        app.sign_in(AUTHOR).await;
        let r = app
            .post(
                "/admin/incidents",
                &[
                    ("scenario_id", "other"),
                    ("title", "Falskt konto i vårt namn"),
                    ("description", "Ett konto använder vår logga."),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let id = store.incidents(None).await.unwrap()[0].id;
        let page = format!("/admin/incidents/{id}");
        assert!(app.text(&page).await.1.contains("Inga skärmbilder ännu"));
        let media_before = store.all_media().await.unwrap().len();

        // Bad input: a message at the field, nothing kept.
        let r = add_screenshot(&app, id, jpeg_with_exif("X"), " ").await;
        assert_eq!(r.status(), 422, "{backend:?}: say what it shows");
        let r = add_screenshot(&app, id, b"inte en bild".to_vec(), "Profilen").await;
        assert_eq!(r.status(), 415);
        assert!(store.incident_files(id).await.unwrap().is_empty());

        let r = add_screenshot(
            &app,
            id,
            jpeg_with_exif("GPS-HEMLIGHET"),
            "Det falska kontots profil",
        )
        .await;
        assert_eq!(r.status(), 303);
        let files = store.incident_files(id).await.unwrap();
        assert_eq!(files.len(), 1);
        let url = format!("/admin/incidents/{id}/files/{}", files[0].id);
        let html = app.text(&page).await.1;
        assert!(html.contains("alt=\"Det falska kontots profil\""));
        let r = app.get(&url).await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store"));
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "an image");
        assert!(
            !bytes.windows(13).any(|w| w == b"GPS-HEMLIGHET"),
            "metadata is gone"
        );
        assert_eq!(
            store.all_media().await.unwrap().len(),
            media_before,
            "not in the public media library"
        );

        // Only the reporter and the team see it.
        app.sign_in(OTHER_AUTHOR).await;
        assert_eq!(app.get(&url).await.status(), 403);
        assert_eq!(
            add_screenshot(&app, id, jpeg_with_exif("X"), "Min bild")
                .await
                .status(),
            403
        );
        let anonymous = crate::helpers::stranger();
        let r = anonymous
            .get(format!("{}{url}", app.address))
            .send()
            .await
            .unwrap();
        assert_ne!(r.status(), 200);
        app.sign_in(ADMIN).await;
        assert_eq!(app.get(&url).await.status(), 200);
        assert_eq!(
            app.post(
                &format!("/admin/incidents/{id}/close"),
                &[("notes", "Anmält till plattformen; kontot togs bort.")]
            )
            .await
            .status(),
            303
        );
        assert_eq!(
            add_screenshot(&app, id, jpeg_with_exif("X"), "Sent")
                .await
                .status(),
            409,
            "closed"
        );
        assert_eq!(store.incident_files(id).await.unwrap().len(), 1);
    }
}

/// Report incident number `n`.
async fn report(app: &TestApp, n: i64) -> reqwest::Response {
    let title = format!("Händelse {n}");
    app.post(
        "/admin/incidents",
        &[
            ("title", title.as_str()),
            ("description", "Något hände i en grupp på Facebook."),
        ],
    )
    .await
}

#[tokio::test]
async fn one_person_cannot_bury_the_team_in_reports() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(OTHER_AUTHOR).await;
        for n in 0..lykta_app::incidents::MAX_REPORTS_PER_HOUR {
            assert_eq!(report(&app, n).await.status(), 303);
        }
        let r = report(&app, 99).await;
        assert_eq!(r.status(), 429);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("många händelser den senaste timmen"),
            "{html}"
        );
        assert!(html.contains("Händelse 99"), "the text is kept");
        let mine = app
            .state
            .store
            .incidents(None)
            .await
            .unwrap()
            .into_iter()
            .filter(|i| i.title.starts_with("Händelse "))
            .count();
        assert_eq!(mine as i64, lykta_app::incidents::MAX_REPORTS_PER_HOUR);
        // An hour later they may report again.
        app.clock.advance(3601);
        assert_eq!(report(&app, 100).await.status(), 303);
    }
}
