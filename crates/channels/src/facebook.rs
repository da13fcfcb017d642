//! Facebook Pages through the Meta Graph API (versioned paths, `v24.0` by
//! default): Facebook Login's authorisation code, traded for a long-lived
//! user token (`fb_exchange_token`, about 60 days) whose `/me/accounts`
//! gives each page's access token; link posts (`POST /{page-id}/feed`,
//! message and link), photos with alt text (`POST /{page-id}/photos`,
//! `alt_text_custom`), edits (`POST /{post-id}`), deletes, and comments
//! (`GET /{post-id}/comments`, cursor paging). Failures are read from
//! Meta's envelope `{"error":{"message","type","code","error_subcode"}}`:
//! 190 and the permission codes ask for re-authentication, 4/17/32/613 are
//! rate limits (back off), 2635 a version Meta no longer serves ("update
//! needed"), the rest refusals. Follows developers.facebook.com/docs
//! (Graph API, Pages API, Facebook Login, Error Handling); tested against
//! the fake in `tests/fakes/meta_linkedin.py`.
//!
//! The Graph API takes no idempotency key: before posting, the page's
//! recent posts are searched for the post's tagged link (unique per post
//! and platform), and a copy found is taken as the one sent.

use crate::oauth::{with_query, Candidate, PlatformApp, Token};
use crate::wire::{json_with, platform_message, send_with};
use crate::{
    Account, Adapter, ChannelError, Publication, Published, Replies, Reply, ReplyTo, Result, Secret,
};
use serde::Deserialize;

/// Characters a page post may have.
pub const LIMIT: usize = 63_206;
/// What Lykta asks a page's admin to allow.
pub const SCOPES: &str =
    "pages_show_list,pages_read_engagement,pages_manage_posts,pages_read_user_content,pages_manage_engagement";
/// How many recent posts are searched for a copy already sent.
const RECENT: &str = "25";
/// How many pages of comments one fetch reads at most (100 each).
const COMMENT_PAGES: usize = 10;
/// What a problem starts with when Lykta itself must be updated (the
/// platform no longer serves the API version it speaks).
pub const UPDATE_NEEDED: &str = "update needed";
/// Seconds to wait after a rate limit that does not say how long.
const RATE_LIMIT_WAIT: u64 = 300;

/// The Graph API at one version.
#[derive(Debug, Clone)]
pub struct Graph {
    http: reqwest::Client,
    base: String,
}

impl Graph {
    pub fn new(http: reqwest::Client, app: &PlatformApp) -> Graph {
        Graph {
            http,
            base: format!("{}/{}", app.api_url.trim_end_matches('/'), app.version),
        }
    }

    pub(crate) fn get(&self, path: &str, token: &Secret) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}/{path}", self.base))
            .bearer_auth(token.expose())
    }

    pub(crate) fn post(&self, path: &str, token: &Secret) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/{path}", self.base))
            .bearer_auth(token.expose())
    }

    /// Every item of a cursor-paged edge after `cursor`, at most
    /// [`COMMENT_PAGES`] pages, and the cursor to go on from.
    pub(crate) async fn paged<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        fields: &str,
        token: &Secret,
        cursor: Option<&str>,
    ) -> Result<(Vec<T>, Option<String>)> {
        #[derive(Deserialize)]
        struct Page<T> {
            data: Vec<T>,
            #[serde(default)]
            paging: Option<Paging>,
        }
        #[derive(Deserialize)]
        struct Paging {
            #[serde(default)]
            cursors: Option<Cursors>,
            #[serde(default)]
            next: Option<String>,
        }
        #[derive(Deserialize)]
        struct Cursors {
            after: Option<String>,
        }
        let mut items = Vec::new();
        let mut after = cursor.map(str::to_owned);
        for _ in 0..COMMENT_PAGES {
            let mut query = vec![
                ("fields", fields),
                ("limit", "100"),
                ("order", "chronological"),
            ];
            if let Some(a) = &after {
                query.push(("after", a));
            }
            let page: Page<T> = json_with(self.get(path, token).query(&query), classify).await?;
            let got = page.data.len();
            items.extend(page.data);
            let paging = page.paging.unwrap_or(Paging {
                cursors: None,
                next: None,
            });
            if let Some(a) = paging.cursors.and_then(|c| c.after) {
                if got > 0 {
                    after = Some(a);
                }
            }
            if paging.next.is_none() || got == 0 {
                break;
            }
        }
        Ok((items, after))
    }
}

/// Meta's error envelope read: re-authenticate, back off, or refused.
pub(crate) fn classify(status: u16, retry_after: Option<u64>, body: &str) -> Option<ChannelError> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let e = v.get("error")?;
    let code = e.get("code")?.as_i64()?;
    let subcode = e
        .get("error_subcode")
        .and_then(serde_json::Value::as_i64)
        .map(|s| format!("/{s}"))
        .unwrap_or_default();
    let message = format!("{status} {} (code {code}{subcode})", platform_message(body));
    Some(match code {
        190 | 102 | 10 | 200..=299 => ChannelError::ReAuthenticate(message),
        4 | 17 | 32 | 613 | 80001..=80014 => ChannelError::Temporary {
            retry_after: retry_after.or(Some(RATE_LIMIT_WAIT)),
            message,
        },
        // Temporarily blocked from posting: an hour, then again.
        368 => ChannelError::Temporary {
            retry_after: retry_after.or(Some(3600)),
            message,
        },
        1 | 2 => ChannelError::Temporary {
            retry_after,
            message,
        },
        2635 => ChannelError::Rejected {
            message: format!("{UPDATE_NEEDED}: {message}"),
        },
        _ => ChannelError::Rejected { message },
    })
}

/// Where to send the person to allow Lykta's app `scopes`.
pub fn authorize_url(app: &PlatformApp, redirect_uri: &str, state: &str, scopes: &str) -> String {
    with_query(
        &format!(
            "{}/{}/dialog/oauth",
            app.auth_url.trim_end_matches('/'),
            app.version
        ),
        &[
            ("client_id", &app.client_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("scope", scopes),
            ("response_type", "code"),
        ],
    )
}

/// Trade the authorisation `code` for a user token, and that for a
/// long-lived one (with its `expires_in`).
pub async fn long_lived_token(
    graph: &Graph,
    app: &PlatformApp,
    redirect_uri: &str,
    code: &str,
) -> Result<Token> {
    let url = format!("{}/oauth/access_token", graph.base);
    let short: Token = json_with(
        graph.http.get(&url).query(&[
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("client_secret", app.client_secret.expose()),
            ("code", code),
        ]),
        classify,
    )
    .await?;
    json_with(
        graph.http.get(&url).query(&[
            ("grant_type", "fb_exchange_token"),
            ("client_id", app.client_id.as_str()),
            ("client_secret", app.client_secret.expose()),
            ("fb_exchange_token", short.access_token.expose()),
        ]),
        classify,
    )
    .await
}

/// A page the person manages, with its access token.
#[derive(Debug, Clone, Deserialize)]
pub struct Page {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub link: String,
    pub access_token: Secret,
    #[serde(default)]
    pub instagram_business_account: Option<InstagramAccount>,
}

/// The Instagram professional account linked to a page.
#[derive(Debug, Clone, Deserialize)]
pub struct InstagramAccount {
    pub id: String,
    #[serde(default)]
    pub username: String,
}

/// The pages the person behind `user_token` manages (`/me/accounts`).
pub async fn pages(graph: &Graph, user_token: &Secret) -> Result<Vec<Page>> {
    let (pages, _) = graph
        .paged(
            "me/accounts",
            "id,name,link,access_token,instagram_business_account{id,username}",
            user_token,
            None,
        )
        .await?;
    Ok(pages)
}

/// The pages as accounts a Facebook channel may be connected to.
pub fn candidates(pages: &[Page]) -> Vec<Candidate> {
    pages
        .iter()
        .map(|p| Candidate {
            id: p.id.clone(),
            name: p.name.clone(),
            url: if p.link.is_empty() {
                format!("https://www.facebook.com/{}", p.id)
            } else {
                p.link.clone()
            },
            token: Some(p.access_token.clone()),
        })
        .collect()
}

/// A Facebook page Lykta posts as (with the page's access token).
#[derive(Debug, Clone)]
pub struct Facebook {
    graph: Graph,
    page_id: String,
    token: Secret,
}

#[derive(Deserialize)]
struct Created {
    id: String,
    #[serde(default)]
    post_id: Option<String>,
}

#[derive(Deserialize)]
struct FeedItem {
    id: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    link: Option<String>,
}

#[derive(Deserialize)]
struct Comment {
    id: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    from: Option<From>,
    #[serde(default)]
    permalink_url: Option<String>,
}

#[derive(Deserialize)]
struct From {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
}

impl Facebook {
    pub fn new(graph: Graph, page_id: &str, token: Secret) -> Facebook {
        Facebook {
            graph,
            page_id: page_id.to_owned(),
            token,
        }
    }

    fn published(id: String) -> Published {
        Published {
            url: format!("https://www.facebook.com/{id}"),
            remote_id: id,
        }
    }

    /// A recent post of the page carrying `link`: sent before.
    async fn already_sent(&self, link: &str) -> Result<Option<Published>> {
        #[derive(Deserialize)]
        struct Feed {
            data: Vec<FeedItem>,
        }
        let feed: Feed = json_with(
            self.graph
                .get(&format!("{}/feed", self.page_id), &self.token)
                .query(&[("fields", "id,message,link"), ("limit", RECENT)]),
            classify,
        )
        .await?;
        Ok(feed
            .data
            .into_iter()
            .find(|f| f.link.as_deref() == Some(link) || f.message.contains(link))
            .map(|f| Self::published(f.id)))
    }
}

#[async_trait::async_trait]
impl Adapter for Facebook {
    async fn verify(&self) -> Result<Account> {
        #[derive(Deserialize)]
        struct Me {
            id: String,
            name: String,
        }
        let me: Me = json_with(
            self.graph
                .get("me", &self.token)
                .query(&[("fields", "id,name")]),
            classify,
        )
        .await?;
        Ok(Account {
            handle: me.name,
            url: format!("https://www.facebook.com/{}", me.id),
        })
    }

    async fn publish(&self, p: &Publication, _key: &str) -> Result<Published> {
        if !p.link.url.is_empty() {
            if let Some(found) = self.already_sent(&p.link.url).await? {
                return Ok(found);
            }
        }
        let created: Created = match &p.image {
            Some(image) => {
                let part = reqwest::multipart::Part::bytes(image.bytes.clone())
                    .file_name(image.file_name.clone())
                    .mime_str(&image.mime)
                    .map_err(|_| ChannelError::Rejected {
                        message: format!("an image of type {} cannot be sent", image.mime),
                    })?;
                let form = reqwest::multipart::Form::new()
                    .part("source", part)
                    .text("message", p.text.clone())
                    .text("alt_text_custom", image.alt.clone());
                json_with(
                    self.graph
                        .post(&format!("{}/photos", self.page_id), &self.token)
                        .multipart(form),
                    classify,
                )
                .await?
            }
            None => {
                json_with(
                    self.graph
                        .post(&format!("{}/feed", self.page_id), &self.token)
                        .form(&[("message", p.text.as_str()), ("link", p.link.url.as_str())]),
                    classify,
                )
                .await?
            }
        };
        Ok(Self::published(created.post_id.unwrap_or(created.id)))
    }

    async fn update(&self, remote_id: &str, p: &Publication) -> Result<Published> {
        send_with(
            self.graph
                .post(remote_id, &self.token)
                .form(&[("message", p.text.as_str())]),
            classify,
        )
        .await?;
        Ok(Self::published(remote_id.to_owned()))
    }

    async fn delete(&self, remote_id: &str) -> Result<()> {
        let r = send_with(
            self.graph
                .http
                .delete(format!("{}/{remote_id}", self.graph.base))
                .bearer_auth(self.token.expose()),
            classify,
        )
        .await;
        match r {
            Ok(_) => Ok(()),
            // "Object with ID … does not exist": gone already.
            Err(ChannelError::Rejected { message }) if message.contains("(code 100/33)") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `POST /{comment-id}` with `is_hidden=true`: hidden from everyone but
    /// its author and their friends (Graph API, Comment reference).
    async fn hide_reply(&self, reply_id: &str) -> Result<()> {
        send_with(
            self.graph
                .post(reply_id, &self.token)
                .form(&[("is_hidden", "true")]),
            classify,
        )
        .await?;
        Ok(())
    }

    /// `POST /{comment-id}/comments` with `message`: the page's answer in
    /// the comment's thread. No idempotency key: an answer of the page
    /// with the same text already there is the one sent.
    async fn answer_reply(
        &self,
        _copy_id: &str,
        reply: &ReplyTo<'_>,
        text: &str,
        _key: &str,
    ) -> Result<Published> {
        let (answers, _) = self
            .graph
            .paged::<Comment>(
                &format!("{}/comments", reply.remote_id),
                "id,message,from{id,name},created_time,permalink_url",
                &self.token,
                None,
            )
            .await?;
        if let Some(found) = answers
            .into_iter()
            .find(|c| c.message == text && c.from.as_ref().is_some_and(|f| f.id == self.page_id))
        {
            return Ok(Self::published(found.id));
        }
        let created: Created = json_with(
            self.graph
                .post(&format!("{}/comments", reply.remote_id), &self.token)
                .form(&[("message", text)]),
            classify,
        )
        .await?;
        Ok(Self::published(created.id))
    }

    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies> {
        let (comments, next) = self
            .graph
            .paged::<Comment>(
                &format!("{remote_id}/comments"),
                "id,message,from{id,name},created_time,permalink_url",
                &self.token,
                cursor,
            )
            .await?;
        Ok(Replies {
            replies: comments
                .into_iter()
                .map(|c| {
                    let name = c.from.map(|f| f.name).unwrap_or_default();
                    Reply {
                        url: c
                            .permalink_url
                            .unwrap_or_else(|| format!("https://www.facebook.com/{}", c.id)),
                        handle: name.clone(),
                        display_name: name,
                        text: c.message,
                        remote_id: c.id,
                    }
                })
                .collect(),
            cursor: next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_error_codes_are_classified() {
        let e = |code: i64, sub: &str| {
            classify(
                400,
                None,
                &format!(
                    r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}{sub}}}}}"#
                ),
            )
            .unwrap()
        };
        assert!(
            matches!(e(190, r#","error_subcode":463"#), ChannelError::ReAuthenticate(m) if m.contains("code 190/463"))
        );
        assert!(matches!(
            e(4, ""),
            ChannelError::Temporary {
                retry_after: Some(RATE_LIMIT_WAIT),
                ..
            }
        ));
        assert!(matches!(e(100, ""), ChannelError::Rejected { .. }));
        assert!(
            matches!(e(2635, ""), ChannelError::Rejected { message } if message.starts_with(UPDATE_NEEDED))
        );
        assert!(classify(500, None, "<html>").is_none());
    }
}
