//! The year plan: items saved with optimistic versions, and approvals that
//! keep the plan as it was sent and are decided once.

use crate::{fresh, person, post, seed};
use lykta_domain::UserId;
use lykta_domain::{PlanApprovalState, PlanStatus, Role};
use lykta_store::testing::backends;
use lykta_store::*;

fn item<'a>(
    title: &'a str,
    due_on: &'a str,
    status: PlanStatus,
    assignee: Option<UserId>,
) -> PlanInput<'a> {
    PlanInput {
        title,
        theme: "Rekrytering",
        due_on,
        assignee_id: assignee,
        channels: "blog,instagram",
        status,
        post_id: None,
    }
}

#[tokio::test]
async fn plan_items_versions_and_approval() {
    for backend in backends() {
        eprintln!("plan on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, internal) = seed(&store).await;
        let bo = person(&store, "bo@example.org", Role::Communicator).await;
        let p = post(&store, public, anna, "Kopplat inlägg", &[]).await;

        let a = store
            .create_plan_item(
                public,
                &item("Vår", "2026-03-01", PlanStatus::Planned, Some(anna)),
                10,
            )
            .await
            .unwrap();
        let b = store
            .create_plan_item(
                public,
                &item("Höst", "2026-09-01", PlanStatus::Writing, None),
                10,
            )
            .await
            .unwrap();
        let next_year = store
            .create_plan_item(
                public,
                &item("Nästa år", "2027-01-15", PlanStatus::Planned, Some(anna)),
                10,
            )
            .await
            .unwrap();
        let done = store
            .create_plan_item(
                internal,
                &item("Klart", "2026-03-02", PlanStatus::Done, Some(anna)),
                10,
            )
            .await
            .unwrap();
        let ids = |v: Vec<PlanItem>| v.into_iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(
            ids(store.plan_items(public, 2026).await.unwrap()),
            [a, b],
            "by date, that year"
        );
        assert_eq!(
            ids(store.plan_items(public, 2027).await.unwrap()),
            [next_year]
        );
        let it = store.plan_item(a).await.unwrap();
        assert_eq!((it.version, it.assignee_name.as_deref()), (1, Some("Anna")));
        assert_eq!(it.channel_list(), ["blog", "instagram"]);

        let linked = PlanInput {
            post_id: Some(p),
            ..item("Vår, skrivs", "2026-03-01", PlanStatus::Writing, Some(anna))
        };
        store.update_plan_item(a, 1, &linked, 20).await.unwrap();
        let err = store
            .update_plan_item(
                a,
                1,
                &item("Krock", "2026-03-01", PlanStatus::Planned, None),
                21,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        let it = store.plan_item(a).await.unwrap();
        assert_eq!((it.title.as_str(), it.version), ("Vår, skrivs", 2));
        assert_eq!(
            (it.post_id, it.post_title.as_deref()),
            (Some(p), Some("Kopplat inlägg"))
        );

        let due: Vec<_> = store
            .open_plan_items_due(None, "2026-01-01", "2026-12-31")
            .await
            .unwrap()
            .iter()
            .map(|d| d.item.id)
            .collect();
        assert_eq!(due, [a, b], "open items only");
        let due = store
            .open_plan_items_due(Some(&[internal][..]), "2026-01-01", "2026-12-31")
            .await
            .unwrap();
        assert!(due.is_empty());
        assert!(store
            .open_plan_items_due(Some(&[][..]), "2026-01-01", "2027-12-31")
            .await
            .unwrap()
            .is_empty());
        let mine: Vec<_> = store
            .plan_items_for_calendar(Some(anna), None, "2026-01-01")
            .await
            .unwrap()
            .iter()
            .map(|d| d.item.id)
            .collect();
        assert_eq!(mine, [a, done, next_year]);
        let blog: Vec<_> = store
            .plan_items_for_calendar(None, Some(public), "2026-06-01")
            .await
            .unwrap()
            .iter()
            .map(|d| d.item.id)
            .collect();
        assert_eq!(blog, [b, next_year]);

        // Approval keeps the plan as it was sent.
        let req = store
            .request_plan_approval(public, 2026, anna, 30)
            .await
            .unwrap();
        assert!(
            matches!(
                store.request_plan_approval(public, 2026, anna, 31).await,
                Err(StoreError::Conflict(_))
            ),
            "one waiting at a time"
        );
        assert_eq!(
            store
                .pending_plan_approvals(&[public, internal])
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(store.pending_plan_approvals(&[]).await.unwrap().is_empty());
        store
            .update_plan_item(
                b,
                1,
                &item("Höst, ändrad", "2026-09-01", PlanStatus::Writing, None),
                32,
            )
            .await
            .unwrap();
        store
            .decide_plan_approval(public, req, PlanApprovalState::Approved, "Bra", bo, 40)
            .await
            .unwrap();
        assert!(
            matches!(
                store
                    .decide_plan_approval(
                        public,
                        req,
                        PlanApprovalState::ChangesRequested,
                        "",
                        bo,
                        41
                    )
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "decided once"
        );
        let approval = store.plan_approval(public, req).await.unwrap();
        assert_eq!(approval.state, PlanApprovalState::Approved);
        assert_eq!(
            (
                approval.decided_by_name.as_deref(),
                approval.decided_at,
                approval.note.as_str()
            ),
            (Some("bo"), Some(40), "Bra")
        );
        let titles: Vec<String> = approval.items().into_iter().map(|i| i.title).collect();
        assert_eq!(
            titles,
            ["Vår, skrivs", "Höst"],
            "as approved, not as edited since"
        );
        assert!(matches!(
            store.plan_approval(internal, req).await,
            Err(StoreError::NotFound)
        ));
        assert!(store
            .pending_plan_approvals(&[public])
            .await
            .unwrap()
            .is_empty());
        let again = store
            .request_plan_approval(public, 2026, anna, 50)
            .await
            .unwrap();
        let all: Vec<_> = store
            .plan_approvals(public, 2026)
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(all, [again, req], "newest first");

        store.delete_plan_item(b).await.unwrap();
        assert!(matches!(
            store.plan_item(b).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(ids(store.plan_items(public, 2026).await.unwrap()), [a]);
    }
}
