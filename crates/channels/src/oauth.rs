//! What the platforms that register one app for the whole installation
//! (Meta, LinkedIn) share: the app's id and secret with the addresses to
//! use (from the settings), the authorisation-code round trip's answer, and
//! finding the account a channel of the inventory names.

use crate::Secret;
use serde::Deserialize;

/// One app registered with a platform by the organisation (Meta for
/// developers, LinkedIn Developers), from the settings.
#[derive(Debug, Clone)]
pub struct PlatformApp {
    /// The app id (Meta) or client id (LinkedIn).
    pub client_id: String,
    pub client_secret: Secret,
    /// The API's origin, e.g. `https://graph.facebook.com`,
    /// `https://api.linkedin.com`.
    pub api_url: String,
    /// Where people authorise the app, e.g. `https://www.facebook.com`,
    /// `https://www.linkedin.com`.
    pub auth_url: String,
    /// The API version asked for: `v24.0` (Graph), `202611` (LinkedIn).
    pub version: String,
}

/// An access token and how long it lives.
#[derive(Debug, Clone, Deserialize)]
pub struct Token {
    pub access_token: Secret,
    /// Seconds; none: it does not expire by itself.
    #[serde(default)]
    pub expires_in: Option<i64>,
}

/// An account the person may connect the channel to (a Facebook page, an
/// Instagram professional account, a LinkedIn organisation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The platform's id: page id, Instagram user id, organisation URN.
    pub id: String,
    pub name: String,
    /// Its public address.
    pub url: String,
    /// The token acting as it, when the platform gives one per account
    /// (a page access token); else the person's.
    pub token: Option<Secret>,
}

/// The account among `candidates` that the inventory's `channel_url`
/// names (by the last part of the address: `facebook.com/regionalvdal`,
/// `linkedin.com/company/region-alvdal`), else the only one.
pub fn pick<'a>(candidates: &'a [Candidate], channel_url: &str) -> Option<&'a Candidate> {
    let wanted = last_segment(channel_url);
    candidates
        .iter()
        .find(|c| wanted.is_some() && last_segment(&c.url) == wanted)
        .or(match candidates {
            [only] => Some(only),
            _ => None,
        })
}

fn last_segment(address: &str) -> Option<String> {
    let u = url::Url::parse(address.trim()).ok()?;
    u.path_segments()?
        .rfind(|s| !s.is_empty())
        .map(str::to_lowercase)
}

/// `base?query` with the pairs encoded.
pub(crate) fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{base}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, url: &str) -> Candidate {
        Candidate {
            id: id.into(),
            name: id.into(),
            url: url.into(),
            token: None,
        }
    }

    #[test]
    fn the_channel_address_names_the_account() {
        let pages = [
            c("1", "https://www.facebook.com/regionalvdal"),
            c("2", "https://www.facebook.com/folktandvarden/"),
        ];
        assert_eq!(
            pick(&pages, "https://www.facebook.com/Folktandvarden").map(|p| p.id.as_str()),
            Some("2")
        );
        assert_eq!(pick(&pages, "https://www.facebook.com/other"), None);
        assert_eq!(
            pick(&pages[..1], "https://www.facebook.com/other").map(|p| p.id.as_str()),
            Some("1")
        );
    }
}
