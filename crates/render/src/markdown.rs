//! Markdown to sanitised HTML, and Markdown to plain text.
//!
//! The pipeline is: truncate to [`MAX_MARKDOWN_BYTES`] → parse with `pulldown-cmark`
//! (CommonMark + tables, strikethrough, footnotes) → rewrite the event stream (raw HTML becomes
//! text, unsafe links and images lose their URL, `h1` becomes `h2`, tables and footnotes get
//! our own markup) → HTML → `ammonia` with an explicit allow-list.
//!
//! The rewrite step decides what the author is warned about; `ammonia` is the second,
//! independent line of defence and has the final word on what survives.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Markdown longer than this (in bytes) is truncated before rendering.
pub const MAX_MARKDOWN_BYTES: usize = 200_000;

/// Elements nested deeper than this are flattened (their content kept, their tags dropped).
/// The HTML parser inside the sanitiser is quadratic in nesting depth, so 100 000 `>` would
/// otherwise take minutes; no real post nests this deep.
pub const MAX_NESTING: usize = 32;

/// URL schemes allowed in links and images. Relative URLs are allowed too.
const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The result of [`render_markdown`]: sanitised HTML plus what the author should be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to insert into a page without further escaping.
    pub html: String,
    /// Each distinct warning once, in the order first met.
    pub warnings: Vec<Warning>,
}

/// Something in the Markdown was changed or is missing; shown to the author in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Raw HTML was found; it is shown as text instead of being interpreted.
    RawHtmlRemoved,
    /// A link or image used a scheme other than http, https, mailto or tel (for example
    /// `javascript:` or `data:`); the URL was removed and the text kept.
    UnsafeLinkRemoved,
    /// An image has no alternative text (needed for screen readers).
    ImageWithoutAlt {
        /// The image URL as written.
        src: String,
    },
    /// The input was longer than `limit_bytes` and was cut there.
    TooLong {
        /// The limit that was applied, [`MAX_MARKDOWN_BYTES`].
        limit_bytes: usize,
    },
}

#[derive(Default)]
struct Warnings(Vec<Warning>);

impl Warnings {
    fn push(&mut self, w: Warning) {
        if !self.0.contains(&w) {
            self.0.push(w);
        }
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Markdown (CommonMark + tables, strikethrough, footnotes) to sanitised HTML.
///
/// * Raw HTML (blocks and inline) is not interpreted: it is shown as escaped text so the
///   author sees it, with [`Warning::RawHtmlRemoved`].
/// * Links and images may only use `http`, `https`, `mailto`, `tel` or relative URLs. Others
///   (`javascript:`, `data:`, `vbscript:`, in any case or encoding) lose their URL: a link
///   becomes its plain text, an image its alt text; [`Warning::UnsafeLinkRemoved`].
/// * `# Heading` becomes `<h2>` so the page keeps its single `<h1>`.
/// * Links get `rel="noopener"`, images `loading="lazy"`.
/// * Table alignment is expressed as `class="align-left|align-center|align-right"` (no inline
///   styles, so a strict Content-Security-Policy works); code blocks keep a
///   `class="language-…"` for highlighting.
/// * Footnotes are numbered in order of first reference and listed at the end in
///   `<section class="footnotes">`, with ids `fn-N` / `fnref-N`.
/// * Elements nested deeper than [`MAX_NESTING`] are flattened to their content.
/// * Input longer than [`MAX_MARKDOWN_BYTES`] is cut at a char boundary with
///   [`Warning::TooLong`].
///
/// Never panics and never fails on user input.
pub fn render_markdown(md: &str) -> Rendered {
    let mut warnings = Warnings::default();
    let md = if md.len() > MAX_MARKDOWN_BYTES {
        warnings.push(Warning::TooLong {
            limit_bytes: MAX_MARKDOWN_BYTES,
        });
        truncate_bytes(md, MAX_MARKDOWN_BYTES)
    } else {
        md
    };

    let events: Vec<Event<'_>> = Parser::new_ext(md, parser_options()).collect();
    let events = rewrite(events, &mut warnings);
    let mut unsafe_html = String::with_capacity(md.len() + md.len() / 2);
    pulldown_cmark::html::push_html(&mut unsafe_html, events.into_iter());
    let html = SANITIZER.clean(&unsafe_html).to_string();

    Rendered {
        html,
        warnings: warnings.0,
    }
}

/// The longest prefix of `s` that is at most `max` bytes and ends at a char boundary.
fn truncate_bytes(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// Whether a link or image URL may be kept. Mirrors ammonia's check (the `url` crate parses
/// like a browser: case-insensitive scheme, leading whitespace and control characters and
/// embedded tabs/newlines ignored), so what we warn about is what the browser would have run.
fn is_safe_url(dest: &str) -> bool {
    match url::Url::parse(dest) {
        Ok(u) => ALLOWED_SCHEMES.contains(&u.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

struct ImageState {
    kept: bool,
    src: String,
    has_alt: bool,
}

#[derive(Default)]
struct TableState {
    aligns: Vec<Alignment>,
    in_head: bool,
    cell: usize,
    body_open: bool,
}

/// Rewrites the parser's events; see [`render_markdown`] for what changes.
fn rewrite<'a>(events: Vec<Event<'a>>, warnings: &mut Warnings) -> Vec<Event<'a>> {
    // Footnote numbers: in order of first reference, then unreferenced definitions.
    let mut numbers: HashMap<CowStr<'a>, usize> = HashMap::new();
    for e in &events {
        if let Event::FootnoteReference(label) = e {
            let next = numbers.len() + 1;
            numbers.entry(label.clone()).or_insert(next);
        }
    }
    for e in &events {
        if let Event::Start(Tag::FootnoteDefinition(label)) = e {
            let next = numbers.len() + 1;
            numbers.entry(label.clone()).or_insert(next);
        }
    }

    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    // Footnote definitions being collected (they can sit inside other blocks).
    let mut note_stack: Vec<(usize, Vec<Event<'a>>)> = Vec::new();
    let mut notes: Vec<(usize, Vec<Event<'a>>)> = Vec::new();
    let mut referenced: HashSet<usize> = HashSet::new();
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<ImageState> = Vec::new();
    let mut table = TableState::default();

    // Whether each currently open tag was kept (see MAX_NESTING).
    let mut open: Vec<bool> = Vec::new();

    for event in events {
        let keep = match &event {
            Event::Start(_) => {
                let keep = open.len() < MAX_NESTING;
                open.push(keep);
                keep
            }
            Event::End(_) => open.pop().unwrap_or(true),
            _ => true,
        };
        if !keep {
            continue;
        }
        let emitted: Option<Event<'a>> = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                warnings.push(Warning::RawHtmlRemoved);
                Some(Event::Text(raw))
            }
            Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),

            Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
                level: demote(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),

            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kept = is_safe_url(&dest_url);
                links.push(kept);
                if kept {
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                } else {
                    warnings.push(Warning::UnsafeLinkRemoved);
                    None
                }
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(false) => None,
                _ => Some(Event::End(TagEnd::Link)),
            },

            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kept = is_safe_url(&dest_url);
                images.push(ImageState {
                    kept,
                    src: dest_url.to_string(),
                    has_alt: false,
                });
                if kept {
                    Some(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                } else {
                    warnings.push(Warning::UnsafeLinkRemoved);
                    None
                }
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(img) if !img.kept => None,
                Some(img) => {
                    if !img.has_alt {
                        warnings.push(Warning::ImageWithoutAlt { src: img.src });
                    }
                    Some(Event::End(TagEnd::Image))
                }
                None => Some(Event::End(TagEnd::Image)),
            },
            Event::Text(text) => {
                if let Some(img) = images.last_mut() {
                    img.has_alt |= !text.trim().is_empty();
                }
                Some(Event::Text(text))
            }
            Event::Code(code) => {
                if let Some(img) = images.last_mut() {
                    img.has_alt |= !code.trim().is_empty();
                }
                Some(Event::Code(code))
            }

            Event::FootnoteReference(label) => match numbers.get(&label) {
                Some(&n) => {
                    let id = if referenced.insert(n) {
                        format!(" id=\"fnref-{n}\"")
                    } else {
                        String::new()
                    };
                    Some(Event::Html(
                        format!(
                            "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\"{id}>{n}</a></sup>"
                        )
                        .into(),
                    ))
                }
                None => Some(Event::Text(format!("[^{label}]").into())),
            },
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = numbers.get(&label).copied().unwrap_or(0);
                note_stack.push((n, Vec::new()));
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(note) = note_stack.pop() {
                    notes.push(note);
                }
                None
            }

            Event::Start(Tag::Table(aligns)) => {
                table = TableState {
                    aligns,
                    ..TableState::default()
                };
                Some(html("<table>\n"))
            }
            Event::End(TagEnd::Table) => {
                let end = if table.body_open {
                    "</tbody></table>\n"
                } else {
                    "</table>\n"
                };
                table = TableState::default();
                Some(html(end))
            }
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                table.cell = 0;
                Some(html("<thead><tr>"))
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                Some(html("</tr></thead>\n"))
            }
            Event::Start(Tag::TableRow) => {
                table.cell = 0;
                if table.body_open {
                    Some(html("<tr>"))
                } else {
                    table.body_open = true;
                    Some(html("<tbody>\n<tr>"))
                }
            }
            Event::End(TagEnd::TableRow) => Some(html("</tr>\n")),
            Event::Start(Tag::TableCell) => {
                let tag = if table.in_head { "th" } else { "td" };
                let class = match table.aligns.get(table.cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    Some(Alignment::None) | None => "",
                };
                Some(Event::Html(format!("<{tag}{class}>").into()))
            }
            Event::End(TagEnd::TableCell) => {
                let tag = if table.in_head { "th" } else { "td" };
                table.cell += 1;
                Some(Event::Html(format!("</{tag}>").into()))
            }

            other => Some(other),
        };
        if let Some(e) = emitted {
            match note_stack.last_mut() {
                Some((_, buf)) => buf.push(e),
                None => out.push(e),
            }
        }
    }
    // Unterminated definitions cannot happen with a well-formed event stream; keep them anyway.
    notes.extend(note_stack.drain(..).rev());

    if !notes.is_empty() {
        notes.sort_by_key(|(n, _)| *n);
        out.push(html("<section class=\"footnotes\">\n<ol>\n"));
        for (n, body) in notes {
            out.push(Event::Html(format!("<li id=\"fn-{n}\">\n").into()));
            out.extend(body);
            out.push(Event::Html(
                format!("<a href=\"#fnref-{n}\" class=\"footnote-backref\">\u{21a9}\u{fe0e}</a>\n</li>\n")
                    .into(),
            ));
        }
        out.push(html("</ol>\n</section>\n"));
    }
    out
}

fn html(s: &'static str) -> Event<'static> {
    Event::Html(CowStr::Borrowed(s))
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

/// `class="language-…"` on `<code>`, as written by pulldown-cmark for fenced code blocks.
fn is_language_class(value: &str) -> bool {
    value.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang.len() <= 32
            && lang
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
    })
}

/// Ids we generate for footnotes: `fn-N` and `fnref-N`.
fn is_footnote_id(value: &str) -> bool {
    value
        .strip_prefix("fnref-")
        .or_else(|| value.strip_prefix("fn-"))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "img",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
        "figure",
        "figcaption",
        "sup",
        "section",
    ]
    .into_iter()
    .collect();
    let tag_attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href", "title", "id"].as_slice()),
        (
            "img",
            ["src", "alt", "title", "width", "height", "loading"].as_slice(),
        ),
        ("ol", ["start"].as_slice()),
        ("li", ["id"].as_slice()),
        ("code", ["class"].as_slice()),
    ]
    .into_iter()
    .map(|(tag, attrs)| (tag, attrs.iter().copied().collect()))
    .collect();
    let allowed_classes: HashMap<&str, HashSet<&str>> = [
        (
            "th",
            ["align-left", "align-center", "align-right"].as_slice(),
        ),
        (
            "td",
            ["align-left", "align-center", "align-right"].as_slice(),
        ),
        ("sup", ["footnote-ref"].as_slice()),
        ("section", ["footnotes"].as_slice()),
        ("a", ["footnote-backref"].as_slice()),
    ]
    .into_iter()
    .map(|(tag, classes)| (tag, classes.iter().copied().collect()))
    .collect();

    let mut b = ammonia::Builder::empty();
    b.tags(tags)
        .tag_attributes(tag_attributes)
        .allowed_classes(allowed_classes)
        .generic_attributes(HashSet::new())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .url_schemes(ALLOWED_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener"))
        .strip_comments(true)
        .set_tag_attribute_value("img", "loading", "lazy")
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("code", "class") => is_language_class(value).then_some(Cow::Borrowed(value)),
            (_, "id") => is_footnote_id(value).then_some(Cow::Borrowed(value)),
            _ => Some(Cow::Borrowed(value)),
        });
    b
});

/// Plain text of the Markdown, for excerpts and meta descriptions.
///
/// Markup is dropped; so are raw HTML, image alt text and footnotes. Whitespace is collapsed
/// to single spaces. If the text is longer than `max_chars` characters it is cut at a word
/// boundary and "…" appended, so that the result, ellipsis included, is at most `max_chars`
/// characters. A single word longer than that is cut mid-word.
pub fn plain_text(md: &str, max_chars: usize) -> String {
    truncate_words(&flatten(md, " "), max_chars)
}

/// The text of a Markdown document with each block (paragraph, heading,
/// list item, table cell, quote, code block) ended by a blank line, so a
/// heading or a list item counts as a sentence of its own (readability,
/// long sentences). Images' descriptions and footnotes are left out.
pub fn block_text(md: &str) -> String {
    flatten(md, "\n\n")
}

/// The visible text, with `block_end` after every block.
fn flatten(md: &str, block_end: &str) -> String {
    let md = truncate_bytes(md, MAX_MARKDOWN_BYTES);
    let mut text = String::with_capacity(md.len().min(4096));
    let mut image_depth = 0usize;
    let mut note_depth = 0usize;
    for event in Parser::new_ext(md, parser_options()) {
        let skipping = image_depth > 0 || note_depth > 0;
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(_)) => note_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => note_depth = note_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if !skipping => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => text.push_str(block_end),
            _ => {}
        }
    }
    text
}

/// Collapses whitespace and cuts at a word boundary; see [`plain_text`].
fn truncate_words(text: &str, max_chars: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let total =
        words.iter().map(|w| w.chars().count()).sum::<usize>() + words.len().saturating_sub(1);
    if total <= max_chars {
        return words.join(" ");
    }
    if max_chars == 0 {
        return String::new();
    }
    let budget = max_chars - 1; // room for the ellipsis
    let mut out = String::new();
    let mut used = 0usize;
    for word in &words {
        let len = word.chars().count();
        let sep = usize::from(!out.is_empty());
        if used + sep + len > budget {
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        used += sep + len;
    }
    if out.is_empty() {
        out.extend(
            words
                .first()
                .into_iter()
                .flat_map(|w| w.chars())
                .take(budget),
        );
    }
    while out.ends_with([',', ';', ':', '-', '–']) {
        out.pop();
    }
    out.push('\u{2026}');
    out
}

/// Text escaped for HTML element content or attribute values.
pub fn escape_html(text: &str) -> String {
    crate::xml::escape(text)
}

/// A reader's comment as HTML: plain text only — every character escaped
/// (markup, scripts and tracking pixels show as the text they are), blank
/// lines make paragraphs, single newlines line breaks.
pub fn comment_html(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(escape_html).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

#[cfg(test)]
mod comment_tests {
    use super::comment_html;

    #[test]
    fn comments_are_inert_text() {
        let html = comment_html(
            "Hej!\n<script>alert(1)</script>\n\n<img src=https://track.example/p.gif> & \"mer\"",
        );
        assert_eq!(
            html,
            "<p>Hej!<br>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src=https://track.example/p.gif&gt; &amp; &quot;mer&quot;</p>"
        );
        assert!(!html.contains("<img") && !html.contains("<script"));
    }
}
