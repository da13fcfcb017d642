//! Instagram professional accounts through the Meta Graph API's content
//! publishing: the image is fetched by Instagram from its public address
//! (`POST /{ig-user-id}/media` with image_url, caption and alt_text makes a
//! container), the container's `status_code` is awaited, and
//! `POST /{ig-user-id}/media_publish` with its `creation_id` publishes it.
//! Only posts with an image (and its alt text) go: without one the delivery
//! ends "not sent" with that reason, never retried. Instagram's API edits no
//! captions and deletes nothing: those are refused with a clear message.
//! Connected through the Facebook page it is linked to
//! (`instagram_business_account`), with the page's token. Follows
//! developers.facebook.com/docs/instagram-platform (content publishing,
//! comments), Graph API v24.0; tested against `tests/fakes/meta_linkedin.py`.
//!
//! No idempotency key here either: the account's recent media are searched
//! for the caption's tagged link before a new container is made.

use crate::facebook::{classify, Graph, Page};
use crate::oauth::Candidate;
use crate::wire::json_with;
use crate::{
    Account, Adapter, ChannelError, Publication, Published, Replies, Reply, Result, Secret,
};
use serde::Deserialize;
use std::time::Duration;

/// Characters a caption may have.
pub const LIMIT: usize = 2_200;
/// What Lykta asks for, beside the page's [`crate::facebook::SCOPES`].
pub const SCOPES: &str = "instagram_basic,instagram_content_publish,instagram_manage_comments";
/// Why a post without an image is not sent.
pub const NEEDS_IMAGE: &str = "not sent: Instagram needs an image (with alt text)";
const STATUS_POLLS: u32 = 10;
const STATUS_POLL_WAIT: Duration = Duration::from_millis(500);

/// The Instagram accounts linked to the pages, as accounts an Instagram
/// channel may be connected to (each with its page's token).
pub fn candidates(pages: &[Page]) -> Vec<Candidate> {
    pages
        .iter()
        .filter_map(|p| {
            let ig = p.instagram_business_account.as_ref()?;
            Some(Candidate {
                id: ig.id.clone(),
                name: if ig.username.is_empty() {
                    p.name.clone()
                } else {
                    format!("@{}", ig.username)
                },
                url: format!("https://www.instagram.com/{}", ig.username),
                token: Some(p.access_token.clone()),
            })
        })
        .collect()
}

/// An Instagram professional account Lykta posts as.
#[derive(Debug, Clone)]
pub struct Instagram {
    graph: Graph,
    user_id: String,
    token: Secret,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Media {
    id: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    permalink: String,
}

#[derive(Deserialize)]
struct Comment {
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    username: String,
}

impl Instagram {
    pub fn new(graph: Graph, user_id: &str, token: Secret) -> Instagram {
        Instagram {
            graph,
            user_id: user_id.to_owned(),
            token,
        }
    }

    async fn media(&self, id: &str) -> Result<Media> {
        json_with(
            self.graph
                .get(id, &self.token)
                .query(&[("fields", "id,caption,permalink")]),
            classify,
        )
        .await
    }

    /// Wait until the container is ready to publish.
    async fn ready(&self, container: &str) -> Result<()> {
        #[derive(Deserialize)]
        struct Status {
            status_code: String,
            #[serde(default)]
            status: String,
        }
        for _ in 0..STATUS_POLLS {
            let s: Status = json_with(
                self.graph
                    .get(container, &self.token)
                    .query(&[("fields", "status_code,status")]),
                classify,
            )
            .await?;
            match s.status_code.as_str() {
                "FINISHED" | "PUBLISHED" => return Ok(()),
                "ERROR" | "EXPIRED" => {
                    return Err(ChannelError::Rejected {
                        message: format!("Instagram could not take the image: {}", s.status),
                    })
                }
                _ => tokio::time::sleep(STATUS_POLL_WAIT).await,
            }
        }
        Err(ChannelError::Temporary {
            retry_after: None,
            message: "Instagram is still processing the image".into(),
        })
    }
}

#[async_trait::async_trait]
impl Adapter for Instagram {
    async fn verify(&self) -> Result<Account> {
        #[derive(Deserialize)]
        struct Me {
            username: String,
        }
        let me: Me = json_with(
            self.graph
                .get(&self.user_id, &self.token)
                .query(&[("fields", "id,username")]),
            classify,
        )
        .await?;
        Ok(Account {
            handle: format!("@{}", me.username),
            url: format!("https://www.instagram.com/{}", me.username),
        })
    }

    async fn publish(&self, p: &Publication, _key: &str) -> Result<Published> {
        let Some(image) = p.image.as_ref().filter(|i| !i.alt.trim().is_empty()) else {
            return Err(ChannelError::Rejected {
                message: NEEDS_IMAGE.into(),
            });
        };
        #[derive(Deserialize)]
        struct Recent {
            data: Vec<Media>,
        }
        if !p.link.url.is_empty() {
            let recent: Recent = json_with(
                self.graph
                    .get(&format!("{}/media", self.user_id), &self.token)
                    .query(&[("fields", "id,caption,permalink"), ("limit", "25")]),
                classify,
            )
            .await?;
            if let Some(m) = recent
                .data
                .into_iter()
                .find(|m| m.caption.contains(&p.link.url))
            {
                return Ok(Published {
                    remote_id: m.id,
                    url: m.permalink,
                });
            }
        }
        let container: Id = json_with(
            self.graph
                .post(&format!("{}/media", self.user_id), &self.token)
                .form(&[
                    ("image_url", image.url.as_str()),
                    ("caption", p.text.as_str()),
                    ("alt_text", image.alt.as_str()),
                ]),
            classify,
        )
        .await?;
        self.ready(&container.id).await?;
        let media: Id = json_with(
            self.graph
                .post(&format!("{}/media_publish", self.user_id), &self.token)
                .form(&[("creation_id", container.id.as_str())]),
            classify,
        )
        .await?;
        let m = self.media(&media.id).await?;
        Ok(Published {
            remote_id: m.id,
            url: m.permalink,
        })
    }

    async fn update(&self, _remote_id: &str, _p: &Publication) -> Result<Published> {
        Err(ChannelError::Rejected {
            message: "Instagram does not let a caption be changed through its API".into(),
        })
    }

    async fn delete(&self, _remote_id: &str) -> Result<()> {
        Err(ChannelError::Rejected {
            message:
                "Instagram does not let a post be removed through its API: remove it in the app"
                    .into(),
        })
    }

    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies> {
        let (comments, next) = self
            .graph
            .paged::<Comment>(
                &format!("{remote_id}/comments"),
                "id,text,username,timestamp",
                &self.token,
                cursor,
            )
            .await?;
        let permalink = if comments.is_empty() {
            String::new()
        } else {
            self.media(remote_id).await?.permalink
        };
        Ok(Replies {
            replies: comments
                .into_iter()
                .map(|c| Reply {
                    url: permalink.clone(),
                    handle: format!("@{}", c.username),
                    display_name: c.username,
                    text: c.text,
                    remote_id: c.id,
                })
                .collect(),
            cursor: next,
        })
    }
}
