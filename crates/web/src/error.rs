//! One error type for handlers. It becomes a status code plus a marker; the
//! `render_errors` middleware turns the marker into a page in the reader's
//! language. Internal errors are logged with their whole chain and shown as an
//! opaque 500.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use lykta_domain::Language;
use lykta_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound(Option<Language>),
    #[error("gone")]
    Gone(Language),
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Someone else changed the thing in between.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("cross-site request or missing CSRF token")]
    Csrf,
    #[error("too many requests")]
    TooManyRequests,
    /// The database could not take the work in time: try again shortly.
    #[error("busy")]
    Busy,
    /// The body is (or says it will be) larger than any form takes.
    #[error("request body too large")]
    TooLarge,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound(None),
            busy if busy.is_busy() => {
                tracing::warn!(error = %busy, "database busy: answered 503");
                AppError::Busy
            }
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// The application layer's refusals as responses. Handlers that show a
/// form again match `Invalid` and `Stale` themselves first.
impl From<lykta_app::Error> for AppError {
    fn from(e: lykta_app::Error) -> Self {
        use lykta_app::Error as E;
        match e {
            E::Forbidden | E::Banned => AppError::Forbidden,
            E::NotFound => AppError::NotFound(None),
            E::Invalid(f) => {
                AppError::BadRequest(f.0.first().map(|(_, k)| *k).unwrap_or("error-action"))
            }
            E::Stale { .. } => AppError::Conflict("error-stale"),
            E::Refused(key) => AppError::Conflict(key),
            E::TooManyRequests => AppError::TooManyRequests,
            E::Store(e) => e.into(),
            E::Internal(e) => AppError::Internal(e),
        }
    }
}

/// Put in the response's extensions for `render_errors` to render.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub key: &'static str,
    pub lang: Option<Language>,
}

pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, key, lang) = match &self {
            AppError::NotFound(lang) => (StatusCode::NOT_FOUND, "error-not-found", *lang),
            AppError::Gone(lang) => (StatusCode::GONE, "error-gone", Some(*lang)),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden", None),
            AppError::SignInRequired { next } => {
                let to = format!(
                    "/sign-in?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
            }
            AppError::BadRequest(key) => (StatusCode::BAD_REQUEST, *key, None),
            AppError::Conflict(key) => (StatusCode::CONFLICT, *key, None),
            AppError::Csrf => (StatusCode::FORBIDDEN, "error-csrf", None),
            AppError::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "error-too-many", None),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None),
            AppError::Busy => {
                let mut res = StatusCode::SERVICE_UNAVAILABLE.into_response();
                res.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
                res.extensions_mut().insert(ErrorPage {
                    key: "error-busy",
                    lang: None,
                });
                return res;
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal", None)
            }
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorPage { key, lang });
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_database_is_a_503_to_try_again_not_a_500() {
        let busy = StoreError::Database(sqlx::Error::PoolTimedOut);
        assert!(busy.is_busy());
        let res = AppError::from(busy).into_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "2");
        let other = StoreError::Database(sqlx::Error::RowNotFound);
        assert!(!other.is_busy());
        assert_eq!(
            AppError::from(other).into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
