//! The inventory survey: sent to units, answered once per unit by its
//! people, seen next to the inventory.

use crate::helpers::{assert_conflict, backends, spawn_app, TestApp, ADMIN, AUTHOR};
use lykta_domain::UnitId;

async fn unit(app: &TestApp, slug: &str) -> UnitId {
    app.state.store.unit_by_slug(slug).await.unwrap().id
}

#[tokio::test]
async fn units_answer_the_survey_and_communicators_see_it_next_to_the_inventory() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        let bild = unit(&app, "bild-och-funktionsmedicin").await;
        let primar = unit(&app, "primarvarden").await;
        let ledning = format!("unit-{}", unit(&app, "regionledningskontoret").await);
        let (bild_s, primar_s) = (format!("unit-{bild}"), format!("unit-{primar}"));
        app.sign_in(ADMIN).await;
        // Bad input: every problem named at its field, nothing sent.
        let before = store.surveys().await.unwrap().len();
        for (fields, message) in [
            (
                vec![("title", "Tjänster"), ("intro", "Vilka?")],
                "Välj minst en enhet",
            ),
            (
                vec![
                    ("title", "Tjänster"),
                    ("intro", "Vilka?"),
                    (bild_s.as_str(), "on"),
                    ("closes_on", "2020-01-01"),
                ],
                "redan varit",
            ),
            (
                vec![("title", ""), ("intro", "Vilka?"), (bild_s.as_str(), "on")],
                "form-has-errors",
            ),
            (
                vec![("title", "T"), ("intro", "Vilka?"), ("unit-99999", "on")],
                "Välj minst en enhet",
            ),
        ] {
            let r = app.post("/admin/surveys", &fields).await;
            assert_eq!(r.status(), 422, "{backend:?} {fields:?}");
            let html = r.text().await.unwrap();
            assert!(
                message == "form-has-errors" || html.contains(message),
                "{message}"
            );
        }
        assert_eq!(store.surveys().await.unwrap().len(), before);
        let r = app
            .post("/admin/surveys", &[("title", "T"), ("intro", "Vilka?")])
            .await;
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!("name=\"unit-{bild}\">")),
            "the units stay as they were chosen (none)"
        );
        let mails = store.outbox(1000).await.unwrap().len();
        let r = app
            .post(
                "/admin/surveys",
                &[
                    ("title", "Vad har ni provat i år?"),
                    ("intro", "Vilka tjänster, till vad, och hur gick det?"),
                    (bild_s.as_str(), "on"),
                    (primar_s.as_str(), "on"),
                    (ledning.as_str(), "on"),
                    ("closes_on", "2099-12-31"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let id = store.surveys().await.unwrap()[0].id;
        // Per manages Bild- och funktionsmedicin: he is asked, not everyone
        // there; Primärvården has no manager, so everyone in it is asked.
        // The outbox lists the newest first: what came after `mails`.
        let outbox = store.outbox(1000).await.unwrap();
        let asked: Vec<String> = outbox[..outbox.len() - mails]
            .iter()
            .filter(|m| m.subject.starts_with("Enkät: Vad har ni provat i år?"))
            .map(|m| m.to_address.clone())
            .collect();
        assert!(
            asked.contains(&"per@alvdal.example".to_owned()),
            "{asked:?}"
        );
        assert!(!asked.contains(&AUTHOR.to_owned()), "{asked:?}");

        // Karin works in the unit: she answers for it.
        app.sign_in(AUTHOR).await;
        let list = app.text("/admin/surveys").await.1;
        let form = format!("/admin/surveys/{id}/units/{bild}");
        assert!(list.contains(&form), "her unit's survey is listed");
        assert_eq!(app.get(&form).await.status(), 200);
        assert!(
            app.text("/admin").await.1.contains(&form),
            "waiting on her dashboard"
        );
        assert_eq!(
            app.get(&format!("/admin/surveys/{id}/units/{primar}"))
                .await
                .status(),
            403,
            "another unit's answer"
        );
        assert_eq!(app.get(&format!("/admin/surveys/{id}")).await.status(), 403);
        let rows = |service1: &'static str| {
            vec![
                ("version", "0"),
                ("rows", "3"),
                ("service-0", "YouTube"),
                ("used_for-0", "Filmer om undersökningar"),
                ("result-0", "good"),
                ("service-1", service1),
                ("used_for-1", "Rekrytering"),
                ("result-1", "mixed"),
                ("comment-1", "Svårt att hinna"),
                ("service-2", ""),
                ("result-2", "unknown"),
            ]
        };
        let r = app.post(&form, &rows("")).await;
        assert_eq!(r.status(), 422, "a row without its service");
        let html = r.text().await.unwrap();
        assert!(html.contains("id=\"service-1-error\""), "at its row");
        assert!(html.contains("Svårt att hinna"), "what was written is kept");
        assert!(store.survey_responses(id).await.unwrap().is_empty());
        assert_eq!(app.post(&form, &rows("Instagram")).await.status(), 303);
        // Someone else in the unit saved first: the rows stay, the unit's
        // saved answer is shown beside them, and the form builds on it.
        let r = app.post(&form, &rows("TikTok")).await;
        assert_conflict(r, "TikTok", "Instagram – Rekrytering – Blandat", 1).await;
        let mut again = rows("Instagram");
        again[0].1 = "1";
        assert_eq!(app.post(&form, &again).await.status(), 303, "saved again");
        let saved = store.survey_responses(id).await.unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].answers.len(), 2, "empty rows are not kept");
        assert!(app.text(&form).await.1.contains("Filmer om undersökningar"));
        assert!(!app.text("/admin").await.1.contains(&form), "done");

        // The communicator sees it next to the unit's channels.
        app.sign_in(ADMIN).await;
        let (status, html) = app.text(&format!("/admin/surveys/{id}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("1 av 3 enheter har svarat"));
        let at = html.find("id=\"unit-").unwrap();
        assert!(
            html[at..].contains("Röntgen på insidan"),
            "the unit's channel"
        );
        let youtube = html.find("<strong>YouTube</strong>").unwrap();
        let item = &html[youtube..youtube + html[youtube..].find("</li>").unwrap()];
        assert!(
            item.contains("Finns inte i kanalförteckningen"),
            "a service the inventory lacks: {item}"
        );
        let insta = html.find("<strong>Instagram</strong>").unwrap();
        let item = &html[insta..insta + html[insta..].find("</li>").unwrap()];
        assert!(!item.contains("Finns inte i kanalförteckningen"), "{item}");
        assert!(html.contains("Inte besvarad än"), "Primärvården");
        let at = html.find("Primärvården</h2>").unwrap();
        assert!(
            html[at..].contains("Ingen i Lykta hör till enheten"),
            "nobody there to ask"
        );

        // Units that have not answered are reminded, once a day.
        let remind = format!("/admin/surveys/{id}/remind");
        let mails = store.outbox(1000).await.unwrap().len();
        let r = app.post(&remind, &[]).await;
        assert_eq!(r.status(), 303);
        let reminded: Vec<String> = store.outbox(1000).await.unwrap()[..]
            .iter()
            .take(store.outbox(1000).await.unwrap().len() - mails)
            .map(|m| m.subject.clone())
            .collect();
        assert!(!reminded.is_empty());
        assert!(
            reminded
                .iter()
                .all(|s| s.starts_with("Påminnelse:") && s.contains("Regionledningskontoret")),
            "only the unit that has not answered: {reminded:?}"
        );
        let again = app.post(&remind, &[]).await;
        let to = again.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.ends_with("reminded=0"), "{to}");
        assert!(app.text(&to).await.1.contains("redan påmints i dag"));
        // Closed: no more answers.
        let close = format!("/admin/surveys/{id}/close");
        assert_eq!(app.post(&close, &[]).await.status(), 303);
        assert_eq!(app.post(&close, &[]).await.status(), 409);
        app.sign_in(AUTHOR).await;
        let mut late = rows("Instagram");
        late[0] = ("version", "1");
        assert_eq!(app.post(&form, &late).await.status(), 409);
    }
}
