//! Feeds (Atom, RSS, JSON Feed) for the organisation and each public blog,
//! the sitemap and robots.txt. Everything here reads through
//! `Reader::anonymous`: internal content cannot appear.

use super::public::{excerpt, feed_links};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lykta_domain::BlogId;
use lykta_domain::Timestamp;
use lykta_render::feeds::{self, FeedAuthor, FeedEntry, FeedMeta};
use lykta_render::sitemap::{sitemap, SitemapUrl};
use lykta_store::{Blog, PostQuery, Reader};

/// How many posts a feed carries.
pub const FEED_ITEMS: i64 = 20;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/feed.atom",
            get(|s: State<AppState>| org_feed(s, Format::Atom)),
        )
        .route(
            "/feed.rss",
            get(|s: State<AppState>| org_feed(s, Format::Rss)),
        )
        .route(
            "/feed.json",
            get(|s: State<AppState>| org_feed(s, Format::Json)),
        )
        .route(
            "/{blog}/feed.atom",
            get(|s: State<AppState>, p: Path<String>| blog_feed(s, p, Format::Atom)),
        )
        .route(
            "/{blog}/feed.rss",
            get(|s: State<AppState>, p: Path<String>| blog_feed(s, p, Format::Rss)),
        )
        .route(
            "/{blog}/feed.json",
            get(|s: State<AppState>, p: Path<String>| blog_feed(s, p, Format::Json)),
        )
        .route("/sitemap.xml", get(sitemap_xml))
        .route("/robots.txt", get(robots))
}

#[derive(Clone, Copy)]
enum Format {
    Atom,
    Rss,
    Json,
}

fn with_type(body: String, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

async fn build_feed(state: &AppState, blog: Option<&Blog>, format: Format) -> AppResult<Response> {
    let site = state.site().await?;
    let org = &site.org;
    let blogs = &site.blogs;
    let reader = Reader::anonymous(&state.store);
    let query = PostQuery {
        blog_id: blog.map(|b| b.id),
        ..Default::default()
    };
    let (posts, _) = reader.posts(query, FEED_ITEMS, 0).await?;
    let (title, subtitle, prefix, language) = match blog {
        Some(b) => (
            b.name.clone(),
            Some(b.tagline.clone()).filter(|s| !s.is_empty()),
            format!("/{}", b.slug),
            b.language,
        ),
        None => (org.name.clone(), None, String::new(), org.default_language),
    };
    let links = feed_links(state, &prefix, &title);
    let link = |k: &str| {
        links
            .get_attr(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut entries = Vec::with_capacity(posts.len());
    for p in &posts {
        let Some(b) = blogs.iter().find(|b| b.id == p.post.blog_id) else {
            continue;
        };
        let url = format!("{}/{}/{}", state.base_url, b.slug, p.post.slug);
        let image = p
            .post
            .cover()
            .map(|m| format!("{}{}", state.base_url, m.full_url()));
        entries.push(FeedEntry {
            title: p.post.title.clone(),
            summary: Some(excerpt(p)),
            content_html: lykta_render::markdown::render_markdown(&p.post.body).html,
            published: Timestamp(p.post.published_at.unwrap_or(p.post.created_at)).to_datetime(),
            updated: Timestamp(p.post.updated_at).to_datetime(),
            authors: p
                .authors
                .iter()
                .map(|a| FeedAuthor {
                    name: a.name.clone(),
                    url: Some(format!("{}/{}/author/{}", state.base_url, b.slug, a.slug)),
                })
                .collect(),
            tags: p.tags.iter().map(|t| t.name.clone()).collect(),
            image,
            url,
        });
    }
    let updated = posts
        .iter()
        .map(|p| p.post.updated_at)
        .max()
        .unwrap_or(org.updated_at);
    let meta = FeedMeta {
        title,
        subtitle,
        home_url: format!("{}{}/", state.base_url, prefix),
        atom_url: link("atom"),
        rss_url: link("rss"),
        json_url: link("json"),
        language: language.as_str().to_owned(),
        updated: Timestamp(updated).to_datetime(),
        publisher: org.name.clone(),
        icon: org
            .logo_url
            .as_ref()
            .map(|u| format!("{}{u}", state.base_url)),
    };
    Ok(match format {
        Format::Atom => with_type(
            feeds::atom(&meta, &entries),
            "application/atom+xml; charset=utf-8",
        ),
        Format::Rss => with_type(
            feeds::rss(&meta, &entries),
            "application/rss+xml; charset=utf-8",
        ),
        Format::Json => with_type(
            feeds::json_feed(&meta, &entries),
            "application/feed+json; charset=utf-8",
        ),
    })
}

async fn org_feed(State(state): State<AppState>, format: Format) -> AppResult<Response> {
    build_feed(&state, None, format).await
}

async fn blog_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    format: Format,
) -> AppResult<Response> {
    let site = state.site().await?;
    let blog = site.blog(&slug).ok_or(AppError::NotFound(None))?;
    build_feed(&state, Some(blog), format).await
}

async fn sitemap_xml(State(state): State<AppState>) -> AppResult<Response> {
    let site = state.site().await?;
    let blogs = &site.blogs;
    let reader = Reader::anonymous(&state.store);
    let base = &state.base_url;
    let at = |t: i64| Some(Timestamp(t).to_datetime());
    let slug_of = |id: BlogId| blogs.iter().find(|b| b.id == id).map(|b| b.slug.as_str());
    let mut urls = vec![SitemapUrl {
        loc: format!("{base}/"),
        lastmod: None,
    }];
    // All published public posts, in pages of 500.
    let mut posts = Vec::new();
    loop {
        let (batch, total) = reader
            .posts(PostQuery::default(), 500, posts.len() as i64)
            .await?;
        let done = batch.is_empty() || posts.len() + batch.len() >= total as usize;
        posts.extend(batch);
        if done {
            break;
        }
    }
    for b in blogs {
        let last = posts
            .iter()
            .filter(|p| p.post.blog_id == b.id)
            .map(|p| p.post.updated_at)
            .max()
            .unwrap_or(b.updated_at);
        urls.push(SitemapUrl {
            loc: format!("{base}/{}/", b.slug),
            lastmod: at(last),
        });
    }
    for p in &posts {
        if let Some(s) = slug_of(p.post.blog_id) {
            urls.push(SitemapUrl {
                loc: format!("{base}/{s}/{}", p.post.slug),
                lastmod: at(p.post.updated_at),
            });
        }
    }
    for pg in &site.pages {
        if let Some(s) = slug_of(pg.blog_id) {
            urls.push(SitemapUrl {
                loc: format!("{base}/{s}/{}", pg.slug),
                lastmod: at(pg.updated_at),
            });
        }
    }
    for t in reader.tags(None).await? {
        if let Some(s) = slug_of(t.blog_id) {
            urls.push(SitemapUrl {
                loc: format!("{base}/{s}/tag/{}", t.slug),
                lastmod: at(t.last_published),
            });
        }
    }
    for (blog_id, author, last) in reader.author_index().await? {
        if let Some(s) = slug_of(blog_id) {
            urls.push(SitemapUrl {
                loc: format!("{base}/{s}/author/{author}"),
                lastmod: at(last),
            });
        }
    }
    urls.push(SitemapUrl {
        loc: format!("{base}/accessibility"),
        lastmod: None,
    });
    Ok(with_type(sitemap(&urls), "application/xml; charset=utf-8"))
}

async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /sign-in\n\nSitemap: {}/sitemap.xml\n",
        state.base_url
    );
    with_type(body, "text/plain; charset=utf-8")
}
