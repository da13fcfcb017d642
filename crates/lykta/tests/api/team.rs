//! A blog team at work: invitations by e-mail link, mail about reviews,
//! reminders and digests (to a real SMTP server process), internal notes,
//! ideas, and reviewers who read and approve without editing.

use crate::helpers::{backends, spawn_app, spawn_with_smtp, stranger, TestApp, AUTHOR, PASSWORD};
use lykta_domain::Clock as _;
use lykta_domain::UserId;
use lykta_mail::testing::{Received, SmtpPeer};
use std::time::Duration;

const EDITOR: &str = "sofia@alvdal.example";
const REVIEWER: &str = "per@alvdal.example";
const GUEST: &str = "elin@alvdal.example";

/// A real SMTP server, or None when the test should be skipped.
async fn smtp() -> Option<SmtpPeer> {
    SmtpPeer::start().await.expect("start aiosmtpd")
}

async fn user_id(app: &TestApp, email: &str) -> UserId {
    let e = lykta_domain::Email::parse(email).unwrap();
    app.state
        .store
        .user_for_sign_in(&e)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

/// Mail so far to one address.
fn to(mails: &[Received], address: &str) -> Vec<Received> {
    mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == address))
        .cloned()
        .collect()
}

fn invitation_link(mail: &Received) -> String {
    let start = mail.text.find("http").expect("a link in the mail");
    mail.text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// The outbox rows (oldest first) to `address` whose subject passes `keep`, with
/// when each was sent. Every message goes out from one row, once (a row is
/// claimed before sending and never sent again once marked), so a mail sent
/// twice would show here as a second row.
async fn outbox_to(
    app: &TestApp,
    address: &str,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, Option<i64>)> {
    let mut rows = app.state.store.outbox(100_000).await.unwrap();
    rows.reverse();
    rows.into_iter()
        .filter(|m| m.to_address == address && keep(&m.subject))
        .map(|m| (m.dedupe_key, m.sent_at))
        .collect()
}

/// The editor's weekly digests in the outbox; each must have gone out.
async fn digest_rows(app: &TestApp) -> usize {
    let rows = outbox_to(app, EDITOR, |s| s.starts_with("Veckans läge")).await;
    assert!(rows.iter().all(|(_, sent)| sent.is_some()), "{rows:?}");
    rows.len()
}

/// Invite someone as `role`; returns the mail with the link.
async fn invite(app: &TestApp, peer: &SmtpPeer, email: &str, role: &str) -> Received {
    let blog = app.blog_id("rontgenbloggen").await;
    let before = peer.received().len();
    let r = app
        .post(
            &format!("/admin/blogs/{blog}/invitations"),
            &[("invite_email", email), ("invite_role", role)],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    app.state.worker.run_due().await.unwrap();
    let mails = peer.wait_for(before + 1, Duration::from_secs(10)).await;
    to(&mails, email).pop().expect("the invitation arrives")
}

#[tokio::test]
async fn invitations_by_email_link_are_single_use_expiring_and_revocable() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(EDITOR).await;

        // Bad input: a field message each, nothing sent.
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/invitations"),
                &[
                    ("invite_email", "inte en adress"),
                    ("invite_role", "guest"),
                    ("invite_days", "400"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/invitations"),
                &[("invite_email", AUTHOR), ("invite_role", "author")],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("redan med i bloggen"));

        // A new person accepts and gets an account and the role.
        let mail = invite(&app, &peer, "ny.skribent@alvdal.example", "guest").await;
        assert!(mail.subject.contains("Röntgenbloggen"), "{}", mail.subject);
        assert!(mail.text.contains("Sofia Nyberg"), "{}", mail.text);
        let link = invitation_link(&mail);
        let browser = stranger();
        let page = browser.get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("ny.skribent@alvdal.example"));
        let r = browser
            .post(&link)
            .form(&[("name", "Ny Skribent"), ("password", "kort")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "too short a password");
        let r = browser
            .post(&link)
            .form(&[("name", "Ny Skribent"), ("password", "ett-bra-losenord")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{backend:?}");
        assert_eq!(
            r.headers()["location"],
            format!("/admin/blogs/{blog}").as_str()
        );
        let admin = browser
            .get(format!("{}/admin/blogs/{blog}/posts/new", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(admin.status(), 200, "signed in as a guest author");
        let new_id = user_id(&app, "ny.skribent@alvdal.example").await;
        let roles = app
            .state
            .store
            .memberships(new_id, app.clock.now())
            .await
            .unwrap();
        assert_eq!(roles.len(), 1);
        assert_eq!(roles[0].role, lykta_domain::BlogRole::Guest);
        // Guests' access ends: 30 days by default.
        assert!(app
            .state
            .store
            .memberships(new_id, app.clock.now() + 31 * 86_400)
            .await
            .unwrap()
            .is_empty());

        // Used once.
        let again = stranger().get(&link).send().await.unwrap();
        assert_eq!(again.status(), 410);
        assert!(again.text().await.unwrap().contains("redan använts"));
        let r = stranger()
            .post(&link)
            .form(&[("name", "Någon annan"), ("password", "ett-bra-losenord")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 410, "a used link creates nothing");

        // Revoked.
        let mail = invite(&app, &peer, "angrad@alvdal.example", "author").await;
        let link = invitation_link(&mail);
        let inv = app.state.store.invitations(blog).await.unwrap()[0].id;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/invitations/{inv}/revoke"),
                &[],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = stranger().get(&link).send().await.unwrap();
        assert_eq!(r.status(), 410);
        assert!(r.text().await.unwrap().contains("återkallats"));
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/invitations/{inv}/revoke"),
                &[],
            )
            .await;
        assert_eq!(r.status(), 409, "revoking twice");

        // Expired.
        let mail = invite(&app, &peer, "sen@alvdal.example", "author").await;
        let link = invitation_link(&mail);
        app.clock.advance(15 * 86_400);
        let r = stranger().get(&link).send().await.unwrap();
        assert_eq!(r.status(), 410);
        assert!(r.text().await.unwrap().contains("gått ut"));
        app.clock.advance(-15 * 86_400);

        // A link nobody made.
        let r = stranger()
            .get(format!("{}/invitation/inte-en-riktig-lank", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);

        // Someone with an account signs in first and joins with it.
        let mail = invite(&app, &peer, "maria@alvdal.example", "reviewer").await;
        let link = invitation_link(&mail);
        let browser = stranger();
        let page = browser
            .get(&link)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let main = &page[page.find("<main").unwrap_or(0)..];
        assert!(main.contains("Logga in först"), "{main}");
        let r = browser
            .post(format!("{}/sign-in", app.address))
            .form(&[
                ("email", "maria@alvdal.example"),
                ("password", PASSWORD),
                ("next", "/admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let page = browser
            .get(&link)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("an accept form")
            .to_owned();
        let r = browser
            .post(&link)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let maria = user_id(&app, "maria@alvdal.example").await;
        assert!(app
            .state
            .store
            .memberships(maria, app.clock.now())
            .await
            .unwrap()
            .iter()
            .any(|m| m.blog_id == blog && m.role == lykta_domain::BlogRole::Reviewer));
    }
}

#[tokio::test]
async fn review_mail_reminders_and_digests_arrive_once_and_can_be_switched_off() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let store = &app.state.store;
        let blog = app.blog_id("rontgenbloggen").await;
        let start = peer.received().len();

        // A post sent for review reaches the blog's reviewer; the answer reaches the author.
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Granska mig", "Text att läsa.")
            .await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "submit"), ("note", "Hinner du i dag?")],
            )
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        app.state.worker.run_due().await.unwrap();
        let mails = peer.wait_for(start + 1, Duration::from_secs(10)).await;
        // (The demo's own draft waiting for review is announced too.)
        let per: Vec<Received> = to(&mails[start..], REVIEWER)
            .into_iter()
            .filter(|m| m.subject.contains("Granska mig"))
            .collect();
        assert_eq!(
            per.len(),
            1,
            "{backend:?}: {:?}",
            mails[start..]
                .iter()
                .map(|m| (&m.to, &m.subject))
                .collect::<Vec<_>>()
        );
        assert_eq!(per[0].subject, "Att granska: Granska mig");
        assert!(per[0].text.contains("Hinner du i dag?"));
        assert!(per[0].text.contains(&format!("/admin/posts/{id}")));

        app.sign_in(REVIEWER).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "approve"), ("note", "")],
            )
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        app.state.worker.run_due().await.unwrap();
        let mails = peer.wait_for(start + 2, Duration::from_secs(10)).await;
        let karin = to(&mails[start..], AUTHOR);
        assert_eq!(karin.len(), 1);
        assert_eq!(karin[0].subject, "Godkänt: Granska mig");

        // A plan item due in two days reminds its assignee once.
        let leila = user_id(&app, "leila@alvdal.example").await;
        let today = lykta_domain::stockholm_date(app.clock.now());
        let due = lykta_domain::iso_date(today + time::Duration::days(2));
        let item = |title: &'static str| lykta_store::PlanInput {
            title,
            theme: "",
            due_on: &due,
            assignee_id: Some(leila),
            channels: "blog",
            status: lykta_domain::PlanStatus::Planned,
            post_id: None,
        };
        let night = store
            .create_plan_item(blog, &item("Nattinlägget"), app.clock.now())
            .await
            .unwrap();
        app.state.worker.housekeeping().await.unwrap();
        let before_repeat = peer
            .wait_for(start + 3, Duration::from_secs(10))
            .await
            .len();
        // (Plan reminders only: she also hears about the guidelines.)
        let plan_reminders = |mails: &[Received]| -> Vec<Received> {
            to(mails, "leila@alvdal.example")
                .into_iter()
                .filter(|m| m.subject.contains("ska vara klart"))
                .collect()
        };
        let reminders = plan_reminders(&peer.received()[start..]);
        assert_eq!(reminders.len(), 1);
        assert!(
            reminders[0].subject.contains("Nattinlägget"),
            "{}",
            reminders[0].subject
        );
        // In the outbox: one row for it, sent.
        let rows = outbox_to(&app, "leila@alvdal.example", |s| {
            s.contains("ska vara klart")
        })
        .await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(
            rows[0].0.starts_with(&format!("reminder:{night}:")) && rows[0].1.is_some(),
            "{rows:?}"
        );
        let outbox = app.state.store.outbox(100_000).await.unwrap();
        app.state.worker.housekeeping().await.unwrap();
        app.state.worker.run_due().await.unwrap();
        // Nothing new queued, nothing sent again: the whole outbox is as it was.
        let again = app.state.store.outbox(100_000).await.unwrap();
        assert_eq!(
            again.iter().map(|m| (m.id, m.sent_at)).collect::<Vec<_>>(),
            outbox.iter().map(|m| (m.id, m.sent_at)).collect::<Vec<_>>(),
            "never twice"
        );
        assert_eq!(peer.received().len(), before_repeat, "never twice");

        // Leila switches reminders off; a new item stays quiet.
        app.sign_in("leila@alvdal.example").await;
        let r = app
            .post(
                "/admin/profile/mail",
                &[("mail_reviews", "1"), ("reminder_days", "3")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = app
            .post("/admin/profile/mail", &[("reminder_days", "90")])
            .await;
        assert_eq!(r.status(), 422, "at most 30 days");
        let quiet = store
            .create_plan_item(blog, &item("Tyst inlägg"), app.clock.now())
            .await
            .unwrap();
        app.state.worker.housekeeping().await.unwrap();
        let rows = outbox_to(&app, "leila@alvdal.example", |s| {
            s.contains("ska vara klart")
        })
        .await;
        assert_eq!(rows.len(), 1, "nothing queued for the new item: {rows:?}");
        assert!(!rows[0].0.starts_with(&format!("reminder:{quiet}:")));
        assert_eq!(plan_reminders(&peer.received()[start..]).len(), 1);

        // Monday 07:00 the editors get their weekly digest, once a week
        // (this week's went out with the first reminders).
        let digests = |mails: &[Received]| {
            to(mails, EDITOR)
                .into_iter()
                .filter(|m| m.subject.starts_with("Veckans läge"))
                .count()
        };
        assert_eq!(digests(&peer.received()[start..]), 1, "this week's digest");
        // One row per digest in the outbox, each sent.
        assert_eq!(digest_rows(&app).await, 1);
        let now = app.clock.now();
        let mut monday = today + time::Duration::days(1);
        while monday.weekday() != time::Weekday::Monday {
            monday += time::Duration::days(1);
        }
        app.clock
            .set(lykta_domain::stockholm_instant(monday, 6, 59));
        app.state.worker.housekeeping().await.unwrap();
        assert_eq!(digest_rows(&app).await, 1, "not before 07:00");
        assert_eq!(digests(&peer.received()[start..]), 1, "not before 07:00");
        app.clock.set(lykta_domain::stockholm_instant(monday, 7, 0));
        app.state.worker.housekeeping().await.unwrap();
        let mails = peer
            .wait_for(peer.received().len() + 1, Duration::from_secs(10))
            .await;
        assert_eq!(digests(&mails[start..]), 2, "{backend:?}");
        assert_eq!(digest_rows(&app).await, 2);
        let digest = to(&mails[start..], EDITOR);
        let digest = digest.last().unwrap();
        assert!(digest.text.contains("Röntgenbloggen"));
        assert!(
            digest.text.contains("Tyst inlägg"),
            "upcoming items are listed"
        );
        app.clock.advance(3 * 86_400);
        app.state.worker.housekeeping().await.unwrap();
        assert_eq!(digest_rows(&app).await, 2, "once a week");
        assert_eq!(digests(&peer.received()[start..]), 2, "once a week");
        app.clock.set(now);

        // Administrators see what went out.
        app.sign_in(crate::helpers::ADMIN).await;
        let (status, html) = app.text("/admin/outbox").await;
        assert_eq!(status, 200);
        assert!(html.contains("Att granska: Granska mig"));
    }
}

#[tokio::test]
async fn without_a_mail_server_messages_wait_in_the_outbox() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(EDITOR).await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/invitations"),
                &[
                    ("invite_email", "vem@alvdal.example"),
                    ("invite_role", "author"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        let outbox = app.state.store.outbox(10).await.unwrap();
        let mail = outbox
            .iter()
            .find(|m| m.to_address == "vem@alvdal.example")
            .expect("queued");
        assert!(mail.sent_at.is_none());
        assert!(mail.last_error.contains("smtp_url"), "{}", mail.last_error);
        app.sign_in(crate::helpers::ADMIN).await;
        let (_, html) = app.text("/admin/outbox").await;
        assert!(html.contains("Ingen e-postserver är inställd"));
        app.sign_in(EDITOR).await;
        assert_eq!(app.get("/admin/outbox").await.status(), 403);
    }
}

#[tokio::test]
async fn internal_notes_are_threaded_resolvable_and_stay_in_the_team() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Med anteckningar", "Text.")
            .await;
        let notes = format!("/admin/posts/{id}/notes");
        let r = app.post(&notes, &[("note_body", "   ")]).await;
        assert_eq!(r.status(), 422, "an empty note");
        let r = app
            .post(
                &notes,
                &[("note_body", "Hemlig tanke om rubriken.\nTvå rader.")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let root = app.state.store.notes(id).await.unwrap()[0].id;

        app.sign_in(EDITOR).await;
        let r = app
            .post(
                &notes,
                &[("reply_to", &root.to_string()), ("body", "Bra, kortare!")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = app
            .post(&format!("{notes}/{root}/resolve"), &[("resolved", "1")])
            .await;
        assert_eq!(r.status(), 303);
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(
            html.contains("Löst av Sofia Nyberg"),
            "resolved, and by whom"
        );
        assert!(html.contains("Bra, kortare!"));
        // A reply opens the thread again.
        app.post(
            &notes,
            &[("reply_to", &root.to_string()), ("body", "En sak till")],
        )
        .await;
        let all = app.state.store.notes(id).await.unwrap();
        assert_eq!(all.len(), 3);
        assert!(all.iter().all(|n| n.resolved_at.is_none()));
        assert!(all[1..].iter().all(|n| n.parent_id == Some(root)));

        // A guest cannot read or write on someone else's post.
        app.sign_in(GUEST).await;
        assert_eq!(app.get(&format!("/admin/posts/{id}")).await.status(), 403);
        assert_eq!(
            app.post(&notes, &[("note_body", "Får jag?")])
                .await
                .status(),
            403
        );
        // A note on another post's thread is not found.
        let other = app
            .create_post("rontgenbloggen", "Gästens eget", "Text.")
            .await;
        let r = app
            .post(
                &format!("/admin/posts/{other}/notes"),
                &[("reply_to", &root.to_string()), ("body", "Fel tråd")],
            )
            .await;
        assert_eq!(r.status(), 404);

        // Published, the post shows no notes anywhere public.
        app.sign_in(AUTHOR).await;
        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        let browser = stranger();
        for path in [
            "/rontgenbloggen/med-anteckningar",
            "/rontgenbloggen/feed.atom",
            "/feed.json",
        ] {
            let r = browser
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let body = r.text().await.unwrap();
            assert!(!body.contains("Hemlig tanke"), "{path} leaks a note");
        }
    }
}

#[tokio::test]
async fn ideas_become_drafts_before_they_can_go_out() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/posts"),
                &[
                    ("title", "En idé om MR-ljud"),
                    ("body", "Stödord."),
                    ("idea", "1"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let id = app.state.store.posts_of_blog(blog).await.unwrap()[0]
            .post
            .id;
        let post = app.state.store.post(id).await.unwrap().post;
        assert_eq!(post.workflow, lykta_domain::Workflow::Idea);
        let r = app.set_state(id, "publish", "").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("bara en idé"));
        let r = app
            .post(&format!("/admin/posts/{id}/review"), &[("step", "submit")])
            .await;
        assert_eq!(r.status(), 422, "an idea is not sent for review");
        let r = app
            .post(&format!("/admin/posts/{id}/review"), &[("step", "start")])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        let log: Vec<String> = app
            .state
            .store
            .reviews(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect();
        assert_eq!(log, ["started"]);
    }
}

#[tokio::test]
async fn reviewers_read_and_approve_but_do_not_edit_and_never_approve_unread_text() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Läs mig först", "Första versionen.")
            .await;
        app.post(&format!("/admin/posts/{id}/review"), &[("step", "submit")])
            .await;

        app.sign_in(REVIEWER).await;
        let (status, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Första versionen."), "the text to review");
        assert!(!html.contains("name=\"body\""), "no edit form");
        assert!(html.contains("value=\"approve\""));
        let seen = app.current_version(id).await;
        assert_eq!(
            app.edit_post(id, &[("title", "Ändrat"), ("body", "x")])
                .await
                .status(),
            403
        );
        assert_eq!(app.set_state(id, "publish", "").await.status(), 403);

        // The author changes the text while the reviewer reads.
        app.sign_in(AUTHOR).await;
        assert_eq!(
            app.edit_post(
                id,
                &[("title", "Läs mig först"), ("body", "Andra versionen.")]
            )
            .await
            .status(),
            303
        );
        app.sign_in(REVIEWER).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "approve"), ("version", &seen)],
            )
            .await;
        assert_eq!(r.status(), 409, "{backend:?}");
        assert!(r.text().await.unwrap().contains("ändrats sedan du läste"));
        assert_eq!(
            app.state.store.post(id).await.unwrap().post.workflow,
            lykta_domain::Workflow::InReview
        );
        let now = app.current_version(id).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "approve"), ("version", &now)],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = app
            .post(
                &format!("/admin/posts/{id}/review"),
                &[("step", "approve"), ("version", &now)],
            )
            .await;
        assert_eq!(r.status(), 422, "approving twice");
    }
}
