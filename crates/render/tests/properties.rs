//! Properties of the Markdown renderer and sanitiser over arbitrary input:
//! whatever an author (or an attacker) writes, rendering finishes without a
//! panic and the HTML holds nothing that runs. Failing cases are kept by
//! proptest in `tests/properties.proptest-regressions` and replayed first.

use lykta_render::markdown::escape_html;
use lykta_render::{plain_text, render_markdown};
use proptest::prelude::*;

/// Markdown and HTML fragments that have broken renderers before, mixed
/// with arbitrary Unicode.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-zåäö ]{0,12}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("[klicka](javascript:alert(1))".to_owned()),
        Just("![bild](data:text/html,<script>x</script>)".to_owned()),
        Just("<a href=\"jav&#x09;ascript:alert(1)\">x</a>".to_owned()),
        Just("<svg><style>*{}</style></svg>".to_owned()),
        Just("```\n<b>kod</b>\n```".to_owned()),
        Just("| a | b |\n|---|---|\n| <i>1</i> | 2 |".to_owned()),
        Just("> > > citat".to_owned()),
        Just("**fet _kursiv_**".to_owned()),
        Just("[^1]\n\n[^1]: fotnot".to_owned()),
        Just("\n\n".to_owned()),
        Just("\u{0}\u{202e}\u{feff}".to_owned()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rendered_markdown_never_holds_anything_that_runs(md in hostile_markdown()) {
        let html = render_markdown(&md).html.to_lowercase();
        // The sanitiser escapes every `<` in text, so each `<` starts a tag.
        for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
            let mut parts = tag.split_whitespace();
            let name = parts.next().unwrap_or_default().trim_start_matches('/');
            prop_assert!(
                !["script", "style", "iframe", "object", "embed", "svg", "math", "form"].contains(&name),
                "<{tag}> in {html}"
            );
            for attr in parts {
                prop_assert!(!(attr.starts_with("on") && attr.contains('=')), "<{tag}> in {html}");
                if let Some(v) = attr.strip_prefix("href=").or_else(|| attr.strip_prefix("src=")) {
                    let v = v.trim_matches('"');
                    prop_assert!(
                        !["javascript:", "vbscript:", "data:"].iter().any(|s| v.starts_with(s)),
                        "<{tag}> in {html}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_text_of_anything_keeps_to_its_length(md in hostile_markdown(), max in 1usize..400) {
        let text = plain_text(&md, max);
        prop_assert!(text.chars().count() <= max + 1, "{} > {max}", text.chars().count());
    }

    #[test]
    fn escaped_text_has_no_markup(s in any::<String>()) {
        let e = escape_html(&s);
        prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"'));
    }
}
