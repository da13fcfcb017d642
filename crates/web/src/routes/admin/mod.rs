//! The staff admin: dashboard, blogs, members, posts, pages, organisation,
//! people and profile, one module each. Every handler asks
//! `lykta_domain::can` through [`require`](super::staff::require).

mod blogs;
mod dashboard;
mod members;
mod organisation;
mod pages;
mod people;
mod posts;
mod profile;
pub(crate) use posts::channels_again as posts_channels_again;

use crate::routes::Routes;
use axum::routing::{get, post};

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin", get(dashboard::dashboard))
        .route("/admin/blogs/new", get(blogs::new_blog))
        .route("/admin/blogs", post(blogs::create_blog))
        .route("/admin/blogs/{id}", get(blogs::blog_posts))
        .route(
            "/admin/blogs/{id}/edit",
            get(blogs::edit_blog).post(blogs::update_blog),
        )
        .route(
            "/admin/blogs/{id}/comment-settings",
            post(blogs::comment_settings),
        )
        .route("/admin/blogs/{id}/posts/new", get(posts::new_post))
        .route(
            "/admin/blogs/{id}/members",
            get(members::members).post(members::set_member),
        )
        .route(
            "/admin/blogs/{id}/members/{user}/remove",
            post(members::remove_member),
        )
        .route("/admin/blogs/{id}/posts", post(posts::create_post))
        .route(
            "/admin/posts/{id}",
            get(posts::edit_post).post(posts::update_post),
        )
        .route("/admin/posts/{id}/review", post(posts::review_post))
        .route("/admin/posts/{id}/notes", post(posts::add_note))
        .route(
            "/admin/posts/{id}/notes/{note}/resolve",
            post(posts::resolve_note),
        )
        .route("/admin/blogs/{id}/invitations", post(members::invite))
        .route(
            "/admin/blogs/{id}/invitations/{inv}/revoke",
            post(members::revoke_invitation),
        )
        .route(
            "/admin/posts/{id}/revisions/{rev}",
            get(posts::compare_revision),
        )
        .route(
            "/admin/posts/{id}/revisions/{rev}/restore",
            post(posts::restore_revision),
        )
        .route("/admin/blogs/{id}/pages/new", get(pages::new_page))
        .route("/admin/blogs/{id}/pages", post(pages::create_page))
        .route(
            "/admin/pages/{id}",
            get(pages::edit_page).post(pages::update_page),
        )
        .route(
            "/admin/organisation",
            get(organisation::organisation).post(organisation::save_organisation),
        )
        .route("/admin/users", get(people::users).post(people::add_user))
        .route(
            "/admin/users/{id}",
            get(people::person).post(people::save_person),
        )
        .route("/admin/users/{id}/deactivate", post(people::deactivate))
        .route("/admin/users/{id}/reactivate", post(people::reactivate))
        .route("/admin/users/{id}/reset", post(people::send_reset))
        .route("/admin/units", post(organisation::add_unit))
        .route(
            "/admin/units/{id}/managers",
            post(organisation::set_unit_managers),
        )
        .route(
            "/admin/profile",
            get(profile::profile).post(profile::save_profile),
        )
        .route("/admin/profile/mail", post(profile::save_mail_prefs))
        .route("/admin/outbox", get(people::outbox))
}
