//! Full-text search: readers find Swedish inflections from any public page
//! and never internal content; staff find what their role may read; every
//! query gets a clear answer; the index follows the event log.

use crate::helpers::*;
use lykta_domain::Slug;

/// A post published through the admin (as Anna); returns its id.
async fn publish(app: &TestApp, blog: &str, title: &str, body: &str) -> lykta_domain::PostId {
    let id = app.create_post(blog, title, body).await;
    let r = app.set_state(id, "publish", "").await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    id
}

/// A browser of its own, signed in as `email`.
async fn client_of(app: &TestApp, email: &str) -> reqwest::Client {
    let c = stranger();
    let r = c
        .post(format!("{}/sign-in", app.address))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "sign-in as {email}");
    c
}

#[tokio::test]
async fn readers_find_inflections_from_every_public_page_and_never_internal_words() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for path in [
            "/",
            "/rontgenbloggen/",
            "/rontgenbloggen/en-dag-pa-akutrontgen",
            "/kanaler",
        ] {
            let page = public_text(&app, path).await;
            assert!(
                page.contains(r#"<form role="search" method="get" action="/sok""#),
                "{path}"
            );
            assert!(
                page.contains(r#"<label for="site-search-q">Sök på webbplatsen</label>"#),
                "{path}"
            );
            assert!(
                page.contains(r#"type="application/opensearchdescription+xml""#),
                "{path}"
            );
        }
        let r = stranger()
            .get(format!("{}/opensearch.xml", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/opensearchdescription+xml"));
        assert!(r.text().await.unwrap().contains("/sok?q={searchTerms}"));

        // "röntgensjuksköterskor" finds the post that says "röntgensjuksköterska".
        for path in ["/sok", "/search"] {
            let page =
                public_text(&app, &format!("{path}?q=r%C3%B6ntgensjuksk%C3%B6terskor")).await;
            assert!(
                page.contains("Vägen till att bli <mark>röntgensjuksköterska</mark>"),
                "{backend:?} {page}"
            );
            assert!(page.contains("<mark>röntgensjuksköterska</mark>"), "{page}");
            assert!(page.contains(r#"role="status""#), "the count is announced");
            assert!(!page.contains("regiondirektoren"), "{page}");
        }
        // The internal blog's words find nothing for readers…
        for word in ["medarbetarenkäten", "svarsfrekvens", "Norrforsen"] {
            let page = public_text(&app, &format!("/sok?q={word}")).await;
            assert!(page.contains("Inga träffar"), "{word}: {page}");
            assert!(!page.contains("regiondirektoren"), "{word}");
        }
        // …nor for staff on the public page; the admin search finds them for the director.
        app.sign_in("maria@alvdal.example").await;
        assert!(app
            .text("/sok?q=medarbetarenk%C3%A4ten")
            .await
            .1
            .contains("Inga träffar"));
        let (status, page) = app.text("/admin/search?q=medarbetarenk%C3%A4ten").await;
        assert_eq!(status, 200);
        assert!(page.contains("<mark>Medarbetarenkäten</mark>"), "{page}");
        assert!(
            page.contains(r#"aria-current="page">Sök</a>"#),
            "in the admin navigation"
        );
    }
}

#[tokio::test]
async fn a_post_leaves_public_results_when_unpublished_or_its_blog_turns_internal() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let id = publish(
            &app,
            "rontgenbloggen",
            "Pelikaner på taket",
            "Pelikanerna häckar på sjukhusets tak.",
        )
        .await;
        let found = |page: String| {
            page.contains("Pelikaner på taket") || page.contains("<mark>Pelikaner</mark>")
        };
        assert!(
            found(public_text(&app, "/sok?q=pelikan").await),
            "{backend:?}"
        );
        assert!(found(public_text(&app, "/sok?q=pelik*").await), "a prefix");
        assert!(
            found(public_text(&app, "/sok?q=%22h%C3%A4ckar+p%C3%A5+sjukhusets%22").await),
            "a phrase"
        );
        assert!(
            found(public_text(&app, "/sok?q=pelikanerna&blog=rontgenbloggen&tag=test").await),
            "filters"
        );
        assert!(
            !found(public_text(&app, "/sok?q=pelikanerna&tag=akutrontgen").await),
            "another tag"
        );
        assert!(
            !found(public_text(&app, "/sok?q=pelikanerna&to=2000-01-01").await),
            "dates"
        );

        let r = app.set_state(id, "unpublish", "").await;
        assert_eq!(r.status(), 303);
        assert!(
            !found(public_text(&app, "/sok?q=pelikan").await),
            "unpublished"
        );
        let r = app.set_state(id, "publish", "").await;
        assert_eq!(r.status(), 303);
        assert!(
            found(public_text(&app, "/sok?q=pelikan").await),
            "published again"
        );

        // The blog becomes internal: its posts leave the public index.
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .blog_settings(
                blog,
                "edit",
                &[
                    ("name", "Röntgenbloggen"),
                    ("slug", "rontgenbloggen"),
                    ("language", "sv"),
                    ("audience", "internal"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        assert!(
            !found(public_text(&app, "/sok?q=pelikan").await),
            "internal now"
        );
        assert!(
            found(app.text("/admin/search?q=pelikan").await.1),
            "staff still find it"
        );
    }
}

#[tokio::test]
async fn staff_find_drafts_and_waiting_comments_as_their_roles_allow() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        app.create_post(
            "rontgenbloggen",
            "Kvastfeningar i korridoren",
            "Ett utkast om kvastfeningar.",
        )
        .await;
        let (status, page) = app.text("/admin/search?q=kvastfening").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(
            page.contains("<mark>Kvastfeningar</mark>"),
            "the author finds her draft: {page}"
        );
        assert!(page.contains("Utkast"), "marked as a draft");
        assert!(public_text(&app, "/sok?q=kvastfening")
            .await
            .contains("Inga träffar"));
        for (who, finds) in [
            (ADMIN, true),
            ("sofia@alvdal.example", true),
            ("maria@alvdal.example", false),
            ("leila@alvdal.example", true),
        ] {
            let other = client_of(&app, who).await;
            let page = other
                .get(format!("{}/admin/search?q=kvastfening", app.address))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(page.contains("<mark>Kvastfeningar</mark>"), finds, "{who}");
        }
        // A comment waiting for moderation: the moderator finds it, the author does not.
        let r = stranger()
            .post(format!(
                "{}/rontgenbloggen/en-dag-pa-akutrontgen/comments",
                app.address
            ))
            .form(&[
                ("name", "Läsare"),
                ("email", "lasare@example.org"),
                ("comment", "Finns det parkering för cyklar vid akutröntgen?"),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_redirection() || r.status().is_success(),
            "{}",
            r.status()
        );
        app.state.follow_events().await.unwrap();
        let nora = client_of(&app, "nora@alvdal.example").await;
        let page = nora
            .get(format!("{}/admin/search?q=cyklar", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("<mark>cyklar</mark>"), "{page}");
        assert!(page.contains("Kommentar som väntar"), "{page}");
        assert!(
            !app.text("/admin/search?q=cyklar")
                .await
                .1
                .contains("<mark>cyklar</mark>"),
            "Karin does not moderate"
        );
    }
}

#[tokio::test]
async fn hostile_queries_get_a_clear_answer_and_everything_is_escaped() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        publish(
            &app,
            "rontgenbloggen",
            "<script>alert(1)</script> Flamingor",
            "Flamingor <b>fetstil</b> & annat.",
        )
        .await;
        let r = stranger()
            .get(format!("{}/sok?q=flamingor", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt; <mark>Flamingor</mark>"),
            "{page}"
        );
        assert!(!page.contains("<script>alert"), "{page}");
        let long = "ord ".repeat(60);
        for (q, status, says) in [
            (
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                200,
                "&lt;<mark>script</mark>&gt;",
            ),
            ("title%3Aflamingor+AND+(x+OR+y)", 200, "träff"),
            ("%22flamingor", 200, "En träff"),
            ("flamingor%5E+~+%5B*+TO+*%5D+%7B%7D+%5C", 200, "En träff"),
            ("och+att+the", 200, "bara vanliga småord"),
            ("%2B%2B%2B+---+%22%22", 200, "Sök på webbplatsen"),
            (long.as_str(), 400, "högst 200 tecken"),
            ("flamingor&page=0", 400, "avgränsning"),
            ("flamingor&page=x", 400, "avgränsning"),
            ("flamingor&from=igår", 400, ""),
            ("flamingor&blog=finns-inte", 400, "avgränsning"),
            ("flamingor&author=ingen", 400, "avgränsning"),
        ] {
            let r = stranger()
                .get(format!("{}/sok?q={q}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), status, "{q}");
            let page = r.text().await.unwrap();
            assert!(page.contains(says), "{q}: {page}");
            assert!(!page.contains("<script>alert"), "{q}");
        }
    }
}

#[tokio::test]
async fn the_index_catches_up_after_a_restart_and_reindex_rebuilds_it() {
    for backend in backends() {
        let mut app = spawn_app(backend).await;
        let url = app.database_url();
        app.stop();
        app.stopped().await.unwrap();
        // Written while no server follows the log.
        let store = app.state.store.clone();
        let blog = app.blog_id("rontgenbloggen").await;
        let anna = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == ADMIN)
            .unwrap();
        let slug = Slug::parse_exact("ibisar").unwrap();
        let now = lykta_domain::Clock::now(&*app.clock);
        let input = lykta_store::PostInput {
            slug: &slug,
            title: "Ibisar vid älven",
            body: "Ibisarna kom tillbaka i år.",
            excerpt: "",
            cover_media_id: None,
            cover_alt: "",
            tags: &[],
            author_ids: &[anna.id],
            comments_enabled: true,
        };
        let id = store.create_post(blog, &input, anna.id, now).await.unwrap();
        store
            .change_post_state(id, lykta_store::StateChange::Publish, anna.id, now)
            .await
            .unwrap();
        let TestApp { dir, state, .. } = app;
        drop(state);
        let app = spawn_in(backend, dir, Some(url.clone())).await;
        assert!(
            public_text(&app, "/sok?q=ibis")
                .await
                .contains("<mark>Ibisar</mark>"),
            "{backend:?}"
        );

        // A rebuild from the database (the server let go of the index).
        let data = app.dir.path().to_str().unwrap().to_owned();
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_lykta"))
                .args([
                    "--data-dir",
                    &data,
                    "--database-url",
                    &url,
                    "search",
                    "reindex",
                ])
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("search index rebuilt"));
    }
}

#[tokio::test]
async fn a_reader_searches_from_the_search_box_in_chromium() {
    use crate::external::{browser_tools, missing, report, run};
    let test = "a_reader_searches_from_the_search_box_in_chromium";
    let tools = browser_tools();
    if missing(test, tools.as_ref().err().cloned()) {
        return;
    }
    let script = tools.expect("checked").with_file_name("search.mjs");
    let app = spawn_app(backends().into_iter().next().expect("SQLite")).await;
    let mut cmd = std::process::Command::new("node");
    cmd.arg(&script).arg(&app.address);
    let out = run(cmd).await;
    assert!(out.status.success(), "{}", report("search.mjs", &out));
}

/// A comment from a reader on the demo's Röntgenbloggen post.
async fn reader_comment(app: &TestApp, name: &str, email: &str, text: &str, spam: bool) {
    let mut fields = vec![("name", name), ("email", email), ("comment", text)];
    if spam {
        fields.push(("website", "x"));
    }
    let r = stranger()
        .post(format!(
            "{}/rontgenbloggen/en-dag-pa-akutrontgen/comments",
            app.address
        ))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_registrars_record_search_finds_inflections_through_the_index_with_its_filters() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        reader_comment(
            &app,
            "Lisa Ek",
            "lisa@example.org",
            "Vi behöver fler röntgensjuksköterskor på nattskiftet.",
            false,
        )
        .await;
        reader_comment(
            &app,
            "Bot",
            "bot@example.org",
            "Billiga solglasögon till alla!",
            true,
        )
        .await;
        app.sign_in("rut@alvdal.example").await;
        let found = |html: &str, text: &str| html.contains(text);
        let lisa = "fler röntgensjuksköterskor på nattskiftet";
        // Another form of the word finds it (no text match would), a typo,
        // a phrase.
        for q in [
            "r%C3%B6ntgensjuksk%C3%B6terska",
            "nattskifet",
            "%22fler+r%C3%B6ntgensjuksk%C3%B6terskor%22",
        ] {
            let (status, html) = app
                .text(&format!("/admin/record?q={q}&kind=comment-received"))
                .await;
            assert_eq!(status, 200, "{backend:?}");
            assert!(found(&html, lisa), "{q} {backend:?}");
            assert!(!found(&html, "Billiga solglasögon"), "{q}");
        }
        // The other filters still narrow the text's entries.
        let director = app.blog_id("regiondirektoren").await;
        let rontgen = app.blog_id("rontgenbloggen").await;
        for (filter, expected) in [
            ("kind=comment-decision".to_owned(), false),
            (format!("blog={director}"), false),
            (format!("blog={rontgen}"), true),
            ("person=lisa%40example.org".to_owned(), true),
            ("person=bot%40example.org".to_owned(), false),
            ("from=2099-01-01".to_owned(), false),
        ] {
            let (_, html) = app
                .text(&format!(
                    "/admin/record?q=r%C3%B6ntgensjuksk%C3%B6terskorna+natt*&{filter}"
                ))
                .await;
            assert_eq!(found(&html, lisa), expected, "{filter} {backend:?}");
        }
        // Only the registrar (and the administrator) may search the record;
        // the staff search never shows its entries.
        app.sign_in(AUTHOR).await;
        assert_eq!(app.get("/admin/record?q=nattskiftet").await.status(), 403);
        app.sign_in(ADMIN).await;
        let (_, html) = app.text("/admin/search?q=solglas%C3%B6gon").await;
        assert!(!found(&html, "Billiga solglasögon"), "{backend:?}");

        // The spam rule disposes of the spam's text: the index lets go of it too.
        app.sign_in("rut@alvdal.example").await;
        let (_, html) = app.text("/admin/record?q=solglas%C3%B6gonen").await;
        assert!(found(&html, "Billiga solglasögon"), "{backend:?}");
        use lykta_domain::Clock as _;
        app.clock.set(app.clock.now() + 91 * 86_400);
        app.state.worker.housekeeping().await.unwrap();
        app.sign_in("rut@alvdal.example").await;
        let (status, html) = app
            .text("/admin/record?q=solglas%C3%B6gonen&from=2000-01-01")
            .await;
        assert_eq!(status, 200);
        assert!(!found(&html, "Billiga solglasögon"), "{backend:?}");
        let (_, html) = app
            .text("/admin/record?q=r%C3%B6ntgensjuksk%C3%B6terska&from=2000-01-01")
            .await;
        assert!(found(&html, lisa), "{backend:?}");
    }
}

/// The options of the search form's author list: (value, name).
fn author_options(html: &str) -> Vec<(String, String)> {
    let list = html
        .split(r#"<select id="search-author" name="author">"#)
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .expect("an author list");
    list.split("<option value=\"")
        .skip(1)
        .map(|o| {
            let (value, rest) = o.split_once('"').unwrap();
            let name = rest.split_once('>').unwrap().1.split('<').next().unwrap();
            (value.to_owned(), name.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn the_author_filter_is_a_list_of_who_published_there() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let names = |html: &str| -> Vec<String> {
            author_options(html).into_iter().map(|(_, n)| n).collect()
        };
        // Readers: who has published in a public blog, never an internal blog's writer.
        let page = public_text(&app, "/sok?q=r%C3%B6ntgen").await;
        let public = names(&page);
        assert_eq!(public[0], "Alla skribenter", "{backend:?}");
        assert!(public.contains(&"Karin Åberg".to_owned()), "{public:?}");
        assert!(!public.contains(&"Maria Sandell".to_owned()), "{public:?}");
        // The list narrows a search: a chosen author stays chosen, and finds only theirs.
        let (karin, _) = author_options(&page)
            .into_iter()
            .find(|(_, n)| n == "Karin Åberg")
            .unwrap();
        let hits = |html: &str| -> Vec<String> {
            html.split(r#"<li class="search-hit">"#)
                .skip(1)
                .filter_map(|h| h.split("<a href=\"").nth(1)?.split('"').next())
                .map(|h| h.replace("&#x2f;", "/"))
                .collect()
        };
        let karins = [
            "/rontgenbloggen/en-dag-pa-akutrontgen",
            "/rontgenbloggen/vagen-till-rontgensjukskoterska",
            "/rontgenbloggen/tillsammans-med-akuten",
        ];
        let q = "/sok?q=r%C3%B6ntgen*";
        let all = hits(&public_text(&app, q).await);
        assert!(all.iter().any(|h| !karins.contains(&h.as_str())), "{all:?}");
        let page = public_text(&app, &format!("{q}&author={karin}")).await;
        assert!(
            page.contains(&format!(
                r#"<option value="{karin}" selected>Karin Åberg</option>"#
            )),
            "{backend:?}"
        );
        let theirs = hits(&page);
        assert!(!theirs.is_empty(), "{backend:?}");
        assert!(
            theirs.iter().all(|h| karins.contains(&h.as_str())),
            "{theirs:?}"
        );

        // Staff: the chosen blog's team.
        app.sign_in(ADMIN).await;
        let (_, html) = app
            .text("/admin/search?q=budget&blog=regiondirektoren")
            .await;
        let team = names(&html);
        assert!(team.contains(&"Maria Sandell".to_owned()), "{team:?}");
        assert!(!team.contains(&"Johan Berglund".to_owned()), "{team:?}");
    }
}
