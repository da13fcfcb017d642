//! The one permission check. Every handler asks [`can`]; nothing else decides
//! who may do what. [`matrix`] writes the rules out as a table
//! (`docs/permissions.md` is generated from it and checked by a test).

use crate::ids::{BlogId, UnitId, UserId};
use crate::types::{Audience, BlogRole, Role};

/// A signed-in staff member: an organisation-wide role and roles in blogs
/// (expired guest access is already left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
    pub memberships: Vec<Membership>,
    /// The unit this person works in, if any.
    pub unit: Option<UnitId>,
    /// The units this person manages.
    pub manages: Vec<UnitId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub blog_id: BlogId,
    pub role: BlogRole,
}

impl Actor {
    /// The actor's role in a blog, if any.
    pub fn role_in(&self, blog_id: BlogId) -> Option<BlogRole> {
        self.memberships
            .iter()
            .find(|m| m.blog_id == blog_id)
            .map(|m| m.role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a blog, post or page.
    Read,
    /// Open the admin area at all.
    UseAdmin,
    /// Edit the organisation, its units and accessibility statement.
    ManageOrganisation,
    /// Add staff accounts and change organisation roles.
    ManageUsers,
    /// Create a new blog.
    CreateBlog,
    /// Change a blog's settings and pages.
    ManageBlog,
    /// Give people roles in a blog.
    ManageMembers,
    /// See a blog's drafts and post list in the admin.
    SeeDrafts,
    /// Start a new post in a blog.
    CreatePost,
    /// Change a post's text and settings.
    EditPost,
    /// Publish, schedule or unpublish a post.
    PublishPost,
    /// Approve a post or send it back with a note.
    ReviewPost,
    /// Read and write the team's internal notes on a post.
    DiscussPost,
    /// See a blog's year plan.
    SeePlan,
    /// Add and change items in a blog's year plan, and send it for approval.
    EditPlan,
    /// Approve a blog's year plan or send it back.
    ApprovePlan,
    /// Approve, reject or hide readers' comments, and answer them.
    ModerateComments,
    /// Write and publish the social-media guidelines, and see who has read them.
    ManageGuidelines,
    /// Keep the scenario playbooks and handle reported incidents.
    HandleIncidents,
    /// Ask for a new channel (an account somewhere) for one's unit.
    RequestChannel,
    /// Approve or decline channel requests and keep the inventory.
    ManageChannels,
    /// Answer a survey for a unit (its people and managers).
    AnswerSurvey,
    /// See how a unit stands — who has read and acknowledged the
    /// guidelines, its survey answers — and export it.
    SeeUnitReach,
    /// Search the public record, put entries on hold, and handle requests
    /// about a person's comments (the registrar's work).
    ManageRecord,
    /// See jobs that failed their last attempt, and retry or discard them.
    ManageJobs,
    /// Upload images.
    UploadMedia,
    /// Publish or schedule in a blog that requires approval without it.
    SkipApproval,
    /// Comment as the organisation: the answer is marked as the blog's, and
    /// published at once whatever the blog's moderation.
    AnswerAsOrganisation,
    /// Read the guidelines' drafts (before they are published).
    SeeGuidelineDrafts,
    /// Read an incident report and its handling (the reporter's own, or any
    /// for those who handle incidents).
    ReadIncident,
    /// See a blog's e-mail subscribers' addresses, and record bounces and
    /// complaints (others on the blog's pages see only the counts).
    ManageSubscribers,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Read,
        Action::UseAdmin,
        Action::ManageOrganisation,
        Action::ManageUsers,
        Action::CreateBlog,
        Action::ManageBlog,
        Action::ManageMembers,
        Action::SeeDrafts,
        Action::CreatePost,
        Action::EditPost,
        Action::PublishPost,
        Action::ReviewPost,
        Action::DiscussPost,
        Action::SeePlan,
        Action::EditPlan,
        Action::ApprovePlan,
        Action::ModerateComments,
        Action::ManageGuidelines,
        Action::HandleIncidents,
        Action::RequestChannel,
        Action::ManageChannels,
        Action::AnswerSurvey,
        Action::SeeUnitReach,
        Action::ManageRecord,
        Action::ManageJobs,
        Action::UploadMedia,
        Action::SkipApproval,
        Action::AnswerAsOrganisation,
        Action::SeeGuidelineDrafts,
        Action::ReadIncident,
        Action::ManageSubscribers,
    ];
}

/// What an action is done to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// The instance as a whole (admin area, organisation, users, media, new blogs).
    Organisation,
    /// A unit of the organisation.
    Unit { id: UnitId },
    /// A reported incident, with who reported it.
    Incident { reporter_id: UserId },
    /// A blog.
    Blog { id: BlogId, audience: Audience },
    /// A post, with its blog, authors and whether it has ever been published.
    Post {
        blog_id: BlogId,
        audience: Audience,
        author_ids: &'a [UserId],
        published: bool,
    },
}

/// May `actor` (None: an anonymous reader) do `action` to `target`?
pub fn can(actor: Option<&Actor>, action: Action, target: Target<'_>) -> bool {
    let (blog, audience) = match target {
        Target::Organisation | Target::Unit { .. } | Target::Incident { .. } => (None, None),
        Target::Blog { id, audience }
        | Target::Post {
            blog_id: id,
            audience,
            ..
        } => (Some(id), Some(audience)),
    };
    let Some(actor) = actor else {
        // Anonymous readers may read what is public, and nothing else.
        return action == Action::Read && audience == Some(Audience::Public);
    };
    match actor.role {
        Role::Admin => return admin_may(action),
        Role::Communicator => return communicator_may(action),
        Role::Registrar if action == Action::ManageRecord => return true,
        Role::Registrar | Role::Employee => {}
    }
    // Employees: read everything internal; anything else through a role in the blog.
    let in_blog = blog.and_then(|b| actor.role_in(b));
    let own = match target {
        Target::Post { author_ids, .. } => author_ids.contains(&actor.user_id),
        _ => false,
    };
    let published = matches!(
        target,
        Target::Post {
            published: true,
            ..
        }
    );
    let writes_somewhere = actor.memberships.iter().any(|m| {
        matches!(
            m.role,
            BlogRole::Editor | BlogRole::Author | BlogRole::Guest
        )
    });
    match action {
        Action::Read => true,
        Action::UseAdmin | Action::RequestChannel => true,
        Action::UploadMedia => writes_somewhere,
        Action::ManageOrganisation
        | Action::ManageUsers
        | Action::CreateBlog
        | Action::ManageChannels
        | Action::ManageGuidelines
        | Action::HandleIncidents
        | Action::ManageRecord
        | Action::ManageJobs
        | Action::SkipApproval
        | Action::SeeGuidelineDrafts
        | Action::ManageSubscribers => false,
        // Whoever reported an incident follows it.
        Action::ReadIncident => match target {
            Target::Incident { reporter_id } => reporter_id == actor.user_id,
            _ => false,
        },
        // The organisation answers through the blog's editors, authors and
        // moderators (not guests or reviewers).
        Action::AnswerAsOrganisation => matches!(
            in_blog,
            Some(BlogRole::Editor | BlogRole::Author | BlogRole::Moderator)
        ),
        // Managers follow their own units.
        Action::SeeUnitReach => match target {
            Target::Unit { id } => actor.manages.contains(&id),
            _ => false,
        },
        // A unit's people and managers answer for it.
        Action::AnswerSurvey => match target {
            Target::Unit { id } => actor.unit == Some(id) || actor.manages.contains(&id),
            _ => false,
        },
        Action::ManageBlog | Action::ManageMembers => in_blog == Some(BlogRole::Editor),
        Action::SeeDrafts => in_blog.is_some(),
        Action::CreatePost => matches!(
            in_blog,
            Some(BlogRole::Editor | BlogRole::Author | BlogRole::Guest)
        ),
        Action::EditPost => match in_blog {
            Some(BlogRole::Editor) => true,
            Some(BlogRole::Author) => own,
            Some(BlogRole::Guest) => own && !published,
            _ => false,
        },
        Action::PublishPost => match in_blog {
            Some(BlogRole::Editor) => true,
            Some(BlogRole::Author) => own,
            _ => false,
        },
        Action::ReviewPost => matches!(in_blog, Some(BlogRole::Editor | BlogRole::Reviewer)),
        // Guests take part only in the discussion of their own posts.
        Action::DiscussPost => match in_blog {
            Some(BlogRole::Guest) => own,
            Some(_) => true,
            None => false,
        },
        Action::SeePlan => in_blog.is_some_and(|r| r != BlogRole::Guest),
        Action::EditPlan => matches!(in_blog, Some(BlogRole::Editor | BlogRole::Author)),
        Action::ApprovePlan => in_blog == Some(BlogRole::Reviewer),
        Action::ModerateComments => {
            matches!(in_blog, Some(BlogRole::Editor | BlogRole::Moderator))
        }
    }
}

/// Administrators may do everything. Spelled out, so that a new action is
/// a decision for each role (the compiler asks), never granted by default.
fn admin_may(action: Action) -> bool {
    match action {
        Action::Read
        | Action::UseAdmin
        | Action::ManageOrganisation
        | Action::ManageUsers
        | Action::CreateBlog
        | Action::ManageBlog
        | Action::ManageMembers
        | Action::SeeDrafts
        | Action::CreatePost
        | Action::EditPost
        | Action::PublishPost
        | Action::ReviewPost
        | Action::DiscussPost
        | Action::SeePlan
        | Action::EditPlan
        | Action::ApprovePlan
        | Action::ModerateComments
        | Action::ManageGuidelines
        | Action::HandleIncidents
        | Action::RequestChannel
        | Action::ManageChannels
        | Action::AnswerSurvey
        | Action::SeeUnitReach
        | Action::ManageRecord
        | Action::ManageJobs
        | Action::UploadMedia
        | Action::SkipApproval
        | Action::AnswerAsOrganisation
        | Action::SeeGuidelineDrafts
        | Action::ReadIncident
        | Action::ManageSubscribers => true,
    }
}

/// Communicators run the organisation's communication everywhere — blogs,
/// guidelines, incidents, channels — but not people, the organisation's
/// settings, the public record, the job queue, or approval they skip.
fn communicator_may(action: Action) -> bool {
    match action {
        Action::Read
        | Action::UseAdmin
        | Action::CreateBlog
        | Action::ManageBlog
        | Action::ManageMembers
        | Action::SeeDrafts
        | Action::CreatePost
        | Action::EditPost
        | Action::PublishPost
        | Action::ReviewPost
        | Action::DiscussPost
        | Action::SeePlan
        | Action::EditPlan
        | Action::ApprovePlan
        | Action::ModerateComments
        | Action::ManageGuidelines
        | Action::HandleIncidents
        | Action::RequestChannel
        | Action::ManageChannels
        | Action::AnswerSurvey
        | Action::SeeUnitReach
        | Action::UploadMedia
        | Action::AnswerAsOrganisation
        | Action::SeeGuidelineDrafts
        | Action::ReadIncident => true,
        Action::ManageOrganisation
        | Action::ManageUsers
        | Action::ManageRecord
        | Action::ManageJobs
        | Action::SkipApproval
        | Action::ManageSubscribers => false,
    }
}

/// Who may do what, as a Markdown table: one row per action, one column per
/// role, for a post in a blog where the person has that role (own post /
/// someone else's post where it differs).
pub fn matrix() -> String {
    let blog = BlogId::new(1);
    let unit = UnitId::new(1);
    let (me, other) = (UserId::new(7), UserId::new(8));
    let columns: Vec<(String, Option<Actor>)> = {
        let mut c = vec![("anonymous".to_owned(), None)];
        for r in Role::ALL {
            c.push((
                r.as_str().to_owned(),
                Some(Actor {
                    user_id: me,
                    role: *r,
                    memberships: vec![],
                    unit: Some(unit),
                    manages: vec![],
                }),
            ));
        }
        c.push((
            "unit manager".to_owned(),
            Some(Actor {
                user_id: me,
                role: Role::Employee,
                memberships: vec![],
                unit: Some(unit),
                manages: vec![unit],
            }),
        ));
        for br in BlogRole::ALL {
            let a = Actor {
                user_id: me,
                role: Role::Employee,
                memberships: vec![Membership {
                    blog_id: blog,
                    role: *br,
                }],
                unit: Some(unit),
                manages: vec![],
            };
            c.push((format!("blog {}", br.as_str()), Some(a)));
        }
        c
    };
    let mut out = String::from("| action |");
    for (name, _) in &columns {
        out.push_str(&format!(" {name} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    let mark = |b: bool| if b { "yes" } else { "–" };
    for action in Action::ALL {
        out.push_str(&format!("| {action:?} |"));
        for (_, actor) in &columns {
            let a = actor.as_ref();
            let cell = match action {
                Action::Read => format!(
                    "{} public / {} internal",
                    mark(can(
                        a,
                        *action,
                        Target::Blog {
                            id: blog,
                            audience: Audience::Public
                        }
                    )),
                    mark(can(
                        a,
                        *action,
                        Target::Blog {
                            id: blog,
                            audience: Audience::Internal
                        }
                    ))
                ),
                Action::EditPost | Action::PublishPost | Action::DiscussPost => {
                    fn post(blog_id: BlogId, ids: &[UserId], published: bool) -> Target<'_> {
                        Target::Post {
                            blog_id,
                            audience: Audience::Public,
                            author_ids: ids,
                            published,
                        }
                    }
                    let (own_draft, own_pub, other) = (
                        can(a, *action, post(blog, &[me], false)),
                        can(a, *action, post(blog, &[me], true)),
                        can(a, *action, post(blog, &[other], false)),
                    );
                    if own_draft == own_pub && own_pub == other {
                        mark(own_draft).to_owned()
                    } else {
                        format!(
                            "own draft {} / own published {} / others' {}",
                            mark(own_draft),
                            mark(own_pub),
                            mark(other)
                        )
                    }
                }
                Action::UseAdmin
                | Action::ManageOrganisation
                | Action::ManageUsers
                | Action::CreateBlog
                | Action::ManageRecord
                | Action::ManageJobs
                | Action::SeeGuidelineDrafts
                | Action::RequestChannel
                | Action::ManageChannels
                | Action::ManageGuidelines
                | Action::HandleIncidents
                | Action::UploadMedia => mark(can(a, *action, Target::Organisation)).to_owned(),
                Action::ReadIncident => format!(
                    "own report {} / others' {}",
                    mark(can(a, *action, Target::Incident { reporter_id: me })),
                    mark(can(a, *action, Target::Incident { reporter_id: other }))
                ),
                Action::SeeUnitReach | Action::AnswerSurvey => format!(
                    "own unit {} / other units {}",
                    mark(can(a, *action, Target::Unit { id: unit })),
                    mark(can(
                        a,
                        *action,
                        Target::Unit {
                            id: UnitId::new(unit.get() + 1)
                        }
                    ))
                ),
                _ => mark(can(
                    a,
                    *action,
                    Target::Blog {
                        id: blog,
                        audience: Audience::Public,
                    },
                ))
                .to_owned(),
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, memberships: &[(i64, BlogRole)]) -> Actor {
        Actor {
            user_id: UserId::new(2),
            role,
            memberships: memberships
                .iter()
                .map(|(b, r)| Membership {
                    blog_id: BlogId::new(*b),
                    role: *r,
                })
                .collect(),
            unit: None,
            manages: vec![],
        }
    }
    fn post(blog_id: i64, author_ids: &[i64], published: bool) -> Target<'static> {
        let author_ids: Vec<UserId> = author_ids.iter().map(|i| UserId::new(*i)).collect();
        Target::Post {
            blog_id: BlogId::new(blog_id),
            audience: Audience::Public,
            author_ids: author_ids.leak(),
            published,
        }
    }

    #[test]
    fn anonymous_reads_public_only() {
        assert!(can(
            None,
            Action::Read,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
        assert!(!can(
            None,
            Action::Read,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Internal
            }
        ));
        for a in Action::ALL.iter().filter(|a| **a != Action::Read) {
            assert!(
                !can(
                    None,
                    *a,
                    Target::Blog {
                        id: BlogId::new(1),
                        audience: Audience::Public
                    }
                ),
                "{a:?}"
            );
            assert!(!can(None, *a, Target::Organisation), "{a:?}");
        }
    }

    #[test]
    fn managers_see_their_own_units_only() {
        let mut manager = actor(Role::Employee, &[]);
        manager.manages = vec![UnitId::new(3)];
        let unit = |id| Target::Unit {
            id: UnitId::new(id),
        };
        assert!(can(Some(&manager), Action::SeeUnitReach, unit(3)));
        assert!(!can(Some(&manager), Action::SeeUnitReach, unit(4)));
        assert!(!can(
            Some(&manager),
            Action::SeeUnitReach,
            Target::Organisation
        ));
        assert!(!can(
            Some(&actor(Role::Employee, &[])),
            Action::SeeUnitReach,
            unit(3)
        ));
        assert!(can(
            Some(&actor(Role::Communicator, &[])),
            Action::SeeUnitReach,
            unit(4)
        ));
    }

    #[test]
    fn roles_in_a_blog_stay_in_that_blog() {
        let author = actor(Role::Employee, &[(1, BlogRole::Author)]);
        assert!(can(Some(&author), Action::EditPost, post(1, &[2, 5], true)));
        assert!(can(
            Some(&author),
            Action::PublishPost,
            post(1, &[2], false)
        ));
        assert!(!can(Some(&author), Action::EditPost, post(1, &[5], false)));
        assert!(
            !can(Some(&author), Action::EditPost, post(2, &[2], false)),
            "own post in another blog"
        );
        assert!(!can(
            Some(&author),
            Action::CreatePost,
            Target::Blog {
                id: BlogId::new(2),
                audience: Audience::Public
            }
        ));
        assert!(!can(
            Some(&author),
            Action::ManageBlog,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
        let editor = actor(Role::Employee, &[(1, BlogRole::Editor)]);
        assert!(can(Some(&editor), Action::EditPost, post(1, &[5], true)));
        assert!(can(
            Some(&editor),
            Action::ManageMembers,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
        assert!(!can(
            Some(&editor),
            Action::ManageBlog,
            Target::Blog {
                id: BlogId::new(2),
                audience: Audience::Public
            }
        ));
    }

    #[test]
    fn guests_write_their_own_drafts_and_cannot_publish() {
        let guest = actor(Role::Employee, &[(1, BlogRole::Guest)]);
        assert!(can(
            Some(&guest),
            Action::CreatePost,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
        assert!(can(Some(&guest), Action::EditPost, post(1, &[2], false)));
        assert!(!can(Some(&guest), Action::EditPost, post(1, &[2], true)));
        assert!(!can(
            Some(&guest),
            Action::PublishPost,
            post(1, &[2], false)
        ));
        assert!(!can(Some(&guest), Action::EditPost, post(1, &[5], false)));
    }

    #[test]
    fn employees_read_internal_and_nothing_else() {
        let e = actor(Role::Employee, &[]);
        assert!(can(
            Some(&e),
            Action::Read,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Internal
            }
        ));
        assert!(!can(
            Some(&e),
            Action::CreatePost,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
        assert!(!can(Some(&e), Action::UploadMedia, Target::Organisation));
        assert!(!can(
            Some(&e),
            Action::SeeDrafts,
            Target::Blog {
                id: BlogId::new(1),
                audience: Audience::Public
            }
        ));
    }

    #[test]
    fn communicators_do_everything_but_people_and_the_organisation() {
        let c = actor(Role::Communicator, &[]);
        assert!(can(Some(&c), Action::PublishPost, post(9, &[5], true)));
        assert!(can(Some(&c), Action::CreateBlog, Target::Organisation));
        assert!(!can(Some(&c), Action::ManageUsers, Target::Organisation));
        assert!(!can(
            Some(&c),
            Action::ManageOrganisation,
            Target::Organisation
        ));
        assert!(!can(Some(&c), Action::ManageJobs, Target::Organisation));
        assert!(!can(Some(&c), Action::SkipApproval, post(9, &[], false)));
        let admin = actor(Role::Admin, &[]);
        for a in Action::ALL {
            assert!(can(Some(&admin), *a, post(1, &[], false)));
        }
    }

    #[test]
    fn the_matrix_names_every_action_and_role() {
        let m = matrix();
        for a in Action::ALL {
            assert!(m.contains(&format!("| {a:?} |")));
        }
        assert!(m.contains("blog guest"));
        assert!(m.contains("own draft yes / own published – / others' –"));
    }
}
