//! Image uploads (staff) and serving the stored variants (everyone).
//!
//! Limits: 10 MiB per upload (413 above), JPEG/PNG/WebP/GIF by content
//! (415 otherwise), 40 megapixels; alt text is required. Files are re-encoded,
//! so no EXIF or GPS data survives. Stored names are random, so an image in an
//! internal post cannot be found by guessing.

use super::forms::error_map;
use super::staff::{admin_page, require};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lykta_domain::{optional_text, Action, FieldErrors, Target};
use lykta_media::MediaError;
use minijinja::context;

pub use lykta_app::media::MAX_UPLOAD_BYTES;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/admin/media",
            get(library)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/media/{file}", get(serve))
}

/// Images for pickers and the library: id, description, thumbnail, the
/// largest variant, and the Markdown that puts the image in a text with its
/// description.
pub(crate) fn media_items(media: &[lykta_store::Media]) -> Vec<minijinja::Value> {
    media
        .iter()
        .map(|m| {
            context! {
                id => m.id,
                alt => &m.alt,
                thumb => m.thumb_url(),
                url => m.full_url(),
                markdown => markdown_image(&m.alt, &m.full_url()),
            }
        })
        .collect()
}

/// `![alt](url)`, with the characters that would end the description early escaped.
fn markdown_image(alt: &str, url: &str) -> String {
    let mut escaped = String::with_capacity(alt.len());
    for c in alt.chars() {
        if matches!(c, '\\' | '[' | ']') {
            escaped.push('\\');
        }
        escaped.push(if c == '\n' { ' ' } else { c });
    }
    format!("![{escaped}]({url})")
}

/// What the library shows: `q` narrows by description, `new` marks the
/// image just uploaded (its Markdown first).
#[derive(serde::Deserialize, Default)]
struct LibraryQuery {
    #[serde(default)]
    q: String,
    new: Option<i64>,
}

async fn library_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    errors: &FieldErrors,
    alt: &str,
    query: &LibraryQuery,
) -> AppResult<Response> {
    let needle = query.q.trim().to_lowercase();
    let all = state.store.all_media().await?;
    let shown: Vec<lykta_store::Media> = all
        .into_iter()
        .filter(|m| needle.is_empty() || m.alt.to_lowercase().contains(&needle))
        .collect();
    let ctx = context! {
        media => media_items(&shown),
        new => query.new,
        q => &query.q,
        errors => error_map(errors),
        values => context! { alt => alt },
    };
    admin_page(state, s, status, "admin/media.html", "admin-media", ctx).await
}

async fn library(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(query): Query<LibraryQuery>,
) -> AppResult<Response> {
    require(&s, Action::UploadMedia, Target::Organisation)?;
    library_page(
        &state,
        &s,
        StatusCode::OK,
        &FieldErrors::default(),
        "",
        &query,
    )
    .await
}

/// The editor's script uploads with `Accept: application/json` and gets the
/// image (201) or the reason in words, with the status a form would get.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

async fn json_refusal(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    e: &FieldErrors,
) -> AppResult<Response> {
    let lang = super::staff::language(state, s).await?;
    let messages: Vec<String> = e.0.iter().map(|(_, k)| state.t(lang, k)).collect();
    let body = serde_json::json!({ "error": messages.join(" ") });
    Ok(crate::routes::private(
        (status, axum::Json(body)).into_response(),
    ))
}

/// The status and message for an image that was refused.
pub(super) fn refusal(err: &MediaError) -> (StatusCode, &'static str) {
    match err {
        MediaError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "error-file-too-large"),
        MediaError::UnsupportedType { .. } => {
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-file-type")
        }
        MediaError::TooManyPixels { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "error-file-pixels"),
        MediaError::Corrupt(_) => (StatusCode::UNPROCESSABLE_ENTITY, "error-file-corrupt"),
    }
}

/// An image upload form: a file and its description (`text_field`), both
/// required; field errors as for any form.
pub(super) struct ImageUpload {
    pub text: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Read an image upload form. `Err` holds the status and field errors (413
/// when the body is over the limit, 422 when something is missing).
pub(super) async fn read_image_upload(
    multipart: &mut Multipart,
    text_field: &str,
) -> AppResult<Result<ImageUpload, (StatusCode, String, FieldErrors)>> {
    let mut text = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let too_large = |text: String| {
        let mut e = FieldErrors::default();
        e.add("file", "error-file-too-large");
        Ok(Err((StatusCode::PAYLOAD_TOO_LARGE, text, e)))
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(text),
            Err(_) => return Err(AppError::BadRequest("error-upload")),
        };
        match field.name() {
            Some(n) if n == text_field => {
                text = field
                    .text()
                    .await
                    .map_err(|_| AppError::BadRequest("error-upload"))?
            }
            Some("file") => {
                let name = field
                    .file_name()
                    .unwrap_or("")
                    .chars()
                    .take(200)
                    .collect::<String>();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return too_large(text)
                    }
                    Err(_) => return Err(AppError::BadRequest("error-upload")),
                }
            }
            _ => {}
        }
    }
    let mut e = FieldErrors::default();
    let text_ok = e.check(text_field, optional_text(&text, 300));
    if text.trim().is_empty() {
        e.add(text_field, "error-alt-required");
    }
    let file = file.filter(|(_, b)| !b.is_empty());
    if file.is_none() {
        e.add("file", "error-file-required");
    }
    Ok(match (text_ok, file, e.is_empty()) {
        (Some(text), Some((name, bytes)), true) => Ok(ImageUpload { text, name, bytes }),
        _ => Err((StatusCode::UNPROCESSABLE_ENTITY, text, e)),
    })
}

async fn upload(
    State(state): State<AppState>,
    Staff(s): Staff,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> AppResult<Response> {
    require(&s, Action::UploadMedia, Target::Organisation)?;
    let json = wants_json(&headers);
    let none = LibraryQuery::default();
    let up = match read_image_upload(&mut multipart, "alt").await? {
        Ok(up) => up,
        Err((status, _, e)) if json => return json_refusal(&state, &s, status, &e).await,
        Err((status, alt, e)) => return library_page(&state, &s, status, &e, &alt, &none).await,
    };
    match state
        .app
        .store_image(up.bytes, &up.text, &up.name, Some(s.user.id))
        .await?
    {
        Ok(id) if json => {
            let m = state.store.media(id).await?;
            let item = media_items(std::slice::from_ref(&m)).remove(0);
            Ok(crate::routes::private(
                (StatusCode::CREATED, axum::Json(item)).into_response(),
            ))
        }
        Ok(id) => Ok(crate::routes::private(
            Redirect::to(&format!("/admin/media?new={id}")).into_response(),
        )),
        Err(err) => {
            let (status, key) = refusal(&err);
            let mut e = FieldErrors::default();
            e.add("file", key);
            if json {
                return json_refusal(&state, &s, status, &e).await;
            }
            library_page(&state, &s, status, &e, &up.text, &none).await
        }
    }
}

async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    // Names are ours: letters, digits, one hyphen, one dot. Nothing else is served.
    let valid = file.len() < 64
        && file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && file.matches('.').count() == 1
        && !file.starts_with('.');
    if !valid {
        return Err(AppError::NotFound(None));
    }
    let content_type = match file.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => return Err(AppError::NotFound(None)),
    };
    let bytes = match tokio::fs::read(state.settings.media_dir().join(&file)).await {
        Ok(b) => b,
        Err(_) => return Err(AppError::NotFound(None)),
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(res)
}
