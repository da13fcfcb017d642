//! Uploaded images' metadata.

use crate::{fresh, seed};
use lykta_domain::MediaId;
use lykta_store::testing::backends;
use lykta_store::*;

#[tokio::test]
async fn media_metadata_is_kept_and_alt_text_edited() {
    for backend in backends() {
        eprintln!("media on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        let new = |stem: &'static str, mime: &'static str| NewMedia {
            stem,
            mime,
            width: 1600,
            height: 900,
            variant_widths: "480,960,1600",
            alt: "Röntgenapparat",
            original_name: "IMG_0001.JPG",
            uploaded_by: Some(anna),
        };
        let a = store
            .insert_media(&new("a1b2c3", "image/jpeg"), 10)
            .await
            .unwrap();
        let b = store
            .insert_media(&new("d4e5f6", "image/png"), 11)
            .await
            .unwrap();
        let m = store.media(a).await.unwrap();
        assert_eq!(
            (m.width, m.height, m.uploaded_by, m.created_at),
            (1600, 900, Some(anna), 10)
        );
        assert_eq!(m.widths(), [480, 960, 1600]);
        assert_eq!(m.full_url(), "/media/a1b2c3-1600.jpg");
        assert_eq!(
            store.media(b).await.unwrap().thumb_url(),
            "/media/d4e5f6-480.png"
        );
        let all: Vec<_> = store
            .all_media()
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(all, [b, a], "newest first");
        store.update_media_alt(a, "Ny alt-text", 1).await.unwrap();
        assert_eq!(store.media(a).await.unwrap().alt, "Ny alt-text");
        assert_eq!(store.media(b).await.unwrap().alt, "Röntgenapparat");
        assert!(matches!(
            store.media(MediaId::new(999_999)).await,
            Err(StoreError::NotFound)
        ));
    }
}
