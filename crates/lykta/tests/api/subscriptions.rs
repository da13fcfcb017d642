//! E-mail subscriptions, end to end with a real SMTP server (aiosmtpd): a
//! reader subscribes on a blog's form, follows the confirmation link from
//! the mail, receives the next post (text and HTML parts, RFC 8058
//! one-click unsubscribe headers) and unsubscribes with one POST to the
//! header's address; forged and reused links are refused; floods are
//! rate-limited and an address gets one confirmation mail per window;
//! internal blogs take only employees' accounts, and their posts reach only
//! active employees; a bounced address gets nothing; staff see counts and
//! only administrators the addresses.

use crate::helpers::{backends, spawn_with_smtp, stranger, TestApp, ADMIN};
use lykta_domain::Clock;
use lykta_mail::testing::{Received, SmtpPeer};
use std::time::Duration;

const EDITOR: &str = "sofia@alvdal.example";
const BLOG: &str = "rontgenbloggen";
const INTERNAL: &str = "regiondirektoren";
const INTERNAL_EDITOR: &str = "maria@alvdal.example";

async fn smtp() -> Option<SmtpPeer> {
    SmtpPeer::start().await.expect("start aiosmtpd")
}

/// The public form, sent by an anonymous reader: status and page.
async fn subscribe(app: &TestApp, blog: &str, email: &str, frequency: &str) -> (u16, String) {
    let r = stranger()
        .post(format!("{}/{blog}/prenumerera", app.address))
        .form(&[("email", email), ("frequency", frequency)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Run the worker, then every mail that has arrived for `to`.
async fn mail_for(app: &TestApp, peer: &SmtpPeer, to: &str) -> Vec<Received> {
    app.state.worker.run_due().await.unwrap();
    // Whatever the worker sent has reached the server when run_due returns;
    // give aiosmtpd a moment to write it to its Maildir.
    let before = peer.received().len();
    peer.wait_for(before + 1, Duration::from_millis(300)).await;
    peer.received()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .collect()
}

/// The first link in `text` that contains `part`.
fn link(text: &str, part: &str) -> String {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c| c == '<' || c == '>'))
        .find(|w| w.starts_with("http") && w.contains(part))
        .unwrap_or_else(|| panic!("a link with {part} in {text}"))
        .to_owned()
}

/// GET or POST `url` (absolute) as an anonymous browser: status and page.
async fn visit(url: &str, post: bool) -> (u16, String) {
    let c = stranger();
    let r = if post {
        c.post(url).send().await.unwrap()
    } else {
        c.get(url).send().await.unwrap()
    };
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The editor publishes a new post in `blog`; its id.
async fn publish(app: &TestApp, editor: &str, blog: &str, title: &str) -> lykta_domain::PostId {
    app.sign_in(editor).await;
    let id = app
        .create_post(
            blog,
            title,
            "Vi söker fler röntgensjuksköterskor till akuten.",
        )
        .await;
    assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
    id
}

/// Subscribe `email` and confirm it through the use cases (the way the
/// demo does), for tests about what happens after.
async fn confirmed(app: &TestApp, email: &str) {
    let blog = app.state.store.blog(app.blog_id(BLOG).await).await.unwrap();
    let input = lykta_app::subscriptions::SubscribeInput {
        email: lykta_domain::Email::parse(email).unwrap(),
        frequency: lykta_store::Frequency::Post,
    };
    let ip = "192.0.2.7".parse().unwrap();
    let done = app
        .state
        .app
        .subscribe(&blog, email, Ok(input), ip)
        .await
        .unwrap();
    let token = done.confirmation.expect("a confirmation link");
    app.state.app.confirm_subscription(&token).await.unwrap();
}

#[tokio::test]
async fn a_reader_subscribes_confirms_receives_the_next_post_and_unsubscribes_in_one_click() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let reader = format!("lasare-{backend:?}@example.org").to_lowercase();

        let (status, form) = public_get(&app, &format!("/{BLOG}/prenumerera")).await;
        assert_eq!(status, 200);
        assert!(form.contains("<label for=\"email\">") && form.contains("name=\"frequency\""));
        assert_eq!(public_get(&app, &format!("/{BLOG}/subscribe")).await.0, 200);

        // A mistyped address: the form again, 422, with what was typed.
        let (status, page) = subscribe(&app, BLOG, "inte-en-adress", "post").await;
        assert_eq!(status, 422);
        assert!(
            page.contains("value=\"inte-en-adress\"") && page.contains("aria-invalid=\"true\"")
        );

        let (status, page) = subscribe(&app, BLOG, &reader, "post").await;
        assert_eq!(status, 200);
        assert!(page.contains("Tack!"), "{page}");
        let mails = mail_for(&app, &peer, &reader).await;
        assert_eq!(mails.len(), 1, "one confirmation mail");
        let confirmation = &mails[0];
        assert!(confirmation.subject.contains("Röntgenbloggen"));
        assert!(!confirmation.html.is_empty(), "an HTML part");
        let confirm = link(&confirmation.text, "/prenumeration/bekrafta/");
        assert!(confirmation.html.contains(&confirm));

        // Nothing goes out before the link is followed.
        publish(&app, EDITOR, BLOG, "Före bekräftelsen").await;
        assert_eq!(mail_for(&app, &peer, &reader).await.len(), 1);

        // The link shows a button (a mail scanner's GET confirms nothing).
        let (status, page) = visit(&confirm, false).await;
        assert_eq!(status, 200);
        assert!(page.contains(&reader) && page.contains("<button"));
        let (status, page) = visit(&confirm, true).await;
        assert_eq!(status, 200);
        assert!(page.contains("Nu prenumererar du"), "{page}");
        // Used once: refused with a page that says so; a forged one too.
        let (status, page) = visit(&confirm, true).await;
        assert_eq!(status, 410);
        assert!(page.contains("redan använd"), "{page}");
        let forged = format!("{}/prenumeration/bekrafta/AAAAforgedAAAA", app.address);
        let (status, page) = visit(&forged, false).await;
        assert_eq!(status, 404);
        assert!(page.contains("Länken fungerar inte"), "{page}");

        let title = "Nya tjänster <i>på</i> akuten & mer";
        publish(&app, EDITOR, BLOG, title).await;
        let mails = mail_for(&app, &peer, &reader).await;
        assert_eq!(mails.len(), 2, "the post arrived: {mails:#?}");
        let post = &mails[1];
        assert!(post.subject.contains(title), "{}", post.subject);
        assert!(post.text.contains(title) && post.text.contains("röntgensjuksköterskor"));
        assert!(post.text.contains(&format!("{}/{BLOG}/", app.address)));
        // The HTML part: title (escaped), excerpt, link.
        assert!(post
            .html
            .contains("Nya tjänster &lt;i&gt;på&lt;/i&gt; akuten &amp; mer"));
        assert!(!post.html.contains("<i>på</i>"));
        assert!(post.html.contains("röntgensjuksköterskor"));
        // RFC 8058: an HTTPS-style address in List-Unsubscribe, and One-Click.
        let header = post.header("List-Unsubscribe").expect("List-Unsubscribe");
        assert_eq!(
            post.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let unsubscribe = link(&header, "/prenumeration/avsluta/");
        assert!(post.text.contains(&unsubscribe) && post.html.contains(&unsubscribe));
        // The manage page is linked too, and exports the person's data.
        let manage = link(&post.text, "/prenumeration/hantera/");
        let (status, page) = visit(&manage, false).await;
        assert_eq!(status, 200);
        assert!(page.contains(&reader));
        let (status, export) = visit(&format!("{manage}/export"), false).await;
        assert_eq!(status, 200);
        let export: serde_json::Value = serde_json::from_str(&export).unwrap();
        assert_eq!(export["email"], reader.as_str());
        assert!(export["messages"].as_array().unwrap().len() >= 2);

        // One click, as a mail provider sends it: a POST from elsewhere
        // with no session and no CSRF token.
        let r = stranger()
            .post(&unsubscribe)
            .header("origin", "https://mail.example.net")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("inte längre"));
        // The address is gone; the link does nothing more.
        let blog = app.blog_id(BLOG).await;
        let left = app
            .state
            .store
            .subscriber_by_email(blog, &reader)
            .await
            .unwrap();
        assert!(left.is_none());
        assert_eq!(visit(&unsubscribe, true).await.0, 404);
        assert_eq!(visit(&manage, false).await.0, 404);

        publish(&app, EDITOR, BLOG, "Efter avslutet").await;
        assert_eq!(
            mail_for(&app, &peer, &reader).await.len(),
            2,
            "nothing after unsubscribing"
        );
    }
}

/// Run `lykta ARGS` against the app's data folder and database.
async fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_lykta"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("LYKTA_")) {
        c.env_remove(k);
    }
    c.arg("--data-dir")
        .arg(app.dir.path())
        .args(["--database-url", &app.database_url()])
        .args(args);
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

/// A public page as an anonymous reader: status and body.
async fn public_get(app: &TestApp, path: &str) -> (u16, String) {
    visit(&format!("{}{path}", app.address), false).await
}

#[tokio::test]
async fn floods_are_rate_limited_and_an_address_gets_one_confirmation_per_window() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let target = format!("offer-{backend:?}@example.org").to_lowercase();
        // The same answer for a subscribed address and a new one.
        confirmed(&app, "redan@example.org").await;
        let (s1, known) = subscribe(&app, BLOG, "redan@example.org", "post").await;
        let (s2, new) = subscribe(&app, BLOG, "ny@example.org", "post").await;
        assert_eq!((s1, s2), (200, 200));
        assert_eq!(known, new);

        // Asked three times within the hour: one mail.
        for _ in 0..3 {
            assert_eq!(subscribe(&app, BLOG, &target, "post").await.0, 200);
        }
        let (status, page) = subscribe(&app, BLOG, &target, "weekly").await;
        assert_eq!(status, 429);
        assert!(page.contains("Vänta en stund") && page.contains(&target));
        assert_eq!(mail_for(&app, &peer, &target).await.len(), 1);

        // Later in the day the limit has passed, but the window has not.
        app.clock.advance(2 * 3600);
        assert_eq!(subscribe(&app, BLOG, &target, "post").await.0, 200);
        assert_eq!(mail_for(&app, &peer, &target).await.len(), 1);
        // After the window, a new link (the old one is dead).
        let first = link(&mail_for(&app, &peer, &target).await[0].text, "/bekrafta/");
        app.clock.advance(24 * 3600);
        assert_eq!(subscribe(&app, BLOG, &target, "post").await.0, 200);
        assert_eq!(mail_for(&app, &peer, &target).await.len(), 2);
        assert_eq!(visit(&first, true).await.0, 404);

        // Ten requests an hour per client address, whatever the address.
        for i in 0..9 {
            subscribe(&app, BLOG, &format!("flod{i}@example.org"), "post").await;
        }
        let (status, _) = subscribe(&app, BLOG, "en-till@example.org", "post").await;
        assert_eq!(status, 429);
        app.state.worker.run_due().await.unwrap();
        assert!(mail_for(&app, &peer, "en-till@example.org")
            .await
            .is_empty());
    }
}

#[tokio::test]
async fn internal_blogs_take_employees_accounts_only_and_mail_only_active_employees() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let blog = app.blog_id(INTERNAL).await;
        // Outside: asked to sign in; an address is not taken.
        let (status, _) = public_get(&app, &format!("/{INTERNAL}/prenumerera")).await;
        assert_eq!(status, 303);
        let (status, _) = subscribe(&app, INTERNAL, "utomstaende@example.org", "post").await;
        assert_eq!(status, 303);
        let outsider = app
            .state
            .store
            .subscriber_by_email(blog, "utomstaende@example.org");
        assert!(outsider.await.unwrap().is_none());

        // Employees subscribe with their account, at once (Leila follows
        // the blog in the demo already).
        for who in ["mikael@alvdal.example", "karin@alvdal.example"] {
            app.sign_in(who).await;
            let (status, page) = app.text(&format!("/{INTERNAL}/prenumerera")).await;
            assert_eq!(status, 200);
            assert!(page.contains(who) && page.contains("Prenumerera med mitt konto"));
            let r = app
                .post(
                    &format!("/{INTERNAL}/prenumerera"),
                    &[("frequency", "post"), ("intent", "subscribe")],
                )
                .await;
            assert_eq!(r.status(), 200);
            assert!(r.text().await.unwrap().contains("Du prenumererar med"));
        }
        // Karin leaves after her message was written, before it goes out:
        // checked at send time too. (Leila follows the blog in the demo.)
        let post = publish(&app, INTERNAL_EDITOR, INTERNAL, "Till alla medarbetare").await;
        let notify = &app.state.app.notify;
        let queued = notify.mail_subscribers(post, app.clock.now()).await;
        assert_eq!(queued.unwrap(), 3);
        app.sign_in(ADMIN).await;
        let karin = lykta_domain::Email::parse("karin@alvdal.example").unwrap();
        let karin = app.state.store.user_by_email(&karin).await.unwrap();
        let path = format!("/admin/users/{}/deactivate", karin.unwrap().id);
        assert_eq!(app.post(&path, &[("confirm", "yes")]).await.status(), 303);
        for (who, gets) in [("mikael", true), ("leila", true), ("karin", false)] {
            let mails = mail_for(&app, &peer, &format!("{who}@alvdal.example")).await;
            let got = mails
                .iter()
                .any(|m| m.subject.contains("Till alla medarbetare"));
            assert_eq!(got, gets, "{who}");
        }
        // Writing the post's messages again queues nothing.
        assert_eq!(
            notify
                .mail_subscribers(post, app.clock.now())
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test]
async fn a_bounced_address_gets_nothing_and_only_administrators_see_addresses() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let bounces = format!("studsar-{backend:?}@example.org").to_lowercase();
        let works = format!("fungerar-{backend:?}@example.org").to_lowercase();
        confirmed(&app, &bounces).await;
        confirmed(&app, &works).await;
        let blog = app.blog_id(BLOG).await;

        // The editor sees how many, not who.
        app.sign_in(EDITOR).await;
        let (status, page) = app.text(&format!("/admin/blogs/{blog}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("bekräftade prenumeranter"), "{page}");
        assert!(!page.contains(&bounces));
        assert_eq!(
            app.get(&format!("/admin/blogs/{blog}/subscribers"))
                .await
                .status(),
            403
        );

        // The administrator sees the addresses and records the bounce.
        app.sign_in(ADMIN).await;
        let (status, page) = app.text(&format!("/admin/blogs/{blog}/subscribers")).await;
        assert_eq!(status, 200);
        assert!(page.contains(&bounces) && page.contains(&works));
        let path = format!("/admin/blogs/{blog}/subscribers/undeliverable");
        let r = app
            .post(&path, &[("email", "inte en adress"), ("kind", "bounce")])
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("value=\"inte en adress\""));
        let r = app
            .post(&path, &[("email", &bounces), ("kind", "bounce")])
            .await;
        assert_eq!(r.status(), 303);
        let (_, page) = app.text(&format!("/admin/blogs/{blog}/subscribers")).await;
        assert!(page.contains("Studsar"));
        // The operator records a complaint on the server.
        let complains = format!("klagar-{backend:?}@example.org").to_lowercase();
        confirmed(&app, &complains).await;
        let out = cli(&app, &["subscribers", "bounce", "--complaint", &complains]).await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (_, page) = app.text(&format!("/admin/blogs/{blog}/subscribers")).await;
        assert!(page.contains("Har klagat"));

        publish(&app, EDITOR, BLOG, "Efter studsen").await;
        assert_eq!(mail_for(&app, &peer, &works).await.len(), 2);
        // Nothing goes to the bounced address (what waited for it was dropped).
        assert!(mail_for(&app, &peer, &bounces).await.is_empty());
        assert!(mail_for(&app, &peer, &complains).await.is_empty());
        // No address on any public page.
        for path in [format!("/{BLOG}/"), format!("/{BLOG}/prenumerera")] {
            assert!(!public_get(&app, &path).await.1.contains(&works));
        }
    }
}

#[tokio::test]
async fn digest_subscribers_get_one_weekly_message_with_the_weeks_posts() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let reader = format!("veckovis-{backend:?}@example.org").to_lowercase();
        let (status, _) = subscribe(&app, BLOG, &reader, "weekly").await;
        assert_eq!(status, 200);
        let confirm = link(&mail_for(&app, &peer, &reader).await[0].text, "/bekrafta/");
        assert_eq!(visit(&confirm, true).await.0, 200);
        publish(&app, EDITOR, BLOG, "Öppet hus på röntgen").await;
        publish(&app, EDITOR, BLOG, "Nya kollegor i höst").await;
        // Not one message per post.
        assert_eq!(mail_for(&app, &peer, &reader).await.len(), 1);
        // The Monday after, 08:00: one digest with both, once.
        // The first Monday 07:00 after now (today's, early on a Monday).
        let today = lykta_domain::stockholm_date(app.clock.now());
        let mut monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        if lykta_domain::stockholm_instant(monday, 7, 0) <= app.clock.now() {
            monday += time::Duration::days(7);
        }
        app.clock.set(lykta_domain::stockholm_instant(monday, 8, 0));
        app.state.worker.housekeeping().await.unwrap();
        app.state.worker.housekeeping().await.unwrap();
        let mails = mail_for(&app, &peer, &reader).await;
        assert_eq!(mails.len(), 2, "{mails:#?}");
        let digest = &mails[1];
        assert!(
            digest.subject.contains("veckans inlägg"),
            "{}",
            digest.subject
        );
        for title in ["Öppet hus på röntgen", "Nya kollegor i höst"] {
            assert!(digest.text.contains(title) && digest.html.contains(title));
        }
        assert!(digest.header("List-Unsubscribe-Post").is_some());
    }
}

/// A subscriber changes how often they hear from the blog on the manage
/// page behind their mail's link (each post → weekly digest) without
/// unsubscribing: a POST with the link as the authority. A choice that is
/// none of the two, or a forged link, changes nothing.
#[tokio::test]
async fn a_subscriber_changes_frequency_on_the_manage_page_without_unsubscribing() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let reader = format!("ofta-{backend:?}@example.org").to_lowercase();
        assert_eq!(subscribe(&app, BLOG, &reader, "post").await.0, 200);
        let confirm = link(&mail_for(&app, &peer, &reader).await[0].text, "/bekrafta/");
        assert_eq!(visit(&confirm, true).await.0, 200);
        publish(&app, EDITOR, BLOG, "Ett första inlägg").await;
        let mails = mail_for(&app, &peer, &reader).await;
        assert_eq!(mails.len(), 2);
        let manage = link(&mails[1].text, "/prenumeration/hantera/");

        // The manage page offers the choice, with the current one ticked.
        let (status, page) = visit(&manage, false).await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"value="post" checked"#), "{page}");
        assert!(page.contains("Spara ändringen"));

        let c = stranger();
        let send = |frequency: &'static str, url: String| {
            let c = c.clone();
            async move {
                c.post(url)
                    .form(&[("frequency", frequency)])
                    .send()
                    .await
                    .unwrap()
            }
        };
        let r = send("weekly", manage.clone()).await;
        assert_eq!(r.status(), 303, "{backend:?}");
        let back = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.ends_with("?changed=1") && manage.ends_with(back.trim_end_matches("?changed=1"))
        );
        let (_, page) = visit(&format!("{manage}?changed=1"), false).await;
        assert!(page.contains("Ändringen är sparad"), "{page}");
        assert!(page.contains(r#"value="weekly" checked"#));
        let blog = app.blog_id(BLOG).await;
        let stored = app
            .state
            .store
            .subscriber_by_email(blog, &reader)
            .await
            .unwrap();
        assert_eq!(
            stored.expect("still subscribed").frequency,
            lykta_store::Frequency::Weekly
        );
        // Now no message per post; the manage link still works.
        publish(&app, EDITOR, BLOG, "Ett andra inlägg").await;
        assert_eq!(mail_for(&app, &peer, &reader).await.len(), 2, "{backend:?}");
        assert_eq!(visit(&manage, false).await.0, 200);

        // Something else than the two choices: the page again, 422, unchanged.
        let r = send("daily", manage.clone()).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(page.contains(r#"aria-invalid="true""#), "{page}");
        let stored = app
            .state
            .store
            .subscriber_by_email(blog, &reader)
            .await
            .unwrap();
        assert_eq!(stored.unwrap().frequency, lykta_store::Frequency::Weekly);
        // A forged link changes nothing.
        let forged = format!("{}/prenumeration/hantera/AAAAforgedAAAA", app.address);
        assert_eq!(send("post", forged).await.status(), 404);

        // Back to each post, from the English address, in English.
        let english = manage.replace("/prenumeration/hantera/", "/subscription/manage/");
        let page = c
            .get(&english)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Save the change"), "{page}");
        assert_eq!(send("post", english).await.status(), 303);
        publish(&app, EDITOR, BLOG, "Ett tredje inlägg").await;
        assert_eq!(mail_for(&app, &peer, &reader).await.len(), 3, "{backend:?}");
    }
}
