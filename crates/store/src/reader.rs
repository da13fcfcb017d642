//! What a reader may see. A [`Reader`] is either anonymous — its queries can
//! only return published posts and pages of public blogs — or a signed-in
//! staff member's, which adds internal blogs. Feeds, sitemaps, the front page
//! and every other public path use [`Reader::anonymous`].

use crate::blogs::BLOG_COLUMNS;
use crate::pages::PAGE_COLUMNS;
use crate::posts::{POSTS, POST_COLUMNS};
use crate::users::USER_COLUMNS;
use crate::{with_pool, Blog, Page, Post, PostDetail, Result, Store, User};
use lykta_domain::Actor;
use lykta_domain::{BlogId, PostId, UserId};
use serde::Serialize;

#[derive(Clone, Copy)]
pub struct Reader<'s> {
    store: &'s Store,
    internal: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TagCount {
    pub blog_id: BlogId,
    pub slug: String,
    pub name: String,
    pub posts: i64,
    pub last_published: i64,
}

/// Which posts a listing shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostQuery<'a> {
    pub blog_id: Option<BlogId>,
    pub tag: Option<&'a str>,
    pub author_id: Option<UserId>,
}

const PUBLISHED: &str = "p.state = 'published'";

impl<'s> Reader<'s> {
    /// The public's view: public blogs only.
    pub fn anonymous(store: &'s Store) -> Self {
        Reader {
            store,
            internal: false,
        }
    }

    /// A signed-in staff member's view: internal blogs too. Needs an [`Actor`],
    /// which only a verified session yields.
    pub fn staff(store: &'s Store, _actor: &Actor) -> Self {
        Reader {
            store,
            internal: true,
        }
    }

    pub fn for_actor(store: &'s Store, actor: Option<&Actor>) -> Self {
        match actor {
            Some(a) => Reader::staff(store, a),
            None => Reader::anonymous(store),
        }
    }

    pub fn is_staff(&self) -> bool {
        self.internal
    }

    /// The SQL condition on blog alias `b`.
    fn visible(&self) -> &'static str {
        if self.internal {
            "1 = 1"
        } else {
            "b.audience = 'public'"
        }
    }

    pub async fn blogs(&self) -> Result<Vec<Blog>> {
        let cols = BLOG_COLUMNS.replace(", ", ", b.");
        let sql = format!(
            "SELECT b.{cols} FROM blogs b WHERE {} ORDER BY b.name",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    pub async fn blog(&self, slug: &str) -> Result<Option<Blog>> {
        let cols = BLOG_COLUMNS.replace(", ", ", b.");
        let sql = format!(
            "SELECT b.{cols} FROM blogs b WHERE b.slug = $1 AND {}",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).bind(slug).fetch_optional(p).await)?)
    }

    /// Published posts, newest first, and how many there are in all.
    pub async fn posts(
        &self,
        q: PostQuery<'_>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PostDetail>, i64)> {
        let from = format!(
            "FROM {POSTS} JOIN blogs b ON b.id = p.blog_id
             WHERE {PUBLISHED} AND {vis}
               AND ($1 IS NULL OR p.blog_id = $1)
               AND ($2 IS NULL OR EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.slug = $2))
               AND ($3 IS NULL OR EXISTS (SELECT 1 FROM post_authors a WHERE a.post_id = p.id AND a.user_id = $3))",
            vis = self.visible()
        );
        let list_sql = format!("SELECT {POST_COLUMNS} {from} ORDER BY p.published_at DESC, p.id DESC LIMIT $4 OFFSET $5");
        let count_sql = format!("SELECT COUNT(*) {from}");
        let (posts, total): (Vec<Post>, i64) = with_pool!(self.store, p => {
            let posts = sqlx::query_as(&list_sql)
                .bind(q.blog_id).bind(q.tag).bind(q.author_id).bind(limit).bind(offset)
                .fetch_all(p).await?;
            let total = sqlx::query_scalar(&count_sql)
                .bind(q.blog_id).bind(q.tag).bind(q.author_id)
                .fetch_one(p).await?;
            (posts, total)
        });
        Ok((self.store.with_details(posts).await?, total))
    }

    /// Up to `limit` other published posts of the same blog (so of the same
    /// audience) that share a tag with `post`, those sharing the most tags
    /// first, then the newest.
    pub async fn related(&self, post: &Post, limit: i64) -> Result<Vec<PostDetail>> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM {POSTS} JOIN blogs b ON b.id = p.blog_id
             JOIN (SELECT o.post_id, COUNT(*) AS shared FROM post_tags t
                   JOIN post_tags o ON o.slug = t.slug AND o.post_id <> t.post_id
                   WHERE t.post_id = $1 GROUP BY o.post_id) r ON r.post_id = p.id
             WHERE p.blog_id = $2 AND {PUBLISHED} AND {}
             ORDER BY r.shared DESC, p.published_at DESC, p.id DESC LIMIT $3",
            self.visible()
        );
        let posts: Vec<Post> = with_pool!(self.store, p => sqlx::query_as(&sql)
            .bind(post.id).bind(post.blog_id).bind(limit).fetch_all(p).await)?;
        self.store.with_details(posts).await
    }

    /// A published post by its slug in a visible blog.
    pub async fn post(&self, blog_id: BlogId, slug: &str) -> Result<Option<PostDetail>> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM {POSTS} JOIN blogs b ON b.id = p.blog_id
             WHERE p.blog_id = $1 AND p.slug = $2 AND {PUBLISHED} AND {}",
            self.visible()
        );
        let post: Option<Post> = with_pool!(self.store, p => sqlx::query_as(&sql).bind(blog_id).bind(slug).fetch_optional(p).await)?;
        Ok(match post {
            Some(post) => self.store.with_details(vec![post]).await?.pop(),
            None => None,
        })
    }

    /// The ids of the published posts of visible blogs with ids in
    /// (`after`, `upto`]: the public search index is rebuilt from these.
    pub async fn post_ids_between(&self, after: i64, upto: i64) -> Result<Vec<PostId>> {
        let sql = format!(
            "SELECT p.id FROM posts p JOIN blogs b ON b.id = p.blog_id
             WHERE p.id > $1 AND p.id <= $2 AND {PUBLISHED} AND {} ORDER BY p.id",
            self.visible()
        );
        Ok(
            with_pool!(self.store, p => sqlx::query_scalar(&sql).bind(after).bind(upto).fetch_all(p).await)?,
        )
    }

    /// Was there a post here that has been taken down (answer 410, not 404)?
    pub async fn post_is_gone(&self, blog_id: BlogId, slug: &str) -> Result<bool> {
        let sql =
            "SELECT COUNT(*) FROM posts WHERE blog_id = $1 AND slug = $2 AND state = 'unpublished'";
        let n: i64 = with_pool!(self.store, p => sqlx::query_scalar(sql).bind(blog_id).bind(slug).fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// A published page of a visible blog.
    pub async fn page(&self, blog_id: BlogId, slug: &str) -> Result<Option<Page>> {
        let cols = PAGE_COLUMNS.replace(", ", ", pg.");
        let sql = format!(
            "SELECT pg.{cols} FROM pages pg JOIN blogs b ON b.id = pg.blog_id
             WHERE pg.blog_id = $1 AND pg.slug = $2 AND pg.published = TRUE AND {}",
            self.visible()
        );
        Ok(
            with_pool!(self.store, p => sqlx::query_as(&sql).bind(blog_id).bind(slug).fetch_optional(p).await)?,
        )
    }

    /// Published pages of a visible blog, in menu order.
    pub async fn pages(&self, blog_id: BlogId) -> Result<Vec<Page>> {
        let cols = PAGE_COLUMNS.replace(", ", ", pg.");
        let sql = format!(
            "SELECT pg.{cols} FROM pages pg JOIN blogs b ON b.id = pg.blog_id
             WHERE pg.blog_id = $1 AND pg.published = TRUE AND {} ORDER BY pg.position, pg.title",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }

    /// Every visible published page, for the sitemap.
    pub async fn all_pages(&self) -> Result<Vec<Page>> {
        let cols = PAGE_COLUMNS.replace(", ", ", pg.");
        let sql = format!(
            "SELECT pg.{cols} FROM pages pg JOIN blogs b ON b.id = pg.blog_id
             WHERE pg.published = TRUE AND {} ORDER BY pg.blog_id, pg.position",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// Tags in use on published posts (of one blog, or of all visible blogs).
    pub async fn tags(&self, blog_id: Option<BlogId>) -> Result<Vec<TagCount>> {
        let sql = format!(
            "SELECT p.blog_id, t.slug, MIN(t.name) AS name, COUNT(*) AS posts, MAX(p.published_at) AS last_published
             FROM post_tags t JOIN posts p ON p.id = t.post_id JOIN blogs b ON b.id = p.blog_id
             WHERE {PUBLISHED} AND {} AND ($1 IS NULL OR p.blog_id = $1)
             GROUP BY p.blog_id, t.slug ORDER BY p.blog_id, COUNT(*) DESC, t.slug",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }

    /// An author with at least one visible published post in the blog.
    pub async fn author(&self, blog_id: BlogId, slug: &str) -> Result<Option<User>> {
        let cols = USER_COLUMNS.replace(", ", ", u.");
        let sql = format!(
            "SELECT u.{cols} FROM users u WHERE u.slug = $1 AND EXISTS (
               SELECT 1 FROM post_authors a JOIN posts p ON p.id = a.post_id JOIN blogs b ON b.id = p.blog_id
               WHERE a.user_id = u.id AND p.blog_id = $2 AND {PUBLISHED} AND {})",
            self.visible()
        );
        Ok(
            with_pool!(self.store, p => sqlx::query_as(&sql).bind(slug).bind(blog_id).fetch_optional(p).await)?,
        )
    }

    /// (slug, name) of everyone with a visible published post (in the
    /// blog), by name: whom a search can be narrowed to.
    pub async fn authors(&self, blog_id: Option<BlogId>) -> Result<Vec<(String, String)>> {
        let sql = format!(
            "SELECT u.slug, u.name FROM users u WHERE EXISTS (
               SELECT 1 FROM post_authors a JOIN posts p ON p.id = a.post_id JOIN blogs b ON b.id = p.blog_id
               WHERE a.user_id = u.id AND ($1 IS NULL OR p.blog_id = $1) AND {PUBLISHED} AND {})
             ORDER BY u.name, u.slug",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }

    /// (blog id, author slug, last published) for every author of a visible
    /// published post, for the sitemap.
    pub async fn author_index(&self) -> Result<Vec<(BlogId, String, i64)>> {
        let sql = format!(
            "SELECT p.blog_id, u.slug, MAX(p.published_at) FROM post_authors a
             JOIN posts p ON p.id = a.post_id JOIN blogs b ON b.id = p.blog_id JOIN users u ON u.id = a.user_id
             WHERE {PUBLISHED} AND {} GROUP BY p.blog_id, u.slug ORDER BY p.blog_id, u.slug",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// Published comments on a visible published post, oldest first; a
    /// pseudonymised author shows as such. Never the e-mail.
    pub async fn comments(&self, post_id: PostId) -> Result<Vec<crate::PublicComment>> {
        let sql = format!(
            "SELECT c.id, c.parent_id, c.author_name, c.body, c.is_answer, c.created_at
             FROM comments c JOIN posts p ON p.id = c.post_id JOIN blogs b ON b.id = p.blog_id
             WHERE c.post_id = $1 AND c.state = 'published' AND {PUBLISHED} AND {} ORDER BY c.id",
            self.visible()
        );
        Ok(with_pool!(self.store, p => sqlx::query_as(&sql).bind(post_id).fetch_all(p).await)?)
    }
}
