//! One place that turns a platform's HTTP answer into a value or a
//! [`ChannelError`]: status codes, `Retry-After` and rate-limit headers,
//! the platform's own error message, transport failures.

use crate::{ChannelError, Result};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// Longest platform message kept (it is shown to staff and logged).
const MAX_MESSAGE: usize = 300;

/// Send `req` and read a successful answer's JSON body as `T`.
pub(crate) async fn json<T: DeserializeOwned>(req: reqwest::RequestBuilder) -> Result<T> {
    json_with(req, by_status).await
}

/// [`json`], the failure read by the platform's own `classify` first.
pub(crate) async fn json_with<T: DeserializeOwned>(
    req: reqwest::RequestBuilder,
    classify: Classify,
) -> Result<T> {
    let r = send_with(req, classify).await?;
    let body = r.bytes().await.map_err(transport)?;
    serde_json::from_slice(&body).map_err(|e| ChannelError::Temporary {
        retry_after: None,
        message: format!("an answer that cannot be read ({e})"),
    })
}

/// Send `req`; a 2xx answer, or the failure classified.
pub(crate) async fn send(req: reqwest::RequestBuilder) -> Result<reqwest::Response> {
    send_with(req, by_status).await
}

/// A platform's own reading of a failed answer (status, seconds to wait
/// when the headers said, body), where its error codes say more than the
/// status; `None` leaves it to the status.
pub(crate) type Classify = fn(u16, Option<u64>, &str) -> Option<ChannelError>;

/// Nothing beyond the status.
fn by_status(_: u16, _: Option<u64>, _: &str) -> Option<ChannelError> {
    None
}

/// [`send`], the failure read by `classify` first.
pub(crate) async fn send_with(
    req: reqwest::RequestBuilder,
    classify: Classify,
) -> Result<reqwest::Response> {
    let r = req.send().await.map_err(transport)?;
    let status = r.status();
    if status.is_success() {
        return Ok(r);
    }
    let retry_after = retry_after(r.headers(), now());
    let body = r.text().await.unwrap_or_default();
    if let Some(e) = classify(status.as_u16(), retry_after, &body) {
        return Err(e);
    }
    let message = format!("{} {}", status.as_u16(), platform_message(&body));
    Err(match status.as_u16() {
        401 | 403 => ChannelError::ReAuthenticate(message),
        408 | 425 | 429 | 500..=599 => ChannelError::Temporary {
            retry_after,
            message,
        },
        _ => ChannelError::Rejected { message },
    })
}

fn transport(e: reqwest::Error) -> ChannelError {
    let what = if e.is_timeout() {
        "no answer in time"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "the connection failed"
    };
    ChannelError::Temporary {
        retry_after: None,
        message: what.to_owned(),
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The platform's words: `{"error": …}` (Mastodon), `error_description`
/// (OAuth), `{"error":{"message": …}}` (Meta), `message` (AT Protocol), or
/// the start of the body.
pub(crate) fn platform_message(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let text = [
        v.get("error_description"),
        v.get("error").and_then(|e| e.get("message")),
        v.get("error"),
        v.get("message"),
    ]
    .into_iter()
    .flatten()
    .find_map(|m| m.as_str().map(str::to_owned))
    .unwrap_or_else(|| body.trim().to_owned());
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_MESSAGE)
        .collect()
}

/// Seconds to wait: `Retry-After` (seconds or an HTTP date), else a
/// rate-limit reset with nothing remaining (`X-RateLimit-Reset` or the
/// PDS's `RateLimit-Reset` as epoch seconds, or ISO 8601, as Mastodon
/// documents).
pub(crate) fn retry_after(h: &HeaderMap, now: i64) -> Option<u64> {
    let header = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
    let until = |at: i64| u64::try_from(at - now).ok();
    if let Some(v) = header("retry-after") {
        if let Ok(s) = v.parse::<u64>() {
            return Some(s);
        }
        if let Ok(t) =
            time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822)
        {
            return until(t.unix_timestamp()).or(Some(0));
        }
    }
    // `X-RateLimit-*` (Mastodon), `RateLimit-*` (the IETF draft, AT Protocol).
    for prefix in ["x-ratelimit", "ratelimit"] {
        if header(&format!("{prefix}-remaining")) == Some("0") {
            let reset = header(&format!("{prefix}-reset"))?;
            let at = reset.parse::<i64>().ok().or_else(|| {
                time::OffsetDateTime::parse(reset, &time::format_description::well_known::Rfc3339)
                    .ok()
                    .map(|t| t.unix_timestamp())
            })?;
            return until(at).or(Some(0));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(
                HeaderName::from_static(n),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn retry_after_in_seconds_dates_and_rate_limit_resets() {
        let now = 1_800_000_000;
        assert_eq!(
            retry_after(&headers(&[("retry-after", "300")]), now),
            Some(300)
        );
        let date = "Fri, 15 Jan 2027 08:00:30 GMT";
        let at = time::OffsetDateTime::parse(date, &time::format_description::well_known::Rfc2822)
            .unwrap()
            .unix_timestamp();
        assert_eq!(
            retry_after(&headers(&[("retry-after", date)]), at - 30),
            Some(30)
        );
        let reset = (now + 42).to_string();
        assert_eq!(
            retry_after(
                &headers(&[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", &reset)
                ]),
                now
            ),
            Some(42)
        );
        let iso = "2027-01-15T08:00:30Z";
        let at = time::OffsetDateTime::parse(iso, &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp();
        assert_eq!(
            retry_after(
                &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", iso)]),
                at - 5
            ),
            Some(5)
        );
        assert_eq!(
            retry_after(
                &headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", &reset)]),
                now
            ),
            Some(42),
            "AT Protocol's unprefixed headers"
        );
        assert_eq!(
            retry_after(
                &headers(&[
                    ("x-ratelimit-remaining", "3"),
                    ("x-ratelimit-reset", &reset)
                ]),
                now
            ),
            None
        );
    }

    #[test]
    fn platform_messages_in_their_envelopes() {
        assert_eq!(
            platform_message(r#"{"error":"Text can't be blank"}"#),
            "Text can't be blank"
        );
        assert_eq!(
            platform_message(r#"{"error":{"message":"Invalid OAuth access token","code":190}}"#),
            "Invalid OAuth access token"
        );
        assert_eq!(
            platform_message(r#"{"error":"invalid_grant","error_description":"The code is bad"}"#),
            "The code is bad"
        );
        assert_eq!(
            platform_message("<html>Bad\ngateway</html>"),
            "<html>Badgateway</html>"
        );
    }
}
