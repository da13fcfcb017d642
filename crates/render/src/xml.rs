//! Small XML helpers for text we write ourselves or hand to XML writers.

/// Whether `c` may appear in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Removes characters XML 1.0 cannot carry (control characters, U+FFFE, U+FFFF), which
/// would make the whole document unparseable.
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// Escapes text for XML element content or attribute values, dropping characters XML
/// cannot carry.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(
            escape("a&b<c>\"d'\u{0}\u{1b}é"),
            "a&amp;b&lt;c&gt;&quot;d&apos;é"
        );
        assert_eq!(clean("ok\u{8}\u{FFFF}\tå"), "ok\tå");
    }
}
