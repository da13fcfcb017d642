//! Scenario playbooks (every save kept) and incidents: reported into the
//! record, logged, with at most so many screenshots, closed once.

use crate::{fresh, person, seed};
use lykta_domain::Role;
use lykta_domain::{IncidentId, ScenarioId, UserId};
use lykta_store::testing::backends;
use lykta_store::*;

fn playbook(title: &str) -> ScenarioInput<'_> {
    ScenarioInput {
        title,
        triggers: "Hot i kommentarer",
        steps: "Spara skärmbild\n\n  Kontakta säkerhet  \n",
        contacts: "",
        templates: "",
        advice: "Ring 112 vid akut fara",
    }
}

fn file(incident_id: IncidentId, by: UserId, name: &str) -> NewIncidentFile<'_> {
    NewIncidentFile {
        incident_id,
        file_name: name,
        mime: "image/png",
        width: 10,
        height: 10,
        description: "Skärmbild",
        uploaded_by: by,
    }
}

#[tokio::test]
async fn playbooks_and_incidents() {
    for backend in backends() {
        eprintln!("incidents on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        let bo = person(&store, "bo@example.org", Role::Communicator).await;

        let s = store
            .create_scenario(&playbook("Hot"), bo, 10)
            .await
            .unwrap();
        assert_eq!(store.scenario_revision_count(s).await.unwrap(), 1);
        let sc = store.scenario(s).await.unwrap();
        assert_eq!(sc.step_list(), ["Spara skärmbild", "Kontakta säkerhet"]);
        assert_eq!(sc.advice, "Ring 112 vid akut fara");
        store
            .update_scenario(s, 1, &playbook("Hot och hat"), bo, 11)
            .await
            .unwrap();
        let err = store
            .update_scenario(s, 1, &playbook("Krock"), bo, 12)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        assert!(matches!(
            store
                .update_scenario(ScenarioId::new(999_999), 1, &playbook("X"), bo, 12)
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.scenario(s).await.unwrap().title, "Hot och hat");
        assert_eq!(
            store.scenario_revision_count(s).await.unwrap(),
            2,
            "every save kept"
        );

        let report = |title: &'static str, reporter: UserId, hide_name: bool| NewIncident {
            scenario_id: Some(s),
            title,
            description: "Det hände",
            links: "https://x.example/1",
            reporter_id: reporter,
            hide_name,
            sensitive: true,
        };
        let i = store
            .report_incident(&report("Hotfullt inlägg", anna, true), 20)
            .await
            .unwrap();
        let j = store
            .report_incident(&report("Falskt konto", bo, false), 21)
            .await
            .unwrap();
        let inc = store.incident(i).await.unwrap();
        assert_eq!(
            (inc.status.as_str(), inc.scenario_title.as_deref()),
            ("open", Some("Hot och hat"))
        );
        assert!(inc.hide_name && inc.sensitive);
        let mine: Vec<_> = store
            .incidents(Some(anna))
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(mine, [i]);
        assert_eq!(store.incidents(None).await.unwrap().len(), 2);
        let log = store.record_entries_after(0, 100).await.unwrap();
        let reported: Vec<_> = log
            .iter()
            .filter(|e| e.kind == "incident-reported")
            .collect();
        assert_eq!(reported.len(), 2);
        assert_eq!(
            (reported[0].ref_id, reported[0].actor),
            (i.get(), None),
            "a hidden name stays out"
        );
        assert!(!reported[0]
            .payload
            .as_deref()
            .unwrap()
            .contains(&format!("\"reporter\":{anna}")));
        assert_eq!((reported[1].ref_id, reported[1].actor), (j.get(), Some(bo)));

        store
            .log_incident(i, Some(0), "Sparat", bo, 30)
            .await
            .unwrap();
        store
            .log_incident(i, None, "Ringt säkerhet", bo, 31)
            .await
            .unwrap();
        assert_eq!(
            store.incident(i).await.unwrap().status,
            lykta_domain::IncidentStatus::Handling
        );
        let entries = store.incident_log(i).await.unwrap();
        assert_eq!(
            entries
                .iter()
                .map(|e| (e.step, e.entry.as_str()))
                .collect::<Vec<_>>(),
            [(Some(0), "Sparat"), (None, "Ringt säkerhet")]
        );
        assert_eq!(entries[0].actor_name.as_deref(), Some("bo"));

        for n in 0..MAX_INCIDENT_FILES {
            let name = format!("f{n}.png");
            store
                .add_incident_file(&file(i, anna, &name), 40)
                .await
                .unwrap();
        }
        assert!(matches!(
            store
                .add_incident_file(&file(i, anna, "en-till.png"), 41)
                .await,
            Err(StoreError::Conflict("full"))
        ));
        assert!(matches!(
            store
                .add_incident_file(&file(IncidentId::new(999_999), anna, "x.png"), 41)
                .await,
            Err(StoreError::NotFound)
        ));
        let files = store.incident_files(i).await.unwrap();
        assert_eq!(files.len() as i64, MAX_INCIDENT_FILES);
        assert_eq!(files[0].file_name, "f0.png");
        assert!(store.incident_files(j).await.unwrap().is_empty());

        store
            .close_incident(j, "Anmält till plattformen", bo, 50)
            .await
            .unwrap();
        let closed = store.incident(j).await.unwrap();
        assert_eq!(
            (closed.status.as_str(), closed.closed_at),
            ("closed", Some(50))
        );
        assert_eq!(closed.closing_notes, "Anmält till plattformen");
        assert!(matches!(
            store.close_incident(j, "Igen", bo, 51).await,
            Err(StoreError::Conflict("closed"))
        ));
        assert!(matches!(
            store.log_incident(j, None, "Efteråt", bo, 52).await,
            Err(StoreError::Conflict("closed"))
        ));
        assert!(matches!(
            store.add_incident_file(&file(j, bo, "sen.png"), 53).await,
            Err(StoreError::Conflict("closed"))
        ));
        let open_first: Vec<_> = store
            .incidents(None)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(open_first, [i, j], "open ones first");
        let log = store.record_entries_after(0, 100).await.unwrap();
        assert_eq!(
            log.iter().filter(|e| e.kind == "incident-closed").count(),
            1
        );
        assert_eq!(store.verify_record().await.unwrap().first_broken, None);
    }
}
