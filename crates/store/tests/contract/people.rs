//! People administration: edits against a version, the one-active-
//! administrator rule, deactivation that ends sessions, every change logged,
//! single-use expiring reset links, and the reset form's counts.

use crate::{fresh, person};
use lykta_domain::{Email, Role};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn people_are_edited_deactivated_and_reset_with_their_rules() {
    for backend in backends() {
        eprintln!("people on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let admin = person(&store, "ada@example.org", Role::Admin).await;
        let bo = person(&store, "bo@example.org", Role::Employee).await;
        let email = Email::parse("bo.ek@example.org").unwrap();
        let edit = |version| PersonEdit {
            name: "Bo Ek",
            email: &email,
            role: Role::Communicator,
            unit_id: None,
            version,
        };
        store.edit_person(bo, &edit(1), admin, 10).await.unwrap();
        let u = store.user(bo).await.unwrap();
        assert_eq!(
            (u.name.as_str(), u.role, u.version),
            ("Bo Ek", Role::Communicator, 2)
        );
        assert!(matches!(
            store.edit_person(bo, &edit(1), admin, 11).await,
            Err(StoreError::StaleVersion { current: 2 })
        ));
        let taken = Email::parse("ada@example.org").unwrap();
        let clash = PersonEdit {
            email: &taken,
            ..edit(2)
        };
        assert!(matches!(
            store.edit_person(bo, &clash, admin, 11).await,
            Err(StoreError::Conflict("email"))
        ));

        // The only administrator keeps the role and stays active.
        let ada = Email::parse("ada@example.org").unwrap();
        let demote = PersonEdit {
            name: "ada",
            email: &ada,
            role: Role::Employee,
            unit_id: None,
            version: 1,
        };
        assert!(matches!(
            store.edit_person(admin, &demote, bo, 12).await,
            Err(StoreError::Conflict("last-admin"))
        ));
        assert!(matches!(
            store.set_person_active(admin, false, bo, 12).await,
            Err(StoreError::Conflict("last-admin"))
        ));
        assert_eq!(store.user(admin).await.unwrap().role, Role::Admin);

        // Deactivating ends every session and uses up open reset links.
        store.create_session("s1", bo, "c", 10, 1000).await.unwrap();
        store
            .create_password_reset(bo, "r1", bo, 10, 1000)
            .await
            .unwrap();
        store.set_person_active(bo, false, admin, 20).await.unwrap();
        store.set_person_active(bo, false, admin, 21).await.unwrap();
        assert!(store.session_user("s1", 30).await.unwrap().is_none());
        assert!(store.password_reset("r1").await.unwrap().used_at.is_some());
        store.set_person_active(bo, true, admin, 40).await.unwrap();
        let log: Vec<String> = store
            .user_actions(bo)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(
            log,
            ["reactivate", "deactivate", "reset-link", "edit"],
            "doing what is so logs nothing"
        );

        // A reset link works once, before it expires, and ends every session.
        store.create_session("s2", bo, "c", 50, 1000).await.unwrap();
        store
            .create_password_reset(bo, "r2", bo, 50, 100)
            .await
            .unwrap();
        store
            .create_password_reset(bo, "r3", bo, 50, 1000)
            .await
            .unwrap();
        let reset = |t: &'static str, now| {
            store.change_password(None, "h", PasswordChange::Reset { token_hash: t }, now)
        };
        assert!(
            matches!(reset("r2", 100).await, Err(StoreError::Conflict("reset"))),
            "expired"
        );
        assert_eq!(reset("r3", 60).await.unwrap(), bo);
        assert!(
            matches!(reset("r3", 61).await, Err(StoreError::Conflict("reset"))),
            "used"
        );
        assert!(store.session_user("s2", 70).await.unwrap().is_none());
        // One's own change keeps the current session only.
        store.create_session("s3", bo, "c", 80, 1000).await.unwrap();
        store.create_session("s4", bo, "c", 80, 1000).await.unwrap();
        store
            .change_password(
                Some(bo),
                "h2",
                PasswordChange::Own { keep_session: "s3" },
                90,
            )
            .await
            .unwrap();
        assert!(store.session_user("s3", 95).await.unwrap().is_some());
        assert!(store.session_user("s4", 95).await.unwrap().is_none());
        assert!(store.has_password(bo).await.unwrap());

        // The reset form's counts, per typed and per client address, in a window.
        assert_eq!(
            store.count_reset_request("e1", "c1", 0, 10).await.unwrap(),
            (1, 1)
        );
        assert_eq!(
            store.count_reset_request("e1", "c2", 0, 20).await.unwrap(),
            (2, 1)
        );
        assert_eq!(
            store.count_reset_request("e2", "c1", 15, 30).await.unwrap(),
            (1, 1)
        );
    }
}
