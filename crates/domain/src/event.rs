//! Domain events: what changed that readers (or other systems) can see.
//! Written as rows of the event log in the same transaction as the change,
//! in commit order, and followed by consumers — the page cache of every
//! node today; the search index, the channel outbox and federation delivery
//! next — instead of each write calling its own hooks.

use crate::ids::{BlogId, CommentId, MediaId, PageId, PostId, UserId};
use serde::{Deserialize, Serialize};

/// One change to public content. Stored as its `kind` and a JSON payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainEvent {
    /// A post went out (now, or on schedule).
    PostPublished { post_id: PostId, blog_id: BlogId },
    /// A published post's text, tags, authors, cover or settings changed.
    PostUpdated { post_id: PostId, blog_id: BlogId },
    /// A published post was taken off the site (unpublished, back to draft,
    /// rescheduled).
    PostUnpublished { post_id: PostId, blog_id: BlogId },
    /// A page was created or changed (published or not: menus follow).
    PageChanged { page_id: PageId, blog_id: BlogId },
    /// A comment became visible on its post.
    CommentPublished {
        comment_id: CommentId,
        post_id: PostId,
    },
    /// A visible comment was hidden or rejected.
    CommentWithdrawn {
        comment_id: CommentId,
        post_id: PostId,
    },
    /// A person's comments are shown under a pseudonym from now on.
    CommentsPseudonymised,
    /// A blog was created or its settings (name, comments…) changed.
    BlogChanged { blog_id: BlogId },
    /// The organisation (name, logo, contact, units, statement) changed.
    OrganisationChanged,
    /// A person's public profile (name, title, bio, portrait) changed.
    ProfileChanged { user_id: UserId },
    /// An image's description changed.
    MediaChanged { media_id: MediaId },
    /// The inventory of channels changed (the public list of official channels).
    ChannelsChanged,
    /// A post that is not out was created or its text saved: staff see it
    /// (their search), readers do not.
    PostSaved { post_id: PostId, blog_id: BlogId },
    /// A comment arrived or was decided without becoming visible or being
    /// withdrawn (the moderation queue changed): staff only.
    CommentChanged {
        comment_id: CommentId,
        post_id: PostId,
    },
}

impl DomainEvent {
    /// The stored kind, e.g. `post_published`.
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::PostPublished { .. } => "post_published",
            DomainEvent::PostUpdated { .. } => "post_updated",
            DomainEvent::PostUnpublished { .. } => "post_unpublished",
            DomainEvent::PageChanged { .. } => "page_changed",
            DomainEvent::CommentPublished { .. } => "comment_published",
            DomainEvent::CommentWithdrawn { .. } => "comment_withdrawn",
            DomainEvent::CommentsPseudonymised => "comments_pseudonymised",
            DomainEvent::BlogChanged { .. } => "blog_changed",
            DomainEvent::OrganisationChanged => "organisation_changed",
            DomainEvent::ProfileChanged { .. } => "profile_changed",
            DomainEvent::MediaChanged { .. } => "media_changed",
            DomainEvent::ChannelsChanged => "channels_changed",
            DomainEvent::PostSaved { .. } => "post_saved",
            DomainEvent::CommentChanged { .. } => "comment_changed",
        }
    }

    /// The kinds that change nothing a reader can see (the page cache
    /// ignores them; the staff search follows them).
    pub const STAFF_ONLY_KINDS: [&'static str; 2] = ["post_saved", "comment_changed"];

    /// Whether readers can see what changed.
    pub fn is_public(&self) -> bool {
        !Self::STAFF_ONLY_KINDS.contains(&self.kind())
    }

    /// The stored row: the whole event as JSON (its kind included).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| format!("{{\"kind\":\"{}\"}}", self.kind()))
    }

    /// Read a stored row back; None for a kind this version does not know
    /// (written by a newer node), which consumers skip.
    pub fn from_json(s: &str) -> Option<DomainEvent> {
        serde_json::from_str(s).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_with_their_kind() {
        for e in [
            DomainEvent::PostPublished {
                post_id: PostId::new(3),
                blog_id: BlogId::new(1),
            },
            DomainEvent::CommentWithdrawn {
                comment_id: CommentId::new(9),
                post_id: PostId::new(3),
            },
            DomainEvent::OrganisationChanged,
        ] {
            let json = e.to_json();
            assert!(
                json.contains(&format!("\"kind\":\"{}\"", e.kind())),
                "{json}"
            );
            assert_eq!(DomainEvent::from_json(&json), Some(e));
        }
        assert_eq!(
            DomainEvent::PostPublished {
                post_id: PostId::new(3),
                blog_id: BlogId::new(1)
            }
            .to_json(),
            r#"{"kind":"post_published","post_id":3,"blog_id":1}"#
        );
        assert_eq!(
            DomainEvent::from_json(r#"{"kind":"from_the_future"}"#),
            None
        );
    }
}
