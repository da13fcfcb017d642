//! A post's text on a channel: title, excerpt and link, the excerpt
//! shortened (with an ellipsis) until the whole fits the platform's limit as
//! the platform counts it.

use crate::{Composed, Draft};

/// Characters, as Facebook, Instagram and LinkedIn count them.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Title, excerpt and link within `limit` characters (plain count).
pub(crate) fn compose(d: &Draft<'_>, limit: usize) -> Composed {
    fit(d, limit, chars)
}

/// Title, excerpt and link, the excerpt shortened until `length` of the
/// whole is within `limit`.
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
        let keep = excerpt.chars().count().saturating_sub(over + 1);
        excerpt = excerpt
            .chars()
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

#[cfg(test)]
mod tests {
    use super::*;

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
