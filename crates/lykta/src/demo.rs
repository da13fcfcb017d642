//! The demo organisation "Region Älvdal", from the data files in `demo/`
//! (compiled in): `region-alvdal.toml` (the organisation, its units, people,
//! blogs, posts, teams, year plan and channels), `team.toml`,
//! `dialogue.toml`, `guidelines.toml`, `incidents.toml`, `survey.toml` and
//! `subscribers.toml`, and `international.toml` (the region's blog in
//! English, so the demo publishes in both languages).
//!
//! Everything is made through the application layer's use cases, by the
//! demo person who would do it in the admin, at the time it happened — so
//! the demo obeys the same rules as the forms, and a name in the data that
//! is not a demo person, blog, post or unit is an error. Seeding is
//! idempotent: it runs once per database. Dates are relative to today, so
//! the demo always looks current; pictures are generated (no downloads).
//! The mail the use cases queue on the way (invitations, guideline and
//! survey notices) belongs to the demo's past and counts as delivered: the
//! addresses are fictional, and no worker tries to send it.

use anyhow::{bail, Context as _};
use lykta_app::accounts::NewAccount;
use lykta_app::channels::{ChannelContent, ChannelDecision};
use lykta_app::comments::{Received, Sender, Submission, Verdict};
use lykta_app::incidents::{IncidentReport, Reported};
use lykta_app::organisation::Profile;
use lykta_app::plan::{PlanDecision, PlanItemContent};
use lykta_app::posts::{PageContent, PostContent};
use lykta_app::team::Joining;
use lykta_app::App;
use lykta_domain::{
    Actor, Audience, BlogRole, Document, Email, FieldErrors, Language, Password, PostState, Role,
    Slug,
};
use lykta_domain::{BlogId, PlanItemId, PostId, UnitId, UserId};
use lykta_store::{BlogInput, Organisation, StateChange};
use serde::Deserialize;
use std::collections::HashMap;

const DATA: &str = include_str!("../demo/region-alvdal.toml");
const TEAM: &str = include_str!("../demo/team.toml");
const DIALOGUE: &str = include_str!("../demo/dialogue.toml");
const GUIDELINES: &str = include_str!("../demo/guidelines.toml");
const INCIDENTS: &str = include_str!("../demo/incidents.toml");
const SURVEY: &str = include_str!("../demo/survey.toml");
const SUBSCRIBERS: &str = include_str!("../demo/subscribers.toml");
const INTERNATIONAL: &str = include_str!("../demo/international.toml");
const SPOKES: &str = include_str!("../demo/spokes.toml");

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "lykta-demo-2026";

const DAY: i64 = 86_400;

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

/// More blogs with their posts and teams, in a file of their own.
#[derive(Deserialize)]
struct MoreBlogs {
    blogs: Vec<BlogData>,
    posts: Vec<PostData>,
    #[serde(default)]
    members: Vec<MemberData>,
}

impl Demo {
    /// The demo data: `region-alvdal.toml` with the blogs of `international.toml` after its own.
    fn load() -> anyhow::Result<Demo> {
        let mut demo: Demo = toml::from_str(DATA).context("demo/region-alvdal.toml")?;
        let more: MoreBlogs = toml::from_str(INTERNATIONAL).context("demo/international.toml")?;
        demo.blogs.extend(more.blogs);
        demo.posts.extend(more.posts);
        demo.members.extend(more.members);
        Ok(demo)
    }

    /// The administrator: the first account, who sets up everything else.
    fn admin(&self) -> anyhow::Result<&Person> {
        self.people
            .iter()
            .find(|p| p.role == "admin")
            .context("the demo data names no administrator")
    }
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
    /// The post (by its address) this activity was written as.
    post: Option<String>,
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
    logo_alt: String,
    /// The generated portraits' description; `{name}` is the person's name.
    portrait_alt: String,
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
    /// Left the organisation this many days ago: the administrator
    /// deactivated the account then (it stays, and cannot sign in).
    #[serde(default)]
    left_days_ago: Option<i64>,
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
    /// A paragraph the administrator typed at the end in the editor and
    /// never saved: autosave keeps it, and the page's editor offers it back.
    #[serde(default)]
    unsaved: Option<String>,
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
    /// Who publishes or schedules it, when not its first author.
    published_by: Option<String>,
    excerpt: String,
    cover_alt: String,
    body: String,
}

#[derive(Deserialize)]
struct Team {
    review_request: String,
    plan_approval: PlanApproval,
    #[serde(default)]
    notes: Vec<NoteData>,
    #[serde(default)]
    invitations: Vec<InvitationData>,
}

#[derive(Deserialize)]
struct PlanApproval {
    blog: String,
    planner: String,
    requested_days_ago: i64,
    reviewer: String,
    decided_days_ago: i64,
    note: String,
}

#[derive(Deserialize)]
struct NoteData {
    post: String,
    by: String,
    minutes_ago: i64,
    /// Answers the note before it.
    #[serde(default)]
    reply: bool,
    text: String,
}

#[derive(Deserialize)]
struct InvitationData {
    blog: String,
    by: String,
    email: String,
    role: String,
    days: Option<i64>,
}

#[derive(Deserialize)]
struct Dialogue {
    comments: Vec<CommentData>,
}

#[derive(Deserialize)]
struct CommentData {
    post: String,
    /// A signed-in employee; else a reader with `name` and `email`.
    person: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    text: String,
    hours_ago: i64,
    /// "approve" or "reject" (with `reason` and `note`).
    decision: Option<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    decided_by: Option<String>,
    #[serde(default)]
    decided_after_minutes: i64,
    answer: Option<AnswerData>,
}

#[derive(Deserialize)]
struct AnswerData {
    by: String,
    hours_ago: i64,
    text: String,
}

#[derive(Deserialize)]
struct Guidelines {
    written_by: String,
    versions: Vec<VersionData>,
}

#[derive(Deserialize)]
struct VersionData {
    title: String,
    written_days_ago: i64,
    published_days_ago: i64,
    summary: String,
    for_everyone: String,
    for_units: String,
    for_private: String,
    questions: String,
    #[serde(default)]
    readings: Vec<ReadingData>,
}

#[derive(Deserialize)]
struct ReadingData {
    people: Vec<String>,
    days_ago: i64,
    /// The answer picked per check question.
    #[serde(default)]
    answers: Vec<usize>,
    acknowledged: bool,
}

#[derive(Deserialize)]
struct Incidents {
    written_by: String,
    scenarios: Vec<ScenarioData>,
    incidents: Vec<IncidentData>,
}

#[derive(Deserialize)]
struct ScenarioData {
    title: String,
    triggers: String,
    steps: String,
    contacts: String,
    templates: String,
    /// For the person who reports (threats: 112, the police).
    #[serde(default)]
    advice: String,
}

#[derive(Deserialize)]
struct IncidentData {
    scenario: Option<String>,
    title: String,
    description: String,
    links: String,
    reporter: String,
    hide_name: bool,
    days_ago: i64,
    screenshot_alt: String,
    handler: String,
    steps_done: i64,
    closed_days_ago: i64,
    closing_notes: String,
}

#[derive(Deserialize)]
struct SurveyData {
    title: String,
    intro: String,
    sent_by: String,
    days_ago: i64,
    closes_in_days: i64,
    answers: Vec<SurveyAnswerData>,
}

#[derive(Deserialize)]
struct SurveyAnswerData {
    unit: String,
    by: String,
    days_ago: i64,
    rows: Vec<SurveyRow>,
}

#[derive(Deserialize)]
struct SurveyRow {
    service: String,
    used_for: String,
    result: String,
    comment: String,
}

/// A value the data gives as text, parsed by its domain type.
fn parse<T>(r: Result<T, lykta_domain::Invalid>, what: &str) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("{what}: {}", e.key))
}

/// The accounts a newcomer can sign in with, each with what they do in the
/// demo: their organisation role, the blogs they edit, review, moderate,
/// write in or guest-write, and whether they manage their unit.
pub fn sign_in_help(base_url: &str) -> String {
    let mut s = format!("Sign in at {base_url}/sign-in with password \"{DEMO_PASSWORD}\" as:\n");
    let Ok(d) = Demo::load() else {
        return s;
    };
    let blog_name = |slug: &str| {
        d.blogs
            .iter()
            .find(|b| b.slug == slug)
            .map_or(slug.to_owned(), |b| b.name.clone())
    };
    for p in d.people.iter().filter(|p| p.left_days_ago.is_none()) {
        let mut does: Vec<String> = Vec::new();
        if p.role != "author" {
            does.push(p.role.clone());
        }
        for m in d.members.iter().filter(|m| m.person == p.key) {
            does.push(format!("{} of {}", m.role, blog_name(&m.blog)));
        }
        let mut wrote: Vec<&str> = d
            .posts
            .iter()
            .filter(|post| post.authors.contains(&p.key))
            .map(|post| post.blog.as_str())
            .collect();
        wrote.sort_unstable();
        wrote.dedup();
        for blog in wrote {
            if !d
                .members
                .iter()
                .any(|m| m.person == p.key && m.blog == blog)
            {
                does.push(format!("author in {}", blog_name(blog)));
            }
        }
        if p.manager {
            does.push("unit manager".into());
        }
        if does.is_empty() {
            does.push("employee".into());
        }
        s.push_str(&format!(
            "  {:<24} {} ({}) – {}\n",
            p.email,
            p.name,
            p.title,
            does.join(", ")
        ));
    }
    s
}

/// 09:00 Swedish time on `day` of the month `months_ago` months back from `now`.
fn date_months_ago(now: i64, months_ago: u32, day: u8) -> i64 {
    let date = month_from(now, -(months_ago as i32), day);
    let t = date
        .with_hms(8, 0, 0)
        .map(|d| d.assume_utc().unix_timestamp())
        .unwrap_or(now);
    // Never in the future: a post "this month" dated later than today is moved to an hour ago.
    t.min(now - 3600)
}

/// `day` of the month `months` from today's (negative: back).
fn month_from(now: i64, months: i32, day: u8) -> time::Date {
    let today = lykta_domain::stockholm_date(now);
    let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 + months;
    let month =
        time::Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(index.div_euclid(12), month, day.clamp(1, 28)).unwrap_or(today)
}

/// The demo as it is being made: who, what and where, by the data's names.
struct Seeding<'a> {
    app: &'a App,
    now: i64,
    people: HashMap<String, UserId>,
    units: HashMap<String, UnitId>,
    blogs: HashMap<String, BlogId>,
    posts: HashMap<String, PostId>,
}

impl Seeding<'_> {
    fn person(&self, key: &str) -> anyhow::Result<UserId> {
        self.people
            .get(key)
            .copied()
            .with_context(|| format!("the demo data names {key:?}, who is not a demo person"))
    }

    /// A demo person as the permission check sees them now.
    async fn actor(&self, key: &str) -> anyhow::Result<Actor> {
        let user = self.app.store.user(self.person(key)?).await?;
        Ok(self.app.store.actor(&user, self.now).await?)
    }

    fn unit(&self, slug: &str) -> anyhow::Result<UnitId> {
        self.units
            .get(slug)
            .copied()
            .with_context(|| format!("the demo data names the unit {slug:?}, which it lacks"))
    }

    fn blog(&self, slug: &str) -> anyhow::Result<BlogId> {
        self.blogs
            .get(slug)
            .copied()
            .with_context(|| format!("the demo data names the blog {slug:?}, which it lacks"))
    }

    fn post(&self, slug: &str) -> anyhow::Result<PostId> {
        self.posts
            .get(slug)
            .copied()
            .with_context(|| format!("the demo data names the post {slug:?}, which it lacks"))
    }

    /// The application as if it were `days` days ago.
    fn days_ago(&self, days: i64) -> App {
        self.app.at(self.now - days * DAY)
    }
}

/// Create the demo organisation unless it is already there. Returns whether it did.
pub async fn seed(app: &App) -> anyhow::Result<bool> {
    if app.store.organisation().await?.is_some() {
        return Ok(false);
    }
    let demo = Demo::load()?;
    let team: Team = toml::from_str(TEAM).context("demo/team.toml")?;
    let dialogue: Dialogue = toml::from_str(DIALOGUE).context("demo/dialogue.toml")?;
    let guidelines: Guidelines = toml::from_str(GUIDELINES).context("demo/guidelines.toml")?;
    let incidents: Incidents = toml::from_str(INCIDENTS).context("demo/incidents.toml")?;
    let survey: SurveyData = toml::from_str(SURVEY).context("demo/survey.toml")?;
    let subscribers: Subscribers = toml::from_str(SUBSCRIBERS).context("demo/subscribers.toml")?;
    let mut s = Seeding {
        app,
        now: app.now(),
        people: HashMap::new(),
        units: HashMap::new(),
        blogs: HashMap::new(),
        posts: HashMap::new(),
    };
    seed_organisation(&mut s, &demo).await?;
    seed_blogs(&mut s, &demo).await?;
    let plan = seed_plan(&s, &demo, &team).await?;
    seed_posts(&mut s, &demo, &team, &plan).await?;
    seed_team_work(&s, &team).await?;
    seed_dialogue(&s, &dialogue).await?;
    seed_channels(&s, &demo).await?;
    seed_spokes(&s, &demo).await?;
    seed_guidelines(&s, &guidelines).await?;
    seed_incidents(&s, &incidents).await?;
    seed_survey(&s, &survey).await?;
    seed_subscribers(&s, &subscribers).await?;
    let delivered = app.store.outbox(i64::MAX).await?;
    for m in delivered.iter().filter(|m| m.sent_at.is_none()) {
        app.store.mark_mail_sent(m.id, m.created_at).await?;
    }
    Ok(true)
}

/// The administrator (the first account, as `lykta user add` makes it),
/// who sets up the organisation, its units and everyone's accounts; each
/// person then writes their own profile.
async fn seed_organisation(s: &mut Seeding<'_>, demo: &Demo) -> anyhow::Result<()> {
    let app = s.app;
    let password = parse(Password::parse(DEMO_PASSWORD), "password")?;
    let admin_data = demo.admin()?;
    let mut admin = None;
    for p in std::iter::once(admin_data).chain(demo.people.iter().filter(|p| p.role != "admin")) {
        let email = parse(Email::parse(&p.email), &p.email)?;
        // "author" in the data: an employee who writes in the blogs of their posts.
        let role = match p.role.as_str() {
            "author" => Role::Employee,
            r => parse(Role::parse(r), &p.key)?,
        };
        let account = NewAccount {
            email: &email,
            name: &p.name,
            role,
            title: &p.title,
            password: password.clone(),
            unit: s.units.get(&p.unit).copied(),
        };
        let id = app
            .add_account(admin.as_ref(), account)
            .await
            .with_context(|| format!("account for {}", p.key))?;
        s.people.insert(p.key.clone(), id);
        if admin.is_none() {
            let actor = s.actor(&p.key).await?;
            seed_settings(s, demo, &actor).await?;
            app.move_to_unit(&actor, id, Some(s.unit(&p.unit)?))
                .await
                .context("the administrator's unit")?;
            admin = Some(actor);
        }
    }
    let admin = admin.context("no administrator")?;
    let mut managers: HashMap<UnitId, Vec<UserId>> = HashMap::new();
    for (i, p) in demo.people.iter().enumerate() {
        let me = s.actor(&p.key).await?;
        let alt = demo.organisation.portrait_alt.replace("{name}", &p.name);
        let photo = app
            .store_image(
                lykta_media::demo_image(1000 + i as u64, 480, 480),
                &alt,
                "portratt.jpg",
                Some(me.user_id),
            )
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let profile = Profile {
            name: Some(p.name.clone()),
            title: Some(p.title.clone()),
            bio: Some(p.bio.clone()),
            photo: Some(photo),
            photo_alt: Some(alt),
            language: None,
            password: None,
            errors: FieldErrors::default(),
        };
        app.save_profile(&me, profile)
            .await
            .with_context(|| format!("profile of {}", p.key))?;
        if p.manager {
            managers
                .entry(s.unit(&p.unit)?)
                .or_default()
                .push(me.user_id);
        }
    }
    for (unit, ids) in &managers {
        app.set_unit_managers(&admin, *unit, ids)
            .await
            .context("unit managers")?;
    }
    for p in &demo.people {
        if let Some(days) = p.left_days_ago {
            app.at(s.now - days * DAY)
                .set_person_active(&admin, s.person(&p.key)?, false)
                .await
                .with_context(|| format!("deactivating {}", p.key))?;
        }
    }
    Ok(())
}

/// The organisation's settings (with its logo) and its units.
async fn seed_settings(s: &mut Seeding<'_>, demo: &Demo, admin: &Actor) -> anyhow::Result<()> {
    let app = s.app;
    let o = &demo.organisation;
    let logo = app
        .store_image(
            lykta_media::demo_image(999, 320, 320),
            &o.logo_alt,
            "logotyp.jpg",
            Some(admin.user_id),
        )
        .await?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let org = Organisation {
        name: o.name.clone(),
        default_language: parse(Language::parse(&o.default_language), "default_language")?,
        contact_email: o.contact_email.clone(),
        contact_phone: o.contact_phone.clone(),
        logo_media_id: Some(logo),
        accessibility_statement: o.accessibility_statement.clone(),
        updated_at: s.now,
        logo_url: None,
    };
    app.save_organisation(admin, Some(org), FieldErrors::default())
        .await
        .context("the organisation's settings")?;
    for u in &demo.units {
        let id = app
            .add_unit(admin, &u.name)
            .await
            .with_context(|| format!("unit {}", u.slug))?;
        let made = app.store.units().await?;
        if made.iter().all(|m| m.id != id || m.slug != u.slug) {
            bail!("unit {:?} gets another address than {:?}", u.name, u.slug);
        }
        s.units.insert(u.slug.clone(), id);
    }
    Ok(())
}

/// How a demo person joins a team.
fn joining(email: &str, role: BlogRole, days: Option<i64>) -> anyhow::Result<Joining> {
    Ok(Joining {
        email: Some(parse(Email::parse(email), email)?),
        role: Some(role),
        days: days.map(|d| d.to_string()).unwrap_or_default(),
        fields: ("email", "role", "days"),
        errors: FieldErrors::default(),
    })
}

fn email_of<'d>(demo: &'d Demo, key: &str) -> anyhow::Result<&'d str> {
    demo.people
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.email.as_str())
        .with_context(|| format!("the demo data names {key:?}, who is not a demo person"))
}

/// The blogs with their pages and teams: whoever writes a post is an author
/// in its blog, and `[[members]]` gives the other roles.
async fn seed_blogs(s: &mut Seeding<'_>, demo: &Demo) -> anyhow::Result<()> {
    let app = s.app;
    let admin = s.actor(&demo.admin()?.key).await?;
    for b in &demo.blogs {
        let slug = parse(Slug::normalise(&b.slug), &b.slug)?;
        let input = BlogInput {
            slug: &slug,
            name: &b.name,
            tagline: &b.tagline,
            language: parse(Language::parse(&b.language), &b.slug)?,
            audience: parse(Audience::parse(&b.audience), &b.slug)?,
            unit_id: Some(s.unit(&b.unit)?),
            purpose: &b.purpose,
            goal: &b.goal,
            resources: &b.resources,
            engagement: &b.engagement,
            requires_approval: b.requires_approval,
            posts_per_month: b.posts_per_month,
        };
        let id = app
            .create_blog(&admin, Ok(&input))
            .await
            .with_context(|| format!("blog {}", b.slug))?;
        for (i, pg) in b.pages.iter().enumerate() {
            let page = PageContent {
                slug: parse(Slug::normalise(&pg.slug), &pg.slug)?,
                title: pg.title.clone(),
                body: pg.body.clone(),
                position: i as i64,
                published: true,
            };
            let page_id = app
                .save_page(&admin, id, None, &page)
                .await
                .with_context(|| format!("page {}", pg.slug))?;
            if let Some(paragraph) = &pg.unsaved {
                let doc = Document::Page(page_id);
                let typed = format!("{}\n\n{paragraph}", pg.body);
                let text = doc.parse_text(|f| match f {
                    "title" => pg.title.as_str(),
                    "body" => typed.as_str(),
                    _ => "",
                });
                let version = app.store.page(page_id).await?.version;
                app.autosave(&admin, doc, version, text)
                    .await
                    .with_context(|| format!("typing kept on page {}", pg.slug))?;
            }
        }
        s.blogs.insert(b.slug.clone(), id);
    }
    for m in &demo.members {
        let role = parse(BlogRole::parse(&m.role), &m.role)?;
        let j = joining(email_of(demo, &m.person)?, role, m.days)?;
        app.set_member(&admin, s.blog(&m.blog)?, j)
            .await
            .with_context(|| format!("{} in {}", m.person, m.blog))?;
    }
    for p in &demo.posts {
        let blog = s.blog(&p.blog)?;
        for a in &p.authors {
            let member = s.actor(a).await?.role_in(blog).is_some();
            if !member {
                let j = joining(email_of(demo, a)?, BlogRole::Author, None)?;
                app.set_member(&admin, blog, j)
                    .await
                    .with_context(|| format!("{a} in {}", p.blog))?;
            }
        }
    }
    Ok(())
}

/// The year plan, entered by the planner well before each activity is
/// due. Returns the items that are written as a post, by the post's address.
async fn seed_plan(
    s: &Seeding<'_>,
    demo: &Demo,
    team: &Team,
) -> anyhow::Result<HashMap<String, (BlogId, PlanItemId, lykta_domain::PlanStatus)>> {
    let planner = s.actor(&team.plan_approval.planner).await?;
    let mut written = HashMap::new();
    for item in &demo.plan {
        let blog = s.blog(&item.blog)?;
        let due = month_from(s.now, item.months, item.day);
        let status = parse(lykta_domain::PlanStatus::parse(&item.status), &item.title)?;
        let channels = item
            .channels
            .iter()
            .map(|c| parse(lykta_domain::Channel::parse(c), c))
            .collect::<anyhow::Result<_>>()?;
        let content = PlanItemContent {
            title: item.title.clone(),
            theme: item.theme.clone(),
            due_on: due,
            assignee_id: Some(s.person(&item.assignee)?),
            channels,
            // An activity written as a post is planned first; writing it changes that.
            status: if item.post.is_some() {
                lykta_domain::PlanStatus::Planned
            } else {
                status
            },
        };
        // Entered a month before it was due, and before the plan went for approval.
        let due_at = lykta_domain::stockholm_instant(due, 9, 0);
        let entered =
            (due_at - 30 * DAY).min(s.now - (team.plan_approval.requested_days_ago + 1) * DAY);
        let id = s
            .app
            .at(entered)
            .create_plan_item(&planner, blog, &content)
            .await
            .with_context(|| format!("plan item {}", item.title))?;
        if let Some(post) = &item.post {
            written.insert(post.clone(), (blog, id, status));
        }
    }
    Ok(written)
}

/// The posts, written by their authors, and published, scheduled or sent
/// for review as the data says. A post of the year plan is started from
/// its plan item ("write the post"), as the planner would.
async fn seed_posts(
    s: &mut Seeding<'_>,
    demo: &Demo,
    team: &Team,
    plan: &HashMap<String, (BlogId, PlanItemId, lykta_domain::PlanStatus)>,
) -> anyhow::Result<()> {
    let app = s.app;
    let now = s.now;
    let planner = s.actor(&team.plan_approval.planner).await?;
    for (i, p) in demo.posts.iter().enumerate() {
        let blog = s.blog(&p.blog)?;
        let authors: Vec<UserId> = p
            .authors
            .iter()
            .map(|a| s.person(a))
            .collect::<anyhow::Result<_>>()?;
        let first = p
            .authors
            .first()
            .with_context(|| format!("post {}: no author", p.slug))?;
        let writer = s.actor(first).await?;
        let when = match (p.months_ago, p.day) {
            (Some(m), Some(d)) => date_months_ago(now, m, d),
            _ => now - 3600,
        };
        let cover = app
            .store_image(
                lykta_media::demo_image(i as u64 + 1, 1200, 630),
                &p.cover_alt,
                "omslag.jpg",
                Some(writer.user_id),
            )
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let tags: Vec<(Slug, String)> = p
            .tags
            .iter()
            .map(|t| Ok((parse(Slug::normalise(t), t)?, t.clone())))
            .collect::<anyhow::Result<_>>()?;
        let content = PostContent {
            slug: parse(Slug::normalise(&p.slug), &p.slug)?,
            title: p.title.clone(),
            body: p.body.clone(),
            excerpt: p.excerpt.clone(),
            cover: Some((cover, p.cover_alt.clone())),
            tags,
            author_ids: authors,
            comments_enabled: true,
        };
        let written = app.at(when - DAY);
        let id = match plan.get(&p.slug) {
            Some((plan_blog, item, _)) => {
                let id = written
                    .write_plan_post(&planner, *plan_blog, *item)
                    .await
                    .with_context(|| format!("writing {} from the plan", p.slug))?;
                let version = app.store.post(id).await?.post.version;
                written
                    .save_post(
                        &writer,
                        id,
                        version,
                        &content,
                        &lykta_app::posts::Intent::Save,
                    )
                    .await
                    .with_context(|| format!("post {}", p.slug))?;
                id
            }
            None => written
                .create_post(&writer, blog, &content, false)
                .await
                .with_context(|| format!("post {}", p.slug))?,
        };
        let publisher = match &p.published_by {
            Some(key) => s.actor(key).await?,
            None => writer.clone(),
        };
        match p.state.as_str() {
            "published" => app
                .at(when)
                .change_post_state(&publisher, id, StateChange::Publish)
                .await
                .with_context(|| format!("publishing {}", p.slug))?,
            "scheduled" => {
                let at = now + DAY * p.days_ahead.unwrap_or(3);
                app.change_post_state(&publisher, id, StateChange::Schedule { at })
                    .await
                    .with_context(|| format!("scheduling {}", p.slug))?
            }
            // The demo's draft waits for the editor's review.
            "draft" => app
                .review_post(
                    &writer,
                    id,
                    lykta_domain::ReviewStep::Submit,
                    &team.review_request,
                    None,
                )
                .await
                .with_context(|| format!("sending {} for review", p.slug))?,
            other => bail!("post {}: unknown state {other}", p.slug),
        }
        // The activity is done once its post is out.
        if let Some((plan_blog, item, status)) = plan.get(&p.slug) {
            if *status != lykta_domain::PlanStatus::Writing {
                let stored = app.store.plan_item(*item).await?;
                let content = PlanItemContent {
                    title: stored.title,
                    theme: stored.theme,
                    due_on: parse(
                        lykta_domain::parse_date(&stored.due_on),
                        "a stored plan date",
                    )?,
                    assignee_id: stored.assignee_id,
                    channels: stored
                        .channels
                        .split(',')
                        .map(|c| parse(lykta_domain::Channel::parse(c), c))
                        .collect::<anyhow::Result<_>>()?,
                    status: *status,
                };
                app.at(when)
                    .update_plan_item(&planner, *plan_blog, *item, stored.version, &content)
                    .await
                    .with_context(|| format!("plan item of {}", p.slug))?;
            }
        }
        s.posts.insert(p.slug.clone(), id);
    }
    Ok(())
}

/// The year plan sent for approval and approved, notes on the draft
/// waiting for review, and invitations that wait for an answer.
async fn seed_team_work(s: &Seeding<'_>, team: &Team) -> anyhow::Result<()> {
    let a = &team.plan_approval;
    let blog = s.blog(&a.blog)?;
    let year = lykta_domain::stockholm_date(s.now).year();
    s.days_ago(a.requested_days_ago)
        .request_plan_approval(&s.actor(&a.planner).await?, blog, Some(year))
        .await
        .context("sending the plan for approval")?;
    let approval = s
        .app
        .store
        .plan_approvals(blog, year)
        .await?
        .into_iter()
        .find(|p| p.state == lykta_domain::PlanApprovalState::Pending)
        .context("the plan's approval request")?;
    s.days_ago(a.decided_days_ago)
        .decide_plan_approval(
            &s.actor(&a.reviewer).await?,
            blog,
            approval.id,
            Some(PlanDecision::Approve),
            &a.note,
        )
        .await
        .context("approving the plan")?;
    let mut thread = None;
    for n in &team.notes {
        let post = s.post(&n.post)?;
        let parent = if n.reply { thread } else { None };
        let id = s
            .app
            .at(s.now - n.minutes_ago * 60)
            .add_note(&s.actor(&n.by).await?, post, parent, &n.text)
            .await
            .with_context(|| format!("note by {}", n.by))?;
        thread = parent.or(Some(id));
    }
    for i in &team.invitations {
        let role = parse(BlogRole::parse(&i.role), &i.role)?;
        s.app
            .invite(
                &s.actor(&i.by).await?,
                s.blog(&i.blog)?,
                joining(&i.email, role, i.days)?,
            )
            .await
            .with_context(|| format!("inviting {}", i.email))?;
    }
    Ok(())
}

/// Comments as readers and employees wrote them, decided by moderators
/// and answered by the team, each at its time.
async fn seed_dialogue(s: &Seeding<'_>, d: &Dialogue) -> anyhow::Result<()> {
    for (i, c) in d.comments.iter().enumerate() {
        let post = s.app.store.post(s.post(&c.post)?).await?;
        let blog = s.app.store.blog(post.post.blog_id).await?;
        let written = s.app.at(s.now - c.hours_ago * 3600);
        let staff = match &c.person {
            Some(key) => {
                let actor = s.actor(key).await?;
                let user = s.app.store.user(actor.user_id).await?;
                Some((actor, user))
            }
            None => None,
        };
        let sender = match &staff {
            Some((actor, user)) => Sender::Staff {
                actor,
                name: &user.name,
                email: &user.email,
            },
            None => Sender::Reader {
                name: &c.name,
                email: &c.email,
            },
        };
        let submission = Submission {
            sender,
            // Each from its own address (documentation range).
            client: std::net::IpAddr::from([192, 0, 2, 10 + i as u8]),
            text: &c.text,
            reply_to: None,
            honeypot: false,
        };
        let id = match written
            .receive_comment(&blog, &post, &submission)
            .await
            .with_context(|| format!("comment on {}", c.post))?
        {
            Received::Published(id) | Received::Held(id) => id,
        };
        if let Some(decision) = &c.decision {
            let verdict = Verdict::from_form(decision, "");
            let by = c
                .decided_by
                .as_deref()
                .context("a decided comment names no moderator")?;
            written
                .at(s.now - c.hours_ago * 3600 + c.decided_after_minutes * 60)
                .decide_comments(&s.actor(by).await?, &[id], verdict, &c.reason, &c.note)
                .await
                .with_context(|| format!("deciding on a comment on {}", c.post))?;
        }
        if let Some(a) = &c.answer {
            let actor = s.actor(&a.by).await?;
            let user = s.app.store.user(actor.user_id).await?;
            s.app
                .at(s.now - a.hours_ago * 3600)
                .answer_comment(&actor, &user.name, &user.email, id, &a.text)
                .await
                .with_context(|| format!("answering a comment on {}", c.post))?;
        }
    }
    Ok(())
}

/// The channel inventory: each channel asked for by its first owner (a
/// communicator's is active at once, anyone else's is approved by the
/// administrator), then paused or closed where the data says so.
async fn seed_channels(s: &Seeding<'_>, demo: &Demo) -> anyhow::Result<()> {
    let admin = s.actor(&demo.admin()?.key).await?;
    let asked = s.app.at(s.now - 400 * DAY);
    for c in &demo.channels {
        let owners: Vec<UserId> = c
            .owners
            .iter()
            .map(|k| s.person(k))
            .collect::<anyhow::Result<_>>()?;
        let content = ChannelContent {
            platform: parse(lykta_domain::Platform::parse(&c.platform), &c.platform)?,
            name: c.name.clone(),
            url: c.url.clone(),
            unit_id: Some(s.unit(&c.unit)?),
            purpose: c.purpose.clone(),
            goal: c.goal.clone(),
            audience: c.audience.clone(),
            cadence: c.cadence.clone(),
            owners,
            last_activity_at: c.days_since_activity.map(|d| s.now - d * DAY),
        };
        let wanted = parse(lykta_domain::ChannelStatus::parse(&c.status), &c.status)?;
        let requester = match c.owners.first() {
            Some(k) => s.actor(k).await?,
            None => admin.clone(),
        };
        let id = asked
            .add_channel(&requester, &content)
            .await
            .with_context(|| format!("channel {}", c.name))?;
        use lykta_domain::ChannelStatus::{Active, Requested};
        if wanted == Requested {
            continue;
        }
        if s.app.store.channel(id).await?.status == Requested {
            asked
                .decide_channel(&admin, id, ChannelDecision::Approve, "")
                .await
                .with_context(|| format!("approving {}", c.name))?;
        }
        if wanted != Active {
            let version = s.app.store.channel(id).await?.version;
            asked
                .edit_channel(&admin, id, version, wanted, &content)
                .await
                .with_context(|| format!("channel {}", c.name))?;
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Spokes {
    post: String,
    channels: Vec<SpokeData>,
    replies: Vec<SpokeReply>,
}

#[derive(Deserialize)]
struct SpokeData {
    platform: String,
    name: String,
    server: String,
    account: String,
    account_url: String,
    remote_id: Option<String>,
    remote_url: Option<String>,
    #[serde(default)]
    problem: String,
}

#[derive(Deserialize)]
struct SpokeReply {
    platform: String,
    remote_id: String,
    handle: String,
    display_name: String,
    url: String,
    text: String,
}

/// Channels connected (stand-ins for the platforms), one post sent to
/// three of them with what each answered, and replies from two platforms
/// taken into the moderation queue and the record — all through the
/// application's functions for exactly that.
async fn seed_spokes(s: &Seeding<'_>, demo: &Demo) -> anyhow::Result<()> {
    let data: Spokes = toml::from_str(SPOKES).context("demo/spokes.toml")?;
    let admin = s.actor(&demo.admin()?.key).await?;
    let post = s.post(&data.post)?;
    let channels = s.app.store.channels(&[]).await?;
    let sent_at = s.app.at(s.now - 2 * DAY);
    let mut deliveries = Vec::new();
    for c in &data.channels {
        let id = channels
            .iter()
            .find(|x| x.platform.as_str() == c.platform && x.name == c.name)
            .with_context(|| format!("demo/spokes.toml names the channel {}", c.name))?
            .id;
        sent_at
            .connect_channel_for_demo(&admin, id, &c.server, &c.account, &c.account_url)
            .await?;
        let remote = c.remote_id.as_deref().zip(c.remote_url.as_deref());
        let d = sent_at
            .record_delivery_for_demo(post, id, remote, &c.problem)
            .await?;
        deliveries.push((c.platform.as_str(), d));
    }
    let answered = s.app.at(s.now - DAY);
    for r in &data.replies {
        let (_, d) = deliveries
            .iter()
            .find(|(p, _)| *p == r.platform)
            .with_context(|| format!("demo/spokes.toml: no {} copy to answer", r.platform))?;
        let reply = lykta_app::spokes::Reply {
            remote_id: r.remote_id.clone(),
            handle: r.handle.clone(),
            display_name: r.display_name.clone(),
            url: r.url.clone(),
            text: r.text.clone(),
        };
        answered.take_reply_for_demo(*d, &reply).await?;
    }
    Ok(())
}

/// The guidelines version by version: written, put in force, then read
/// (and acknowledged, answering the check questions) by the people the
/// data names.
async fn seed_guidelines(s: &Seeding<'_>, g: &Guidelines) -> anyhow::Result<()> {
    let author = s.actor(&g.written_by).await?;
    for v in &g.versions {
        let written = s.days_ago(v.written_days_ago);
        let id = written
            .start_guideline_draft(&author, &v.title)
            .await
            .context("a new guideline draft")?;
        let version = s.app.store.guideline_version(id).await?.version;
        let text = lykta_store::GuidelineText {
            title: &v.title,
            for_everyone: &v.for_everyone,
            for_units: &v.for_units,
            for_private: &v.for_private,
            questions: &v.questions,
        };
        written
            .save_guideline_draft(&author, id, version, &text)
            .await
            .context("a guideline draft")?;
        s.days_ago(v.published_days_ago)
            .publish_guideline(&author, id, &v.summary)
            .await
            .context("putting guidelines in force")?;
        for r in &v.readings {
            let then = s.days_ago(r.days_ago);
            for key in &r.people {
                let me = s.actor(key).await?;
                then.read_guideline(&me, id)
                    .await
                    .with_context(|| format!("{key} reading the guidelines"))?;
                if r.acknowledged || !r.answers.is_empty() {
                    let chosen: Vec<Option<usize>> = r.answers.iter().map(|a| Some(*a)).collect();
                    let outcome = then
                        .acknowledge_guideline(&me, id, &chosen)
                        .await
                        .with_context(|| format!("{key} acknowledging the guidelines"))?;
                    let done = outcome == lykta_app::guidelines::Acknowledgement::Acknowledged;
                    if done != r.acknowledged {
                        bail!("guidelines: {key}'s answers do not give what the data says");
                    }
                }
            }
        }
    }
    Ok(())
}

/// Scenario playbooks, and incidents reported, handled step by step and closed.
async fn seed_incidents(s: &Seeding<'_>, d: &Incidents) -> anyhow::Result<()> {
    let mut scenarios = HashMap::new();
    for sc in &d.scenarios {
        let input = lykta_store::ScenarioInput {
            title: &sc.title,
            triggers: &sc.triggers,
            steps: &sc.steps,
            contacts: &sc.contacts,
            templates: &sc.templates,
            advice: &sc.advice,
        };
        let id = s
            .days_ago(60)
            .create_scenario(&s.actor(&d.written_by).await?, &input)
            .await
            .with_context(|| format!("scenario {}", sc.title))?;
        scenarios.insert(sc.title.as_str(), id);
    }
    for i in &d.incidents {
        let scenario = match &i.scenario {
            Some(t) => Some(
                *scenarios
                    .get(t.as_str())
                    .with_context(|| format!("incident {}: no scenario {t}", i.title))?,
            ),
            None => None,
        };
        let reporter = s.actor(&i.reporter).await?;
        let name = s.app.store.user(reporter.user_id).await?.name;
        let report = IncidentReport {
            scenario,
            title: &i.title,
            description: &i.description,
            links: &i.links,
            hide_name: i.hide_name,
            sensitive: false,
            confirmed: false,
        };
        let reported = s.days_ago(i.days_ago);
        let Reported::Reported(id) = reported
            .report_incident(&reporter, &name, &report)
            .await
            .with_context(|| format!("incident {}", i.title))?
        else {
            bail!("incident {}: the text names its reporter", i.title);
        };
        reported
            .attach_screenshot(
                id,
                lykta_media::demo_image(77, 900, 600),
                &i.screenshot_alt,
                reporter.user_id,
            )
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let handler = s.actor(&i.handler).await?;
        for step in 0..i.steps_done {
            s.app
                .at(s.now - i.days_ago * DAY + 3600 * (step + 1))
                .log_incident(&handler, id, Some(step), "")
                .await
                .with_context(|| format!("incident {}: step {step}", i.title))?;
        }
        s.days_ago(i.closed_days_ago)
            .close_incident(&handler, id, &i.closing_notes)
            .await
            .with_context(|| format!("closing incident {}", i.title))?;
    }
    Ok(())
}

/// The inventory survey sent to every unit, and the units' answers.
async fn seed_survey(s: &Seeding<'_>, d: &SurveyData) -> anyhow::Result<()> {
    let units = s.app.store.units().await?;
    let sent = s.days_ago(d.days_ago);
    let request = lykta_app::surveys::SurveyRequest {
        title: Some(d.title.clone()),
        intro: Some(d.intro.clone()),
        closes_on: Some(lykta_domain::stockholm_date(s.now + d.closes_in_days * DAY)),
        units: units.iter().map(|u| u.id).collect(),
        errors: FieldErrors::default(),
    };
    let id = sent
        .create_survey(&s.actor(&d.sent_by).await?, request)
        .await
        .context("the survey")?;
    for a in &d.answers {
        let rows = a
            .rows
            .iter()
            .map(|r| {
                Ok(lykta_store::SurveyAnswer {
                    response_id: 0,
                    service: r.service.clone(),
                    used_for: r.used_for.clone(),
                    result: parse(lykta_domain::SurveyResult::parse(&r.result), &r.result)?,
                    comment: r.comment.clone(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        s.days_ago(a.days_ago)
            .answer_survey(&s.actor(&a.by).await?, id, s.unit(&a.unit)?, 0, &rows)
            .await
            .with_context(|| format!("the survey answer of {}", a.unit))?;
    }
    Ok(())
}

/// Add `n` generated, published posts to Röntgenbloggen, spread over the past
/// years, reusing the demo's texts and tags, by its team in turn. Shows a
/// progress bar.
pub async fn generate(app: &App, n: usize) -> anyhow::Result<()> {
    let demo: Demo = toml::from_str(DATA).context("demo data")?;
    let store = &app.store;
    let blog = store
        .blog_id_by_slug("rontgenbloggen")
        .await?
        .context("the demo blog is missing")?;
    let now = app.now();
    let mut writers = Vec::new();
    for m in store.members(blog).await? {
        let actor = store.actor(&store.user(m.user_id).await?, now).await?;
        if lykta_domain::can(
            Some(&actor),
            lykta_domain::Action::PublishPost,
            lykta_app::on_blog(&store.blog(blog).await?),
        ) {
            writers.push(actor);
        }
    }
    if writers.is_empty() {
        bail!("nobody in the demo blog's team may publish");
    }
    let sources: Vec<&PostData> = demo
        .posts
        .iter()
        .filter(|p| p.blog == "rontgenbloggen")
        .collect();
    let bar = indicatif::ProgressBar::new(n as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{wide_bar} {pos}/{len} posts, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let start = store.posts_of_blog(blog).await?.len();
    for i in 0..n {
        let src = sources[i % sources.len()];
        let writer = &writers[i % writers.len()];
        let title = format!("{} ({})", src.title, start + i + 1);
        let tags: Vec<(Slug, String)> = src
            .tags
            .iter()
            .map(|t| Ok((parse(Slug::normalise(t), t)?, t.clone())))
            .collect::<anyhow::Result<_>>()?;
        let content = PostContent {
            slug: parse(Slug::normalise(&title), &title)?,
            title,
            body: src.body.clone(),
            excerpt: src.excerpt.clone(),
            cover: None,
            tags,
            author_ids: vec![writer.user_id],
            comments_enabled: true,
        };
        let then = app.at(now - 3600 * (i as i64 + 24));
        let id = then.create_post(writer, blog, &content, false).await?;
        then.change_post_state(writer, id, StateChange::Publish)
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_banner_says_what_each_demo_person_does() {
        let help = super::sign_in_help("http://127.0.0.1:8080");
        let line = |email: &str| {
            help.lines()
                .find(|l| l.contains(email))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(line("anna@").contains("admin"));
        assert!(line("sofia@").contains("editor of Röntgenbloggen"));
        assert!(line("per@").contains("reviewer of Röntgenbloggen"));
        assert!(line("nora@").contains("moderator of Röntgenbloggen"));
        assert!(line("karin@").contains("author in Röntgenbloggen"));
        assert!(line("elin@").contains("guest of Röntgenbloggen"));
        assert!(line("rut@").contains("registrar"));
    }
}

/// `demo/subscribers.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Subscribers {
    subscribers: Vec<SubscriberData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriberData {
    blog: String,
    /// A reader's address, typed on the form …
    #[serde(default)]
    email: Option<String>,
    /// … or a demo person, signed in.
    #[serde(default)]
    person: Option<String>,
    frequency: String,
    days_ago: i64,
    /// Whether the reader followed the confirmation link.
    #[serde(default)]
    confirmed: bool,
}

/// E-mail subscribers, each through the use case its way in takes: the
/// public form and the confirmation link, or a signed-in account.
async fn seed_subscribers(s: &Seeding<'_>, d: &Subscribers) -> anyhow::Result<()> {
    use lykta_app::subscriptions::SubscribeInput;
    for (i, sub) in d.subscribers.iter().enumerate() {
        let app = s.days_ago(sub.days_ago);
        let blog = app.store.blog(s.blog(&sub.blog)?).await?;
        let frequency = lykta_store::Frequency::parse(&sub.frequency)
            .with_context(|| format!("subscriber frequency {:?}", sub.frequency))?;
        match (&sub.email, &sub.person) {
            (Some(email), None) => {
                let input = SubscribeInput {
                    email: parse(Email::parse(email), email)?,
                    frequency,
                };
                // A documentation address (RFC 5737) per reader.
                let client = std::net::IpAddr::from([192, 0, 2, u8::try_from(i + 1)?]);
                let done = app.subscribe(&blog, email, Ok(input), client).await?;
                let token = done.confirmation.context("a confirmation link")?;
                if sub.confirmed {
                    app.confirm_subscription(&token).await?;
                }
            }
            (None, Some(person)) => {
                let actor = s.actor(person).await?;
                app.subscribe_account(&actor, &blog, frequency).await?;
            }
            _ => bail!("a demo subscriber has an email or a person, not both"),
        }
    }
    // What the worker would have written them since (counted as delivered,
    // like the rest of the demo's mail).
    let mut blogs: Vec<&str> = d.subscribers.iter().map(|x| x.blog.as_str()).collect();
    blogs.dedup();
    for slug in blogs {
        for p in s.app.store.posts_of_blog(s.blog(slug)?).await? {
            if let Some(at) = p
                .post
                .published_at
                .filter(|_| p.post.state == PostState::Published)
            {
                s.app.notify.mail_subscribers(p.post.id, at).await?;
            }
        }
    }
    Ok(())
}
