//! The versioned Markdown documents people write in the editor — posts,
//! pages, guideline drafts and scenario playbooks — as one key: which kind
//! and which one. Autosave keeps a person's typing per document under it,
//! and each kind names the fields the editor keeps and their limits.

use crate::ids::{GuidelineVersionId, PageId, PostId, ScenarioId};
use crate::types::{markdown_body, optional_text, FieldErrors};
use std::collections::BTreeMap;

/// One document the editor works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Document {
    Post(PostId),
    Page(PageId),
    Guideline(GuidelineVersionId),
    Scenario(ScenarioId),
}

/// How long a kept field may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// Up to this many characters.
    Chars(usize),
    /// A Markdown text (the body limit).
    Markdown,
}

const POST_FIELDS: &[(&str, Limit)] = &[
    ("title", Limit::Chars(200)),
    ("excerpt", Limit::Chars(500)),
    ("body", Limit::Markdown),
];
const PAGE_FIELDS: &[(&str, Limit)] = &[("title", Limit::Chars(200)), ("body", Limit::Markdown)];
const GUIDELINE_FIELDS: &[(&str, Limit)] = &[
    ("title", Limit::Chars(200)),
    ("for_everyone", Limit::Markdown),
    ("for_units", Limit::Markdown),
    ("for_private", Limit::Markdown),
    ("questions", Limit::Markdown),
];
const SCENARIO_FIELDS: &[(&str, Limit)] = &[
    ("title", Limit::Chars(200)),
    ("triggers", Limit::Chars(10_000)),
    ("steps", Limit::Chars(10_000)),
    ("contacts", Limit::Chars(10_000)),
    ("templates", Limit::Chars(10_000)),
    ("advice", Limit::Chars(10_000)),
];

/// A document's kept fields by name.
pub type DocumentText = BTreeMap<String, String>;

impl Document {
    /// The kind as stored (`post`, `page`, `guideline`, `scenario`).
    pub const fn kind(self) -> &'static str {
        match self {
            Document::Post(_) => "post",
            Document::Page(_) => "page",
            Document::Guideline(_) => "guideline",
            Document::Scenario(_) => "scenario",
        }
    }

    /// The document's integer key.
    pub const fn id(self) -> i64 {
        match self {
            Document::Post(id) => id.get(),
            Document::Page(id) => id.get(),
            Document::Guideline(id) => id.get(),
            Document::Scenario(id) => id.get(),
        }
    }

    fn limits(self) -> &'static [(&'static str, Limit)] {
        match self {
            Document::Post(_) => POST_FIELDS,
            Document::Page(_) => PAGE_FIELDS,
            Document::Guideline(_) => GUIDELINE_FIELDS,
            Document::Scenario(_) => SCENARIO_FIELDS,
        }
    }

    /// The names of the fields the editor keeps for this kind of document.
    pub fn fields(self) -> impl Iterator<Item = &'static str> {
        self.limits().iter().map(|(name, _)| *name)
    }

    /// The kept fields read from a form (`get` gives a field's value, empty
    /// when absent), each within its limit — a draft may be unfinished, so
    /// nothing is required.
    pub fn parse_text<'a>(
        self,
        get: impl Fn(&str) -> &'a str,
    ) -> Result<DocumentText, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut text = DocumentText::new();
        for (name, limit) in self.limits() {
            let value = match limit {
                Limit::Chars(n) => optional_text(get(name), *n),
                Limit::Markdown => markdown_body(get(name)),
            };
            if let Some(v) = e.check(name, value) {
                text.insert((*name).to_owned(), v);
            }
        }
        if e.is_empty() {
            Ok(text)
        } else {
            Err(e)
        }
    }
}

impl From<PostId> for Document {
    fn from(id: PostId) -> Self {
        Document::Post(id)
    }
}
impl From<PageId> for Document {
    fn from(id: PageId) -> Self {
        Document::Page(id)
    }
}
impl From<GuidelineVersionId> for Document {
    fn from(id: GuidelineVersionId) -> Self {
        Document::Guideline(id)
    }
}
impl From<ScenarioId> for Document {
    fn from(id: ScenarioId) -> Self {
        Document::Scenario(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_keeps_its_own_fields_within_their_limits() {
        let page = Document::Page(PageId::new(3));
        assert_eq!(page.kind(), "page");
        assert_eq!(page.id(), 3);
        let text = page
            .parse_text(|f| if f == "body" { " Text \n" } else { "" })
            .unwrap();
        assert_eq!(text.get("body").map(String::as_str), Some("Text"));
        assert_eq!(text.get("title").map(String::as_str), Some(""));
        assert!(!text.contains_key("excerpt"), "pages have none");
        let long = "x".repeat(201);
        let e = Document::Scenario(ScenarioId::new(1))
            .parse_text(|f| if f == "title" { &long } else { "" })
            .unwrap_err();
        assert_eq!(e.0[0].0, "title");
        let fields: Vec<_> = Document::Guideline(GuidelineVersionId::new(1))
            .fields()
            .collect();
        assert!(fields.contains(&"for_units") && fields.contains(&"questions"));
    }
}
