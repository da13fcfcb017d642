//! A post's text on a channel: title, excerpt and link joined by blank
//! lines, the excerpt shortened (whole graphemes, an ellipsis) until the
//! whole fits the platform's limit as the platform counts it.

use crate::{Composed, Draft};
use unicode_segmentation::UnicodeSegmentation;

/// Characters, as Facebook, Instagram and LinkedIn count them.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Title, excerpt and link within `limit` characters (plain count).
pub(crate) fn compose(d: &Draft<'_>, limit: usize) -> Composed {
    fit(d, limit, chars)
}

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

    #[test]
    fn the_excerpt_gives_way_to_the_limit() {
        let excerpt = "ordet ".repeat(1000);
        let c = compose(
            &Draft {
                title: "Rubrik",
                excerpt: &excerpt,
                link: "https://alvdal.example/x",
            },
            2200,
        );
        assert_eq!(c.limit, 2200);
        assert!(c.length <= 2200 && c.length > 2150, "{}", c.length);
        assert!(c.text.ends_with("…\n\nhttps://alvdal.example/x"));
    }
}
