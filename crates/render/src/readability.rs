//! LIX (läsbarhetsindex, Björnsson 1968) for Swedish text.
//!
//! LIX = words / sentences + 100 × long words / words. Rough guide: under 30 very easy,
//! 30–40 easy (children's books, popular fiction), 40–50 medium (newspapers),
//! 50–60 hard (official texts), over 60 very hard.

/// The LIX score and the counts it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lix {
    /// `words / sentences + 100 * long_words / words`; 0.0 for text without words.
    pub score: f64,
    pub words: usize,
    pub sentences: usize,
    pub long_words: usize,
}

/// Terminates a sentence (colon included, as in Björnsson's definition).
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ':')
}

/// Closing punctuation that may sit between a terminator and the following space.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// Computes LIX for plain text (use [`crate::plain_text`] first for Markdown).
///
/// Counting rules, exactly:
///
/// * **Word**: a maximal run of letters and digits (Unicode alphanumeric). A single `-`,
///   `'` or `’` between two alphanumerics joins the run ("e-post" is one word), and so does a
///   single `.` or `,` between two digits ("3,5" is one word). Everything else separates
///   words, so "info@example.se" is three words.
/// * **Long word**: a word with more than 6 letters; digits and joiners do not count as
///   letters ("röntgen" is long, "3,5" and "e-post" are not).
/// * **Sentence**: ends at a run of `.` `!` `?` `:` that follows at least one word since the
///   last sentence end and is followed (after optional closing quotes or brackets) by
///   whitespace or the end of the text; at a blank line (two line breaks with only spaces or
///   tabs between) after at least one word, so headings and list items count; and at the end
///   of the text if words have been seen since the last sentence end. Abbreviations such as
///   "t.ex." therefore end a sentence when followed by a space — a known limit of LIX.
pub fn lix(plain_text: &str) -> Lix {
    let chars: Vec<char> = plain_text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut words = 0usize;
    let mut long_words = 0usize;
    let mut sentences = 0usize;
    let mut open = false; // words seen since the last sentence end
    let mut i = 0usize;

    while let Some(c) = at(i) {
        if c.is_alphanumeric() {
            let mut letters = 0usize;
            while let Some(c) = at(i) {
                if c.is_alphanumeric() {
                    letters += usize::from(c.is_alphabetic());
                    i += 1;
                    continue;
                }
                let prev = i.checked_sub(1).and_then(at);
                let next = at(i + 1);
                let joins_word = matches!(c, '-' | '\'' | '’')
                    && prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                let joins_number = matches!(c, '.' | ',')
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if joins_word || joins_number {
                    i += 1;
                } else {
                    break;
                }
            }
            words += 1;
            long_words += usize::from(letters > 6);
            open = true;
        } else if is_terminator(c) {
            while at(i).is_some_and(is_terminator) {
                i += 1;
            }
            while at(i).is_some_and(is_closer) {
                i += 1;
            }
            if open && at(i).is_none_or(char::is_whitespace) {
                sentences += 1;
                open = false;
            }
        } else if c == '\n' {
            i += 1;
            while at(i).is_some_and(|c| c == ' ' || c == '\t' || c == '\r') {
                i += 1;
            }
            if open && at(i) == Some('\n') {
                sentences += 1;
                open = false;
            }
        } else {
            i += 1;
        }
    }
    if open {
        sentences += 1;
    }

    let score = if words == 0 {
        0.0
    } else {
        words as f64 / sentences as f64 + 100.0 * long_words as f64 / words as f64
    };
    Lix {
        score,
        words,
        sentences,
        long_words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn hand_counted_swedish_text() {
        // Sentence 1: Röntgenbloggen* är en blogg för alla som arbetar* på röntgen* (10, 3 long)
        // Sentence 2: Vi skriver* om vardagen* (4, 2 long)
        // Sentence 3: Vill du veta mer om våra arbetsuppgifter* (7, 1 long)
        let text = "Röntgenbloggen är en blogg för alla som arbetar på röntgen. \
                    Vi skriver om vardagen! Vill du veta mer om våra arbetsuppgifter?";
        let l = lix(text);
        assert_eq!((l.words, l.sentences, l.long_words), (21, 3, 6));
        assert_close(l.score, 21.0 / 3.0 + 100.0 * 6.0 / 21.0); // ≈ 35.57
    }

    #[test]
    fn counting_rules() {
        // Hon | sa | : → 1 | hej | ! → 2 | Priset | är | 3,5 | kronor | . → 3 | Skicka | e-post | end → 4
        // No word has more than 6 letters ("Priset", "kronor", "Skicka" have exactly 6).
        let l = lix("Hon sa: hej! Priset är 3,5 kronor. Skicka e-post");
        assert_eq!((l.words, l.sentences, l.long_words), (9, 4, 0));
        assert_close(l.score, 9.0 / 4.0);
    }

    #[test]
    fn headings_quotes_and_ellipses() {
        // "Rubrik" + blank line is a sentence; "...": one terminator run; closing quote allowed.
        let l = lix("Rubrik\n\nHan sa \"nej...\" och gick. Sedan 2011.");
        // Rubrik | Han sa nej | och gick | Sedan 2011 → words 8, sentences 4
        // ("nej..." is followed by a quote then a space, so it ends a sentence).
        assert_eq!((l.words, l.sentences, l.long_words), (8, 4, 0));
    }

    #[test]
    fn empty_text() {
        let l = lix("  \n\n ... ");
        assert_eq!((l.words, l.sentences, l.long_words), (0, 0, 0));
        assert_close(l.score, 0.0);
    }
}
