//! Comments and moderation: the queue, decisions (recorded), reports, one level of
//! replies, rate-limit counts, duplicates, bans, and pseudonymisation.

use crate::{fresh, person, post, seed};
use lykta_domain::BlogId;
use lykta_domain::Role;
use lykta_domain::{CommentId, PostId};
use lykta_store::testing::backends;
use lykta_store::*;

fn new<'a>(post_id: PostId, body: &'a str, client: &'a str) -> NewComment<'a> {
    NewComment {
        post_id,
        parent_id: None,
        user_id: None,
        author_name: "Ann Läsare",
        author_email: "Ann@Example.org",
        body,
        state: CommentState::Pending,
        is_answer: false,
        client_hash: client,
        source: None,
    }
}

fn decision(to: CommentState, reason: &str) -> Decision<'_> {
    Decision {
        to,
        reason,
        note: "",
    }
}

#[tokio::test]
async fn comments_and_moderation() {
    for backend in backends() {
        eprintln!("comments on {backend:?}");
        moderation_queue_decisions_reports_and_replies(backend).await;
        rate_limits_duplicates_and_bans(backend).await;
        attention_and_personal_data(backend).await;
    }
}

async fn moderation_queue_decisions_reports_and_replies(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, internal) = seed(&store).await;
    let nora = person(&store, "nora@example.org", Role::Communicator).await;
    let p = post(&store, public, anna, "Kommentera mig", &[]).await;
    store
        .change_post_state(p, StateChange::Publish, anna, 20)
        .await
        .unwrap();
    let first = store
        .add_comment(&new(p, "Första", "h1"), 100)
        .await
        .unwrap();
    let second = store
        .add_comment(&new(p, "Andra", "h1"), 101)
        .await
        .unwrap();
    let c = store.comment(first).await.unwrap();
    assert_eq!(
        (c.state.as_str(), c.post_id, c.blog_id),
        ("pending", p, public)
    );
    assert_eq!(
        c.author_email, "Ann@Example.org",
        "moderators see the address"
    );
    let anon = Reader::anonymous(&store);
    assert!(
        anon.comments(p).await.unwrap().is_empty(),
        "pending is not shown"
    );

    let queue = |blogs: Vec<BlogId>, state: Option<CommentState>| {
        let store = store.clone();
        async move {
            store
                .comment_queue(&QueueFilter {
                    blog_ids: &blogs,
                    state,
                    before: None,
                })
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        queue(vec![public], None).await,
        [first, second],
        "oldest first"
    );
    assert!(queue(vec![internal], None).await.is_empty(), "per blog");
    assert!(queue(vec![], None).await.is_empty());
    let before_second = store
        .comment_queue(&QueueFilter {
            blog_ids: &[public],
            state: None,
            before: Some(100),
        })
        .await
        .unwrap();
    assert_eq!(before_second.len(), 1);

    // A decision changes the state and is recorded with who and why.
    let entries = store.record_entries_after(0, 1000).await.unwrap().len();
    assert_eq!(
        store
            .moderate(
                &[first, CommentId::new(999_999)],
                &decision(CommentState::Published, ""),
                nora,
                110
            )
            .await
            .unwrap(),
        1,
        "an unknown id changes nothing"
    );
    assert_eq!(
        store
            .moderate(
                &[second],
                &decision(CommentState::Rejected, "off-topic"),
                nora,
                111
            )
            .await
            .unwrap(),
        1
    );
    let rejected = store.comment(second).await.unwrap();
    assert_eq!(
        (
            rejected.state.as_str(),
            rejected.reason.as_str(),
            rejected.decided_at
        ),
        ("rejected", "off-topic", Some(111))
    );
    let log = store.record_entries_after(0, 1000).await.unwrap();
    let decisions: Vec<_> = log[entries..]
        .iter()
        .filter(|e| e.kind == "comment-decision")
        .collect();
    assert_eq!(decisions.len(), 2);
    assert_eq!(
        (decisions[0].ref_id, decisions[0].actor),
        (first.get(), Some(nora))
    );
    assert!(decisions[1]
        .payload
        .as_deref()
        .unwrap()
        .contains("off-topic"));
    assert!(queue(vec![public], None).await.is_empty());
    assert_eq!(
        queue(vec![public], Some(CommentState::Rejected)).await,
        [second]
    );
    let shown = anon.comments(p).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].body, "Första");

    // A report brings a published comment back to the queue; a decision clears it.
    assert!(
        matches!(
            store.report_comment(second, p).await,
            Err(StoreError::NotFound)
        ),
        "only published comments can be reported"
    );
    assert!(matches!(
        store.report_comment(first, PostId::new(p.get() + 1)).await,
        Err(StoreError::NotFound)
    ));
    store.report_comment(first, p).await.unwrap();
    store.report_comment(first, p).await.unwrap();
    assert_eq!(store.comment(first).await.unwrap().reports, 2);
    assert_eq!(queue(vec![public], None).await, [first]);
    store
        .moderate(&[first], &decision(CommentState::Published, ""), nora, 112)
        .await
        .unwrap();
    assert_eq!(store.comment(first).await.unwrap().reports, 0);
    assert!(queue(vec![public], None).await.is_empty());

    // Replies are one level deep; readers reply only to what they can see.
    let reply = NewComment {
        parent_id: Some(first),
        state: CommentState::Published,
        ..new(p, "Svar", "h2")
    };
    let reply = store.add_comment(&reply, 120).await.unwrap();
    let deeper = NewComment {
        parent_id: Some(reply),
        ..new(p, "Svar på svar", "h2")
    };
    let deeper = store.add_comment(&deeper, 121).await.unwrap();
    assert_eq!(store.comment(deeper).await.unwrap().parent_id, Some(first));
    let to_rejected = NewComment {
        parent_id: Some(second),
        ..new(p, "Till det dolda", "h2")
    };
    assert!(matches!(
        store.add_comment(&to_rejected, 122).await,
        Err(StoreError::NotFound)
    ));
    let answer = NewComment {
        parent_id: Some(second),
        user_id: Some(nora),
        is_answer: true,
        state: CommentState::Published,
        ..new(p, "Teamets svar", "")
    };
    let answer = store.add_comment(&answer, 123).await.unwrap();
    assert!(store.comment(answer).await.unwrap().is_answer);
    assert!(store.verify_record().await.unwrap().first_broken.is_none());
}

async fn rate_limits_duplicates_and_bans(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, _) = seed(&store).await;
    let nora = person(&store, "nora@example.org", Role::Communicator).await;
    let p = post(&store, public, anna, "Inlägg", &[]).await;
    let q = post(&store, public, anna, "Annat inlägg", &[]).await;
    for (i, at) in [100, 200, 300].into_iter().enumerate() {
        let body = format!("Kommentar {i}");
        store.add_comment(&new(p, &body, "h1"), at).await.unwrap();
    }
    store
        .add_comment(&new(p, "Någon annan", "h2"), 300)
        .await
        .unwrap();
    assert_eq!(store.comments_from("h1", 100).await.unwrap(), 3);
    assert_eq!(store.comments_from("h1", 200).await.unwrap(), 2);
    assert_eq!(store.comments_from("h1", 301).await.unwrap(), 0);
    assert_eq!(store.comments_from("h3", 0).await.unwrap(), 0);
    let signed_in = NewComment {
        user_id: Some(anna),
        ..new(p, "Som anställd", "")
    };
    store.add_comment(&signed_in, 400).await.unwrap();
    assert_eq!(store.comments_by_user_since(anna, 400).await.unwrap(), 1);
    assert_eq!(store.comments_by_user_since(anna, 401).await.unwrap(), 0);
    assert_eq!(store.comments_by_user_since(nora, 0).await.unwrap(), 0);

    assert!(store.duplicate_comment(p, "Kommentar 1").await.unwrap());
    assert!(
        !store.duplicate_comment(q, "Kommentar 1").await.unwrap(),
        "per post"
    );
    assert!(!store
        .duplicate_comment(p, "kommentar 1 igen")
        .await
        .unwrap());

    let id = store.add_comment(&new(p, "Hot", "h9"), 500).await.unwrap();
    assert_eq!(store.banned_until("h9", "", 500).await.unwrap(), None);
    store
        .ban_sender(id, 10_000, "threats", nora, 501)
        .await
        .unwrap();
    assert_eq!(
        store.banned_until("h9", "", 502).await.unwrap(),
        Some(10_000),
        "by address"
    );
    assert_eq!(
        store
            .banned_until("other", "ann@example.ORG", 502)
            .await
            .unwrap(),
        Some(10_000),
        "by e-mail, any case"
    );
    assert_eq!(store.banned_until("other", "", 502).await.unwrap(), None);
    assert_eq!(
        store.banned_until("", "", 502).await.unwrap(),
        None,
        "empty never matches"
    );
    assert_eq!(
        store.banned_until("h9", "", 10_000).await.unwrap(),
        None,
        "a ban ends"
    );
    assert!(matches!(
        store
            .ban_sender(CommentId::new(999_999), 10_000, "x", nora, 501)
            .await,
        Err(StoreError::NotFound)
    ));
    let banned = store.record_entries_after(0, 1000).await.unwrap();
    assert!(banned
        .iter()
        .any(|e| e.kind == "sender-banned" && e.ref_id == id.get() && e.actor == Some(nora)));
}

async fn attention_and_personal_data(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (anna, public, _) = seed(&store).await;
    let nora = person(&store, "nora@example.org", Role::Communicator).await;
    let p = post(&store, public, anna, "Frågor", &[]).await;
    let waiting = store
        .add_comment(&new(p, "Väntar", "h1"), 100)
        .await
        .unwrap();
    let question = NewComment {
        state: CommentState::Published,
        ..new(p, "En fråga?", "h1")
    };
    let question = store.add_comment(&question, 101).await.unwrap();
    let other = NewComment {
        author_email: "bo@example.org",
        author_name: "Bo",
        ..new(p, "Bos kommentar", "h2")
    };
    store.add_comment(&other, 102).await.unwrap();
    let ids = |v: Vec<Comment>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.comments_needing_attention(101).await.unwrap()),
        [waiting, question]
    );
    assert_eq!(
        ids(store.comments_needing_attention(100).await.unwrap()),
        [waiting]
    );
    assert!(
        store
            .comments_needing_attention(101 + 31 * 86_400)
            .await
            .unwrap()
            .is_empty(),
        "only the last 30 days"
    );
    let answer = NewComment {
        parent_id: Some(question),
        user_id: Some(nora),
        author_name: "Nora",
        author_email: "nora@example.org",
        is_answer: true,
        state: CommentState::Published,
        ..new(p, "Svar", "")
    };
    store.add_comment(&answer, 103).await.unwrap();
    let open = ids(store.comments_needing_attention(200).await.unwrap());
    assert!(!open.contains(&question), "answered by the team");
    assert!(open.contains(&waiting));

    let mine = store.comments_by_email("ANN@example.org").await.unwrap();
    assert_eq!(ids(mine), [question, waiting], "newest first, any case");
    assert_eq!(
        store
            .pseudonymise("ann@example.org", "Läsare 1", nora, 300)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store.comment(waiting).await.unwrap().author_name,
        "Läsare 1"
    );
    let bo = store.comments_by_email("bo@example.org").await.unwrap();
    assert_eq!(bo[0].author_name, "Bo", "others keep their names");
    assert_eq!(
        store
            .pseudonymise("ingen@example.org", "X", nora, 300)
            .await
            .unwrap(),
        0
    );
    let log = store.record_entries_after(0, 1000).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.kind == "pseudonymised").count(),
        1,
        "recorded once, when something changed"
    );
    let received = log
        .iter()
        .find(|e| e.kind == "comment-received" && e.ref_id == waiting.get())
        .unwrap();
    assert!(
        received.payload.as_deref().unwrap().contains("Ann Läsare"),
        "the record keeps what was received"
    );
}
