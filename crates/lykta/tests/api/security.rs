//! Sign-in, sessions, CSRF and hostile content.

use crate::helpers::*;

#[tokio::test]
async fn csrf_origin_and_session_rules_hold() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let url = format!("{}/admin/blogs/{blog}/posts", app.address);
        // Without the token: refused, nothing saved.
        let r = app
            .client
            .post(&url)
            .form(&[("title", "Utan token"), ("body", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        // With a wrong token.
        let r = app
            .client
            .post(&url)
            .form(&[("title", "Fel token"), ("body", "x"), ("csrf", "fel")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        // With the right token but from another site.
        let token = app.csrf();
        let r = app
            .client
            .post(&url)
            .header("sec-fetch-site", "cross-site")
            .form(&[("title", "Annan sajt"), ("body", "x"), ("csrf", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = app
            .client
            .post(&url)
            .header("origin", "https://evil.example")
            .form(&[("title", "Annan sajt"), ("body", "x"), ("csrf", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        // A token in the address counts only for uploads (multipart), never
        // for a plain form: addresses end up in logs and Referer headers.
        let r = app
            .client
            .post(format!("{url}?csrf={token}"))
            .form(&[("title", "Token i adressen"), ("body", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let titles: Vec<String> = app
            .state
            .store
            .posts_of_blog(blog)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.post.title)
            .collect();
        assert!(!titles
            .iter()
            .any(|t| t.contains("token") || t.contains("Token") || t.contains("Annan")));

        // The cookie is HttpOnly and SameSite; signing out ends the session.
        let other = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = other
            .post(format!("{}/sign-in", app.address))
            .form(&[("email", AUTHOR), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(app.post("/sign-out", &[]).await.status(), 303);
        assert_eq!(app.get("/admin").await.status(), 303, "signed out");
        // Open redirects are refused.
        let r = other
            .post(format!("{}/sign-in", app.address))
            .form(&[
                ("email", AUTHOR),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/admin");
    }
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_and_hammering_is_rate_limited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for _ in 0..5 {
            let r = app
                .post(
                    "/sign-in",
                    &[("email", OTHER_AUTHOR), ("password", "fel-losenord")],
                )
                .await;
            assert_eq!(r.status(), 401);
            assert!(r
                .text()
                .await
                .unwrap()
                .contains("Fel e-postadress eller lösenord."));
        }
        let r = app
            .post(
                "/sign-in",
                &[("email", OTHER_AUTHOR), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), 401, "locked even with the right password");
        assert!(r.text().await.unwrap().contains("Kontot är låst"));
        assert_eq!(
            app.post(
                "/sign-in",
                &[("email", "inte-en-adress"), ("password", "x")]
            )
            .await
            .status(),
            422
        );
        // The lock expires.
        app.clock.advance(16 * 60);
        let mut last = 0;
        for _ in 0..11 {
            last = app
                .post(
                    "/sign-in",
                    &[("email", "okand@alvdal.example"), ("password", "x")],
                )
                .await
                .status()
                .as_u16();
        }
        assert_eq!(last, 429, "more than 10 attempts per address in 10 minutes");
        app.clock.advance(11 * 60);
        let r = app
            .post(
                "/sign-in",
                &[("email", OTHER_AUTHOR), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), 303, "lock and rate limit both expired");
    }
}

#[tokio::test]
async fn hostile_markdown_renders_inert_everywhere() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let body = "Hej <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[klick](javascript:alert(3)) [ok](https://example.org)\n\n<iframe src=\"https://evil.example\"></iframe>";
        let id = app
            .create_post("rontgenbloggen", "Elakt <b>inlägg</b> \"citat\"", body)
            .await;
        app.set_state(id, "publish", "").await;
        let slug = app.state.store.post(id).await.unwrap().post.slug;
        for path in [
            format!("/rontgenbloggen/{slug}"),
            "/rontgenbloggen/".into(),
            "/feed.rss".into(),
            "/feed.atom".into(),
            "/feed.json".into(),
            "/".into(),
        ] {
            let (status, html) = app.text(&path).await;
            assert_eq!(status, 200, "{path}");
            // JSON Feed titles are plain text by definition; everywhere else they must be escaped.
            let title_tag: &[&str] = if path.ends_with(".json") {
                &[]
            } else {
                &["<b>inlägg"]
            };
            for bad in [
                "<script>alert",
                "<img src=x",
                "href=\"javascript:",
                "<iframe",
            ]
            .iter()
            .chain(title_tag)
            {
                assert!(!html.contains(bad), "{backend:?} {path} contains {bad:?}");
            }
        }
        let (_, html) = app.text(&format!("/rontgenbloggen/{slug}")).await;
        assert!(
            html.contains("href=\"https://example.org\""),
            "safe links survive"
        );
        assert!(
            html.contains("Elakt &lt;b&gt;inlägg&lt;&#x2f;b&gt;"),
            "titles are escaped"
        );
        // Invalid UTF-8 in a form is decoded lossily (U+FFFD); a title of nothing else is refused.
        let r = app
            .client
            .post(format!(
                "{}/admin/blogs/{}/posts",
                app.address,
                app.blog_id("rontgenbloggen").await
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={}&title=%FF%FE&body=x", app.csrf()))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            422,
            "no address can be made from it: refused with a field message"
        );
        let all = app
            .state
            .store
            .posts_of_blog(app.blog_id("rontgenbloggen").await)
            .await
            .unwrap();
        assert!(
            all.iter().all(|p| !p.post.title.contains('\u{FFFD}')),
            "nothing stored"
        );
    }
}

/// A raw HTTP/1.1 exchange: what a client that does not tidy the request
/// (or lie about its size) gets. Returns the status line.
async fn raw_request(app: &TestApp, request: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.address.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("an answer at once, not after the body")
        .unwrap();
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn limits_are_answered_with_their_own_status_and_message() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let host = app.address.trim_start_matches("http://").to_owned();
        // A body announced far beyond any limit is refused before it is sent.
        let status = raw_request(
            &app,
            format!(
                "POST /sign-in HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 107374182400\r\n\r\nemail="
            ),
        )
        .await;
        assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
        // Dot segments never reach a file or the front page.
        for path in ["/media/..", "/media/../lykta.db", "/media/%2e%2e"] {
            let status = raw_request(
                &app,
                format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            )
            .await;
            assert_eq!(status, "HTTP/1.1 404 Not Found", "{path}");
        }

        app.sign_in(ADMIN).await;
        // A blog may not take the address of a site file.
        let r = app
            .post(
                "/admin/blogs",
                &[
                    ("name", "Flöden"),
                    ("slug", "feed.atom"),
                    ("language", "sv"),
                    ("audience", "public"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Adressen är reserverad"));
        // A typed address is never cut short without a word.
        let blog = app.blog_id("rontgenbloggen").await;
        let long = "a".repeat(10_000);
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/posts"),
                &[("title", "Lång adress"), ("slug", &long), ("body", "Text.")],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Adressen får vara högst 80 tecken."));
        let titles: Vec<String> = app
            .state
            .store
            .all_blogs()
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .chain(
                app.state
                    .store
                    .posts_of_blog(blog)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|p| p.post.title),
            )
            .collect();
        assert!(!titles.iter().any(|t| t == "Flöden" || t == "Lång adress"));
    }
}

/// Text people paste (or attackers send): every form saves it or refuses it
/// with a message, never a 500.
const HOSTILE: &[&str] = &[
    "noll\u{0}byte",
    "\u{202e}baklänges\u{202c}",
    "<script>alert(1)</script>",
    "\u{1b}[31mröd\u{1b}[0m",
    "🧑‍⚕️🏥 ₿ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "a\r\nb\rc\n",
    "\u{feff}\u{200b}",
    "' OR 1=1; --",
    "%00%ff",
    "* fråga\n- svar\n* två rätt",
];

/// Save a guideline draft as someone who just opened it: title, the three
/// texts and the check questions.
async fn save_draft(
    app: &TestApp,
    id: lykta_domain::GuidelineVersionId,
    [title, everyone, units, private, questions]: [&str; 5],
) -> reqwest::Response {
    let version = app.state.store.guideline_version(id).await.unwrap().version;
    let version = version.to_string();
    app.post(
        &format!("/admin/guidelines/{id}/edit"),
        &[
            ("version", version.as_str()),
            ("title", title),
            ("for_everyone", everyone),
            ("for_units", units),
            ("for_private", private),
            ("questions", questions),
        ],
    )
    .await
}

#[tokio::test]
async fn hostile_text_in_guidelines_and_surveys_is_saved_or_refused_never_a_500() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let units = app.state.store.units().await.unwrap();
        let unit = format!("unit-{}", units[0].id);
        let long = "å".repeat(300_000);
        let mut saved = (0, 0);
        let r = app.post("/admin/guidelines", &[]).await;
        assert_eq!(r.status(), 303);
        let edit = r.headers()["location"].to_str().unwrap().to_owned();
        let id: lykta_domain::GuidelineVersionId = edit
            .trim_start_matches("/admin/guidelines/")
            .trim_end_matches("/edit")
            .parse()
            .unwrap();
        for text in HOSTILE.iter().copied().chain([long.as_str()]) {
            let r = save_draft(&app, id, [text, text, text, text, ""]).await;
            assert!(
                r.status().as_u16() < 500,
                "guidelines {text:?}: {}",
                r.status()
            );
            saved.0 += usize::from(r.status() == 303);
            // As check questions it is refused with a message (or saved if it is a quiz).
            let r = save_draft(&app, id, ["Riktlinjer", "Text.", "Text.", "Text.", text]).await;
            assert!(
                r.status().as_u16() < 500,
                "questions {text:?}: {}",
                r.status()
            );
            let r = app
                .post(
                    "/admin/surveys",
                    &[("title", text), ("intro", text), (unit.as_str(), "on")],
                )
                .await;
            assert!(r.status().as_u16() < 500, "survey {text:?}: {}", r.status());
            saved.1 += usize::from(r.status() == 303);
        }
        eprintln!("{backend:?}: saved {saved:?} of {}", HOSTILE.len() + 1);
        assert!(
            saved.0 >= 5 && saved.1 >= 5,
            "most of it is simply saved: {saved:?}"
        );
    }
}

/// The headers every kind of page must carry.
fn assert_security_headers(r: &reqwest::Response, what: &str, https: bool) {
    let h = r.headers();
    let get = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let csp = get("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("object-src 'none'"), "{what}: {csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(
        get("referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    assert!(get("permissions-policy").contains("camera=()"), "{what}");
    assert_eq!(
        h.contains_key("strict-transport-security"),
        https,
        "{what}: HSTS"
    );
}

#[tokio::test]
async fn every_kind_of_page_carries_the_security_headers() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let logo = app
            .state
            .store
            .organisation()
            .await
            .unwrap()
            .unwrap()
            .logo_url
            .unwrap_or_default();
        let public = [
            "/",
            "/rontgenbloggen/",
            "/rontgenbloggen/en-dag-pa-akutrontgen",
            "/rontgenbloggen/feed.atom",
            "/sitemap.xml",
            "/kanaler",
            "/accessibility",
            "/sign-in",
            "/assets/lykta.css",
            "/healthz",
            "/finns-inte",
        ];
        for path in public
            .iter()
            .copied()
            .chain([logo.as_str()].into_iter().filter(|l| !l.is_empty()))
        {
            let r = stranger()
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();
            assert!(r.status().as_u16() < 500, "{path}");
            assert_security_headers(&r, path, false);
        }
        app.sign_in(ADMIN).await;
        for path in [
            "/admin",
            "/admin/comments",
            "/admin/channels.csv",
            "/admin/record",
        ] {
            let r = app.get(path).await;
            assert!(r.status().as_u16() < 400, "{path}: {}", r.status());
            assert_security_headers(&r, path, false);
        }
        // Behind HTTPS, browsers are told to stay on it.
        let https = spawn_with(backend, |s| s.secure_cookies = true).await;
        let r = stranger()
            .get(format!("{}/rontgenbloggen/", https.address))
            .send()
            .await
            .unwrap();
        assert_security_headers(&r, "behind HTTPS", true);
    }
}

/// Every field name a staff form reads, so an arbitrary value reaches each.
const FIELD_NAMES: &[&str] = &[
    "title",
    "name",
    "email",
    "body",
    "excerpt",
    "slug",
    "tags",
    "cover_media_id",
    "cover_alt",
    "comment",
    "answer",
    "reason",
    "note",
    "decision",
    "ban_days",
    "role",
    "days",
    "theme",
    "due_on",
    "channels",
    "assignee_id",
    "status",
    "year",
    "platform",
    "url",
    "unit_id",
    "purpose",
    "goal",
    "audience",
    "cadence",
    "owners",
    "intro",
    "closes_on",
    "summary",
    "for_everyone",
    "for_units",
    "for_private",
    "questions",
    "description",
    "links",
    "scenario_id",
    "entry",
    "notes",
    "step",
    "triggers",
    "steps",
    "contacts",
    "templates",
    "tagline",
    "language",
    "resources",
    "engagement",
    "posts_per_month",
    "moderation",
    "policy",
    "blocked_words",
    "close_days",
    "position",
    "published",
    "publish_at",
    "bio",
    "photo_alt",
    "reminder_days",
    "unit_name",
    "managers",
    "service",
    "used_for",
    "result",
    "alt",
    "contact_email",
    "contact_phone",
    "accessibility_statement",
    "default_language",
    "logo_media_id",
    "text",
];

#[tokio::test]
async fn arbitrary_values_in_every_admin_form_never_get_a_500() {
    use proptest::strategy::{Strategy, ValueTree};
    let value = proptest::prop_oneof![
        proptest::arbitrary::any::<String>(),
        proptest::string::string_regex("[0-9-]{0,12}").unwrap(),
        proptest::strategy::Just("\u{0}<script>alert(1)</script>".to_owned()),
        proptest::strategy::Just("9".repeat(40)),
        proptest::strategy::Just("-1".to_owned()),
        proptest::strategy::Just("2026-02-30".to_owned()),
    ];
    for backend in backends() {
        let app = spawn_app(backend).await;
        crate::authz::add_central_people(&app).await;
        let probes = crate::authz::probes(&app).await;
        app.sign_in(ADMIN).await;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut sent = 0;
        for probe in probes.values().filter(|p| p.post.is_some() && !p.multipart) {
            for _ in 0..4 {
                let mut form: Vec<(&str, String)> = FIELD_NAMES
                    .iter()
                    .map(|f| (*f, value.new_tree(&mut runner).unwrap().current()))
                    .collect();
                form.extend(probe.fields.iter().map(|(k, v)| (*k, v.clone())));
                let fields: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let r = app.post(&probe.path, &fields).await;
                assert!(
                    r.status().as_u16() < 500,
                    "{} with {form:?}: {}",
                    probe.path,
                    r.status()
                );
                sent += 1;
            }
        }
        assert!(sent > 100, "every form was tried ({sent} requests)");
    }
}
