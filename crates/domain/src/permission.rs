//! The one permission check. Every handler asks [`can`]; nothing else decides
//! who may do what.

use crate::types::{Audience, Role};

/// A signed-in staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a blog, post or page.
    Read,
    /// Open the admin area at all.
    UseAdmin,
    /// Edit the organisation, its units and accessibility statement.
    ManageOrganisation,
    /// Add staff accounts and change roles.
    ManageUsers,
    /// Create a blog, change its settings, edit its pages.
    ManageBlog,
    /// Start a new post in a blog.
    CreatePost,
    /// Change a post's text and settings.
    EditPost,
    /// Publish, schedule or unpublish a post.
    PublishPost,
    /// Upload images.
    UploadMedia,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Read,
        Action::UseAdmin,
        Action::ManageOrganisation,
        Action::ManageUsers,
        Action::ManageBlog,
        Action::CreatePost,
        Action::EditPost,
        Action::PublishPost,
        Action::UploadMedia,
    ];
}

/// What an action is done to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// The instance as a whole (admin area, organisation, users, media).
    Organisation,
    /// A blog, known by its audience.
    Blog { audience: Audience },
    /// A post, known by its blog's audience and its authors.
    Post {
        audience: Audience,
        author_ids: &'a [i64],
    },
}

/// May `actor` (None: an anonymous reader) do `action` to `target`?
pub fn can(actor: Option<&Actor>, action: Action, target: Target<'_>) -> bool {
    let audience = match target {
        Target::Organisation => None,
        Target::Blog { audience } | Target::Post { audience, .. } => Some(audience),
    };
    let Some(actor) = actor else {
        // Anonymous readers may read what is public, and nothing else.
        return action == Action::Read && audience == Some(Audience::Public);
    };
    match actor.role {
        Role::Admin => true,
        Role::Author => match action {
            Action::Read | Action::UseAdmin | Action::UploadMedia | Action::CreatePost => true,
            Action::EditPost | Action::PublishPost => match target {
                Target::Post { author_ids, .. } => author_ids.contains(&actor.user_id),
                _ => false,
            },
            Action::ManageOrganisation | Action::ManageUsers | Action::ManageBlog => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Actor = Actor {
        user_id: 1,
        role: Role::Admin,
    };
    const AUTHOR: Actor = Actor {
        user_id: 2,
        role: Role::Author,
    };

    #[test]
    fn anonymous_reads_public_only() {
        assert!(can(
            None,
            Action::Read,
            Target::Blog {
                audience: Audience::Public
            }
        ));
        assert!(!can(
            None,
            Action::Read,
            Target::Blog {
                audience: Audience::Internal
            }
        ));
        assert!(!can(
            None,
            Action::Read,
            Target::Post {
                audience: Audience::Internal,
                author_ids: &[]
            }
        ));
        for a in Action::ALL.iter().filter(|a| **a != Action::Read) {
            assert!(
                !can(
                    None,
                    *a,
                    Target::Blog {
                        audience: Audience::Public
                    }
                ),
                "{a:?}"
            );
            assert!(!can(None, *a, Target::Organisation), "{a:?}");
        }
    }

    #[test]
    fn authors_edit_their_own_posts_only() {
        let own = Target::Post {
            audience: Audience::Public,
            author_ids: &[2, 5],
        };
        let other = Target::Post {
            audience: Audience::Public,
            author_ids: &[5],
        };
        assert!(can(Some(&AUTHOR), Action::EditPost, own));
        assert!(can(Some(&AUTHOR), Action::PublishPost, own));
        assert!(!can(Some(&AUTHOR), Action::EditPost, other));
        assert!(!can(
            Some(&AUTHOR),
            Action::ManageBlog,
            Target::Blog {
                audience: Audience::Public
            }
        ));
        assert!(!can(
            Some(&AUTHOR),
            Action::ManageUsers,
            Target::Organisation
        ));
        assert!(can(
            Some(&AUTHOR),
            Action::Read,
            Target::Blog {
                audience: Audience::Internal
            }
        ));
    }

    #[test]
    fn admins_may_do_everything() {
        for a in Action::ALL {
            assert!(can(
                Some(&ADMIN),
                *a,
                Target::Post {
                    audience: Audience::Internal,
                    author_ids: &[]
                }
            ));
        }
    }
}
