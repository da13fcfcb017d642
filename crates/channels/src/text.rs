//! Fitting a post's text into a platform's limit: title, excerpt and link
//! joined by blank lines, the excerpt shortened (whole graphemes, an
//! ellipsis) until the platform's own count of the whole fits.

use crate::{Composed, Draft};
use unicode_segmentation::UnicodeSegmentation;

/// Title, excerpt and link, the excerpt shortened until `length` of the
/// whole is at most `limit`.
pub(crate) fn fit(d: &Draft<'_>, limit: usize, length: fn(&str) -> usize) -> Composed {
    let text = |excerpt: &str| {
        [d.title.trim(), excerpt, d.link]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let mut excerpt = d.excerpt.trim().to_owned();
    let mut full = text(&excerpt);
    while length(&full) > limit && !excerpt.is_empty() {
        let over = length(&full) - limit;
        let keep = graphemes(&excerpt).saturating_sub(over + 1);
        excerpt = excerpt
            .graphemes(true)
            .take(keep)
            .collect::<String>()
            .trim_end()
            .to_owned();
        if !excerpt.is_empty() {
            excerpt.push('…');
        }
        full = text(&excerpt);
        if keep == 0 {
            break;
        }
    }
    Composed {
        length: length(&full),
        text: full,
        limit,
    }
}

/// User-perceived characters (extended grapheme clusters), as Bluesky counts.
pub fn graphemes(text: &str) -> usize {
    text.graphemes(true).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphemes_count_what_a_reader_sees() {
        assert_eq!(graphemes("hej"), 3);
        assert_eq!(graphemes("Älvdal"), 6);
        // A family emoji is one grapheme of several code points.
        assert_eq!(graphemes("👨‍👩‍👧"), 1);
        // e + combining acute accent.
        assert_eq!(graphemes("e\u{301}"), 1);
    }

    #[test]
    fn the_excerpt_is_shortened_never_the_link() {
        let excerpt = "ord ".repeat(100);
        let c = fit(
            &Draft {
                title: "Rubrik",
                excerpt: &excerpt,
                link: "https://a.example/x",
            },
            60,
            graphemes,
        );
        assert!(c.length <= 60, "{}", c.length);
        assert!(c.text.ends_with("…\n\nhttps://a.example/x"), "{}", c.text);
    }
}
