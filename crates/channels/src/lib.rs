//! Connected channels: the spokes a published post travels along. One
//! [`Adapter`] trait — publish with an idempotency key, update, delete, fetch
//! replies since a cursor, verify the credentials — with one implementation
//! per platform ([`mastodon`], [`bluesky`]), every failure classified as a
//! [`ChannelError`] the worker can act on (ask for re-authentication, show the
//! platform's refusal, or try again later, honouring `Retry-After`). All HTTP
//! goes through `reqwest` with timeouts ([`http_client`]).
//!
//! Tokens and secrets never leave this crate in the clear except to the
//! platform: [`Secret`] prints as `***`, and [`seal::Sealer`] encrypts them
//! for the database with a key kept outside it.
#![forbid(unsafe_code)]

pub mod bluesky;
pub mod facebook;
pub mod host;
pub mod instagram;
pub mod linkedin;
pub mod mastodon;
pub mod oauth;
pub mod seal;
mod text;
mod wire;

use lykta_domain::Platform;
use std::time::Duration;

/// A credential: shown to nobody (its `Debug` is `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Why a platform did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// The token is expired, revoked or lacks a scope: a person must connect
    /// the channel again. Not retried.
    #[error("the platform asks for the channel to be connected again: {0}")]
    ReAuthenticate(String),
    /// The platform refused the content (too long, a bad image, …), in its
    /// own words. Not retried as it is.
    #[error("the platform refused it: {message}")]
    Rejected { message: String },
    /// Down, overloaded, rate-limited or too slow: try again, not before
    /// `retry_after` seconds when the platform said so.
    #[error("the platform is not answering now: {message}")]
    Temporary {
        retry_after: Option<u64>,
        message: String,
    },
}

pub type Result<T, E = ChannelError> = std::result::Result<T, E>;

/// An image that goes with a post: its bytes and its description.
#[derive(Debug, Clone)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub mime: String,
    pub file_name: String,
    /// The alt text, required: a post whose image has none is not syndicated.
    pub alt: String,
    /// Its public address (platforms that fetch images themselves: Instagram).
    pub url: String,
}

/// The post's link card: its address (tagged with the channel), title and
/// excerpt.
#[derive(Debug, Clone, Default)]
pub struct Link {
    pub url: String,
    pub title: String,
    pub description: String,
}

/// What goes out on a channel.
#[derive(Debug, Clone)]
pub struct Publication {
    /// The whole text, link included (see [`compose`]).
    pub text: String,
    pub image: Option<Image>,
    /// ISO 639-1, `sv` or `en`.
    pub language: String,
    /// The post's link, for platforms that show it as a card (Bluesky,
    /// LinkedIn, Facebook) and to find a copy already posted (see
    /// [`facebook`]); an empty address: no card.
    pub link: Link,
}

/// The copy a platform keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub remote_id: String,
    pub url: String,
}

/// One answer to a syndicated copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub remote_id: String,
    /// The author's public handle, e.g. `@anna@social.example`.
    pub handle: String,
    pub display_name: String,
    /// The answer's own address on the platform.
    pub url: String,
    /// Plain text (the platform's HTML reduced to text: nothing of it runs).
    pub text: String,
}

/// Replies newer than a cursor, and the cursor to ask from next time.
#[derive(Debug, Clone, Default)]
pub struct Replies {
    pub replies: Vec<Reply>,
    pub cursor: Option<String>,
}

/// Whom the credentials act as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Public handle, e.g. `@blog@social.example`.
    pub handle: String,
    pub url: String,
}

/// A connected account on one platform.
#[async_trait::async_trait]
pub trait Adapter: Send + Sync {
    /// Check the credentials: whom they act as, or why they do not work.
    async fn verify(&self) -> Result<Account>;
    /// Post `p`. The same `key` again returns the first copy, never a second.
    async fn publish(&self, p: &Publication, key: &str) -> Result<Published>;
    /// Change the copy `remote_id` to `p`.
    async fn update(&self, remote_id: &str, p: &Publication) -> Result<Published>;
    /// Remove the copy `remote_id` (already gone is done).
    async fn delete(&self, remote_id: &str) -> Result<()>;
    /// Answers to the copy `remote_id` newer than `cursor` (all when none).
    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies>;
    /// Credentials the adapter renewed while it worked (a Bluesky session
    /// refreshed), to keep instead of those it was made with.
    fn renewed(&self) -> Option<Secret> {
        None
    }
    /// Hide the answer `reply_id` to one of the account's copies, where
    /// the platform lets the account do that (see [`reply_actions`]).
    async fn hide_reply(&self, _reply_id: &str) -> Result<()> {
        Err(not_possible())
    }
    /// Answer `reply` (to the copy `copy_id`) as the account, with `text`;
    /// the same `key` again returns the first answer where the platform
    /// dedupes (see [`reply_actions`]).
    async fn answer_reply(
        &self,
        _copy_id: &str,
        _reply: &ReplyTo<'_>,
        _text: &str,
        _key: &str,
    ) -> Result<Published> {
        Err(not_possible())
    }
}

/// The answer on a platform a moderator acts on.
#[derive(Debug, Clone, Copy)]
pub struct ReplyTo<'a> {
    pub remote_id: &'a str,
    /// Its author's public handle (`@anna@social.example`).
    pub handle: &'a str,
}

/// What a moderator's decision can do on a platform's copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ReplyActions {
    /// Hide an answer (the account's page hides comments on its posts).
    pub hide: bool,
    /// Answer as the organisation's account.
    pub answer: bool,
}

/// What Lykta can do on `platform` with an answer that came home:
/// Facebook pages hide comments (`POST /{comment-id}` `is_hidden`) and
/// answer them (`POST /{comment-id}/comments`); Mastodon and Bluesky
/// answer (`in_reply_to_id`; a reply record with root and parent); no
/// platform lets an account hide someone else's Mastodon reply, and
/// Lykta does not (yet) write Bluesky threadgates, LinkedIn comments or
/// Instagram replies.
pub fn reply_actions(platform: Platform) -> ReplyActions {
    match platform {
        Platform::Facebook => ReplyActions {
            hide: true,
            answer: true,
        },
        Platform::Mastodon | Platform::Bluesky => ReplyActions {
            hide: false,
            answer: true,
        },
        _ => ReplyActions {
            hide: false,
            answer: false,
        },
    }
}

/// What an adapter answers when its platform cannot do what was asked.
fn not_possible() -> ChannelError {
    ChannelError::Rejected {
        message: "the platform does not let Lykta do this".into(),
    }
}

/// How long one request to a platform may take, connecting included.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The HTTP client every adapter uses: timeouts, no redirects followed
/// (a platform's API does not redirect; a login page would), our name.
pub fn http_client() -> reqwest::Client {
    client_builder().build().unwrap_or_default()
}

fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Lykta/", env!("CARGO_PKG_VERSION")))
}

/// The parts a post's text on a channel is made of.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub title: &'a str,
    pub excerpt: &'a str,
    /// The post's address, tagged with the channel.
    pub link: &'a str,
}

/// A post's text for a platform, and how long the platform counts it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Composed {
    pub text: String,
    pub length: usize,
    pub limit: usize,
}

/// Whether Lykta can connect channels of `platform` (has an adapter).
pub fn connectable(platform: Platform) -> bool {
    matches!(
        platform,
        Platform::Mastodon
            | Platform::Bluesky
            | Platform::Facebook
            | Platform::Instagram
            | Platform::Linkedin
    )
}

/// Whether a copy sent to `platform` can be changed afterwards (Instagram's
/// API cannot change a caption).
pub fn editable(platform: Platform) -> bool {
    connectable(platform) && platform != Platform::Instagram
}

/// The text for `platform`: title, excerpt and link, the excerpt shortened
/// (with an ellipsis) so that the whole fits the platform's limit; `None`
/// for a platform Lykta cannot connect.
pub fn compose(platform: Platform, draft: &Draft<'_>) -> Option<Composed> {
    match platform {
        Platform::Mastodon => Some(mastodon::compose(draft)),
        Platform::Bluesky => Some(bluesky::compose(draft)),
        Platform::Facebook => Some(text::compose(draft, facebook::LIMIT)),
        Platform::Instagram => Some(text::compose(draft, instagram::LIMIT)),
        Platform::Linkedin => Some(text::compose(draft, linkedin::LIMIT)),
        _ => None,
    }
}

/// The post's address tagged with the channel, so that visits from it can
/// be counted (`?utm_source=mastodon&utm_medium=social&utm_campaign=lykta`).
pub fn tagged_link(link: &str, source: &str) -> String {
    match url::Url::parse(link) {
        Ok(mut u) => {
            u.query_pairs_mut()
                .append_pair("utm_source", source)
                .append_pair("utm_medium", "social")
                .append_pair("utm_campaign", "lykta");
            u.to_string()
        }
        Err(_) => link.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s = Secret("token-123".into());
        assert_eq!(format!("{s:?}"), "***");
        assert!(!format!("{:?}", Some(s)).contains("token"));
    }

    #[test]
    fn links_are_tagged_with_the_channel() {
        assert_eq!(
            tagged_link("https://alvdal.example/blogg/x", "mastodon"),
            "https://alvdal.example/blogg/x?utm_source=mastodon&utm_medium=social&utm_campaign=lykta"
        );
    }
}
