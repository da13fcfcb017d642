//! `lykta-render`: pure functions that turn Lykta content into output formats.
//!
//! * [`markdown`]: Markdown to sanitised HTML (allow-list sanitiser) and plain-text excerpts.
//! * [`feeds`]: Atom 1.0, RSS 2.0 and JSON Feed 1.1.
//! * [`sitemap`]: sitemaps.org 0.9 `urlset` (and a sitemap index).
//! * [`jsonld`]: schema.org structured data, safe to embed in a `<script>` element.
//! * [`readability`]: LIX readability index for Swedish text.
//! * [`ical`]: iCalendar (RFC 5545) feeds of plan items and scheduled posts.
//!
//! # Invariant
//! Nothing here does IO, talks SQL or HTTP, or fails on user content: every function returns
//! output (plus warnings where the author should know something was changed). User content is
//! sanitised or escaped exactly once, here.
//!
//! # Boundary
//! Knows nothing of the database, the web framework, permissions or who may see what: callers
//! pass in only content that may be shown to the audience of the output.
#![forbid(unsafe_code)]

pub mod chart;
pub mod checks;
pub mod feeds;
pub mod ical;
pub mod jsonld;
pub mod mail;
pub mod markdown;
pub mod readability;
pub mod sitemap;
mod timefmt;
mod xml;

pub use markdown::{plain_text, render_markdown, Rendered, Warning};
