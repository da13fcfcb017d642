//! What a reader is told about a post before reading it: how long it takes.

use crate::Language;

/// Words an adult reads silently in a minute, by language: Swedish words
/// are longer on average (compounds), so fewer go into a minute.
pub fn words_per_minute(lang: Language) -> usize {
    match lang {
        Language::Sv => 200,
        Language::En => 230,
    }
}

/// Whole minutes it takes to read `words` words in `lang`: rounded up,
/// never less than one.
pub fn reading_minutes(words: usize, lang: Language) -> usize {
    words.div_ceil(words_per_minute(lang)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_rounded_up_and_at_least_one() {
        assert_eq!(reading_minutes(0, Language::Sv), 1);
        assert_eq!(reading_minutes(200, Language::Sv), 1);
        assert_eq!(reading_minutes(201, Language::Sv), 2);
        assert_eq!(reading_minutes(1000, Language::Sv), 5);
        assert_eq!(reading_minutes(1000, Language::En), 5);
        assert_eq!(reading_minutes(1150, Language::En), 5);
        assert_eq!(reading_minutes(1151, Language::En), 6);
    }
}
