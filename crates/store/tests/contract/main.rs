//! The store contract: the same tests on SQLite and (when the test command
//! started one) PostgreSQL. Posts, pages' slugs, scheduling and sign-in
//! lockout here; one module per further store concern — blogs, channels,
//! comments, the event log, guidelines, incidents, jobs, media, the
//! organisation, the outbox, pages, the plan, the record, surveys, team work
//! and users (OpenID Connect links are in `tests/identities.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use lykta_domain::{Actor, Audience, Email, Language, PostState, ReviewStep, Role, Slug};
use lykta_domain::{BlogId, PostId, UserId};
use lykta_store::testing::{backends, fresh_database_url};
use lykta_store::*;

mod blogs;
mod channels;
mod comments;
mod events;
mod guidelines;
mod incidents;
mod jobs;
mod media;
mod org;
mod outbox;
mod pages;
mod people;
mod plan;
mod record;
mod subscriptions;
mod surveys;
mod team;
mod users;

pub(crate) async fn fresh(backend: Backend) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = fresh_database_url(backend, dir.path())
        .await
        .expect("database");
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    (store, dir)
}

pub(crate) fn slug(s: &str) -> Slug {
    Slug::normalise(s).expect("slug")
}

/// Anna (an employee), a public blog and an internal one.
pub(crate) async fn seed(store: &Store) -> (UserId, BlogId, BlogId) {
    let email = Email::parse("anna@example.org").unwrap();
    let user = store
        .create_user(
            &NewUser {
                email: &email,
                slug: &slug("anna"),
                name: "Anna",
                role: Role::Employee,
                title: "",
                bio: "",
                unit_id: None,
                password_hash: None,
            },
            1,
        )
        .await
        .unwrap();
    let mk = |s: &'static str, a: Audience| async move {
        store
            .create_blog(
                &BlogInput {
                    slug: &slug(s),
                    name: s,
                    tagline: "",
                    language: Language::Sv,
                    audience: a,
                    unit_id: None,
                    purpose: "",
                    goal: "",
                    resources: "",
                    engagement: "",
                    requires_approval: false,
                    posts_per_month: 0,
                },
                1,
            )
            .await
            .unwrap()
    };
    let public = mk("oppen", Audience::Public).await;
    let internal = mk("intern", Audience::Internal).await;
    (user, public, internal)
}

pub(crate) async fn post(
    store: &Store,
    blog: BlogId,
    user: UserId,
    title: &str,
    tags: &[(Slug, String)],
) -> PostId {
    let s = slug(title);
    store
        .create_post(
            blog,
            &PostInput {
                slug: &s,
                title,
                body: "Text",
                excerpt: "",
                cover_media_id: None,
                cover_alt: "",
                tags,
                author_ids: &[user],
                comments_enabled: true,
            },
            user,
            10,
        )
        .await
        .unwrap()
}

/// Another person, with `role`.
pub(crate) async fn person(store: &Store, email: &str, role: Role) -> UserId {
    let e = Email::parse(email).unwrap();
    let local = email.split('@').next().unwrap();
    store
        .create_user(
            &NewUser {
                email: &e,
                slug: &slug(local),
                name: local,
                role,
                title: "",
                bio: "",
                unit_id: None,
                password_hash: None,
            },
            1,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn contract() {
    for backend in backends() {
        eprintln!("store contract on {backend:?}");
        anonymous_sees_only_public_published(backend).await;
        slugs_are_unique_per_blog(backend).await;
        stale_saves_are_refused_and_nothing_is_lost(backend).await;
        a_save_and_its_step_happen_together_or_not_at_all(backend).await;
        scheduled_posts_publish_once_through_the_job_table(backend).await;
        sign_in_lockout(backend).await;
    }
}

async fn anonymous_sees_only_public_published(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, public, internal) = seed(&store).await;
    let tags = [(slug("Rekrytering"), "Rekrytering".to_owned())];
    let a = post(&store, public, user, "Öppet inlägg", &tags).await;
    let b = post(&store, internal, user, "Hemligt inlägg", &tags).await;
    let _draft = post(&store, public, user, "Utkast", &tags).await;
    store
        .change_post_state(a, StateChange::Publish, user, 20)
        .await
        .unwrap();
    store
        .change_post_state(b, StateChange::Publish, user, 21)
        .await
        .unwrap();

    let anon = Reader::anonymous(&store);
    let (posts, total) = anon.posts(PostQuery::default(), 10, 0).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(posts[0].post.title, "Öppet inlägg");
    assert_eq!(posts[0].post.published_at, Some(20));
    assert_eq!(posts[0].authors[0].name, "Anna");
    assert_eq!(anon.blogs().await.unwrap().len(), 1);
    assert!(anon.blog("intern").await.unwrap().is_none());
    assert!(anon
        .post(internal, "hemligt-inlagg")
        .await
        .unwrap()
        .is_none());
    assert!(anon.post(public, "utkast").await.unwrap().is_none());
    let tags = anon.tags(None).await.unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].posts, 1);
    assert_eq!(anon.author_index().await.unwrap().len(), 1);

    let actor = Actor {
        user_id: user,
        role: Role::Employee,
        memberships: vec![],
        unit: None,
        manages: vec![],
    };
    let staff = Reader::staff(&store, &actor);
    assert_eq!(staff.posts(PostQuery::default(), 10, 0).await.unwrap().1, 2);
    let q = PostQuery {
        tag: Some("rekrytering"),
        ..Default::default()
    };
    assert_eq!(staff.posts(q, 10, 0).await.unwrap().1, 2);
    let q = PostQuery {
        blog_id: Some(public),
        author_id: Some(user),
        ..Default::default()
    };
    assert_eq!(staff.posts(q, 10, 0).await.unwrap().1, 1);

    store
        .change_post_state(a, StateChange::Unpublish, user, 30)
        .await
        .unwrap();
    assert!(anon.post(public, "oppet-inlagg").await.unwrap().is_none());
    assert!(anon.post_is_gone(public, "oppet-inlagg").await.unwrap());
    assert!(!anon.post_is_gone(public, "finns-inte").await.unwrap());
}

async fn slugs_are_unique_per_blog(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, public, internal) = seed(&store).await;
    post(&store, public, user, "Samma", &[]).await;
    post(&store, internal, user, "Samma", &[]).await;
    let s = slug("Samma");
    let err = store
        .create_post(
            public,
            &PostInput {
                slug: &s,
                title: "x",
                body: "",
                excerpt: "",
                cover_media_id: None,
                cover_alt: "",
                tags: &[],
                author_ids: &[user],
                comments_enabled: true,
            },
            user,
            1,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("slug")), "{err:?}");
    let page = PageInput {
        slug: &s,
        title: "Sida",
        body: "",
        position: 0,
        published: true,
    };
    assert!(matches!(
        store.create_page(public, &page, user, 1).await,
        Err(StoreError::Conflict("slug"))
    ));
    let email = Email::parse("ANNA@example.org").unwrap();
    let dup = NewUser {
        email: &email,
        slug: &slug("anna2"),
        name: "A",
        role: Role::Employee,
        title: "",
        bio: "",
        unit_id: None,
        password_hash: None,
    };
    assert!(matches!(
        store.create_user(&dup, 1).await,
        Err(StoreError::Conflict(_))
    ));
}

/// A post's content with only a title and a text.
fn text_input<'a>(
    slug: &'a Slug,
    title: &'a str,
    body: &'a str,
    authors: &'a [UserId],
) -> PostInput<'a> {
    PostInput {
        slug,
        title,
        body,
        excerpt: "",
        cover_media_id: None,
        cover_alt: "",
        tags: &[],
        author_ids: authors,
        comments_enabled: true,
    }
}

async fn stale_saves_are_refused_and_nothing_is_lost(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, public, _) = seed(&store).await;
    let id = post(&store, public, user, "Första", &[]).await;
    let s = slug("forsta");
    let authors = [user];
    let first = text_input(&s, "Andra versionen", "A", &authors);
    store
        .update_post(id, 1, &first, user, 11, false)
        .await
        .unwrap();
    let second = PostInput {
        title: "Krock",
        ..first
    };
    let err = store
        .update_post(id, 1, &second, user, 12, false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::StaleVersion { current: 2 }),
        "{err:?}"
    );
    let saved = store.post(id).await.unwrap();
    assert_eq!(saved.post.title, "Andra versionen");
    assert_eq!(saved.post.state, PostState::Draft);
    let revs = store.revisions(id).await.unwrap();
    assert_eq!(
        revs.iter().map(|r| r.event.as_str()).collect::<Vec<_>>(),
        ["edited", "created"]
    );
}

/// One press in the editor: the edit and the step after it in one
/// transaction — a step that cannot be taken leaves the text unsaved too.
async fn a_save_and_its_step_happen_together_or_not_at_all(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, public, _) = seed(&store).await;
    let id = post(&store, public, user, "Steg", &[]).await;
    let s = slug("steg");
    let authors = [user];
    let input = text_input(&s, "Steg", "Rättad text", &authors);
    let edit = Edit {
        input: &input,
        unschedule: false,
    };
    // Approving a draft is not a step the workflow allows: nothing saved.
    let approve = AfterSave::Review {
        step: ReviewStep::Approve,
        note: "",
    };
    let err = store
        .save_post(id, 1, Some(edit), approve, user, 10)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("workflow")), "{err:?}");
    let p = store.post(id).await.unwrap();
    assert_eq!((p.post.version, p.post.body.as_str()), (1, "Text"));
    // Saving and publishing: the published version is the edited text.
    store
        .save_post(
            id,
            1,
            Some(edit),
            AfterSave::State(StateChange::Publish),
            user,
            11,
        )
        .await
        .unwrap();
    let p = store.post(id).await.unwrap();
    assert_eq!(p.post.state, PostState::Published);
    assert_eq!(p.post.body, "Rättad text");
    let revs = store.revisions(id).await.unwrap();
    assert_eq!(
        revs.iter().map(|r| r.event.as_str()).collect::<Vec<_>>(),
        ["published", "edited", "created"]
    );
}

async fn scheduled_posts_publish_once_through_the_job_table(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, public, _) = seed(&store).await;
    let id = post(&store, public, user, "Snart", &[]).await;
    store
        .change_post_state(id, StateChange::Schedule { at: 1000 }, user, 100)
        .await
        .unwrap();
    assert_eq!(store.next_job_due().await.unwrap(), Some(1000));
    assert!(store.claim_due_jobs(999, 10).await.unwrap().is_empty());
    let jobs = store.claim_due_jobs(1000, 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    // A second worker gets nothing while the first holds the lease.
    assert!(store.claim_due_jobs(1001, 10).await.unwrap().is_empty());
    assert!(!store.publish_if_due(id, 999).await.unwrap());
    assert!(store.publish_if_due(id, 1000).await.unwrap());
    assert!(!store.publish_if_due(id, 1001).await.unwrap());
    store.complete_job(jobs[0].id, 1001).await.unwrap();
    // Publishing queued the mail to the blog's subscribers, once.
    let mail = store.claim_due_jobs(1001, 10).await.unwrap();
    let kinds: Vec<&str> = mail.iter().map(|j| j.kind.as_str()).collect();
    assert_eq!(kinds, ["mail_subscribers"]);
    store.complete_job(mail[0].id, 1001).await.unwrap();
    assert_eq!(store.next_job_due().await.unwrap(), None);
    let p = store.post(id).await.unwrap().post;
    assert_eq!(p.state, PostState::Published);
    assert_eq!(p.published_at, Some(1000));
}

async fn sign_in_lockout(backend: Backend) {
    let (store, _dir) = fresh(backend).await;
    let (user, _, _) = seed(&store).await;
    for _ in 0..5 {
        store.record_failed_sign_in(user, 100).await.unwrap();
    }
    let u = store.user(user).await.unwrap();
    assert_eq!(u.failed_sign_ins, 5);
    assert_eq!(u.locked_until, Some(100 + 15 * 60));
    store.record_sign_in(user, 1).await.unwrap();
    assert_eq!(store.user(user).await.unwrap().locked_until, None);
}
