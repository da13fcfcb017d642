//! The public site: front page, blogs, posts, pages, tag and author listings,
//! the accessibility statement. Internal blogs answer only to signed-in staff.

use super::{private, public_context, render};
use crate::error::{AppError, AppResult};
use crate::lang::Preferred;
use crate::routes::Routes;
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lykta_app::{on_blog, on_post};
use lykta_domain::{can, Action, Audience, Language, Target};
use lykta_render::jsonld;
use lykta_store::{Blog, Media, PostDetail, PostQuery, Reader};
use minijinja::{context, Value};
use serde::Deserialize;

pub const PER_PAGE: i64 = 10;

pub fn routes() -> Routes {
    Routes::new()
        .route("/", get(front))
        .route("/accessibility", get(accessibility))
        .route("/{blog}", get(blog_no_slash))
        .route("/{blog}/", get(blog_index))
        .route("/{blog}/tag/{tag}", get(tag))
        .route("/{blog}/author/{author}", get(author))
        .route("/{blog}/{slug}", get(post_or_page))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// Page numbers start at 1; anything else is a 404, not an error page.
    fn number(&self) -> AppResult<i64> {
        match &self.page {
            None => Ok(1),
            Some(s) => s
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or(AppError::NotFound(None)),
        }
    }
}

/// URL of an image variant near `width`, and the `srcset` of all of them.
pub fn image_ctx(m: &Media, alt: &str, base_url: &str) -> Value {
    let widths = m.widths();
    let url = |w: u32| m.url(w);
    let srcset = widths
        .iter()
        .map(|w| format!("{} {}w", url(*w), w))
        .collect::<Vec<_>>()
        .join(", ");
    let mid = widths
        .iter()
        .copied()
        .find(|w| *w >= 960)
        .or(widths.last().copied())
        .unwrap_or(0);
    let full = widths.last().copied().unwrap_or(0);
    let height = |w: u32| {
        if m.width > 0 {
            (i64::from(w) * m.height / m.width.max(1)).max(1)
        } else {
            0
        }
    };
    context! {
        src => url(mid), srcset => srcset, alt => alt,
        width => mid, height => height(mid),
        absolute => format!("{base_url}{}", url(full)),
    }
}

fn cover(state: &AppState, p: &PostDetail) -> Value {
    match p.post.cover() {
        Some(m) => image_ctx(&m, &p.post.cover_alt, &state.base_url),
        None => Value::from(()),
    }
}

pub fn excerpt(p: &PostDetail) -> String {
    if p.post.excerpt.is_empty() {
        lykta_render::markdown::plain_text(&p.post.body, 220)
    } else {
        p.post.excerpt.clone()
    }
}

/// What a listing shows of a post.
pub async fn card(state: &AppState, blog: &Blog, p: &PostDetail) -> AppResult<Value> {
    Ok(context! {
        title => &p.post.title,
        url => format!("/{}/{}", blog.slug, p.post.slug),
        excerpt => excerpt(p),
        published_at => p.post.published_at.unwrap_or(p.post.created_at),
        authors => &p.authors,
        tags => &p.tags,
        blog => context! { slug => &blog.slug, name => &blog.name },
        lang => blog.language.as_str(),
        cover => cover(state, p),
    })
}

async fn cards(state: &AppState, blogs: &[Blog], posts: &[PostDetail]) -> AppResult<Vec<Value>> {
    let mut out = Vec::with_capacity(posts.len());
    for p in posts {
        if let Some(b) = blogs.iter().find(|b| b.id == p.post.blog_id) {
            out.push(card(state, b, p).await?);
        }
    }
    Ok(out)
}

async fn front(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
) -> AppResult<Response> {
    let site = state.site().await?;
    let org = &site.org;
    let blogs = &site.blogs;
    let reader = Reader::anonymous(&state.store);
    let (posts, _) = reader.posts(PostQuery::default(), PER_PAGE, 0).await?;
    let lang = site.reader_language(preferred, org.default_language);
    let org_ld = jsonld::organization(&jsonld::OrganizationLd {
        name: org.name.clone(),
        url: format!("{}/", state.base_url),
        logo: org
            .logo_url
            .as_ref()
            .map(|u| format!("{}{u}", state.base_url)),
        email: Some(org.contact_email.clone()).filter(|s| !s.is_empty()),
        telephone: Some(org.contact_phone.clone()).filter(|s| !s.is_empty()),
    });
    let ctx = context! {
        ..context! {
            blogs => &blogs,
            posts => cards(&state, blogs, &posts).await?,
            canonical => format!("{}/", state.base_url),
            feeds => feed_links(&state, "", &org.name),
            meta => context! { title => &org.name, description => state.t(lang, "front-description") },
            jsonld => org_ld,
        },
        ..public_context(&state, &site, preferred, org.default_language, &viewer)
    };
    Ok(viewer_private(
        &viewer,
        render(&state, "front.html", ctx)?.into_response(),
    ))
}

pub fn feed_links(state: &AppState, prefix: &str, title: &str) -> Value {
    let base = format!("{}{}/", state.base_url, prefix);
    context! {
        title => title,
        atom => format!("{base}feed.atom"),
        rss => format!("{base}feed.rss"),
        json => format!("{base}feed.json"),
    }
}

/// A blog the viewer may read, or the right refusal: anonymous readers of an
/// internal blog are sent to sign in; nobody learns what is in it.
pub(super) async fn readable_blog(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    path: &str,
) -> AppResult<Blog> {
    let found = match viewer.actor() {
        // Anonymous readers: the in-memory public site (built by `Reader::anonymous`).
        None => state.site().await?.blog(slug).cloned(),
        Some(a) => Reader::staff(&state.store, a).blog(slug).await?,
    };
    if let Some(b) = found {
        if can(
            viewer.actor(),
            Action::Read,
            Target::Blog {
                id: b.id,
                audience: b.audience,
            },
        ) {
            return Ok(b);
        }
    }
    if viewer.0.is_none() && state.store.blog_id_by_slug(slug).await?.is_some() {
        return Err(AppError::SignInRequired {
            next: path.to_owned(),
        });
    }
    Err(AppError::NotFound(None))
}

/// The layout context for a page of a blog.
pub(super) async fn blog_context(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    blog: &Blog,
    canonical: String,
) -> AppResult<Value> {
    let site = state.site().await?;
    let pages = match viewer.actor() {
        None => site.pages_of(blog.id),
        Some(a) => Reader::staff(&state.store, a).pages(blog.id).await?,
    };
    let internal = blog.audience == Audience::Internal;
    Ok(context! {
        ..context! {
            blog => blog,
            nav_pages => &pages,
            canonical => canonical,
            robots => if internal { Value::from("noindex, nofollow") } else { Value::from(()) },
            feeds => if internal { Value::from(()) } else { feed_links(state, &format!("/{}", blog.slug), &blog.name) },
        },
        ..public_context(state, &site, preferred, blog.language, viewer)
    })
}

/// A page as a signed-in person sees it is theirs alone.
fn viewer_private(viewer: &Viewer, res: Response) -> Response {
    if viewer.0.is_some() {
        private(res)
    } else {
        res
    }
}

/// Internal pages, and every page a signed-in person sees (it carries their
/// name and CSRF token), are private; anonymous public pages may be cached.
pub(super) fn finish(viewer: &Viewer, blog: &Blog, res: Response) -> Response {
    if blog.audience == Audience::Internal {
        private(res)
    } else {
        viewer_private(viewer, res)
    }
}

async fn blog_no_slash(Path(blog): Path<String>) -> Response {
    match lykta_domain::Slug::parse_exact(&blog) {
        Some(s) => Redirect::permanent(&format!("/{s}/")).into_response(),
        None => AppError::NotFound(None).into_response(),
    }
}

struct Listing<'a> {
    heading: String,
    query: PostQuery<'a>,
    path: String,
    extra: Value,
}

async fn listing(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    blog: &Blog,
    l: Listing<'_>,
    q: &PageQuery,
) -> AppResult<Response> {
    let page = q.number()?;
    let reader = Reader::for_actor(&state.store, viewer.actor());
    let (posts, total) = reader
        .posts(l.query, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let pages = (total + PER_PAGE - 1) / PER_PAGE;
    if page > 1 && page > pages {
        return Err(AppError::NotFound(Some(blog.language)));
    }
    let canonical = if page == 1 {
        format!("{}{}", state.base_url, l.path)
    } else {
        format!("{}{}?page={page}", state.base_url, l.path)
    };
    let mut cards_v = Vec::new();
    for p in &posts {
        cards_v.push(card(state, blog, p).await?);
    }
    let description = if blog.tagline.is_empty() {
        blog.name.clone()
    } else {
        blog.tagline.clone()
    };
    let ctx = context! {
        ..context! {
            heading => l.heading,
            extra => l.extra,
            posts => cards_v,
            page => page,
            pages => pages,
            path => l.path,
            meta => context! { title => &blog.name, description => description },
        },
        ..blog_context(state, viewer, preferred, blog, canonical).await?
    };
    Ok(finish(
        viewer,
        blog,
        render(state, "listing.html", ctx)?.into_response(),
    ))
}

async fn blog_index(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let blog = readable_blog(&state, &viewer, &slug, &format!("/{slug}/")).await?;
    let l = Listing {
        heading: blog.name.clone(),
        query: PostQuery {
            blog_id: Some(blog.id),
            ..Default::default()
        },
        path: format!("/{}/", blog.slug),
        extra: Value::from(()),
    };
    listing(&state, &viewer, preferred, &blog, l, &q).await
}

async fn tag(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path((slug, tag)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let blog = readable_blog(&state, &viewer, &slug, &format!("/{slug}/tag/{tag}")).await?;
    let reader = Reader::for_actor(&state.store, viewer.actor());
    let tags = reader.tags(Some(blog.id)).await?;
    let Some(t) = tags.iter().find(|t| t.slug == tag) else {
        return Err(AppError::NotFound(Some(blog.language)));
    };
    let lang = state
        .site()
        .await?
        .reader_language(preferred, blog.language);
    let heading = state
        .cat
        .get(lang, "tag-heading", &[("tag", t.name.clone())]);
    let l = Listing {
        heading,
        query: PostQuery {
            blog_id: Some(blog.id),
            tag: Some(&t.slug),
            ..Default::default()
        },
        path: format!("/{}/tag/{}", blog.slug, t.slug),
        extra: Value::from(()),
    };
    listing(&state, &viewer, preferred, &blog, l, &q).await
}

async fn author(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path((slug, author)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let blog = readable_blog(&state, &viewer, &slug, &format!("/{slug}/author/{author}")).await?;
    let reader = Reader::for_actor(&state.store, viewer.actor());
    let Some(user) = reader.author(blog.id, &author).await? else {
        return Err(AppError::NotFound(Some(blog.language)));
    };
    let photo = portrait(&state, &user).await;
    let l = Listing {
        heading: user.name.clone(),
        query: PostQuery {
            blog_id: Some(blog.id),
            author_id: Some(user.id),
            ..Default::default()
        },
        path: format!("/{}/author/{}", blog.slug, user.slug),
        extra: context! { author => context! { name => &user.name, title => &user.title, bio => &user.bio, photo => photo } },
    };
    listing(&state, &viewer, preferred, &blog, l, &q).await
}

/// A person's portrait with its description, if they have one.
async fn portrait(state: &AppState, user: &lykta_store::User) -> Value {
    match user.photo_media_id {
        Some(id) => state
            .store
            .media(id)
            .await
            .map(|m| image_ctx(&m, &user.photo_alt, &state.base_url))
            .unwrap_or(Value::from(())),
        None => Value::from(()),
    }
}

/// How many related posts, and other posts by each author, a post shows.
const AROUND: usize = 3;

/// What comes under a post: its authors (portrait, title, other posts),
/// related posts by shared tags (of the same blog, so the same audience,
/// and only what `reader` may read), how to follow the blog, and share
/// links that carry nothing but the post's address.
async fn around_post(
    state: &AppState,
    reader: Reader<'_>,
    blog: &Blog,
    p: &PostDetail,
    url: &str,
) -> AppResult<Value> {
    let mut authors = Vec::new();
    for a in &p.authors {
        let Some(user) = reader.author(blog.id, &a.slug).await? else {
            continue;
        };
        let query = PostQuery {
            blog_id: Some(blog.id),
            author_id: Some(user.id),
            ..Default::default()
        };
        let (theirs, _) = reader.posts(query, AROUND as i64 + 1, 0).await?;
        let others = theirs
            .iter()
            .filter(|o| o.post.id != p.post.id)
            .take(AROUND);
        let mut other_cards = Vec::new();
        for o in others {
            other_cards.push(card(state, blog, o).await?);
        }
        authors.push(context! {
            name => &user.name,
            title => &user.title,
            bio => &user.bio,
            url => format!("/{}/author/{}", blog.slug, user.slug),
            photo => portrait(state, &user).await,
            others => other_cards,
        });
    }
    let mut related = Vec::new();
    for r in reader.related(&p.post, AROUND as i64).await? {
        related.push(card(state, blog, &r).await?);
    }
    let public = blog.audience == Audience::Public;
    let channels = if public {
        state
            .store
            .channels(&[lykta_domain::ChannelStatus::Active])
            .await?
    } else {
        Vec::new()
    };
    let own: Vec<_> = channels
        .iter()
        .filter(|c| c.unit_id.is_some() && c.unit_id == blog.unit_id)
        .map(|c| context! { name => &c.name, url => &c.url, platform => c.platform.as_str() })
        .collect();
    let share = if public {
        share_links(&p.post.title, url, &channels)
    } else {
        Vec::new()
    };
    let words = lykta_render::markdown::block_text(&p.post.body)
        .split_whitespace()
        .count();
    Ok(context! {
        reading_minutes => lykta_domain::reading::reading_minutes(words, blog.language),
        authors => authors,
        related => related,
        follow => context! {
            email => format!("/{}/prenumerera", blog.slug),
            feed => if public { Value::from(format!("{}/{}/feed.atom", state.base_url, blog.slug)) } else { Value::from(()) },
            channels => own,
        },
        share => share,
    })
}

/// Plain share addresses with only the post's address in them (its title
/// as an e-mail's subject): no tracking parameters, scripts or images. A
/// Mastodon share goes to the server of the organisation's own Mastodon
/// account in the channel inventory, if it has one.
fn share_links(title: &str, url: &str, channels: &[lykta_store::Channel]) -> Vec<Value> {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // In a mailto: address a `+` stays a plus; spaces must be %20.
    let mail = |s: &str| enc(s).replace('+', "%20");
    let mut links = vec![(
        "email",
        format!("mailto:?subject={}&body={}", mail(title), mail(url)),
    )];
    let mastodon = channels
        .iter()
        .filter(|c| c.platform == lykta_domain::Platform::Mastodon)
        .filter_map(|c| url::Url::parse(&c.url).ok())
        .find(|u| u.scheme() == "https" && u.host_str().is_some());
    if let Some(server) = mastodon {
        links.push((
            "mastodon",
            format!(
                "{}share?text={}",
                server.origin().ascii_serialization() + "/",
                enc(url)
            ),
        ));
    }
    links.push((
        "linkedin",
        format!(
            "https://www.linkedin.com/sharing/share-offsite/?url={}",
            enc(url)
        ),
    ));
    links.push((
        "facebook",
        format!("https://www.facebook.com/sharer/sharer.php?u={}", enc(url)),
    ));
    links
        .into_iter()
        .map(|(key, href)| context! { key => key, href => href })
        .collect()
}

#[derive(Deserialize)]
struct CommentNotice {
    comment: Option<String>,
}

async fn post_or_page(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path((slug, item)): Path<(String, String)>,
    Query(n): Query<CommentNotice>,
) -> AppResult<Response> {
    let notice = match n.comment.as_deref() {
        Some("published") => Some("comment-notice-published"),
        Some("pending") => Some("comment-notice-pending"),
        Some("reported") => Some("comment-notice-reported"),
        _ => None,
    };
    post_page(
        &state,
        &viewer,
        preferred,
        &slug,
        &item,
        CommentForm {
            notice,
            ..CommentForm::default()
        },
    )
    .await
}

/// What the comment form shows besides the comments: the values and
/// messages of a refused comment, or a notice after a sent one.
#[derive(Default)]
pub(super) struct CommentForm<'a> {
    pub values: Option<Value>,
    pub errors: Option<&'a lykta_domain::FieldErrors>,
    pub notice: Option<&'static str>,
}

/// A post (with its comments and comment form) or a page of a blog.
pub(super) async fn post_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    slug: &str,
    item: &str,
    form: CommentForm<'_>,
) -> AppResult<Response> {
    let state = state.clone();
    let blog = readable_blog(&state, viewer, slug, &format!("/{slug}/{item}")).await?;
    let reader = Reader::for_actor(&state.store, viewer.actor());
    let canonical = format!("{}/{}/{}", state.base_url, blog.slug, item);
    if let Some(p) = reader.post(blog.id, item).await? {
        let org = state.organisation().await?;
        let body = lykta_render::markdown::render_markdown(&p.post.body);
        let cover = cover(&state, &p);
        let published = p.post.published_at.unwrap_or(p.post.created_at);
        let description = excerpt(&p);
        let ld = if blog.audience == Audience::Public {
            Value::from(jsonld::blog_posting(&jsonld::PostingLd {
                url: canonical.clone(),
                headline: p.post.title.clone(),
                description: Some(description.clone()),
                image: cover
                    .get_attr("absolute")
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned)),
                published: lykta_domain::Timestamp(published).to_datetime(),
                modified: lykta_domain::Timestamp(p.post.updated_at).to_datetime(),
                authors: p
                    .authors
                    .iter()
                    .map(|a| lykta_render::feeds::FeedAuthor {
                        name: a.name.clone(),
                        url: Some(format!(
                            "{}/{}/author/{}",
                            state.base_url, blog.slug, a.slug
                        )),
                    })
                    .collect(),
                publisher_name: org.name.clone(),
                publisher_logo: org
                    .logo_url
                    .as_ref()
                    .map(|u| format!("{}{u}", state.base_url)),
                language: blog.language.as_str().to_owned(),
                keywords: p.tags.iter().map(|t| t.name.clone()).collect(),
            }))
        } else {
            Value::from(())
        };
        let comments = reader.comments(p.post.id).await?;
        let threads: Vec<Value> = comments
            .iter()
            .filter(|c| c.parent_id.is_none())
            .map(|c| {
                context! {
                    c => c,
                    body_html => Value::from_safe_string(lykta_render::markdown::comment_html(&c.body)),
                    replies => comments.iter().filter(|r| r.parent_id == Some(c.id)).map(|r| context! {
                        c => r,
                        body_html => Value::from_safe_string(lykta_render::markdown::comment_html(&r.body)),
                    }).collect::<Vec<_>>(),
                }
            })
            .collect();
        let ctx = context! {
            ..context! {
                post => &p.post,
                authors => &p.authors,
                tags => &p.tags,
                body_html => Value::from_safe_string(body.html),
                cover => cover,
                published_at => published,
                meta => context! { title => &p.post.title, description => description, og_type => "article" },
                jsonld => ld,
                comments => threads,
                comments_open => super::comments::open_for_comments(&blog, &p.post, state.now()),
                premoderated => blog.moderation() == lykta_domain::Moderation::Pre,
                comment_values => form.values.unwrap_or_default(),
                comment_errors => form.errors.map(super::forms::error_map).unwrap_or_default(),
                comment_notice => form.notice,
                edit_url => viewer.actor()
                    .filter(|a| can(Some(a), Action::EditPost, on_post(&blog, &p.post, &p.author_ids())))
                    .map(|_| format!("/admin/posts/{}", p.post.id)),
                around => around_post(&state, reader, &blog, &p, &canonical).await?,
                also_on => state.store.also_on(p.post.id).await?,
            },
            ..blog_context(&state, viewer, preferred, &blog, canonical.clone()).await?
        };
        return Ok(finish(
            viewer,
            &blog,
            render(&state, "post.html", ctx)?.into_response(),
        ));
    }
    if let Some(page) = reader.page(blog.id, item).await? {
        let body = lykta_render::markdown::render_markdown(&page.body);
        let ctx = context! {
            ..context! {
                title => &page.title,
                body_html => Value::from_safe_string(body.html),
                meta => context! { title => &page.title, description => lykta_render::markdown::plain_text(&page.body, 200) },
                edit_url => viewer.actor()
                    .filter(|a| can(Some(a), Action::ManageBlog, on_blog(&blog)))
                    .map(|_| format!("/admin/pages/{}", page.id)),
            },
            ..blog_context(&state, viewer, preferred, &blog, canonical).await?
        };
        return Ok(finish(
            viewer,
            &blog,
            render(&state, "page.html", ctx)?.into_response(),
        ));
    }
    if reader.post_is_gone(blog.id, item).await? {
        return Err(AppError::Gone(blog.language));
    }
    Err(AppError::NotFound(Some(blog.language)))
}

async fn accessibility(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
) -> AppResult<Response> {
    let site = state.site().await?;
    let org = &site.org;
    let lang: Language = site.reader_language(preferred, org.default_language);
    let body = lykta_render::markdown::render_markdown(&org.accessibility_statement);
    let title = state.t(lang, "accessibility-statement");
    let ctx = context! {
        ..context! {
            title => &title,
            body_html => Value::from_safe_string(body.html),
            canonical => format!("{}/accessibility", state.base_url),
            meta => context! { title => &title, description => &title },
        },
        ..public_context(&state, &site, preferred, org.default_language, &viewer)
    };
    Ok(viewer_private(
        &viewer,
        render(&state, "page.html", ctx)?.into_response(),
    ))
}
