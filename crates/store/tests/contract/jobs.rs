//! The job table: a job runs once (the lease), a failed attempt is tried
//! again after its back-off, the last one parks it in the dead letter with
//! its error, and an administrator's retry or discard is logged.

use crate::{fresh, post, seed};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn jobs_are_leased_retried_with_back_off_and_parked() {
    for backend in backends() {
        eprintln!("jobs on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, _) = seed(&store).await;
        let post_id = post(&store, public, anna, "Schemalagd", &[]).await;
        let job = Job::PublishPost { post_id };
        assert_eq!(Job::decode(job.kind(), &job.payload()).unwrap(), job);
        store.enqueue_job(&job, 100, 50).await.unwrap();
        assert_eq!(store.next_job_due().await.unwrap(), Some(100));
        assert!(
            store.claim_due_jobs(99, 10).await.unwrap().is_empty(),
            "not due yet"
        );

        let claimed = store.claim_due_jobs(100, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(
            (claimed[0].attempts, claimed[0].decode().unwrap()),
            (1, job)
        );
        assert!(
            store.claim_due_jobs(101, 10).await.unwrap().is_empty(),
            "a leased job is not claimed twice"
        );

        let retry = store
            .fail_job(&claimed[0], 2, "första felet", 110)
            .await
            .unwrap();
        assert_eq!(retry, Failed::RetryAt(110 + backoff_seconds(1)));
        assert!(
            store.claim_due_jobs(111, 10).await.unwrap().is_empty(),
            "backing off"
        );
        let again = store
            .claim_due_jobs(110 + backoff_seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(again[0].attempts, 2);
        let parked = store
            .fail_job(&again[0], 2, "andra felet", 300)
            .await
            .unwrap();
        assert_eq!(parked, Failed::Parked);
        assert!(
            store
                .claim_due_jobs(i64::MAX / 2, 10)
                .await
                .unwrap()
                .is_empty(),
            "a parked job never runs by itself"
        );
        assert_eq!(store.next_job_due().await.unwrap(), None);

        let dead = store.dead_jobs(false, 10).await.unwrap();
        assert_eq!(dead.len(), 1);
        assert_eq!(
            (dead[0].known, dead[0].attempts, dead[0].last_error.as_str()),
            (true, 2, "andra felet")
        );
        assert_eq!(dead[0].post_title.as_deref(), Some("Schemalagd"));

        let id = dead[0].id;
        store.retry_job(id, anna, 400).await.unwrap();
        assert!(
            matches!(
                store.retry_job(id, anna, 401).await,
                Err(StoreError::Conflict("job"))
            ),
            "retried already: it is no longer parked"
        );
        let retried = store.claim_due_jobs(400, 10).await.unwrap();
        assert_eq!(retried[0].attempts, 1, "attempts count from zero again");
        store
            .fail_job(&retried[0], 1, "tredje felet", 410)
            .await
            .unwrap();
        let dead = store.dead_jobs(false, 10).await.unwrap();
        assert_eq!(dead[0].retried_by.as_deref(), Some("Anna"));

        store.discard_job(id, anna, 500).await.unwrap();
        assert!(store.dead_jobs(false, 10).await.unwrap().is_empty());
        let discarded = store.dead_jobs(true, 10).await.unwrap();
        assert_eq!(discarded[0].discarded_by.as_deref(), Some("Anna"));
        assert!(matches!(
            store.discard_job(id, anna, 501).await,
            Err(StoreError::Conflict("job"))
        ));
        assert!(matches!(
            store
                .retry_job(lykta_domain::JobId::new(9_999), anna, 502)
                .await,
            Err(StoreError::NotFound)
        ));

        // A job that runs through is done and leaves nothing pending.
        store.enqueue_job(&job, 600, 600).await.unwrap();
        let ok = store.claim_due_jobs(600, 10).await.unwrap();
        store.complete_job(ok[0].id, 601).await.unwrap();
        assert_eq!(store.pending_job_count().await.unwrap(), 0);
        assert!(store
            .claim_due_jobs(i64::MAX / 2, 10)
            .await
            .unwrap()
            .is_empty());
    }
}
