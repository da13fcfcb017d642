//! A channel's own text changed after the post went out: the copy already
//! sent gets it where the platform allows edits — Mastodon (mastodon-mock),
//! Bluesky (`putRecord` on the reference PDS), Facebook and LinkedIn (the
//! fake) — recorded in the post's history and shown on its page; Instagram
//! cannot change a caption, and the page says so.

use crate::helpers::*;
use crate::syndication::{connect as connect_mastodon, post_for, publish, MastodonPeer};
use lykta_domain::{ChannelId, PostId};
use lykta_store::DeliveryState;

/// Save the post's channel form: these channels, each with its own text.
async fn own_texts(app: &TestApp, post: PostId, texts: &[(ChannelId, &str)]) {
    let fields: Vec<(String, String)> = texts
        .iter()
        .flat_map(|(c, t)| {
            [
                ("channels".to_owned(), c.to_string()),
                (format!("text-{c}"), (*t).to_owned()),
            ]
        })
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = app
        .post(&format!("/admin/posts/{post}/channels"), &fields)
        .await;
    assert_eq!(r.status(), 303, "saved");
}

/// Every delivery of `post` sent (its copy's id by channel).
async fn all_sent(app: &TestApp, post: PostId) -> Vec<(ChannelId, String)> {
    app.state
        .store
        .deliveries(post)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            assert_eq!(
                d.state,
                DeliveryState::Sent,
                "{}: {}",
                d.channel_name,
                d.problem
            );
            (d.channel_id, d.remote_id.unwrap())
        })
        .collect()
}

/// The outcomes recorded for `post`: (channel, kind, state).
async fn outcomes(app: &TestApp, post: PostId) -> Vec<(String, String, String)> {
    app.state
        .store
        .delivery_events(post)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.channel_name, e.kind, e.state))
        .collect()
}

#[tokio::test]
async fn a_changed_own_text_updates_the_copies_on_facebook_and_linkedin_and_instagram_says_it_cannot(
) {
    use crate::platforms::{app_with, connect, PlatformFake};
    use lykta_domain::Platform;
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let facebook = connect(
            &app,
            &fake,
            Platform::Facebook,
            "https://www.facebook.com/regionalvdal",
        )
        .await;
        let linkedin = connect(
            &app,
            &fake,
            Platform::Linkedin,
            "https://www.linkedin.com/company/region-alvdal",
        )
        .await;
        let instagram = connect(
            &app,
            &fake,
            Platform::Instagram,
            "https://www.instagram.com/regionalvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[facebook, linkedin, instagram]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        all_sent(&app, post).await;
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            page.contains("Inlägget finns redan i kanalen: sparar du en ny text här ändras det som redan skickats."),
            "the form says a new text changes the copy"
        );
        assert!(
            page.contains("Instagram låter inte Lykta ändra ett inlägg som redan skickats."),
            "and where it cannot"
        );

        own_texts(
            &app,
            post,
            &[
                (facebook, "Nu kan du boka röntgen på webben."),
                (linkedin, "Röntgen i Älvdal bokas nu på webben."),
                (instagram, "Ny bildtext som inte kan skickas."),
            ],
        )
        .await;
        app.state.worker.run_due().await.unwrap();
        all_sent(&app, post).await;
        let state = fake.state().await;
        let fb = state["posts"].as_object().unwrap().values().next().unwrap();
        assert_eq!(fb["edited"], true, "edited on Facebook: {fb}");
        let message = fb["message"].as_str().unwrap();
        assert!(
            message.starts_with("Nu kan du boka röntgen på webben.")
                && message.contains("utm_source=facebook"),
            "the new text with the link: {message}"
        );
        let li = state["linkedin_posts"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap();
        assert_eq!(li["edited"], true, "edited on LinkedIn: {li}");
        assert!(li["commentary"]
            .as_str()
            .unwrap()
            .starts_with("Röntgen i Älvdal bokas nu på webben."));
        let ig = state["media"].as_object().unwrap().values().next().unwrap();
        assert!(
            !ig["caption"].as_str().unwrap().contains("Ny bildtext"),
            "Instagram unchanged"
        );

        // Recorded, and shown on the post's page.
        let events = outcomes(&app, post).await;
        let updated: Vec<_> = events
            .iter()
            .filter(|e| e.1 == "update" && e.2 == "updated")
            .collect();
        assert_eq!(updated.len(), 2, "{events:?}");
        assert!(events.iter().any(|e| e.2 == "not-editable"), "{events:?}");
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(page.contains("Uppdaterat i kanalen"), "the updates shown");
        assert!(
            page.contains("Kan inte ändras i kanalen"),
            "Instagram's answer shown"
        );

        // The same text saved again changes nothing.
        let requests = fake.journal().await.len();
        own_texts(
            &app,
            post,
            &[
                (facebook, "Nu kan du boka röntgen på webben."),
                (linkedin, "Röntgen i Älvdal bokas nu på webben."),
                (instagram, "Ny bildtext som inte kan skickas."),
            ],
        )
        .await;
        assert_eq!(
            app.state.worker.run_due().await.unwrap(),
            0,
            "no update queued"
        );
        assert_eq!(fake.journal().await.len(), requests);
    }
}

#[tokio::test]
async fn a_changed_own_text_updates_the_copy_on_mastodon() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect_mastodon(&app, &peer).await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let sent = all_sent(&app, post).await;
        own_texts(
            &app,
            post,
            &[(channel, "Nu kan du boka röntgen på webben.")],
        )
        .await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(all_sent(&app, post).await, sent, "the same copy");
        let statuses = peer.statuses().await;
        assert_eq!(statuses.len(), 1);
        let content = statuses[0]["content"].as_str().unwrap();
        assert!(
            content.contains("Nu kan du boka röntgen på webben."),
            "{content}"
        );
        assert!(!statuses[0]["edited_at"].is_null(), "edited");
        assert!(outcomes(&app, post).await.iter().any(|e| e.2 == "updated"));
    }
}

#[tokio::test]
async fn a_changed_own_text_updates_the_copy_on_bluesky() {
    use crate::bluesky::{bluesky_channel, connect_at, BlueskyPeer, HANDLE, MAIN_PASSWORD};
    for backend in backends() {
        let Some(peer) = BlueskyPeer::start(false, None).await else {
            return;
        };
        let (did, _) = peer.account(HANDLE, MAIN_PASSWORD).await;
        let app_password = peer.app_password("lykta").await;
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = bluesky_channel(&app).await;
        assert_eq!(
            connect_at(&app, &peer.url, channel, &app_password)
                .await
                .status(),
            303
        );
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let sent = all_sent(&app, post).await;
        own_texts(
            &app,
            post,
            &[(channel, "Nu kan du boka röntgen på webben.")],
        )
        .await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(all_sent(&app, post).await, sent, "the same copy");
        assert_eq!(peer.posts(&did).await.len(), 1);
        let record = peer.post(&sent[0].1).await.unwrap()["value"].clone();
        let text = record["text"].as_str().unwrap();
        assert!(
            text.starts_with("Nu kan du boka röntgen på webben."),
            "{text}"
        );
        assert!(outcomes(&app, post).await.iter().any(|e| e.2 == "updated"));
    }
}
