//! Readers and employees: internal blogs found by the staff who may read
//! them (and by nobody else, from the cache either), what comes under a post
//! (author box, related posts, reading time, following, share links without
//! trackers), and the reader's language switch.

use crate::helpers::*;

const EMPLOYEE: &str = "leila@alvdal.example";
const INTERNAL_EDITOR: &str = "maria@alvdal.example";
const INTERNAL: &str = "/regiondirektoren/";
const INTERNAL_NAME: &str = "Regiondirektörens blogg";
/// The demo's blog in English.
const ENGLISH_BLOG: &str = "/care-in-alvdal/";

fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_owned)
        .collect()
}

/// A GET with the given headers and no cookie jar: (status, headers, body).
async fn get_with(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.address));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let r = r.send().await.unwrap();
    let (status, h) = (r.status().as_u16(), r.headers().clone());
    (status, h, r.text().await.unwrap())
}

fn shows_internal(html: &str) -> bool {
    html.contains(INTERNAL) || html.contains(INTERNAL_NAME)
}

#[tokio::test]
async fn employees_find_the_internal_blog_and_anonymous_readers_never_do() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Signed in first: the front page is theirs alone, never kept.
        app.sign_in(EMPLOYEE).await;
        let (status, mine) = app.text("/").await;
        assert_eq!(status, 200);
        let doc = scraper::Html::parse_document(&mine);
        assert!(
            hrefs(&doc, "main .internal-blogs a").contains(&INTERNAL.to_owned()),
            "{backend:?}: the front page lists the internal blog for an employee"
        );
        assert!(
            hrefs(&doc, "header nav a").contains(&INTERNAL.to_owned()),
            "{backend:?}: and so does the navigation"
        );
        let r = app.get("/").await;
        assert!(r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("private"));
        // A public blog's pages offer it in the navigation too.
        let (_, blog) = app.text("/rontgenbloggen/").await;
        let doc = scraper::Html::parse_document(&blog);
        assert!(hrefs(&doc, "header nav a").contains(&INTERNAL.to_owned()));
        // And the dashboard.
        let (_, dash) = app.text("/admin").await;
        let doc = scraper::Html::parse_document(&dash);
        assert!(
            hrefs(&doc, "main a").contains(&INTERNAL.to_owned()),
            "{backend:?}: the dashboard links the internal blog"
        );

        // Anonymous readers, before and after the cache holds the page,
        // and with a session cookie that is no longer valid.
        for _ in 0..2 {
            for path in [
                "/",
                "/rontgenbloggen/",
                "/kanaler",
                "/rontgenbloggen/om-bloggen",
            ] {
                let (status, _, html) = get_with(&app, path, &[]).await;
                assert_eq!(status, 200, "{path}");
                assert!(
                    !shows_internal(&html),
                    "{backend:?}: an anonymous reader sees the internal blog on {path}"
                );
            }
        }
        let (_, _, stale) = get_with(&app, "/", &[("cookie", "lykta_session=old")]).await;
        assert!(!shows_internal(&stale));
        // The signed-in person still gets their own page, not the cached one.
        let (_, again) = app.text("/").await;
        assert!(
            shows_internal(&again),
            "{backend:?}: not the anonymous page"
        );
    }
}

#[tokio::test]
async fn under_a_post_the_author_related_posts_reading_time_following_and_sharing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Maria writes on the internal blog with the same tags as the post.
        app.sign_in(INTERNAL_EDITOR).await;
        let internal = app
            .create_post("regiondirektoren", "Intern om MR", "Bara för oss.")
            .await;
        let r = app
            .press(internal, "save", &[("tags", "MR, För patienter")], &[])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.set_state(internal, "publish", "").await.status(), 303);

        let path = "/rontgenbloggen/att-komma-till-rontgen";
        let html = public_text(&app, path).await;
        let doc = scraper::Html::parse_document(&html);
        // The author box: portrait with its description, title, the author
        // page, their other posts.
        let boxes = select(&doc, ".about-authors .author-box");
        assert_eq!(boxes.len(), 1, "{backend:?}: one author");
        let author = boxes[0].html();
        let img = select(&doc, ".about-authors img.author-photo");
        assert!(
            img[0]
                .value()
                .attr("alt")
                .is_some_and(|a| a.contains("Mikael")),
            "{backend:?}: the portrait is described"
        );
        assert!(author.contains("/rontgenbloggen/author/"), "{author}");
        assert!(author.contains("Fler inlägg av Mikael"), "{author}");
        assert!(
            author.contains("/rontgenbloggen/vad-gor-en-mr-sjukskoterska"),
            "another post by Mikael"
        );
        assert!(
            !hrefs(&doc, ".about-authors .post-links a").contains(&path.to_owned()),
            "not the post itself"
        );
        // Related posts share a tag; never a draft or an internal post.
        let related = hrefs(&doc, ".related a");
        assert!(
            related.contains(&"/rontgenbloggen/stralsakerhet-for-dig-som-patient".to_owned())
                && related.contains(&"/rontgenbloggen/vad-gor-en-mr-sjukskoterska".to_owned()),
            "{backend:?}: {related:?}"
        );
        assert!(
            !related.iter().any(|h| h.contains("fem-fragor-om-mr")),
            "{backend:?}: the draft that shares both tags stays out"
        );
        assert!(
            !html.contains("Intern om MR") && !shows_internal(&html),
            "{backend:?}: nothing internal under a public post"
        );
        // Following in plain words: e-mail, a feed reader, the blog's channels.
        let follow = hrefs(&doc, ".follow a");
        assert!(follow.contains(&"/rontgenbloggen/prenumerera".to_owned()));
        assert!(follow
            .iter()
            .any(|h| h.ends_with("/rontgenbloggen/feed.atom")));
        assert!(
            follow.contains(&"https://www.linkedin.com/showcase/rontgen-alvdal".to_owned()),
            "{backend:?}: the unit's own channels from the inventory: {follow:?}"
        );
        assert!(html.contains("Följ bloggen") && html.contains("flödesläsare"));
        // Share links carry only the post's address: no trackers, scripts or
        // images from elsewhere.
        let url = format!("{}{path}", app.address);
        let encoded: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
        let shares = select(&doc, ".share a");
        assert_eq!(shares.len(), 4, "e-mail, Mastodon, LinkedIn, Facebook");
        for a in &shares {
            let href = a.value().attr("href").unwrap();
            let rel = a.value().attr("rel").unwrap_or("");
            assert!(
                rel.contains("noopener") && rel.contains("noreferrer"),
                "{href}"
            );
            assert!(
                href.contains(&encoded.replace('+', "%20")) || href.contains(&encoded),
                "{href} carries the post's address"
            );
            assert!(!href.contains("utm_"), "{href}");
        }
        let share_hrefs = hrefs(&doc, ".share a");
        assert!(share_hrefs[0].starts_with("mailto:?subject="));
        assert!(share_hrefs
            .iter()
            .any(|h| h.starts_with("https://mastodon.example/share?text=")));
        for el in select(&doc, "script[src], img[src], iframe") {
            let src = el.value().attr("src").unwrap_or("");
            assert!(src.starts_with('/'), "nothing loaded from elsewhere: {src}");
        }
        // The reading time comes from the word count.
        assert!(
            select(&doc, ".reading-time")[0]
                .text()
                .collect::<String>()
                .starts_with("Lästid"),
            "{backend:?}"
        );

        // Signed in as staff, still nothing internal under a public post.
        let (_, staff) = app.text(path).await;
        assert!(!staff.contains("Intern om MR"));
        // An internal post has no share links and no feed, but its own box.
        let (_, inside) = app.text("/regiondirektoren/intern-om-mr").await;
        let doc = scraper::Html::parse_document(&inside);
        assert!(select(&doc, ".share a").is_empty());
        assert!(hrefs(&doc, ".follow a").iter().all(|h| !h.contains("feed")));
        assert_eq!(select(&doc, ".about-authors .author-box").len(), 1);
    }
}

/// 450 words: 3 minutes in Swedish (200 a minute), 2 in English (230).
fn words(n: usize) -> String {
    vec!["ord"; n].join(" ")
}

/// A second English blog with a post of 450 words.
async fn english_blog(app: &TestApp) {
    app.sign_in(ADMIN).await;
    let r = app
        .post(
            "/admin/blogs",
            &[
                ("name", "Work with us"),
                ("slug", "work-with-us"),
                ("tagline", "Radiology in Älvdal"),
                ("language", "en"),
                ("audience", "public"),
                ("unit_id", ""),
                ("purpose", "Recruit"),
                ("goal", "More applicants"),
                ("resources", "Two people"),
                ("engagement", "High"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let id = app
        .create_post("work-with-us", "A day at work", &words(450))
        .await;
    assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
}

fn html_lang(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    select(&doc, "html")[0]
        .value()
        .attr("lang")
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn readers_choose_the_language_of_the_pages_and_the_cache_keeps_them_apart() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let english = [("accept-language", "en-GB,en;q=0.9")];
        // The demo publishes in both languages: its English blog for
        // international patients beside the Swedish ones.
        let (_, _, html) = get_with(&app, ENGLISH_BLOG, &[]).await;
        assert_eq!(html_lang(&html), "en", "{backend:?}");
        assert!(html.contains("?lang=sv"), "{backend:?}: the switch");
        // One language published (the English blog made internal): the
        // pages speak it, and offer no switch.
        app.sign_in(ADMIN).await;
        let blog = app.blog_id("care-in-alvdal").await;
        let settings = |audience| {
            [
                ("name", "Care in Älvdal"),
                ("slug", "care-in-alvdal"),
                ("language", "en"),
                ("audience", audience),
            ]
        };
        let r = app.blog_settings(blog, "edit", &settings("internal")).await;
        assert_eq!(r.status(), 303);
        let (_, _, html) = get_with(&app, "/rontgenbloggen/", &english).await;
        assert_eq!(html_lang(&html), "sv");
        assert!(!html.contains("?lang=en"));
        let r = app.blog_settings(blog, "edit", &settings("public")).await;
        assert_eq!(r.status(), 303);

        english_blog(&app).await;
        // Both languages again: the browser's choice, else the page's own.
        let (_, h, html) = get_with(&app, "/rontgenbloggen/", &english).await;
        assert_eq!(html_lang(&html), "en", "{backend:?}");
        assert!(html.contains("Sign in") && !html.contains("Logga in"));
        let doc = scraper::Html::parse_document(&html);
        assert_eq!(
            select(&doc, ".card-title")[0].value().attr("lang"),
            Some("sv"),
            "{backend:?}: the posts keep their own language"
        );
        let vary = h["vary"].to_str().unwrap().to_owned();
        assert!(
            vary.contains("accept-language") && vary.contains("cookie"),
            "{vary}"
        );
        for _ in 0..2 {
            // Served from the cache the second time: never the other language.
            let (_, _, sv) = get_with(&app, "/rontgenbloggen/", &[("accept-language", "sv")]).await;
            assert_eq!(html_lang(&sv), "sv", "{backend:?}");
            assert!(sv.contains("Logga in") && !sv.contains("Sign in"));
            let (_, _, plain) = get_with(&app, "/rontgenbloggen/", &[]).await;
            assert_eq!(html_lang(&plain), "sv", "the blog's own language");
            let (_, _, en) = get_with(&app, "/rontgenbloggen/", &english).await;
            assert_eq!(html_lang(&en), "en", "{backend:?}");
            let (_, _, en_front) = get_with(&app, "/", &english).await;
            assert!(en_front.contains("Sign in"));
            let (_, _, sv_front) = get_with(&app, "/", &[("accept-language", "sv-SE")]).await;
            assert!(sv_front.contains("Logga in") && !sv_front.contains("Sign in"));
        }
        // Error pages too.
        let (status, _, missing) = get_with(&app, "/rontgenbloggen/finns-inte", &english).await;
        assert_eq!(status, 404);
        assert!(missing.contains("Page not found"), "{backend:?}");
        // The switch: a link that keeps the choice in a cookie, which wins
        // over the browser's header.
        let (_, _, html) = get_with(&app, "/rontgenbloggen/", &english).await;
        assert!(html.contains("href=\"?lang=sv\""));
        let (status, h, _) = get_with(&app, "/rontgenbloggen/?lang=sv", &english).await;
        assert_eq!(status, 303);
        assert_eq!(h["location"], "/rontgenbloggen/");
        let cookie = h["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("lykta_lang=sv;"), "{cookie}");
        let (_, _, chosen) = get_with(
            &app,
            "/rontgenbloggen/",
            &[("accept-language", "en"), ("cookie", "lykta_lang=sv")],
        )
        .await;
        assert_eq!(html_lang(&chosen), "sv", "{backend:?}: the choice wins");
        let (status, h, _) = get_with(&app, "/rontgenbloggen/?page=2&lang=en", &[]).await;
        assert_eq!(status, 303);
        assert_eq!(
            h["location"], "/rontgenbloggen/?page=2",
            "other parameters stay"
        );

        // An English post read in Swedish: the page's words are Swedish, the
        // post keeps `lang="en"`; its reading time counts at the English pace.
        let (_, _, post) = get_with(
            &app,
            "/work-with-us/a-day-at-work",
            &[("cookie", "lykta_lang=sv")],
        )
        .await;
        assert_eq!(html_lang(&post), "sv");
        let doc = scraper::Html::parse_document(&post);
        assert_eq!(select(&doc, "h1")[0].value().attr("lang"), Some("en"));
        assert_eq!(select(&doc, ".content")[0].value().attr("lang"), Some("en"));
        assert!(post.contains("Lästid 2 minuter"), "{backend:?}");
        let (_, _, post) = get_with(&app, "/work-with-us/a-day-at-work", &[]).await;
        assert_eq!(html_lang(&post), "en", "no choice: the post's language");
        assert!(post.contains("Reading time 2 minutes"));
        // The same text in a Swedish blog takes longer to read.
        let id = app
            .create_post("rontgenbloggen", "Långt inlägg", &words(450))
            .await;
        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        let (_, _, sv_post) = get_with(&app, "/rontgenbloggen/langt-inlagg", &[]).await;
        assert!(sv_post.contains("Lästid 3 minuter"), "{backend:?}");
    }
}

/// Sign-in, password reset, invitations and the pages behind subscription
/// links speak the reader's language (the switch's cookie, else the
/// browser's), where the organisation publishes in both; signed-in staff
/// keep the language they chose.
#[tokio::test]
async fn sign_in_and_link_pages_follow_the_readers_language_and_staff_keep_theirs() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let english = ("accept-language", "en-GB,en;q=0.9");
        for (path, status) in [
            ("/sign-in", 200),
            ("/sign-in/forgot", 200),
            ("/reset-password/not-a-link", 410),
            ("/invitation/not-a-link", 404),
            ("/prenumeration/hantera/not-a-link", 404),
            ("/prenumeration/bekrafta/not-a-link", 404),
        ] {
            let (s, _, en) = get_with(&app, path, &[english]).await;
            assert_eq!(s, status, "{backend:?} {path}");
            assert_eq!(html_lang(&en), "en", "{backend:?} {path}");
            assert!(en.contains("?lang=sv"), "{path}: the switch");
            let (_, _, chosen) =
                get_with(&app, path, &[english, ("cookie", "lykta_lang=sv")]).await;
            assert_eq!(
                html_lang(&chosen),
                "sv",
                "{backend:?} {path}: the choice wins"
            );
            let (_, _, plain) = get_with(&app, path, &[]).await;
            assert_eq!(html_lang(&plain), "sv", "{path}: the organisation's");
        }
        let (_, _, sign_in) = get_with(&app, "/sign-in", &[english]).await;
        assert!(sign_in.contains("<h1>Sign in</h1>"), "{sign_in}");
        // A form sent back with an error stays in the reader's language.
        let r = stranger()
            .post(format!("{}/sign-in", app.address))
            .header("accept-language", "en")
            .form(&[("email", "not-an-address"), ("password", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(html_lang(&r.text().await.unwrap()), "en");

        // Staff who chose Swedish keep it, whatever the browser says.
        app.sign_in(EMPLOYEE).await;
        let me = app
            .state
            .store
            .user_for_sign_in(&lykta_domain::Email::parse(EMPLOYEE).unwrap())
            .await
            .unwrap()
            .expect("leila")
            .0;
        let photo = me.photo_media_id.map(|m| m.to_string()).unwrap_or_default();
        let profile = [
            ("name", me.name.as_str()),
            ("title", me.title.as_str()),
            ("bio", me.bio.as_str()),
            ("photo_media_id", photo.as_str()),
            ("photo_alt", me.photo_alt.as_str()),
            ("language", "sv"),
            ("password", ""),
        ];
        assert_eq!(app.post("/admin/profile", &profile).await.status(), 303);
        let staff = app
            .client
            .get(format!("{}/sign-in/forgot", app.address))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(html_lang(&staff), "sv", "{backend:?}");
        assert!(
            !staff.contains("?lang=en"),
            "no switch for a chosen language"
        );
    }
}

/// The footer says in plain words how to follow — by e-mail (the blog's
/// form) and a page that explains feed readers — while the feeds stay
/// machine-readable in the head.
#[tokio::test]
async fn the_footer_leads_to_following_by_email_and_the_follow_page_explains_feeds() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, html) = get_with(&app, "/rontgenbloggen/", &[]).await;
        let doc = scraper::Html::parse_document(&html);
        let footer = hrefs(&doc, ".site-footer a");
        assert!(
            footer.contains(&"/rontgenbloggen/prenumerera".to_owned())
                && footer.contains(&"/folj".to_owned()),
            "{backend:?}: {footer:?}"
        );
        let words: String = select(&doc, ".site-footer")[0].text().collect();
        assert!(
            !words.contains("Atom") && !words.contains("RSS") && !words.contains("JSON"),
            "{words}"
        );
        assert!(words.contains("Få nya inlägg med e-post"), "{words}");
        let alternates = hrefs(&doc, "head link[rel=alternate]");
        assert_eq!(alternates.len(), 3, "{alternates:?}");
        assert!(alternates[0].ends_with("/rontgenbloggen/feed.atom"));
        // The front page has no form of its own: the follow page.
        let (_, _, front) = get_with(&app, "/", &[]).await;
        let doc = scraper::Html::parse_document(&front);
        assert_eq!(hrefs(&doc, ".site-footer a[href='/folj']").len(), 1);

        let (status, _, page) = get_with(&app, "/folj", &[]).await;
        assert_eq!(status, 200, "{backend:?}");
        let doc = scraper::Html::parse_document(&page);
        assert_eq!(select(&doc, "h1")[0].text().collect::<String>(), "Följ oss");
        let links = hrefs(&doc, "main a");
        for want in [
            "/rontgenbloggen/prenumerera",
            "/care-in-alvdal/prenumerera",
            "/kanaler",
        ] {
            assert!(links.contains(&want.to_owned()), "{want} in {links:?}");
        }
        let addresses: Vec<String> = select(&doc, "code.address")
            .iter()
            .map(|c| c.text().collect())
            .collect();
        assert!(addresses
            .iter()
            .any(|a| a.ends_with("/rontgenbloggen/feed.atom")));
        assert!(page.contains("nyhetsläsare"));
        assert!(!shows_internal(&page), "public blogs only");
        // In English, at its English address.
        let (status, _, page) = get_with(&app, "/follow", &[("accept-language", "en")]).await;
        assert_eq!(status, 200);
        assert_eq!(html_lang(&page), "en");
        assert!(page.contains("Follow us") && page.contains("/care-in-alvdal/subscribe"));
    }
}
