//! Rows as the rest of Lykta sees them.

use lykta_domain::{Audience, Language, PostState, Role};
use lykta_domain::{BlogId, MediaId, PageId, PostId, RevisionId, UnitId, UserId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organisation {
    pub name: String,
    #[sqlx(try_from = "String")]
    pub default_language: Language,
    pub contact_email: String,
    pub contact_phone: String,
    pub logo_media_id: Option<MediaId>,
    pub accessibility_statement: String,
    pub updated_at: i64,
    /// Path of the logo's largest variant, filled in by the web layer.
    #[sqlx(skip)]
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Unit {
    pub id: UnitId,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub slug: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub title: String,
    pub bio: String,
    pub unit_id: Option<UnitId>,
    pub photo_media_id: Option<MediaId>,
    pub photo_alt: String,
    pub failed_sign_ins: i64,
    pub locked_until: Option<i64>,
    pub disabled: bool,
    pub created_at: i64,
    /// Raised by every change an administrator makes (optimistic saves).
    pub version: i64,
    /// `sv` or `en` as the person chose; `None`: the organisation's.
    pub language: Option<String>,
    pub last_sign_in_at: Option<i64>,
}

impl User {
    /// The language the person chose for the admin and their mail.
    pub fn language(&self) -> Option<lykta_domain::Language> {
        self.language
            .as_deref()
            .and_then(|l| lykta_domain::Language::parse(l).ok())
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Blog {
    pub id: BlogId,
    pub slug: String,
    pub name: String,
    pub tagline: String,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(try_from = "String")]
    pub audience: Audience,
    pub unit_id: Option<UnitId>,
    pub purpose: String,
    pub goal: String,
    pub resources: String,
    pub engagement: String,
    /// Posts need a reviewer's approval before they go out.
    pub requires_approval: bool,
    /// Target: posts a month (0: none).
    pub posts_per_month: i64,
    /// Readers may comment (posts can still turn it off one by one).
    pub comments_enabled: bool,
    /// Comments close this many days after publication (0: never).
    pub comments_close_days: i64,
    /// "pre", "post", or "" for the default by audience (see [`Blog::moderation`]).
    #[serde(rename = "moderation_setting")]
    pub moderation: String,
    /// The blog's own words in its comment policy (Markdown; the rest is generated).
    pub comment_policy: String,
    /// Words or phrases (one per line) that hold a comment for a moderator.
    pub blocked_words: String,
    /// Response-time targets in working-day hours.
    pub moderation_hours: i64,
    pub answer_hours: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Bumped by every save of the settings (optimistic saves).
    pub version: i64,
}

impl Blog {
    /// The first blocked word or phrase in `text` (any case), if any.
    pub fn blocked_word_in(&self, text: &str) -> Option<String> {
        let text = text.to_lowercase();
        self.blocked_words
            .lines()
            .map(|w| w.trim().to_lowercase())
            .find(|w| !w.is_empty() && text.contains(w.as_str()))
    }

    /// How comments are moderated: as set, or by default before publication
    /// on public blogs and after on internal ones.
    pub fn moderation(&self) -> lykta_domain::Moderation {
        lykta_domain::Moderation::parse(&self.moderation).unwrap_or(match self.audience {
            Audience::Public => lykta_domain::Moderation::Pre,
            Audience::Internal => lykta_domain::Moderation::Post,
        })
    }
}

/// A post as stored. Authors and tags are loaded beside it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Post {
    pub id: PostId,
    pub blog_id: BlogId,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    pub cover_media_id: Option<MediaId>,
    pub cover_alt: String,
    #[sqlx(try_from = "String")]
    pub state: PostState,
    #[sqlx(try_from = "String")]
    pub workflow: lykta_domain::Workflow,
    pub publish_at: Option<i64>,
    pub published_at: Option<i64>,
    pub comments_enabled: bool,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The cover image, joined in (see [`Post::cover`]).
    #[serde(skip)]
    pub cover_stem: Option<String>,
    #[serde(skip)]
    pub cover_mime: Option<String>,
    #[serde(skip)]
    pub cover_width: Option<i64>,
    #[serde(skip)]
    pub cover_height: Option<i64>,
    #[serde(skip)]
    pub cover_widths: Option<String>,
}

impl Post {
    /// The cover image's stored variants, when the post has one.
    pub fn cover(&self) -> Option<Media> {
        Some(Media {
            id: self.cover_media_id?,
            stem: self.cover_stem.clone()?,
            mime: self.cover_mime.clone()?,
            width: self.cover_width?,
            height: self.cover_height?,
            variant_widths: self.cover_widths.clone()?,
            alt: self.cover_alt.clone(),
            original_name: String::new(),
            uploaded_by: None,
            created_at: 0,
        })
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuthorRef {
    #[serde(skip)]
    pub post_id: PostId,
    pub id: UserId,
    pub slug: String,
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Tag {
    #[serde(skip)]
    pub post_id: PostId,
    pub slug: String,
    pub name: String,
}

/// A post with what every listing needs: its authors and tags.
#[derive(Debug, Clone, Serialize)]
pub struct PostDetail {
    #[serde(flatten)]
    pub post: Post,
    pub authors: Vec<AuthorRef>,
    pub tags: Vec<Tag>,
}

impl PostDetail {
    pub fn author_ids(&self) -> Vec<UserId> {
        self.authors.iter().map(|a| a.id).collect()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Page {
    pub id: PageId,
    pub blog_id: BlogId,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub position: i64,
    pub published: bool,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Media {
    pub id: MediaId,
    pub stem: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    /// Comma-separated widths of the stored variants, ascending.
    pub variant_widths: String,
    pub alt: String,
    pub original_name: String,
    pub uploaded_by: Option<UserId>,
    pub created_at: i64,
}

impl Media {
    pub fn widths(&self) -> Vec<u32> {
        self.variant_widths
            .split(',')
            .filter_map(|w| w.parse().ok())
            .collect()
    }
    /// Path of the variant `width` pixels wide.
    pub fn url(&self, width: u32) -> String {
        format!("/media/{}-{}.{}", self.stem, width, self.extension())
    }
    /// Path of the largest variant.
    pub fn full_url(&self) -> String {
        self.url(self.widths().last().copied().unwrap_or(0))
    }
    /// Path of the smallest variant (thumbnails).
    pub fn thumb_url(&self) -> String {
        self.url(self.widths().first().copied().unwrap_or(0))
    }
    /// File extension of the stored variants.
    pub fn extension(&self) -> &'static str {
        match self.mime.as_str() {
            "image/png" => "png",
            "image/webp" => "webp",
            _ => "jpg",
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Revision {
    pub id: RevisionId,
    pub version: i64,
    pub title: String,
    pub state: String,
    pub event: String,
    pub saved_by: Option<UserId>,
    pub saved_at: i64,
}

/// A revision with its text, for comparing and restoring.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RevisionText {
    pub id: RevisionId,
    pub version: i64,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    pub saved_at: i64,
}

/// One step of a post's review, with its note.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReviewEntry {
    pub id: i64,
    pub event: String,
    pub note: String,
    pub actor_name: Option<String>,
    pub at: i64,
}
