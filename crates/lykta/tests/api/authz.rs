//! The authorization walk: every `/admin` route the router answers, for
//! every kind of staff member, against what the permission table grants.
//! The routes come from the router itself (`lykta_web::route_patterns`), so
//! a route added without a row here fails the test.

use crate::helpers::*;
use lykta_domain::{Clock, Email, Role, Slug};
use lykta_store::NewUser;
use std::collections::{BTreeMap, BTreeSet};

/// The columns: an administrator, a communicator, and in the X-ray blog its
/// editor, an author (Karin), a guest, a reviewer and a moderator; last an
/// employee with no role in it.
const PEOPLE: [&str; 8] = [
    ADMIN,
    "kommunikator@alvdal.example",
    "sofia@alvdal.example",
    AUTHOR,
    "elin@alvdal.example",
    "per@alvdal.example",
    "nora@alvdal.example",
    "medarbetare@alvdal.example",
];

type Who = [bool; 8];
/// The status each column gets.
type Statuses = [u16; 8];
const ALL: Who = [true; 8];
const ADMIN_ONLY: Who = [true, false, false, false, false, false, false, false];
const CENTRAL: Who = [true, true, false, false, false, false, false, false];
const EDITORS: Who = [true, true, true, false, false, false, false, false];
/// Karin's post: she and the editor may edit it; editors and authors plan.
const OWNERS: Who = [true, true, true, true, false, false, false, false];
const PLANNERS: Who = OWNERS;
const WRITERS: Who = [true, true, true, true, true, false, false, false];
/// The team but for guests (who see only their own posts).
const TEAM: Who = [true, true, true, true, false, true, true, false];
const WITH_GUESTS: Who = [true, true, true, true, true, true, true, false];
const MODERATORS: Who = [true, true, true, false, false, false, true, false];
/// Who approves a post in review: central staff, the editor, the reviewer.
const REVIEWERS: Who = [true, true, true, false, false, true, false, false];
/// Who decides on a plan sent for approval: central staff and the reviewer.
const PLAN_APPROVERS: Who = [true, true, false, false, false, true, false, false];
/// Who answers a survey for its first unit: central staff and the unit's
/// people in the demo.
const ASKED: Who = [true, true, true, true, true, true, false, false];

/// `ok` for those the table lets in, 403 for the rest.
const fn gate(who: Who, ok: u16) -> [u16; 8] {
    let mut out = [403; 8];
    let mut i = 0;
    while i < 8 {
        if who[i] {
            out[i] = ok;
        }
        i += 1;
    }
    out
}

/// A route's probe: the path with its ids filled in, and the status each
/// column gets for GET and for POST (`None`: the route has no such method,
/// so it must answer 405). A POST carries a form that no handler accepts as
/// a change (empty fields, a stale version, an id that does not exist), so
/// an allowed person gets a refusal, not a changed database, and the walk
/// does not depend on its order.
pub(crate) struct Probe {
    pub(crate) path: String,
    get: Option<[u16; 8]>,
    pub(crate) post: Option<[u16; 8]>,
    /// Fields a handler reads before it knows which permission to ask for
    /// (a review step, a moderation decision).
    pub(crate) fields: Vec<(&'static str, String)>,
    /// An upload form (one empty file) instead of a plain form.
    pub(crate) multipart: bool,
}

/// The plain form every POST carries (no version is ever 0: a stale save).
const FORM: [(&str, &str); 4] = [("title", ""), ("name", ""), ("email", ""), ("version", "0")];

async fn post(app: &TestApp, probe: &Probe) -> u16 {
    let r = if probe.multipart {
        let file = reqwest::multipart::Part::bytes(Vec::new())
            .file_name("tom.png")
            .mime_str("image/png")
            .unwrap();
        app.client
            .post(format!("{}{}?csrf={}", app.address, probe.path, app.csrf()))
            .multipart(reqwest::multipart::Form::new().part("file", file))
            .send()
            .await
            .unwrap()
    } else {
        let mut form: Vec<(&str, &str)> = FORM.to_vec();
        form.extend(probe.fields.iter().map(|(k, v)| (*k, v.as_str())));
        app.post(&probe.path, &form).await
    };
    r.status().as_u16()
}

/// No such thing: the id of a note, item, invitation, … that is not there.
const MISSING: i64 = 999_999;

#[tokio::test]
async fn every_admin_route_answers_every_role_as_the_permission_table_says() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        add_central_people(&app).await;
        let probes = probes(&app).await;

        let routed: BTreeSet<&str> = lykta_web::route_patterns()
            .into_iter()
            .filter(|p| p.starts_with("/admin"))
            .collect();
        let listed: BTreeSet<&str> = probes.keys().copied().collect();
        let unlisted: Vec<_> = routed.difference(&listed).collect();
        let gone: Vec<_> = listed.difference(&routed).collect();
        assert!(
            unlisted.is_empty() && gone.is_empty(),
            "routes without a row in the walk: {unlisted:?}; rows for no route: {gone:?}"
        );

        let mut wrong = Vec::new();
        for (col, who) in PEOPLE.iter().enumerate() {
            app.sign_in(who).await;
            for (pattern, probe) in &probes {
                let got = app.get(&probe.path).await.status().as_u16();
                let want = probe.get.map_or(405, |g| g[col]);
                if got != want {
                    wrong.push(format!("{who} GET {pattern}: {got}, want {want}"));
                }
                let got = post(&app, probe).await;
                let want = probe.post.map_or(405, |p| p[col]);
                if got != want {
                    wrong.push(format!("{who} POST {pattern}: {got}, want {want}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{backend:?}:\n{}", wrong.join("\n"));
    }
}

/// A communicator and an employee outside the X-ray blog, who the demo does
/// not have.
pub(crate) async fn add_central_people(app: &TestApp) {
    let hash = lykta_app::secrets::hash_password(&lykta_domain::Password::parse(PASSWORD).unwrap())
        .unwrap();
    for (email, role) in [
        ("kommunikator@alvdal.example", Role::Communicator),
        ("medarbetare@alvdal.example", Role::Employee),
    ] {
        let e = Email::parse(email).unwrap();
        let slug = Slug::normalise(email).unwrap();
        let u = NewUser {
            email: &e,
            slug: &slug,
            name: email,
            role,
            title: "",
            bio: "",
            unit_id: None,
            password_hash: Some(&hash),
        };
        app.state.store.create_user(&u, 1).await.unwrap();
    }
}

/// One probe per `/admin` route pattern, on the demo's things.
pub(crate) async fn probes(app: &TestApp) -> BTreeMap<&'static str, Probe> {
    let store = &app.state.store;
    let year = time::OffsetDateTime::from_unix_timestamp(app.clock.now())
        .unwrap()
        .year();
    let blog = app.blog_id("rontgenbloggen").await;
    let posts = store.posts_of_blog(blog).await.unwrap();
    let post = posts
        .iter()
        .find(|p| p.authors.iter().any(|a| a.slug == "karin-aberg"))
        .unwrap()
        .post
        .id;
    let rev = store.revisions(post).await.unwrap()[0].id;
    let page = store.pages_of_blog(blog).await.unwrap()[0].id;
    let survey = store.surveys().await.unwrap()[0].id;
    let unit = store.survey_units(survey).await.unwrap()[0].id;
    let guideline = store.guideline_versions().await.unwrap()[0].id;
    let scenario = store.scenarios().await.unwrap()[0].id;
    let channel = store.channels(&[]).await.unwrap()[0].id;
    let incident = store.incidents(None).await.unwrap()[0].id;
    let file = store
        .incident_files(incident)
        .await
        .unwrap()
        .first()
        .map_or(MISSING, |f| f.id.get());
    let item = store.plan_items(blog, year).await.unwrap()[0].id;
    let approval = store
        .plan_approvals(blog, year)
        .await
        .unwrap()
        .first()
        .map_or(MISSING, |a| a.id);
    let comment = store
        .comment_queue(&lykta_store::QueueFilter {
            blog_ids: &[blog],
            state: None,
            before: None,
        })
        .await
        .unwrap()
        .first()
        .map_or(MISSING, |c| c.id.get());
    let outsider = store
        .user_by_email(&Email::parse("medarbetare@alvdal.example").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;

    // Actions that would change what the later columns see get an id that
    // is not there (the gate answers before the lookup).
    let fill = |pattern: &str| -> String {
        let destructive = [
            "/delete",
            "/write",
            "/close",
            "/remind",
            "/publish",
            "/hold",
            "/deactivate",
            "/reactivate",
            "/reset",
        ]
        .iter()
        .any(|a| pattern.ends_with(a));
        let mut path = String::new();
        let mut parts = pattern.split('/').peekable();
        let mut parent = "";
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none() || destructive && parts.clone().count() == 1;
            let id = match (parent, part) {
                (_, p) if !p.starts_with('{') => None,
                _ if destructive && last => Some(MISSING.to_string()),
                ("blogs", _) => Some(blog.to_string()),
                ("posts", _) => Some(post.to_string()),
                ("pages", _) => Some(page.to_string()),
                ("units", _) if pattern.starts_with("/admin/surveys") => Some(unit.to_string()),
                ("units", _)
                | ("record", _)
                | ("notes", _)
                | ("invitations", _)
                | ("deliveries", _) => Some(MISSING.to_string()),
                ("members", _) | ("users", _) => Some(outsider.to_string()),
                ("revisions", _) => Some(rev.to_string()),
                ("surveys", _) => Some(survey.to_string()),
                ("guidelines", _) => Some(guideline.to_string()),
                ("scenarios", _) => Some(scenario.to_string()),
                ("channels", _) => Some(channel.to_string()),
                ("incidents", _) => Some(incident.to_string()),
                ("files", _) => Some(file.to_string()),
                ("comments", _) => Some(comment.to_string()),
                ("plan", _) => Some(item.to_string()),
                ("approvals", _) => Some(approval.to_string()),
                (parent, part) => panic!("no id for {part} after /{parent}/ in {pattern}"),
            };
            if !path.is_empty() || !part.is_empty() {
                path.push('/');
            }
            match id {
                Some(id) => path.push_str(&id),
                None => path.push_str(part),
            }
            parent = part;
        }
        path
    };
    // GET, then POST, for each column (see `PEOPLE`). Acknowledging a
    // guideline with no answers: those who acknowledged it already (the
    // demo's) get their receipt again, the others the questions (422).
    let rows: Vec<(&'static str, Option<Statuses>, Option<Statuses>)> = vec![
        ("/admin", Some(gate(ALL, 200)), None),
        ("/admin/blogs", None, Some(gate(CENTRAL, 422))),
        ("/admin/blogs/new", Some(gate(CENTRAL, 200)), None),
        ("/admin/blogs/{id}", Some(gate(WITH_GUESTS, 200)), None),
        (
            "/admin/blogs/{id}/calendar",
            None,
            Some(gate(PLANNERS, 303)),
        ),
        (
            "/admin/blogs/{id}/comment-settings",
            None,
            Some(gate(EDITORS, 400)),
        ),
        (
            "/admin/blogs/{id}/syndication",
            None,
            Some(gate(EDITORS, 303)),
        ),
        (
            "/admin/blogs/{id}/edit",
            Some(gate(EDITORS, 200)),
            Some(gate(EDITORS, 422)),
        ),
        (
            "/admin/blogs/{id}/invitations",
            None,
            Some(gate(EDITORS, 422)),
        ),
        (
            "/admin/blogs/{id}/invitations/{inv}/revoke",
            None,
            Some(gate(EDITORS, 409)),
        ),
        (
            "/admin/blogs/{id}/members",
            Some(gate(EDITORS, 200)),
            Some(gate(EDITORS, 422)),
        ),
        // Subscribers' addresses, bounces and complaints: administrators only
        // (everyone on the blog's page sees the counts).
        (
            "/admin/blogs/{id}/subscribers",
            Some(gate(ADMIN_ONLY, 200)),
            None,
        ),
        (
            "/admin/blogs/{id}/subscribers/undeliverable",
            None,
            Some(gate(ADMIN_ONLY, 422)),
        ),
        (
            "/admin/blogs/{id}/members/{user}/remove",
            None,
            Some(gate(EDITORS, 303)),
        ),
        ("/admin/blogs/{id}/pages", None, Some(gate(EDITORS, 422))),
        (
            "/admin/blogs/{id}/pages/new",
            Some(gate(EDITORS, 200)),
            None,
        ),
        (
            "/admin/blogs/{id}/plan",
            Some(gate(TEAM, 200)),
            Some(gate(PLANNERS, 422)),
        ),
        (
            "/admin/blogs/{id}/plan/approvals",
            None,
            Some(gate(PLANNERS, 400)),
        ),
        (
            "/admin/blogs/{id}/plan/approvals/{approval}",
            Some(gate(TEAM, 200)),
            Some(gate(PLAN_APPROVERS, 409)),
        ),
        (
            "/admin/blogs/{id}/plan/new",
            Some(gate(PLANNERS, 200)),
            None,
        ),
        (
            "/admin/blogs/{id}/plan/{item}",
            Some(gate(PLANNERS, 200)),
            Some(gate(PLANNERS, 422)),
        ),
        (
            "/admin/blogs/{id}/plan/{item}/delete",
            None,
            Some(gate(PLANNERS, 404)),
        ),
        (
            "/admin/blogs/{id}/plan/{item}/write",
            None,
            Some(gate(PLANNERS, 404)),
        ),
        ("/admin/blogs/{id}/posts", None, Some(gate(WRITERS, 422))),
        ("/admin/blogs/{id}/preview", None, Some(gate(WRITERS, 200))),
        (
            "/admin/blogs/{id}/posts/new",
            Some(gate(WRITERS, 200)),
            None,
        ),
        (
            "/admin/channels",
            Some(gate(ALL, 200)),
            Some(gate(ALL, 422)),
        ),
        ("/admin/channels.csv", Some(gate(CENTRAL, 200)), None),
        (
            "/admin/channels/import",
            Some(gate(CENTRAL, 200)),
            Some(gate(CENTRAL, 422)),
        ),
        ("/admin/channels/new", Some(gate(ALL, 200)), None),
        (
            "/admin/channels/{id}",
            Some(gate(CENTRAL, 200)),
            Some(gate(CENTRAL, 400)),
        ),
        (
            "/admin/channels/{id}/decision",
            None,
            Some(gate(CENTRAL, 400)),
        ),
        (
            "/admin/channels/{id}/connection",
            None,
            Some(gate(CENTRAL, 400)),
        ),
        (
            "/admin/channels/connection/callback",
            Some(gate(CENTRAL, 400)),
            None,
        ),
        (
            "/admin/channels/{id}/connection/callback",
            Some(gate(CENTRAL, 400)),
            None,
        ),
        ("/admin/deliveries/{id}/retry", None, Some(gate(ALL, 404))),
        (
            "/admin/comments",
            Some(gate(MODERATORS, 200)),
            Some(gate(MODERATORS, 422)),
        ),
        (
            "/admin/comments/{id}/answer",
            None,
            Some(gate(MODERATORS, 422)),
        ),
        (
            "/admin/comments/{id}/answer-there",
            None,
            Some(gate(MODERATORS, 422)),
        ),
        (
            "/admin/guidelines",
            Some(gate(ALL, 200)),
            Some(gate(CENTRAL, 303)),
        ),
        ("/admin/guidelines/{id}", Some(gate(ALL, 200)), None),
        (
            "/admin/guidelines/{id}/acknowledge",
            None,
            Some([303, 422, 303, 303, 422, 422, 303, 422]),
        ),
        (
            "/admin/guidelines/{id}/edit",
            Some(gate(CENTRAL, 409)),
            Some(gate(CENTRAL, 422)),
        ),
        (
            "/admin/guidelines/{id}/autosave",
            None,
            Some(gate(CENTRAL, 409)),
        ),
        (
            "/admin/guidelines/{id}/autosave/discard",
            None,
            Some(gate(CENTRAL, 409)),
        ),
        (
            "/admin/guidelines/{id}/publish",
            None,
            Some(gate(CENTRAL, 400)),
        ),
        (
            "/admin/guidelines/{id}/reach",
            Some(gate(CENTRAL, 200)),
            None,
        ),
        (
            "/admin/guidelines/{id}/reach.csv",
            Some(gate(CENTRAL, 200)),
            None,
        ),
        (
            "/admin/incidents",
            Some(gate(ALL, 200)),
            Some(gate(ALL, 422)),
        ),
        ("/admin/incidents/new", Some(gate(ALL, 200)), None),
        ("/admin/incidents/{id}", Some(gate(CENTRAL, 200)), None),
        (
            "/admin/incidents/{id}/close",
            None,
            Some(gate(CENTRAL, 400)),
        ),
        (
            "/admin/incidents/{id}/files",
            None,
            Some(gate(CENTRAL, 422)),
        ),
        (
            "/admin/incidents/{id}/files/{file}",
            Some(gate(CENTRAL, 200)),
            None,
        ),
        ("/admin/incidents/{id}/log", None, Some(gate(CENTRAL, 400))),
        ("/admin/jobs", Some(gate(ADMIN_ONLY, 200)), None),
        ("/admin/jobs/discard", None, Some(gate(ADMIN_ONLY, 422))),
        ("/admin/jobs/retry", None, Some(gate(ADMIN_ONLY, 422))),
        (
            "/admin/media",
            Some(gate(WRITERS, 200)),
            Some(gate(WRITERS, 422)),
        ),
        (
            "/admin/organisation",
            Some(gate(ADMIN_ONLY, 200)),
            Some(gate(ADMIN_ONLY, 422)),
        ),
        ("/admin/outbox", Some(gate(ADMIN_ONLY, 200)), None),
        (
            "/admin/pages/{id}",
            Some(gate(EDITORS, 200)),
            Some(gate(EDITORS, 422)),
        ),
        ("/admin/pages/{id}/autosave", None, Some(gate(EDITORS, 409))),
        (
            "/admin/pages/{id}/autosave/discard",
            None,
            Some(gate(EDITORS, 303)),
        ),
        ("/admin/preview", None, Some(gate(ALL, 200))),
        (
            "/admin/posts/{id}",
            Some(gate(TEAM, 200)),
            Some(gate(OWNERS, 422)),
        ),
        // Autosave: a stale version (the probe's 0) is kept and said (409);
        // the probe's guideline is in force, so no draft to keep text for.
        ("/admin/posts/{id}/autosave", None, Some(gate(OWNERS, 409))),
        (
            "/admin/posts/{id}/autosave/discard",
            None,
            Some(gate(OWNERS, 303)),
        ),
        ("/admin/posts/{id}/channels", None, Some(gate(OWNERS, 303))),
        ("/admin/posts/{id}/notes", None, Some(gate(TEAM, 422))),
        (
            "/admin/posts/{id}/notes/{note}/resolve",
            None,
            Some(gate(TEAM, 404)),
        ),
        ("/admin/posts/{id}/review", None, Some(gate(REVIEWERS, 409))),
        (
            "/admin/posts/{id}/revisions/{rev}",
            Some(gate(TEAM, 200)),
            None,
        ),
        (
            "/admin/posts/{id}/revisions/{rev}/restore",
            None,
            Some(gate(OWNERS, 409)),
        ),
        ("/admin/profile", Some(gate(ALL, 200)), Some(gate(ALL, 422))),
        ("/admin/profile/calendar", None, Some(gate(ALL, 303))),
        ("/admin/profile/mail", None, Some(gate(ALL, 422))),
        ("/admin/record", Some(gate(ADMIN_ONLY, 200)), None),
        ("/admin/record/export", None, Some(gate(ADMIN_ONLY, 200))),
        (
            "/admin/record/person",
            Some(gate(ADMIN_ONLY, 200)),
            Some(gate(ADMIN_ONLY, 400)),
        ),
        ("/admin/record/{id}/hold", None, Some(gate(ADMIN_ONLY, 400))),
        (
            "/admin/scenarios",
            Some(gate(ALL, 200)),
            Some(gate(CENTRAL, 422)),
        ),
        (
            "/admin/scenarios/{id}",
            Some(gate(ALL, 200)),
            Some(gate(CENTRAL, 422)),
        ),
        (
            "/admin/scenarios/{id}/autosave",
            None,
            Some(gate(CENTRAL, 409)),
        ),
        (
            "/admin/scenarios/{id}/autosave/discard",
            None,
            Some(gate(CENTRAL, 303)),
        ),
        ("/admin/search", Some(gate(ALL, 200)), None),
        (
            "/admin/surveys",
            Some(gate(ALL, 200)),
            Some(gate(CENTRAL, 422)),
        ),
        ("/admin/surveys/{id}", Some(gate(CENTRAL, 200)), None),
        ("/admin/surveys/{id}/close", None, Some(gate(CENTRAL, 404))),
        ("/admin/surveys/{id}/remind", None, Some(gate(CENTRAL, 404))),
        (
            "/admin/surveys/{id}/units/{unit}",
            Some(gate(ASKED, 200)),
            Some(gate(ASKED, 409)),
        ),
        ("/admin/units", None, Some(gate(ADMIN_ONLY, 422))),
        (
            "/admin/units/{id}/managers",
            None,
            Some(gate(ADMIN_ONLY, 404)),
        ),
        (
            "/admin/users",
            Some(gate(ADMIN_ONLY, 200)),
            Some(gate(ADMIN_ONLY, 422)),
        ),
        (
            "/admin/users/{id}",
            Some(gate(ADMIN_ONLY, 200)),
            Some(gate(ADMIN_ONLY, 422)),
        ),
        (
            "/admin/users/{id}/deactivate",
            None,
            Some(gate(ADMIN_ONLY, 404)),
        ),
        (
            "/admin/users/{id}/reactivate",
            None,
            Some(gate(ADMIN_ONLY, 404)),
        ),
        ("/admin/users/{id}/reset", None, Some(gate(ADMIN_ONLY, 404))),
    ];
    rows.into_iter()
        .map(|(pattern, get, post)| {
            let path = fill(pattern);
            let fields = match pattern {
                "/admin/posts/{id}/review" => vec![("step", "approve".to_owned())],
                "/admin/comments" => vec![
                    ("decision", "reject".to_owned()),
                    ("id", comment.to_string()),
                ],
                _ => Vec::new(),
            };
            let multipart = matches!(
                pattern,
                "/admin/media" | "/admin/channels/import" | "/admin/incidents/{id}/files"
            );
            let probe = Probe {
                path,
                get,
                post,
                fields,
                multipart,
            };
            (pattern, probe)
        })
        .collect()
}
