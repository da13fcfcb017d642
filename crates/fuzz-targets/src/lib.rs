//! Every parser of outside text, as a fuzz target: a function that takes
//! arbitrary bytes, runs the parser, and panics only when one of the
//! parser's promises breaks — a panic inside the parser, HTML that could
//! run, a table read without naming its problem, a value that does not
//! read back as itself.
//!
//! One body per target, used three ways:
//! - `fuzz/` (cargo-fuzz layout, libFuzzer, nightly): `cargo fuzz run markdown`;
//! - `tests/corpus.rs` (stable, in CI): every file of the committed corpus
//!   `fuzz/corpus/<target>/` is replayed, then mutated ([`mutate`]) for a
//!   bounded time;
//! - `tests/properties.rs` (proptest): structured inputs for the same bodies.

#![forbid(unsafe_code)]

pub mod mutate;

use lykta_domain::table::{read_table, TableError, MAX_TABLE_ROWS};
use lykta_domain::{
    Audience, ChannelStatus, CommentState, Email, GuidelineState, IncidentStatus, Language,
    Moderation, Password, Platform, PostId, PostState, ReviewStep, Slug, SurveyResult, SurveyState,
    Timestamp, Workflow,
};
use lykta_store::Job;

/// A named fuzz target.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target; `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`
/// exist for each (a test checks).
pub const TARGETS: &[Target] = &[
    Target {
        name: "markdown",
        run: markdown,
    },
    Target {
        name: "comment",
        run: comment,
    },
    Target {
        name: "csv",
        run: csv,
    },
    Target {
        name: "quiz",
        run: quiz,
    },
    Target {
        name: "slug",
        run: slug,
    },
    Target {
        name: "email",
        run: email,
    },
    Target {
        name: "form_fields",
        run: form_fields,
    },
    Target {
        name: "job",
        run: job,
    },
    Target {
        name: "image",
        run: image,
    },
];

/// Markdown from an author (posts, pages, guidelines, playbooks): rendered
/// and sanitised HTML never holds anything that runs; the plain-text
/// excerpt keeps to its length; the writing checks finish.
pub fn markdown(data: &[u8]) {
    let md = String::from_utf8_lossy(data);
    let html = lykta_render::render_markdown(&md).html;
    if let Some(found) = executable_markup(&html) {
        panic!("{found} got through the sanitiser: {html}");
    }
    let max = usize::from(data.first().copied().unwrap_or(0)) + 1;
    let text = lykta_render::plain_text(&md, max);
    assert!(
        text.chars().count() <= max + 1,
        "excerpt over {max}: {text}"
    );
    let _ = lykta_render::checks::check(&md, data.len() % 2 == 0);
}

/// A reader's comment: inert text in paragraphs and line breaks, nothing
/// else; escaped text holds no markup at all.
pub fn comment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = lykta_render::markdown::comment_html(&text);
    for tag in tags(&html) {
        assert!(
            matches!(tag.name.as_str(), "p" | "/p" | "br") && tag.attributes.is_empty(),
            "<{}> in a comment: {html}",
            tag.name
        );
    }
    let escaped = lykta_render::markdown::escape_html(&text);
    assert!(!escaped.contains(['<', '>', '"']), "{escaped}");
}

/// A spreadsheet imported as the channel table: read into at most
/// [`MAX_TABLE_ROWS`] numbered rows, or refused with a problem that names
/// itself (a message key, and the row where it has one).
pub fn csv(data: &[u8]) {
    match read_table(data, lykta_app::channel_table::COLUMNS) {
        Ok(table) => {
            assert!(table.rows.len() <= MAX_TABLE_ROWS);
            let mut last = 1;
            for row in &table.rows {
                assert!(row.number > last, "row {} after row {last}", row.number);
                last = row.number;
            }
        }
        Err(e) => {
            assert!(e.key().starts_with("error-table-"), "{e}");
            if let TableError::Malformed { row, .. } = e {
                assert!(row >= 1, "{e}");
            }
        }
    }
}

/// A guideline's check questions: each read question has answers and one
/// right answer among them; a refusal names its message key.
pub fn quiz(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match lykta_domain::quiz::parse_questions(&text) {
        Ok(questions) => {
            assert!(questions.len() <= lykta_domain::quiz::MAX_QUESTIONS);
            for q in questions {
                assert!(!q.answers.is_empty() && q.right < q.answers.len(), "{q:?}");
            }
        }
        Err(e) => assert!(e.key.starts_with("error-quiz-"), "{e}"),
    }
}

/// Addresses typed or made from titles: plain lowercase ASCII with single
/// hyphens, at most [`Slug::MAX_LEN`], read back as themselves; reserved
/// names are refused for blogs and their posts.
pub fn slug(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(slug) = Slug::normalise(&text) {
        let v = slug.as_str();
        assert!(v.len() <= Slug::MAX_LEN, "{v}");
        assert!(
            v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{v}"
        );
        assert!(
            !v.starts_with('-') && !v.ends_with('-') && !v.contains("--"),
            "{v}"
        );
        assert_eq!(Slug::parse_exact(v), Some(slug.clone()));
    }
    if let Ok(blog) = Slug::for_blog(&text) {
        assert!(!blog.as_str().starts_with("feed") && !blog.as_str().starts_with("sitemap"));
    }
    if let Ok(item) = Slug::for_blog_item(&text) {
        assert!(!item.as_str().starts_with("feed"));
    }
}

/// E-mail addresses from forms and spreadsheets: one `@`-address without
/// white space, read back as itself.
pub fn email(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(e) = Email::parse(&text) {
        let v = e.as_str();
        assert!(
            v.contains('@') && !v.chars().any(char::is_whitespace),
            "{v}"
        );
        assert_eq!(
            Email::parse(v)
                .map(|again| again.as_str().to_owned())
                .ok()
                .as_deref(),
            Some(v)
        );
    }
}

/// A submitted form body (`application/x-www-form-urlencoded`, decoded as
/// the handlers' `Fields` do) whose every value goes through every parser
/// of form fields: dates and times (in both of Stockholm's offsets),
/// passwords, ids, review steps and every named choice. Each value is read
/// or refused; a named choice reads back as itself.
pub fn form_fields(data: &[u8]) {
    for (_, value) in url::form_urlencoded::parse(data) {
        form_value(&value);
    }
}

fn form_value(text: &str) {
    for offset in [60, 120] {
        let _ = Timestamp::parse_local(text, offset);
    }
    let _ = lykta_domain::parse_date(text);
    if let Ok(p) = Password::parse(text) {
        assert!(p.as_str().chars().count() >= Password::MIN_CHARS);
        assert!(p.as_str().len() <= Password::MAX_BYTES);
    }
    let _ = text.parse::<PostId>();
    let _ = ReviewStep::parse(text);
    macro_rules! choices {
        ($($t:ty),+) => {$(
            if let Ok(v) = <$t>::parse(text) {
                assert_eq!(<$t>::parse(v.as_str()).ok(), Some(v));
            }
        )+};
    }
    choices!(
        Language,
        Audience,
        PostState,
        CommentState,
        GuidelineState,
        IncidentStatus,
        SurveyState,
        Workflow,
        Platform,
        SurveyResult,
        ChannelStatus,
        Moderation
    );
}

/// A job row as the job table holds it (kind, a line break, payload —
/// possibly written by an older or newer version): decoded into a [`Job`]
/// that stores back as the same kind and decodes to itself, or refused.
pub fn job(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (kind, payload) = text.split_once('\n').unwrap_or((&text, ""));
    if let Ok(job) = Job::decode(kind, payload) {
        assert_eq!(job.kind(), kind);
        assert_eq!(Job::decode(job.kind(), &job.payload()).ok(), Some(job));
    }
}

/// An uploaded image: refused with a reason, or re-encoded into variants
/// no wider than [`lykta_media::MAX_FULL_WIDTH`], narrowest first. The
/// limits are smaller than the site's so that a run stays quick.
pub fn image(data: &[u8]) {
    let limits = lykta_media::Limits {
        max_bytes: 1 << 20,
        max_pixels: 256 * 256,
    };
    if let Ok(p) = lykta_media::process(data, &limits) {
        assert!(!p.variants.is_empty());
        let mut last = 0;
        for v in &p.variants {
            assert!(v.width > last && v.width <= lykta_media::MAX_FULL_WIDTH && v.height > 0);
            assert!(!v.bytes.is_empty());
            last = v.width;
        }
    }
}

/// A tag as written in HTML: its name (`/p` for an end tag) and its
/// attributes with their values, lowercased.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The tags of serialised HTML (as the sanitiser writes it: every `<` in
/// text is escaped, so each `<` outside a quoted value starts a tag).
pub fn tags(html: &str) -> Vec<Tag> {
    let html = html.to_lowercase();
    let mut chars = html.chars().peekable();
    let mut out = Vec::new();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '>' || (c == '/' && !name.is_empty()) {
                break;
            }
            name.push(c);
            chars.next();
        }
        let mut attributes = Vec::new();
        loop {
            while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
            match chars.peek() {
                None => break,
                Some('>') => {
                    chars.next();
                    break;
                }
                Some(_) => {}
            }
            let mut attr = String::new();
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !"=>/".contains(*c)) {
                attr.push(c);
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let mut value = String::new();
            if chars.next_if_eq(&'=').is_some() {
                while chars.next_if(|c| c.is_whitespace()).is_some() {}
                match chars.next_if(|c| *c == '"' || *c == '\'') {
                    Some(quote) => {
                        for c in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    None => {
                        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '>') {
                            value.push(c);
                        }
                    }
                }
            }
            if attr.is_empty() && value.is_empty() {
                // A stray character (e.g. `=`): step over it.
                chars.next();
                continue;
            }
            attributes.push((attr, value));
        }
        out.push(Tag { name, attributes });
    }
    out
}

/// Elements that run code, load other documents or change where forms and
/// links go.
const EXECUTABLE_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "form", "base", "meta", "link", "template",
];

/// Attributes whose value is a URL a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
];

/// Something in `html` that could run: an element that runs or loads code,
/// an event handler attribute, or a URL in a script-capable scheme. `None`
/// for inert HTML.
pub fn executable_markup(html: &str) -> Option<String> {
    for tag in tags(html) {
        let name = tag.name.trim_start_matches('/');
        if EXECUTABLE_ELEMENTS.contains(&name) {
            return Some(format!("<{}>", tag.name));
        }
        for (attr, value) in &tag.attributes {
            if attr.starts_with("on") {
                return Some(format!("<{name} {attr}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // Browsers drop tabs, line breaks and leading spaces in URLs.
                let url: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_control() && *c != ' ')
                    .collect();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| url.starts_with(s))
                {
                    return Some(format!("<{name} {attr}=\"{value}\">"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executable_markup_is_found_and_inert_markup_passes() {
        for bad in [
            "<p>x</p><script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a title='x' HREF = 'JavaScript:alert(1)'>x</a>",
            "<svg><circle/></svg>",
            "<img src=\"data:image/svg+xml,x\">",
        ] {
            assert!(executable_markup(bad).is_some(), "{bad}");
        }
        for good in [
            "<p>&lt;script&gt;</p>",
            "<img alt=\"<script> onerror=x\" src=\"/media/a.png\">",
            "<a href=\"https://example.org/?q=javascript:\" rel=\"noopener\">x</a>",
            "<p>on=1</p>",
        ] {
            assert_eq!(executable_markup(good), None, "{good}");
        }
    }
}
