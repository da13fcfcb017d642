//! Search: the public results page (`/sok`, `/search`), its OpenSearch
//! description, and the staff's search over everything they may read
//! (`/admin/search`). Who finds what is decided by `lykta_app::search`.

use super::{base_context, private, render};
use crate::error::{AppError, AppResult};
use crate::routes::staff::admin_page;
use crate::routes::Routes;
use crate::session::{Staff, Viewer};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lykta_app::search::{
    Filters, Found, Outcome, QueryProblem, SearchRequest, MAX_QUERY_CHARS, PER_PAGE,
};
use lykta_domain::{parse_date, stockholm_instant, BlogId};
use lykta_store::Blog;
use minijinja::{context, Value};
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .route("/sok", get(public_search))
        .route("/search", get(public_search))
        .route("/opensearch.xml", get(opensearch))
        .route("/admin/search", get(staff_search))
}

/// Highest page number asked for.
const MAX_PAGE: usize = 1000;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    q: Option<String>,
    blog: Option<String>,
    tag: Option<String>,
    author: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

fn field(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or("")
}

impl SearchQuery {
    /// The request, with the blog found among `blogs` (by its address) and
    /// the author by theirs; anything that does not parse is a 400.
    async fn parse(&self, state: &AppState, blogs: &[Blog]) -> AppResult<SearchRequest> {
        let bad = || AppError::BadRequest("search-bad-filter");
        let page = match field(&self.page) {
            "" => 1,
            p => p
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(bad)?,
        };
        let blog_id = match field(&self.blog) {
            "" => None,
            slug => Some(blogs.iter().find(|b| b.slug == slug).ok_or_else(bad)?.id),
        };
        let author_id = match field(&self.author) {
            "" => None,
            slug => Some(state.store.user_id_by_slug(slug).await?.ok_or_else(bad)?),
        };
        let day = |v: &Option<String>, next: bool| -> AppResult<Option<i64>> {
            match field(v) {
                "" => Ok(None),
                d => {
                    let d = parse_date(d).map_err(|e| AppError::BadRequest(e.key))?;
                    let d = if next { d.next_day().unwrap_or(d) } else { d };
                    Ok(Some(stockholm_instant(d, 0, 0)))
                }
            }
        };
        Ok(SearchRequest {
            q: self.q.clone().unwrap_or_default(),
            filters: Filters {
                blog_id,
                tag: Some(field(&self.tag).to_lowercase()).filter(|t| !t.is_empty()),
                author_id,
                from: day(&self.from, false)?,
                before: day(&self.to, true)?,
                ..Filters::default()
            },
            page,
        })
    }

    /// The address of page `n` of this search.
    fn page_url(&self, path: &str, n: usize) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("blog", &self.blog),
            ("tag", &self.tag),
            ("author", &self.author),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !field(v).is_empty() {
                s.append_pair(k, field(v));
            }
        }
        if n > 1 {
            s.append_pair("page", &n.to_string());
        }
        format!("{path}?{}", s.finish())
    }

    /// What the form shows again.
    fn echo(&self) -> Value {
        context! {
            q => self.q.as_deref().unwrap_or(""),
            blog => field(&self.blog), tag => field(&self.tag), author => field(&self.author),
            from => field(&self.from), to => field(&self.to),
        }
    }
}

/// The results' context (and the status: a query too long is a 400);
/// `authors`: whom the search can be narrowed to, (address, name).
fn results(
    q: &SearchQuery,
    path: &str,
    r: &SearchRequest,
    outcome: Outcome,
    blogs: &[Blog],
    authors: &[(String, String)],
) -> (StatusCode, Value) {
    let (found, problem) = match outcome {
        Outcome::Found(f) => (f, None),
        Outcome::Problem(QueryProblem::Empty) => (Found::default(), None),
        Outcome::Problem(p) => (Found::default(), Some(p.key())),
    };
    let status = if problem == Some(QueryProblem::TooLong.key()) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let blog_name = |id: BlogId| {
        blogs
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_default()
    };
    let hits: Vec<Value> = found
        .hits
        .iter()
        .map(|h| {
            context! {
                kind => h.kind, state => &h.state, path => &h.path, date => h.date,
                lang => h.lang.as_str(), blog => blog_name(h.blog_id),
                title_html => Value::from_safe_string(h.title_html.clone()),
                snippet_html => Value::from_safe_string(h.snippet_html.clone()),
            }
        })
        .collect();
    let pages = found.total.div_ceil(PER_PAGE).min(MAX_PAGE);
    let searched = !r.q.trim().is_empty();
    (
        status,
        context! {
            search => q.echo(),
            searched => searched && problem.is_none(),
            problem => problem,
            max_chars => MAX_QUERY_CHARS,
            total => found.total,
            more => found.more,
            hits => hits,
            page => r.page,
            pages => pages,
            prev => (r.page > 1).then(|| q.page_url(path, r.page - 1)),
            next => (r.page < pages).then(|| q.page_url(path, r.page + 1)),
            blogs => blogs.iter().map(|b| context! { slug => &b.slug, name => &b.name }).collect::<Vec<_>>(),
            authors => authors.iter().map(|(slug, name)| context! { slug, name }).collect::<Vec<_>>(),
        },
    )
}

async fn public_search(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: axum::http::Uri,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let site = state.site().await?;
    let r = q.parse(&state, &site.blogs).await?;
    let outcome = state.app.search_public(&r).await?;
    let authors = state.app.public_search_authors(r.filters.blog_id).await?;
    let (status, ctx) = results(&q, uri.path(), &r, outcome, &site.blogs, &authors);
    let org = &site.org;
    let lang = org.default_language;
    let ctx = context! {
        ..ctx,
        ..context! {
            action => uri.path(),
            robots => "noindex, follow",
            meta => context! { title => state.t(lang, "search-title") },
        },
        ..base_context(&state, lang, &viewer, org)
    };
    let res = (status, render(&state, "search.html", ctx)?).into_response();
    Ok(if viewer.0.is_some() {
        private(res)
    } else {
        res
    })
}

async fn staff_search(
    State(state): State<AppState>,
    Staff(s): Staff,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let blogs = state.store.all_blogs().await?;
    let r = q.parse(&state, &blogs).await?;
    let outcome = state.app.search_staff(&s.actor, &r).await?;
    let authors = state
        .app
        .staff_search_authors(&s.actor, r.filters.blog_id)
        .await?;
    let (status, ctx) = results(&q, "/admin/search", &r, outcome, &blogs, &authors);
    admin_page(&state, &s, status, "admin/search.html", "admin-search", ctx).await
}

/// The OpenSearch description, so browsers offer the site's search.
async fn opensearch(State(state): State<AppState>) -> AppResult<Response> {
    let org = state.organisation().await?;
    let lang = org.default_language;
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
<ShortName>{}</ShortName>
<Description>{}</Description>
<InputEncoding>UTF-8</InputEncoding>
<Language>{}</Language>
<Url type="text/html" method="get" template="{}/sok?q={{searchTerms}}"/>
</OpenSearchDescription>
"#,
        lykta_render::markdown::escape_html(&truncate(&org.name, 16)),
        lykta_render::markdown::escape_html(&state.t(lang, "search-opensearch-description")),
        lang.as_str(),
        lykta_render::markdown::escape_html(&state.base_url),
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/opensearchdescription+xml; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

/// OpenSearch's short name has at most 16 characters.
fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
