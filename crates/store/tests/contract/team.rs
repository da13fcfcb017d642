//! Team work: threaded internal notes, and invitations that are used once,
//! run out, can be withdrawn and never lower a role.

use crate::{fresh, person, post, seed, slug};
use lykta_domain::BlogId;
use lykta_domain::{BlogRole, Email, Role};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn notes_and_invitations() {
    for backend in backends() {
        eprintln!("team on {backend:?}");
        notes_are_threaded_and_resolved(backend).await;
        invitations_are_single_use(backend).await;
    }
}

async fn notes_are_threaded_and_resolved(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, _) = seed(&store).await;
    let bo = person(&store, "bo@example.org", Role::Employee).await;
    let p = post(&store, public, anna, "Med anteckningar", &[]).await;
    let q = post(&store, public, anna, "Utan", &[]).await;
    let root = store
        .add_note(p, None, anna, "Kolla siffrorna", 10)
        .await
        .unwrap();
    let reply = store
        .add_note(p, Some(root), bo, "Stämmer", 11)
        .await
        .unwrap();
    let deeper = store
        .add_note(p, Some(reply), anna, "Tack", 12)
        .await
        .unwrap();
    let second = store
        .add_note(p, None, bo, "Bild saknas", 13)
        .await
        .unwrap();
    assert!(
        matches!(
            store.add_note(q, Some(root), bo, "Fel inlägg", 14).await,
            Err(StoreError::NotFound)
        ),
        "a reply stays on its post"
    );
    let notes = store.notes(p).await.unwrap();
    assert_eq!(
        notes
            .iter()
            .map(|n| (n.id, n.parent_id))
            .collect::<Vec<_>>(),
        [
            (root, None),
            (reply, Some(root)),
            (deeper, Some(root)),
            (second, None)
        ]
    );
    assert_eq!(notes[1].author_name, "bo");
    assert_eq!(store.open_note_counts(public).await.unwrap(), [(p, 2)]);

    store.resolve_note(p, root, true, bo, 20).await.unwrap();
    assert!(
        matches!(
            store.resolve_note(p, reply, true, bo, 20).await,
            Err(StoreError::NotFound)
        ),
        "a thread is resolved as a whole"
    );
    assert!(matches!(
        store.resolve_note(q, second, true, bo, 20).await,
        Err(StoreError::NotFound)
    ));
    let n = &store.notes(p).await.unwrap()[0];
    assert_eq!(
        (n.resolved_at, n.resolved_by_name.as_deref()),
        (Some(20), Some("bo"))
    );
    assert_eq!(store.open_note_counts(public).await.unwrap(), [(p, 1)]);
    store
        .add_note(p, Some(deeper), bo, "En sak till", 21)
        .await
        .unwrap();
    assert_eq!(
        store.notes(p).await.unwrap()[0].resolved_at,
        None,
        "a reply opens it again"
    );
    assert_eq!(store.open_note_counts(public).await.unwrap(), [(p, 2)]);
    store.resolve_note(p, second, true, anna, 22).await.unwrap();
    store
        .resolve_note(p, second, false, anna, 23)
        .await
        .unwrap();
    assert_eq!(store.notes(p).await.unwrap()[3].resolved_at, None);
}

async fn invitations_are_single_use(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, _) = seed(&store).await;
    let lena = Email::parse("lena@example.org").unwrap();
    let invite = |token: &'static str, role: BlogRole, expires_at: i64| {
        let store = store.clone();
        let lena = lena.clone();
        async move {
            store
                .create_invitation(
                    &NewInvitation {
                        token_hash: token,
                        email: &lena,
                        blog_id: public,
                        role,
                        member_until: None,
                        invited_by: anna,
                        expires_at,
                    },
                    100,
                )
                .await
        }
    };
    let first = invite("t1", BlogRole::Author, 1000).await.unwrap();
    assert!(matches!(
        invite("t1", BlogRole::Author, 1000).await,
        Err(StoreError::Conflict("invitation"))
    ));
    let inv = store.invitation_by_token("t1").await.unwrap();
    assert_eq!(
        (inv.id, inv.role, inv.email.as_str()),
        (first, BlogRole::Author, "lena@example.org")
    );
    assert_eq!(inv.invited_by_name, "Anna");
    assert_eq!(inv.unusable(999), None);
    assert_eq!(inv.unusable(1000), Some(InvitationUnusable::Expired));
    assert!(matches!(
        store.invitation_by_token("nope").await,
        Err(StoreError::NotFound)
    ));

    let new_user = NewUser {
        email: &lena,
        slug: &slug("lena"),
        name: "Lena",
        role: Role::Employee,
        title: "",
        bio: "",
        unit_id: None,
        password_hash: Some("hash"),
    };
    assert!(
        matches!(
            store
                .accept_invitation("t1", &Acceptor::New(new_user), 1000)
                .await,
            Err(StoreError::Conflict("invitation"))
        ),
        "expired"
    );
    let new_user = NewUser {
        email: &lena,
        slug: &slug("lena"),
        name: "Lena",
        role: Role::Employee,
        title: "",
        bio: "",
        unit_id: None,
        password_hash: Some("hash"),
    };
    let (lena_id, blog) = store
        .accept_invitation("t1", &Acceptor::New(new_user), 500)
        .await
        .unwrap();
    assert_eq!(blog, public);
    assert_eq!(store.user(lena_id).await.unwrap().name, "Lena");
    let members = store.members(public).await.unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| (m.user_id, m.role))
            .collect::<Vec<_>>(),
        [(lena_id, BlogRole::Author)]
    );
    assert!(
        matches!(
            store
                .accept_invitation("t1", &Acceptor::Existing(anna), 501)
                .await,
            Err(StoreError::Conflict("invitation"))
        ),
        "used once"
    );
    let used = store.invitation_by_token("t1").await.unwrap();
    assert_eq!(used.unusable(501), Some(InvitationUnusable::Used));
    assert!(
        matches!(
            store.revoke_invitation(public, first, 502).await,
            Err(StoreError::Conflict(_))
        ),
        "a used one cannot be withdrawn"
    );

    // A withdrawn link does nothing.
    let second = invite("t2", BlogRole::Editor, 1000).await.unwrap();
    assert!(
        matches!(
            store
                .revoke_invitation(BlogId::new(public.get() + 1), second, 600)
                .await,
            Err(StoreError::Conflict(_))
        ),
        "only from its blog"
    );
    store.revoke_invitation(public, second, 600).await.unwrap();
    assert_eq!(
        store.invitation_by_token("t2").await.unwrap().unusable(601),
        Some(InvitationUnusable::Revoked)
    );
    assert!(matches!(
        store
            .accept_invitation("t2", &Acceptor::Existing(lena_id), 601)
            .await,
        Err(StoreError::Conflict("invitation"))
    ));
    assert!(matches!(
        store.revoke_invitation(public, second, 602).await,
        Err(StoreError::Conflict(_))
    ));

    // An invitation never lowers a role; a guest's is replaced.
    store
        .set_member(public, lena_id, BlogRole::Editor, None, anna, 700)
        .await
        .unwrap();
    invite("t3", BlogRole::Guest, 2000).await.unwrap();
    store
        .accept_invitation("t3", &Acceptor::Existing(lena_id), 701)
        .await
        .unwrap();
    let role = |store: Store| async move { store.members(public).await.unwrap()[0].role };
    assert_eq!(role(store.clone()).await, BlogRole::Editor);
    store
        .set_member(public, lena_id, BlogRole::Guest, Some(800), anna, 702)
        .await
        .unwrap();
    invite("t4", BlogRole::Author, 2000).await.unwrap();
    store
        .accept_invitation("t4", &Acceptor::Existing(lena_id), 703)
        .await
        .unwrap();
    assert_eq!(role(store.clone()).await, BlogRole::Author);
    assert_eq!(store.members(public).await.unwrap()[0].expires_at, None);
    let all = store.invitations(public).await.unwrap();
    assert_eq!(all.len(), 4);
    assert!(all[0].id > all[3].id, "newest first");

    // A new account whose address is taken: nothing is used up.
    let taken = Email::parse("anna@example.org").unwrap();
    store
        .create_invitation(
            &NewInvitation {
                token_hash: "t5",
                email: &taken,
                blog_id: public,
                role: BlogRole::Author,
                member_until: None,
                invited_by: anna,
                expires_at: 2000,
            },
            100,
        )
        .await
        .unwrap();
    let twin = NewUser {
        email: &taken,
        slug: &slug("anna-2"),
        name: "Anna igen",
        role: Role::Employee,
        title: "",
        bio: "",
        unit_id: None,
        password_hash: None,
    };
    assert!(matches!(
        store
            .accept_invitation("t5", &Acceptor::New(twin), 800)
            .await,
        Err(StoreError::Conflict("email"))
    ));
    assert_eq!(
        store.invitation_by_token("t5").await.unwrap().accepted_at,
        None
    );
}
