//! Channels: one entry per address, saves with optimistic versions, requests
//! decided once, and an import that saves every row or none.

use crate::{fresh, person, seed};
use lykta_domain::{ChannelId, UserId};
use lykta_domain::{ChannelStatus, Platform, Role};
use lykta_store::testing::backends;
use lykta_store::*;

/// No one has this id.
const NOBODY: [UserId; 1] = [UserId::new(999_999)];

fn input<'a>(url: &'a str, name: &'a str, owners: &'a [UserId]) -> ChannelInput<'a> {
    ChannelInput {
        platform: Platform::Instagram,
        name,
        url,
        unit_id: None,
        purpose: "Rekrytering",
        goal: "Fler sökande",
        audience: "",
        cadence: "",
        owner_ids: owners,
        last_activity_at: Some(5),
    }
}

#[tokio::test]
async fn channels_inventory_and_import() {
    for backend in backends() {
        eprintln!("channels on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        let bo = person(&store, "bo@example.org", Role::Communicator).await;
        let unit = store.create_unit("rontgen", "Röntgen", 1).await.unwrap();

        let owners = [anna, bo];
        let a = store
            .create_channel(
                &input("https://a.example", "A", &owners),
                ChannelStatus::Active,
                bo,
                10,
            )
            .await
            .unwrap();
        let c = store.channel(a).await.unwrap();
        assert_eq!(
            (c.status, c.version, c.created_at),
            (ChannelStatus::Active, 1, 10)
        );
        let mut names: Vec<_> = c.owners.iter().map(|o| o.user_id).collect();
        names.sort();
        assert_eq!(names, [anna, bo]);
        assert!(c
            .owners
            .iter()
            .all(|o| !o.has_left && o.acknowledged.is_none()));
        assert!(matches!(
            store
                .create_channel(
                    &input("https://a.example", "Dubblett", &[]),
                    ChannelStatus::Requested,
                    anna,
                    11
                )
                .await,
            Err(StoreError::Conflict("url"))
        ));

        // Saves carry the version they were based on; owners are replaced.
        let just_bo = [bo];
        let changed = ChannelInput {
            unit_id: Some(unit),
            ..input("https://a.example", "A nytt namn", &just_bo)
        };
        store
            .update_channel(a, 1, &changed, ChannelStatus::Paused, 12)
            .await
            .unwrap();
        let c = store.channel(a).await.unwrap();
        assert_eq!(
            (c.name.as_str(), c.version, c.status),
            ("A nytt namn", 2, ChannelStatus::Paused)
        );
        assert_eq!(c.unit_name.as_deref(), Some("Röntgen"));
        assert_eq!(c.owners.len(), 1);
        let err = store
            .update_channel(
                a,
                1,
                &input("https://a.example", "Krock", &[]),
                ChannelStatus::Active,
                13,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        assert_eq!(store.channel(a).await.unwrap().name, "A nytt namn");
        assert!(matches!(
            store
                .update_channel(
                    ChannelId::new(999_999),
                    1,
                    &input("https://x.example", "X", &[]),
                    ChannelStatus::Active,
                    13
                )
                .await,
            Err(StoreError::NotFound)
        ));

        // A request is decided once.
        let r = store
            .create_channel(
                &input("https://r.example", "Begärd", &[anna]),
                ChannelStatus::Requested,
                anna,
                20,
            )
            .await
            .unwrap();
        assert!(
            matches!(
                store
                    .update_channel(
                        a,
                        2,
                        &input("https://r.example", "Stöld", &[]),
                        ChannelStatus::Active,
                        21
                    )
                    .await,
                Err(StoreError::Conflict("url"))
            ),
            "an address taken by another channel"
        );
        store
            .decide_channel(r, ChannelStatus::Declined, "Finns redan", bo, 22)
            .await
            .unwrap();
        assert!(matches!(
            store
                .decide_channel(r, ChannelStatus::Active, "", bo, 23)
                .await,
            Err(StoreError::Conflict(_))
        ));
        let r = store.channel(r).await.unwrap();
        assert_eq!(
            (r.status, r.decision_reason.as_str()),
            (ChannelStatus::Declined, "Finns redan")
        );
        let active: Vec<_> = store
            .channels(&[ChannelStatus::Paused])
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(active, [a]);
        assert_eq!(store.channels(&[]).await.unwrap().len(), 2);

        // An import adds new addresses and updates known ones, in one go.
        let (just_anna, both) = ([anna], [anna, bo]);
        let rows = [
            ImportedChannel {
                input: input("https://a.example", "A från filen", &just_anna),
                status: ChannelStatus::Active,
                created_at: Some(1),
                read_at: Some(2),
            },
            ImportedChannel {
                input: input("https://b.example", "B", &both),
                status: ChannelStatus::Active,
                created_at: None,
                read_at: None,
            },
        ];
        // Checked against an inventory that has changed since: nothing saved.
        let mut stale = rows
            .iter()
            .map(|r| ImportedChannel {
                input: input(r.input.url, "Gammal", &just_anna),
                status: r.status,
                created_at: None,
                read_at: r.read_at,
            })
            .collect::<Vec<_>>();
        stale[0].read_at = Some(1);
        assert!(matches!(
            store.import_channels(&stale, bo, 25).await,
            Err(StoreError::StaleVersion { current: 2 })
        ));
        stale[0].read_at = Some(2);
        stale[1].read_at = Some(1);
        assert!(matches!(
            store.import_channels(&stale, bo, 25).await,
            Err(StoreError::StaleVersion { current: 0 })
        ));
        assert_eq!(store.channels(&[]).await.unwrap().len(), 2);
        let outcome = store.import_channels(&rows, bo, 30).await.unwrap();
        assert_eq!(outcome.updated, ["https://a.example"]);
        assert_eq!(outcome.added, ["https://b.example"]);
        let c = store.channel(a).await.unwrap();
        assert_eq!(
            (c.name.as_str(), c.version, c.created_at),
            ("A från filen", 3, 1)
        );
        assert_eq!(
            c.owners.iter().map(|o| o.user_id).collect::<Vec<_>>(),
            [anna]
        );
        assert_eq!(store.channels(&[]).await.unwrap().len(), 3);

        // A file that fails part way saves nothing: not even its good rows.
        let bad = [
            ImportedChannel {
                input: input("https://a.example", "Skulle ändras", &[]),
                status: ChannelStatus::Closed,
                created_at: None,
                read_at: Some(3),
            },
            ImportedChannel {
                input: input("https://c.example", "C", &[]),
                status: ChannelStatus::Active,
                created_at: None,
                read_at: None,
            },
            ImportedChannel {
                input: input("https://d.example", "Okänd ansvarig", &NOBODY),
                status: ChannelStatus::Active,
                created_at: None,
                read_at: None,
            },
        ];
        assert!(store.import_channels(&bad, bo, 40).await.is_err());
        let all = store.channels(&[]).await.unwrap();
        assert_eq!(all.len(), 3, "no row of the failed file was added");
        let c = store.channel(a).await.unwrap();
        assert_eq!(
            (c.name.as_str(), c.status, c.version),
            ("A från filen", ChannelStatus::Active, 3)
        );
        assert_eq!(c.owners.len(), 1, "owners untouched");

        // Owners who acknowledged the guidelines in force, and who left.
        let g = store
            .create_guideline_draft(
                &GuidelineText {
                    title: "R",
                    for_everyone: "",
                    for_units: "",
                    for_private: "",
                    questions: "",
                },
                bo,
                50,
            )
            .await
            .unwrap();
        store.publish_guideline(g, "", bo, 51).await.unwrap();
        store.acknowledge_guideline(g, anna, 52).await.unwrap();
        let b = all
            .iter()
            .find(|c| c.url == "https://b.example")
            .unwrap()
            .id;
        let b = store.channel(b).await.unwrap();
        let of = |id: UserId| {
            b.owners
                .iter()
                .find(|o| o.user_id == id)
                .unwrap()
                .acknowledged
        };
        assert_eq!((of(anna), of(bo)), (Some(1), None));
        assert_eq!(b.acknowledged_version(), None, "not every owner has");
    }
}
