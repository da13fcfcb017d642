//! The outbox: a key queues a message once (with its sending job), a message
//! is claimed by one sender at a time and marked sent once; mail preferences,
//! recipients and calendar secrets.

use crate::{fresh, person, seed};
use lykta_domain::{BlogRole, Role};
use lykta_domain::{MailId, UserId};
use lykta_store::testing::backends;
use lykta_store::*;

fn mail(key: &str, to: &str) -> OutgoingMail {
    OutgoingMail {
        dedupe_key: key.into(),
        user_id: None,
        to_address: to.into(),
        to_name: "Lena".into(),
        subject: "Att granska".into(),
        body: "Hemlig länk: https://x.example/t/abc".into(),
    }
}

#[tokio::test]
async fn outbox_sends_each_message_once() {
    for backend in backends() {
        eprintln!("outbox on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, _) = seed(&store).await;

        assert!(store
            .queue_mail(&mail("review:1:7", "lena@example.org"), 100)
            .await
            .unwrap());
        assert!(
            !store
                .queue_mail(&mail("review:1:7", "lena@example.org"), 101)
                .await
                .unwrap(),
            "the same key again is a no-op"
        );
        assert!(store
            .queue_mail(&mail("invitation:3", "lena@example.org"), 102)
            .await
            .unwrap());
        let rows = store.outbox(10).await.unwrap();
        assert_eq!(
            rows.iter()
                .map(|m| m.dedupe_key.as_str())
                .collect::<Vec<_>>(),
            ["invitation:3", "review:1:7"],
            "one row per key, newest first"
        );
        assert!(rows
            .iter()
            .all(|m| m.sent_at.is_none() && m.last_error.is_empty()));
        let review = rows[1].id;
        let invitation = rows[0].id;
        assert_eq!(store.outbox(1).await.unwrap().len(), 1);
        assert_eq!(store.outbox_mail(review).await.unwrap().created_at, 100);
        assert!(matches!(
            store.outbox_mail(MailId::new(999_999)).await,
            Err(StoreError::NotFound)
        ));

        // Each queued message has one sending job, in the same transaction.
        assert_eq!(store.next_job_due().await.unwrap(), Some(100));
        let jobs = store.claim_due_jobs(200, 10).await.unwrap();
        assert_eq!(jobs.len(), 2, "one job per message, none for the duplicate");
        assert!(jobs.iter().all(|j| j.kind == "send_mail"));
        assert!(jobs
            .iter()
            .any(|j| j.payload.contains(&format!("\"outbox_id\":{review}"))));

        // One sender at a time; a lease that ran out can be taken over.
        assert!(store.claim_mail(review, 160, 100).await.unwrap());
        assert!(
            !store.claim_mail(review, 170, 110).await.unwrap(),
            "being sent"
        );
        store
            .mark_mail_failed(review, "connection refused")
            .await
            .unwrap();
        assert_eq!(
            store.outbox_mail(review).await.unwrap().last_error,
            "connection refused"
        );
        assert!(
            store.claim_mail(review, 180, 120).await.unwrap(),
            "a failure frees it"
        );
        assert!(
            store.claim_mail(review, 300, 181).await.unwrap(),
            "the lease ran out"
        );
        assert!(store.mark_mail_sent(review, 190).await.unwrap());
        assert!(
            !store.mark_mail_sent(review, 191).await.unwrap(),
            "sent once"
        );
        assert!(
            !store.claim_mail(review, 400, 500).await.unwrap(),
            "never sent again"
        );
        let sent = store.outbox_mail(review).await.unwrap();
        assert_eq!((sent.sent_at, sent.last_error.as_str()), (Some(190), ""));
        assert!(
            sent.body.contains("Hemlig länk"),
            "an ordinary message is kept whole"
        );
        assert!(store.claim_mail(invitation, 300, 200).await.unwrap());
        assert!(store.mark_mail_sent(invitation, 201).await.unwrap());
        let inv = store.outbox_mail(invitation).await.unwrap();
        assert!(
            !inv.body.contains("https://x.example/t/abc"),
            "the invitation link is not kept: {}",
            inv.body
        );

        // Preferences and recipients.
        let prefs = store.mail_prefs(anna).await.unwrap();
        let changed = MailPrefs {
            mail_reminders: false,
            mail_digest: !prefs.mail_digest,
            reminder_days: 7,
            ..prefs
        };
        store.set_mail_prefs(anna, &changed).await.unwrap();
        assert_eq!(store.mail_prefs(anna).await.unwrap(), changed);
        assert!(matches!(
            store.mail_prefs(UserId::new(999_999)).await,
            Err(StoreError::NotFound)
        ));
        let r = store.recipient(anna).await.unwrap();
        assert_eq!((r.email.as_str(), r.prefs), ("anna@example.org", changed));
        let bo = person(&store, "bo@example.org", Role::Employee).await;
        let guest = person(&store, "gast@example.org", Role::Employee).await;
        store
            .set_member(public, anna, BlogRole::Editor, None, anna, 1)
            .await
            .unwrap();
        store
            .set_member(public, bo, BlogRole::Reviewer, None, anna, 1)
            .await
            .unwrap();
        store
            .set_member(public, guest, BlogRole::Guest, Some(1000), anna, 1)
            .await
            .unwrap();
        let ids = |v: Vec<Recipient>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(store
                .blog_recipients(public, &[BlogRole::Reviewer], 500)
                .await
                .unwrap()),
            [bo]
        );
        assert_eq!(
            ids(store
                .blog_recipients(public, &[BlogRole::Editor, BlogRole::Guest], 500)
                .await
                .unwrap()),
            [anna, guest]
        );
        assert_eq!(
            ids(store
                .blog_recipients(public, &[BlogRole::Editor, BlogRole::Guest], 1000)
                .await
                .unwrap()),
            [anna],
            "an expired guest is left out"
        );
        assert!(store
            .blog_recipients(public, &[], 500)
            .await
            .unwrap()
            .is_empty());

        // Calendar secrets: a new one replaces the old.
        store
            .set_calendar_token(CalendarOf::Person(anna), "person-secret-1")
            .await
            .unwrap();
        store
            .set_calendar_token(CalendarOf::Blog(public), "blog-secret-1")
            .await
            .unwrap();
        assert_eq!(
            store
                .calendar_token(CalendarOf::Person(anna))
                .await
                .unwrap()
                .as_deref(),
            Some("person-secret-1")
        );
        assert_eq!(
            store
                .user_by_calendar_token("person-secret-1")
                .await
                .unwrap()
                .id,
            anna
        );
        assert_eq!(
            store
                .blog_by_calendar_token("blog-secret-1")
                .await
                .unwrap()
                .id,
            public
        );
        assert!(matches!(
            store.user_by_calendar_token("blog-secret-1").await,
            Err(StoreError::NotFound)
        ));
        store
            .set_calendar_token(CalendarOf::Person(anna), "person-secret-2")
            .await
            .unwrap();
        assert!(matches!(
            store.user_by_calendar_token("person-secret-1").await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store
                .user_by_calendar_token("person-secret-2")
                .await
                .unwrap()
                .id,
            anna
        );
    }
}
