//! Connected channels in the admin: connecting a channel of the inventory
//! (the OAuth round trip through the platform), pausing, checking and
//! disconnecting it; choosing a post's channels; retrying a delivery.

use super::forms::Fields;
use super::staff::{require, see_other};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::Staff;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use lykta_domain::{Action, Audience, ChannelId, DeliveryId, PostId, Target};
use minijinja::{context, Value};

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/channels/{id}/connection", post(connection))
        .route("/admin/channels/{id}/connection/callback", get(callback))
        .route("/admin/channels/connection/callback", get(app_callback))
        .route("/admin/posts/{id}/channels", post(choose))
        .route("/admin/deliveries/{id}/retry", post(retry))
}

/// Connect (to the server named, or to Bluesky with an app password),
/// pause, resume, check or disconnect.
async fn connection(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ChannelId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let f = Fields::parse(&body);
    let back = format!("/admin/channels/{id}#connection");
    match f.get("action") {
        "connect" => match state
            .app
            .connect_channel(&s.actor, id, f.get("server"))
            .await
        {
            Ok(to) => return Ok(Redirect::to(&to).into_response()),
            Err(lykta_app::Error::Invalid(e)) => {
                return super::channels::edit_page_with(
                    &state,
                    &s,
                    id,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &e,
                    context! { server => f.get("server") },
                )
                .await
            }
            Err(e) => return Err(e.into()),
        },
        "connect-bluesky" => return super::syndication_bluesky::connect(&state, &s, id, &f).await,
        "pause" => state.app.pause_channel(&s.actor, id, true).await?,
        "resume" => state.app.pause_channel(&s.actor, id, false).await?,
        "check" => state.app.check_connection(&s.actor, id).await?,
        "choose" => {
            state
                .app
                .choose_account(&s.actor, id, f.get("account"))
                .await?
        }
        "disconnect" if f.get("confirm") != "yes" => {
            let mut e = lykta_domain::FieldErrors::default();
            e.add("confirm", "error-disconnect-confirm");
            return super::channels::edit_page(
                &state,
                &s,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &e,
            )
            .await;
        }
        "disconnect" => state.app.disconnect_channel(&s.actor, id).await?,
        _ => return Err(AppError::BadRequest("error-action")),
    }
    Ok(see_other(&back))
}

#[derive(serde::Deserialize)]
struct Callback {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
}

/// The platform sends the person back here with a code for the state
/// Lykta gave (a GET: the platform redirects; the state authorises it).
async fn callback(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<ChannelId>,
    Query(q): Query<Callback>,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    if q.code.is_empty() || q.state.is_empty() {
        return Err(AppError::BadRequest("error-channel-connect-expired"));
    }
    state
        .app
        .finish_connecting(&s.actor, id, &q.state, &q.code)
        .await?;
    Ok(see_other(&format!("/admin/channels/{id}#connection")))
}

/// Meta and LinkedIn send the person back here (one address for every
/// channel, as their apps register exact redirect URIs): the state names
/// the channel being connected.
async fn app_callback(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<Callback>,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    if q.code.is_empty() || q.state.is_empty() {
        return Err(AppError::BadRequest("error-channel-connect-expired"));
    }
    let id = state
        .app
        .finish_connecting_through_app(&s.actor, &q.state, &q.code)
        .await?;
    Ok(see_other(&format!("/admin/channels/{id}#connection")))
}

/// Choose the channels a post goes to when it is published.
async fn choose(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<PostId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let channels = f
        .all("channels")
        .into_iter()
        .map(|c| {
            let c: ChannelId = c
                .parse()
                .map_err(|_| AppError::BadRequest("error-action"))?;
            Ok((c, f.get(&format!("text-{c}")).to_owned()))
        })
        .collect::<Result<Vec<(ChannelId, String)>, AppError>>()?;
    match state.app.choose_channels(&s.actor, id, &channels).await {
        Ok(()) => Ok(see_other(&format!("/admin/posts/{id}#channels"))),
        Err(lykta_app::Error::Invalid(e)) => {
            crate::routes::spokes::channels_again(&state, &s, id, &channels, e).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn retry(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<DeliveryId>,
) -> AppResult<Response> {
    let d = state.store.delivery(id).await?;
    state.app.retry_delivery(&s.actor, id).await?;
    Ok(see_other(&format!("/admin/posts/{}#channels", d.post_id)))
}

/// What the post's page shows about its channels: those it may go to (with
/// the text each would get — the team's own, or as `typed` when the form
/// comes back — and its length against the platform's limit), its
/// deliveries and their outcomes. Nothing for internal blogs or new posts.
pub(crate) async fn for_post(
    state: &AppState,
    blog: &lykta_store::Blog,
    post: Option<PostId>,
    typed: Option<&super::spokes::Typed>,
) -> AppResult<Value> {
    let Some(id) = post else {
        return Ok(Value::from(()));
    };
    if blog.audience == Audience::Internal {
        return Ok(Value::from(()));
    }
    let p = state.store.post(id).await?;
    let deliveries = state.store.deliveries(id).await?;
    let choices: Vec<Value> = state
        .store
        .channel_choices(id)
        .await?
        .into_iter()
        .map(|c| super::spokes::choice(state, blog, &p.post, c, typed, &deliveries))
        .collect();
    Ok(context! {
        choices => choices,
        deliveries => deliveries,
        events => state.store.delivery_events(id).await?,
        no_alt => p.post.cover().is_some_and(|m| p.post.cover_alt.trim().is_empty() && m.alt.trim().is_empty()),
    })
}

/// A channel's connection for its page: as stored, with the days its
/// token has left (when it expires by itself).
pub(crate) async fn connection_view(state: &AppState, id: ChannelId) -> AppResult<Value> {
    let Some(c) = state.store.connection(id).await? else {
        return Ok(Value::from(()));
    };
    let token_days = c
        .token_expires_at
        .map(|at| (at - state.app.now()).max(0).div_euclid(86_400));
    // The person's accounts while they choose one (a platform that does not
    // answer now leaves the choice out; the app logged why).
    let choices: Vec<Value> = state
        .app
        .account_choices(id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|a| context! { id => a.id, name => a.name, url => a.url })
        .collect();
    Ok(context! { token_days => token_days, choices => choices, ..Value::from_serialize(&c) })
}
