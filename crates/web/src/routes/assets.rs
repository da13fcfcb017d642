//! The stylesheet and the few scripts, compiled into the binary.

use crate::routes::Routes;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const CSS: &str = include_str!("../../assets/lykta.css");
/// The moderation queue's keyboard shortcuts (loaded only on the queue).
const MODERATION_JS: &str = include_str!("../../assets/moderation.js");

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/assets/lykta.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/moderation.js",
            get(|| async { asset(MODERATION_JS, "text/javascript; charset=utf-8") }),
        )
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
