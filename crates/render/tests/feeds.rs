//! Feeds are generated, then parsed back with `feed-rs` as a feed reader would.

use feed_rs::model::{Entry, Feed, FeedType};
use lykta_render::feeds::{atom, json_feed, rss, FeedAuthor, FeedEntry, FeedMeta};
use time::macros::datetime;
use time::OffsetDateTime;

const TITLE_1: &str = "Åsa & Örjan: <röntgen> på \"lördag\"";
const CONTENT_1: &str = "<p>Hej &amp; välkommen till <strong>röntgen</strong>!</p>\n";

fn meta() -> FeedMeta {
    FeedMeta {
        title: "Röntgenbloggen".to_owned(),
        subtitle: Some("Vardag & rekrytering på röntgen".to_owned()),
        home_url: "https://example.org/rontgenbloggen/".to_owned(),
        atom_url: "https://example.org/rontgenbloggen/atom.xml".to_owned(),
        rss_url: "https://example.org/rontgenbloggen/rss.xml".to_owned(),
        json_url: "https://example.org/rontgenbloggen/feed.json".to_owned(),
        language: "sv".to_owned(),
        updated: datetime!(2024-05-03 12:00 +02:00),
        publisher: "Region Exempel".to_owned(),
        icon: Some("https://example.org/icon.png".to_owned()),
    }
}

fn entries() -> Vec<FeedEntry> {
    vec![
        FeedEntry {
            url: "https://example.org/rontgenbloggen/asa-och-orjan".to_owned(),
            title: TITLE_1.to_owned(),
            summary: Some("Om helgjour & <taggar>".to_owned()),
            content_html: CONTENT_1.to_owned(),
            published: datetime!(2024-05-02 08:15:30 +02:00),
            updated: datetime!(2024-05-02 09:00 +02:00),
            authors: vec![
                FeedAuthor {
                    name: "Åsa Öberg".to_owned(),
                    url: Some("https://example.org/personer/asa".to_owned()),
                },
                FeedAuthor {
                    name: "Örjan Ek".to_owned(),
                    url: None,
                },
            ],
            tags: vec![],
            image: None,
        },
        FeedEntry {
            url: "https://example.org/rontgenbloggen/nytt-mr-rum".to_owned(),
            title: "Nytt MR-rum".to_owned(),
            summary: None,
            content_html: "<p>Bild:</p><img src=\"https://example.org/m/mr.jpg\" alt=\"MR\">"
                .to_owned(),
            published: datetime!(2024-04-01 10:00 UTC),
            updated: datetime!(2024-04-01 10:00 UTC),
            authors: vec![],
            tags: vec!["rekrytering".to_owned(), "MR-kamera".to_owned()],
            image: Some("https://example.org/m/mr.jpg".to_owned()),
        },
    ]
}

fn parse(s: &str) -> Feed {
    feed_rs::parser::parse(s.as_bytes()).unwrap_or_else(|e| panic!("{e}: {s}"))
}

fn ts(dt: OffsetDateTime) -> i64 {
    dt.unix_timestamp()
}

fn title(e: &Entry) -> &str {
    e.title
        .as_ref()
        .map(|t| t.content.as_str())
        .unwrap_or_default()
}

fn links(e: &Entry) -> Vec<&str> {
    e.links.iter().map(|l| l.href.as_str()).collect()
}

fn author_names(e: &Entry) -> Vec<&str> {
    e.authors.iter().map(|p| p.name.as_str()).collect()
}

fn tags(e: &Entry) -> Vec<&str> {
    e.categories.iter().map(|c| c.term.as_str()).collect()
}

fn thumbnail(e: &Entry) -> Option<&str> {
    e.media
        .iter()
        .flat_map(|m| &m.thumbnails)
        .map(|t| t.image.uri.as_str())
        .next()
}

fn content(e: &Entry) -> &str {
    e.content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .unwrap_or_default()
}

/// What every format must carry.
fn assert_common(feed: &Feed, published_in_feed: bool) {
    let m = meta();
    assert_eq!(
        feed.title.as_ref().map(|t| t.content.as_str()),
        Some("Röntgenbloggen")
    );
    assert!(feed.links.iter().any(|l| l.href == m.home_url));
    assert_eq!(feed.entries.len(), 2);

    let [e1, e2] = [&feed.entries[0], &feed.entries[1]];
    assert_eq!(title(e1), TITLE_1);
    assert_eq!(title(e2), "Nytt MR-rum");
    assert_eq!(e1.id, "https://example.org/rontgenbloggen/asa-och-orjan");
    assert_eq!(
        links(e1),
        ["https://example.org/rontgenbloggen/asa-och-orjan"]
    );
    assert_eq!(
        links(e2),
        ["https://example.org/rontgenbloggen/nytt-mr-rum"]
    );
    // feed-rs trims surrounding whitespace.
    assert_eq!(content(e1).trim(), CONTENT_1.trim());
    assert!(content(e2).contains("<img src=\"https://example.org/m/mr.jpg\""));
    assert_eq!(author_names(e1), ["Åsa Öberg", "Örjan Ek"]);
    if published_in_feed {
        assert_eq!(
            e1.published.map(|d| d.timestamp()),
            Some(ts(datetime!(2024-05-02 08:15:30 +02:00)))
        );
        assert_eq!(
            e2.published.map(|d| d.timestamp()),
            Some(ts(datetime!(2024-04-01 10:00 UTC)))
        );
    }
    assert_eq!(
        e1.summary.as_ref().map(|t| t.content.as_str()),
        Some("Om helgjour & <taggar>")
    );
    assert_eq!(tags(e2), ["rekrytering", "MR-kamera"]);
}

#[test]
fn atom_round_trips() {
    let xml = atom(&meta(), &entries());
    let feed = parse(&xml);
    assert_eq!(feed.feed_type, FeedType::Atom);
    assert_common(&feed, true);
    assert_eq!(feed.id, "https://example.org/rontgenbloggen/");
    assert_eq!(feed.language.as_deref(), Some("sv"));
    assert_eq!(
        feed.updated.map(|d| d.timestamp()),
        Some(ts(datetime!(2024-05-03 12:00 +02:00)))
    );
    assert_eq!(
        feed.description.as_ref().map(|t| t.content.as_str()),
        Some("Vardag & rekrytering på röntgen")
    );
    assert_eq!(feed.authors[0].name, "Region Exempel");
    assert!(feed
        .links
        .iter()
        .any(|l| l.href == meta().atom_url && l.rel.as_deref() == Some("self")));
    let e1 = &feed.entries[0];
    assert_eq!(
        e1.updated.map(|d| d.timestamp()),
        Some(ts(datetime!(2024-05-02 09:00 +02:00)))
    );
    assert_eq!(
        e1.authors[0].uri.as_deref(),
        Some("https://example.org/personer/asa")
    );
    assert_eq!(
        thumbnail(&feed.entries[1]),
        Some("https://example.org/m/mr.jpg")
    );
    // Dates keep the author's offset on the wire.
    assert!(
        xml.contains("<published>2024-05-02T08:15:30+02:00</published>"),
        "{xml}"
    );
}

#[test]
fn rss_round_trips() {
    let xml = rss(&meta(), &entries());
    let feed = parse(&xml);
    assert_eq!(feed.feed_type, FeedType::RSS2);
    assert_common(&feed, true);
    assert_eq!(feed.language.as_deref(), Some("sv"));
    assert_eq!(
        feed.updated.map(|d| d.timestamp()),
        Some(ts(datetime!(2024-05-03 12:00 +02:00)))
    );
    assert!(
        xml.contains("<pubDate>Thu, 02 May 2024 08:15:30 +0200</pubDate>"),
        "{xml}"
    );
    assert!(xml.contains(
        "<atom:link href=\"https://example.org/rontgenbloggen/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>"
    ), "{xml}");
    assert!(xml.contains("<content:encoded>"));
    assert!(xml.contains("<dc:creator>Åsa Öberg</dc:creator>"));
    // isPermaLink defaults to true, so the attribute is left out.
    assert!(xml.contains("<guid>https://example.org/rontgenbloggen/asa-och-orjan</guid>"));
    assert!(
        xml.contains(
            "<enclosure url=\"https://example.org/m/mr.jpg\" length=\"0\" type=\"image/jpeg\"/>"
        ),
        "{xml}"
    );
    assert!(feed.entries[1]
        .media
        .iter()
        .any(|m| !m.thumbnails.is_empty() || !m.content.is_empty()));
}

#[test]
fn json_feed_round_trips() {
    let json = json_feed(&meta(), &entries());
    let feed = parse(&json);
    assert_eq!(feed.feed_type, FeedType::JSON);
    assert_common(&feed, true);
    assert_eq!(feed.language.as_deref(), Some("sv"));

    // Fields feed-rs does not surface, checked on the JSON itself.
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        v["feed_url"],
        "https://example.org/rontgenbloggen/feed.json"
    );
    assert_eq!(v["home_page_url"], "https://example.org/rontgenbloggen/");
    assert_eq!(v["authors"][0]["name"], "Region Exempel");
    assert_eq!(v["icon"], "https://example.org/icon.png");
    let items = &v["items"];
    assert_eq!(items[0]["date_published"], "2024-05-02T08:15:30+02:00");
    assert_eq!(items[0]["date_modified"], "2024-05-02T09:00:00+02:00");
    assert_eq!(items[0]["authors"][1]["name"], "Örjan Ek");
    assert!(items[0]["authors"][1].get("url").is_none());
    assert!(items[0].get("tags").is_none());
    assert!(items[0].get("image").is_none());
    assert_eq!(items[1]["image"], "https://example.org/m/mr.jpg");
    assert!(
        items[1].get("authors").is_none(),
        "feed-level author applies"
    );
    assert!(items[1].get("summary").is_none());
}

#[test]
fn empty_feeds_are_valid() {
    let m = FeedMeta {
        subtitle: None,
        icon: None,
        ..meta()
    };
    for (kind, out) in [
        (FeedType::Atom, atom(&m, &[])),
        (FeedType::RSS2, rss(&m, &[])),
        (FeedType::JSON, json_feed(&m, &[])),
    ] {
        let feed = parse(&out);
        assert_eq!(feed.feed_type, kind);
        assert!(feed.entries.is_empty());
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("Röntgenbloggen")
        );
    }
}

#[test]
fn control_characters_cannot_break_xml_feeds() {
    let mut es = entries();
    es[0].title = "Bell\u{7} and NUL\u{0} and \u{FFFF} gone".to_owned();
    es[0].content_html = "<p>x\u{1b}y</p>".to_owned();
    for out in [atom(&meta(), &es), rss(&meta(), &es)] {
        let feed = parse(&out);
        assert_eq!(title(&feed.entries[0]), "Bell and NUL and  gone");
        assert_eq!(content(&feed.entries[0]), "<p>xy</p>");
    }
    // JSON can carry them (escaped).
    let feed = parse(&json_feed(&meta(), &es));
    assert_eq!(
        title(&feed.entries[0]),
        "Bell\u{7} and NUL\u{0} and \u{FFFF} gone"
    );
}
