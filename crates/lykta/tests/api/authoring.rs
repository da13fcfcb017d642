//! Staff writing, publishing, scheduling and unpublishing through the admin.

use crate::helpers::*;
use lykta_domain::Clock;
use lykta_domain::Slug;

#[tokio::test]
async fn an_author_writes_publishes_edits_and_unpublishes_a_post() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post(
                "rontgenbloggen",
                "Nattpass på röntgen – så funkar det",
                "Första stycket.\n\n## Natten\n\nText.",
            )
            .await;
        let p = app.state.store.post(id).await.unwrap();
        assert_eq!(
            p.post.slug, "nattpass-pa-rontgen-sa-funkar-det",
            "slug made from the title, å/ö folded"
        );
        assert_eq!(
            app.text("/rontgenbloggen/nattpass-pa-rontgen-sa-funkar-det")
                .await
                .0,
            404,
            "drafts are not public"
        );

        // Preview renders without saving.
        let r = app
            .post(
                &format!("/admin/posts/{id}"),
                &[
                    ("title", "Ändrad"),
                    ("body", "**fet**"),
                    ("version", "1"),
                    ("intent", "preview"),
                ],
            )
            .await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("<strong>fet</strong>"));
        assert_eq!(
            app.state.store.post(id).await.unwrap().post.title,
            "Nattpass på röntgen – så funkar det"
        );

        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        let (status, html) = app
            .text("/rontgenbloggen/nattpass-pa-rontgen-sa-funkar-det")
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("<h2>Natten</h2>"));
        let (_, blog) = app.text("/rontgenbloggen/").await;
        assert!(
            blog.contains("Nattpass på röntgen"),
            "newest first on the blog page"
        );
        let (_, feed) = app.text("/rontgenbloggen/feed.atom").await;
        assert!(feed.contains("Nattpass på röntgen"));

        // Edit with the current version.
        let version = app.current_version(id).await;
        let r = app
            .post(
                &format!("/admin/posts/{id}"),
                &[
                    ("title", "Nattpass på röntgen"),
                    ("slug", "nattpass-pa-rontgen-sa-funkar-det"),
                    ("body", "Ny text."),
                    ("version", &version),
                    ("tags", "Natt, Arbetsdag"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let (_, html) = app
            .text("/rontgenbloggen/nattpass-pa-rontgen-sa-funkar-det")
            .await;
        assert!(html.contains("Ny text."));
        assert!(html.contains("/rontgenbloggen/tag/natt"));

        // A second save from a stale form is refused, and the text is kept in the form.
        let r = app
            .post(
                &format!("/admin/posts/{id}"),
                &[
                    ("title", "Krock"),
                    ("body", "Min text som inte får försvinna"),
                    ("version", &version),
                ],
            )
            .await;
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(html.contains("Någon annan sparade inlägget"));
        assert!(html.contains("Min text som inte får försvinna"));
        assert_eq!(
            app.state.store.post(id).await.unwrap().post.body,
            "Ny text."
        );

        // Unpublished posts answer 410 Gone, in the blog's language.
        assert_eq!(app.set_state(id, "unpublish", "").await.status(), 303);
        let (status, html) = app
            .text("/rontgenbloggen/nattpass-pa-rontgen-sa-funkar-det")
            .await;
        assert_eq!(status, 410);
        assert!(html.contains("Inlägget är borttaget"));
        let events: Vec<String> = app
            .state
            .store
            .revisions(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect();
        assert_eq!(
            events,
            ["unpublished", "edited", "published", "created"],
            "every change is kept"
        );
    }
}

#[tokio::test]
async fn forms_refuse_bad_input_with_field_messages_and_save_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let before = app.state.store.posts_of_blog(blog).await.unwrap().len();
        let long = "x".repeat(250_000);
        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[("title", ""), ("body", "text")], "Fältet måste fyllas i."),
            (
                &[("title", "Om"), ("slug", "tag"), ("body", "x")],
                "Adressen är reserverad",
            ),
            (
                &[("title", "En dag på akutröntgen"), ("body", "x")],
                "Adressen används redan",
            ),
            (&[("title", "Lång"), ("body", &long)], "Texten är för lång"),
            (
                &[
                    ("title", "Bild"),
                    ("body", "x"),
                    ("cover_media_id", "999999"),
                ],
                "Välj en bild i listan.",
            ),
        ];
        for (fields, message) in cases {
            let r = app
                .post(&format!("/admin/blogs/{blog}/posts"), fields)
                .await;
            assert_eq!(r.status(), 422, "{backend:?} {message}");
            let html = r.text().await.unwrap();
            assert!(html.contains(message), "expected {message:?}");
            assert!(html.contains(r#"aria-invalid="true""#));
        }
        assert_eq!(
            app.state.store.posts_of_blog(blog).await.unwrap().len(),
            before,
            "nothing half-saved"
        );

        // Scheduling in the past, or with a nonsense time.
        let id = app.create_post("rontgenbloggen", "Schema", "text").await;
        let r = app.set_state(id, "schedule", "2001-01-01T10:00").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Tiden har redan passerat"));
        assert_eq!(
            app.set_state(id, "schedule", "i morgon").await.status(),
            422
        );
        assert_eq!(app.set_state(id, "explode", "").await.status(), 400);

        // An author may not edit someone else's post, nor manage blogs or people.
        let (_, list) = app.text(&format!("/admin/blogs/{blog}")).await;
        assert!(list.contains("En dag på akutröntgen"));
        let others = app.state.store.posts_of_blog(blog).await.unwrap();
        let johans = others
            .iter()
            .find(|p| p.authors.iter().any(|a| a.slug == "johan-berglund"))
            .unwrap();
        // (The team reads each other's posts, to discuss them, but only the
        // authors and editors get the form.)
        let (status, html) = app.text(&format!("/admin/posts/{}", johans.post.id)).await;
        assert_eq!(status, 200);
        assert!(!html.contains("name=\"body\""), "no edit form");
        assert_eq!(
            app.edit_post(johans.post.id, &[("title", "Mitt nu"), ("body", "x")])
                .await
                .status(),
            403
        );
        assert_eq!(
            app.set_state(johans.post.id, "unpublish", "")
                .await
                .status(),
            403
        );
        assert_eq!(app.get("/admin/users").await.status(), 403);
        assert_eq!(
            app.get(&format!("/admin/blogs/{blog}/edit")).await.status(),
            403
        );
        assert_eq!(
            app.post(
                "/admin/blogs",
                &[("name", "Ny"), ("language", "sv"), ("audience", "public")]
            )
            .await
            .status(),
            403
        );
    }
}

#[tokio::test]
async fn scheduled_posts_go_out_on_time_also_after_a_restart() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Schemalagt inlägg", "Kommer snart.")
            .await;
        let at = app.clock.now() + 3600;
        assert_eq!(
            app.set_state(id, "schedule", &lykta_web::datetime_local(at))
                .await
                .status(),
            303
        );
        let path = "/rontgenbloggen/schemalagt-inlagg";
        assert_eq!(app.text(path).await.0, 404, "not before its time");
        app.state.worker.run_due().await.unwrap();
        assert_eq!(app.text(path).await.0, 404);

        // The server is down at T; on start it catches up.
        let url = app.database_url();
        let clock_then = app.clock.clone();
        let TestApp { dir, .. } = app;
        let app = spawn_in(backend, dir, Some(url)).await;
        app.clock.set(clock_then.now() + 3600 + 60);
        app.state.worker.run_due().await.unwrap();
        let (status, html) = app.text(path).await;
        assert_eq!(status, 200, "{backend:?}: published after restart");
        assert!(html.contains("Kommer snart."));
        // Running the worker again publishes nothing twice.
        assert_eq!(app.state.worker.run_due().await.unwrap(), 0);
        let revs = app.state.store.revisions(id).await.unwrap();
        assert_eq!(
            revs.iter()
                .filter(|r| r.event == "published-on-schedule")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn an_administrator_creates_a_blog_with_pages_and_adds_people() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let r = app
            .post(
                "/admin/blogs",
                &[
                    ("name", "Sjuksköterskebloggen"),
                    ("slug", ""),
                    ("tagline", "Om vården"),
                    ("language", "en"),
                    ("audience", "public"),
                    ("unit_id", ""),
                    ("purpose", "Synliggöra"),
                    ("goal", "Fler sökande"),
                    ("resources", "Tre personer"),
                    ("engagement", "Stort"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let id = app.blog_id("sjukskoterskebloggen").await;
        let (_, admin) = app.text(&format!("/admin/blogs/{id}")).await;
        assert!(
            admin.contains("Fler sökande"),
            "the building blocks show in the admin"
        );
        let dup = app
            .post(
                "/admin/blogs",
                &[
                    ("name", "Sjuksköterskebloggen"),
                    ("language", "sv"),
                    ("audience", "public"),
                ],
            )
            .await;
        assert_eq!(dup.status(), 422);
        let reserved = app
            .post(
                "/admin/blogs",
                &[
                    ("name", "Admin"),
                    ("language", "sv"),
                    ("audience", "public"),
                ],
            )
            .await;
        assert_eq!(reserved.status(), 422);

        let r = app
            .post(
                &format!("/admin/blogs/{id}/pages"),
                &[
                    ("title", "About"),
                    ("body", "We *write*."),
                    ("published", "on"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let (status, html) = app.text("/sjukskoterskebloggen/about").await;
        assert_eq!(status, 200);
        assert!(html.contains("<em>write</em>"));
        let (status, html) = app.text("/sjukskoterskebloggen/").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("<html lang=\"en\""),
            "English blog, English interface"
        );
        assert!(html.contains("No posts here yet."));
        let (status, html) = app.text("/sjukskoterskebloggen/missing").await;
        assert_eq!(status, 404);
        assert!(html.contains("Page not found"));

        let r = app
            .post(
                "/admin/users",
                &[
                    ("name", "Ny Person"),
                    ("email", "ny@alvdal.example"),
                    ("role", "employee"),
                    ("password", "kort"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("minst 10 tecken"));
        let r = app
            .post(
                "/admin/users",
                &[
                    ("name", "Ny Person"),
                    ("email", "ny@alvdal.example"),
                    ("role", "employee"),
                    ("password", "ett-langt-losenord"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            app.post("/admin/units", &[("unit_name", "Akutmottagningen")])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.post("/admin/units", &[("unit_name", "Akutmottagningen")])
                .await
                .status(),
            422,
            "duplicate unit"
        );
        assert!(app
            .text("/admin/organisation")
            .await
            .1
            .contains("Akutmottagningen"));
        let other = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = other
            .post(format!("{}/sign-in", app.address))
            .form(&[
                ("email", "ny@alvdal.example"),
                ("password", "ett-langt-losenord"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "the new person can sign in");
    }
}

/// A guest blogger writes drafts in one blog, cannot publish, and loses
/// access when it expires; an editor gives and takes roles.
#[tokio::test]
async fn guest_bloggers_write_drafts_until_their_access_ends() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in("elin@alvdal.example").await;
        let id = app
            .create_post("rontgenbloggen", "Gästens utkast", "Text.")
            .await;
        assert_eq!(
            app.set_state(id, "publish", "").await.status(),
            403,
            "guests cannot publish"
        );
        let other = app.blog_id("regiondirektoren").await;
        assert_eq!(
            app.get(&format!("/admin/blogs/{other}/posts/new"))
                .await
                .status(),
            403,
            "only in their blog"
        );
        app.clock.advance(61 * 86_400);
        app.sign_in("elin@alvdal.example").await;
        assert_eq!(
            app.get(&format!("/admin/blogs/{blog}/posts/new"))
                .await
                .status(),
            403,
            "access expired"
        );
        assert_eq!(app.get(&format!("/admin/posts/{id}")).await.status(), 403);

        app.sign_in("sofia@alvdal.example").await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/members"),
                &[
                    ("email", "elin@alvdal.example"),
                    ("role", "guest"),
                    ("days", "400"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "at most 365 days");
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/members"),
                &[("email", "ingen@alvdal.example"), ("role", "guest")],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Det finns inget konto"));
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/members"),
                &[
                    ("email", "elin@alvdal.example"),
                    ("role", "guest"),
                    ("days", "10"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let (_, html) = app.text(&format!("/admin/blogs/{blog}/members")).await;
        assert!(html.contains("Elin Sundberg") && html.contains("Gästskribent"));
        // The editor publishes the guest's post.
        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        assert_eq!(app.text("/rontgenbloggen/gastens-utkast").await.0, 200);
        let elin = app
            .state
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == "elin@alvdal.example")
            .unwrap()
            .id;
        assert_eq!(
            app.post(&format!("/admin/blogs/{blog}/members/{elin}/remove"), &[])
                .await
                .status(),
            303
        );
        assert!(!app
            .text(&format!("/admin/blogs/{blog}/members"))
            .await
            .1
            .contains("Elin Sundberg"));
    }
}

#[tokio::test]
async fn writing_aids_show_readability_and_block_inaccessible_posts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let body = "## Om oss\n\n#### För djup rubrik\n\nVi jobbar här. Det är kul.\n\n![](https://example.org/bild.jpg)\n\n[Klicka här](/jobb)";
        let id = app
            .create_post("rontgenbloggen", "Otillgängligt", body)
            .await;
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(html.contains("Skrivstöd"));
        assert!(html.contains("LIX "), "readability shown");
        assert!(html.contains("En bild saknar alternativtext."));
        assert!(html.contains("En rubriknivå hoppas över."));
        assert!(html.contains("Länktexten säger inte vart länken leder."));
        let r = app.set_state(id, "publish", "").await;
        assert_eq!(r.status(), 422, "{backend:?}");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("måste rättas före publicering"));
        assert_eq!(
            app.text("/rontgenbloggen/otillgangligt").await.0,
            404,
            "not published"
        );

        let fixed = "## Om oss\n\n### Lagom rubrik\n\nVi jobbar här. Det är kul.\n\n![Två kollegor vid en röntgenapparat](https://example.org/bild.jpg)\n\n[Klicka här](/jobb)";
        let r = app
            .edit_post(
                id,
                &[
                    ("title", "Otillgängligt"),
                    ("slug", "otillgangligt"),
                    ("body", fixed),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            app.set_state(id, "publish", "").await.status(),
            303,
            "warnings do not block"
        );
        assert_eq!(app.text("/rontgenbloggen/otillgangligt").await.0, 200);
    }
}

#[tokio::test]
async fn revisions_can_be_compared_and_restored_without_losing_anything() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Versioner", "Första raden.\nAndra raden.")
            .await;
        let r = app
            .post(
                &format!("/admin/posts/{id}"),
                &[
                    ("title", "Versioner"),
                    ("slug", "versioner"),
                    ("body", "Första raden.\nNy andra rad."),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let revs = app.state.store.revisions(id).await.unwrap();
        let first = revs.iter().find(|r| r.event == "created").unwrap().id;
        let (status, html) = app
            .text(&format!("/admin/posts/{id}/revisions/{first}"))
            .await;
        assert_eq!(status, 200);
        assert!(
            html.contains(
                "<del><span class=\"visually-hidden\">Borttaget: </span>Andra raden.</del>"
            ),
            "{backend:?}"
        );
        assert!(html
            .contains("<ins><span class=\"visually-hidden\">Tillagt: </span>Ny andra rad.</ins>"));
        // A stale restore is refused; a current one brings the text back as a new version.
        let r = app
            .post(
                &format!("/admin/posts/{id}/revisions/{first}/restore"),
                &[("version", "1")],
            )
            .await;
        assert_eq!(r.status(), 409);
        let r = app
            .post(
                &format!("/admin/posts/{id}/revisions/{first}/restore"),
                &[("version", "2")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let p = app.state.store.post(id).await.unwrap().post;
        assert_eq!(p.body, "Första raden.\nAndra raden.");
        assert_eq!(p.version, 3);
        let events: Vec<String> = app
            .state
            .store
            .revisions(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect();
        assert_eq!(events, ["restored", "edited", "created"], "nothing lost");
        // Another author in the team may compare (to discuss) but not restore;
        // a guest may do neither.
        app.sign_in(OTHER_AUTHOR).await;
        assert_eq!(
            app.get(&format!("/admin/posts/{id}/revisions/{first}"))
                .await
                .status(),
            200
        );
        let version = app.current_version(id).await;
        assert_eq!(
            app.post(
                &format!("/admin/posts/{id}/revisions/{first}/restore"),
                &[("version", &version)]
            )
            .await
            .status(),
            403
        );
        app.sign_in("elin@alvdal.example").await;
        assert_eq!(
            app.get(&format!("/admin/posts/{id}/revisions/{first}"))
                .await
                .status(),
            403
        );
    }
}

#[tokio::test]
async fn posts_in_a_blog_that_requires_approval_go_out_only_when_approved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let store = &app.state.store;
        let blog = store
            .blog(app.blog_id("rontgenbloggen").await)
            .await
            .unwrap();
        let slug = Slug::parse_exact(&blog.slug).unwrap();
        let input = lykta_store::BlogInput {
            slug: &slug,
            name: &blog.name,
            tagline: &blog.tagline,
            language: blog.language,
            audience: blog.audience,
            unit_id: blog.unit_id,
            purpose: &blog.purpose,
            goal: &blog.goal,
            resources: &blog.resources,
            engagement: &blog.engagement,
            requires_approval: true,
            posts_per_month: blog.posts_per_month,
        };
        store
            .update_blog(blog.id, blog.version, &input, 1)
            .await
            .unwrap();
        app.state.follow_events().await.unwrap();

        app.sign_in(AUTHOR).await;
        let id = app
            .create_post("rontgenbloggen", "Granskas först", "Text.")
            .await;
        let r = app.set_state(id, "publish", "").await;
        assert_eq!(r.status(), 422, "{backend:?}");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("kräver att inlägget godkänns"));
        let review_url = format!("/admin/posts/{id}/review");
        let review = |step: &'static str, note: &'static str| {
            let url = review_url.clone();
            let app = &app;
            async move { app.post(&url, &[("step", step), ("note", note)]).await }
        };
        assert_eq!(review("submit", "Klar för läsning").await.status(), 303);
        assert_eq!(
            review("approve", "").await.status(),
            403,
            "authors do not approve"
        );

        app.sign_in("sofia@alvdal.example").await;
        let (_, html) = app.text(&format!("/admin/posts/{id}")).await;
        assert!(
            html.contains("Väntar på granskning") && html.contains("Klar för läsning"),
            "{}",
            &html[html.find("review-heading").unwrap_or(0)..]
        );
        assert_eq!(
            review("request_changes", "").await.status(),
            422,
            "say what to change"
        );
        assert_eq!(
            review("request_changes", "Lägg till en bild med alternativtext.")
                .await
                .status(),
            303
        );
        assert_eq!(
            review("approve", "").await.status(),
            422,
            "not in review any more"
        );

        app.sign_in(AUTHOR).await;
        assert!(app
            .text(&format!("/admin/posts/{id}"))
            .await
            .1
            .contains("Lägg till en bild med alternativtext."));
        assert_eq!(review("submit", "").await.status(), 303);
        app.sign_in("sofia@alvdal.example").await;
        assert_eq!(review("approve", "Fint!").await.status(), 303);
        app.sign_in(AUTHOR).await;
        assert_eq!(app.set_state(id, "publish", "").await.status(), 303);
        assert_eq!(app.text("/rontgenbloggen/granskas-forst").await.0, 200);
        let log: Vec<String> = store
            .reviews(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect();
        assert_eq!(
            log,
            ["approved", "submitted", "changes-requested", "submitted"],
            "every step kept with who and when"
        );
    }
}

#[tokio::test]
async fn the_dashboard_shows_each_blogs_cadence_against_its_target() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("sofia@alvdal.example").await;
        let (status, html) = app.text("/admin").await;
        assert_eq!(status, 200);
        assert!(html.contains("Mål: 1 inlägg i månaden."));
        assert!(
            html.contains("Den här månaden: 1 av 1"),
            "the demo publishes monthly"
        );
        assert!(
            html.contains("1 inlägg väntar på granskning"),
            "the demo's draft"
        );
        assert!(
            html.contains(r#"role="img" aria-labelledby="chart-1-title chart-1-desc""#),
            "an accessible chart"
        );
        // The internal blog is hers to read (a link to it), not to run.
        let internal = app.blog_id("regiondirektoren").await;
        assert!(
            !html.contains(&format!("id=\"cadence-{internal}\""))
                && !html.contains(&format!("href=\"/admin/blogs/{internal}\"")),
            "only blogs she works in"
        );
        // The director's blog started five months ago and has published
        // monthly since: not behind for the months before it existed.
        app.sign_in(crate::helpers::ADMIN).await;
        let html = app.text("/admin").await.1;
        let director = html
            .split("<h2")
            .find(|s| s.contains("Regiondirektörens blogg</h2>"))
            .expect("the director's blog");
        assert!(!director.contains("Efter målet i år"), "{director}");
        app.sign_in("sofia@alvdal.example").await;
        let blog = app.blog_id("rontgenbloggen").await;
        let r = app
            .blog_settings(
                blog,
                "edit",
                &[
                    ("name", "Röntgenbloggen"),
                    ("slug", "rontgenbloggen"),
                    ("language", "sv"),
                    ("audience", "public"),
                    ("posts_per_month", "många"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Skriv ett heltal mellan 0 och 100."));
    }
}

#[tokio::test]
async fn a_scheduled_post_made_inaccessible_by_an_edit_goes_back_to_draft() {
    use lykta_domain::Clock;
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(AUTHOR).await;
        let id = app.create_post("rontgenbloggen", "Planerat", "Text.").await;
        let at = lykta_web::datetime_local(app.clock.now() + 7200);
        assert_eq!(app.set_state(id, "schedule", &at).await.status(), 303);
        let r = app
            .edit_post(
                id,
                &[
                    ("title", "Planerat"),
                    ("slug", "planerat"),
                    ("body", "![](https://example.org/x.jpg)"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("unscheduled=1"));
        assert!(app
            .text(&format!("/admin/posts/{id}?unscheduled=1"))
            .await
            .1
            .contains("är nu ett utkast igen"));
        app.clock.advance(3 * 3600);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            app.text("/rontgenbloggen/planerat").await.0,
            404,
            "the job did not publish it"
        );
        assert_eq!(
            app.state.store.post(id).await.unwrap().post.state,
            lykta_domain::PostState::Draft
        );
    }
}

#[tokio::test]
async fn parallel_saves_of_one_version_save_once_and_refuse_the_rest() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let post = app
            .create_post("rontgenbloggen", "Sex samtidigt", "Första texten.")
            .await;
        let version = app.current_version(post).await;
        let mut saves = Vec::new();
        for n in 0..6 {
            let client = app.client.clone();
            let url = format!("{}/admin/posts/{post}", app.address);
            let form = vec![
                ("title".to_owned(), "Sex samtidigt".to_owned()),
                ("body".to_owned(), format!("Text nummer {n}.")),
                ("version".to_owned(), version.clone()),
                ("csrf".to_owned(), app.csrf()),
            ];
            saves.push(tokio::spawn(async move {
                client
                    .post(url)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for s in saves {
            statuses.push(s.await.unwrap());
        }
        statuses.sort();
        assert_eq!(statuses, [303, 409, 409, 409, 409, 409], "{backend:?}");
        let stored = app.state.store.post(post).await.unwrap().post;
        assert_eq!(
            stored.version.to_string(),
            (version.parse::<i64>().unwrap() + 1).to_string()
        );
        assert!(
            stored.body.starts_with("Text nummer "),
            "one of them was saved whole"
        );
    }
}
