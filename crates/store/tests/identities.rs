//! OpenID Connect storage on both backends: attempts are used once and run out; identities
//! link a provider's subject to one person; a new person and their link are made together.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use lykta_domain::{Email, Role, Slug};
use lykta_store::testing::{backends, fresh_database_url};
use lykta_store::*;

async fn fresh(backend: Backend) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = fresh_database_url(backend, dir.path())
        .await
        .expect("database");
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    (store, dir)
}

fn attempt(provider: &str) -> OidcAttempt {
    OidcAttempt {
        provider: provider.into(),
        pkce_verifier: "verifier".into(),
        nonce: "nonce".into(),
        next_path: "/admin".into(),
        browser_hash: "browser".into(),
    }
}

#[tokio::test]
async fn attempts_are_used_once_and_run_out() {
    for backend in backends() {
        let (store, _dir) = fresh(backend).await;
        let now = 1_000_000;
        store
            .create_oidc_attempt("state-1", &attempt("entra"), now)
            .await
            .unwrap();
        store
            .create_oidc_attempt("state-2", &attempt("keycloak"), now)
            .await
            .unwrap();
        assert!(matches!(
            store
                .create_oidc_attempt("state-1", &attempt("entra"), now)
                .await,
            Err(StoreError::Conflict("state"))
        ));
        assert_eq!(
            store.take_oidc_attempt("state-1", now + 5).await.unwrap(),
            Some(attempt("entra"))
        );
        assert_eq!(
            store.take_oidc_attempt("state-1", now + 6).await.unwrap(),
            None,
            "used once"
        );
        assert_eq!(
            store
                .take_oidc_attempt("state-2", now + OIDC_ATTEMPT_SECONDS)
                .await
                .unwrap(),
            None,
            "ran out"
        );
        assert_eq!(
            store.take_oidc_attempt("nobody's", now).await.unwrap(),
            None
        );
        // Old attempts are swept when new ones are made.
        store
            .create_oidc_attempt("state-3", &attempt("entra"), now)
            .await
            .unwrap();
        store
            .create_oidc_attempt("state-4", &attempt("entra"), now + OIDC_ATTEMPT_SECONDS)
            .await
            .unwrap();
        assert_eq!(store.take_oidc_attempt("state-3", now).await.unwrap(), None);
    }
}

#[tokio::test]
async fn identities_link_a_subject_to_one_person() {
    for backend in backends() {
        let (store, _dir) = fresh(backend).await;
        let email = Email::parse("Lena@Alvdal.example").unwrap();
        let slug = Slug::normalise("Lena Medarbetare").unwrap();
        let unit = store.unit_for_slug("rontgen", "Röntgen", 1).await.unwrap();
        assert_eq!(
            store.unit_for_slug("rontgen", "röntgen", 1).await.unwrap(),
            unit,
            "found, not made twice"
        );
        let new = NewUser {
            email: &email,
            slug: &slug,
            name: "Lena Medarbetare",
            role: Role::Employee,
            title: "",
            bio: "",
            unit_id: Some(unit),
            password_hash: None,
        };
        let id = store
            .create_user_with_identity(&new, "entra", "sub-1", 10)
            .await
            .unwrap();
        let lena = store
            .user_by_identity("entra", "sub-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((lena.id, lena.unit_id), (id, Some(unit)));
        assert_eq!(lena.email, "lena@alvdal.example");
        assert!(store
            .user_by_identity("keycloak", "sub-1")
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            store.user_by_email(&email).await.unwrap().map(|u| u.id),
            Some(id)
        );

        // The same subject cannot be linked again, to anyone.
        assert!(matches!(
            store.link_identity("entra", "sub-1", id, 11).await,
            Err(StoreError::Conflict("identity"))
        ));
        // Another provider's identity joins the same person.
        store
            .link_identity("keycloak", "kc-9", id, 12)
            .await
            .unwrap();
        let ids = store.identities(id).await.unwrap();
        assert_eq!(
            ids.iter()
                .map(|i| (i.provider.as_str(), i.subject.as_str()))
                .collect::<Vec<_>>(),
            [("entra", "sub-1"), ("keycloak", "kc-9")]
        );

        // A taken address makes neither the person nor the link.
        let other = Slug::normalise("lena-2").unwrap();
        let twin = NewUser {
            slug: &other,
            ..new
        };
        assert!(matches!(
            store
                .create_user_with_identity(&twin, "entra", "sub-2", 13)
                .await,
            Err(StoreError::Conflict("email"))
        ));
        assert!(store
            .user_by_identity("entra", "sub-2")
            .await
            .unwrap()
            .is_none());
        assert_eq!(store.users().await.unwrap().len(), 1);

        // Name and unit follow the provider; no unit said keeps the one there was.
        store
            .update_from_provider(id, "Lena Nyman", None, 1)
            .await
            .unwrap();
        let lena = store.user(id).await.unwrap();
        assert_eq!(
            (lena.name.as_str(), lena.unit_id),
            ("Lena Nyman", Some(unit))
        );
    }
}
