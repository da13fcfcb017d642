//! Staff accounts: free addresses, sign-in data, sessions that end, roles in
//! blogs that run out, and who someone is to the permission check.

use crate::{fresh, person, seed, slug};
use lykta_domain::{BlogId, UserId};
use lykta_domain::{BlogRole, Email, Role};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn users_sessions_and_memberships() {
    for backend in backends() {
        eprintln!("users on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, internal) = seed(&store).await;
        assert_eq!(
            store.free_user_slug(&slug("bo")).await.unwrap().as_str(),
            "bo"
        );
        assert_eq!(
            store.free_user_slug(&slug("anna")).await.unwrap().as_str(),
            "anna-2"
        );
        let bo = person(&store, "bo@example.org", Role::Communicator).await;
        let email = Email::parse("Bo@Example.org").unwrap();
        let (user, hash) = store.user_for_sign_in(&email).await.unwrap().unwrap();
        assert_eq!((user.id, user.role, hash), (bo, Role::Communicator, None));
        assert!(store
            .user_for_sign_in(&Email::parse("ingen@example.org").unwrap())
            .await
            .unwrap()
            .is_none());
        store.record_failed_sign_in(bo, 100).await.unwrap();
        store
            .change_password(
                Some(bo),
                "$argon2id$x",
                lykta_store::PasswordChange::Operator,
                101,
            )
            .await
            .unwrap();
        let (user, hash) = store.user_for_sign_in(&email).await.unwrap().unwrap();
        assert_eq!(hash.as_deref(), Some("$argon2id$x"));
        assert_eq!(user.failed_sign_ins, 0, "a new password clears failures");
        assert!(matches!(
            store
                .change_password(
                    Some(UserId::new(999_999)),
                    "x",
                    lykta_store::PasswordChange::Operator,
                    101
                )
                .await,
            Err(StoreError::NotFound)
        ));
        store
            .update_profile(bo, "Bo Ek", "Kommunikatör", "Om mig", None, "", None, 1)
            .await
            .unwrap();
        let u = store.user(bo).await.unwrap();
        assert_eq!(
            (u.name.as_str(), u.title.as_str(), u.bio.as_str()),
            ("Bo Ek", "Kommunikatör", "Om mig")
        );
        let names: Vec<String> = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["Anna", "Bo Ek"], "by name");
        assert!(matches!(
            store.user(UserId::new(999_999)).await,
            Err(StoreError::NotFound)
        ));

        // Sessions end when they run out or are deleted.
        store
            .create_session("s1", bo, "csrf-1", 100, 200)
            .await
            .unwrap();
        let (u, csrf) = store.session_user("s1", 199).await.unwrap().unwrap();
        assert_eq!((u.id, csrf.as_str()), (bo, "csrf-1"));
        assert!(
            store.session_user("s1", 200).await.unwrap().is_none(),
            "expired"
        );
        assert!(store.session_user("s2", 150).await.unwrap().is_none());
        store.delete_session("s1").await.unwrap();
        assert!(
            store.session_user("s1", 150).await.unwrap().is_none(),
            "signed out"
        );

        // Roles in blogs, replaced, running out, removed.
        store
            .set_member(public, anna, BlogRole::Author, None, bo, 10)
            .await
            .unwrap();
        store
            .set_member(public, anna, BlogRole::Editor, None, bo, 11)
            .await
            .unwrap();
        store
            .set_member(internal, anna, BlogRole::Guest, Some(500), bo, 12)
            .await
            .unwrap();
        let mut roles: Vec<(BlogId, BlogRole)> = store
            .memberships(anna, 499)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.blog_id, m.role))
            .collect();
        roles.sort_by_key(|r| r.0);
        assert_eq!(
            roles,
            [(public, BlogRole::Editor), (internal, BlogRole::Guest)]
        );
        assert_eq!(
            store.memberships(anna, 500).await.unwrap().len(),
            1,
            "a guest's access ends"
        );
        let unit = store.create_unit("rontgen", "Röntgen", 1).await.unwrap();
        store.set_unit_managers(unit, &[anna]).await.unwrap();
        let actor = store
            .actor(&store.user(anna).await.unwrap(), 600)
            .await
            .unwrap();
        assert_eq!(
            (actor.user_id, actor.role, actor.manages.clone()),
            (anna, Role::Employee, vec![unit])
        );
        assert_eq!(actor.memberships.len(), 1);
        let members = store.members(public).await.unwrap();
        assert_eq!(
            members
                .iter()
                .map(|m| (m.user_id, m.role, m.expires_at))
                .collect::<Vec<_>>(),
            [(anna, BlogRole::Editor, None)]
        );
        store.remove_member(public, anna).await.unwrap();
        assert!(store.members(public).await.unwrap().is_empty());
        assert_eq!(store.memberships(anna, 100).await.unwrap().len(), 1);
    }
}
