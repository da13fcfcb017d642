//! `/folj` (`/follow`): how to follow the organisation's public blogs, in
//! plain words — by e-mail (each blog's subscription form), in a feed
//! reader (what that is, and each blog's feed address), or on the
//! organisation's channels. The footer of every public page leads here.

use super::public::feed_links;
use super::{private, public_context, render};
use crate::error::AppResult;
use crate::lang::Preferred;
use crate::routes::Routes;
use crate::session::Viewer;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;

pub fn routes() -> Routes {
    Routes::new()
        .route("/folj", get(follow))
        .route("/follow", get(follow))
}

async fn follow(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
) -> AppResult<Response> {
    let site = state.site().await?;
    let org = &site.org;
    let lang = site.reader_language(preferred, org.default_language);
    let blogs: Vec<_> = site
        .blogs
        .iter()
        .map(|b| {
            context! {
                name => &b.name,
                slug => &b.slug,
                lang => b.language.as_str(),
                feeds => feed_links(&state, &format!("/{}", b.slug), &b.name),
            }
        })
        .collect();
    let ctx = context! {
        ..context! {
            blogs => blogs,
            all => feed_links(&state, "", &org.name),
            feeds => feed_links(&state, "", &org.name),
            canonical => format!("{}/folj", state.base_url),
            meta => context! { title => state.t(lang, "follow-title") },
        },
        ..public_context(&state, &site, preferred, org.default_language, &viewer)
    };
    let res = render(&state, "follow.html", ctx)?.into_response();
    Ok(if viewer.0.is_some() {
        private(res)
    } else {
        res
    })
}
