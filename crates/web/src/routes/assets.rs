//! The stylesheet and the scripts that enhance some pages, compiled into the
//! binary and served under the CSP (`script-src 'self'`). Every page works
//! without the scripts.

use crate::routes::Routes;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const CSS: &str = include_str!("../../assets/lykta.css");
/// The post editor: toolbar, images, live preview, autosave.
const EDITOR_JS: &str = include_str!("../../assets/editor.js");
/// The moderation queue's keyboard shortcuts (loaded only on the queue).
const MODERATION_JS: &str = include_str!("../../assets/moderation.js");
/// The live length count of a post's own text per channel.
const SPOKES_JS: &str = include_str!("../../assets/spokes.js");
const JS: &str = "text/javascript; charset=utf-8";

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/assets/lykta.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route("/assets/editor.js", get(|| async { asset(EDITOR_JS, JS) }))
        .route(
            "/assets/moderation.js",
            get(|| async { asset(MODERATION_JS, JS) }),
        )
        .route("/assets/spokes.js", get(|| async { asset(SPOKES_JS, JS) }))
}

/// A file compiled into the binary, cached by browsers for an hour.
fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}
