//! The year plan: activities planned per blog, shown month by month and as a
//! list, edited through forms, sent for approval, and turned into posts.

use crate::helpers::*;
use lykta_domain::PostId;
use lykta_domain::{iso_date, stockholm_date, BlogRole, Clock, PlanApprovalState, PlanStatus};
use lykta_domain::{BlogId, PlanItemId, UserId};

const EDITOR: &str = "sofia@alvdal.example";
const GUEST: &str = "elin@alvdal.example";
const REVIEWER: &str = "maria@alvdal.example";
const MONTHS_SV: [&str; 12] = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
];

/// The Swedish date `days` from the app's today.
fn date_in(app: &TestApp, days: i64) -> String {
    iso_date(stockholm_date(app.clock.now()) + time::Duration::days(days))
}

fn year_of(date: &str) -> i32 {
    date[..4].parse().unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> UserId {
    app.state
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == email)
        .unwrap()
        .id
}

/// Make `email` a reviewer of the blog (the demo blog may have none).
async fn make_reviewer(app: &TestApp, blog: BlogId, email: &str) {
    let who = user_id(app, email).await;
    let admin = user_id(app, ADMIN).await;
    app.state
        .store
        .set_member(blog, who, BlogRole::Reviewer, None, admin, app.clock.now())
        .await
        .unwrap();
}

/// Add an activity through the form; returns its id.
async fn add_item(app: &TestApp, blog: BlogId, fields: &[(&str, &str)]) -> PlanItemId {
    let r = app.post(&format!("/admin/blogs/{blog}/plan"), fields).await;
    assert_eq!(
        r.status(),
        303,
        "add plan item: {}",
        r.text().await.unwrap_or_default()
    );
    let loc = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        loc.starts_with(&format!("/admin/blogs/{blog}/plan?year=")),
        "{loc}"
    );
    loc.split("#item-").nth(1).unwrap().parse().unwrap()
}

/// A plain activity due `due`.
async fn add_simple(app: &TestApp, blog: BlogId, title: &str, due: &str) -> PlanItemId {
    add_item(
        app,
        blog,
        &[
            ("title", title),
            ("due_on", due),
            ("channel-blog", "on"),
            ("status", "planned"),
        ],
    )
    .await
}

/// Every item of the blog within the years a plan may reach.
async fn count_items(app: &TestApp, blog: BlogId) -> usize {
    let year = stockholm_date(app.clock.now()).year();
    let mut n = 0;
    for y in year - 1..=year + 6 {
        n += app.state.store.plan_items(blog, y).await.unwrap().len();
    }
    n
}

/// A form's fields, the field that gets a message, and (part of) the message.
type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);

fn select<'a>(doc: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel).collect()
}

fn text_of(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_planned_activity_shows_in_the_month_grid_and_in_the_list() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let karin = user_id(&app, AUTHOR).await.to_string();
        app.sign_in(EDITOR).await;

        // A month's "add" link opens the form with the date filled in.
        let due = date_in(&app, 20);
        let year = year_of(&due);
        let (status, html) = app
            .text(&format!("/admin/blogs/{blog}/plan/new?date={year}-06-15"))
            .await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!(r#"value="{year}-06-15""#)));
        assert!(html.contains(r#"type="date""#));
        assert!(
            html.contains("<legend>Kanaler"),
            "channels are a fieldset with a legend"
        );
        for id in ["title", "theme", "due_on", "assignee_id", "status"] {
            assert!(
                html.contains(&format!(r#"<label for="{id}""#)),
                "label for {id}"
            );
        }

        let id = add_item(
            &app,
            blog,
            &[
                ("title", "Porträtt av nattpersonalen"),
                ("theme", "Rekrytering"),
                ("due_on", &due),
                ("assignee_id", &karin),
                ("channel-intranet", "on"),
                ("channel-blog", "on"),
                ("status", "planned"),
            ],
        )
        .await;
        let later = add_simple(&app, blog, "Senare aktivitet", &due).await;
        let earlier = add_simple(&app, blog, "Tidigare aktivitet", &date_in(&app, 0)).await;
        let stored = app.state.store.plan_item(id).await.unwrap();
        assert_eq!(stored.channels, "blog,intranet", "in the list's order");
        assert_eq!(stored.assignee_id.map(|a| a.to_string()), Some(karin));
        assert_eq!(stored.due_on, due);
        assert_eq!(stored.status, PlanStatus::Planned);

        // The grid: twelve month sections, the item under its month.
        let (status, grid) = app
            .text(&format!("/admin/blogs/{blog}/plan?year={year}"))
            .await;
        assert_eq!(status, 200);
        let doc = scraper::Html::parse_document(&grid);
        let months = select(&doc, "section.plan-month");
        assert_eq!(months.len(), 12);
        let month: usize = due[5..7].parse().unwrap();
        let section = &months[month - 1];
        assert!(text_of(&select(&doc, "section.plan-month h3")[month - 1])
            .contains(MONTHS_SV[month - 1]));
        let item = text_of(section);
        for expected in [
            "Porträtt av nattpersonalen",
            "Karin Åberg",
            "Bloggen, Intranätet",
            "Planerad",
            "Rekrytering",
        ] {
            assert!(item.contains(expected), "{expected:?} in {item}");
        }
        // "Add to this month" links, never to a day that has passed.
        let today = date_in(&app, 0);
        let adds: Vec<String> = select(&doc, "section.plan-month a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|h| h.split("/plan/new?date=").nth(1).map(str::to_owned))
            .collect();
        assert!(
            !adds.is_empty() && adds.iter().all(|d| *d >= today),
            "{adds:?}"
        );
        let (_, next_year) = app
            .text(&format!("/admin/blogs/{blog}/plan?year={}", year + 1))
            .await;
        assert!(next_year.contains(&format!(
            r#"href="/admin/blogs/{blog}/plan/new?date={}-01-15""#,
            year + 1
        )));
        assert!(grid.contains(&format!(
            r#"href="/admin/blogs/{blog}/plan/{id}?view=grid""#
        )));
        assert!(
            grid.contains(&format!("year={}", year - 1))
                && grid.contains(&format!("year={}", year + 1))
        );
        assert!(grid.contains("view=list"));

        // The list: one table with a caption, by date.
        let (status, list) = app
            .text(&format!("/admin/blogs/{blog}/plan?year={year}&view=list"))
            .await;
        assert_eq!(status, 200);
        let doc = scraper::Html::parse_document(&list);
        assert_eq!(select(&doc, "table caption").len(), 1);
        let rows: Vec<String> = select(&doc, "tbody tr")
            .iter()
            .filter_map(|r| r.value().attr("id").map(str::to_owned))
            .collect();
        let at = |id: PlanItemId| rows.iter().position(|r| *r == format!("item-{id}"));
        if year_of(&date_in(&app, 0)) == year {
            assert!(at(earlier).unwrap() < at(id).unwrap(), "by date");
        }
        assert!(
            at(id).unwrap() < at(later).unwrap(),
            "same date: in order made"
        );

        // Without a year: this year, as a grid.
        let this_year = year_of(&date_in(&app, 0));
        let (status, html) = app.text(&format!("/admin/blogs/{blog}/plan")).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("Årsplan {this_year}")));
        assert_eq!(
            select(&scraper::Html::parse_document(&html), "section.plan-month").len(),
            12
        );
        assert_eq!(
            app.get(&format!("/admin/blogs/{blog}/plan?year=nonsense"))
                .await
                .status(),
            404
        );

        // An open item whose date has passed is marked, in text.
        app.clock.advance(25 * 86_400);
        app.sign_in(EDITOR).await;
        let (_, html) = app
            .text(&format!("/admin/blogs/{blog}/plan?year={year}&view=list"))
            .await;
        let doc = scraper::Html::parse_document(&html);
        let row = select(&doc, &format!("#item-{id}"));
        assert!(
            text_of(&row[0]).contains("försenad"),
            "overdue shown in words"
        );
    }
}

#[tokio::test]
async fn bad_plan_items_get_field_messages_and_nothing_is_saved() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        // Someone with an account but no role in the blog.
        let members = app.state.store.members(blog).await.unwrap();
        let outsider = app
            .state
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| !members.iter().any(|m| m.user_id == u.id))
            .unwrap()
            .id
            .to_string();
        app.sign_in(EDITOR).await;
        let before = count_items(&app, blog).await;
        let (ok, past, far) = (date_in(&app, 7), date_in(&app, -1), date_in(&app, 6 * 366));
        // (fields, the field with the message, the message)
        let cases: Vec<Case<'_>> = vec![
            (
                vec![("title", ""), ("due_on", &ok), ("channel-blog", "on")],
                "title",
                "Fältet måste fyllas i.",
            ),
            (
                vec![
                    ("title", "Datum"),
                    ("due_on", "31/12"),
                    ("channel-blog", "on"),
                ],
                "due_on",
                "ÅÅÅÅ-MM-DD",
            ),
            (
                vec![("title", "Datum"), ("due_on", ""), ("channel-blog", "on")],
                "due_on",
                "Fältet måste fyllas i.",
            ),
            (
                vec![("title", "Förr"), ("due_on", &past), ("channel-blog", "on")],
                "due_on",
                "Datumet har redan passerat",
            ),
            (
                vec![
                    ("title", "Långt fram"),
                    ("due_on", &far),
                    ("channel-blog", "on"),
                ],
                "due_on",
                "för långt fram",
            ),
            (
                vec![("title", "Ingen kanal"), ("due_on", &ok)],
                "channels",
                "Välj minst en kanal.",
            ),
            (
                vec![("title", "Tv"), ("due_on", &ok), ("channel-tv", "on")],
                "channels",
                "Välj minst en kanal.",
            ),
            (
                vec![
                    ("title", "Utomstående"),
                    ("due_on", &ok),
                    ("channel-blog", "on"),
                    ("assignee_id", &outsider),
                ],
                "assignee_id",
                "Välj någon i bloggens team",
            ),
            (
                vec![
                    ("title", "Status"),
                    ("due_on", &ok),
                    ("channel-blog", "on"),
                    ("status", "klar"),
                ],
                "status",
                "i listan",
            ),
        ];
        for (fields, field, message) in cases {
            let r = app
                .post(&format!("/admin/blogs/{blog}/plan"), &fields)
                .await;
            assert_eq!(r.status(), 422, "{backend:?} {message}");
            let html = r.text().await.unwrap();
            assert!(html.contains(message), "expected {message:?}");
            assert!(
                html.contains(&format!(r#"id="{field}-error""#)),
                "the message is next to {field}"
            );
            if field != "channels" {
                assert!(html.contains(&format!(r#"aria-describedby="{field}-error""#)));
                assert!(html.contains(r#"aria-invalid="true""#));
            }
            let title = fields[0].1;
            if !title.is_empty() {
                assert!(html.contains(title), "what was typed is kept");
            }
        }
        assert_eq!(count_items(&app, blog).await, before, "nothing saved");
    }
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_a_past_date_may_only_be_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        app.sign_in(EDITOR).await;
        let due = date_in(&app, 2);
        let id = add_simple(&app, blog, "Original", &due).await;
        let edit = |title: &'static str, due: String, version: &'static str| {
            let app = &app;
            async move {
                app.post(
                    &format!("/admin/blogs/{blog}/plan/{id}"),
                    &[
                        ("title", title),
                        ("due_on", &due),
                        ("channel-blog", "on"),
                        ("status", "writing"),
                        ("version", version),
                    ],
                )
                .await
            }
        };
        assert_eq!(
            edit("Första ändringen", due.clone(), "1").await.status(),
            303
        );

        // A second save from the same (now stale) form is refused; the text stays in the form.
        // The colleague's version is shown beside it and the form builds on it.
        let r = edit("Min ändring som inte får försvinna", due.clone(), "1").await;
        let mine = "Min ändring som inte får försvinna";
        let html = assert_conflict(r, mine, "Första ändringen", 2).await;
        assert!(html.contains("Någon annan har sparat aktiviteten"));
        let stored = app.state.store.plan_item(id).await.unwrap();
        assert_eq!(stored.title, "Första ändringen");
        assert_eq!(stored.status, PlanStatus::Writing);
        assert_eq!(stored.version, 2);

        // Without a version the form is refused outright.
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/plan/{id}"),
                &[("title", "x"), ("due_on", &due), ("channel-blog", "on")],
            )
            .await;
        assert_eq!(r.status(), 400);

        // Once the date has passed, the item can still be saved with it…
        app.clock.advance(5 * 86_400);
        app.sign_in(EDITOR).await;
        assert_eq!(edit("Efteråt", due.clone(), "2").await.status(), 303);
        // …but not moved to another day in the past.
        let r = edit("Bakåt", date_in(&app, -1), "3").await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Datumet har redan passerat"));
        assert_eq!(
            app.state.store.plan_item(id).await.unwrap().title,
            "Efteråt"
        );
    }
}

#[tokio::test]
async fn who_may_see_and_change_the_plan() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        make_reviewer(&app, blog, REVIEWER).await;
        app.sign_in(EDITOR).await;
        let due = date_in(&app, 3);
        let id = add_simple(&app, blog, "Sofias aktivitet", &due).await;
        let item = format!("/admin/blogs/{blog}/plan/{id}");
        let fields = |title: &'static str| -> Vec<(&'static str, String)> {
            vec![
                ("title", title.to_owned()),
                ("due_on", due.clone()),
                ("channel-blog", "on".to_owned()),
            ]
        };
        let post = |path: String, fields: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post(&path, &f).await.status().as_u16()
            }
        };
        let plan = format!("/admin/blogs/{blog}/plan");

        // A guest writes posts but does not see the plan.
        app.sign_in(GUEST).await;
        assert_eq!(app.get(&plan).await.status(), 403);
        assert_eq!(app.get(&format!("{plan}/new")).await.status(), 403);
        assert_eq!(app.get(&item).await.status(), 403);
        assert_eq!(post(plan.clone(), fields("Gäst")).await, 403);
        assert_eq!(post(format!("{item}/delete"), vec![]).await, 403);
        assert_eq!(post(format!("{item}/write"), vec![]).await, 403);

        // An author edits anyone's item and adds new ones.
        app.sign_in(AUTHOR).await;
        let (status, html) = app.text(&plan).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&format!(r#"href="{item}?view=grid""#)),
            "title links to the form"
        );
        assert_eq!(app.get(&item).await.status(), 200);
        let mut f = fields("Ändrad av Karin");
        f.push(("version", "1".into()));
        assert_eq!(post(item.clone(), f).await, 303);
        assert_eq!(post(plan.clone(), fields("Karins egen")).await, 303);

        // A reviewer reads the plan but does not change it.
        app.sign_in(REVIEWER).await;
        let (status, html) = app.text(&plan).await;
        assert_eq!(status, 200);
        assert!(html.contains("Ändrad av Karin"));
        assert!(!html.contains(&format!(r#"href="{item}"#)), "no edit links");
        assert!(!html.contains("/plan/new"), "no add links");
        assert_eq!(app.get(&item).await.status(), 403);
        assert_eq!(post(plan.clone(), fields("Granskare")).await, 403);
        assert_eq!(post(format!("{item}/delete"), vec![]).await, 403);

        // Only the team sees the plan.
        let outsider = "medarbetare@alvdal.example";
        let email = lykta_domain::Email::parse(outsider).unwrap();
        let slug = lykta_domain::Slug::normalise(outsider).unwrap();
        let hash =
            lykta_app::secrets::hash_password(&lykta_domain::Password::parse(PASSWORD).unwrap())
                .unwrap();
        let user = lykta_store::NewUser {
            email: &email,
            slug: &slug,
            name: "Medarbetare",
            role: lykta_domain::Role::Employee,
            title: "",
            bio: "",
            unit_id: None,
            password_hash: Some(&hash),
        };
        app.state.store.create_user(&user, 1).await.unwrap();
        app.sign_in(outsider).await;
        assert_eq!(app.get(&plan).await.status(), 403);

        // The editor deletes an item.
        app.sign_in(EDITOR).await;
        assert_eq!(post(format!("{item}/delete"), vec![]).await, 303);
        assert_eq!(app.get(&item).await.status(), 404);
    }
}

#[tokio::test]
async fn items_and_approvals_of_another_blog_are_not_found() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        let other = app.blog_id("regiondirektoren").await;
        app.sign_in(ADMIN).await;
        let due = date_in(&app, 4);
        let foreign = add_simple(&app, other, "Direktörens aktivitet", &due).await;
        let r = app
            .post(
                &format!("/admin/blogs/{other}/plan/approvals"),
                &[("year", &year_of(&due).to_string())],
            )
            .await;
        assert_eq!(r.status(), 303);
        let approval = app
            .state
            .store
            .plan_approvals(other, year_of(&due))
            .await
            .unwrap()[0]
            .id;

        let here = format!("/admin/blogs/{blog}/plan");
        assert_eq!(app.get(&format!("{here}/{foreign}")).await.status(), 404);
        for path in [
            format!("{here}/{foreign}"),
            format!("{here}/{foreign}/delete"),
            format!("{here}/{foreign}/write"),
        ] {
            let r = app
                .post(
                    &path,
                    &[
                        ("title", "Kapad"),
                        ("due_on", &due),
                        ("channel-blog", "on"),
                        ("version", "1"),
                    ],
                )
                .await;
            assert_eq!(r.status(), 404, "{path}");
        }
        assert_eq!(
            app.get(&format!("{here}/approvals/{approval}"))
                .await
                .status(),
            404
        );
        let r = app
            .post(
                &format!("{here}/approvals/{approval}"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(r.status(), 404);
        let stored = app.state.store.plan_item(foreign).await.unwrap();
        assert_eq!(
            (stored.title.as_str(), stored.version),
            ("Direktörens aktivitet", 1)
        );
        assert_eq!(
            app.state
                .store
                .plan_approval(other, approval)
                .await
                .unwrap()
                .state,
            PlanApprovalState::Pending
        );
    }
}

#[tokio::test]
async fn a_plan_is_approved_once_and_the_approved_version_is_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        make_reviewer(&app, blog, REVIEWER).await;
        app.sign_in(EDITOR).await;
        let due = date_in(&app, 10);
        let year = year_of(&due).to_string();
        let first = add_simple(&app, blog, "Inlägg om strålskydd", &due).await;
        add_simple(&app, blog, "Film från MR", &due).await;
        let plan = format!("/admin/blogs/{blog}/plan?year={year}");
        let earlier = app
            .state
            .store
            .plan_approvals(blog, year.parse().unwrap())
            .await
            .unwrap()
            .len();

        // Send it; a second request while one waits is refused.
        let send = || {
            let (app, year) = (&app, year.clone());
            async move {
                app.post(
                    &format!("/admin/blogs/{blog}/plan/approvals"),
                    &[("year", &year)],
                )
                .await
            }
        };
        assert_eq!(send().await.status(), 303);
        assert_eq!(send().await.status(), 409);
        let approval = app
            .state
            .store
            .plan_approvals(blog, year.parse().unwrap())
            .await
            .unwrap()[0]
            .id;
        let decide = |decision: &'static str, note: &'static str| {
            let app = &app;
            async move {
                app.post(
                    &format!("/admin/blogs/{blog}/plan/approvals/{approval}"),
                    &[("decision", decision), ("note", note)],
                )
                .await
            }
        };
        let (_, html) = app.text(&plan).await;
        assert!(html.contains("Väntar på godkännande"));
        assert!(
            !html.contains("Godkänn planen"),
            "the editor may not approve"
        );

        // Writers may not approve.
        app.sign_in(AUTHOR).await;
        assert_eq!(decide("approve", "").await.status(), 403);

        // The reviewer must say what to change when sending it back.
        app.sign_in(REVIEWER).await;
        let (_, html) = app.text(&plan).await;
        assert!(html.contains("Godkänn planen") && html.contains("Skicka tillbaka"));
        let r = decide("changes", "").await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("Skriv vad som behöver ändras."));
        assert!(html.contains(r#"aria-invalid="true""#));
        assert_eq!(decide("approve", "Bra plan!").await.status(), 303);
        // A second decision on the same request is refused.
        assert_eq!(decide("approve", "").await.status(), 409);
        assert_eq!(decide("changes", "Ändra").await.status(), 409);
        let a = app.state.store.plan_approval(blog, approval).await.unwrap();
        assert_eq!(a.state, PlanApprovalState::Approved);
        assert_eq!(a.note, "Bra plan!");

        // A later change does not change the approved version.
        app.sign_in(EDITOR).await;
        let r = app
            .post(
                &format!("/admin/blogs/{blog}/plan/{first}"),
                &[
                    ("title", "Ändrat efter godkännandet"),
                    ("due_on", &due),
                    ("channel-blog", "on"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let (status, html) = app
            .text(&format!("/admin/blogs/{blog}/plan/approvals/{approval}"))
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("Inlägg om strålskydd") && html.contains("Film från MR"));
        assert!(!html.contains("Ändrat efter godkännandet"));
        assert!(html.contains("Godkänd") && html.contains("Maria Sandell"));
        assert!(html.contains("Bra plan!"));
        let (_, html) = app.text(&plan).await;
        assert!(html.contains("Ändrat efter godkännandet"));
        assert!(html.contains(&format!(
            r#"href="/admin/blogs/{blog}/plan/approvals/{approval}""#
        )));

        // The changed plan can be sent again; the approved version stays.
        assert_eq!(send().await.status(), 303);
        let approvals = app
            .state
            .store
            .plan_approvals(blog, year.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(approvals.len(), earlier + 2);
        assert_eq!(approvals[0].state, PlanApprovalState::Pending);
        assert_eq!(approvals[1].id, approval);
        assert_eq!(approvals[1].state, PlanApprovalState::Approved);
    }
}

#[tokio::test]
async fn writing_the_post_makes_one_linked_draft() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let blog = app.blog_id("rontgenbloggen").await;
        make_reviewer(&app, blog, REVIEWER).await;
        let karin = user_id(&app, AUTHOR).await;
        let sofia = user_id(&app, EDITOR).await;
        let maria = user_id(&app, REVIEWER).await;
        app.sign_in(EDITOR).await;
        let due = date_in(&app, 12);
        let add = |title: &'static str, assignee: UserId| {
            let (app, due) = (&app, due.clone());
            async move {
                let a = assignee.to_string();
                add_item(
                    app,
                    blog,
                    &[
                        ("title", title),
                        ("due_on", &due),
                        ("channel-blog", "on"),
                        ("assignee_id", &a),
                    ],
                )
                .await
            }
        };
        let write = |item: PlanItemId| {
            let app = &app;
            async move {
                app.post(&format!("/admin/blogs/{blog}/plan/{item}/write"), &[])
                    .await
            }
        };

        // Assigned to an author: the author writes it.
        let item = add("Så blir du röntgensjuksköterska", karin).await;
        let r = write(item).await;
        assert_eq!(r.status(), 303);
        let loc = r.headers()["location"].to_str().unwrap().to_owned();
        let post: PostId = loc.trim_start_matches("/admin/posts/").parse().unwrap();
        let p = app.state.store.post(post).await.unwrap();
        assert_eq!(p.post.title, "Så blir du röntgensjuksköterska");
        assert_eq!(p.post.blog_id, blog);
        assert_eq!(p.post.state, lykta_domain::PostState::Draft);
        assert_eq!(p.author_ids(), vec![karin]);
        let linked = app.state.store.plan_item(item).await.unwrap();
        assert_eq!(linked.post_id, Some(post));
        assert_eq!(linked.status, PlanStatus::Writing);
        assert_eq!(write(item).await.status(), 409, "only one post per item");
        assert_eq!(
            app.state
                .store
                .posts_of_blog(blog)
                .await
                .unwrap()
                .iter()
                .filter(|p| p.post.title == "Så blir du röntgensjuksköterska")
                .count(),
            1
        );
        let (_, html) = app
            .text(&format!(
                "/admin/blogs/{blog}/plan?year={}&view=list",
                year_of(&due)
            ))
            .await;
        assert!(html.contains(&format!(r#"href="/admin/posts/{post}""#)));
        let (_, html) = app.text(&format!("/admin/blogs/{blog}/plan/{item}")).await;
        assert!(html.contains(&format!(r#"href="/admin/posts/{post}""#)));
        assert!(!html.contains("/write"), "no second write button");

        // Assigned to someone who may not write here: the person asking writes it,
        // at an address of its own.
        let item = add("Så blir du röntgensjuksköterska", maria).await;
        let r = write(item).await;
        assert_eq!(r.status(), 303);
        let second = app
            .state
            .store
            .plan_item(item)
            .await
            .unwrap()
            .post_id
            .unwrap();
        let p2 = app.state.store.post(second).await.unwrap();
        assert_eq!(p2.author_ids(), vec![sofia]);
        assert_ne!(p2.post.slug, p.post.slug);
        assert!(p2.post.slug.starts_with(&p.post.slug));
    }
}

#[tokio::test]
async fn the_plan_shows_what_went_out_each_month_beside_what_was_planned() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("sofia@alvdal.example").await;
        let blog = app.blog_id("rontgenbloggen").await;
        let posts = app.state.store.posts_of_blog(blog).await.unwrap();
        let year = lykta_domain::stockholm_date(app.state.now()).year();
        let out: Vec<_> = posts
            .iter()
            .filter(|p| {
                p.post.state == lykta_domain::PostState::Scheduled
                    || p.post.published_at.is_some_and(|t| {
                        p.post.state == lykta_domain::PostState::Published
                            && lykta_domain::stockholm_date(t).year() == year
                    })
            })
            .collect();
        assert!(!out.is_empty(), "the demo publishes this year");
        let (status, html) = app.text(&format!("/admin/blogs/{blog}/plan")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Publicerat och schemalagt"));
        for p in out {
            if lykta_domain::stockholm_date(p.post.publish_at.or(p.post.published_at).unwrap())
                .year()
                == year
            {
                assert!(
                    html.contains(&format!("<a href=\"/admin/posts/{}\">", p.post.id)),
                    "{} is linked from its month",
                    p.post.title
                );
            }
        }
    }
}
