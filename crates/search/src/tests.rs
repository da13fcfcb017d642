use super::*;

fn doc(id: i64, lang: Language, title: &str, body: &str) -> Doc {
    Doc {
        kind: Kind::Post,
        id,
        blog_id: BlogId::new(1),
        lang,
        title: title.into(),
        body: body.into(),
        tags: vec!["rekrytering".into()],
        author_ids: vec![UserId::new(7)],
        date: 1_000 + id,
        state: "published".into(),
        path: format!("/b/{id}/"),
        ever_published: true,
    }
}

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ix = SearchIndex::open(dir.path()).expect("open");
    ix.rebuild(
        vec![
            doc(
                1,
                Language::Sv,
                "Vi söker en röntgensjuksköterska",
                "Välkommen till en dag på röntgen. Vården behöver dig.",
            ),
            doc(
                2,
                Language::Sv,
                "Ledarskap",
                "Röntgen nämns i texten om ledarskap och <script>alert(1)</script>.",
            ),
            doc(
                3,
                Language::En,
                "Nurses wanted",
                "We are hiring radiology nurses in Älvdal.",
            ),
            doc(4, Language::Sv, "Vard", "Ett ord utan ringar: vard."),
        ],
        Cursor {
            event: 5,
            record: 0,
        },
    )
    .expect("rebuild");
    (dir, ix)
}

fn ids(ix: &SearchIndex, q: &str) -> Vec<i64> {
    let q = UserQuery::parse(q).expect("parses");
    ix.search(&q, &Filters::default(), None, 0, 10)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn swedish_inflections_find_each_other() {
    let (_d, ix) = index();
    assert_eq!(ids(&ix, "röntgensjuksköterskor"), vec![1]);
    assert_eq!(ids(&ix, "nurse"), vec![3]);
    assert_eq!(ix.cursor().expect("cursor").map(|c| c.event), Some(5));
}

#[test]
fn a_ring_is_a_letter_of_its_own() {
    let (_d, ix) = index();
    assert_eq!(ids(&ix, "vard"), vec![4]);
    assert_eq!(ids(&ix, "vården"), vec![1]);
}

#[test]
fn titles_weigh_more_than_bodies() {
    let (_d, ix) = index();
    assert_eq!(ids(&ix, "röntgen*"), vec![1, 2]);
}

#[test]
fn phrases_prefixes_and_typos() {
    let (_d, ix) = index();
    assert_eq!(ids(&ix, "\"dag på röntgen\""), vec![1]);
    assert_eq!(ids(&ix, "\"röntgen dag\""), Vec::<i64>::new());
    assert_eq!(ids(&ix, "ledarsk*"), vec![2]);
    assert_eq!(ids(&ix, "ledarskapp"), vec![2]);
}

#[test]
fn snippets_escape_everything_but_the_marks() {
    let (_d, ix) = index();
    let q = UserQuery::parse("ledarskap").expect("parses");
    let found = ix
        .search(&q, &Filters::default(), None, 0, 10)
        .expect("search");
    let h = &found.hits[0];
    assert!(
        h.snippet_html.contains("<mark>ledarskap</mark>"),
        "{}",
        h.snippet_html
    );
    assert!(
        h.snippet_html.contains("&lt;script&gt;"),
        "{}",
        h.snippet_html
    );
    assert!(!h.snippet_html.contains("<script"), "{}", h.snippet_html);
    assert_eq!(h.title_html, "<mark>Ledarskap</mark>");
}

#[test]
fn hostile_queries_parse_or_say_why() {
    assert_eq!(UserQuery::parse(""), Err(QueryProblem::Empty));
    assert_eq!(UserQuery::parse("  +-:()* \"\" "), Err(QueryProblem::Empty));
    assert_eq!(
        UserQuery::parse("och att the"),
        Err(QueryProblem::OnlyStopWords)
    );
    assert_eq!(
        UserQuery::parse(&"a".repeat(201)),
        Err(QueryProblem::TooLong)
    );
    let (_d, ix) = index();
    for q in [
        "röntgen:(ledarskap)",
        "röntgen AND OR NOT",
        "\"röntgen ledarskap",
        "röntgen^ ~ [* TO *] {}",
        "<script>alert</script>",
    ] {
        assert!(!ids(&ix, q).is_empty(), "{q}");
    }
}

#[test]
fn filters_and_changes() {
    let (_d, ix) = index();
    let q = UserQuery::parse("röntgen").expect("parses");
    let f = Filters {
        from: Some(1_002),
        ..Filters::default()
    };
    let found = ix.search(&q, &f, None, 0, 10).expect("search");
    assert_eq!(found.hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![2]);
    let f = Filters {
        tag: Some("annat".into()),
        ..Filters::default()
    };
    assert_eq!(ix.search(&q, &f, None, 0, 10).expect("search").total, 0);
    let keep = |h: &Hit| h.id != 1;
    assert_eq!(
        ix.search(&q, &Filters::default(), Some(&keep), 0, 10)
            .expect("search")
            .total,
        1
    );
    let at = Cursor {
        event: 9,
        record: 3,
    };
    ix.apply(vec![Change::Remove(Kind::Post, 1)], at)
        .expect("apply");
    assert_eq!(ids(&ix, "röntgensjuksköterska"), Vec::<i64>::new());
    assert_eq!(ix.cursor().expect("cursor"), Some(at));
}

#[test]
fn counting_stops_at_the_cap_and_says_there_are_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ix = SearchIndex::open(dir.path()).expect("open");
    let docs = (1..=COUNT_CAP as i64 + 5)
        .map(|id| doc(id, Language::Sv, "Sommarjobb", "Vi söker sommarjobbare."))
        .collect();
    ix.rebuild(docs, Cursor::default()).expect("rebuild");
    let q = UserQuery::parse("sommarjobb").expect("parses");
    let found = ix
        .search(&q, &Filters::default(), None, 0, 10)
        .expect("search");
    assert_eq!(
        (found.total, found.more, found.hits.len()),
        (COUNT_CAP, true, 10)
    );
    let found = ix
        .search(&q, &Filters::default(), None, 1000, 10)
        .expect("search");
    assert_eq!(found.hits.len(), 5, "the last page still reaches every hit");
    assert_eq!(
        ix.count(&q, &Filters::default(), usize::MAX)
            .expect("count"),
        COUNT_CAP + 5
    );
    // An old index's commit carries the event alone.
    assert_eq!(
        Cursor::parse("42"),
        Some(Cursor {
            event: 42,
            record: 0
        })
    );
}

#[test]
fn a_known_word_is_not_widened_by_typos_but_an_unknown_one_is() {
    let (_d, ix) = index();
    // "vard" is in the index: it is searched as it is, not as "vård".
    assert_eq!(ids(&ix, "vard"), vec![4]);
    assert_eq!(ids(&ix, "ledarskpa"), vec![2]);
}

#[test]
fn a_long_post_is_highlighted_where_the_word_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ix = SearchIndex::open(dir.path()).expect("open");
    let body = format!(
        "{} Här står något om <b>Ledarskap</b> i vården.",
        "Inledande text om annat. ".repeat(200)
    );
    ix.rebuild(
        vec![doc(1, Language::Sv, "Långt", &body)],
        Cursor::default(),
    )
    .expect("rebuild");
    let q = UserQuery::parse("ledarskap").expect("parses");
    let found = ix
        .search(&q, &Filters::default(), None, 0, 10)
        .expect("search");
    let snippet = &found.hits[0].snippet_html;
    assert!(snippet.contains("<mark>Ledarskap</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;b&gt;"), "{snippet}");
    let q = UserQuery::parse("led*").expect("parses");
    let found = ix
        .search(&q, &Filters::default(), None, 0, 10)
        .expect("search");
    assert_eq!(found.total, 1, "a prefix reaches the word");
}

#[test]
fn swedish_snippets_stemming_only_candidates_match_stemming_every_word() {
    let (_d, ix) = index();
    let searcher = ix.reader.searcher();
    let texts = [
        "Röntgensjuksköterskorna och en röntgensjuksköterska möter röntgen, vården och vårdens folk.",
        "Vi söker röntgensjuksköterskor! Söker du? Ledarskapet, ledarskap och LEDARSKAPETS röntgen.",
        "Ingenting här om det alls, bara ord som rönnbär och vardag.",
    ];
    for q in [
        "röntgensjuksköterskor",
        "vården söker",
        "\"en röntgensjuksköterska\"",
        "ledarskap röntgen",
    ] {
        let query = ix.text_query(&searcher, &UserQuery::parse(q).expect("parses"));
        for (title, body) in [ix.f.text[0]] {
            for field in [title, body] {
                let ours =
                    snippet_generator(&searcher, &*query, field, Language::Sv, 60).expect("ours");
                let mut theirs =
                    SnippetGenerator::create(&searcher, &*query, field).expect("theirs");
                theirs.set_max_num_chars(60);
                for text in texts {
                    assert_eq!(
                        ours.snippet(text).to_html(),
                        theirs.snippet(text).to_html(),
                        "{q}: {text}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_window_starts_before_the_first_word_like_a_term() {
    let text = format!("{}Ärendet om ÅRETS ledare.", "x ".repeat(400));
    let w = window(&text, &["året".into()]);
    assert!(w.contains("ÅRETS"), "{w}");
    assert!(!w.starts_with("Ärendet"), "{w}");
    assert_eq!(window("kort", &["året".into()]), "kort");
}
