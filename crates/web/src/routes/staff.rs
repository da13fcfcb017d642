//! The staff kit every admin screen uses: the one permission gate, the
//! admin page layout, redirects, and form helpers shared across resources.

use crate::error::AppResult;
use crate::routes::forms::Fields;
use crate::routes::{base_context, private, render};
use crate::session::{SignedIn, Viewer};
use crate::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
pub use lykta_app::{on_blog, on_post};
use lykta_domain::BlogId;
use lykta_domain::MediaId;
use lykta_domain::{
    can, required_text, Action, Audience, FieldErrors, Language, Role, Slug, Target,
};
use minijinja::{context, Value};

/// A blog, if this staff member may do `action` in it.
pub(crate) async fn blog_for(
    state: &AppState,
    s: &SignedIn,
    id: BlogId,
    action: Action,
) -> AppResult<lykta_store::Blog> {
    Ok(state.app.blog_for(&s.actor, id, action).await?)
}

/// The one gate: may this staff member do this?
pub fn require(s: &SignedIn, action: Action, target: Target<'_>) -> AppResult<()> {
    Ok(lykta_app::require(&s.actor, action, target)?)
}

/// May this person do `action` somewhere: organisation-wide, or in one of
/// their blogs (what the navigation offers).
fn anywhere(s: &SignedIn, action: Action) -> bool {
    can(Some(&s.actor), action, Target::Organisation)
        || s.actor.memberships.iter().any(|m| {
            let blog = Target::Blog {
                id: m.blog_id,
                audience: Audience::Public,
            };
            can(Some(&s.actor), action, blog)
        })
}

/// The navigation's section a template belongs to (marked as the current
/// page in the admin menu); blog pages are marked by their blog.
fn section_of(template: &str) -> &'static str {
    let name = template
        .trim_start_matches("admin/")
        .trim_end_matches(".html");
    match name {
        "dashboard" => "dashboard",
        "media" => "media",
        "comments" => "comments",
        "incidents" | "incident" | "incident_form" | "scenarios" | "scenario" => "incidents",
        "channels" | "channel_form" | "channel_import" => "channels",
        "guidelines" | "guideline" | "guideline_form" | "guideline_reach" => "guidelines",
        "surveys" | "survey" | "survey_answer" => "surveys",
        "users" | "person" => "people",
        "organisation" => "organisation",
        "outbox" => "outbox",
        "jobs" => "jobs",
        "record" | "record_person" => "record",
        "profile" => "profile",
        "search" => "search",
        _ => "blog",
    }
}

/// Render an admin page with the layout's context, in the language the
/// person chose (else the organisation's).
/// The language a person reads the admin in: their own choice, else the
/// organisation's.
pub(crate) fn language_of(s: &SignedIn, org: &lykta_store::Organisation) -> Language {
    s.user.language().unwrap_or(org.default_language)
}

/// [`language_of`] for answers that render no page (scripts' JSON and text).
pub(crate) async fn language(state: &AppState, s: &SignedIn) -> AppResult<Language> {
    Ok(language_of(s, &state.organisation().await?))
}

pub async fn admin_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    template: &str,
    title: &str,
    ctx: Value,
) -> AppResult<Response> {
    let org = state.organisation().await?;
    let lang = language_of(s, &org);
    let viewer = Viewer(Some(s.clone()));
    // The blogs this person works in, for the navigation.
    let nav_blogs: Vec<Value> = state
        .store
        .all_blogs()
        .await?
        .iter()
        .filter(|b| can(Some(&s.actor), Action::SeeDrafts, on_blog(b)))
        .map(|b| context! { id => b.id, name => &b.name })
        .collect();
    let ctx = context! {
        ..ctx,
        ..context! {
            robots => "noindex, nofollow",
            meta => context! { title => state.t(lang, title) },
            section => section_of(template),
            nav_blogs => nav_blogs,
            is_admin => s.actor.role == Role::Admin,
            can_record => can(Some(&s.actor), Action::ManageRecord, Target::Organisation),
            can_moderate => anywhere(s, Action::ModerateComments),
            can_upload => anywhere(s, Action::UploadMedia),
        },
        ..base_context(state, lang, &viewer, &org)
    };
    Ok(private(
        (status, render(state, template, ctx)?).into_response(),
    ))
}

pub(crate) fn see_other(to: &str) -> Response {
    private(Redirect::to(to).into_response())
}
/// The title (or name) field, and the address from the slug field — or from
/// the title when the slug is left empty. Without a title there is nothing to
/// make an address from, and the title's own message says so.
pub(crate) fn title_and_slug(
    f: &Fields,
    e: &mut FieldErrors,
    title_field: &str,
    max_chars: usize,
    parse: fn(&str) -> Result<Slug, lykta_domain::Invalid>,
) -> (Option<String>, Option<Slug>) {
    let title = e.check(title_field, required_text(f.get(title_field), max_chars));
    let source = if f.get("slug").trim().is_empty() {
        f.get(title_field)
    } else {
        f.get("slug")
    };
    let slug = if source.trim().is_empty() {
        None
    } else if source == f.get("slug") && source.trim().chars().count() > Slug::MAX_LEN {
        // A typed address is never cut short without a word (one made
        // from the title is).
        e.add("slug", "error-slug-long");
        None
    } else {
        e.check("slug", parse(source))
    };
    (title, slug)
}

// ---- Blogs ----

/// An optional choice from the image library: "" is none; anything else must
/// be an image id (whether it exists is the use case's to check).
pub(crate) fn media_choice(f: &Fields, field: &str, e: &mut FieldErrors) -> Option<MediaId> {
    match f.get(field) {
        "" => None,
        v => v.parse::<MediaId>().ok().or_else(|| {
            e.add(field, "error-media");
            None
        }),
    }
}
