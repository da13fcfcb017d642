//! LinkedIn organisation pages through LinkedIn's versioned REST API: the
//! 3-legged OAuth authorisation code (`/oauth/v2/authorization`,
//! `/oauth/v2/accessToken`, tokens live 60 days), the organisations the
//! person administers (`/rest/organizationAcls`), article posts for
//! `urn:li:organization:…` (`POST /rest/posts`; the new post's URN in the
//! `x-restli-id` header) with a thumbnail uploaded through
//! `/rest/images?action=initializeUpload`, partial updates of the
//! commentary, deletes, and comments (`/rest/socialActions/{urn}/comments`).
//! Every call carries `LinkedIn-Version: YYYYMM` (from the settings; see
//! [`VERSION`]) and `X-Restli-Protocol-Version: 2.0.0`. A version LinkedIn
//! has sunset answers 426: reported as "update needed" and not retried.
//! Follows learn.microsoft.com/linkedin/marketing (Posts API, Images API,
//! Comments API, Organization Access Control, Versioning) and
//! learn.microsoft.com/linkedin/shared/authentication; tested against
//! `tests/fakes/meta_linkedin.py`.
//!
//! No idempotency key: before posting, the organisation's recent posts are
//! searched for an article with the post's tagged link.

use crate::facebook::UPDATE_NEEDED;
use crate::oauth::{with_query, Candidate, PlatformApp, Token};
use crate::wire::{json_with, platform_message, send_with};
use crate::{
    Account, Adapter, ChannelError, Publication, Published, Replies, Reply, Result, Secret,
};
use serde::Deserialize;
use serde_json::json;

/// Characters a post's commentary may have.
pub const LIMIT: usize = 3_000;
/// The API version Lykta speaks unless the settings say otherwise
/// (LinkedIn serves each for about a year).
pub const VERSION: &str = "202611";
/// What Lykta asks an organisation's admin to allow.
pub const SCOPES: &str = "r_organization_admin w_organization_social r_organization_social";
const COMMENT_PAGES: usize = 10;
const COMMENTS_PER_PAGE: usize = 100;

/// A sunset version (426) is Lykta's to fix: refused as "update needed".
fn classify(status: u16, _: Option<u64>, body: &str) -> Option<ChannelError> {
    (status == 426).then(|| ChannelError::Rejected {
        message: format!("{UPDATE_NEEDED}: 426 {}", platform_message(body)),
    })
}

/// Where to send the person to allow Lykta's app.
pub fn authorize_url(app: &PlatformApp, redirect_uri: &str, state: &str) -> String {
    with_query(
        &format!(
            "{}/oauth/v2/authorization",
            app.auth_url.trim_end_matches('/')
        ),
        &[
            ("response_type", "code"),
            ("client_id", &app.client_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("scope", SCOPES),
        ],
    )
}

/// Trade the authorisation `code` for an access token.
pub async fn exchange_code(
    http: &reqwest::Client,
    app: &PlatformApp,
    redirect_uri: &str,
    code: &str,
) -> Result<Token> {
    json_with(
        http.post(format!(
            "{}/oauth/v2/accessToken",
            app.auth_url.trim_end_matches('/')
        ))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", &app.client_id),
            ("client_secret", app.client_secret.expose()),
            ("redirect_uri", redirect_uri),
        ]),
        classify,
    )
    .await
}

/// The REST API at one version, as one member or organisation.
#[derive(Debug, Clone)]
pub struct Rest {
    http: reqwest::Client,
    api: String,
    version: String,
    token: Secret,
}

impl Rest {
    pub fn new(http: reqwest::Client, app: &PlatformApp, token: Secret) -> Rest {
        Rest {
            http,
            api: format!("{}/rest", app.api_url.trim_end_matches('/')),
            version: app.version.clone(),
            token,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}/{path}", self.api))
            .bearer_auth(self.token.expose())
            .header("LinkedIn-Version", &self.version)
            .header("X-Restli-Protocol-Version", "2.0.0")
    }

    /// The organisations the person administers.
    pub async fn organizations(&self) -> Result<Vec<Candidate>> {
        #[derive(Deserialize)]
        struct Acls {
            elements: Vec<Acl>,
        }
        #[derive(Deserialize)]
        struct Acl {
            organization: String,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Organization {
            localized_name: String,
            #[serde(default)]
            vanity_name: String,
        }
        let acls: Acls = json_with(
            self.call(reqwest::Method::GET, "organizationAcls").query(&[
                ("q", "roleAssignee"),
                ("role", "ADMINISTRATOR"),
                ("state", "APPROVED"),
            ]),
            classify,
        )
        .await?;
        let mut out = Vec::new();
        for acl in acls.elements {
            let id = acl.organization.rsplit(':').next().unwrap_or_default();
            let o: Organization = json_with(
                self.call(reqwest::Method::GET, &format!("organizations/{id}")),
                classify,
            )
            .await?;
            out.push(Candidate {
                url: format!("https://www.linkedin.com/company/{}", o.vanity_name),
                name: o.localized_name,
                id: acl.organization,
                token: None,
            });
        }
        Ok(out)
    }
}

/// A LinkedIn organisation page Lykta posts as.
#[derive(Debug, Clone)]
pub struct Linkedin {
    rest: Rest,
    organization: String,
}

fn encoded(urn: &str) -> String {
    url::form_urlencoded::byte_serialize(urn.as_bytes()).collect()
}

/// LinkedIn's "little text" commentary: its reserved characters escaped.
pub fn little_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\|{}@[]()<>#*_~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Linkedin {
    /// `organization` is its URN, `urn:li:organization:…`.
    pub fn new(rest: Rest, organization: &str) -> Linkedin {
        Linkedin {
            rest,
            organization: organization.to_owned(),
        }
    }

    fn published(urn: String) -> Published {
        Published {
            url: format!("https://www.linkedin.com/feed/update/{urn}/"),
            remote_id: urn,
        }
    }

    async fn already_sent(&self, link: &str) -> Result<Option<Published>> {
        #[derive(Deserialize)]
        struct Posts {
            elements: Vec<serde_json::Value>,
        }
        let posts: Posts = json_with(
            self.rest.call(reqwest::Method::GET, "posts").query(&[
                ("q", "author"),
                ("author", &self.organization),
                ("count", "20"),
            ]),
            classify,
        )
        .await?;
        Ok(posts
            .elements
            .into_iter()
            .find(|p| p["content"]["article"]["source"].as_str() == Some(link))
            .and_then(|p| p["id"].as_str().map(|id| Self::published(id.to_owned()))))
    }

    /// Upload the image; its URN.
    async fn upload(&self, image: &crate::Image) -> Result<String> {
        #[derive(Deserialize)]
        struct Init {
            value: Upload,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Upload {
            upload_url: String,
            image: String,
        }
        let init: Init = json_with(
            self.rest
                .call(reqwest::Method::POST, "images")
                .query(&[("action", "initializeUpload")])
                .json(&json!({"initializeUploadRequest": {"owner": self.organization}})),
            classify,
        )
        .await?;
        send_with(
            self.rest
                .http
                .put(&init.value.upload_url)
                .bearer_auth(self.rest.token.expose())
                .header("content-type", &image.mime)
                .body(image.bytes.clone()),
            classify,
        )
        .await?;
        Ok(init.value.image)
    }
}

#[async_trait::async_trait]
impl Adapter for Linkedin {
    async fn verify(&self) -> Result<Account> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Organization {
            localized_name: String,
            #[serde(default)]
            vanity_name: String,
        }
        let id = self.organization.rsplit(':').next().unwrap_or_default();
        let o: Organization = json_with(
            self.rest
                .call(reqwest::Method::GET, &format!("organizations/{id}")),
            classify,
        )
        .await?;
        Ok(Account {
            handle: o.localized_name,
            url: format!("https://www.linkedin.com/company/{}", o.vanity_name),
        })
    }

    async fn publish(&self, p: &Publication, _key: &str) -> Result<Published> {
        if let Some(found) = self.already_sent(&p.link.url).await? {
            return Ok(found);
        }
        let mut article = json!({
            "source": p.link.url,
            "title": p.link.title,
            "description": p.link.description,
        });
        if let Some(image) = &p.image {
            article["thumbnail"] = json!(self.upload(image).await?);
            article["thumbnailAltText"] = json!(image.alt);
        }
        let body = json!({
            "author": self.organization,
            "commentary": little_text(&p.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": []
            },
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false
        });
        let r = send_with(
            self.rest.call(reqwest::Method::POST, "posts").json(&body),
            classify,
        )
        .await?;
        let urn = r
            .headers()
            .get("x-restli-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ChannelError::Temporary {
                retry_after: None,
                message: "LinkedIn answered without the post's id".into(),
            })?;
        Ok(Self::published(urn.to_owned()))
    }

    async fn update(&self, remote_id: &str, p: &Publication) -> Result<Published> {
        send_with(
            self.rest
                .call(
                    reqwest::Method::POST,
                    &format!("posts/{}", encoded(remote_id)),
                )
                .header("X-RestLi-Method", "PARTIAL_UPDATE")
                .json(&json!({"patch": {"$set": {"commentary": little_text(&p.text)}}})),
            classify,
        )
        .await?;
        Ok(Self::published(remote_id.to_owned()))
    }

    async fn delete(&self, remote_id: &str) -> Result<()> {
        match send_with(
            self.rest
                .call(
                    reqwest::Method::DELETE,
                    &format!("posts/{}", encoded(remote_id)),
                )
                .header("X-RestLi-Method", "DELETE"),
            classify,
        )
        .await
        {
            Ok(_) => Ok(()),
            Err(ChannelError::Rejected { message }) if message.starts_with("404") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The cursor is how many comments were taken (LinkedIn pages by
    /// `start` and `count`, oldest first).
    async fn replies(&self, remote_id: &str, cursor: Option<&str>) -> Result<Replies> {
        #[derive(Deserialize)]
        struct Comments {
            elements: Vec<Comment>,
        }
        #[derive(Deserialize)]
        struct Comment {
            id: String,
            #[serde(rename = "$URN", default)]
            urn: String,
            #[serde(default)]
            actor: String,
            message: Message,
        }
        #[derive(Deserialize)]
        struct Message {
            text: String,
        }
        let mut start: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let mut replies = Vec::new();
        for _ in 0..COMMENT_PAGES {
            let page: Comments = json_with(
                self.rest
                    .call(
                        reqwest::Method::GET,
                        &format!("socialActions/{}/comments", encoded(remote_id)),
                    )
                    .query(&[
                        ("start", start.to_string()),
                        ("count", COMMENTS_PER_PAGE.to_string()),
                    ]),
                classify,
            )
            .await?;
            let got = page.elements.len();
            start += got;
            replies.extend(page.elements.into_iter().map(|c| Reply {
                url: format!(
                    "https://www.linkedin.com/feed/update/{remote_id}/?commentUrn={}",
                    encoded(&c.urn)
                ),
                handle: c.actor.clone(),
                display_name: c.actor,
                text: c.message.text,
                remote_id: if c.urn.is_empty() { c.id } else { c.urn },
            }));
            if got < COMMENTS_PER_PAGE {
                break;
            }
        }
        Ok(Replies {
            replies,
            cursor: Some(start.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commentary_escapes_little_text() {
        assert_eq!(
            little_text("Hej (alla) #vård @x"),
            "Hej \\(alla\\) \\#vård \\@x"
        );
    }

    #[test]
    fn a_sunset_version_needs_an_update() {
        assert!(matches!(
            classify(426, None, r#"{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version 202301 is not active"}"#),
            Some(ChannelError::Rejected { message }) if message.starts_with("update needed: 426 Requested version")
        ));
        assert!(classify(500, None, "").is_none());
    }
}
