//! The demo organisation "Region Älvdal", from `demo/region-alvdal.toml`
//! (compiled in). Seeding is idempotent: it runs once per database. Post
//! dates are relative to today, so the demo always looks current; cover
//! pictures and portraits are generated (no downloads).

use anyhow::Context as _;
use lykta_app::posts::PostContent;
use lykta_app::App;
use lykta_domain::{Audience, BlogRole, Email, Language, Role, Slug};
use lykta_domain::{BlogId, CommentId};
use lykta_domain::{PostId, UnitId, UserId};
use lykta_store::{BlogInput, NewUser, Organisation, PageInput, PostInput, StateChange};
use serde::Deserialize;
use std::collections::HashMap;

const DATA: &str = include_str!("../demo/region-alvdal.toml");

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "lykta-demo-2026";

#[derive(Deserialize)]
struct Demo {
    organisation: Org,
    units: Vec<UnitData>,
    people: Vec<Person>,
    blogs: Vec<BlogData>,
    posts: Vec<PostData>,
    #[serde(default)]
    members: Vec<MemberData>,
    #[serde(default)]
    plan: Vec<PlanData>,
    #[serde(default)]
    channels: Vec<ChannelData>,
}

#[derive(Deserialize)]
struct ChannelData {
    platform: String,
    name: String,
    url: String,
    unit: String,
    owners: Vec<String>,
    purpose: String,
    goal: String,
    audience: String,
    cadence: String,
    status: String,
    days_since_activity: Option<i64>,
}

#[derive(Deserialize)]
struct PlanData {
    blog: String,
    title: String,
    theme: String,
    /// Months from today (negative: past).
    months: i32,
    day: u8,
    assignee: String,
    channels: Vec<String>,
    status: String,
}

#[derive(Deserialize)]
struct MemberData {
    blog: String,
    person: String,
    role: String,
    /// Access ends after this many days (guest bloggers).
    days: Option<i64>,
}

#[derive(Deserialize)]
struct Org {
    name: String,
    default_language: String,
    contact_email: String,
    contact_phone: String,
    accessibility_statement: String,
}

#[derive(Deserialize)]
struct UnitData {
    slug: String,
    name: String,
}

#[derive(Deserialize)]
struct Person {
    key: String,
    name: String,
    email: String,
    role: String,
    title: String,
    unit: String,
    bio: String,
    /// Manages their unit (follows its guideline reach and survey answers).
    #[serde(default)]
    manager: bool,
}

#[derive(Deserialize)]
struct BlogData {
    slug: String,
    name: String,
    tagline: String,
    language: String,
    audience: String,
    unit: String,
    purpose: String,
    goal: String,
    resources: String,
    engagement: String,
    #[serde(default)]
    requires_approval: bool,
    #[serde(default)]
    posts_per_month: i64,
    #[serde(default)]
    pages: Vec<PageData>,
}

#[derive(Deserialize)]
struct PageData {
    slug: String,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct PostData {
    blog: String,
    slug: String,
    title: String,
    authors: Vec<String>,
    tags: Vec<String>,
    months_ago: Option<u32>,
    day: Option<u8>,
    days_ahead: Option<i64>,
    state: String,
    excerpt: String,
    cover_alt: String,
    body: String,
}

/// A demo person as the permission check sees them now.
async fn actor(app: &App, id: UserId) -> anyhow::Result<lykta_domain::Actor> {
    let user = app.store.user(id).await?;
    Ok(app.store.actor(&user, app.now()).await?)
}

/// The accounts a newcomer can sign in with.
pub fn sign_in_help(base_url: &str) -> String {
    let demo: Result<Demo, _> = toml::from_str(DATA);
    let mut s = format!("Sign in at {base_url}/sign-in with password \"{DEMO_PASSWORD}\" as:\n");
    if let Ok(d) = demo {
        for p in d.people {
            s.push_str(&format!(
                "  {:<28} {} ({}, {})\n",
                p.email, p.name, p.title, p.role
            ));
        }
    }
    s
}

/// 09:00 Swedish time on `day` of the month `months_ago` months back from `now`.
fn date_months_ago(now: i64, months_ago: u32, day: u8) -> i64 {
    let today = lykta_domain::Timestamp(now).to_datetime().date();
    let mut year = today.year();
    let mut month = u8::from(today.month()) as i32 - months_ago as i32;
    while month < 1 {
        month += 12;
        year -= 1;
    }
    let month = time::Month::try_from(month as u8).unwrap_or(time::Month::January);
    let date = time::Date::from_calendar_date(year, month, day.clamp(1, 28)).unwrap_or(today);
    let t = date
        .with_hms(8, 0, 0)
        .map(|d| d.assume_utc().unix_timestamp())
        .unwrap_or(now);
    // Never in the future: a post "this month" dated later than today is moved to an hour ago.
    t.min(now - 3600)
}

/// Create the demo organisation unless it is already there. Returns whether it did.
pub async fn seed(app: &App) -> anyhow::Result<bool> {
    let store = &app.store;
    if store.organisation().await?.is_some() {
        return Ok(false);
    }
    let demo: Demo = toml::from_str(DATA).context("demo data")?;
    let now = app.now();
    let lang =
        Language::parse(&demo.organisation.default_language).map_err(|e| anyhow::anyhow!(e.key))?;
    let logo_alt = format!("{}s logotyp", demo.organisation.name);
    let logo = app
        .store_image(
            lykta_media::demo_image(999, 320, 320),
            &logo_alt,
            "logotyp.jpg",
            None,
        )
        .await?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .save_organisation(&Organisation {
            name: demo.organisation.name.clone(),
            default_language: lang,
            contact_email: demo.organisation.contact_email.clone(),
            contact_phone: demo.organisation.contact_phone.clone(),
            logo_media_id: Some(logo),
            accessibility_statement: demo.organisation.accessibility_statement.clone(),
            updated_at: now,
            logo_url: None,
        })
        .await?;
    let mut units = HashMap::new();
    for u in &demo.units {
        units.insert(
            u.slug.clone(),
            store.create_unit(&u.slug, &u.name, now).await?,
        );
    }
    let password =
        lykta_domain::Password::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!(e.key))?;
    let hash = lykta_app::secrets::hash_password_async(password).await?;
    let mut people = HashMap::new();
    let mut managers: HashMap<UnitId, Vec<UserId>> = HashMap::new();
    for (i, p) in demo.people.iter().enumerate() {
        let email =
            Email::parse(&p.email).map_err(|e| anyhow::anyhow!("{}: {}", p.email, e.key))?;
        let slug = Slug::normalise(&p.name).map_err(|e| anyhow::anyhow!(e.key))?;
        // "author" in the data: an employee who writes in the blogs of their posts.
        let role = if p.role == "author" {
            Role::Employee
        } else {
            Role::parse(&p.role).map_err(|e| anyhow::anyhow!(e.key))?
        };
        let u = NewUser {
            email: &email,
            slug: &slug,
            name: &p.name,
            role,
            title: &p.title,
            bio: &p.bio,
            unit_id: units.get(&p.unit).copied(),
            password_hash: Some(&hash),
        };
        let id = store.create_user(&u, now).await?;
        let alt = format!(
            "Abstrakt illustration som står i stället för ett porträtt av {}",
            p.name
        );
        let photo = app
            .store_image(
                lykta_media::demo_image(1000 + i as u64, 480, 480),
                &alt,
                "portratt.jpg",
                Some(id),
            )
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        store
            .update_profile(id, &p.name, &p.title, &p.bio, Some(photo), &alt, now)
            .await?;
        people.insert(p.key.clone(), id);
        if let (true, Some(unit)) = (p.manager, units.get(&p.unit)) {
            managers.entry(*unit).or_default().push(id);
        }
    }
    for (unit, ids) in &managers {
        store.set_unit_managers(*unit, ids).await?;
    }
    let admin = demo
        .people
        .iter()
        .find(|p| p.role == "admin")
        .and_then(|p| people.get(&p.key))
        .copied()
        .context("the demo data names no administrator")?;
    let mut blogs = HashMap::new();
    for b in &demo.blogs {
        let slug = Slug::normalise(&b.slug).map_err(|e| anyhow::anyhow!(e.key))?;
        let input = BlogInput {
            slug: &slug,
            name: &b.name,
            tagline: &b.tagline,
            language: Language::parse(&b.language).map_err(|e| anyhow::anyhow!(e.key))?,
            audience: Audience::parse(&b.audience).map_err(|e| anyhow::anyhow!(e.key))?,
            unit_id: units.get(&b.unit).copied(),
            purpose: &b.purpose,
            goal: &b.goal,
            resources: &b.resources,
            engagement: &b.engagement,
            requires_approval: b.requires_approval,
            posts_per_month: b.posts_per_month,
        };
        let id = store.create_blog(&input, now).await?;
        for (i, pg) in b.pages.iter().enumerate() {
            let s = Slug::normalise(&pg.slug).map_err(|e| anyhow::anyhow!(e.key))?;
            store
                .create_page(
                    id,
                    &PageInput {
                        slug: &s,
                        title: &pg.title,
                        body: &pg.body,
                        position: i as i64,
                        published: true,
                    },
                    admin,
                    now,
                )
                .await?;
        }
        blogs.insert(b.slug.clone(), id);
    }
    for (i, p) in demo.posts.iter().enumerate() {
        let blog = *blogs
            .get(&p.blog)
            .with_context(|| format!("post {}: unknown blog {}", p.slug, p.blog))?;
        let authors: Vec<UserId> = p
            .authors
            .iter()
            .map(|a| {
                people
                    .get(a)
                    .copied()
                    .with_context(|| format!("post {}: unknown person {a}", p.slug))
            })
            .collect::<anyhow::Result<_>>()?;
        let first = *authors
            .first()
            .with_context(|| format!("post {}: no author", p.slug))?;
        let when = match (p.months_ago, p.day) {
            (Some(m), Some(d)) => date_months_ago(now, m, d),
            _ => now - 3600,
        };
        let cover = app
            .store_image(
                lykta_media::demo_image(i as u64 + 1, 1200, 630),
                &p.cover_alt,
                "omslag.jpg",
                Some(first),
            )
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let tags: Vec<(Slug, String)> = p
            .tags
            .iter()
            .filter_map(|t| Slug::normalise(t).ok().map(|s| (s, t.clone())))
            .collect();
        let slug = Slug::normalise(&p.slug).map_err(|e| anyhow::anyhow!(e.key))?;
        let content = PostContent {
            slug,
            title: p.title.clone(),
            body: p.body.clone(),
            excerpt: p.excerpt.clone(),
            cover: Some((cover, p.cover_alt.clone())),
            tags,
            author_ids: authors.clone(),
        };
        // Whoever wrote a post is an author in that blog (roles below may raise it).
        for a in &authors {
            if store
                .memberships(*a, now)
                .await?
                .iter()
                .all(|m| m.blog_id != blog)
            {
                store
                    .set_member(blog, *a, BlogRole::Author, None, admin, now)
                    .await?;
            }
        }
        // Written, reviewed and published through the same rules as the forms.
        let writer = actor(app, first).await?;
        let id = app
            .at(when - 86_400)
            .create_post(&writer, blog, &content, false)
            .await
            .with_context(|| format!("post {}", p.slug))?;
        match p.state.as_str() {
            "published" => app
                .at(when)
                .change_post_state(&writer, id, StateChange::Publish)
                .await
                .with_context(|| format!("publishing {}", p.slug))?,
            "scheduled" => {
                let at = now + 86_400 * p.days_ahead.unwrap_or(3);
                app.change_post_state(&writer, id, StateChange::Schedule { at })
                    .await
                    .with_context(|| format!("scheduling {}", p.slug))?
            }
            // The demo's draft waits for the editor's review.
            "draft" => app
                .review_post(
                    &writer,
                    id,
                    lykta_domain::ReviewStep::Submit,
                    "Kan någon läsa igenom innan vi publicerar?",
                    None,
                )
                .await
                .with_context(|| format!("sending {} for review", p.slug))?,
            other => anyhow::bail!("post {}: unknown state {other}", p.slug),
        }
    }
    for m in &demo.members {
        let blog = *blogs
            .get(&m.blog)
            .with_context(|| format!("member: unknown blog {}", m.blog))?;
        let user = *people
            .get(&m.person)
            .with_context(|| format!("member: unknown person {}", m.person))?;
        let role = BlogRole::parse(&m.role).map_err(|e| anyhow::anyhow!(e.key))?;
        store
            .set_member(
                blog,
                user,
                role,
                m.days.map(|d| now + d * 86_400),
                admin,
                now,
            )
            .await?;
    }
    seed_team_work(app, &demo, &blogs, &people).await?;
    seed_dialogue(app, &blogs, &people).await?;
    seed_channels(app, &demo, &people).await?;
    seed_guidelines(app, &people).await?;
    seed_incidents(app, &people).await?;
    seed_survey(app, &people).await?;
    Ok(true)
}

/// The inventory survey sent to every unit; two have answered.
async fn seed_survey(app: &App, people: &HashMap<String, UserId>) -> anyhow::Result<()> {
    use lykta_domain::SurveyResult::{Good, Mixed, Poor, Unknown};
    let store = &app.store;
    let now = app.now();
    let (Some(&nora), Some(&per), Some(&maria)) =
        (people.get("nora"), people.get("per"), people.get("maria"))
    else {
        anyhow::bail!("the demo data lacks a blog or person this part needs");
    };
    let units = store.units().await?;
    let unit_ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
    let id = store
        .create_survey(
            &lykta_store::NewSurvey {
                title: "Vilka tjänster har ni provat?",
                intro: "Vilka sociala medier och andra tjänster har er enhet provat, till vad, och med vilket resultat? Ta med sådant ni har slutat med också.",
                closes_at: Some(now + 14 * 86_400),
                unit_ids: &unit_ids,
            },
            nora,
            now - 7 * 86_400,
        )
        .await?;
    let answers = [
        (
            "bild-och-funktionsmedicin",
            per,
            vec![
                (
                    "Instagram",
                    "Vardagen på röntgen, rekrytering",
                    Good,
                    "Många följare bland studenter.",
                ),
                (
                    "Facebook",
                    "Grupp för anhöriga och patienter",
                    Mixed,
                    "Mycket frågor som borde gå till 1177.",
                ),
                (
                    "YouTube",
                    "Filmer om hur en MR-undersökning går till",
                    Good,
                    "Patienter ser dem innan de kommer.",
                ),
                (
                    "TikTok",
                    "Rekrytering av undersköterskor",
                    Unknown,
                    "Har bett om ett konto.",
                ),
                (
                    "Snapchat",
                    "Provade 2022",
                    Poor,
                    "Ingen nådde fram; lades ned.",
                ),
            ],
        ),
        (
            "regionledningskontoret",
            maria,
            vec![
                (
                    "LinkedIn",
                    "Regiondirektörens inlägg om utvecklingen",
                    Good,
                    "",
                ),
                (
                    "Facebook",
                    "Regiondirektörens sida",
                    Poor,
                    "Stängd 2025, för lite dialog.",
                ),
            ],
        ),
    ];
    for (slug, by, rows) in answers {
        let Some(unit) = units.iter().find(|u| u.slug == slug) else {
            continue;
        };
        let rows: Vec<lykta_store::SurveyAnswer> = rows
            .into_iter()
            .map(
                |(service, used_for, result, comment)| lykta_store::SurveyAnswer {
                    response_id: 0,
                    service: service.into(),
                    used_for: used_for.into(),
                    result,
                    comment: comment.into(),
                },
            )
            .collect();
        store
            .save_survey_response(id, unit.id, 0, &rows, by, now - 3 * 86_400)
            .await?;
    }
    Ok(())
}

/// Three scenario playbooks and one incident handled with its checklist.
async fn seed_incidents(app: &App, people: &HashMap<String, UserId>) -> anyhow::Result<()> {
    let store = &app.store;
    let now = app.now();
    let (Some(&nora), Some(&leila)) = (people.get("nora"), people.get("leila")) else {
        anyhow::bail!("the demo data lacks a blog or person this part needs");
    };
    let playbooks = [
        (
            "Påhopp på fritiden",
            "En medarbetare hängs ut eller hotas i sociala medier, ofta kvällstid i en privat kanal.",
            "Ta det på allvar och fråga hur medarbetaren mår\nSpara skärmdumpar med datum och adress\nKontakta närmaste chef\nBedöm om det ska polisanmälas\nErbjud stöd från företagshälsovården",
            "Närmaste chef, kommunikationsavdelningen (010-123 45 10), säkerhetssamordnaren.",
            "**Till medarbetaren:** Vi står bakom dig. Du behöver inte svara själv – vi hjälper dig.",
        ),
        (
            "Ett inlägg sprids på fel sätt",
            "Ett av våra inlägg får plötsligt många arga kommentarer eller delas med en annan innebörd.",
            "Läs kommentarerna och förstå vad som har hänt\nBestäm om inlägget ska rättas, kompletteras eller ligga kvar\nSvara sakligt en gång och hänvisa till fakta\nInformera ledningen",
            "Kommunikationschefen, den som skrev inlägget.",
            "Tack för alla synpunkter. Vi förtydligar: …",
        ),
        (
            "Ett konto har kapats",
            "Inlägg som vi inte har skrivit, eller vi kommer inte in på kontot.",
            "Försök byta lösenord och logga ut alla sessioner\nAnmäl till plattformen\nVarna följarna från våra andra kanaler\nGå igenom vilka som haft åtkomst\nUppdatera kanalförteckningen",
            "IT-säkerhet, kommunikationsavdelningen.",
            "Vårt konto på … har kapats. Klicka inte på länkar därifrån. Vi arbetar med att få tillbaka det.",
        ),
    ];
    let mut first = None;
    for (title, triggers, steps, contacts, templates) in playbooks {
        let id = store
            .create_scenario(
                &lykta_store::ScenarioInput {
                    title,
                    triggers,
                    steps,
                    contacts,
                    templates,
                },
                nora,
                now - 60 * 86_400,
            )
            .await?;
        first.get_or_insert(id);
    }
    let incident = store
        .report_incident(
            &lykta_store::NewIncident {
                scenario_id: first,
                title: "Hånfulla kommentarer om nattpersonalen",
                description: "En bild från akutröntgen delades i en lokal grupp med nedsättande kommentarer om en kollega.",
                links: "https://www.facebook.com/groups/exempel/posts/123",
                reporter_id: leila,
                hide_name: true,
                sensitive: false,
            },
            now - 12 * 86_400,
        )
        .await?;
    app.attach_screenshot(
        incident,
        lykta_media::demo_image(77, 900, 600),
        "Skärmbild av inlägget i gruppen, med kollegans ansikte suddat",
        leila,
    )
    .await?
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for step in 0..3 {
        store
            .log_incident(
                incident,
                Some(step),
                "",
                nora,
                now - 12 * 86_400 + 3600 * (step + 1),
            )
            .await?;
    }
    store
        .close_incident(incident, "Kollegan fick stöd av chef och företagshälsovården. Gruppens administratör tog bort bilden. Ingen polisanmälan.", nora, now - 10 * 86_400)
        .await?;
    Ok(())
}

/// The second version's check questions.
const DEMO_QUESTIONS: &str = "Får du svara för regionen från ditt privata konto?
- Ja, om jag skriver var jag arbetar
* Nej, regionen svarar från sina egna konton

Är en kommentar på regionens blogg en allmän handling?
- Nej, bara e-post är allmän handling
* Ja, den kommer in till regionen och sparas
- Bara om den är positiv

Vad gör du om du hängs ut i sociala medier på fritiden?
- Svarar direkt för att rätta till det
* Kontaktar min chef och kommunikationsavdelningen
- Ingenting, det är privat";

/// The social-media guidelines in two versions; some have read and
/// acknowledged the one in force, some only the first.
async fn seed_guidelines(app: &App, people: &HashMap<String, UserId>) -> anyhow::Result<()> {
    let store = &app.store;
    let now = app.now();
    let anna = *people
        .get("anna")
        .context("the demo data lacks the person anna")?;
    let everyone = "Region Älvdal finns i sociala medier för att informera, föra dialog och visa hur det är att arbeta hos oss.\n\n- Var saklig, vänlig och tydlig.\n- Svara inom två arbetsdagar.\n- Lägg aldrig ut uppgifter om patienter.";
    let units = "En enhet som vill använda sociala medier i arbetet ber om en kanal i kanalförteckningen. Kommunikationsavdelningen godkänner.\n\n- Minst två ansvariga per konto.\n- Syfte, mål och målgrupp skrivs ned.\n- Kommentarer modereras enligt kommentarspolicyn.";
    let private = "Som privatperson har du yttrandefrihet och meddelarfrihet. Skriv i eget namn och låt bli att uttala dig för regionen.\n\n- Tystnadsplikten gäller även på fritiden.\n- Blir du utsatt för påhopp: kontakta din chef och kommunikationsavdelningen.";
    let v1 = store
        .create_guideline_draft(
            &lykta_store::GuidelineText {
                title: "Riktlinjer för sociala medier",
                for_everyone: everyone,
                for_units: units,
                for_private: private,
                questions: "",
            },
            anna,
            now - 200 * 86_400,
        )
        .await?;
    store
        .publish_guideline(v1, "Första versionen.", anna, now - 190 * 86_400)
        .await?;
    // Everyone but Mikael read and acknowledged the first version.
    let readers = ["anna", "sofia", "karin", "johan", "leila", "nora", "maria"];
    for user in readers.iter().filter_map(|k| people.get(*k)) {
        store
            .acknowledge_guideline(v1, *user, now - 180 * 86_400)
            .await?;
    }
    let v2 = store
        .create_guideline_draft(
            &lykta_store::GuidelineText {
                title: "Riktlinjer för sociala medier",
                for_everyone: &format!(
                    "{everyone}\n- Kommentarer till oss är allmänna handlingar och sparas."
                ),
                for_units: units,
                for_private: &format!("{private}\n- Vid hot: se scenariot \"Påhopp på fritiden\"."),
                questions: DEMO_QUESTIONS,
            },
            anna,
            now - 30 * 86_400,
        )
        .await?;
    store
        .publish_guideline(
            v2,
            "Kommentarer är allmänna handlingar; vad du gör vid hot på fritiden.",
            anna,
            now - 20 * 86_400,
        )
        .await?;
    // Johan and Leila have opened the second but not acknowledged it yet.
    for (key, acknowledged) in readers
        .iter()
        .map(|k| (k, !matches!(*k, "johan" | "leila")))
    {
        let Some(&user) = people.get(*key) else {
            continue;
        };
        if acknowledged {
            // Karin and Nora first thought comments were not public records.
            if matches!(*key, "karin" | "nora") {
                store
                    .record_guideline_answers(
                        v2,
                        user,
                        &[(0, true), (1, false), (2, true)],
                        now - 11 * 86_400,
                    )
                    .await?;
            }
            store
                .record_guideline_answers(
                    v2,
                    user,
                    &[(0, true), (1, true), (2, true)],
                    now - 10 * 86_400,
                )
                .await?;
            store
                .acknowledge_guideline(v2, user, now - 10 * 86_400)
                .await?;
        } else {
            store
                .mark_guideline_read(v2, user, now - 5 * 86_400)
                .await?;
        }
    }
    Ok(())
}

/// The channel inventory: accounts across units, a request waiting, and a
/// few that need looking at (one responsible person, quiet, no purpose).
async fn seed_channels(
    app: &App,
    demo: &Demo,
    people: &HashMap<String, UserId>,
) -> anyhow::Result<()> {
    let store = &app.store;
    let now = app.now();
    let units = store.units().await?;
    let admin = *people
        .get("anna")
        .context("the demo data lacks the person anna")?;
    for c in &demo.channels {
        let owners: Vec<UserId> = c
            .owners
            .iter()
            .filter_map(|k| people.get(k).copied())
            .collect();
        let input = lykta_store::ChannelInput {
            platform: lykta_domain::Platform::parse(&c.platform)
                .map_err(|e| anyhow::anyhow!(e.key))?,
            name: &c.name,
            url: &c.url,
            unit_id: units.iter().find(|u| u.slug == c.unit).map(|u| u.id),
            purpose: &c.purpose,
            goal: &c.goal,
            audience: &c.audience,
            cadence: &c.cadence,
            owner_ids: &owners,
            last_activity_at: c.days_since_activity.map(|d| now - d * 86_400),
        };
        let status =
            lykta_domain::ChannelStatus::parse(&c.status).map_err(|e| anyhow::anyhow!(e.key))?;
        let requester = owners.first().copied().unwrap_or(admin);
        store
            .create_channel(&input, status, requester, now - 400 * 86_400)
            .await?;
    }
    Ok(())
}

/// Comments: a job seeker's question answered by the team, another waiting
/// in the queue, a hateful one rejected (kept in the record with its
/// reason), and an employee's question on the director's internal blog.
async fn seed_dialogue(
    app: &App,
    blogs: &HashMap<String, BlogId>,
    people: &HashMap<String, UserId>,
) -> anyhow::Result<()> {
    use lykta_store::{CommentState, Decision, NewComment};
    let store = &app.store;
    let now = app.now();
    let post_titled = |blog: BlogId, prefix: &'static str| async move {
        Ok::<_, anyhow::Error>(
            store
                .posts_of_blog(blog)
                .await?
                .into_iter()
                .find(|p| p.post.title.starts_with(prefix))
                .map(|p| p.post.id),
        )
    };
    let (Some(&rontgen), Some(&director), Some(&sofia), Some(&nora), Some(&maria), Some(&leila)) = (
        blogs.get("rontgenbloggen"),
        blogs.get("regiondirektoren"),
        people.get("sofia"),
        people.get("nora"),
        people.get("maria"),
        people.get("leila"),
    ) else {
        anyhow::bail!("the demo data lacks a blog or person this part needs");
    };
    let comment = |post_id: PostId,
                   parent_id: Option<CommentId>,
                   user_id: Option<UserId>,
                   author_name: &'static str,
                   author_email: &'static str,
                   body: &'static str,
                   state: CommentState,
                   is_answer: bool| NewComment {
        post_id,
        parent_id,
        user_id,
        author_name,
        author_email,
        body,
        state,
        is_answer,
        client_hash: "demo",
    };
    if let Some(post) = post_titled(rontgen, "Vi söker kollegor").await? {
        let question = store
            .add_comment(&comment(post, None, None, "Amira", "amira@example.org", "Hej! Går det att få provtjänstgöra en dag innan man söker? Jag är färdig röntgensjuksköterska i juni.", CommentState::Pending, false), now - 3 * 86_400)
            .await?;
        store
            .moderate(
                &[question],
                &Decision {
                    to: CommentState::Published,
                    reason: "",
                    note: "",
                },
                nora,
                now - 3 * 86_400 + 3600,
            )
            .await?;
        store
            .add_comment(
                &comment(
                    post,
                    Some(question),
                    Some(sofia),
                    "Sofia Nyberg",
                    "sofia@alvdal.example",
                    "Hej Amira! Ja, hör av dig till mig så ordnar vi en dag hos oss – välkommen!",
                    CommentState::Published,
                    true,
                ),
                now - 2 * 86_400,
            )
            .await?;
        store
            .add_comment(
                &comment(
                    post,
                    None,
                    None,
                    "Jonas",
                    "jonas@example.org",
                    "Hur ser schemat ut på akutröntgen – jobbar man alla helger?",
                    CommentState::Pending,
                    false,
                ),
                now - 5 * 3600,
            )
            .await?;
        let hateful = store
            .add_comment(
                &comment(
                    post,
                    None,
                    None,
                    "Anonym",
                    "troll@example.org",
                    "Sådana som ni borde inte få jobba i vården. [nedsättande om en folkgrupp]",
                    CommentState::Pending,
                    false,
                ),
                now - 2 * 86_400,
            )
            .await?;
        store
            .moderate(
                &[hateful],
                &Decision {
                    to: CommentState::Rejected,
                    reason: "hate-speech",
                    note: "Avvisad enligt kommentarspolicyn.",
                },
                nora,
                now - 2 * 86_400 + 1800,
            )
            .await?;
    }
    if let Some(post) = post_titled(director, "Nästa års budget").await? {
        let q = store
            .add_comment(&comment(post, None, Some(leila), "Leila Haddad", "leila@alvdal.example", "Tack för en tydlig text! Betyder fler fasta tjänster att vi kan anställa fler undersköterskor på natten?", CommentState::Published, false), now - 86_400)
            .await?;
        store
            .add_comment(&comment(post, Some(q), Some(maria), "Maria Sandell", "maria@alvdal.example", "Bra fråga, Leila. Ja – nattbemanningen är en av de första sakerna vi tittar på. Din chef vet mer i januari.", CommentState::Published, true), now - 80_000)
            .await?;
    }
    Ok(())
}

/// The year plan (approved by the blog's reviewer), a discussion on the
/// draft waiting for review, and an invitation that waits for an answer.
async fn seed_team_work(
    app: &App,
    demo: &Demo,
    blogs: &HashMap<String, BlogId>,
    people: &HashMap<String, UserId>,
) -> anyhow::Result<()> {
    let store = &app.store;
    let now = app.now();
    let today = lykta_domain::stockholm_date(now);
    for item in &demo.plan {
        let blog = *blogs.get(&item.blog).context("plan: unknown blog")?;
        let mut month = i32::from(u8::from(today.month())) + item.months;
        let mut year = today.year();
        while month < 1 {
            month += 12;
            year -= 1;
        }
        while month > 12 {
            month -= 12;
            year += 1;
        }
        let month = time::Month::try_from(month as u8).unwrap_or(time::Month::January);
        let due =
            time::Date::from_calendar_date(year, month, item.day.clamp(1, 28)).unwrap_or(today);
        let status =
            lykta_domain::PlanStatus::parse(&item.status).map_err(|e| anyhow::anyhow!(e.key))?;
        let channels = item.channels.join(",");
        // An item being written links to the post of the same name.
        let post_id = store
            .posts_of_blog(blog)
            .await?
            .into_iter()
            .find(|p| p.post.title == item.title || p.post.title.starts_with(&item.title))
            .map(|p| p.post.id);
        let input = lykta_store::PlanInput {
            title: &item.title,
            theme: &item.theme,
            due_on: &lykta_domain::iso_date(due),
            assignee_id: people.get(&item.assignee).copied(),
            channels: &channels,
            status,
            post_id,
        };
        store.create_plan_item(blog, &input, now).await?;
    }
    let (Some(&blog), Some(&sofia), Some(&per), Some(&karin)) = (
        blogs.get("rontgenbloggen"),
        people.get("sofia"),
        people.get("per"),
        people.get("karin"),
    ) else {
        anyhow::bail!("the demo data lacks a blog or person this part needs");
    };
    let approval = store
        .request_plan_approval(blog, today.year(), sofia, now - 20 * 86_400)
        .await?;
    store
        .decide_plan_approval(
            blog,
            approval,
            lykta_domain::PlanApprovalState::Approved,
            "Bra plan. Lägg gärna rekryteringsinläggen före sommarens ansökningstid.",
            per,
            now - 18 * 86_400,
        )
        .await?;
    if let Some(draft) = store
        .posts_of_blog(blog)
        .await?
        .into_iter()
        .find(|p| p.post.workflow == lykta_domain::Workflow::InReview)
    {
        let note = store
            .add_note(
                draft.post.id,
                None,
                per,
                "Kan vi länka till 1177 om MR och ta med något om hörselskydd?",
                now - 3600,
            )
            .await?;
        store
            .add_note(
                draft.post.id,
                Some(note),
                karin,
                "Absolut, jag lägger till det i eftermiddag.",
                now - 1800,
            )
            .await?;
    }
    let email =
        Email::parse("ny.gastbloggare@alvdal.example").map_err(|e| anyhow::anyhow!(e.key))?;
    store
        .create_invitation(
            &lykta_store::NewInvitation {
                token_hash: &lykta_app::secrets::token_hash(&lykta_app::secrets::random_token()),
                email: &email,
                blog_id: blog,
                role: BlogRole::Guest,
                member_until: Some(now + 45 * 86_400),
                invited_by: sofia,
                expires_at: now + 14 * 86_400,
            },
            now,
        )
        .await?;
    Ok(())
}

/// Add `n` generated, published posts to Röntgenbloggen, spread over the past
/// years, reusing the demo's texts and tags. Shows a progress bar.
pub async fn generate(app: &App, n: usize) -> anyhow::Result<()> {
    let demo: Demo = toml::from_str(DATA).context("demo data")?;
    let store = &app.store;
    let blog = store
        .blog_id_by_slug("rontgenbloggen")
        .await?
        .context("the demo blog is missing")?;
    let users = store.users().await?;
    let sources: Vec<&PostData> = demo
        .posts
        .iter()
        .filter(|p| p.blog == "rontgenbloggen")
        .collect();
    let now = app.now();
    let bar = indicatif::ProgressBar::new(n as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{wide_bar} {pos}/{len} posts, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let start = store.posts_of_blog(blog).await?.len();
    for i in 0..n {
        let src = sources[i % sources.len()];
        let number = start + i + 1;
        let title = format!("{} ({number})", src.title);
        let slug = Slug::normalise(&title).map_err(|e| anyhow::anyhow!(e.key))?;
        let tags: Vec<(Slug, String)> = src
            .tags
            .iter()
            .filter_map(|t| Slug::normalise(t).ok().map(|s| (s, t.clone())))
            .collect();
        let author = users[i % users.len()].id;
        let input = PostInput {
            slug: &slug,
            title: &title,
            body: &src.body,
            excerpt: &src.excerpt,
            cover_media_id: None,
            cover_alt: "",
            tags: &tags,
            author_ids: &[author],
        };
        let when = now - 3600 * (i as i64 + 24);
        let id = store.create_post(blog, &input, author, when).await?;
        store
            .change_post_state(id, StateChange::Publish, author, when)
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}
