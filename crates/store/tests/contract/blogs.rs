//! Blogs: settings and comment rules saved on the version they were read
//! at; a save based on an old version is refused and changes nothing.

use crate::{fresh, seed, slug};
use lykta_domain::{Audience, Language, Moderation};
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn settings_and_comment_rules_refuse_stale_saves() {
    for backend in backends() {
        eprintln!("blogs on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (_, public, internal) = seed(&store).await;
        let before = store.blog(public).await.unwrap();
        let s = slug("oppen");
        let input = |name: &'static str| BlogInput {
            slug: &s,
            name,
            tagline: "Nytt från röntgen",
            language: Language::Sv,
            audience: Audience::Public,
            unit_id: None,
            purpose: "Rekrytering",
            goal: "",
            resources: "",
            engagement: "",
            requires_approval: true,
            posts_per_month: 4,
        };
        store
            .update_blog(public, before.version, &input("Röntgenbloggen"), 20)
            .await
            .unwrap();
        let after = store.blog(public).await.unwrap();
        assert_eq!(after.version, before.version + 1);
        assert_eq!(
            (after.name.as_str(), after.posts_per_month),
            ("Röntgenbloggen", 4)
        );
        assert!(matches!(
            store
                .update_blog(public, before.version, &input("Gammalt namn"), 21)
                .await,
            Err(StoreError::StaleVersion { current }) if current == after.version
        ));
        assert_eq!(
            store.blog(public).await.unwrap().name,
            "Röntgenbloggen",
            "nothing lost"
        );
        let taken = slug("intern");
        assert!(matches!(
            store
                .update_blog(
                    public,
                    after.version,
                    &BlogInput {
                        slug: &taken,
                        ..input("Krock")
                    },
                    22
                )
                .await,
            Err(StoreError::Conflict("slug"))
        ));
        assert!(matches!(
            store
                .update_blog(lykta_domain::BlogId::new(9_999), 1, &input("Borta"), 23)
                .await,
            Err(StoreError::NotFound)
        ));

        let rules = |policy: &'static str| CommentSettings {
            enabled: true,
            close_days: 30,
            moderation: Moderation::Pre,
            policy,
            blocked_words: "",
            moderation_hours: 24,
            answer_hours: 48,
        };
        let v = store.blog(internal).await.unwrap().version;
        store
            .set_comment_settings(internal, v, &rules("Var vänlig."), 30)
            .await
            .unwrap();
        assert!(matches!(
            store
                .set_comment_settings(internal, v, &rules("Gammal policy."), 31)
                .await,
            Err(StoreError::StaleVersion { .. })
        ));
        let saved = store.blog(internal).await.unwrap();
        assert_eq!(
            (saved.comment_policy.as_str(), saved.comments_close_days),
            ("Var vänlig.", 30)
        );
    }
}
