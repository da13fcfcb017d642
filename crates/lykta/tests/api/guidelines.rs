//! The social-media guidelines: versions, acknowledgements and their reach.

use crate::helpers::{backends, spawn_app, TestApp, ADMIN, AUTHOR};
use lykta_domain::UnitId;
use lykta_domain::UserId;

#[tokio::test]
async fn a_version_is_written_published_read_and_acknowledged_and_reach_is_counted() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        let current = store
            .current_guideline()
            .await
            .unwrap()
            .expect("the demo's version 2");
        assert_eq!(current.number, 2);
        // A week after publication, those who have not confirmed are reminded, once a week.
        app.state.worker.housekeeping().await.unwrap();
        app.state.worker.housekeeping().await.unwrap();
        let reminded: Vec<String> = store
            .outbox(1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.starts_with("Påminnelse: bekräfta"))
            .map(|m| m.to_address)
            .collect();
        assert!(
            reminded.contains(&"mikael@alvdal.example".to_owned()),
            "{reminded:?}"
        );
        assert!(
            !reminded.contains(&AUTHOR.to_owned()),
            "Karin has confirmed"
        );
        assert_eq!(
            reminded
                .iter()
                .filter(|a| *a == "mikael@alvdal.example")
                .count(),
            1,
            "once"
        );

        // An employee reads and acknowledges the version in force.
        app.sign_in(AUTHOR).await;
        let (status, html) = app.text("/admin/guidelines").await;
        assert_eq!(status, 200);
        assert!(html.contains("Riktlinjer för sociala medier") && html.contains("Gäller"));
        let (_, page) = app.text(&format!("/admin/guidelines/{}", current.id)).await;
        assert!(
            page.contains("För dig som privatperson") && page.contains("Du bekräftade"),
            "Karin acknowledged in the demo"
        );
        assert_eq!(
            app.post("/admin/guidelines", &[]).await.status(),
            403,
            "only the working group writes"
        );

        // The working group writes version 3 and publishes it.
        app.sign_in(ADMIN).await;
        let r = app.post("/admin/guidelines", &[]).await;
        assert_eq!(r.status(), 303);
        let draft = store.guideline_versions().await.unwrap()[0].clone();
        assert_eq!((draft.number, draft.state.as_str()), (3, "draft"));
        let edit = format!("/admin/guidelines/{}/edit", draft.id);
        let fields = |version: &str| {
            vec![
                ("title", "Riktlinjer för sociala medier".to_owned()),
                ("for_everyone", "Ny text för alla.".to_owned()),
                ("for_units", "Enheterna.".to_owned()),
                ("for_private", "Privat.".to_owned()),
                ("version", version.to_owned()),
            ]
        };
        let post = |path: String, f: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post(&path, &f).await
            }
        };
        assert_eq!(post(edit.clone(), fields("1")).await.status(), 303);
        let mut mine = fields("1");
        mine[1].1 = "Min egen text för alla.".to_owned();
        let r = post(edit.clone(), mine).await;
        assert_eq!(r.status(), 409, "a stale save");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Min egen text för alla."),
            "the person's text stays"
        );
        assert!(
            html.contains("Ny text för alla."),
            "the colleague's is shown beside it"
        );
        assert!(
            html.contains("name=\"version\" value=\"2\""),
            "the form builds on their version"
        );
        let mut merged = fields("2");
        merged[1].1 = "Ny text för alla. Min egen text för alla.".to_owned();
        assert_eq!(post(edit.clone(), merged).await.status(), 303);
        let publish = format!("/admin/guidelines/{}/publish", draft.id);
        assert_eq!(
            app.post(&publish, &[("summary", " ")]).await.status(),
            400,
            "say what changed"
        );
        let before = store.outbox(1000).await.unwrap().len();
        assert_eq!(
            app.post(&publish, &[("summary", "Kortare text.")])
                .await
                .status(),
            303
        );
        let asked = store.outbox(1000).await.unwrap().len() - before;
        assert!(asked >= 10, "everyone is asked to read it ({asked})");
        assert_eq!(
            post(edit.clone(), fields("2")).await.status(),
            409,
            "a published version does not change"
        );
        assert_eq!(
            store.guideline_version(current.id).await.unwrap().state,
            lykta_domain::GuidelineState::Superseded
        );

        // Acknowledging the superseded version is refused; the new one works.
        app.sign_in(AUTHOR).await;
        let r = app
            .post(
                &format!("/admin/guidelines/{}/acknowledge", current.id),
                &[],
            )
            .await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("har ersatts"));
        app.get(&format!("/admin/guidelines/{}", draft.id)).await;
        assert_eq!(
            app.post(&format!("/admin/guidelines/{}/acknowledge", draft.id), &[])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.get(&format!("/admin/guidelines/{}/reach", draft.id))
                .await
                .status(),
            403
        );

        // Reach: per unit and overall, and a unit's CSV.
        app.sign_in(ADMIN).await;
        let (status, html) = app
            .text(&format!("/admin/guidelines/{}/reach", draft.id))
            .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("1 har bekräftat"),
            "only Karin so far: {}",
            &html[html.find("<h1").unwrap_or(0)..][..400.min(html.len())]
        );
        let unit = store
            .units()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.slug == "bild-och-funktionsmedicin")
            .unwrap();
        let r = app
            .get(&format!(
                "/admin/guidelines/{}/reach.csv?unit={}",
                draft.id, unit.id
            ))
            .await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with("name,email,unit,read_at,acknowledged_at"));
        assert!(csv.contains("Karin Åberg,karin@alvdal.example,Bild- och funktionsmedicin,"));
        assert!(
            !csv.contains("maria@alvdal.example"),
            "another unit's people are not in this unit's file"
        );
    }
}

async fn unit_id(app: &TestApp, slug: &str) -> UnitId {
    app.state.store.unit_by_slug(slug).await.unwrap().id
}

#[tokio::test]
async fn managers_follow_and_export_only_their_own_unit() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let v = app
            .state
            .store
            .current_guideline()
            .await
            .unwrap()
            .unwrap()
            .id;
        let bild = unit_id(&app, "bild-och-funktionsmedicin").await;
        let ledning = unit_id(&app, "regionledningskontoret").await;
        let primar = unit_id(&app, "primarvarden").await;
        let reach = |unit: UnitId| format!("/admin/guidelines/{v}/reach?unit={unit}");
        let csv = |unit: UnitId| format!("/admin/guidelines/{v}/reach.csv?unit={unit}");
        // Per manages Bild- och funktionsmedicin (the demo).
        app.sign_in("per@alvdal.example").await;
        let overview = app.text("/admin/guidelines").await.1;
        assert!(
            overview.contains(&format!("reach?unit={bild}")),
            "{backend:?}: a way in from the overview"
        );
        let (status, html) = app.text(&reach(bild)).await;
        assert_eq!(status, 200);
        assert!(html.contains("Leila Haddad") && html.contains("Mikael Strand"));
        assert!(!html.contains("Anna Lindqvist"), "another unit's people");
        let r = app.get(&csv(bild)).await;
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        let mut rows = csv::Reader::from_reader(body.as_bytes());
        let emails: Vec<String> = rows.records().map(|r| r.unwrap()[1].to_owned()).collect();
        assert!(emails.contains(&"mikael@alvdal.example".to_owned()));
        assert!(
            emails.iter().all(|e| e != "anna@alvdal.example"),
            "{emails:?}"
        );
        for path in [
            reach(ledning),
            csv(ledning),
            format!("/admin/guidelines/{v}/reach"),
            format!("/admin/guidelines/{v}/reach.csv"),
        ] {
            assert_eq!(app.get(&path).await.status(), 403, "{path}");
        }
        // A draft is the working group's, even by unit.
        let draft = app
            .state
            .store
            .create_guideline_draft(
                &lykta_store::GuidelineText {
                    title: "Utkast",
                    for_everyone: "",
                    for_units: "",
                    for_private: "",
                    questions: "",
                },
                UserId::new(1),
                app.state.now(),
            )
            .await
            .unwrap();
        assert_eq!(
            app.get(&format!("/admin/guidelines/{draft}/reach?unit={bild}"))
                .await
                .status(),
            404
        );
        // Only an administrator names managers.
        let managers = format!("/admin/units/{primar}/managers");
        let karin = app
            .state
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == AUTHOR)
            .unwrap()
            .id
            .to_string();
        assert_eq!(
            app.post(&managers, &[("managers", &karin)]).await.status(),
            403
        );
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get(&reach(primar)).await.status(), 403);
        app.sign_in(ADMIN).await;
        assert_eq!(
            app.post(&managers, &[("managers", "99999")]).await.status(),
            400,
            "nobody by that id"
        );
        assert_eq!(
            app.post(&managers, &[("managers", &karin)]).await.status(),
            303
        );
        assert!(app
            .text("/admin/organisation")
            .await
            .1
            .contains("Chefer: Karin Åberg"));
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get(&reach(primar)).await.status(), 200);
        assert_eq!(app.get(&csv(primar)).await.status(), 200);
        assert_eq!(app.get(&reach(bild)).await.status(), 403);
    }
}

#[tokio::test]
async fn check_questions_are_answered_before_acknowledging_and_counted() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        app.sign_in(ADMIN).await;
        assert_eq!(app.post("/admin/guidelines", &[]).await.status(), 303);
        let draft = store.guideline_versions().await.unwrap()[0].clone();
        assert!(
            draft.questions.contains("allmän handling"),
            "{backend:?}: a new draft starts from the questions in force"
        );
        let edit = format!("/admin/guidelines/{}/edit", draft.id);
        assert!(app.text(&edit).await.1.contains("allmän handling"));
        let save = |version: &'static str, questions: &'static str| {
            let app = &app;
            let edit = edit.clone();
            async move {
                app.post(
                    &edit,
                    &[
                        ("title", "Riktlinjer"),
                        ("for_everyone", "Alla."),
                        ("for_units", "Enheter."),
                        ("for_private", "Privat."),
                        ("questions", questions),
                        ("version", version),
                    ],
                )
                .await
            }
        };
        let r = save(
            "1",
            "Vem svarar?\n* Regionen\n- Jag\n\nFår jag?\n* Ja\n* Nej",
        )
        .await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Fråga 2: Markera exakt ett rätt svar med *."),
            "the question is named"
        );
        assert!(html.contains("Får jag?"), "what was written is kept");
        let questions = "Vem svarar för regionen?\n- Jag\n* Regionens konton\n\nÄr kommentarer allmänna handlingar?\n* Ja\n- Nej";
        assert_eq!(save("1", questions).await.status(), 303);
        let publish = format!("/admin/guidelines/{}/publish", draft.id);
        assert_eq!(
            app.post(&publish, &[("summary", "Frågor.")]).await.status(),
            303
        );

        app.sign_in(AUTHOR).await;
        let page = format!("/admin/guidelines/{}", draft.id);
        assert!(
            app.text("/admin").await.1.contains(&page),
            "waiting on her dashboard"
        );
        let html = app.text(&page).await.1;
        assert!(html.contains("<legend>1. Vem svarar för regionen?</legend>"));
        let ack = format!("/admin/guidelines/{}/acknowledge", draft.id);
        let r = app.post(&ack, &[("q0", "0"), ("q1", "0")]).await;
        assert_eq!(r.status(), 422, "a wrong answer");
        let html = r.text().await.unwrap();
        assert!(html.contains("id=\"q0-error\"") && !html.contains("id=\"q1-error\""));
        assert!(html.contains("Läs avsnittet igen"));
        let karin = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == AUTHOR)
            .unwrap()
            .id;
        assert_eq!(
            store
                .guideline_acknowledged_at(draft.id, karin)
                .await
                .unwrap(),
            None
        );
        let r = app.post(&ack, &[("q0", "1")]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Svara på alla frågor"));
        assert_eq!(
            app.post(&ack, &[("q0", "1"), ("q1", "9")]).await.status(),
            422,
            "no such answer"
        );
        assert_eq!(
            app.post(&ack, &[("q0", "1"), ("q1", "0")]).await.status(),
            303
        );
        assert!(store
            .guideline_acknowledged_at(draft.id, karin)
            .await
            .unwrap()
            .is_some());
        assert!(!app.text("/admin").await.1.contains(&page), "done");

        // The working group sees which questions people get wrong.
        let stats = store.guideline_question_stats(draft.id).await.unwrap();
        assert_eq!(
            stats
                .iter()
                .map(|s| (s.question, s.people, s.wrong))
                .collect::<Vec<_>>(),
            [(0, 1, 1), (1, 1, 0)]
        );
        app.sign_in(ADMIN).await;
        let html = app
            .text(&format!("/admin/guidelines/{}/reach", draft.id))
            .await
            .1;
        assert!(html.contains("1. Vem svarar för regionen?"));
    }
}
