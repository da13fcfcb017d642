//! Publishing to the spokes, complete, against the real mastodon-mock (see
//! `syndication.rs`): the team's own text per channel within the
//! platform's limit (422 with the count and the limit, the text kept), the
//! tagged link; a cover without alt text stops syndication with a message;
//! editing updates the copy, unpublishing removes it when the blog says so,
//! every outcome on the post's page, "also on" links; pausing one of two
//! channels stops only that one; a channel with deliveries on their way
//! cannot be closed; disconnecting asks for confirmation.

use crate::helpers::*;
use crate::syndication::{
    connect, connect_channel, delivery_state, post_for, publish, MastodonPeer,
};
use lykta_domain::{ChannelId, PostId};
use lykta_store::DeliveryState;

/// The Mastodon status of `post`'s delivery, as the platform has it.
async fn status_of(peer: &MastodonPeer, remote_id: &str) -> Option<serde_json::Value> {
    peer.statuses()
        .await
        .into_iter()
        .find(|s| s["id"].as_str() == Some(remote_id))
}

async fn choose(app: &TestApp, post: PostId, channel: ChannelId, text: &str) -> reqwest::Response {
    let c = channel.to_string();
    app.post(
        &format!("/admin/posts/{post}/channels"),
        &[("channels", c.as_str()), (&format!("text-{channel}"), text)],
    )
    .await
}

#[tokio::test]
async fn own_text_per_channel_edits_and_removals_reach_the_copy_and_every_outcome_is_shown() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;

        // Over the limit: 422, the count and the limit, the text kept.
        let long = "Lång text om röntgen. ".repeat(30);
        let r = choose(&app, post, channel, &long).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(page.contains("för lång för plattformen"), "the message");
        assert!(page.contains("av 500 tecken"), "the count and the limit");
        assert!(
            page.contains("Lång text om röntgen. Lång text"),
            "the text kept"
        );
        assert!(
            page.contains("/assets/spokes.js"),
            "counted live where JavaScript runs"
        );
        assert_eq!(
            app.state.store.channel_text(post, channel).await.unwrap(),
            ""
        );

        // Within the limit: saved, and it is what goes out, with the link.
        let r = choose(
            &app,
            post,
            channel,
            "Vi visar hur en röntgenundersökning går till.",
        )
        .await;
        assert_eq!(r.status(), 303);
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/syndication"),
                &[("remove_on_unpublish", "1"), ("show_also_on", "1")],
            )
            .await;
        assert_eq!(r.status(), 303);
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        let remote = d.remote_id.clone().unwrap();
        let s = status_of(&peer, &remote).await.unwrap();
        let content = s["content"].as_str().unwrap();
        assert!(
            content.contains("Vi visar hur en röntgenundersökning"),
            "{content}"
        );
        assert!(
            !content.contains("Så går en undersökning till"),
            "not the excerpt: {content}"
        );
        assert!(
            content.contains("utm_source=mastodon"),
            "the tagged link: {content}"
        );

        // "Also on" under the public post.
        let slug = app.state.store.post(post).await.unwrap().post.slug;
        let (_, public) = app.text(&format!("/rontgenbloggen/{slug}")).await;
        assert!(public.contains("Finns även på"), "also on");
        assert!(public.contains(&remote), "the copy's link");

        // Editing the published post updates the copy.
        let r = app
            .press(
                post,
                "save",
                &[("cover_alt", "Röntgenbild av en hand, ny beskrivning")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        let s = status_of(&peer, &remote).await.expect("still there");
        assert!(!s["edited_at"].is_null(), "edited on Mastodon: {s}");
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(page.contains("Uppdaterat i kanalen"), "the update recorded");

        // Unpublishing removes it (the blog says so), recorded.
        let r = app.press(post, "unpublish", &[], &[]).await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, post).await.state,
            DeliveryState::Removed
        );
        assert!(
            status_of(&peer, &remote).await.is_none(),
            "removed from Mastodon"
        );
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            page.contains("Borttaget från kanalen"),
            "the removal recorded"
        );
        assert!(page.contains("Skickat"), "the first sending too");

        // Published again: a new copy, once.
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        assert_ne!(d.remote_id.as_deref(), Some(remote.as_str()), "a new copy");
        assert_eq!(peer.statuses().await.len(), 1);
    }
}

#[tokio::test]
async fn a_cover_without_alt_text_is_not_syndicated_and_the_form_says_why() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Utan bildtext", &[channel]).await;
        // The form refuses a cover without a description, with its message.
        let media = app.state.store.all_media().await.unwrap()[0].id;
        behind_the_back!(
            app,
            sqlx::query(&format!("UPDATE media SET alt = '' WHERE id = {media}"))
        );
        let m = media.to_string();
        let r = app
            .press(
                post,
                "publish",
                &[("cover_media_id", &m), ("cover_alt", "")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Bilden behöver en alternativtext"));

        // A post whose description went missing after it was saved (an
        // import, an older version): the channel form says it is not
        // syndicated, and the delivery ends with the reason.
        let pause = format!("/admin/channels/{channel}/connection");
        assert_eq!(app.post(&pause, &[("action", "pause")]).await.status(), 303);
        let r = app
            .press(
                post,
                "publish",
                &[("cover_media_id", &m), ("cover_alt", "En hand")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        behind_the_back!(
            app,
            sqlx::query(&format!(
                "UPDATE posts SET cover_alt = '' WHERE id = {post}"
            ))
        );
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            page.contains("Omslagsbilden saknar alternativtext"),
            "the message on the form"
        );
        assert_eq!(
            app.post(&pause, &[("action", "resume")]).await.status(),
            303
        );
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Failed);
        assert!(d.problem.contains("alt text"), "{}", d.problem);
        assert!(peer.statuses().await.is_empty(), "nothing sent");
    }
}

/// A second Mastodon channel in the inventory, entered by the admin.
async fn second_channel(app: &TestApp, peer: &MastodonPeer) -> ChannelId {
    let anna = app
        .state
        .store
        .user_by_email(&lykta_domain::Email::parse(ADMIN).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let url = format!("{}/@blog2", peer.url);
    let r = app
        .post(
            "/admin/channels",
            &[
                ("platform", "mastodon"),
                ("name", "Röntgen på Mastodon"),
                ("url", &url),
                ("owners", &anna),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let id = app
        .state
        .store
        .channels(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Röntgen på Mastodon")
        .unwrap()
        .id;
    connect_channel(app, peer, id).await
}

/// Close `channel` through its edit form (the inventory's "remove").
async fn close(app: &TestApp, channel: ChannelId) -> reqwest::Response {
    let c = app.state.store.channel(channel).await.unwrap();
    let version = c.version.to_string();
    let owners: Vec<String> = c.owners.iter().map(|o| o.user_id.to_string()).collect();
    let mut fields = vec![
        ("platform", c.platform.as_str()),
        ("name", c.name.as_str()),
        ("url", c.url.as_str()),
        ("status", "closed"),
        ("version", version.as_str()),
    ];
    for o in &owners {
        fields.push(("owners", o));
    }
    app.post(&format!("/admin/channels/{channel}"), &fields)
        .await
}

#[tokio::test]
async fn pausing_one_of_two_channels_stops_only_it_and_a_busy_channel_is_not_closed() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let first = connect(&app, &peer).await;
        let second = second_channel(&app, &peer).await;

        // The blog's default channels: a new post goes to both.
        let blog = app.blog_id("rontgenbloggen").await;
        let (a, b) = (first.to_string(), second.to_string());
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/syndication"),
                &[("channels", &a), ("channels", &b)],
            )
            .await;
        assert_eq!(r.status(), 303);
        let post = app
            .create_post("rontgenbloggen", "Två kanaler", "Brödtext.")
            .await;
        let chosen = app.state.store.channel_choices(post).await.unwrap();
        assert!(
            chosen.iter().filter(|c| c.chosen).count() == 2,
            "the defaults"
        );

        // The first paused: only the second sends.
        let pause = format!("/admin/channels/{first}/connection");
        assert_eq!(app.post(&pause, &[("action", "pause")]).await.status(), 303);
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = app.state.store.deliveries(post).await.unwrap();
        let state_of = |c: ChannelId| d.iter().find(|d| d.channel_id == c).unwrap().state;
        assert_eq!(state_of(first), DeliveryState::Paused);
        assert_eq!(state_of(second), DeliveryState::Sent);
        assert_eq!(
            peer.statuses().await.len(),
            1,
            "only the second channel sent"
        );

        // The dashboard shows per channel what was sent this month; the
        // year plan shows where the post goes.
        let (_, dashboard) = app.text("/admin").await;
        assert!(dashboard.contains("Kanaler den här månaden"), "per channel");
        assert!(dashboard.contains("1 skickat"), "what was sent");
        let (_, plan) = app.text(&format!("/admin/blogs/{blog}/plan")).await;
        assert!(plan.contains("Går ut i"), "where it goes");
        assert!(
            plan.contains("Röntgen på Mastodon (skickat)"),
            "and how it went"
        );

        // Closing the paused channel while its delivery waits: refused,
        // naming the post.
        let r = close(&app, first).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(page.contains("leveranser på väg"), "the message");
        assert!(page.contains("Två kanaler"), "which post");

        // Disconnecting asks for confirmation, checked on the server.
        let r = app.post(&pause, &[("action", "disconnect")]).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Kryssa i rutan"));
        assert!(app.state.store.connection(first).await.unwrap().is_some());
        let r = app
            .post(&pause, &[("action", "disconnect"), ("confirm", "yes")])
            .await;
        assert_eq!(r.status(), 303);
        assert!(app.state.store.connection(first).await.unwrap().is_none());
        // Now nothing is on its way: the channel may be closed; its history stays.
        assert_eq!(close(&app, first).await.status(), 303);
        let d = app.state.store.deliveries(post).await.unwrap();
        assert_eq!(d.len(), 2, "the history stays");
        assert_eq!(peer.statuses().await.len(), 1);
    }
}

/// `n` replies from the reader to status `id` on `peer`, eight at a time.
async fn flood(peer: &MastodonPeer, id: &str, n: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let (url, id) = (peer.url.clone(), id.to_owned());
        tasks.spawn(async move {
            let http = reqwest::Client::new();
            for i in (worker..n).step_by(8) {
                let r = http
                    .post(format!("{url}/api/v1/statuses"))
                    .bearer_auth(crate::syndication::READER_TOKEN)
                    .form(&[
                        ("status", format!("Svar nummer {i} <b>fet</b>")),
                        ("in_reply_to_id", id.clone()),
                        ("visibility", "public".to_owned()),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "reply {i}: {}", r.status());
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

#[tokio::test]
async fn a_flood_of_a_thousand_replies_is_fetched_page_by_page_and_the_queue_stays_usable() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Ett inlägg som många svarar på", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        let remote = d.remote_id.clone().unwrap();
        flood(&peer, &remote, 1000).await;

        let started = std::time::Instant::now();
        let taken = app.state.app.fetch_replies().await.unwrap();
        let took = started.elapsed();
        assert_eq!(taken, 1000, "every reply, in one round");
        // Again: nothing new, nothing twice.
        assert_eq!(app.state.app.fetch_replies().await.unwrap(), 0);
        let blog = app.blog_id("rontgenbloggen").await;
        let waiting = app
            .state
            .store
            .waiting_comments_of_blog(blog)
            .await
            .unwrap();
        assert!(waiting.len() >= 1000, "in the queue: {}", waiting.len());
        eprintln!("1,000 replies fetched into queue and record in {took:?}");

        // The queue still answers quickly, a page at a time, with the count.
        let started = std::time::Instant::now();
        let (status, queue) = app.text("/admin/comments").await;
        assert_eq!(status, 200);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(queue.contains("@reader@127.0.0.1"));
        assert!(!queue.contains("<b>fet</b>"), "inert");
        let rows = queue.matches("Svar nummer").count();
        assert!(rows <= 500, "one page of the queue: {rows}");
    }
}

#[tokio::test]
async fn the_demo_has_a_post_on_three_channels_a_delivery_waiting_for_reconnection_and_replies_home(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let post = app
            .state
            .store
            .posts_of_blog(blog)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.post.slug == "en-dag-pa-akutrontgen")
            .unwrap()
            .post
            .id;
        let d = app.state.store.deliveries(post).await.unwrap();
        assert_eq!(d.len(), 3, "three channels");
        assert_eq!(
            d.iter().filter(|d| d.state == DeliveryState::Sent).count(),
            2
        );
        assert!(d.iter().any(|d| d.state == DeliveryState::Reauthenticate));
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(page.contains("Skickat") && page.contains("Kanalen behöver anslutas igen"));
        assert!(page.contains("Försök igen"), "the retry button");
        let (_, queue) = app.text("/admin/comments").await;
        assert!(
            queue.contains("@lena_h@mastodon.example"),
            "a Mastodon reply"
        );
        assert!(queue.contains("@per-olof.bsky.social"), "a Bluesky reply");
        let mastodon = d
            .iter()
            .find(|d| d.platform == lykta_domain::Platform::Mastodon)
            .unwrap();
        let (_, channel) = app
            .text(&format!("/admin/channels/{}", mastodon.channel_id))
            .await;
        assert!(
            channel.contains("Så kopplar du ett riktigt konto"),
            "how to connect a real one"
        );
    }
}
