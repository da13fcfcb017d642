//! Replies from the spokes as moderators work them: the queue in pages
//! under a flood (keyset paging, counts, filters and the decision on many
//! that survive paging).

use crate::helpers::{backends, spawn_app, TestApp};
use lykta_domain::{CommentId, PostId};
use lykta_store::{CommentSource, CommentState, NewComment};

const MODERATOR: &str = "nora@alvdal.example";

/// The demo post replies arrive on.
async fn demo_post(app: &TestApp) -> PostId {
    let blog = app.blog_id("rontgenbloggen").await;
    lykta_store::Reader::anonymous(&app.state.store)
        .post(blog, "en-dag-pa-akutrontgen")
        .await
        .unwrap()
        .expect("the demo post")
        .post
        .id
}

/// `n` replies from Mastodon waiting on `post`, as the worker takes them.
async fn flood(app: &TestApp, post: PostId, n: usize) -> Vec<CommentId> {
    let mut ids = Vec::new();
    for i in 0..n {
        let (id, handle, url, body) = (
            format!("flood-{i}"),
            format!("@reader{i}@social.example"),
            format!("https://social.example/@reader{i}/{i}"),
            format!("Svar nummer {i} i floden"),
        );
        let c = NewComment {
            post_id: post,
            parent_id: None,
            user_id: None,
            author_name: &handle,
            author_email: "",
            body: &body,
            state: CommentState::Pending,
            is_answer: false,
            client_hash: &handle,
            source: Some(CommentSource {
                platform: "mastodon",
                handle: &handle,
                url: &url,
                remote_id: &id,
            }),
        };
        // A few per second, as a flood arrives.
        let at = app.state.app.now() - 3600 + (i as i64) / 4;
        ids.push(app.state.store.add_comment(&c, at).await.unwrap());
    }
    ids
}

/// The comment ids a queue page shows, in order.
fn shown(html: &str) -> Vec<i64> {
    html.split("<li class=\"queue-item")
        .skip(1)
        .filter_map(|li| {
            let start = li.find("id=\"c-")? + 6;
            li[start..].split('"').next()?.parse().ok()
        })
        .collect()
}

/// The address a pager link leads to (`rel="next"` or `rel="prev"`).
fn link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!("rel=\"{rel}\" href=\""))? + rel.len() + 13;
    Some(
        html[at..]
            .split('"')
            .next()?
            .replace("&amp;", "&")
            .replace("&#x2f;", "/"),
    )
}

#[tokio::test]
async fn a_flood_of_replies_leaves_the_queue_usable_page_by_page() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let post = demo_post(&app).await;
        let flood = flood(&app, post, 1000).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(MODERATOR).await;

        // The first page: what waits, counted, and fifty of it.
        let (status, html) = app.text("/admin/comments").await;
        assert_eq!(status, 200, "{backend:?}");
        let waiting: i64 = {
            let at = html
                .find("class=\"queue-waiting\" role=\"status\">")
                .unwrap()
                + 36;
            html[at..]
                .split(" väntar")
                .next()
                .unwrap()
                .replace('\u{a0}', "")
                .parse()
                .unwrap()
        };
        assert!(waiting >= 1000, "{waiting}");
        assert!(html.contains("1\u{a0}0"), "the count is grouped: {waiting}");
        assert_eq!(shown(&html).len(), 50);
        assert!(html
            .contains("<nav class=\"pagination queue-pages\" aria-label=\"Sidor i kön, överst\">"));
        assert!(html.contains("aria-label=\"Sidor i kön, nederst\""));
        assert!(
            html.contains(&format!(
                "<li aria-current=\"page\">Visar 1–50 av {}</li>",
                grouped(waiting)
            )),
            "{html}"
        );
        assert!(link(&html, "prev").is_none(), "no page before the first");

        // Following "next" walks the whole queue once, oldest first.
        let mut seen = shown(&html);
        let mut next = link(&html, "next");
        let mut pages = 1;
        while let Some(to) = next {
            assert!(to.starts_with("/admin/comments?after="), "{to}");
            let (status, html) = app.text(&to).await;
            assert_eq!(status, 200);
            let ids = shown(&html);
            assert!(!ids.is_empty() && ids.len() <= 50);
            seen.extend(ids);
            next = link(&html, "next");
            pages += 1;
            if pages == 3 {
                // "Previous" leads back to the page before, exactly.
                let prev = link(&html, "prev").expect("a page before");
                let (_, back) = app.text(&prev).await;
                assert_eq!(shown(&back), seen[50..100].to_vec());
            }
        }
        assert_eq!(seen.len() as i64, waiting, "every waiting comment once");
        let mut sorted = seen.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), seen.len());
        assert!(flood.iter().all(|id| seen.contains(&id.get())));

        // Only the replies from Mastodon in this blog; the filters stay on every page.
        let query = format!("/admin/comments?blog={blog}&source=mastodon");
        let (_, html) = app.text(&query).await;
        assert!(html.contains("<option value=\"mastodon\" selected>"));
        assert_eq!(platforms(&app, &shown(&html)).await, ["mastodon"]);
        let next = link(&html, "next").unwrap();
        assert!(
            next.contains(&format!("blog={blog}&source=mastodon&after=")),
            "{next}"
        );
        let (_, html2) = app.text(&next).await;
        assert_eq!(platforms(&app, &shown(&html2)).await, ["mastodon"]);
        // From the site only: none of the flood.
        let (_, site) = app.text("/admin/comments?source=site").await;
        assert_eq!(platforms(&app, &shown(&site)).await, ["site"]);

        // The decision on many works on a page: tick the whole page, mark it as spam.
        let (_, picked) = app.text(&format!("{next}&pick=all")).await;
        let page2 = shown(&picked);
        for id in &page2 {
            assert!(picked.contains(&format!("value=\"{id}\" form=\"bulk\" checked")));
        }
        let action = next.clone();
        let mut fields: Vec<(&str, String)> =
            page2.iter().map(|id| ("id", id.to_string())).collect();
        fields.push(("decision", "spam".into()));
        fields.push(("reason", "spam".into()));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post(&action, &fields).await;
        assert_eq!(r.status(), 303);
        let back = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.contains("&after=") && back.contains("source=mastodon"),
            "back on the same page: {back}"
        );
        assert!(back.contains("done=50"));
        for id in &page2 {
            let c = app.state.store.comment(CommentId::new(*id)).await.unwrap();
            assert_eq!(c.state, CommentState::Spam);
        }
        // The same place in the queue now shows the next fifty, and the count went down.
        let (_, html) = app.text(&back).await;
        let after = shown(&html);
        assert_eq!(after.len(), 50);
        assert!(after.iter().all(|id| !page2.contains(id)));
        assert!(after[0] > page2[page2.len() - 1]);
        assert!(html.contains(&format!("{} väntar", grouped(waiting - 50))));
    }
}

/// Where the comments came from, each source once.
async fn platforms(app: &TestApp, ids: &[i64]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let c = app.state.store.comment(CommentId::new(*id)).await.unwrap();
        let p = c.source_platform.unwrap_or_else(|| "site".into());
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// A count as the Swedish admin writes it.
fn grouped(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, d) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}

/// The moderation queue's view of comment `id` (in the state filter
/// `state`), and the record's entries about it.
async fn beside(app: &TestApp, id: CommentId, state: &str) -> (String, String) {
    let (_, html) = app.text(&format!("/admin/comments?state={state}")).await;
    let at = html
        .find(&format!("id=\"c-{id}\""))
        .unwrap_or_else(|| panic!("comment {id} in the {state} queue: {html}"));
    let item = html[at..]
        .split("</li>")
        .next()
        .unwrap()
        .replace("&#x2f;", "/");
    let record = app
        .state
        .store
        .record_of_comments(&[id.get()])
        .await
        .unwrap();
    (item, format!("{record:?}"))
}

#[tokio::test]
async fn rejecting_a_facebook_comment_hides_it_on_the_page_and_the_team_answers_there() {
    use crate::platforms::{app_with, connect, PlatformFake};
    use crate::syndication::{delivery_state, post_for, publish, reply_came_home};
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let channel = connect(
            &app,
            &fake,
            lykta_domain::Platform::Facebook,
            "https://www.facebook.com/regionalvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let copy = delivery_state(&app, post).await.remote_id.unwrap();
        fake.comment(&copy, "Ni borde skämmas", "Eva Ek").await;
        let (_, c) = reply_came_home(&app, post, "facebook", "Eva Ek").await;
        let remote = fake.state().await["comments"][&copy][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // The moderator rejects it: hidden on the page too, by the worker.
        app.sign_in(MODERATOR).await;
        let r = app
            .post(
                "/admin/comments",
                &[
                    ("id", &c.id.to_string()),
                    ("one", &c.id.to_string()),
                    ("decision", "reject"),
                    ("reason", "personal-attack"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        let (item, _) = beside(&app, c.id, "rejected").await;
        assert!(item.contains("Döljs på Facebook"), "{item}");
        app.state.worker.run_due().await.unwrap();
        let hidden = fake.requests("POST", &format!("/v24.0/{remote}")).await;
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0]["body"]["is_hidden"], "true");
        assert!(hidden[0]["headers"]["authorization"]
            .as_str()
            .unwrap()
            .starts_with("Bearer page-"));
        assert_eq!(fake.state().await["comments"][&copy][0]["is_hidden"], true);
        let (item, record) = beside(&app, c.id, "rejected").await;
        assert!(item.contains("Dold på Facebook också."), "{item}");
        assert!(
            record.contains("comment-platform") && record.contains("\\\"action\\\":\\\"hide\\\""),
            "{record}"
        );
        // Deciding again asks nothing more of the page.
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            fake.requests("POST", &format!("/v24.0/{remote}"))
                .await
                .len(),
            1
        );

        // An empty answer is shown at its comment; nothing is queued.
        let answer = format!("/admin/comments/{}/answer-there?state=rejected", c.id);
        let r = app.post(&answer, &[("platform_answer", " ")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!("id=\"platform_answer-{}-error\"", c.id)),
            "{html}"
        );

        // The team answers on Facebook, as the page, through the worker.
        let r = app
            .post(
                &answer,
                &[("platform_answer", "Vi hör av oss till dig direkt.")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(
            fake.requests("POST", &format!("/v24.0/{remote}/comments"))
                .await
                .is_empty(),
            "never inside the request"
        );
        app.state.worker.run_due().await.unwrap();
        let sent = fake
            .requests("POST", &format!("/v24.0/{remote}/comments"))
            .await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["body"]["message"], "Vi hör av oss till dig direkt.");
        let answers = &fake.state().await["comments"][&remote];
        assert_eq!(answers[0]["from"]["id"], "1001", "as the page");
        let (item, record) = beside(&app, c.id, "rejected").await;
        assert!(
            item.contains("Organisationen svarade på Facebook:"),
            "{item}"
        );
        assert!(item.contains("Vi hör av oss till dig direkt."));
        assert!(
            record.contains("Vi hör av oss till dig direkt."),
            "{record}"
        );

        // A token the page no longer takes: the answer needs re-authentication, shown.
        fake.fault(
            "POST",
            &format!("/v24.0/{remote}/comments"),
            serde_json::json!({"type": "expired_token"}),
        )
        .await;
        app.post(&answer, &[("platform_answer", "Ett till svar.")])
            .await;
        app.state.worker.run_due().await.unwrap();
        let (item, record) = beside(&app, c.id, "rejected").await;
        assert!(item.contains("kanalen behöver anslutas igen"), "{item}");
        assert!(record.contains("reauthenticate"));
    }
}

#[tokio::test]
async fn the_team_answers_a_mastodon_reply_there_and_is_told_to_hide_it_itself() {
    use crate::helpers::ADMIN;
    use crate::syndication::{
        connect, delivery_state, post_for, publish, reply_came_home, MastodonPeer,
    };
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let copy = delivery_state(&app, post).await.remote_id.unwrap();
        peer.reply(&copy, "Hur söker man?").await;
        let (_, c) = reply_came_home(&app, post, "mastodon", "@reader@127.0.0.1").await;
        let reply_id = app
            .state
            .store
            .comment_source_id(c.id)
            .await
            .unwrap()
            .unwrap();

        app.sign_in(MODERATOR).await;
        let (_, html) = app.text("/admin/comments?source=mastodon").await;
        assert!(
            html.contains("Svara på Mastodon som organisationen"),
            "{html}"
        );
        let r = app
            .post(
                &format!("/admin/comments/{}/answer-there?source=mastodon", c.id),
                &[("platform_answer", "Via länken i inlägget!")],
            )
            .await;
        assert_eq!(r.status(), 303, "{backend:?}");
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("source=mastodon"));
        app.state.worker.run_due().await.unwrap();
        let answers: Vec<_> = peer
            .statuses()
            .await
            .into_iter()
            .filter(|s| s["in_reply_to_id"].as_str() == Some(reply_id.as_str()))
            .collect();
        assert_eq!(answers.len(), 1, "one answer, in the thread");
        let content = answers[0]["content"].as_str().unwrap();
        assert!(
            content.contains("Via länken i inlägget!") && content.contains("@reader"),
            "{content}"
        );
        let (item, record) = beside(&app, c.id, "pending").await;
        assert!(
            item.contains("Organisationen svarade på Mastodon:"),
            "{item}"
        );
        assert!(
            item.contains(answers[0]["url"].as_str().unwrap_or("https://")),
            "{item}"
        );
        assert!(record.contains("comment-platform"));

        // Mastodon lets nobody hide someone else's reply: rejecting it says so.
        app.post(
            "/admin/comments",
            &[
                ("id", &c.id.to_string()),
                ("decision", "spam"),
                ("reason", "spam"),
            ],
        )
        .await;
        let (item, _) = beside(&app, c.id, "spam").await;
        assert!(
            item.contains("Mastodon: dölj kommentaren där själv"),
            "{item}"
        );
    }
}
