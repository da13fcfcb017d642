//! One id type per entity, so a post id cannot be passed where a blog id is
//! expected. Each is the row's integer key, serialised as that integer (in
//! forms, paths, JSON and templates), and, with the `sqlx` feature the store
//! turns on, bound and read as that integer.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(i64);

        impl $name {
            /// The id of an existing row, from its integer key.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }
            /// The integer key.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    )+};
}

id_type!(
    /// An organisational unit (a department, a clinic).
    UnitId,
    /// A person with a staff account.
    UserId,
    /// An image in the media library.
    MediaId,
    /// A blog.
    BlogId,
    /// A post in a blog.
    PostId,
    /// A page in a blog.
    PageId,
    /// A saved revision of a post or a page.
    RevisionId,
    /// A review note on a post.
    NoteId,
    /// An invitation to a blog.
    InvitationId,
    /// An item in the year plan.
    PlanItemId,
    /// A comment from a reader.
    CommentId,
    /// A channel in the inventory.
    ChannelId,
    /// A version of the guidelines.
    GuidelineVersionId,
    /// A scenario playbook.
    ScenarioId,
    /// A reported incident.
    IncidentId,
    /// A screenshot kept with an incident.
    IncidentFileId,
    /// An inventory survey.
    SurveyId,
    /// A job in the job table.
    JobId,
    /// A mail in the outbox.
    MailId,
    /// An e-mail subscription to a blog.
    SubscriberId,
    /// A post's delivery to a connected channel.
    DeliveryId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_integers_on_the_wire() {
        let id = PostId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<PostId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!(" 42 ".parse::<PostId>().unwrap(), id);
        assert!("x".parse::<PostId>().is_err());
    }
}
