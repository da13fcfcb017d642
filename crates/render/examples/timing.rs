fn main() {
    let n = lykta_render::markdown::MAX_MARKDOWN_BYTES / 2;
    let inputs = [
        (">", ">".repeat(n)),
        ("*", "*".repeat(n)),
        ("[", "[".repeat(n)),
        ("- ", "- ".repeat(n / 2)),
        ("<div>", "<div>".repeat(n / 5)),
        ("![", "![".repeat(n / 2)),
        ("[^a]", "[^a]".repeat(n / 4)),
        ("table", "|a".repeat(n / 2) + "\n" + &"|-".repeat(n / 2)),
        ("ctrl", "\u{0}\u{feff}\u{202e}".repeat(n / 8)),
        ("text", "Hej på dig *du* [länk](https://example.org) `kod`\n\n".repeat(n / 50)),
    ];
    for (name, md) in &inputs {
        let t = std::time::Instant::now();
        let events = pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::all()).count();
        let t1 = t.elapsed();
        let r = lykta_render::render_markdown(md);
        let t2 = t.elapsed();
        let _ = lykta_render::plain_text(md, 160);
        println!("{name:8} events={events} parse={t1:?} render={:?} plain={:?} out={}", t2 - t1, t.elapsed() - t2, r.html.len());
    }
}
