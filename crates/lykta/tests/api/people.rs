//! People administration: administrators edit a person's role (and the
//! permission follows at once), deactivate and reactivate accounts (the
//! person's sessions end and sign-in is refused), and never remove the last
//! active administrator; anyone resets a forgotten password with a
//! single-use, expiring link by e-mail (to a real SMTP server), asked for
//! with the same answer whether or not the address has an account and
//! rate-limited; changing one's password ends one's other sessions; each
//! person chooses the language of their admin pages and mail.

use crate::helpers::{
    assert_conflict, backends, spawn_app, spawn_with_smtp, stranger, TestApp, ADMIN, PASSWORD,
};
use lykta_domain::UserId;
use lykta_mail::testing::{Received, SmtpPeer};
use std::time::Duration;

const MIKAEL: &str = "mikael@alvdal.example";
const KARIN: &str = "karin@alvdal.example";
const NEW_PASSWORD: &str = "ett-helt-nytt-lösenord";

async fn smtp() -> Option<SmtpPeer> {
    SmtpPeer::start().await.expect("start aiosmtpd")
}

async fn user_id(app: &TestApp, email: &str) -> UserId {
    let e = lykta_domain::Email::parse(email).unwrap();
    app.state.store.user_by_email(&e).await.unwrap().unwrap().id
}

/// Another browser, signed in as `email` with `password`; returns the
/// client and the status of the sign-in with the page it answered.
async fn browser(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, u16, String) {
    let b = stranger();
    let r = b
        .post(format!("{}/sign-in", app.address))
        .form(&[("email", email), ("password", password), ("next", "/admin")])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (b, status, r.text().await.unwrap())
}

/// What `b` gets for `path`: the status.
async fn status_of(app: &TestApp, b: &reqwest::Client, path: &str) -> u16 {
    let r = b
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

/// The person's edit form as it stands, with `changes` made.
async fn person_form(app: &TestApp, id: UserId, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let u = app.state.store.user(id).await.unwrap();
    let mut form = vec![
        ("name".to_owned(), u.name),
        ("email".to_owned(), u.email),
        ("role".to_owned(), u.role.as_str().to_owned()),
        (
            "unit_id".to_owned(),
            u.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        ),
        ("version".to_owned(), u.version.to_string()),
    ];
    for (k, v) in changes {
        form.retain(|(f, _)| f != k);
        form.push(((*k).to_owned(), (*v).to_owned()));
    }
    form
}

/// The posts in Röntgenbloggen `who` wrote, with their states.
async fn posts_by(app: &TestApp, who: UserId) -> Vec<String> {
    let blog = app.blog_id("rontgenbloggen").await;
    let posts = app.state.store.posts_of_blog(blog).await.unwrap();
    posts
        .iter()
        .filter(|p| p.author_ids().contains(&who))
        .map(|p| format!("{} {:?}", p.post.id, p.post.state))
        .collect()
}

async fn save_person(app: &TestApp, id: UserId, form: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(&format!("/admin/users/{id}"), &fields).await
}

#[tokio::test]
async fn an_administrator_edits_a_persons_role_and_the_permission_follows() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let (status, list) = app.text("/admin/users").await;
        assert_eq!(status, 200);
        assert!(list.contains("Mikael Strand") && list.contains("Senast inloggad"));
        // The demo's former employee is listed, deactivated.
        let jonas = list.split("Jonas Lind").nth(1).expect("Jonas is listed");
        assert!(jonas[..jonas.find("</tr>").unwrap()].contains("Avaktiverad"));
        // Forms for accounts that do not exist yet say nothing of keeping one.
        assert!(!list.contains("Lämna tomt"), "{list}");

        let mikael = user_id(&app, MIKAEL).await;
        let (b, status, _) = browser(&app, MIKAEL, PASSWORD).await;
        assert_eq!(status, 303);
        assert_eq!(status_of(&app, &b, "/admin/blogs/new").await, 403);

        let before = person_form(&app, mikael, &[]).await;
        let (status, page) = app.text(&format!("/admin/users/{mikael}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Mikael Strand"));
        let r = save_person(
            &app,
            mikael,
            &person_form(&app, mikael, &[("role", "communicator")]).await,
        )
        .await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        // His open session has the new role at once.
        assert_eq!(status_of(&app, &b, "/admin/blogs/new").await, 200);

        // A second save based on the old version is refused, the input kept.
        let mut stale = before.clone();
        stale.retain(|(k, _)| k != "name");
        stale.push(("name".into(), "Mikael Strand-Ek".into()));
        // The colleague's version is shown beside it, and the form builds on it.
        let r = save_person(&app, mikael, &stale).await;
        let current = app.state.store.user(mikael).await.unwrap().version;
        let page = assert_conflict(r, "Mikael Strand-Ek", "Kommunikatör", current).await;
        assert!(page.contains("Någon annan har ändrat personen"), "{page}");
        assert_eq!(
            app.state.store.user(mikael).await.unwrap().name,
            "Mikael Strand"
        );

        // Bad input: a message per field.
        let taken = person_form(&app, mikael, &[("email", KARIN)]).await;
        assert_eq!(save_person(&app, mikael, &taken).await.status(), 422);
        let empty = person_form(&app, mikael, &[("name", "")]).await;
        assert_eq!(save_person(&app, mikael, &empty).await.status(), 422);

        // Who changed what, and when, is on the person's page.
        let (_, page) = app.text(&format!("/admin/users/{mikael}")).await;
        assert!(page.contains("ändrat av Anna"), "{page}");
        assert!(page.contains("(roll)"), "{page}");
    }
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_at_once_and_cannot_sign_in_until_reactivated() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let mikael = user_id(&app, MIKAEL).await;
        let (b, _, _) = browser(&app, MIKAEL, PASSWORD).await;
        assert_eq!(status_of(&app, &b, "/admin").await, 200);
        let posts_before = posts_by(&app, mikael).await;
        assert!(!posts_before.is_empty());

        // The page asks first: a required box, checked again on the server.
        let (_, page) = app.text(&format!("/admin/users/{mikael}")).await;
        assert!(page.contains(
            "<input type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"yes\" required>"
        ));
        assert!(page.contains("Ja, jag vill avaktivera kontot för Mikael Strand"));
        let deactivate = format!("/admin/users/{mikael}/deactivate");
        let r = app.post(&deactivate, &[]).await;
        assert_eq!(r.status(), 422, "not without confirming");
        let page = r.text().await.unwrap();
        assert!(page.contains("Kryssa i rutan för att bekräfta"), "{page}");
        assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"confirm-error\""));
        assert!(!app.state.store.user(mikael).await.unwrap().disabled);
        assert_eq!(status_of(&app, &b, "/admin").await, 200, "still signed in");
        let r = app.post(&deactivate, &[("confirm", "yes")]).await;
        assert_eq!(r.status(), 303);
        let (_, page) = app
            .text(&format!("/admin/users/{mikael}?done=deactivated"))
            .await;
        assert!(page.contains("Kontot är avaktiverat"), "{page}");
        // The open session is refused on its next request.
        assert_eq!(status_of(&app, &b, "/admin").await, 303);
        // The right password gets a clear answer; a wrong one the usual one.
        let (_, status, page) = browser(&app, MIKAEL, PASSWORD).await;
        assert_eq!(status, 401);
        assert!(page.contains("Ditt konto är avaktiverat"), "{page}");
        let (_, status, page) = browser(&app, MIKAEL, "fel-lösenord-här").await;
        assert_eq!(status, 401);
        assert!(page.contains("Fel e-postadress eller lösenord"), "{page}");
        // What he wrote stays.
        assert_eq!(posts_by(&app, mikael).await, posts_before);

        let r = app
            .post(&format!("/admin/users/{mikael}/reactivate"), &[])
            .await;
        assert_eq!(r.status(), 303);
        let (b, status, _) = browser(&app, MIKAEL, PASSWORD).await;
        assert_eq!(status, 303);
        assert_eq!(status_of(&app, &b, "/admin").await, 200);
        let (_, page) = app.text(&format!("/admin/users/{mikael}")).await;
        assert!(page.contains("avaktiverat av Anna") && page.contains("aktiverat igen av Anna"));
    }
}

#[tokio::test]
async fn the_last_active_administrator_cannot_be_removed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let anna = user_id(&app, ADMIN).await;
        let mikael = user_id(&app, MIKAEL).await;
        // Not oneself.
        let r = app
            .post(
                &format!("/admin/users/{anna}/deactivate"),
                &[("confirm", "yes")],
            )
            .await;
        assert_eq!(r.status(), 409);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Du kan inte avaktivera ditt eget konto"));
        // Not the last administrator's role.
        let r = save_person(
            &app,
            anna,
            &person_form(&app, anna, &[("role", "employee")]).await,
        )
        .await;
        assert_eq!(r.status(), 409);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("minst en aktiv administratör"));
        assert_eq!(
            app.state.store.user(anna).await.unwrap().role.as_str(),
            "admin"
        );

        // With a second administrator, one may go; then the other is the last.
        let r = save_person(
            &app,
            mikael,
            &person_form(&app, mikael, &[("role", "admin")]).await,
        )
        .await;
        assert_eq!(r.status(), 303);
        let (b, _, _) = browser(&app, MIKAEL, PASSWORD).await;
        let csrf = {
            let html = b
                .get(format!("{}/admin/users/{anna}", app.address))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            html.split("name=\"csrf\" value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        let r = b
            .post(format!("{}/admin/users/{anna}/deactivate", app.address))
            .form(&[("csrf", csrf.as_str()), ("confirm", "yes")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(app.get("/admin").await.status(), 303, "Anna is signed out");
        let mut form = person_form(&app, mikael, &[("role", "employee")]).await;
        form.push(("csrf".into(), csrf));
        let r = b
            .post(format!("{}/admin/users/{mikael}", app.address))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("minst en aktiv administratör"));
    }
}

/// The link in a reset mail.
fn link(mail: &Received) -> String {
    let start = mail
        .text
        .find("/reset-password/")
        .expect("a link in the mail");
    let begin = mail.text[..start].rfind("http").unwrap();
    mail.text[begin..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Ask for a reset link as an anonymous visitor; the status and the page.
async fn ask(app: &TestApp, email: &str) -> (u16, String) {
    let r = stranger()
        .post(format!("{}/sign-in/forgot", app.address))
        .form(&[("email", email)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Mail that has arrived for `to` since `before` messages.
async fn mail_to(app: &TestApp, peer: &SmtpPeer, before: usize, to: &str) -> Received {
    app.state.worker.run_due().await.unwrap();
    let mails = peer.wait_for(before + 1, Duration::from_secs(10)).await;
    mails[before..]
        .iter()
        .rev()
        .find(|m| m.to.iter().any(|t| t == to))
        .cloned()
        .expect("the mail arrives")
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_by_an_expiring_link_from_the_mail() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        let (status, page) = app.text("/sign-in").await;
        assert_eq!(status, 200);
        assert!(page.contains("href=\"/sign-in/forgot\"") && page.contains("Glömt lösenordet?"));
        let (karins_other, status, _) = browser(&app, KARIN, PASSWORD).await;
        assert_eq!(status, 303);

        // The same answer whether or not the address has an account.
        let before = peer.received().len();
        let (s1, unknown) = ask(&app, "ingen.alls@alvdal.example").await;
        let (s2, known) = ask(&app, KARIN).await;
        assert_eq!((s1, s2), (200, 200));
        assert_eq!(unknown, known);
        assert!(
            known.contains("Om det finns ett konto med den adressen"),
            "{known}"
        );
        let mail = mail_to(&app, &peer, before, KARIN).await;
        assert!(
            peer.received()
                .iter()
                .all(|m| !m.to.iter().any(|t| t == "ingen.alls@alvdal.example")),
            "no mail for the unknown address"
        );
        assert!(mail.subject.contains("nytt lösenord"), "{}", mail.subject);
        let url = link(&mail);
        assert!(url.starts_with(&app.address), "{url}");
        // The link is not kept in the outbox once sent.
        let outbox = app.state.store.outbox(10).await.unwrap();
        assert!(outbox.iter().all(|m| !m.body.contains("/reset-password/")));

        let b = stranger();
        let r = b.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let form = r.text().await.unwrap();
        assert!(form.contains("Välj nytt lösenord") && !form.contains("Lämna tomt"));
        let r = b
            .post(&url)
            .form(&[("password", "kort")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let r = b
            .post(&url)
            .form(&[("password", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/sign-in?reset=1");
        // Every session of hers has ended; the new password works, the old not.
        assert_eq!(status_of(&app, &karins_other, "/admin").await, 303);
        assert_eq!(browser(&app, KARIN, PASSWORD).await.1, 401);
        assert_eq!(browser(&app, KARIN, NEW_PASSWORD).await.1, 303);
        // Once only.
        let r = b.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 410);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("Länken har redan använts") && page.contains("href=\"/sign-in/forgot\"")
        );
        let r = b
            .post(&url)
            .form(&[("password", "ännu-ett-lösenord")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 410);

        // A link expires after an hour.
        let before = peer.received().len();
        ask(&app, KARIN).await;
        let url = link(&mail_to(&app, &peer, before, KARIN).await);
        app.clock.advance(3601);
        let r = b.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 410);
        assert!(r.text().await.unwrap().contains("Länken har gått ut"));
        let r = b
            .post(&url)
            .form(&[("password", "ännu-ett-lösenord")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 410);
        assert_eq!(browser(&app, KARIN, NEW_PASSWORD).await.1, 303);
        // A made-up link.
        let r = b
            .get(format!(
                "{}/reset-password/inte-en-riktig-lank",
                app.address
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 410);
        assert!(r.text().await.unwrap().contains("Be om en ny länk"));
    }
}

#[tokio::test]
async fn asking_for_reset_links_too_often_is_refused_with_a_message() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Per typed address: three an hour, alike for every address.
        for address in ["ingen.alls@alvdal.example", KARIN] {
            for _ in 0..3 {
                assert_eq!(ask(&app, address).await.0, 200);
            }
            let (status, page) = ask(&app, address).await;
            assert_eq!(status, 429, "{address}");
            assert!(page.contains("för många länkar"), "{page}");
            assert!(page.contains(address), "the address stays in the form");
        }
        // An hour later it works again.
        app.clock.advance(3601);
        assert_eq!(ask(&app, KARIN).await.0, 200);
        // Per client address: ten an hour, whatever the addresses.
        for i in 0..9 {
            assert_eq!(ask(&app, &format!("person{i}@alvdal.example")).await.0, 200);
        }
        assert_eq!(ask(&app, "en.till@alvdal.example").await.0, 429);
    }
}

/// The profile form as it stands, with `changes` made.
async fn profile_form(
    app: &TestApp,
    email: &str,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let u = app
        .state
        .store
        .user(user_id(app, email).await)
        .await
        .unwrap();
    let mut form = vec![
        ("name".to_owned(), u.name),
        ("title".to_owned(), u.title),
        ("bio".to_owned(), u.bio),
        (
            "photo_media_id".to_owned(),
            u.photo_media_id.map(|m| m.to_string()).unwrap_or_default(),
        ),
        ("photo_alt".to_owned(), u.photo_alt),
        ("language".to_owned(), u.language.unwrap_or_default()),
        ("password".to_owned(), String::new()),
    ];
    for (k, v) in changes {
        form.retain(|(f, _)| f != k);
        form.push(((*k).to_owned(), (*v).to_owned()));
    }
    form
}

async fn save_profile(app: &TestApp, form: &[(String, String)]) -> u16 {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/admin/profile", &fields).await.status().as_u16()
}

#[tokio::test]
async fn changing_ones_own_password_ends_ones_other_sessions() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(KARIN).await;
        let (other, _, _) = browser(&app, KARIN, PASSWORD).await;
        assert_eq!(status_of(&app, &other, "/admin").await, 200);
        let (_, page) = app.text("/admin/profile").await;
        assert!(page.contains("Lämna tomt för att behålla ditt nuvarande lösenord"));
        // A profile saved without a new password ends nothing.
        assert_eq!(
            save_profile(&app, &profile_form(&app, KARIN, &[]).await).await,
            303
        );
        assert_eq!(status_of(&app, &other, "/admin").await, 200);
        let form = profile_form(&app, KARIN, &[("password", NEW_PASSWORD)]).await;
        assert_eq!(save_profile(&app, &form).await, 303);
        assert_eq!(app.get("/admin").await.status(), 200, "this session stays");
        assert_eq!(
            status_of(&app, &other, "/admin").await,
            303,
            "the other ends"
        );
        assert_eq!(browser(&app, KARIN, NEW_PASSWORD).await.1, 303);
    }
}

#[tokio::test]
async fn a_person_who_chooses_english_gets_english_admin_pages_and_mail() {
    let Some(peer) = smtp().await else { return };
    for backend in backends() {
        let app = spawn_with_smtp(backend, &peer.url()).await;
        app.sign_in(KARIN).await;
        let (_, page) = app.text("/admin").await;
        assert!(
            page.contains("Översikt"),
            "Swedish by default (the organisation's)"
        );
        let bad = profile_form(&app, KARIN, &[("language", "fi")]).await;
        assert_eq!(save_profile(&app, &bad).await, 422);
        let form = profile_form(&app, KARIN, &[("language", "en")]).await;
        assert_eq!(save_profile(&app, &form).await, 303);
        let (_, page) = app.text("/admin").await;
        assert!(
            page.contains("Overview") && page.contains("Sign out"),
            "{page}"
        );
        let (_, page) = app.text("/admin/profile").await;
        assert!(page.contains("My profile"));
        // Her error pages too.
        let (status, page) = app.text("/admin/users").await;
        assert_eq!(status, 403);
        assert!(
            !page.contains("Logga ut") && page.contains("Sign out"),
            "{page}"
        );

        // Mail to her is in English; the administrator's pages stay Swedish.
        let karin = user_id(&app, KARIN).await;
        app.sign_in(ADMIN).await;
        let before = peer.received().len();
        let r = app.post(&format!("/admin/users/{karin}/reset"), &[]).await;
        assert_eq!(r.status(), 303);
        let mail = mail_to(&app, &peer, before, KARIN).await;
        assert_eq!(mail.subject, "Choose a new password in Lykta");
        assert!(mail.text.contains("It works once"), "{}", mail.text);
        let (_, page) = app.text(&format!("/admin/users/{karin}?done=reset")).await;
        assert!(page.contains("En länk för att välja nytt lösenord är på väg"));
    }
}

#[tokio::test]
async fn a_changed_address_is_told_to_the_old_one_in_the_persons_language() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let outbox = |to: &'static str| {
            let app = &app;
            async move {
                app.state
                    .store
                    .outbox(1000)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|m| m.to_address == to && m.dedupe_key.starts_with("email-changed:"))
                    .collect::<Vec<_>>()
            }
        };
        // Mikael reads Lykta in Swedish (the organisation's language).
        app.sign_in(ADMIN).await;
        let mikael = user_id(&app, MIKAEL).await;
        let form = person_form(&app, mikael, &[("email", "mikael.strand@alvdal.example")]).await;
        assert_eq!(save_person(&app, mikael, &form).await.status(), 303);
        let mails = outbox(MIKAEL).await;
        assert_eq!(
            mails.len(),
            1,
            "{backend:?}: one notice, to the old address"
        );
        let m = &mails[0];
        assert_eq!(m.subject, "Din e-postadress i Lykta har ändrats");
        assert!(
            m.body.contains("Anna Lindqvist har ändrat e-postadressen")
                && m.body
                    .contains("från mikael@alvdal.example till mikael.strand@alvdal.example"),
            "{}",
            m.body
        );
        assert!(outbox("mikael.strand@alvdal.example").await.is_empty());
        // Saving again without changing the address sends nothing more.
        let form = person_form(&app, mikael, &[("name", "Mikael Strand")]).await;
        assert_eq!(save_person(&app, mikael, &form).await.status(), 303);
        assert_eq!(outbox(MIKAEL).await.len(), 1);

        // Karin chose English: her notice is in English.
        app.sign_in(KARIN).await;
        let english = profile_form(&app, KARIN, &[("language", "en")]).await;
        assert_eq!(save_profile(&app, &english).await, 303);
        app.sign_in(ADMIN).await;
        let karin = user_id(&app, KARIN).await;
        let form = person_form(&app, karin, &[("email", "karin.new@alvdal.example")]).await;
        assert_eq!(save_person(&app, karin, &form).await.status(), 303);
        let mails = outbox(KARIN).await;
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].subject, "Your e-mail address in Lykta has changed");
        assert!(mails[0].body.contains("to karin.new@alvdal.example"));
    }
}
