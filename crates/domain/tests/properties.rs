//! Properties of the parsers of outside text over arbitrary input: a CSV
//! file, check questions, addresses and e-mail addresses are read or
//! refused with a reason — never a panic. Failing cases are kept by
//! proptest beside this file and replayed first.

use lykta_domain::quiz::parse_questions;
use lykta_domain::table::{read_table, Column};
use lykta_domain::{Email, Slug};
use proptest::prelude::*;

const COLUMNS: &[Column] = &[
    Column {
        key: "platform",
        names: &["Plattform", "Platform"],
        required: true,
    },
    Column {
        key: "name",
        names: &["Namn", "Name"],
        required: true,
    },
    Column {
        key: "url",
        names: &["Adress", "URL"],
        required: false,
    },
];

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
    fn any_file_is_read_or_refused(bytes in spreadsheet()) {
        if let Ok(t) = read_table(&bytes, COLUMNS) {
            prop_assert!(t.rows.len() <= lykta_domain::table::MAX_TABLE_ROWS);
        }
    }

    #[test]
    fn any_check_questions_are_read_or_refused(text in quiz_text()) {
        if let Ok(questions) = parse_questions(&text) {
            for q in questions {
                prop_assert!(!q.answers.is_empty());
                prop_assert!(q.right < q.answers.len());
            }
        }
    }

    #[test]
    fn addresses_are_plain_and_stable(s in any::<String>()) {
        if let Ok(slug) = Slug::normalise(&s) {
            let v = slug.as_str();
            prop_assert!(v.len() <= Slug::MAX_LEN);
            prop_assert!(v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!v.starts_with('-') && !v.ends_with('-') && !v.contains("--"));
            prop_assert_eq!(Slug::parse_exact(v), Some(slug.clone()));
        }
        let _ = Slug::for_blog(&s);
        let _ = Slug::for_blog_item(&s);
    }

    #[test]
    fn e_mail_addresses_are_read_or_refused(s in any::<String>()) {
        if let Ok(e) = Email::parse(&s) {
            prop_assert!(e.as_str().contains('@'));
            prop_assert!(!e.as_str().chars().any(char::is_whitespace));
        }
    }
}
