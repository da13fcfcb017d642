//! The public record: appended with each change, chained, searchable; holds
//! keep an entry from disposal; disposal empties payloads but keeps the chain.

use crate::{fresh, person, post, seed};
use lykta_domain::PostId;
use lykta_domain::Role;
use lykta_domain::{BlogId, CommentId};
use lykta_store::record::{DisposalRule, GENESIS};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn the_public_record() {
    for backend in backends() {
        eprintln!("record on {backend:?}");
        appended_chained_and_searchable(backend).await;
        holds_and_disposal(backend).await;
    }
}

fn comment<'a>(post_id: PostId, body: &'a str, email: &'a str) -> NewComment<'a> {
    NewComment {
        post_id,
        parent_id: None,
        user_id: None,
        author_name: "Läsare",
        author_email: email,
        body,
        state: CommentState::Pending,
        is_answer: false,
        client_hash: "h",
        source: None,
    }
}

async fn appended_chained_and_searchable(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, internal) = seed(&store).await;
    let nora = person(&store, "nora@example.org", Role::Communicator).await;
    let empty = store.verify_record().await.unwrap();
    assert_eq!(empty.entries, 0);
    assert!(empty.first_broken.is_none());

    let p = post(&store, public, anna, "Budgeten", &[]).await;
    let q = post(&store, internal, anna, "Internt", &[]).await;
    store
        .change_post_state(p, StateChange::Publish, anna, 100)
        .await
        .unwrap();
    store
        .change_post_state(q, StateChange::Publish, anna, 101)
        .await
        .unwrap();
    let c = store
        .add_comment(&comment(p, "Vad kostar röntgen?", "ann@example.org"), 200)
        .await
        .unwrap();
    store
        .moderate(
            &[c],
            &Decision {
                to: CommentState::Spam,
                reason: "spam",
                note: "",
            },
            nora,
            300,
        )
        .await
        .unwrap();
    store
        .change_post_state(p, StateChange::Unpublish, anna, 400)
        .await
        .unwrap();

    let all = store.record_entries_after(0, 100).await.unwrap();
    let kinds: Vec<&str> = all.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "post-published",
            "post-published",
            "comment-received",
            "comment-decision",
            "post-unpublished"
        ]
    );
    assert_eq!(all[0].prev_hash, GENESIS);
    for pair in all.windows(2) {
        assert_eq!(
            pair[1].prev_hash, pair[0].hash,
            "each entry follows the one before"
        );
        assert!(pair[1].id > pair[0].id);
    }
    for e in &all {
        assert_eq!(
            e.hash,
            record::entry_hash(
                &e.prev_hash,
                &e.kind,
                e.ref_id,
                e.actor,
                e.at,
                &e.payload_hash
            )
        );
        assert!(record::payload_fits(e));
    }
    assert_eq!(
        (all[2].ref_id, all[2].actor, all[2].at),
        (c.get(), None, 200)
    );
    assert_eq!((all[3].actor, all[3].at), (Some(nora), 300));
    let check = store.verify_record().await.unwrap();
    assert_eq!((check.entries, check.first_broken), (5, None));
    assert_eq!(
        store.record_hash(all[2].id).await.unwrap().as_deref(),
        Some(all[2].hash.as_str())
    );
    assert_eq!(store.record_hash(999_999).await.unwrap(), None);
    assert_eq!(
        store
            .record_entries_after(all[1].id, 2)
            .await
            .unwrap()
            .len(),
        2,
        "paged"
    );
    let period = store.record_between(101, 300).await.unwrap();
    assert_eq!(
        period.iter().map(|e| e.id).collect::<Vec<_>>(),
        all[1..4].iter().map(|e| e.id).collect::<Vec<_>>()
    );
    assert!(store
        .record_between(10_000, 20_000)
        .await
        .unwrap()
        .is_empty());

    let search =
        |text: &'static str, kind: &'static str, person: &'static str, blog: Option<BlogId>| {
            let store = store.clone();
            async move {
                store
                    .search_record(&RecordQuery {
                        text,
                        kind,
                        person,
                        blog_id: blog,
                        from: 0,
                        to: i64::MAX,
                        ids: None,
                    })
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|e| e.kind)
                    .collect::<Vec<_>>()
            }
        };
    assert_eq!(
        search("RÖNTGEN", "", "", None).await,
        ["comment-received"],
        "any case"
    );
    assert_eq!(search("", "post-published", "", None).await.len(), 2);
    assert_eq!(
        search("", "", "", Some(public)).await,
        [
            "post-unpublished",
            "comment-decision",
            "comment-received",
            "post-published"
        ],
        "a blog's posts and comments, newest first"
    );
    assert_eq!(search("", "", "", Some(internal)).await, ["post-published"]);
    assert_eq!(
        search("", "", "nora@example.org", None).await,
        ["comment-decision"],
        "what a staff member did"
    );
    assert_eq!(
        search("", "", "ANN@example.org", None).await,
        ["comment-received"],
        "what mentions a reader's address"
    );
    assert!(search("finns inte", "", "", None).await.is_empty());
    let window = store
        .search_record(&RecordQuery {
            text: "",
            kind: "",
            person: "",
            blog_id: None,
            from: 200,
            to: 300,
            ids: None,
        })
        .await
        .unwrap();
    assert_eq!(window.len(), 2);
}

async fn holds_and_disposal(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, _) = seed(&store).await;
    let nora = person(&store, "nora@example.org", Role::Registrar).await;
    let p = post(&store, public, anna, "Inlägg", &[]).await;
    let mut ids = Vec::new();
    for (i, state) in [
        CommentState::Spam,
        CommentState::Spam,
        CommentState::Rejected,
    ]
    .into_iter()
    .enumerate()
    {
        let body = format!("Köp billigt {i}");
        let id = store
            .add_comment(&comment(p, &body, "spam@example.org"), 100 + i as i64)
            .await
            .unwrap();
        store
            .moderate(
                &[id],
                &Decision {
                    to: state,
                    reason: "spam",
                    note: "",
                },
                nora,
                200,
            )
            .await
            .unwrap();
        ids.push(id);
    }
    let received = |all: &[RecordEntry], id: CommentId| {
        all.iter()
            .find(|e| e.kind == "comment-received" && e.ref_id == id.get())
            .cloned()
            .unwrap()
    };
    let all = store.record_entries_after(0, 100).await.unwrap();
    let held = received(&all, ids[1]);
    store
        .hold_record(held.id, Some((nora, "begäran om utlämnande")))
        .await
        .unwrap();
    assert!(matches!(
        store.hold_record(999_999, Some((nora, "x"))).await,
        Err(StoreError::NotFound)
    ));
    let rule = DisposalRule::spam_after_90_days();
    assert!(rule.problem().is_none());
    assert_eq!(
        store.dispose(&rule, 100, 1000).await.unwrap(),
        0,
        "not old enough"
    );
    assert_eq!(
        store.dispose(&rule, 500, 1000).await.unwrap(),
        1,
        "the held one stays"
    );

    let all = store.record_entries_after(0, 100).await.unwrap();
    let gone = received(&all, ids[0]);
    assert_eq!((gone.payload, gone.disposed_at), (None, Some(1000)));
    assert_eq!(gone.disposal_rule, "spam-after-90-days");
    let kept = received(&all, ids[1]);
    assert!(kept.payload.is_some());
    assert_eq!(
        (kept.held_by, kept.hold_reason.as_str()),
        (Some(nora), "begäran om utlämnande")
    );
    assert!(received(&all, ids[2]).payload.is_some(), "another state");
    let disposal = all.last().unwrap();
    assert_eq!(disposal.kind, "disposal");
    assert!(disposal
        .payload
        .as_deref()
        .unwrap()
        .contains("\"entries\":1"));
    let c = store.comment(ids[0]).await.unwrap();
    assert_eq!(
        (c.body.as_str(), c.author_email.as_str()),
        ("", ""),
        "the comment is emptied too"
    );
    assert_eq!(store.comment(ids[1]).await.unwrap().body, "Köp billigt 1");
    let check = store.verify_record().await.unwrap();
    assert_eq!(check.first_broken, None, "the chain still verifies");

    // Released, it goes by the rule next time; nothing is disposed of twice.
    store.hold_record(kept.id, None).await.unwrap();
    assert_eq!(store.dispose(&rule, 500, 2000).await.unwrap(), 1);
    assert_eq!(store.dispose(&rule, 500, 3000).await.unwrap(), 0);
    let all = store.record_entries_after(0, 100).await.unwrap();
    assert_eq!(all.iter().filter(|e| e.kind == "disposal").count(), 2);
    assert_eq!(store.verify_record().await.unwrap().first_broken, None);
    let rejected = DisposalRule {
        name: "rejected-after-a-year".into(),
        comment_state: "rejected".into(),
        after_days: 365,
    };
    assert_eq!(store.dispose(&rejected, 500, 4000).await.unwrap(), 1);
    assert!(
        DisposalRule {
            comment_state: "published".into(),
            ..rejected
        }
        .problem()
        .is_some(),
        "published comments are never disposed of"
    );
}
