//! Writing aids for drafts: readability (LIX for Swedish, Flesch reading ease
//! for English) and accessibility checks on the Markdown.
//!
//! Blocking problems stop publication: an image without alternative text, a
//! link without text, a skipped heading level. Warnings do not: vague link
//! text ("klicka här", "click here", …), very long sentences, text in capitals.

use crate::readability::{lix, Lix};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Blocking,
    Warning,
}

/// One finding: a message-catalogue key and the text it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub key: &'static str,
    pub detail: String,
}

/// Readability in the draft's language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Readability {
    /// Swedish: LIX, lower is easier.
    Lix(Lix),
    /// English: Flesch reading ease, higher is easier.
    Flesch {
        score: f64,
        words: usize,
        sentences: usize,
        syllables: usize,
    },
}

impl Readability {
    pub fn score(&self) -> f64 {
        match self {
            Readability::Lix(l) => l.score,
            Readability::Flesch { score, .. } => *score,
        }
    }

    /// The usual band, as a catalogue key (`readability-very-easy` … `readability-very-hard`).
    ///
    /// LIX: under 30 very easy, 30–40 easy, 40–50 medium, 50–60 hard, 60 and over very hard.
    /// Flesch: 80 and over very easy, 70–80 easy, 50–70 medium, 30–50 hard, under 30 very hard.
    pub fn band(&self) -> &'static str {
        let bands = [
            "readability-very-easy",
            "readability-easy",
            "readability-medium",
            "readability-hard",
            "readability-very-hard",
        ];
        let i = match self {
            Readability::Lix(l) => match l.score {
                s if s < 30.0 => 0,
                s if s < 40.0 => 1,
                s if s < 50.0 => 2,
                s if s < 60.0 => 3,
                _ => 4,
            },
            Readability::Flesch { score, .. } => match *score {
                s if s >= 80.0 => 0,
                s if s >= 70.0 => 1,
                s if s >= 50.0 => 2,
                s if s >= 30.0 => 3,
                _ => 4,
            },
        };
        bands[i]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub readability: Readability,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
    }
}

/// A sentence longer than this many words is flagged.
pub const LONG_SENTENCE_WORDS: usize = 35;

/// Link texts that say nothing about where the link goes (compared lower-case,
/// trimmed of punctuation).
const VAGUE_LINK_TEXTS: &[&str] = &[
    "klicka här",
    "klicka",
    "här",
    "läs mer",
    "mer",
    "länk",
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "link",
];

/// Check a draft written in Swedish (`swedish = true`) or English.
pub fn check(markdown: &str, swedish: bool) -> Report {
    let text = crate::markdown::block_text(markdown);
    let readability = if swedish {
        Readability::Lix(lix(&text))
    } else {
        flesch(&text)
    };
    let mut findings = Vec::new();
    let mut last_level = 1u8; // the page title is the h1
    let mut link_text: Option<String> = None;
    let mut image_alt: Option<(String, String)> = None;
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                // Body headings start at h2 (a `#` is shown as h2).
                let n = heading_number(level).max(2);
                if n > last_level + 1 {
                    findings.push(Finding {
                        severity: Severity::Blocking,
                        key: "check-heading-skipped",
                        detail: format!("h{last_level} → h{n}"),
                    });
                }
                last_level = n;
            }
            Event::Start(Tag::Link { .. }) => link_text = Some(String::new()),
            Event::End(TagEnd::Link) => {
                if let Some(t) = link_text.take() {
                    let norm = t
                        .trim()
                        .trim_matches(|c: char| c.is_ascii_punctuation())
                        .to_lowercase();
                    if norm.is_empty() {
                        findings.push(Finding {
                            severity: Severity::Blocking,
                            key: "check-link-empty",
                            detail: String::new(),
                        });
                    } else if VAGUE_LINK_TEXTS.contains(&norm.as_str()) {
                        findings.push(Finding {
                            severity: Severity::Warning,
                            key: "check-link-vague",
                            detail: t.trim().to_owned(),
                        });
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image_alt = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, alt)) = image_alt.take() {
                    if alt.trim().is_empty() {
                        findings.push(Finding {
                            severity: Severity::Blocking,
                            key: "check-image-alt",
                            detail: src,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(&t);
                }
                if let Some(l) = link_text.as_mut() {
                    l.push_str(&t);
                }
            }
            _ => {}
        }
    }
    for sentence in sentences(&text) {
        let n = sentence.split_whitespace().count();
        if n > LONG_SENTENCE_WORDS {
            findings.push(Finding {
                severity: Severity::Warning,
                key: "check-long-sentence",
                detail: excerpt(sentence, n),
            });
        }
    }
    if let Some(run) = capitals(&text) {
        findings.push(Finding {
            severity: Severity::Warning,
            key: "check-capitals",
            detail: run,
        });
    }
    Report {
        readability,
        findings,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn excerpt(sentence: &str, words: usize) -> String {
    let start: Vec<&str> = sentence.split_whitespace().take(8).collect();
    format!("{} … ({words})", start.join(" "))
}

/// A run of at least three words in capitals, each with at least two letters
/// (abbreviations like "MR" or "CT" alone are fine).
fn capitals(text: &str) -> Option<String> {
    let mut run: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            run.push(word);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    None
}

/// Flesch reading ease: 206.835 − 1.015 × words/sentences − 84.6 × syllables/words.
/// Words are runs of letters; sentences as in [`lix`]; syllables are counted by the
/// usual heuristic — groups of vowels (a, e, i, o, u, y), less a silent final "e",
/// at least one per word — so the score is an estimate, good to ±5.
pub fn flesch(text: &str) -> Readability {
    let counts = lix(text);
    let mut syllables = 0usize;
    let mut words = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        syllables += syllables_in(&w.to_lowercase());
    }
    let sentences = counts.sentences.max(1);
    let score = if words == 0 {
        0.0
    } else {
        206.835
            - 1.015 * (words as f64 / sentences as f64)
            - 84.6 * (syllables as f64 / words as f64)
    };
    Readability::Flesch {
        score,
        words,
        sentences: counts.sentences,
        syllables,
    }
}

fn syllables_in(word: &str) -> usize {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let chars: Vec<char> = word.chars().collect();
    let mut groups = 0;
    let mut prev = false;
    for c in &chars {
        let v = vowel(*c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
    }
    if chars.len() > 2 && chars.ends_with(&['e']) && !chars.ends_with(&['l', 'e']) && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(r: &Report) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.key).collect()
    }

    #[test]
    fn blocking_problems_are_found() {
        let r = check(
            "## Rubrik\n\n#### För djup\n\n![](bild.jpg)\n\n[](https://example.org)",
            true,
        );
        assert_eq!(
            keys(&r),
            [
                "check-heading-skipped",
                "check-image-alt",
                "check-link-empty"
            ]
        );
        assert_eq!(r.blocking().count(), 3);
        assert_eq!(r.findings[0].detail, "h2 → h4");
    }

    #[test]
    fn clean_text_passes() {
        let r = check("## Om oss\n\nVi är ett team på röntgen. Läs [om våra jobb](/jobb).\n\n### Kontakt\n\n![Ett team vid en kamera](a.jpg)", true);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn warnings_do_not_block() {
        let long = "ord ".repeat(40);
        let r = check(
            &format!("[Klicka här](/x). VI SÖKER NYA KOLLEGOR nu. {long}."),
            true,
        );
        assert_eq!(
            keys(&r),
            ["check-link-vague", "check-long-sentence", "check-capitals"]
        );
        assert_eq!(r.blocking().count(), 0);
        assert!(
            check("Vi har en ny MR och CT.", true).findings.is_empty(),
            "abbreviations are fine"
        );
    }

    #[test]
    fn readability_bands() {
        let easy = check("Vi jobbar här. Det är kul. Kom hit.", true);
        assert_eq!(easy.readability.band(), "readability-very-easy");
        let en = check("The cat sat on the mat. It was happy.", false);
        assert!(matches!(en.readability, Readability::Flesch { .. }));
        assert!(en.readability.score() > 80.0, "{}", en.readability.score());
        let hard = check("Organisational reconfiguration necessitates comprehensive interdepartmental consultation.", false);
        assert_eq!(hard.readability.band(), "readability-very-hard");
    }

    #[test]
    fn headings_and_list_items_are_sentences_of_their_own() {
        let md = "## Så söker du jobb hos oss\n\nSkicka ditt CV\n\n- Legitimation\n- Erfarenhet av röntgen\n";
        let r = check(md, true);
        let Readability::Lix(l) = r.readability else {
            panic!("Swedish gives LIX")
        };
        assert_eq!(l.sentences, 4, "heading, paragraph and two items");
        assert!(!keys(&r).contains(&"check-long-sentence"));
    }

    #[test]
    fn syllables() {
        assert_eq!(syllables_in("cat"), 1);
        assert_eq!(syllables_in("happy"), 2);
        assert_eq!(syllables_in("table"), 2);
        assert_eq!(syllables_in("make"), 1);
    }
}
