//! Full-text search: who may find what, and what goes into which index.
//!
//! Two indexes live in `<data_dir>/search/`: **public** receives only
//! documents read through [`Reader::anonymous`] (published posts and pages
//! of public blogs), so no query on it can return anything else; **staff**
//! receives every post, page and waiting comment, and each hit is shown only
//! if [`lykta_domain::can`] lets the person open it. Both follow the event
//! log: each remembers the last event applied, committed with its
//! documents, so a node catches up after a crash or restart, and every node
//! (PostgreSQL) builds the same indexes from the same log. An index never
//! built is filled from the database.
//!
//! The staff index also holds the public record's entries (kind `record`,
//! following the record by its ids from their own cursor; a disposal takes
//! the texts it removed out): the registrar's record search finds its text
//! there ([`App::find_record`]); the staff search leaves them out.

use crate::{require, App, Error, Result};
use lykta_domain::{
    can, Action, Actor, Audience, BlogId, CommentId, CommentState, DomainEvent, PageId, PostId,
    PostState, Target,
};
use lykta_search::{Change, Cursor, Doc, Hit, Kind, SearchIndex, UserQuery};
use lykta_store::{Blog, PostDetail, Reader, RecordEntry, RecordQuery, StoreError};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

pub use lykta_search::{Filters, Found, QueryProblem, MAX_QUERY_CHARS};

/// Results per page.
pub const PER_PAGE: usize = 10;
/// Events applied per commit while catching up.
const BATCH: i64 = 500;
/// Posts (and record entries) read per query while rebuilding.
const REBUILD_BATCH: i64 = 1000;
/// Record entries the index names for the registrar's text, at most (the
/// other filters then narrow them in the database).
const RECORD_MATCHES: usize = 5000;

/// The two indexes of this node.
pub struct Indexes {
    public: SearchIndex,
    staff: SearchIndex,
    /// One writer at a time (catching up, rebuilding).
    busy: tokio::sync::Mutex<()>,
}

impl Indexes {
    /// Open (or create) the indexes in `dir`.
    pub fn open(dir: &Path) -> Result<Indexes> {
        let open = |name: &str| {
            SearchIndex::open(&dir.join(name))
                .map_err(|e| Error::Internal(anyhow::anyhow!("search index {name}: {e}")))
        };
        Ok(Indexes {
            public: open("public")?,
            staff: open("staff")?,
            busy: tokio::sync::Mutex::new(()),
        })
    }
}

fn internal(e: lykta_search::Error) -> Error {
    Error::Internal(anyhow::Error::new(e).context("search index"))
}

/// What a person asked for: the words and the filters, as parsed.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub filters: Filters,
    /// 1-based.
    pub page: usize,
}

/// The answer: a page of hits, or why the query cannot be searched.
#[derive(Debug)]
pub enum Outcome {
    Found(Found),
    Problem(QueryProblem),
}

/// Both indexes' documents for one thing: (public, staff).
type Docs = (Option<Doc>, Option<Doc>);

/// What a rebuild reads from the database, batch by batch.
enum Rebuild {
    /// Posts of every blog and state, and which of them the anonymous
    /// reader reads (those go into the public index too).
    Posts {
        posts: Vec<PostDetail>,
        public: HashSet<PostId>,
    },
    /// Pages and waiting comments, as documents (public, staff).
    Docs { public: Vec<Doc>, staff: Vec<Doc> },
    /// Entries of the public record (staff index).
    Record(Vec<RecordEntry>),
}

impl Rebuild {
    /// (posts, public documents, staff documents).
    fn into_docs(self, blogs: &[Blog]) -> (u64, Vec<Doc>, Vec<Doc>) {
        match self {
            Rebuild::Posts { posts, public } => {
                let mut docs = (Vec::new(), Vec::with_capacity(posts.len()));
                for p in &posts {
                    let Some(blog) = blogs.iter().find(|b| b.id == p.post.blog_id) else {
                        continue;
                    };
                    let staff = post_doc(p, blog, admin_post_path(p.post.id));
                    if public.contains(&p.post.id) {
                        docs.0.push(Doc {
                            path: public_post_path(blog, &p.post.slug),
                            ..staff.clone()
                        });
                    }
                    docs.1.push(staff);
                }
                (posts.len() as u64, docs.0, docs.1)
            }
            Rebuild::Docs { public, staff } => (0, public, staff),
            Rebuild::Record(entries) => (
                0,
                Vec::new(),
                entries
                    .iter()
                    .filter_map(|e| record_doc(e, blogs))
                    .collect(),
            ),
        }
    }
}

impl App {
    /// Search what every reader may see: the public index only.
    pub async fn search_public(&self, r: &SearchRequest) -> Result<Outcome> {
        self.run_search(r, None).await
    }

    /// Search everything `actor` may read: drafts they may open, internal
    /// blogs, pages, comments waiting for them to moderate.
    pub async fn search_staff(&self, actor: &Actor, r: &SearchRequest) -> Result<Outcome> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        self.run_search(r, Some(actor)).await
    }

    /// Whom a reader can narrow a search to, as (address, name): who has
    /// published in the blog, or in any public blog.
    pub async fn public_search_authors(
        &self,
        blog: Option<BlogId>,
    ) -> Result<Vec<(String, String)>> {
        Ok(Reader::anonymous(&self.store).authors(blog).await?)
    }

    /// Whom staff can narrow a search to: the blog's team (its members and
    /// whoever wrote its posts), or every blog's.
    pub async fn staff_search_authors(
        &self,
        actor: &Actor,
        blog: Option<BlogId>,
    ) -> Result<Vec<(String, String)>> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        Ok(self.store.team_people(blog).await?)
    }

    async fn run_search(&self, r: &SearchRequest, actor: Option<&Actor>) -> Result<Outcome> {
        let q = match UserQuery::parse(&r.q) {
            Ok(q) => q,
            Err(p) => return Ok(Outcome::Problem(p)),
        };
        let offset = r.page.saturating_sub(1).saturating_mul(PER_PAGE);
        let search = self.search.clone();
        let mut filters = r.filters.clone();
        let found = match actor {
            None => {
                tokio::task::spawn_blocking(move || {
                    search.public.search(&q, &filters, None, offset, PER_PAGE)
                })
                .await
            }
            Some(actor) => {
                let audiences: HashMap<BlogId, Audience> = self
                    .store
                    .all_blogs()
                    .await?
                    .into_iter()
                    .map(|b| (b.id, b.audience))
                    .collect();
                let actor = actor.clone();
                filters.record = Some(false);
                tokio::task::spawn_blocking(move || {
                    let keep = |h: &Hit| may_open(&actor, &audiences, h);
                    search
                        .staff
                        .search(&q, &filters, Some(&keep), offset, PER_PAGE)
                })
                .await
            }
        };
        let found = found
            .map_err(|e| Error::Internal(anyhow::anyhow!("search task: {e}")))?
            .map_err(internal)?;
        Ok(Outcome::Found(found))
    }

    /// Apply the events logged since the indexes last looked (building an
    /// index never built from the database). Returns how many events.
    pub async fn catch_up_search(&self) -> Result<usize> {
        match self.catch_up().await {
            // Another node sharing this data folder writes the index now.
            Err(Error::Internal(e))
                if matches!(e.downcast_ref(), Some(lykta_search::Error::Busy)) =>
            {
                Ok(0)
            }
            other => other,
        }
    }

    async fn catch_up(&self) -> Result<usize> {
        let _busy = self.search.busy.lock().await;
        self.search.public.refresh().map_err(internal)?;
        self.search.staff.refresh().map_err(internal)?;
        let cursors = (
            self.search.public.cursor().map_err(internal)?,
            self.search.staff.cursor().map_err(internal)?,
        );
        let (Some(a), Some(b)) = cursors else {
            drop(_busy);
            self.reindex_search(&|_, _| {}).await?;
            return Ok(0);
        };
        let mut cursor = a.event.min(b.event);
        let mut applied = 0;
        loop {
            let events = self.store.events_after(cursor, BATCH).await?;
            let Some(last) = events.last().map(|e| e.id) else {
                break;
            };
            let mut posts = BTreeSet::new();
            let mut pages = BTreeSet::new();
            let mut comments = BTreeSet::new();
            for e in &events {
                match e.event {
                    Some(
                        DomainEvent::PostPublished { post_id, .. }
                        | DomainEvent::PostUpdated { post_id, .. }
                        | DomainEvent::PostUnpublished { post_id, .. }
                        | DomainEvent::PostSaved { post_id, .. },
                    ) => {
                        posts.insert(post_id);
                    }
                    Some(DomainEvent::PageChanged { page_id, .. }) => {
                        pages.insert(page_id);
                    }
                    Some(
                        DomainEvent::CommentPublished { comment_id, .. }
                        | DomainEvent::CommentWithdrawn { comment_id, .. }
                        | DomainEvent::CommentChanged { comment_id, .. },
                    ) => {
                        comments.insert(comment_id);
                    }
                    // A blog's audience, name or language: all it holds.
                    Some(DomainEvent::BlogChanged { blog_id }) => {
                        for p in self.store.posts_of_blog(blog_id).await? {
                            posts.insert(p.post.id);
                        }
                        for p in self.store.pages_of_blog(blog_id).await? {
                            pages.insert(p.id);
                        }
                    }
                    _ => {}
                }
            }
            let mut public = Vec::new();
            let mut staff = Vec::new();
            let mut put = |kind, id, (p, s): Docs| {
                public.push(p.map_or(Change::Remove(kind, id), Change::Put));
                staff.push(s.map_or(Change::Remove(kind, id), Change::Put));
            };
            for id in posts {
                put(Kind::Post, id.get(), self.post_docs(id).await?);
            }
            for id in pages {
                put(Kind::Page, id.get(), self.page_docs(id).await?);
            }
            for id in comments {
                put(Kind::Comment, id.get(), (None, self.comment_doc(id).await?));
            }
            let search = self.search.clone();
            blocking(move || {
                search
                    .public
                    .apply(public, Cursor::default().at_event(last))?;
                search.staff.apply(staff, b.at_event(last))
            })
            .await?;
            applied += events.len();
            cursor = last;
        }
        // The public record, from the staff index's own cursor.
        let staff = Cursor {
            event: cursor,
            record: b.record,
        };
        let blogs = self.store.all_blogs().await?;
        let mut at = staff.record;
        loop {
            let entries = self.store.record_entries_after(at, BATCH).await?;
            let Some(last) = entries.last().map(|e| e.id) else {
                break;
            };
            let mut changes = Vec::new();
            for e in &entries {
                if e.kind == "disposal" {
                    for id in self.store.record_disposed_at(e.at).await? {
                        changes.push(Change::Remove(Kind::Record, id));
                    }
                }
                changes.extend(record_doc(e, &blogs).map(Change::Put));
            }
            let search = self.search.clone();
            blocking(move || search.staff.apply(changes, staff.at_record(last))).await?;
            applied += entries.len();
            at = last;
        }
        Ok(applied)
    }

    /// The registrar's search `q`: its text through the staff index (Swedish
    /// and English inflections, phrases, prefixes, typos; a text of little
    /// words only is matched as written), the other filters in the database.
    /// The index is brought up to date first: the registrar sees every entry.
    pub async fn find_record(
        &self,
        actor: &Actor,
        q: &RecordQuery<'_>,
    ) -> Result<Vec<RecordEntry>> {
        require(actor, Action::ManageRecord, Target::Organisation)?;
        // No text (the other filters alone), or one the index cannot search
        // (little words only, too long): the text as written.
        let Ok(text) = UserQuery::parse(q.text) else {
            return Ok(self.store.search_record(q).await?);
        };
        self.catch_up_search().await?;
        let filters = Filters {
            record: Some(true),
            from: Some(q.from),
            before: Some(q.to.saturating_add(1)),
            ..Filters::default()
        };
        let search = self.search.clone();
        let hits = tokio::task::spawn_blocking(move || {
            search.staff.matching(&text, &filters, RECORD_MATCHES)
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("search task: {e}")))?
        .map_err(internal)?;
        let ids: Vec<i64> = hits
            .iter()
            .filter(|h| h.kind == Kind::Record && may_read_record(actor))
            .map(|h| h.id)
            .collect();
        Ok(self
            .store
            .search_record(&RecordQuery {
                text: "",
                ids: Some(&ids),
                ..*q
            })
            .await?)
    }

    /// Build both indexes afresh from the database, telling `progress`
    /// (done, of) as posts go in. Returns how many documents.
    ///
    /// Reading and indexing overlap: this task reads the next batch from
    /// the database while a blocking thread turns the last one into
    /// documents (each post's Markdown rendered once, for both indexes) and
    /// hands them to tantivy's indexing threads.
    pub async fn reindex_search(&self, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<u64> {
        let _busy = self.search.busy.lock().await;
        // Events after this one are applied by the next catch-up (again,
        // harmlessly, if the rebuild already saw their change).
        let event = self.store.last_event_id().await?;
        let ix = self.search.clone();
        blocking(move || {
            ix.public.clear()?;
            ix.staff.clear()
        })
        .await?;
        let blogs = std::sync::Arc::new(self.store.all_blogs().await?);
        let of = self.store.count_posts().await?;
        // Two batches read ahead at most: memory stays bounded.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Rebuild>(2);
        let read_blogs = blogs.clone();
        let read = async move {
            let mut after = 0;
            loop {
                let posts = self.store.posts_after(after, REBUILD_BATCH).await?;
                let Some(last) = posts.last().map(|p| p.post.id.get()) else {
                    break;
                };
                // The public index takes only what the anonymous reader reads.
                let public = Reader::anonymous(&self.store)
                    .post_ids_between(after, last)
                    .await?
                    .into_iter()
                    .collect();
                after = last;
                if tx.send(Rebuild::Posts { posts, public }).await.is_err() {
                    return Ok(0);
                }
            }
            for blog in read_blogs.iter() {
                let mut public = Vec::new();
                let mut staff = Vec::new();
                for pg in self.store.pages_of_blog(blog.id).await? {
                    let (p, s) = self.page_docs(pg.id).await?;
                    public.extend(p);
                    staff.extend(s);
                }
                for c in self.store.waiting_comments_of_blog(blog.id).await? {
                    staff.extend(self.comment_doc(c).await?);
                }
                if tx.send(Rebuild::Docs { public, staff }).await.is_err() {
                    return Ok(0);
                }
            }
            // The public record's entries, into the staff index.
            let mut record = 0;
            loop {
                let entries = self
                    .store
                    .record_entries_after(record, REBUILD_BATCH)
                    .await?;
                let Some(last) = entries.last().map(|e| e.id) else {
                    break;
                };
                record = last;
                if tx.send(Rebuild::Record(entries)).await.is_err() {
                    break;
                }
            }
            Ok::<_, Error>(record)
        };
        let index = async {
            let (mut done, mut total) = (0_u64, 0_u64);
            while let Some(batch) = rx.recv().await {
                let (ix, blogs) = (self.search.clone(), blogs.clone());
                let (posts, docs) = blocking(move || {
                    let (posts, public, staff) = batch.into_docs(&blogs);
                    let docs = (public.len() + staff.len()) as u64;
                    ix.public.add_batch(public)?;
                    ix.staff.add_batch(staff)?;
                    Ok((posts, docs))
                })
                .await?;
                done += posts;
                total += docs;
                if posts > 0 {
                    progress(done, of.max(done));
                }
            }
            Ok::<_, Error>(total)
        };
        let (record, total) = tokio::try_join!(read, index)?;
        let ix = self.search.clone();
        blocking(move || {
            ix.public.commit(Cursor::default().at_event(event))?;
            ix.staff.commit(Cursor { event, record })
        })
        .await?;
        Ok(total)
    }

    async fn post_docs(&self, id: PostId) -> Result<Docs> {
        let p = match self.store.post(id).await {
            Err(StoreError::NotFound) => return Ok((None, None)),
            other => other?,
        };
        let blog = self.store.blog(p.post.blog_id).await?;
        let public = Reader::anonymous(&self.store)
            .post(blog.id, &p.post.slug)
            .await?
            .map(|pp| post_doc(&pp, &blog, public_post_path(&blog, &pp.post.slug)));
        Ok((public, Some(post_doc(&p, &blog, admin_post_path(id)))))
    }

    async fn page_docs(&self, id: PageId) -> Result<Docs> {
        let page = match self.store.page(id).await {
            Err(StoreError::NotFound) => return Ok((None, None)),
            other => other?,
        };
        let blog = self.store.blog(page.blog_id).await?;
        let doc = |p: &lykta_store::Page, path: String| Doc {
            kind: Kind::Page,
            id: p.id.get(),
            blog_id: blog.id,
            lang: blog.language,
            title: p.title.clone(),
            body: lykta_render::markdown::block_text(&p.body),
            tags: Vec::new(),
            author_ids: Vec::new(),
            date: p.updated_at,
            state: if p.published { "published" } else { "draft" }.into(),
            path,
            ever_published: p.published,
        };
        let public = Reader::anonymous(&self.store)
            .page(blog.id, &page.slug)
            .await?
            .map(|p| doc(&p, format!("/{}/{}", blog.slug, p.slug)));
        Ok((
            public,
            Some(doc(&page, format!("/admin/pages/{}", id.get()))),
        ))
    }

    /// A comment waiting for a moderator, for the staff index (others: none).
    async fn comment_doc(&self, id: CommentId) -> Result<Option<Doc>> {
        let c = match self.store.comment(id).await {
            Err(StoreError::NotFound) => return Ok(None),
            other => other?,
        };
        if c.state != CommentState::Pending {
            return Ok(None);
        }
        let blog = self.store.blog(c.blog_id).await?;
        Ok(Some(Doc {
            kind: Kind::Comment,
            id: c.id.get(),
            blog_id: blog.id,
            lang: blog.language,
            title: c.post_title.clone(),
            body: format!("{}: {}", c.author_name, c.body),
            tags: Vec::new(),
            author_ids: Vec::new(),
            date: c.created_at,
            state: c.state.as_str().into(),
            path: format!("/admin/comments?blog={}&state=pending", blog.id.get()),
            ever_published: false,
        }))
    }
}

async fn blocking<T: Send + 'static>(
    run: impl FnOnce() -> lykta_search::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(run)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("search task: {e}")))?
        .map_err(internal)
}

/// An entry of the public record as the staff index holds it: its
/// payload's texts (a disposed-of entry has none, and is not held), in the
/// language of the blog it names.
fn record_doc(e: &RecordEntry, blogs: &[Blog]) -> Option<Doc> {
    let payload: serde_json::Value = serde_json::from_str(e.payload.as_deref()?).ok()?;
    let blog = payload["blog_id"]
        .as_i64()
        .and_then(|id| blogs.iter().find(|b| b.id.get() == id));
    let texts: Vec<&str> = payload
        .as_object()
        .map(|o| o.values().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    Some(Doc {
        kind: Kind::Record,
        id: e.id,
        blog_id: blog.map_or(BlogId::new(0), |b| b.id),
        lang: blog.map_or(lykta_domain::Language::Sv, |b| b.language),
        title: payload["title"].as_str().unwrap_or_default().to_owned(),
        body: texts.join("\n"),
        tags: Vec::new(),
        author_ids: e.actor.into_iter().collect(),
        date: e.at,
        state: e.kind.clone(),
        path: String::new(),
        ever_published: false,
    })
}

fn public_post_path(blog: &Blog, slug: &str) -> String {
    format!("/{}/{}", blog.slug, slug)
}

fn admin_post_path(id: PostId) -> String {
    format!("/admin/posts/{}", id.get())
}

fn post_doc(p: &lykta_store::PostDetail, blog: &Blog, path: String) -> Doc {
    let post = &p.post;
    let mut body = post.excerpt.clone();
    body.push_str("\n\n");
    body.push_str(&lykta_render::markdown::block_text(&post.body));
    Doc {
        kind: Kind::Post,
        id: post.id.get(),
        blog_id: blog.id,
        lang: blog.language,
        title: post.title.clone(),
        body,
        tags: p.tags.iter().map(|t| t.slug.clone()).collect(),
        author_ids: p.author_ids(),
        date: post.published_at.unwrap_or(post.updated_at),
        state: post.state.as_str().into(),
        path,
        ever_published: post.published_at.is_some(),
    }
}

/// May `actor` read the public record's entries (each hit is checked).
fn may_read_record(actor: &Actor) -> bool {
    can(Some(actor), Action::ManageRecord, Target::Organisation)
}

/// May `actor` open what `h` leads to? Posts: published ones by whoever
/// may read the blog, others by whoever may open them in the admin (the
/// team, as the editor decides); pages: published, or for whoever keeps the
/// blog; waiting comments: for the blog's moderators.
fn may_open(actor: &Actor, audiences: &HashMap<BlogId, Audience>, h: &Hit) -> bool {
    let Some(&audience) = audiences.get(&h.blog_id) else {
        return false;
    };
    let blog = Target::Blog {
        id: h.blog_id,
        audience,
    };
    let published = h.state == PostState::Published.as_str();
    match h.kind {
        Kind::Post => {
            let post = Target::Post {
                blog_id: h.blog_id,
                audience,
                author_ids: &h.author_ids,
                published: h.ever_published,
            };
            (published && can(Some(actor), Action::Read, post))
                || can(Some(actor), Action::DiscussPost, post)
        }
        Kind::Page => {
            (published && can(Some(actor), Action::Read, blog))
                || can(Some(actor), Action::ManageBlog, blog)
        }
        Kind::Comment => can(Some(actor), Action::ModerateComments, blog),
        Kind::Record => false,
    }
}
