//! A blog's pages: slugs shared with its posts, every save kept as a revision,
//! published versions recorded, and a save based on an old version refused.

use crate::{fresh, post, seed, slug};
use lykta_domain::PageId;
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn pages_are_versioned_and_stale_saves_refused() {
    for backend in backends() {
        eprintln!("pages on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, public, internal) = seed(&store).await;
        post(&store, public, anna, "Nyheter", &[]).await;
        let about = slug("om-bloggen");
        let input = |title: &'static str, position: i64, published: bool| PageInput {
            slug: &about,
            title,
            body: "Vi skriver om röntgen.",
            position,
            published,
        };
        let id = store
            .create_page(public, &input("Om bloggen", 2, false), anna, 10)
            .await
            .unwrap();
        let page = store.page(id).await.unwrap();
        assert_eq!(
            (page.version, page.published, page.blog_id),
            (1, false, public)
        );
        assert!(
            store.record_entries_after(0, 100).await.unwrap().is_empty(),
            "an unpublished page is not in the record"
        );
        let news = slug("nyheter");
        let clash = PageInput {
            slug: &news,
            ..input("Krock", 0, true)
        };
        assert!(
            matches!(
                store.create_page(public, &clash, anna, 11).await,
                Err(StoreError::Conflict("slug"))
            ),
            "a post has that address"
        );
        store.create_page(internal, &clash, anna, 11).await.unwrap();
        assert!(matches!(
            store
                .create_page(public, &input("Igen", 0, true), anna, 11)
                .await,
            Err(StoreError::Conflict("slug"))
        ));

        store
            .update_page(id, 1, &input("Om oss", 2, true), anna, 20)
            .await
            .unwrap();
        let page = store.page(id).await.unwrap();
        assert_eq!(
            (page.title.as_str(), page.version, page.published),
            ("Om oss", 2, true)
        );
        let log = store.record_entries_after(0, 100).await.unwrap();
        let published: Vec<_> = log
            .iter()
            .filter(|e| e.kind == "page-published" && e.ref_id == id.get())
            .collect();
        assert_eq!(published.len(), 1);
        assert!(published[0].payload.as_deref().unwrap().contains("Om oss"));

        // A second save from a form that showed version 1 is refused; nothing is lost.
        let err = store
            .update_page(id, 1, &input("Krock", 2, true), anna, 21)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        let page = store.page(id).await.unwrap();
        assert_eq!(
            (page.title.as_str(), page.version, page.updated_at),
            ("Om oss", 2, 20)
        );
        assert!(matches!(
            store
                .update_page(PageId::new(999_999), 1, &input("X", 0, true), anna, 22)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store
                .update_page(
                    id,
                    2,
                    &PageInput {
                        slug: &news,
                        ..input("Om oss", 2, true)
                    },
                    anna,
                    22
                )
                .await,
            Err(StoreError::Conflict("slug"))
        ));

        // Hiding a published page is recorded too.
        store
            .update_page(id, 2, &input("Om oss", 2, false), anna, 30)
            .await
            .unwrap();
        let log = store.record_entries_after(0, 100).await.unwrap();
        assert!(log
            .iter()
            .any(|e| e.kind == "page-unpublished" && e.ref_id == id.get()));
        assert_eq!(store.verify_record().await.unwrap().first_broken, None);

        let first = slug("forst");
        store
            .create_page(
                public,
                &PageInput {
                    slug: &first,
                    ..input("Först", 1, true)
                },
                anna,
                40,
            )
            .await
            .unwrap();
        let order: Vec<String> = store
            .pages_of_blog(public)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect();
        assert_eq!(order, ["Först", "Om oss"], "by position");
        let anon = Reader::anonymous(&store);
        assert!(
            anon.page(public, "om-bloggen").await.unwrap().is_none(),
            "hidden"
        );
        assert!(anon.page(public, "forst").await.unwrap().is_some());
    }
}
