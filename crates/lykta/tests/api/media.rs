//! Image uploads: limits, types, alt text and metadata stripping.

use crate::helpers::*;
use reqwest::multipart::{Form, Part};

pub fn jpeg_with_exif(marker: &str) -> Vec<u8> {
    let img = lykta_media::demo_image(7, 800, 600);
    // Splice an APP1 Exif segment holding `marker` right after SOI.
    let mut payload = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
    payload.extend_from_slice(marker.as_bytes());
    let len = (payload.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&img[2..]);
    out
}

async fn upload(app: &TestApp, bytes: Vec<u8>, alt: &str) -> reqwest::Response {
    let form = Form::new().text("alt", alt.to_owned()).part(
        "file",
        Part::bytes(bytes)
            .file_name("bild.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    app.client
        .post(format!("{}/admin/media?csrf={}", app.address, app.csrf()))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn uploads_are_checked_resized_and_stripped_of_metadata() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let before = app.state.store.all_media().await.unwrap().len();

        let r = upload(&app, b"<html>not an image</html>".to_vec(), "Text").await;
        assert_eq!(r.status(), 415);
        assert!(r.text().await.unwrap().contains("Filtypen stöds inte"));
        let r = upload(&app, vec![0u8; 11 * 1024 * 1024], "Stor").await;
        assert_eq!(r.status(), 413);
        let r = upload(&app, jpeg_with_exif("GPS-HEMLIGHET"), "").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("alternativtext"));
        assert_eq!(
            app.state.store.all_media().await.unwrap().len(),
            before,
            "nothing stored on refusal"
        );

        let r = upload(
            &app,
            jpeg_with_exif("GPS-HEMLIGHET"),
            "Två sjuksköterskor vid en datortomograf",
        )
        .await;
        assert_eq!(r.status(), 303);
        let media = app.state.store.all_media().await.unwrap();
        let m = &media[0];
        assert_eq!(m.alt, "Två sjuksköterskor vid en datortomograf");
        assert_eq!(m.widths(), vec![480, 800]);
        for w in m.widths() {
            let r = app.get(&format!("/media/{}-{w}.jpg", m.stem)).await;
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()["content-type"], "image/jpeg");
            let bytes = r.bytes().await.unwrap();
            let hay = String::from_utf8_lossy(&bytes);
            assert!(
                !hay.contains("GPS-HEMLIGHET") && !hay.contains("Exif"),
                "metadata stripped"
            );
        }
        assert_eq!(app.get("/media/..%2flykta.db").await.status(), 404);
        assert_eq!(app.get("/media/nope-1.jpg").await.status(), 404);

        // A cover with that image carries its alt text to the page.
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/posts"),
                &[
                    ("title", "Med bild"),
                    ("body", "Text"),
                    ("cover_media_id", &m.id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let id = app
            .state
            .store
            .posts_of_blog(blog)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.post.title == "Med bild")
            .unwrap()
            .post
            .id;
        app.set_state(id, "publish", "").await;
        let (_, html) = app.text("/rontgenbloggen/med-bild").await;
        assert!(html.contains(r#"alt="Två sjuksköterskor vid en datortomograf""#));
    }
}
