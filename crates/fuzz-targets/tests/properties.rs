//! Property tests over the fuzz targets' bodies: structured hostile inputs
//! (Markdown and HTML that have broken renderers before, spreadsheet
//! pieces, check-question syntax, arbitrary Unicode) rather than mutated
//! bytes. Failing cases are kept by proptest in
//! `tests/properties.proptest-regressions` and replayed first.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

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

/// Spreadsheet-like bytes: a header, separators, quotes, line ends and
/// arbitrary bytes (broken UTF-8, UTF-16 marks, Windows-1252).
fn spreadsheet() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"Plattform;Namn;Adress\n".to_vec()),
        Just(b"Platform,Name,URL\r\n".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\"a;b\"\"c\"".to_vec()),
        Just(b";;;\n".to_vec()),
        Just(b"=HYPERLINK(\"x\")".to_vec()),
        Just("Åre kommun;Förvaltning\n".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..40),
    ];
    proptest::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

fn quiz_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        Just("Fråga?\n".to_owned()),
        Just("- fel\n".to_owned()),
        Just("* rätt\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("  \t\n".to_owned()),
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rendered_markdown_never_holds_anything_that_runs(md in hostile_markdown()) {
        lykta_fuzz_targets::markdown(md.as_bytes());
    }

    #[test]
    fn comments_are_inert_text(text in hostile_markdown()) {
        lykta_fuzz_targets::comment(text.as_bytes());
    }

    #[test]
    fn any_file_is_read_or_refused_by_name(bytes in spreadsheet()) {
        lykta_fuzz_targets::csv(&bytes);
    }

    #[test]
    fn any_check_questions_are_read_or_refused(text in quiz_text()) {
        lykta_fuzz_targets::quiz(text.as_bytes());
    }

    #[test]
    fn addresses_are_plain_and_stable(s in any::<String>()) {
        lykta_fuzz_targets::slug(s.as_bytes());
    }

    #[test]
    fn e_mail_addresses_are_read_or_refused(s in any::<String>()) {
        lykta_fuzz_targets::email(s.as_bytes());
    }

    #[test]
    fn form_fields_are_read_or_refused(fields in proptest::collection::vec((any::<String>(), any::<String>()), 0..6)) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        lykta_fuzz_targets::form_fields(body.as_bytes());
    }
}
