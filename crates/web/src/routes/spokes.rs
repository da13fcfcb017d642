//! Publishing to the spokes in the admin: the channel form on a post's page
//! with the team's own text per channel (its length against the platform's
//! limit, counted again live by `spokes.js`), shown again with the typed
//! texts when one is too long (422); a blog's syndication settings.

use super::forms::Fields;
use super::staff::see_other;
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use lykta_domain::{BlogId, ChannelId, FieldErrors, PostId};
use lykta_store::{BlogSyndication, ChosenChannel};
use minijinja::{context, Value};
use std::collections::HashMap;

pub fn routes() -> Routes {
    Routes::new().route("/admin/blogs/{id}/syndication", post(blog_settings))
}

/// The channel form as the person sent it, with what was wrong.
pub(crate) struct Typed {
    chosen: Vec<ChannelId>,
    texts: HashMap<ChannelId, String>,
    errors: FieldErrors,
}

impl Typed {
    pub(crate) fn new(chosen: &[(ChannelId, String)], errors: FieldErrors) -> Self {
        Typed {
            chosen: chosen.iter().map(|(c, _)| *c).collect(),
            texts: chosen.iter().cloned().collect(),
            errors,
        }
    }
}

/// One channel on the post's channel form: chosen or not, the own text,
/// what goes out (length and limit), how the link counts and whether the
/// platform counts graphemes (for the live count), its error, and whether a
/// copy is out there already (among the post's `deliveries`) and can be
/// changed.
pub(crate) fn choice(
    state: &AppState,
    blog: &lykta_store::Blog,
    post: &lykta_store::Post,
    c: ChosenChannel,
    typed: Option<&Typed>,
    deliveries: &[lykta_store::Delivery],
) -> Value {
    let sent = deliveries.iter().any(|d| {
        d.channel_id == c.channel_id
            && d.remote_id.is_some()
            && d.state != lykta_store::DeliveryState::Removed
    });
    let (chosen, text) = match typed {
        Some(t) => (
            t.chosen.contains(&c.channel_id),
            t.texts.get(&c.channel_id).cloned().unwrap_or_default(),
        ),
        None => (c.chosen, c.text.clone()),
    };
    let composed = state.app.channel_text(c.platform, blog, post, &text);
    let default = state.app.syndication_text(c.platform, blog, post);
    // What the link and the blank line before it count: the length of a
    // one-character text with the link, less that character.
    let link_length = state
        .app
        .channel_text(c.platform, blog, post, "x")
        .map_or(0, |x| x.length.saturating_sub(1));
    let error = typed.and_then(|t| t.errors.get(&format!("text-{}", c.channel_id)));
    context! {
        chosen => chosen,
        text => text,
        composed => composed,
        default => default,
        link_length => link_length,
        graphemes => lykta_app::spokes::counts_graphemes(c.platform),
        error => error,
        sent => sent,
        editable => lykta_app::spokes::editable(c.platform),
        ..Value::from_serialize(&c)
    }
}

/// The post's page again with the channel form as typed (422).
pub(crate) async fn channels_again(
    state: &AppState,
    s: &SignedIn,
    post: PostId,
    chosen: &[(ChannelId, String)],
    errors: FieldErrors,
) -> AppResult<Response> {
    super::admin::posts_channels_again(state, s, post, Typed::new(chosen, errors)).await
}

/// What the blog's settings page shows of syndication: the connected
/// channels, which are the defaults, and the two choices.
pub(crate) async fn for_blog(
    state: &AppState,
    blog: Option<&lykta_store::Blog>,
) -> AppResult<Value> {
    let Some(blog) = blog else {
        return Ok(Value::from(()));
    };
    if blog.audience == lykta_domain::Audience::Internal {
        return Ok(Value::from(()));
    }
    let settings = state.store.blog_syndication(blog.id).await?;
    let connected = state.store.connected_channels().await?;
    let mut channels = Vec::new();
    for id in connected {
        let c = state.store.channel(id).await?;
        channels.push(context! {
            id => id,
            name => c.name,
            platform => c.platform.as_str(),
            default => settings.channels.contains(&id),
        });
    }
    Ok(context! { channels => channels, ..Value::from_serialize(&settings) })
}

async fn blog_settings(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let channels = f
        .all("channels")
        .into_iter()
        .map(|c| c.parse().map_err(|_| AppError::BadRequest("error-action")))
        .collect::<Result<Vec<ChannelId>, _>>()?;
    let settings = BlogSyndication {
        channels,
        remove_on_unpublish: f.get("remove_on_unpublish") == "1",
        show_also_on: f.get("show_also_on") == "1",
    };
    state
        .app
        .set_blog_syndication(&s.actor, id, &settings)
        .await?;
    Ok(see_other(&format!("/admin/blogs/{id}/edit#syndication")))
}

/// What each channel sent this month (Stockholm time) and what failed, for
/// those who keep the channels; nothing for others.
pub(crate) async fn channel_months(state: &AppState, s: &SignedIn) -> AppResult<Value> {
    if !lykta_domain::can(
        Some(&s.actor),
        lykta_domain::Action::ManageChannels,
        lykta_domain::Target::Organisation,
    ) {
        return Ok(Value::from(()));
    }
    let today = lykta_domain::stockholm_date(state.now());
    let since = lykta_domain::stockholm_local_to_utc(&format!(
        "{:04}-{:02}-01T00:00",
        today.year(),
        u8::from(today.month())
    ))
    .unwrap_or(0);
    Ok(Value::from_serialize(
        state.store.channel_months(since).await?,
    ))
}
