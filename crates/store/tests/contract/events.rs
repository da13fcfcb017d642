//! The event log: every change to public content writes its event in the
//! same transaction, in order, and a consumer reads on from its cursor.

use crate::{fresh, post, seed};
use lykta_domain::DomainEvent;
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn changes_are_logged_in_order_for_every_consumer() {
    for backend in backends() {
        eprintln!("events on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, _) = seed(&store).await;
        let start = store.last_event_id().await.unwrap();
        let post_id = post(&store, public, anna, "Nyhet", &[]).await;
        store
            .change_post_state(post_id, StateChange::Publish, anna, 20)
            .await
            .unwrap();
        store
            .change_post_state(post_id, StateChange::Unpublish, anna, 30)
            .await
            .unwrap();
        let events = store.events_after(start, 100).await.unwrap();
        let kinds: Vec<Option<DomainEvent>> = events.iter().map(|e| e.event).collect();
        let published = DomainEvent::PostPublished {
            post_id,
            blog_id: public,
        };
        let unpublished = DomainEvent::PostUnpublished {
            post_id,
            blog_id: public,
        };
        let p = kinds.iter().position(|k| k.as_ref() == Some(&published));
        let u = kinds.iter().position(|k| k.as_ref() == Some(&unpublished));
        assert!(matches!((p, u), (Some(p), Some(u)) if p < u), "{kinds:?}");
        assert!(events.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
        assert_eq!(
            store.last_event_id().await.unwrap(),
            events.last().unwrap().id
        );

        // A cursor reads on from where it stopped, a page at a time.
        let first = store.events_after(start, 1).await.unwrap();
        assert_eq!(first.len(), 1);
        let rest = store.events_after(first[0].id, 100).await.unwrap();
        assert_eq!(rest.len(), events.len() - 1);
        assert!(store
            .events_after(store.last_event_id().await.unwrap(), 100)
            .await
            .unwrap()
            .is_empty());
    }
}
