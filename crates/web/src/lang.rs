//! The reader's language for the public pages' own words (menus, headings,
//! buttons, the words around a post): chosen with a `?lang=` link and kept
//! in a cookie, else the browser's `Accept-Language`. It counts only where
//! the organisation publishes in both languages ([`crate::PublicSite::bilingual`]);
//! a post always keeps its own language. Works without JavaScript.
//!
//! The page cache keys anonymous pages on [`preference`], so a page made in
//! one language is never served to a reader who asked for the other.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lykta_domain::Language;

/// The cookie that keeps the reader's choice.
pub const COOKIE: &str = "lykta_lang";
/// How long the choice is kept (a year).
const KEEP_SECONDS: i64 = 365 * 24 * 3600;

/// The language a reader asked for, if any: the cookie, else the first of
/// Swedish and English the browser accepts (highest `q`, then order).
pub fn preference(headers: &HeaderMap) -> Option<Language> {
    from_cookie(headers).or_else(|| from_accept_language(headers))
}

fn from_cookie(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(k, _)| *k == COOKIE)
        .find_map(|(_, v)| Language::parse(v.trim()).ok())
}

fn from_accept_language(headers: &HeaderMap) -> Option<Language> {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())?;
    let mut best: Option<(f32, Language)> = None;
    for part in accept.split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let Ok(lang) = Language::parse(&primary.to_ascii_lowercase()) else {
            continue;
        };
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The reader's preference, for handlers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Preferred(pub Option<Language>);

impl<S: Send + Sync> FromRequestParts<S> for Preferred {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Preferred(preference(&parts.headers)))
    }
}

/// `GET …?lang=sv|en`: keep the choice in a cookie and come back to the
/// same address without it (so the page itself stays cacheable per
/// language). Any other `lang` value is ignored.
pub async fn switch(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let Some(query) = req.uri().query() else {
        return next.run(req).await;
    };
    let (chosen, rest) = without_lang(query);
    let Some(lang) = chosen else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let to = if rest.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{rest}")
    };
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&to) {
        h.insert(header::LOCATION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Max-Age={KEEP_SECONDS}; SameSite=Lax{}",
        lang.as_str(),
        if state.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )) {
        h.insert(header::SET_COOKIE, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// The language a query asks for, and the query without it.
fn without_lang(query: &str) -> (Option<Language>, String) {
    let mut chosen = None;
    let mut rest = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        if k == "lang" {
            chosen = chosen.or(Language::parse(&v).ok());
        } else {
            rest.append_pair(&k, &v);
        }
    }
    (chosen, rest.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let h = headers(&[
            ("cookie", "lykta_session=x; lykta_lang=sv"),
            ("accept-language", "en-GB,en;q=0.9"),
        ]);
        assert_eq!(preference(&h), Some(Language::Sv));
        let h = headers(&[("cookie", "lykta_lang=fi"), ("accept-language", "en")]);
        assert_eq!(
            preference(&h),
            Some(Language::En),
            "an unknown cookie value is ignored"
        );
    }

    #[test]
    fn accept_language_takes_the_best_of_swedish_and_english() {
        let pick = |v: &'static str| preference(&headers(&[("accept-language", v)]));
        assert_eq!(pick("sv-SE,sv;q=0.9,en-US;q=0.8"), Some(Language::Sv));
        assert_eq!(pick("de-DE,en;q=0.5,sv;q=0.4"), Some(Language::En));
        assert_eq!(pick("en;q=0.3, sv;q=0.7"), Some(Language::Sv));
        assert_eq!(pick("en;q=0, fi"), None);
        assert_eq!(pick("SV"), Some(Language::Sv));
        assert_eq!(pick("*"), None);
        assert_eq!(preference(&HeaderMap::new()), None);
    }
}
