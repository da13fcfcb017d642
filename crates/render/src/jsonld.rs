//! schema.org structured data (JSON-LD) for `<script type="application/ld+json">`.
//!
//! Output is JSON in which `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (and
//! U+2028/U+2029 escaped too), so no value can close the script element or be read as markup.

use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::feeds::FeedAuthor;
use crate::timefmt::rfc3339;

/// Input for a `BlogPosting`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingLd {
    /// Absolute permalink.
    pub url: String,
    pub headline: String,
    pub description: Option<String>,
    /// Absolute URL of the cover image.
    pub image: Option<String>,
    pub published: OffsetDateTime,
    pub modified: OffsetDateTime,
    /// When empty, the publisher organisation is given as author.
    pub authors: Vec<FeedAuthor>,
    pub publisher_name: String,
    /// Absolute URL of the publisher's logo.
    pub publisher_logo: Option<String>,
    /// BCP 47 language tag.
    pub language: String,
    pub keywords: Vec<String>,
}

/// Input for an `Organization`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationLd {
    pub name: String,
    /// Absolute URL of the organisation's site.
    pub url: String,
    pub logo: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
}

/// Serialises and escapes for embedding in a `<script>` element.
fn to_script_safe(value: &Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            // These only occur inside JSON strings, where a \u escape means the same.
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), v);
    }
}

fn image_object(url: &str) -> Value {
    json!({ "@type": "ImageObject", "url": url })
}

/// A schema.org `BlogPosting` with `mainEntityOfPage`, `author` (Person, or the publisher
/// Organization when no author is given), `publisher` (Organization with logo), dates in
/// RFC 3339, `inLanguage`, and `keywords` as a comma-separated list.
pub fn blog_posting(p: &PostingLd) -> String {
    let authors: Vec<Value> = if p.authors.is_empty() {
        vec![json!({ "@type": "Organization", "name": p.publisher_name })]
    } else {
        p.authors
            .iter()
            .map(|a| {
                let mut person = Map::new();
                person.insert("@type".to_owned(), json!("Person"));
                person.insert("name".to_owned(), json!(a.name));
                insert_opt(&mut person, "url", a.url.as_deref().map(Value::from));
                Value::Object(person)
            })
            .collect()
    };

    let mut publisher = Map::new();
    publisher.insert("@type".to_owned(), json!("Organization"));
    publisher.insert("name".to_owned(), json!(p.publisher_name));
    insert_opt(
        &mut publisher,
        "logo",
        p.publisher_logo.as_deref().map(image_object),
    );

    let mut ld = Map::new();
    ld.insert("@context".to_owned(), json!("https://schema.org"));
    ld.insert("@type".to_owned(), json!("BlogPosting"));
    ld.insert(
        "mainEntityOfPage".to_owned(),
        json!({ "@type": "WebPage", "@id": p.url }),
    );
    ld.insert("url".to_owned(), json!(p.url));
    ld.insert("headline".to_owned(), json!(p.headline));
    insert_opt(
        &mut ld,
        "description",
        p.description.as_deref().map(Value::from),
    );
    insert_opt(&mut ld, "image", p.image.as_deref().map(Value::from));
    ld.insert("datePublished".to_owned(), json!(rfc3339(p.published)));
    ld.insert("dateModified".to_owned(), json!(rfc3339(p.modified)));
    ld.insert("author".to_owned(), Value::Array(authors));
    ld.insert("publisher".to_owned(), Value::Object(publisher));
    ld.insert("inLanguage".to_owned(), json!(p.language));
    if !p.keywords.is_empty() {
        ld.insert("keywords".to_owned(), json!(p.keywords.join(", ")));
    }
    to_script_safe(&Value::Object(ld))
}

/// A schema.org `Organization` with name, url and, when given, logo, email and telephone.
pub fn organization(o: &OrganizationLd) -> String {
    let mut ld = Map::new();
    ld.insert("@context".to_owned(), json!("https://schema.org"));
    ld.insert("@type".to_owned(), json!("Organization"));
    ld.insert("name".to_owned(), json!(o.name));
    ld.insert("url".to_owned(), json!(o.url));
    insert_opt(&mut ld, "logo", o.logo.as_deref().map(Value::from));
    insert_opt(&mut ld, "email", o.email.as_deref().map(Value::from));
    insert_opt(
        &mut ld,
        "telephone",
        o.telephone.as_deref().map(Value::from),
    );
    to_script_safe(&Value::Object(ld))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn posting() -> PostingLd {
        PostingLd {
            url: "https://example.org/rontgenbloggen/en-dag-pa-rontgen".to_owned(),
            headline: "En dag på röntgen </script><script>alert(1)</script> & mer".to_owned(),
            description: Some("Följ med <b>oss</b>".to_owned()),
            image: Some("https://example.org/media/omslag.jpg".to_owned()),
            published: datetime!(2024-05-01 09:30 +02:00),
            modified: datetime!(2024-05-02 10:00 +02:00),
            authors: vec![
                FeedAuthor {
                    name: "Åsa Öberg".to_owned(),
                    url: Some("https://example.org/personer/asa".to_owned()),
                },
                FeedAuthor {
                    name: "Erik".to_owned(),
                    url: None,
                },
            ],
            publisher_name: "Region Exempel".to_owned(),
            publisher_logo: Some("https://example.org/logo.png".to_owned()),
            language: "sv".to_owned(),
            keywords: vec!["röntgen".to_owned(), "rekrytering".to_owned()],
        }
    }

    #[test]
    fn blog_posting_is_valid_json_and_cannot_break_out() {
        let out = blog_posting(&posting());
        assert!(!out.contains("</script"), "{out}");
        assert!(!out.contains('<'));
        assert!(!out.contains('>'));
        assert!(!out.contains('&'));
        let v: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["@context"], "https://schema.org");
        assert_eq!(v["@type"], "BlogPosting");
        assert_eq!(
            v["headline"],
            "En dag på röntgen </script><script>alert(1)</script> & mer"
        );
        assert_eq!(v["description"], "Följ med <b>oss</b>");
        assert_eq!(v["mainEntityOfPage"]["@id"], posting().url);
        assert_eq!(v["datePublished"], "2024-05-01T09:30:00+02:00");
        assert_eq!(v["dateModified"], "2024-05-02T10:00:00+02:00");
        assert_eq!(v["author"][0]["@type"], "Person");
        assert_eq!(v["author"][0]["name"], "Åsa Öberg");
        assert_eq!(v["author"][0]["url"], "https://example.org/personer/asa");
        assert!(v["author"][1].get("url").is_none());
        assert_eq!(v["publisher"]["@type"], "Organization");
        assert_eq!(
            v["publisher"]["logo"]["url"],
            "https://example.org/logo.png"
        );
        assert_eq!(v["inLanguage"], "sv");
        assert_eq!(v["keywords"], "röntgen, rekrytering");
    }

    #[test]
    fn posting_without_authors_credits_the_organisation() {
        let mut p = posting();
        p.authors.clear();
        p.keywords.clear();
        p.description = None;
        let v: Value = serde_json::from_str(&blog_posting(&p)).expect("valid JSON");
        assert_eq!(v["author"][0]["@type"], "Organization");
        assert_eq!(v["author"][0]["name"], "Region Exempel");
        assert!(v.get("keywords").is_none());
        assert!(v.get("description").is_none());
    }

    #[test]
    fn organization_round_trips() {
        let o = OrganizationLd {
            name: "Region Exempel <Röntgen>".to_owned(),
            url: "https://example.org/".to_owned(),
            logo: None,
            email: Some("info@example.org".to_owned()),
            telephone: Some("+46 8 123 45 67".to_owned()),
        };
        let out = organization(&o);
        assert!(!out.contains('<'));
        let v: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["@type"], "Organization");
        assert_eq!(v["name"], "Region Exempel <Röntgen>");
        assert_eq!(v["email"], "info@example.org");
        assert_eq!(v["telephone"], "+46 8 123 45 67");
        assert!(v.get("logo").is_none());
    }
}
