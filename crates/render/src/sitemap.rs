//! sitemaps.org 0.9 sitemaps.

use time::OffsetDateTime;

use crate::timefmt::rfc3339;
use crate::xml::escape;

/// A sitemap may list at most this many URLs (and be at most 50 MB); split into several
/// sitemaps listed in a [`sitemap_index`] beyond that.
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

/// One `<url>` of a sitemap (or one `<sitemap>` of a sitemap index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    pub lastmod: Option<OffsetDateTime>,
}

/// Absolute URLs are normalised with the `url` crate (IDN host to punycode, non-ASCII and
/// spaces percent-encoded) as the protocol asks; anything unparseable is kept as written.
fn normalise_loc(loc: &str) -> String {
    url::Url::parse(loc.trim())
        .map(String::from)
        .unwrap_or_else(|_| loc.to_owned())
}

fn write_entries(out: &mut String, element: &str, urls: &[SitemapUrl]) {
    for u in urls {
        out.push('<');
        out.push_str(element);
        out.push_str("><loc>");
        out.push_str(&escape(&normalise_loc(&u.loc)));
        out.push_str("</loc>");
        if let Some(lastmod) = u.lastmod {
            out.push_str("<lastmod>");
            out.push_str(&rfc3339(lastmod));
            out.push_str("</lastmod>");
        }
        out.push_str("</");
        out.push_str(element);
        out.push_str(">\n");
    }
}

/// A sitemaps.org 0.9 `<urlset>`: one `<url>` with `<loc>` and optional `<lastmod>` (W3C
/// datetime, whole seconds) per input, in input order. Callers keep to
/// [`MAX_URLS_PER_SITEMAP`]; this function does not cut.
pub fn sitemap(urls: &[SitemapUrl]) -> String {
    let mut out = String::with_capacity(128 + urls.len() * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    write_entries(&mut out, "url", urls);
    out.push_str("</urlset>\n");
    out
}

/// A sitemaps.org 0.9 `<sitemapindex>` listing other sitemaps.
pub fn sitemap_index(sitemaps: &[SitemapUrl]) -> String {
    let mut out = String::with_capacity(128 + sitemaps.len() * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    write_entries(&mut out, "sitemap", sitemaps);
    out.push_str("</sitemapindex>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

    fn parse(xml: &str) -> Vec<(String, Option<String>)> {
        let doc = roxmltree::Document::parse(xml).expect("sitemap is well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(NS));
        root.children()
            .filter(|n| n.is_element())
            .map(|u| {
                let child = |name: &str| {
                    u.children()
                        .find(|c| c.has_tag_name((NS, name)))
                        .and_then(|c| c.text())
                        .map(str::to_owned)
                };
                (child("loc").unwrap_or_default(), child("lastmod"))
            })
            .collect()
    }

    #[test]
    fn escapes_and_round_trips() {
        let urls = [
            SitemapUrl {
                loc: "https://example.org/sok?q=a&b=<c>".to_owned(),
                lastmod: Some(datetime!(2024-05-01 09:30:15.25 +02:00)),
            },
            SitemapUrl {
                loc: "https://example.org/röntgen/".to_owned(),
                lastmod: None,
            },
        ];
        let xml = sitemap(&urls);
        assert!(xml.contains("q=a&amp;b=%3Cc%3E"), "{xml}");
        assert!(!xml.contains("a&b"));
        let parsed = parse(&xml);
        assert_eq!(
            parsed,
            vec![
                (
                    "https://example.org/sok?q=a&b=%3Cc%3E".to_owned(),
                    Some("2024-05-01T09:30:15+02:00".to_owned())
                ),
                ("https://example.org/r%C3%B6ntgen/".to_owned(), None),
            ]
        );
    }

    #[test]
    fn unparseable_loc_is_still_escaped() {
        let xml = sitemap(&[SitemapUrl {
            loc: "not a url & <b>\u{1}".to_owned(),
            lastmod: None,
        }]);
        assert_eq!(parse(&xml), vec![("not a url & <b>".to_owned(), None)]);
    }

    #[test]
    fn empty_and_index_are_valid() {
        assert!(parse(&sitemap(&[])).is_empty());
        let xml = sitemap_index(&[SitemapUrl {
            loc: "https://example.org/sitemap-1.xml".to_owned(),
            lastmod: Some(datetime!(2024-01-02 03:04:05 UTC)),
        }]);
        assert!(xml.contains("<sitemapindex "));
        assert_eq!(
            parse(&xml),
            vec![(
                "https://example.org/sitemap-1.xml".to_owned(),
                Some("2024-01-02T03:04:05Z".to_owned())
            )]
        );
    }
}
