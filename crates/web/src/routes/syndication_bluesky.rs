//! Connecting a Bluesky channel from its admin page: handle, PDS address
//! and an app password, checked by logging in once. On a mistake the page
//! comes back (422) with the address and handle kept, never the password.

use super::forms::Fields;
use super::staff::see_other;
use crate::error::AppResult;
use crate::session::SignedIn;
use crate::AppState;
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::ChannelId;
use minijinja::context;

pub(super) async fn connect(
    state: &AppState,
    s: &SignedIn,
    id: ChannelId,
    f: &Fields,
) -> AppResult<Response> {
    match state
        .app
        .connect_bluesky(
            &s.actor,
            id,
            f.get("server"),
            f.get("identifier"),
            f.get("app_password"),
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/channels/{id}#connection"))),
        Err(lykta_app::Error::Invalid(e)) => {
            let kept = context! { server => f.get("server"), identifier => f.get("identifier") };
            super::channels::edit_page_with(
                state,
                s,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &e,
                kept,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
