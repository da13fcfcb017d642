//! Mastodon, and any server speaking its REST API: app registration per
//! server (`POST /api/v1/apps`), the OAuth authorisation code flow, media
//! with a description (`POST /api/v2/media`), statuses with an
//! `Idempotency-Key` (`POST /api/v1/statuses`), edits, deletes, and replies
//! (`GET /api/v1/statuses/:id/context`, descendants). Follows the Mastodon
//! API documentation (docs.joinmastodon.org, API 4.x); tested against
//! PyPI `mastodon-mock` over loopback.

use crate::wire::{json, send};
use crate::{
    Account, Adapter, ChannelError, Composed, Draft, Publication, Published, Replies, Reply,
    Result, Secret,
};
use serde::Deserialize;
use std::time::Duration;

/// Characters a status may have (Mastodon's default; `max_characters`).
pub const LIMIT: usize = 500;
/// What a link counts, whatever its length (`characters_reserved_per_url`).
pub const URL_CHARS: usize = 23;
/// The scopes Lykta asks for.
pub const SCOPES: &str = "read write";

/// The app Lykta registered on one server.
#[derive(Debug, Clone, Deserialize)]
pub struct App {
    pub client_id: String,
    pub client_secret: Secret,
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// A server's address as given (`https://social.example/@blog` or
/// `social.example`): its origin, `https://social.example`.
pub fn server_origin(given: &str) -> Option<String> {
    let given = given.trim();
    let with_scheme = if given.contains("://") {
        given.to_owned()
    } else {
        format!("https://{given}")
    };
    let u = url::Url::parse(&with_scheme).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    Some(u.origin().ascii_serialization())
}

/// Register Lykta on `server` with `redirect_uri` as its callback.
pub async fn register_app(
    http: &reqwest::Client,
    server: &str,
    client_name: &str,
    redirect_uri: &str,
    website: &str,
) -> Result<App> {
    json(http.post(format!("{server}/api/v1/apps")).form(&[
        ("client_name", client_name),
        ("redirect_uris", redirect_uri),
        ("scopes", SCOPES),
        ("website", website),
    ]))
    .await
}

/// Where to send the person to authorise Lykta.
pub fn authorize_url(server: &str, app: &App, redirect_uri: &str, state: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", &app.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", SCOPES)
        .append_pair("state", state)
        .finish();
    format!("{server}/oauth/authorize?{query}")
}

/// Trade the authorisation `code` for an access token.
pub async fn exchange_code(
    http: &reqwest::Client,
    server: &str,
    app: &App,
    redirect_uri: &str,
    code: &str,
) -> Result<Secret> {
    #[derive(Deserialize)]
    struct Token {
        access_token: Secret,
    }
    let t: Token = json(http.post(format!("{server}/oauth/token")).form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", &app.client_id),
        ("client_secret", app.client_secret.expose()),
        ("redirect_uri", redirect_uri),
        ("scope", SCOPES),
    ]))
    .await?;
    Ok(t.access_token)
}

/// How Mastodon counts a status: characters, every URL as [`URL_CHARS`].
pub fn length(text: &str) -> usize {
    text.split_inclusive(char::is_whitespace)
        .map(|w| {
            let word = w.trim_end();
            let ws = w.len() - word.len();
            let counted = if word.starts_with("http://") || word.starts_with("https://") {
                URL_CHARS
            } else {
                word.chars().count()
            };
            counted + w[word.len()..].chars().count().min(ws)
        })
        .sum()
}

/// Title, excerpt and link, the excerpt shortened to fit [`LIMIT`].
pub fn compose(d: &Draft<'_>) -> Composed {
    crate::text::fit(d, LIMIT, length)
}

/// A Mastodon account Lykta acts as.
#[derive(Debug, Clone)]
pub struct Mastodon {
    http: reqwest::Client,
    server: String,
    token: Secret,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    url: Option<String>,
    uri: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    id: String,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Context {
    descendants: Vec<Descendant>,
}

#[derive(Deserialize)]
struct Descendant {
    id: String,
    content: String,
    url: Option<String>,
    uri: Option<String>,
    account: DescAccount,
}

#[derive(Deserialize)]
struct DescAccount {
    acct: String,
    #[serde(default)]
    display_name: String,
}

/// How often to ask whether an uploaded image is processed, and how long
/// to wait between (the API answers 202 with `url: null` until it is).
const MEDIA_POLLS: u32 = 10;
const MEDIA_POLL_WAIT: Duration = Duration::from_millis(500);

impl Mastodon {
    pub fn new(http: reqwest::Client, server: &str, token: Secret) -> Mastodon {
        Mastodon {
            http,
            server: server.trim_end_matches('/').to_owned(),
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server)
    }

    /// `@user@server` for an account's `acct` (which names the server
    /// only for accounts of other servers).
    fn handle(&self, acct: &str) -> String {
        if acct.contains('@') {
            return format!("@{acct}");
        }
        let host = url::Url::parse(&self.server)
            .ok()
            .and_then(|u| {
                let h = u.host_str()?.to_owned();
                Some(u.port().map_or(h.clone(), |p| format!("{h}:{p}")))
            })
            .unwrap_or_default();
        format!("@{acct}@{host}")
    }

    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        r.bearer_auth(self.token.expose())
    }

    /// Upload the image with its description; its id once processed.
    async fn upload(&self, image: &crate::Image) -> Result<String> {
        let part = reqwest::multipart::Part::bytes(image.bytes.clone())
            .file_name(image.file_name.clone())
            .mime_str(&image.mime)
            .map_err(|_| ChannelError::Rejected {
                message: format!("an image of type {} cannot be sent", image.mime),
            })?;
        let form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("description", image.alt.clone());
        let mut media: Media =
            json(self.auth(self.http.post(self.url("/api/v2/media")).multipart(form))).await?;
        for _ in 0..MEDIA_POLLS {
            if media.url.is_some() {
                return Ok(media.id);
            }
            tokio::time::sleep(MEDIA_POLL_WAIT).await;
            media = json(
                self.auth(
                    self.http
                        .get(self.url(&format!("/api/v1/media/{}", media.id))),
                ),
            )
            .await?;
        }
        Err(ChannelError::Temporary {
            retry_after: None,
            message: "the image is still being processed".into(),
        })
    }

    fn status_form(p: &Publication, media: Option<&str>) -> Vec<(&'static str, String)> {
        let mut form = vec![
            ("status", p.text.clone()),
            ("visibility", "public".to_owned()),
            ("language", p.language.clone()),
        ];
        if let Some(id) = media {
            form.push(("media_ids[]", id.to_owned()));
        }
        form
    }

    fn published(s: Status) -> Published {
        Published {
            url: s.url.or(s.uri).unwrap_or_default(),
            remote_id: s.id,
        }
    }
}

#[async_trait::async_trait]
impl Adapter for Mastodon {
    async fn verify(&self) -> Result<Account> {
        #[derive(Deserialize)]
        struct Me {
            acct: String,
            url: String,
        }
        let me: Me = json(
            self.auth(
                self.http
                    .get(self.url("/api/v1/accounts/verify_credentials")),
            ),
        )
        .await?;
        Ok(Account {
            handle: self.handle(&me.acct),
            url: me.url,
        })
    }

    async fn publish(&self, p: &Publication, key: &str) -> Result<Published> {
        let media = match &p.image {
            Some(image) => Some(self.upload(image).await?),
            None => None,
        };
        let s: Status = json(
            self.auth(self.http.post(self.url("/api/v1/statuses")))
                .header("Idempotency-Key", key)
                .form(&Self::status_form(p, media.as_deref())),
        )
        .await?;
        Ok(Self::published(s))
    }

    async fn update(&self, remote_id: &str, p: &Publication) -> Result<Published> {
        let media = match &p.image {
            Some(image) => Some(self.upload(image).await?),
            None => None,
        };
        let s: Status = json(
            self.auth(
                self.http
                    .put(self.url(&format!("/api/v1/statuses/{remote_id}"))),
            )
            .form(&Self::status_form(p, media.as_deref())),
        )
        .await?;
        Ok(Self::published(s))
    }

    async fn delete(&self, remote_id: &str) -> Result<()> {
        match send(
            self.auth(
                self.http
                    .delete(self.url(&format!("/api/v1/statuses/{remote_id}"))),
            ),
        )
        .await
        {
            Ok(_) => Ok(()),
            Err(ChannelError::Rejected { message }) if message.starts_with("404") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A public status `in_reply_to_id` the answer, mentioning its author,
    /// under the same `Idempotency-Key` rules as a post.
    async fn answer_reply(
        &self,
        _copy_id: &str,
        reply: &crate::ReplyTo<'_>,
        text: &str,
        key: &str,
    ) -> Result<Published> {
        let text = if text.contains(reply.handle) || reply.handle.is_empty() {
            text.to_owned()
        } else {
            format!("{} {text}", reply.handle)
        };
        let s: Status = json(
            self.auth(self.http.post(self.url("/api/v1/statuses")))
                .header("Idempotency-Key", key)
                .form(&[
                    ("status", text.as_str()),
                    ("in_reply_to_id", reply.remote_id),
                    ("visibility", "public"),
                ]),
        )
        .await?;
        Ok(Self::published(s))
    }

    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies> {
        let c: Context = json(
            self.auth(
                self.http
                    .get(self.url(&format!("/api/v1/statuses/{remote_id}/context"))),
            ),
        )
        .await?;
        let newer = |id: &str| cursor.is_none_or(|c| id_after(id, c));
        let mut next = cursor.map(str::to_owned);
        let mut replies = Vec::new();
        for d in c.descendants {
            if !newer(&d.id) {
                continue;
            }
            if next.as_deref().is_none_or(|n| id_after(&d.id, n)) {
                next = Some(d.id.clone());
            }
            let handle = self.handle(&d.account.acct);
            replies.push(Reply {
                url: d.url.or(d.uri).unwrap_or_default(),
                text: html_to_text(&d.content),
                display_name: d.account.display_name,
                handle,
                remote_id: d.id,
            });
        }
        Ok(Replies {
            replies,
            cursor: next,
        })
    }
}

/// Whether status id `a` is newer than `b`: Mastodon ids are numbers in
/// strings (longer is larger), compared as such.
fn id_after(a: &str, b: &str) -> bool {
    (a.len(), a) > (b.len(), b)
}

/// A status's HTML as plain text: paragraphs and line breaks become new
/// lines, every tag goes, the five entities are decoded. What comes out is
/// text, escaped again wherever it is shown: nothing of the HTML runs.
pub fn html_to_text(html: &str) -> String {
    let html = html
        .replace("</p><p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_count_as_twenty_three_characters() {
        assert_eq!(length("hej"), 3);
        assert_eq!(
            length("hej https://example.com/a/very/long/path/indeed/yes"),
            4 + 23
        );
        assert_eq!(length("a\n\nb"), 4);
    }

    #[test]
    fn long_excerpts_are_shortened_to_fit() {
        let excerpt = "ord ".repeat(300);
        let c = compose(&Draft {
            title: "Rubrik",
            excerpt: &excerpt,
            link: "https://alvdal.example/blogg/rubrik?utm_source=mastodon",
        });
        assert!(c.length <= LIMIT, "{}", c.length);
        assert!(c.text.starts_with("Rubrik\n\nord ord"));
        assert!(c.text.contains("…\n\nhttps://alvdal.example/blogg/rubrik"));
        let short = compose(&Draft {
            title: "Rubrik",
            excerpt: "Kort.",
            link: "https://a.example/x",
        });
        assert_eq!(short.text, "Rubrik\n\nKort.\n\nhttps://a.example/x");
    }

    #[test]
    fn reply_html_becomes_inert_text() {
        assert_eq!(
            html_to_text("<p>Hej <script>alert(1)</script>&lt;b&gt;</p><p>två</p>"),
            "Hej alert(1)<b>\n\ntvå"
        );
    }

    #[test]
    fn newer_ids_compare_as_numbers() {
        assert!(id_after("110", "99"));
        assert!(!id_after("99", "110"));
        assert!(id_after("111", "110"));
    }

    #[test]
    fn server_origins() {
        assert_eq!(
            server_origin("https://social.example/@blog").as_deref(),
            Some("https://social.example")
        );
        assert_eq!(
            server_origin("social.example").as_deref(),
            Some("https://social.example")
        );
        assert_eq!(
            server_origin("http://127.0.0.1:4000/").as_deref(),
            Some("http://127.0.0.1:4000")
        );
        assert_eq!(server_origin("ftp://x.example"), None);
    }
}
