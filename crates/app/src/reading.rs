//! What a signed-in person may read besides the public site: the internal
//! blogs `can` lets them read, for the front page, the navigation and the
//! dashboard.

use crate::{on_blog, App, Result};
use lykta_domain::{can, Action, Actor, Audience};
use lykta_store::{Blog, Reader};

impl App {
    /// The internal blogs `actor` may read, by name.
    pub async fn internal_blogs(&self, actor: &Actor) -> Result<Vec<Blog>> {
        let blogs = Reader::staff(&self.store, actor).blogs().await?;
        Ok(blogs
            .into_iter()
            .filter(|b| b.audience == Audience::Internal)
            .filter(|b| can(Some(actor), Action::Read, on_blog(b)))
            .collect())
    }
}
