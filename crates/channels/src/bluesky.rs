//! Bluesky, and any AT Protocol PDS: an app-password session
//! (`com.atproto.server.createSession`, renewed with the refresh token when
//! the access token expires), the cover image as a blob
//! (`com.atproto.repo.uploadBlob`), `app.bsky.feed.post` records written
//! under a record key derived from the delivery's idempotency key (so a
//! retry finds the first copy instead of posting a second), edits
//! (`putRecord`), deletes (`deleteRecord`) and replies
//! (`app.bsky.feed.getPostThread`, which the PDS answers through its
//! AppView). Follows the AT Protocol specifications (atproto.com/specs:
//! XRPC, record keys and TIDs, blobs) and the `app.bsky.*` lexicons;
//! tested against the reference PDS (`@atproto/pds`) over loopback.
//!
//! **The image and its alt text.** A post has one embed. Lykta sends the
//! post's link as an external card (`app.bsky.embed.external`: address,
//! title, excerpt, the cover as its thumbnail), which is what Bluesky shows
//! for a link. The card's lexicon has no alt text for its thumbnail — the
//! thumbnail belongs to the card, whose title names it — so the cover's alt
//! text is not sent with a card. A publication without a link card but with
//! an image goes as an image embed (`app.bsky.embed.images`), with the alt
//! text.

use crate::wire::{platform_message, retry_after};
use crate::{
    text, Account, Adapter, ChannelError, Composed, Draft, Publication, Published, Replies, Reply,
    Result, Secret,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Graphemes a post's text may have.
pub const LIMIT: usize = 300;
/// Bytes a thumbnail or an image blob may have (`app.bsky.embed.*`).
pub const MAX_IMAGE_BYTES: usize = 1_000_000;
/// Where Bluesky people make an app password.
pub const APP_PASSWORDS_URL: &str = "https://bsky.app/settings/app-passwords";

const POST: &str = "app.bsky.feed.post";

/// How Bluesky counts a post's text: graphemes.
pub fn length(text: &str) -> usize {
    text::graphemes(text)
}

/// Title, excerpt and link, the excerpt shortened to fit [`LIMIT`].
pub fn compose(d: &Draft<'_>) -> Composed {
    text::fit(d, LIMIT, length)
}

/// A PDS's address as given (`https://pds.example/`, `pds.example`): its
/// origin. `bsky.social` accounts live behind `https://bsky.social`.
pub fn pds_origin(given: &str) -> Option<String> {
    crate::mastodon::server_origin(if given.trim().is_empty() {
        "https://bsky.social"
    } else {
        given
    })
}

/// A logged-in session: whom it acts as and its two tokens (`Debug`
/// shows no token). Kept sealed between deliveries, so Lykta does not log
/// in for every request (the PDS rate-limits `createSession`).
#[derive(Clone, Serialize, Deserialize)]
pub struct Session {
    pub did: String,
    pub handle: String,
    #[serde(rename = "accessJwt")]
    access_jwt: String,
    #[serde(rename = "refreshJwt")]
    refresh_jwt: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({}, {}, ***)", self.did, self.handle)
    }
}

impl Session {
    /// The session kept as a secret (JSON).
    pub fn to_secret(&self) -> Secret {
        Secret(serde_json::to_string(self).unwrap_or_default())
    }

    /// A session kept by [`Session::to_secret`] (`None`: none, or unreadable).
    pub fn from_secret(s: &Secret) -> Option<Session> {
        serde_json::from_str(s.expose()).ok()
    }

    /// Whether it was made with an app password, not the account's own
    /// password: the access token's `scope` says so
    /// (`com.atproto.appPass`, or `…appPassPrivileged`).
    pub fn is_app_password(&self) -> bool {
        use base64::Engine;
        let Some(payload) = self.access_jwt.split('.').nth(1) else {
            return false;
        };
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| {
                v["scope"]
                    .as_str()
                    .map(|s| s.starts_with("com.atproto.appPass"))
            })
            .unwrap_or(false)
    }
}

/// A Bluesky account Lykta acts as, with an app password.
pub struct Bluesky {
    http: reqwest::Client,
    pds: String,
    identifier: String,
    password: Secret,
    session: Mutex<Option<Session>>,
    renewed: AtomicBool,
}

/// An XRPC error answer: the status, the `error` name and its message.
#[derive(Debug)]
struct XrpcError {
    status: u16,
    error: String,
    message: String,
    retry_after: Option<u64>,
}

impl XrpcError {
    /// The session's tokens no longer work (expired, revoked, unknown).
    fn is_session(&self) -> bool {
        self.status == 401
            || matches!(
                self.error.as_str(),
                "ExpiredToken" | "InvalidToken" | "AuthMissing" | "AuthenticationRequired"
            )
    }

    fn text(&self) -> String {
        let name = if self.error.is_empty() {
            String::new()
        } else {
            format!("{} ", self.error)
        };
        format!("{} {name}{}", self.status, self.message)
            .trim()
            .to_owned()
    }

    fn classify(self) -> ChannelError {
        let message = self.text();
        match self.status {
            _ if self.is_session() => ChannelError::ReAuthenticate(message),
            403 => ChannelError::ReAuthenticate(message),
            408 | 425 | 429 | 500..=599 => ChannelError::Temporary {
                retry_after: self.retry_after,
                message,
            },
            _ => ChannelError::Rejected { message },
        }
    }
}

/// Either the platform's error answer or a failure to reach it.
enum Failure {
    Xrpc(XrpcError),
    Channel(ChannelError),
}

impl Failure {
    fn is_session(&self) -> bool {
        matches!(self, Failure::Xrpc(e) if e.is_session())
    }

    fn is(&self, error: &str) -> bool {
        matches!(self, Failure::Xrpc(e) if e.error == error)
    }

    fn classify(self) -> ChannelError {
        match self {
            Failure::Xrpc(e) => e.classify(),
            Failure::Channel(e) => e,
        }
    }
}

type Call<T> = std::result::Result<T, Failure>;

/// What `createRecord`, `putRecord` and `getRecord` answer.
#[derive(Deserialize)]
struct RecordRef {
    uri: String,
}

#[derive(Deserialize)]
struct FoundRecord {
    uri: String,
    value: Value,
}

impl Bluesky {
    /// The account `identifier` (handle or DID) on the PDS at `pds`, with
    /// its app password and the session kept from last time, if any.
    pub fn new(
        http: reqwest::Client,
        pds: &str,
        identifier: &str,
        password: Secret,
        session: Option<Session>,
    ) -> Bluesky {
        Bluesky {
            http,
            pds: pds.trim_end_matches('/').to_owned(),
            identifier: identifier.trim().trim_start_matches('@').to_owned(),
            password,
            session: Mutex::new(session),
            renewed: AtomicBool::new(false),
        }
    }

    fn url(&self, method: &str) -> String {
        format!("{}/xrpc/{method}", self.pds)
    }

    fn current(&self) -> Option<Session> {
        self.session.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn keep(&self, s: &Session) {
        if let Ok(mut slot) = self.session.lock() {
            *slot = Some(s.clone());
        }
        self.renewed.store(true, Ordering::SeqCst);
    }

    /// Send one XRPC request; its JSON answer, or the failure.
    async fn send<T: serde::de::DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Call<T> {
        let r = req.send().await.map_err(|e| {
            Failure::Channel(ChannelError::Temporary {
                retry_after: None,
                message: if e.is_timeout() {
                    "no answer in time".into()
                } else {
                    "cannot connect".into()
                },
            })
        })?;
        let status = r.status();
        let retry = retry_after(
            r.headers(),
            time::OffsetDateTime::now_utc().unix_timestamp(),
        );
        let body = r.bytes().await.unwrap_or_default();
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                Failure::Channel(ChannelError::Temporary {
                    retry_after: None,
                    message: format!("an answer that cannot be read ({e})"),
                })
            });
        }
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        Err(Failure::Xrpc(XrpcError {
            status: status.as_u16(),
            error: v["error"].as_str().unwrap_or_default().to_owned(),
            // `{"error": name, "message": text}`; else the start of the body.
            message: match v["message"].as_str() {
                Some(m) => platform_message(m),
                None if v["error"].is_string() => String::new(),
                None => platform_message(&String::from_utf8_lossy(&body)),
            },
            retry_after: retry,
        }))
    }

    /// A new session with the app password (`createSession`). A refused
    /// password means a person must connect the channel again.
    pub async fn log_in(&self) -> Result<Session> {
        let s: Session = self
            .send(
                self.http
                    .post(self.url("com.atproto.server.createSession"))
                    .json(
                        &json!({"identifier": self.identifier, "password": self.password.expose()}),
                    ),
            )
            .await
            .map_err(Failure::classify)?;
        self.keep(&s);
        Ok(s)
    }

    /// The session, renewed: with the refresh token, else with the app
    /// password.
    async fn renew(&self, stale: Option<&Session>) -> Result<Session> {
        if let Some(stale) = stale {
            match self
                .send::<Session>(
                    self.http
                        .post(self.url("com.atproto.server.refreshSession"))
                        .bearer_auth(&stale.refresh_jwt),
                )
                .await
            {
                Ok(s) => {
                    self.keep(&s);
                    return Ok(s);
                }
                Err(f) if f.is_session() => {}
                Err(f) => return Err(f.classify()),
            }
        }
        self.log_in().await
    }

    /// Make the request `build` gives for the session's access token; when
    /// the token no longer works, renew the session once and make it again.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        build: impl Fn(&Session) -> reqwest::RequestBuilder,
    ) -> Call<T> {
        let session = match self.current() {
            Some(s) => s,
            None => self.renew(None).await.map_err(Failure::Channel)?,
        };
        match self.send(build(&session)).await {
            Err(f) if f.is_session() => {
                let fresh = self.renew(Some(&session)).await.map_err(Failure::Channel)?;
                self.send(build(&fresh)).await
            }
            other => other,
        }
    }

    async fn did(&self) -> Result<String> {
        match self.current() {
            Some(s) => Ok(s.did),
            None => Ok(self.renew(None).await?.did),
        }
    }

    /// The record at `rkey` in the account's posts, if there is one.
    async fn find(&self, did: &str, rkey: &str) -> Result<Option<FoundRecord>> {
        let query = [("repo", did), ("collection", POST), ("rkey", rkey)];
        match self
            .call::<FoundRecord>(|_| {
                self.http
                    .get(self.url("com.atproto.repo.getRecord"))
                    .query(&query)
            })
            .await
        {
            Ok(r) => Ok(Some(r)),
            Err(f) if f.is("RecordNotFound") => Ok(None),
            Err(f) => Err(f.classify()),
        }
    }

    /// Upload `image`; the blob to refer to.
    async fn upload(&self, image: &crate::Image) -> Result<Value> {
        #[derive(Deserialize)]
        struct Uploaded {
            blob: Value,
        }
        let u: Uploaded = self
            .call(|s| {
                self.http
                    .post(self.url("com.atproto.repo.uploadBlob"))
                    .bearer_auth(&s.access_jwt)
                    .header(reqwest::header::CONTENT_TYPE, &image.mime)
                    .body(image.bytes.clone())
            })
            .await
            .map_err(Failure::classify)?;
        Ok(u.blob)
    }

    /// The `app.bsky.feed.post` record for `p`, its image uploaded.
    async fn record(&self, p: &Publication, created_at: &str) -> Result<Value> {
        let mut record = json!({
            "$type": POST,
            "text": p.text,
            "createdAt": created_at,
            "langs": [p.language],
        });
        let facets = link_facets(&p.text);
        if !facets.is_empty() {
            record["facets"] = Value::Array(facets);
        }
        let blob = match &p.image {
            Some(image) => Some(self.upload(image).await?),
            None => None,
        };
        let card = Some(&p.link).filter(|l| !l.url.is_empty());
        record["embed"] = match (card, blob) {
            (Some(card), thumb) => {
                let mut external = json!({
                    "uri": card.url,
                    "title": card.title,
                    "description": card.description,
                });
                if let Some(thumb) = thumb {
                    external["thumb"] = thumb;
                }
                json!({"$type": "app.bsky.embed.external", "external": external})
            }
            (None, Some(image)) => json!({
                "$type": "app.bsky.embed.images",
                "images": [{"image": image, "alt": p.image.as_ref().map(|i| i.alt.as_str()).unwrap_or_default()}],
            }),
            (None, None) => return Ok(record),
        };
        Ok(record)
    }

    /// Write `record` at `rkey`: `createRecord` (refused when something is
    /// there) or `putRecord` (replaces it).
    async fn write(&self, method: &str, did: &str, rkey: &str, record: &Value) -> Call<RecordRef> {
        let body = json!({"repo": did, "collection": POST, "rkey": rkey, "record": record});
        self.call(|s| {
            self.http
                .post(self.url(method))
                .bearer_auth(&s.access_jwt)
                .json(&body)
        })
        .await
    }

    fn published(&self, uri: &str) -> Published {
        let (did, rkey) = split_uri(uri).unwrap_or_default();
        Published {
            remote_id: uri.to_owned(),
            url: post_url(did, rkey),
        }
    }
}

#[async_trait::async_trait]
impl Adapter for Bluesky {
    async fn verify(&self) -> Result<Account> {
        #[derive(Deserialize)]
        struct Me {
            handle: String,
        }
        let me: Me = self
            .call(|s| {
                self.http
                    .get(self.url("com.atproto.server.getSession"))
                    .bearer_auth(&s.access_jwt)
            })
            .await
            .map_err(Failure::classify)?;
        Ok(Account {
            url: format!("https://bsky.app/profile/{}", me.handle),
            handle: format!("@{}", me.handle),
        })
    }

    /// Under the record key [`tid_for`] `key`: a copy already there (an
    /// earlier attempt that got through) is the answer, not posted again.
    async fn publish(&self, p: &Publication, key: &str) -> Result<Published> {
        let did = self.did().await?;
        let rkey = tid_for(key);
        if let Some(found) = self.find(&did, &rkey).await? {
            return Ok(self.published(&found.uri));
        }
        let record = self.record(p, &now_rfc3339()).await?;
        match self
            .write("com.atproto.repo.createRecord", &did, &rkey, &record)
            .await
        {
            Ok(r) => Ok(self.published(&r.uri)),
            // The PDS answers 500 when the key is taken (a request that got
            // through while its answer was lost): look before failing.
            Err(f) => match self.find(&did, &rkey).await {
                Ok(Some(found)) => Ok(self.published(&found.uri)),
                _ => Err(f.classify()),
            },
        }
    }

    /// Replaces the record (`putRecord`), keeping when it was first posted.
    async fn update(&self, remote_id: &str, p: &Publication) -> Result<Published> {
        let (did, rkey) = split_uri(remote_id).ok_or_else(|| ChannelError::Rejected {
            message: format!("not a Bluesky post: {remote_id}"),
        })?;
        let created = self
            .find(did, rkey)
            .await?
            .and_then(|r| r.value["createdAt"].as_str().map(str::to_owned))
            .unwrap_or_else(now_rfc3339);
        let record = self.record(p, &created).await?;
        let r = self
            .write("com.atproto.repo.putRecord", did, rkey, &record)
            .await
            .map_err(Failure::classify)?;
        Ok(self.published(&r.uri))
    }

    async fn delete(&self, remote_id: &str) -> Result<()> {
        let (did, rkey) = split_uri(remote_id).ok_or_else(|| ChannelError::Rejected {
            message: format!("not a Bluesky post: {remote_id}"),
        })?;
        let body = json!({"repo": did, "collection": POST, "rkey": rkey});
        // A repeated delete answers 200 too: already gone is done.
        self.call::<Value>(|s| {
            self.http
                .post(self.url("com.atproto.repo.deleteRecord"))
                .bearer_auth(&s.access_jwt)
                .json(&body)
        })
        .await
        .map_err(Failure::classify)?;
        Ok(())
    }

    /// The whole thread under the post (`getPostThread`, every depth),
    /// newer than `cursor` (the latest `indexedAt` seen).
    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies> {
        let query = [("uri", remote_id), ("depth", "1000"), ("parentHeight", "0")];
        let thread: Value = self
            .call(|s| {
                self.http
                    .get(self.url("app.bsky.feed.getPostThread"))
                    .bearer_auth(&s.access_jwt)
                    .query(&query)
            })
            .await
            .map_err(Failure::classify)?;
        Ok(thread_replies(&thread["thread"], cursor))
    }

    /// An `app.bsky.feed.post` with `reply` {root: the copy, parent: the
    /// answer} as strong refs (uri and cid, read from the thread), under the
    /// record key [`tid_for`] `key`, so a retry finds the first answer.
    async fn answer_reply(
        &self,
        copy_id: &str,
        reply: &crate::ReplyTo<'_>,
        text: &str,
        key: &str,
    ) -> Result<Published> {
        let did = self.did().await?;
        let rkey = tid_for(key);
        if let Some(found) = self.find(&did, &rkey).await? {
            return Ok(self.published(&found.uri));
        }
        let query = [("uri", copy_id), ("depth", "1000"), ("parentHeight", "0")];
        let thread: Value = self
            .call(|s| {
                self.http
                    .get(self.url("app.bsky.feed.getPostThread"))
                    .bearer_auth(&s.access_jwt)
                    .query(&query)
            })
            .await
            .map_err(Failure::classify)?;
        let (Some(root), Some(parent)) = (
            strong_ref(&thread["thread"], copy_id),
            strong_ref(&thread["thread"], reply.remote_id),
        ) else {
            return Err(ChannelError::Rejected {
                message: "the answer is no longer in the thread".into(),
            });
        };
        let mut record = json!({
            "$type": POST,
            "text": text,
            "createdAt": now_rfc3339(),
            "reply": {"root": root, "parent": parent},
        });
        let facets = link_facets(text);
        if !facets.is_empty() {
            record["facets"] = Value::Array(facets);
        }
        let r = self
            .write("com.atproto.repo.createRecord", &did, &rkey, &record)
            .await
            .map_err(Failure::classify)?;
        Ok(self.published(&r.uri))
    }

    fn renewed(&self) -> Option<Secret> {
        if !self.renewed.load(Ordering::SeqCst) {
            return None;
        }
        self.current().map(|s| s.to_secret())
    }
}

/// The replies in a `getPostThread` answer's thread (an
/// `app.bsky.feed.defs#threadViewPost`, its `replies` nested), those indexed
/// at or after `cursor` (Lykta takes each reply once, by its address), and
/// the latest `indexedAt` as the next cursor. Posts not found or blocked
/// are skipped.
pub fn thread_replies(thread: &Value, cursor: Option<&str>) -> Replies {
    let mut out = Replies {
        replies: Vec::new(),
        cursor: cursor.map(str::to_owned),
    };
    let mut stack: Vec<&Value> = thread["replies"]
        .as_array()
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    while let Some(node) = stack.pop() {
        if let Some(children) = node["replies"].as_array() {
            stack.extend(children);
        }
        let post = &node["post"];
        let (Some(uri), Some(handle), Some(indexed)) = (
            post["uri"].as_str(),
            post["author"]["handle"].as_str(),
            post["indexedAt"].as_str(),
        ) else {
            continue;
        };
        if cursor.is_some_and(|c| indexed < c) {
            continue;
        }
        if out.cursor.as_deref().is_none_or(|c| indexed > c) {
            out.cursor = Some(indexed.to_owned());
        }
        let (did, rkey) = split_uri(uri).unwrap_or_default();
        out.replies.push(Reply {
            remote_id: uri.to_owned(),
            handle: format!("@{handle}"),
            display_name: post["author"]["displayName"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            url: post_url(if handle.is_empty() { did } else { handle }, rkey),
            text: post["record"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    out.replies.sort_by(|a, b| a.remote_id.cmp(&b.remote_id));
    out
}

/// `{uri, cid}` of the post `uri` in a thread (the node or one under it).
fn strong_ref(node: &Value, uri: &str) -> Option<Value> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let post = &n["post"];
        if post["uri"].as_str() == Some(uri) {
            return Some(json!({"uri": uri, "cid": post["cid"].as_str()?}));
        }
        if let Some(children) = n["replies"].as_array() {
            stack.extend(children);
        }
    }
    None
}

/// `at://did/collection/rkey` → (did, rkey).
fn split_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.split('/');
    let (did, _, rkey) = (parts.next()?, parts.next()?, parts.next()?);
    Some((did, rkey))
}

/// A post's address in Bluesky's web app.
fn post_url(actor: &str, rkey: &str) -> String {
    format!("https://bsky.app/profile/{actor}/post/{rkey}")
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The record key for idempotency key `key`: a TID (13 characters of
/// base32-sortable, the top bit zero) made of the first 63 bits of the
/// key's SHA-256 — the same key always names the same record, so a retried
/// delivery finds its first copy. (A TID's bits are meant as a timestamp
/// and a clock id; the PDS checks only the syntax, and nothing orders
/// posts by their keys.)
pub fn tid_for(key: &str) -> String {
    use sha2::Digest;
    const S32: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    let digest = sha2::Sha256::digest(key.as_bytes());
    let mut n = u64::from_be_bytes(digest[..8].try_into().unwrap_or_default()) >> 1;
    let mut out = [b'2'; 13];
    for c in out.iter_mut().rev() {
        *c = S32[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Link facets for every web address in `text`, by UTF-8 byte offsets
/// (trailing punctuation is not part of the link).
pub fn link_facets(text: &str) -> Vec<Value> {
    let mut facets = Vec::new();
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let w = word.trim_end();
        let start = w.find("https://").or_else(|| w.find("http://"));
        if let Some(start) = start {
            let link = w[start..]
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '»']);
            if url::Url::parse(link).is_ok() {
                let byte_start = at + start;
                facets.push(json!({
                    "index": {"byteStart": byte_start, "byteEnd": byte_start + link.len()},
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": link}],
                }));
            }
        }
        at += word.len();
    }
    facets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_are_tids_and_the_same_for_the_same_key() {
        let a = tid_for("lykta-0123");
        assert_eq!(a.len(), 13);
        assert_eq!(a, tid_for("lykta-0123"));
        assert_ne!(a, tid_for("lykta-0124"));
        // The first character of a TID is one of 234567abcdefghij.
        for k in ["a", "b", "c", "lykta-ffff", "x"] {
            let t = tid_for(k);
            assert!("234567abcdefghij".contains(&t[..1]), "{t}");
            assert!(t
                .bytes()
                .all(|c| b"234567abcdefghijklmnopqrstuvwxyz".contains(&c)));
        }
    }

    #[test]
    fn facets_count_utf8_bytes() {
        let text = "Röntgen — “hej”\n\nhttps://alvdal.example/x?a=1.";
        let f = link_facets(text);
        assert_eq!(f.len(), 1);
        let start = text.find("https").unwrap();
        assert_eq!(f[0]["index"]["byteStart"], start);
        assert_eq!(f[0]["index"]["byteEnd"], text.len() - 1);
        assert_eq!(f[0]["features"][0]["uri"], "https://alvdal.example/x?a=1");
        assert!(link_facets("inga länkar här").is_empty());
    }

    #[test]
    fn long_excerpts_are_cut_to_three_hundred_graphemes() {
        let excerpt = "Ä".repeat(400);
        let c = compose(&Draft {
            title: "Rubrik",
            excerpt: &excerpt,
            link: "https://alvdal.example/blogg/rubrik?utm_source=bluesky",
        });
        assert_eq!(c.limit, 300);
        assert!(c.length <= 300, "{}", c.length);
        assert!(c.text.contains("…\n\nhttps://alvdal.example/blogg/rubrik"));
    }

    #[test]
    fn thread_replies_follow_the_lexicon() {
        let thread = json!({
            "$type": "app.bsky.feed.defs#threadViewPost",
            "post": {"uri": "at://did:plc:blog/app.bsky.feed.post/3aaa", "author": {"did": "did:plc:blog", "handle": "blog.test"},
                     "record": {"text": "Inlägget"}, "indexedAt": "2026-12-01T10:00:00.000Z"},
            "replies": [
                {"$type": "app.bsky.feed.defs#threadViewPost",
                 "post": {"uri": "at://did:plc:r/app.bsky.feed.post/3bbb", "author": {"did": "did:plc:r", "handle": "reader.test", "displayName": "Läsaren"},
                          "record": {"text": "<b>Bra</b>"}, "indexedAt": "2026-12-01T11:00:00.000Z"},
                 "replies": [
                    {"$type": "app.bsky.feed.defs#threadViewPost",
                     "post": {"uri": "at://did:plc:s/app.bsky.feed.post/3ccc", "author": {"did": "did:plc:s", "handle": "s.test"},
                              "record": {"text": "Svar på svar"}, "indexedAt": "2026-12-01T12:00:00.000Z"}}]},
                {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://did:plc:x/app.bsky.feed.post/3ddd", "notFound": true}
            ]
        });
        let r = thread_replies(&thread, None);
        assert_eq!(r.replies.len(), 2);
        assert_eq!(r.replies[0].handle, "@reader.test");
        assert_eq!(r.replies[0].display_name, "Läsaren");
        assert_eq!(r.replies[0].text, "<b>Bra</b>");
        assert_eq!(
            r.replies[0].url,
            "https://bsky.app/profile/reader.test/post/3bbb"
        );
        assert_eq!(r.cursor.as_deref(), Some("2026-12-01T12:00:00.000Z"));
        let later = thread_replies(&thread, Some("2026-12-01T12:00:00.000Z"));
        assert_eq!(
            later.replies.len(),
            1,
            "the boundary again, taken once by its address"
        );
    }

    #[test]
    fn errors_are_classified_by_their_name_and_status() {
        let e = |status: u16, error: &str, retry_after: Option<u64>| XrpcError {
            status,
            error: error.into(),
            message: "m".into(),
            retry_after,
        };
        // The PDS answers a void token with 400, not 401: a session problem.
        assert!(e(400, "ExpiredToken", None).is_session());
        assert!(e(400, "InvalidToken", None).is_session());
        assert!(e(401, "AuthenticationRequired", None).is_session());
        assert!(!e(400, "InvalidRequest", None).is_session());
        assert!(matches!(
            e(401, "AuthenticationRequired", None).classify(),
            ChannelError::ReAuthenticate(_)
        ));
        assert_eq!(
            e(400, "InvalidRequest", None).classify(),
            ChannelError::Rejected {
                message: "400 InvalidRequest m".into()
            }
        );
        assert_eq!(
            e(429, "RateLimitExceeded", Some(289)).classify(),
            ChannelError::Temporary {
                retry_after: Some(289),
                message: "429 RateLimitExceeded m".into()
            }
        );
        assert!(matches!(
            e(502, "", None).classify(),
            ChannelError::Temporary { .. }
        ));
    }

    #[test]
    fn sessions_tell_app_passwords_from_the_account_password() {
        use base64::Engine;
        let jwt = |scope: &str| {
            let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(format!(r#"{{"scope":"{scope}","sub":"did:plc:x"}}"#));
            Session {
                did: "did:plc:x".into(),
                handle: "x.test".into(),
                access_jwt: format!("e30.{payload}.sig"),
                refresh_jwt: "r".into(),
            }
        };
        assert!(jwt("com.atproto.appPass").is_app_password());
        assert!(!jwt("com.atproto.access").is_app_password());
        let s = jwt("com.atproto.appPass");
        assert!(!format!("{s:?}").contains("e30"));
        let kept = Session::from_secret(&s.to_secret()).unwrap();
        assert_eq!(kept.access_jwt, s.access_jwt);
    }
}
