//! E-mail subscriptions: subscribers added in bulk, messages queued in bulk
//! once per key with only the manage links' hashes kept, their sending
//! paced to a rate per minute; bounced addresses left out; a subscription
//! deleted with its unsent mail.

use crate::{fresh, seed};
use lykta_domain::{Email, SubscriberId};
use lykta_store::testing::backends;
use lykta_store::*;

fn message(s: &Subscriber, key: &str) -> SubscriptionMail {
    SubscriptionMail {
        subscriber_id: s.id,
        user_id: None,
        dedupe_key: format!("subscription:{}:{key}", s.id),
        to_address: s.email.clone(),
        subject: "Nytt inlägg".into(),
        text: "text".into(),
        html: "<p>html</p>".into(),
        headers: vec![("List-Unsubscribe".into(), "<https://x.example/u>".into())],
        manage_token_hash: format!("hash-{key}-{}", s.id),
    }
}

#[tokio::test]
async fn subscription_mail_is_queued_once_and_paced() {
    for backend in backends() {
        eprintln!("subscriptions on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (_, public, _) = seed(&store).await;
        let emails: Vec<Email> = (0..5)
            .map(|i| Email::parse(&format!("r{i}@example.org")).unwrap())
            .collect();
        store
            .add_confirmed_subscribers(public, &emails, Frequency::Post, 100)
            .await
            .unwrap();
        let subs = store
            .subscribers_to_mail(public, Frequency::Post, 100)
            .await
            .unwrap();
        assert_eq!(subs.len(), 5);
        // Confirmed after the post came out: not mailed about it.
        assert!(store
            .subscribers_to_mail(public, Frequency::Post, 99)
            .await
            .unwrap()
            .is_empty());

        let mails: Vec<_> = subs.iter().map(|s| message(s, "post:1")).collect();
        assert_eq!(
            store
                .queue_subscription_mails(&mails, 2, 1000)
                .await
                .unwrap(),
            5
        );
        assert_eq!(
            store
                .queue_subscription_mails(&mails, 2, 1000)
                .await
                .unwrap(),
            0
        );
        // Two a minute: due now, now, +60, +60, +120.
        let mut due: Vec<i64> = Vec::new();
        for at in [1000, 1060, 1120] {
            for job in store.claim_due_jobs(at, 100).await.unwrap() {
                due.push(job.run_at);
                store.complete_job(job.id, at).await.unwrap();
            }
        }
        assert_eq!(due, [1000, 1000, 1060, 1060, 1120]);
        // The next batch continues where the pace left off.
        let more: Vec<_> = subs[..1].iter().map(|s| message(s, "post:2")).collect();
        assert_eq!(
            store
                .queue_subscription_mails(&more, 2, 1000)
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.next_job_due().await.unwrap(), Some(1120));

        // Each message's manage link works for its subscription.
        let t = store
            .subscription_token(&format!("hash-post:1-{}", subs[0].id))
            .await
            .unwrap();
        assert_eq!(
            (t.subscriber_id, t.purpose.as_str()),
            (subs[0].id, "manage")
        );

        // A bounced address is left out from now on.
        store
            .suppress_address(&emails[1], "bounce", None, 1200)
            .await
            .unwrap();
        let left = store
            .subscribers_to_mail(public, Frequency::Post, 2000)
            .await
            .unwrap();
        assert_eq!(left.len(), 4);
        assert_eq!(
            store.subscriber(subs[1].id).await.unwrap().suppressed,
            "bounce"
        );

        // Deleted: its links and unsent mail go, the address is blanked.
        store.delete_subscriber(subs[0].id).await.unwrap();
        assert!(matches!(
            store
                .subscription_token(&format!("hash-post:1-{}", subs[0].id))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.subscriber(subs[0].id).await,
            Err(StoreError::NotFound)
        ));
        let unknown = SubscriberId::new(999_999);
        assert!(matches!(
            store.delete_subscriber(unknown).await,
            Err(StoreError::NotFound)
        ));
    }
}
