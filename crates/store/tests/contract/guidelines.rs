//! Guidelines: numbered versions, drafts saved with optimistic versions, one
//! version in force, reads, acknowledgements and check-question answers.

use crate::{fresh, person, seed};
use lykta_domain::Role;
use lykta_domain::{GuidelineVersionId, UserId};
use lykta_store::testing::backends;
use lykta_store::*;

fn text(title: &str) -> GuidelineText<'_> {
    GuidelineText {
        title,
        for_everyone: "Var vänlig.",
        for_units: "Svara inom två dagar.",
        for_private: "Du talar för dig själv.",
        questions: "",
    }
}

#[tokio::test]
async fn guidelines_versions_and_acknowledgement() {
    for backend in backends() {
        eprintln!("guidelines on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        let bo = person(&store, "bo@example.org", Role::Communicator).await;
        assert!(store.current_guideline().await.unwrap().is_none());

        let v1 = store
            .create_guideline_draft(&text("Riktlinjer"), bo, 10)
            .await
            .unwrap();
        let d = store.guideline_version(v1).await.unwrap();
        assert_eq!((d.number, d.state.as_str(), d.version), (1, "draft", 1));
        store
            .update_guideline_draft(v1, 1, &text("Riktlinjer 2026"), bo, 11)
            .await
            .unwrap();
        let err = store
            .update_guideline_draft(v1, 1, &text("Krock"), bo, 12)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        assert_eq!(
            store.guideline_version(v1).await.unwrap().title,
            "Riktlinjer 2026"
        );
        assert!(
            matches!(
                store.acknowledge_guideline(v1, anna, 13).await,
                Err(StoreError::Conflict(_))
            ),
            "a draft cannot be acknowledged"
        );
        assert!(matches!(
            store
                .guideline_version(GuidelineVersionId::new(999_999))
                .await,
            Err(StoreError::NotFound)
        ));

        store.publish_guideline(v1, "Första", bo, 20).await.unwrap();
        let current = store.current_guideline().await.unwrap().unwrap();
        assert_eq!((current.id, current.published_at), (v1, Some(20)));
        assert_eq!(current.summary, "Första");
        assert!(matches!(
            store.publish_guideline(v1, "Igen", bo, 21).await,
            Err(StoreError::Conflict(_))
        ));
        let v = current.version;
        assert!(
            matches!(
                store
                    .update_guideline_draft(v1, v, &text("Ändrad"), bo, 22)
                    .await,
                Err(StoreError::Conflict("published"))
            ),
            "a published version never changes"
        );

        // Reads and acknowledgements: the first time counts.
        store.mark_guideline_read(v1, anna, 30).await.unwrap();
        store.mark_guideline_read(v1, anna, 31).await.unwrap();
        assert_eq!(
            store.guideline_acknowledged_at(v1, anna).await.unwrap(),
            None
        );
        store.acknowledge_guideline(v1, anna, 32).await.unwrap();
        store.acknowledge_guideline(v1, anna, 33).await.unwrap();
        assert_eq!(
            store.guideline_acknowledged_at(v1, anna).await.unwrap(),
            Some(32)
        );
        assert_eq!(store.guideline_acknowledged_at(v1, bo).await.unwrap(), None);
        let reach = store.guideline_reach(v1).await.unwrap();
        let of = |id: UserId| reach.iter().find(|r| r.user_id == id).unwrap();
        assert_eq!(
            (of(anna).read_at, of(anna).acknowledged_at),
            (Some(30), Some(32))
        );
        assert_eq!((of(bo).read_at, of(bo).acknowledged_at), (None, None));
        assert_eq!(reach.len(), 2, "every active person");

        store
            .record_guideline_answers(v1, anna, &[(0, false), (0, true), (1, true)], 40)
            .await
            .unwrap();
        store
            .record_guideline_answers(v1, bo, &[(0, true)], 41)
            .await
            .unwrap();
        let stats = store.guideline_question_stats(v1).await.unwrap();
        let stats: Vec<(i64, i64, i64)> = stats
            .iter()
            .map(|s| (s.question, s.people, s.wrong))
            .collect();
        assert_eq!(stats, [(0, 2, 1), (1, 1, 0)]);

        // A new version supersedes the one in force; the old acknowledgement stays.
        let v2 = store
            .create_guideline_draft(&text("Nya riktlinjer"), bo, 50)
            .await
            .unwrap();
        assert_eq!(store.guideline_version(v2).await.unwrap().number, 2);
        assert_eq!(
            store.current_guideline().await.unwrap().unwrap().id,
            v1,
            "a draft is not in force"
        );
        store.publish_guideline(v2, "Andra", bo, 60).await.unwrap();
        assert_eq!(store.current_guideline().await.unwrap().unwrap().id, v2);
        assert_eq!(
            store.guideline_version(v1).await.unwrap().state,
            lykta_domain::GuidelineState::Superseded
        );
        assert!(matches!(
            store.acknowledge_guideline(v1, bo, 61).await,
            Err(StoreError::Conflict("superseded"))
        ));
        assert_eq!(
            store.guideline_acknowledged_at(v1, anna).await.unwrap(),
            Some(32)
        );
        assert_eq!(
            store.guideline_acknowledged_at(v2, anna).await.unwrap(),
            None
        );
        let versions: Vec<_> = store
            .guideline_versions()
            .await
            .unwrap()
            .iter()
            .map(|v| v.number)
            .collect();
        assert_eq!(versions, [2, 1], "newest first");
    }
}
