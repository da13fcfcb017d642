//! The channel inventory: the public list of the organisation's official
//! channels (public bodies should publish theirs; linked from every footer),
//! and the staff side — anyone asks for a channel for their unit, central
//! communicators approve or decline with a reason and keep the inventory;
//! health flags show what needs looking at.

use super::forms::{error_map, Fields};
use super::render;
use super::staff::{admin_page, require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lykta_app::channels::{ChannelContent, ChannelDecision};
use lykta_domain::{
    can, optional_text, required_text, Action, ChannelId, ChannelStatus, FieldErrors, Platform,
    Target, UnitId, UserId,
};
use minijinja::{context, Value};

pub fn routes() -> Routes {
    Routes::new()
        .route("/kanaler", get(public_list))
        .route("/channels", get(public_list))
        .route("/admin/channels", get(inventory).post(create))
        .route("/admin/channels/new", get(new))
        .route("/admin/channels/{id}", get(edit).post(update))
        .route("/admin/channels/{id}/decision", post(decide))
}

/// The organisation's official channels, for everyone.
async fn public_list(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: crate::lang::Preferred,
) -> AppResult<Response> {
    let site = state.site().await?;
    let org = &site.org;
    let lang = site.reader_language(preferred, org.default_language);
    let channels = state.store.channels(&[ChannelStatus::Active]).await?;
    let ctx = context! {
        ..context! {
            channels => channels,
            meta => context! { title => state.t(lang, "channels-title") },
            canonical => format!("{}/kanaler", state.base_url),
        },
        ..super::public_context(&state, &site, preferred, org.default_language, &viewer)
    };
    let res = render(&state, "channels.html", ctx)?.into_response();
    Ok(if viewer.0.is_some() {
        super::private(res)
    } else {
        res
    })
}

/// The inventory's filter, kept in the address (`?status=requested`).
#[derive(serde::Deserialize)]
struct StatusFilter {
    status: Option<String>,
}

async fn inventory(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<StatusFilter>,
) -> AppResult<Response> {
    require(&s, Action::RequestChannel, Target::Organisation)?;
    let now = state.now();
    let manage = can(Some(&s.actor), Action::ManageChannels, Target::Organisation);
    // Who has acknowledged the guidelines is the working group's to see.
    let in_force = match manage {
        true => state.store.current_guideline().await?.map(|g| g.number),
        false => None,
    };
    // An unknown status shows everything (the filter bar says which is on).
    let status = q
        .status
        .as_deref()
        .and_then(|v| ChannelStatus::parse(v).ok());
    let rows: Vec<Value> = state
        .store
        .channels(status.as_slice())
        .await?
        .iter()
        .map(|c| context! { c => c, health => c.health(now, in_force), acknowledged => c.acknowledged_version() })
        .collect();
    let ctx = context! { rows => rows, manage => manage, status => status, statuses => ChannelStatus::ALL };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/channels.html",
        "admin-channels",
        ctx,
    )
    .await
}

async fn form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    id: Option<ChannelId>,
    values: Value,
    errors: &FieldErrors,
    conflict: Option<Value>,
) -> AppResult<Response> {
    let ctx = context! {
        notice => conflict.is_some().then_some("error-stale-channel"),
        conflict => conflict,
        channel_id => id,
        values => values,
        errors => error_map(errors),
        platforms => Platform::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        statuses => ChannelStatus::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        units => state.store.units().await?,
        users => state.store.users().await?,
        manage => can(Some(&s.actor), Action::ManageChannels, Target::Organisation),
        connection => match id {
            Some(id) => super::syndication::connection_view(state, id).await?,
            None => Value::from(()),
        },
        in_flight => match id {
            Some(id) => Value::from_serialize(state.store.deliveries_in_flight(id).await?),
            None => Value::from(()),
        },
        connectable => values
            .get_attr("platform")
            .ok()
            .and_then(|p| p.as_str().and_then(|p| Platform::parse(p).ok()))
            .is_some_and(lykta_channels::connectable),
    };
    admin_page(
        state,
        s,
        status,
        "admin/channel_form.html",
        "admin-channel",
        ctx,
    )
    .await
}

async fn new(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::RequestChannel, Target::Organisation)?;
    let values = context! { owners => vec![s.user.id], status => "requested" };
    form(
        &state,
        &s,
        StatusCode::OK,
        None,
        values,
        &FieldErrors::default(),
        None,
    )
    .await
}

/// Read the form (text limits, the address, the date); the inventory's rules
/// are the application's. Every problem is named at its field.
fn parse(f: &Fields) -> Result<ChannelContent, FieldErrors> {
    let mut e = FieldErrors::default();
    let platform = e.check("platform", Platform::parse(f.get("platform")));
    let name = e.check("name", required_text(f.get("name"), 200));
    let url = match url::Url::parse(f.get("url").trim()) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => Some(u.to_string()),
        _ => {
            e.add("url", "error-channel-url");
            None
        }
    };
    let unit_id = match f.get("unit_id").trim() {
        "" => None,
        u => match u.parse::<UnitId>() {
            Ok(id) => Some(id),
            Err(_) => {
                e.add("unit_id", "error-unknown-unit");
                None
            }
        },
    };
    let text = |e: &mut FieldErrors, field: &str| {
        e.check(field, optional_text(f.get(field), 1000))
            .unwrap_or_default()
    };
    let (purpose, goal, audience, cadence) = (
        text(&mut e, "purpose"),
        text(&mut e, "goal"),
        text(&mut e, "audience"),
        text(&mut e, "cadence"),
    );
    let mut owners: Vec<UserId> = Vec::new();
    for raw in f.all("owners") {
        match raw.parse::<UserId>() {
            Ok(id) if !owners.contains(&id) => owners.push(id),
            Ok(_) => {}
            Err(_) => e.add("owners", "error-no-such-person"),
        }
    }
    let last_activity_at = match f.get("last_activity").trim() {
        "" => None,
        d => match lykta_domain::parse_date(d) {
            Ok(day) => Some(lykta_domain::stockholm_instant(day, 12, 0)),
            Err(err) => {
                e.add("last_activity", err.key);
                None
            }
        },
    };
    match (platform, name, url, e.is_empty()) {
        (Some(platform), Some(name), Some(url), true) => Ok(ChannelContent {
            platform,
            name,
            url,
            unit_id,
            purpose,
            goal,
            audience,
            cadence,
            owners,
            last_activity_at,
        }),
        _ => Err(e),
    }
}

fn submitted(f: &Fields) -> Value {
    let owners: Vec<UserId> = f
        .all("owners")
        .iter()
        .filter_map(|o| o.parse().ok())
        .collect();
    context! { ..Value::from_serialize(f.values()), ..context! { owners => owners } }
}

/// A request from a unit (or, from a communicator, a channel added straight
/// to the inventory as active).
async fn create(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::RequestChannel, Target::Organisation)?;
    let f = Fields::parse(&body);
    let added = match parse(&f) {
        Ok(c) => state.app.add_channel(&s.actor, &c).await.map(|_| ()),
        Err(e) => Err(lykta_app::Error::Invalid(e)),
    };
    match added {
        Ok(()) => Ok(see_other("/admin/channels")),
        Err(lykta_app::Error::Invalid(e)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form(&state, &s, status, None, submitted(&f), &e, None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ChannelId>,
) -> AppResult<Response> {
    edit_page(&state, &s, id, StatusCode::OK, &FieldErrors::default()).await
}

/// The channel's page as saved, with `errors` (of the connection form).
pub(super) async fn edit_page(
    state: &AppState,
    s: &SignedIn,
    id: ChannelId,
    status: StatusCode,
    errors: &FieldErrors,
) -> AppResult<Response> {
    edit_page_with(state, s, id, status, errors, Value::from(())).await
}

/// The channel's page with what was typed into its connection form kept
/// (`connect`: server, handle; never a password).
pub(super) async fn edit_page_with(
    state: &AppState,
    s: &SignedIn,
    id: ChannelId,
    status: StatusCode,
    errors: &FieldErrors,
    connect: Value,
) -> AppResult<Response> {
    require(s, Action::ManageChannels, Target::Organisation)?;
    let c = state.store.channel(id).await?;
    let values = context! {
        ..Value::from_serialize(&c),
        ..context! {
            owners => c.owners.iter().map(|o| o.user_id).collect::<Vec<_>>(),
            last_activity => c.last_activity_at.map(|t| lykta_domain::iso_date(lykta_domain::stockholm_date(t))),
            connect => connect,
        }
    };
    form(state, s, status, Some(id), values, errors, None).await
}

async fn update(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ChannelId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let f = Fields::parse(&body);
    let version: i64 = f
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-version"))?;
    let status = ChannelStatus::parse(f.get("status")).map_err(|e| AppError::BadRequest(e.key))?;
    let saved = match parse(&f) {
        Ok(c) => {
            state
                .app
                .edit_channel(&s.actor, id, version, status, &c)
                .await
        }
        Err(e) => Err(lykta_app::Error::Invalid(e)),
    };
    match saved {
        Ok(()) => Ok(see_other("/admin/channels")),
        Err(lykta_app::Error::Invalid(e)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form(&state, &s, status, Some(id), submitted(&f), &e, None).await
        }
        // Someone saved in between: the form again with what was typed,
        // built on their version, which is shown beside it.
        Err(lykta_app::Error::Stale { current }) => {
            let theirs = state.store.channel(id).await?;
            let lang = crate::routes::staff::language(&state, &s).await?;
            let owners: Vec<&str> = theirs.owners.iter().map(|o| o.name.as_str()).collect();
            let last_activity = theirs
                .last_activity_at
                .map(|t| lykta_domain::iso_date(lykta_domain::stockholm_date(t)))
                .unwrap_or_default();
            let conflict = crate::routes::forms::conflict(
                current,
                &[
                    (
                        "channel-platform",
                        &state.t(lang, &format!("platform-{}", theirs.platform.as_str())),
                    ),
                    ("channel-name", &theirs.name),
                    ("channel-url", &theirs.url),
                    ("channel-unit", theirs.unit_name.as_deref().unwrap_or("–")),
                    ("channel-owners", &owners.join(", ")),
                    ("channel-purpose", &theirs.purpose),
                    ("channel-goal", &theirs.goal),
                    ("channel-audience", &theirs.audience),
                    ("channel-cadence", &theirs.cadence),
                    ("channel-last-activity", &last_activity),
                    (
                        "state",
                        &state.t(lang, &format!("channel-status-{}", theirs.status.as_str())),
                    ),
                ],
            );
            let values = context! { ..context! { version => current }, ..submitted(&f) };
            let none = FieldErrors::default();
            form(
                &state,
                &s,
                StatusCode::CONFLICT,
                Some(id),
                values,
                &none,
                Some(conflict),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Approve or decline a request; declining needs a reason.
async fn decide(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ChannelId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let f = Fields::parse(&body);
    let decision = match f.get("decision") {
        "approve" => ChannelDecision::Approve,
        "decline" => ChannelDecision::Decline,
        _ => return Err(AppError::BadRequest("error-action")),
    };
    state
        .app
        .decide_channel(&s.actor, id, decision, f.get("reason"))
        .await?;
    Ok(see_other("/admin/channels"))
}
