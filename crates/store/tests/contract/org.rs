//! The organisation: its settings, units with unique addresses, and each
//! unit's managers (exactly the people last given).

use crate::{fresh, person, seed};
use lykta_domain::{Language, Role};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn settings_units_and_managers() {
    for backend in backends() {
        eprintln!("organisation on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        assert!(
            store.organisation().await.unwrap().is_none(),
            "not set up yet"
        );
        let org = Organisation {
            name: "Region Älvdal".into(),
            default_language: Language::Sv,
            contact_email: "kommunikation@alvdal.example".into(),
            contact_phone: "010-123 45 00".into(),
            logo_media_id: None,
            accessibility_statement: "Vi vill att alla ska kunna använda webbplatsen.".into(),
            updated_at: 5,
            logo_url: None,
        };
        store.save_organisation(&org).await.unwrap();
        let saved = store.organisation().await.unwrap().unwrap();
        assert_eq!(
            (saved.name.as_str(), saved.updated_at),
            ("Region Älvdal", 5)
        );
        store
            .save_organisation(&Organisation {
                name: "Region Älvdalen".into(),
                updated_at: 6,
                ..org
            })
            .await
            .unwrap();
        assert_eq!(
            store.organisation().await.unwrap().unwrap().name,
            "Region Älvdalen"
        );

        let xray = store.create_unit("rontgen", "Röntgen", 10).await.unwrap();
        let care = store
            .create_unit("primarvarden", "Primärvården", 10)
            .await
            .unwrap();
        assert!(matches!(
            store.create_unit("rontgen", "Röntgen igen", 11).await,
            Err(StoreError::Conflict("slug"))
        ));
        let names: Vec<String> = store
            .units()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["Primärvården", "Röntgen"], "by name");
        assert_eq!(store.unit_by_slug("primarvarden").await.unwrap().id, care);
        assert!(matches!(
            store.unit_by_slug("saknas").await,
            Err(StoreError::NotFound)
        ));

        let per = person(&store, "per@example.org", Role::Employee).await;
        store.set_unit_managers(xray, &[anna, per]).await.unwrap();
        store.set_unit_managers(care, &[per]).await.unwrap();
        store.set_unit_managers(xray, &[per]).await.unwrap();
        let mut managers: Vec<_> = store
            .unit_managers()
            .await
            .unwrap()
            .into_iter()
            .map(|(u, p, _)| (u, p))
            .collect();
        managers.sort();
        let mut expected = vec![(xray, per), (care, per)];
        expected.sort();
        assert_eq!(managers, expected, "exactly the people last given");

        store.set_user_unit(per, Some(care)).await.unwrap();
        assert_eq!(store.user(per).await.unwrap().unit_id, Some(care));
        store.set_user_unit(per, None).await.unwrap();
        assert_eq!(store.user(per).await.unwrap().unit_id, None);
    }
}
