//! Syndication feeds: Atom 1.0, RSS 2.0 and JSON Feed 1.1, from the same input.
//!
//! Callers pass only public entries, newest first, already limited to the feed length they
//! want. Text is written as given (escaped by the XML writer); characters XML 1.0 cannot
//! carry are dropped so a stray control character cannot break a whole feed.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::timefmt::{rfc2822, rfc3339, to_chrono};
use crate::xml::clean;

const GENERATOR: &str = "Lykta";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// The feed as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    pub title: String,
    pub subtitle: Option<String>,
    /// Absolute URL of the HTML page the feed belongs to, e.g.
    /// `https://example.org/rontgenbloggen/`. Also the Atom feed id.
    pub home_url: String,
    /// Absolute self link of the Atom feed.
    pub atom_url: String,
    /// Absolute self link of the RSS feed.
    pub rss_url: String,
    /// Absolute self link of the JSON Feed.
    pub json_url: String,
    /// BCP 47 language tag: "sv" or "en".
    pub language: String,
    pub updated: OffsetDateTime,
    /// Organisation name: Atom feed author, RSS `dc:publisher`, JSON Feed author.
    pub publisher: String,
    /// Absolute URL of a square icon.
    pub icon: Option<String>,
}

/// One post in a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Absolute permalink; also the entry id / guid.
    pub url: String,
    pub title: String,
    /// Plain text.
    pub summary: Option<String>,
    /// Already sanitised HTML (from [`crate::render_markdown`]).
    pub content_html: String,
    pub published: OffsetDateTime,
    pub updated: OffsetDateTime,
    /// When empty, the feed-level publisher stands as author.
    pub authors: Vec<FeedAuthor>,
    pub tags: Vec<String>,
    /// Absolute URL of the cover image.
    pub image: Option<String>,
}

/// A post's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedAuthor {
    pub name: String,
    /// Absolute URL of the author's page.
    pub url: Option<String>,
}

fn media_thumbnail(url: &str) -> BTreeMap<String, BTreeMap<String, Vec<Extension>>> {
    let thumb = Extension {
        name: "media:thumbnail".to_owned(),
        url: clean(url),
    };
    let mut inner = BTreeMap::new();
    inner.insert("thumbnail".to_owned(), vec![thumb]);
    let mut map = BTreeMap::new();
    map.insert("media".to_owned(), inner);
    map
}

/// An empty element with a `url` attribute, convertible to either crate's extension type.
struct Extension {
    name: String,
    url: String,
}

impl From<Extension> for atom_syndication::extension::Extension {
    fn from(e: Extension) -> Self {
        let mut attrs = BTreeMap::new();
        attrs.insert("url".to_owned(), e.url);
        Self {
            name: e.name,
            value: None,
            attrs,
            children: BTreeMap::new(),
        }
    }
}

impl From<Extension> for rss::extension::Extension {
    fn from(e: Extension) -> Self {
        let mut attrs = BTreeMap::new();
        attrs.insert("url".to_owned(), e.url);
        Self {
            name: e.name,
            value: None,
            attrs,
            children: BTreeMap::new(),
        }
    }
}

fn convert_ext<T: From<Extension>>(
    map: BTreeMap<String, BTreeMap<String, Vec<Extension>>>,
) -> BTreeMap<String, BTreeMap<String, Vec<T>>> {
    map.into_iter()
        .map(|(ns, inner)| {
            let inner = inner
                .into_iter()
                .map(|(name, exts)| (name, exts.into_iter().map(T::from).collect()))
                .collect();
            (ns, inner)
        })
        .collect()
}

fn media_namespaces(entries: &[FeedEntry]) -> BTreeMap<String, String> {
    let mut ns = BTreeMap::new();
    if entries.iter().any(|e| e.image.is_some()) {
        ns.insert("media".to_owned(), MEDIA_NS.to_owned());
    }
    ns
}

fn bytes_to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Atom 1.0 (RFC 4287) feed.
///
/// Feed id is `home_url`; the feed links to `home_url` (alternate) and `atom_url` (self); the
/// publisher is the feed author. Entries carry summary (text), content (html), categories,
/// authors and, for a cover image, `media:thumbnail`.
pub fn atom(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    use atom_syndication::{Category, Content, Entry, Feed, Generator, Link, Person, Text};

    let link = |href: &str, rel: &str, mime: &str| Link {
        href: clean(href),
        rel: rel.to_owned(),
        mime_type: Some(mime.to_owned()),
        ..Link::default()
    };
    let atom_entries = entries
        .iter()
        .map(|e| Entry {
            title: Text::plain(clean(&e.title)),
            id: clean(&e.url),
            updated: to_chrono(e.updated),
            published: Some(to_chrono(e.published)),
            authors: e
                .authors
                .iter()
                .map(|a| Person {
                    name: clean(&a.name),
                    uri: a.url.as_deref().map(clean),
                    ..Person::default()
                })
                .collect(),
            categories: e
                .tags
                .iter()
                .map(|t| Category {
                    term: clean(t),
                    ..Category::default()
                })
                .collect(),
            links: vec![link(&e.url, "alternate", "text/html")],
            summary: e.summary.as_deref().map(|s| Text::plain(clean(s))),
            content: Some(Content {
                value: Some(clean(&e.content_html)),
                content_type: Some("html".to_owned()),
                ..Content::default()
            }),
            extensions: e
                .image
                .as_deref()
                .map(|img| convert_ext(media_thumbnail(img)))
                .unwrap_or_default(),
            ..Entry::default()
        })
        .collect();

    let feed = Feed {
        title: Text::plain(clean(&meta.title)),
        id: clean(&meta.home_url),
        updated: to_chrono(meta.updated),
        authors: vec![Person {
            name: clean(&meta.publisher),
            uri: Some(clean(&meta.home_url)),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: GENERATOR.to_owned(),
            ..Generator::default()
        }),
        icon: meta.icon.as_deref().map(clean),
        links: vec![
            link(&meta.home_url, "alternate", "text/html"),
            link(&meta.atom_url, "self", "application/atom+xml"),
        ],
        subtitle: meta.subtitle.as_deref().map(|s| Text::plain(clean(s))),
        entries: atom_entries,
        namespaces: media_namespaces(entries),
        lang: Some(clean(&meta.language)),
        ..Feed::default()
    };
    // Writing to a Vec cannot fail for IO reasons and the writer does not validate names.
    feed.write_to(Vec::new())
        .map(bytes_to_string)
        .unwrap_or_default()
}

/// Guesses an image MIME type from the URL's file extension (for the RSS enclosure).
fn image_mime(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let ext = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())?;
    match ext.as_str() {
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "gif" => Some("image/gif"),
        "avif" => Some("image/avif"),
        "svg" => Some("image/svg+xml"),
        _ => None,
    }
}

/// RSS 2.0 feed.
///
/// Channel: title, link, description (subtitle, else title), language, `lastBuildDate`,
/// generator, image (icon), `atom:link rel="self"`, `dc:publisher`. Items: title, link,
/// permalink guid, `pubDate` (RFC 2822), description (summary, plain text), `content:encoded`
/// (HTML), `dc:creator` per author, categories, and for a cover image `media:thumbnail` plus
/// an `enclosure` when the type can be told from the file extension (length "0": unknown).
pub fn rss(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    use rss::extension::atom::{AtomExtension, Link};
    use rss::extension::dublincore::DublinCoreExtension;
    use rss::{Category, Channel, Enclosure, Guid, Image, Item};

    let items = entries
        .iter()
        .map(|e| Item {
            title: Some(clean(&e.title)),
            link: Some(clean(&e.url)),
            description: e.summary.as_deref().map(clean),
            categories: e
                .tags
                .iter()
                .map(|t| Category {
                    name: clean(t),
                    domain: None,
                })
                .collect(),
            enclosure: e.image.as_deref().and_then(|img| {
                image_mime(img).map(|mime| Enclosure {
                    url: clean(img),
                    length: "0".to_owned(),
                    mime_type: mime.to_owned(),
                })
            }),
            guid: Some(Guid {
                value: clean(&e.url),
                permalink: true,
            }),
            pub_date: Some(rfc2822(e.published)),
            content: Some(clean(&e.content_html)),
            extensions: e
                .image
                .as_deref()
                .map(|img| convert_ext(media_thumbnail(img)))
                .unwrap_or_default(),
            dublin_core_ext: (!e.authors.is_empty()).then(|| DublinCoreExtension {
                creators: e.authors.iter().map(|a| clean(&a.name)).collect(),
                ..DublinCoreExtension::default()
            }),
            ..Item::default()
        })
        .collect();

    let channel = Channel {
        title: clean(&meta.title),
        link: clean(&meta.home_url),
        description: clean(meta.subtitle.as_deref().unwrap_or(&meta.title)),
        language: Some(clean(&meta.language)),
        last_build_date: Some(rfc2822(meta.updated)),
        generator: Some(GENERATOR.to_owned()),
        image: meta.icon.as_deref().map(|icon| Image {
            url: clean(icon),
            title: clean(&meta.title),
            link: clean(&meta.home_url),
            ..Image::default()
        }),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: clean(&meta.rss_url),
                rel: "self".to_owned(),
                mime_type: Some("application/rss+xml".to_owned()),
                ..Link::default()
            }],
        }),
        dublin_core_ext: Some(DublinCoreExtension {
            publishers: vec![clean(&meta.publisher)],
            ..DublinCoreExtension::default()
        }),
        items,
        namespaces: media_namespaces(entries),
        ..Channel::default()
    };
    channel
        .write_to(Vec::new())
        .map(bytes_to_string)
        .unwrap_or_default()
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
}

fn json_author(a: &FeedAuthor) -> JsonAuthor<'_> {
    JsonAuthor {
        name: &a.name,
        url: a.url.as_deref(),
    }
}

/// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
///
/// Top level: version, title, `home_page_url`, `feed_url` (`json_url`), description
/// (subtitle), icon, language, authors (the publisher). Items: id and url (the permalink),
/// title, `content_html`, summary, image, `date_published`, `date_modified` (RFC 3339), tags,
/// authors (omitted when empty, so the feed's author applies).
pub fn json_feed(meta: &FeedMeta, entries: &[FeedEntry]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &meta.title,
        home_page_url: &meta.home_url,
        feed_url: &meta.json_url,
        description: meta.subtitle.as_deref(),
        icon: meta.icon.as_deref(),
        language: &meta.language,
        authors: vec![JsonAuthor {
            name: &meta.publisher,
            url: Some(&meta.home_url),
        }],
        items: entries
            .iter()
            .map(|e| JsonItem {
                id: &e.url,
                url: &e.url,
                title: &e.title,
                content_html: &e.content_html,
                summary: e.summary.as_deref(),
                image: e.image.as_deref(),
                date_published: rfc3339(e.published),
                date_modified: rfc3339(e.updated),
                tags: &e.tags,
                authors: e.authors.iter().map(json_author).collect(),
            })
            .collect(),
    };
    // Serialising plain strings to a String cannot fail.
    serde_json::to_string(&feed).unwrap_or_default()
}
