//! What an author or reader would notice about `render_markdown` and `plain_text`.

use lykta_render::markdown::{MAX_MARKDOWN_BYTES, MAX_NESTING};
use lykta_render::{plain_text, render_markdown, Warning};

/// A start tag in sanitised output: name and attributes.
#[derive(Debug)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Start tags of serialised HTML. The sanitiser's serialiser escapes every `<` in text, so
/// each `<` starts a tag; attribute values are double-quoted.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find('<') {
        rest = &rest[pos + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = String::new();
            if let Some(after_eq) = rest.strip_prefix("=\"") {
                let close = after_eq.find('"').expect("attribute values are quoted");
                value = after_eq[..close].to_owned();
                rest = &after_eq[close + 1..];
            }
            attrs.push((attr, value));
        }
        tags.push(StartTag { name, attrs });
    }
    tags
}

const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "figure",
    "figcaption",
    "sup",
    "section",
];

/// Structural safety: allow-listed tags only, no event handlers, no style, safe URLs only.
fn assert_safe(html: &str) {
    for tag in start_tags(html) {
        assert!(
            ALLOWED_TAGS.contains(&tag.name.as_str()),
            "tag <{}> in {html}",
            tag.name
        );
        for (attr, value) in &tag.attrs {
            assert!(!attr.starts_with("on"), "event handler {attr} in {html}");
            assert_ne!(attr, "style", "style attribute in {html}");
            if attr == "href" || attr == "src" {
                let v = value.trim().to_ascii_lowercase();
                let scheme_ok = ["http:", "https:", "mailto:", "tel:"]
                    .iter()
                    .any(|s| v.starts_with(s))
                    || !v.split(['/', '?', '#']).next().unwrap_or("").contains(':');
                assert!(scheme_ok, "unsafe {attr}={value} in {html}");
            }
        }
    }
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
}

fn links(html: &str) -> Vec<StartTag> {
    start_tags(html)
        .into_iter()
        .filter(|t| t.name == "a")
        .collect()
}

fn attr<'a>(tag: &'a StartTag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|(a, _)| a == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn script_tags_are_shown_as_text_not_run() {
    for md in [
        "<script>alert(1)</script>",
        "Hej <script>alert(1)</script> då",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>body{display:none}</style>",
        "<!-- <script>alert(1)</script> -->",
    ] {
        let r = render_markdown(md);
        assert_safe(&r.html);
        assert!(
            r.html.contains("&lt;"),
            "raw HTML should be visible: {}",
            r.html
        );
        assert_eq!(r.warnings, vec![Warning::RawHtmlRemoved], "{md}");
    }
    let r = render_markdown("Hej <script>alert(1)</script> då");
    assert_eq!(
        r.html,
        "<p>Hej &lt;script&gt;alert(1)&lt;/script&gt; då</p>\n"
    );
}

#[test]
fn event_handlers_never_survive() {
    for md in [
        "<img src=x onerror=alert(1)>",
        "Text <img src=x onerror=alert(1)> text",
        "<div onclick=\"alert(1)\">klicka</div>",
        "<a href=\"https://example.org\" onmouseover=\"alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "![bild](https://example.org/a.png \"title\\\" onerror=\\\"alert(1)\")",
        "[text](https://example.org \"t\\\" onclick=\\\"alert(1)\")",
    ] {
        let r = render_markdown(md);
        assert_safe(&r.html);
    }
    let r = render_markdown("<img src=x onerror=alert(1)>");
    assert!(start_tags(&r.html).iter().all(|t| t.name != "img"));
    assert_eq!(r.warnings, vec![Warning::RawHtmlRemoved]);
}

#[test]
fn unsafe_links_become_inert_and_keep_their_text() {
    for md in [
        "[klicka här](javascript:alert(1))",
        "[klicka här](JaVaScRiPt:alert(1))",
        "[klicka här](&#106;avascript:alert(1))",
        "[klicka här](&#x6A;&#x61;vascript:alert(1))",
        "[klicka här](java&#9;script:alert(1))",
        "[klicka här](java&#10;script:alert(1))",
        "[klicka här](< javascript:alert(1)>)",
        "[klicka här](<\u{1}javascript:alert(1)>)",
        "[klicka här](vbscript:msgbox(1))",
        "[klicka här](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[klicka här][ref]\n\n[ref]: javascript:alert(1)",
        "[klicka här][ref]\n\n[ref]: <JAVASCRIPT:alert(1)>",
    ] {
        let r = render_markdown(md);
        assert_safe(&r.html);
        assert!(r.html.contains("klicka här"), "link text kept: {}", r.html);
        assert!(
            links(&r.html).iter().all(|a| attr(a, "href").is_none()),
            "{md} → {}",
            r.html
        );
        assert!(
            !r.html.to_ascii_lowercase().contains("script:"),
            "{}",
            r.html
        );
        assert_eq!(r.warnings, vec![Warning::UnsafeLinkRemoved], "{md}");
    }

    // Autolinks and images too.
    let r = render_markdown("<javascript:alert(1)>");
    assert_safe(&r.html);
    assert_eq!(r.warnings, vec![Warning::UnsafeLinkRemoved]);

    let r =
        render_markdown("![En bild](javascript:alert(1)) och ![data](data:image/png;base64,AAAA)");
    assert_safe(&r.html);
    assert!(start_tags(&r.html).iter().all(|t| t.name != "img"));
    assert_eq!(r.html, "<p>En bild och data</p>\n");
    assert_eq!(r.warnings, vec![Warning::UnsafeLinkRemoved]);
}

#[test]
fn safe_links_are_kept_with_noopener() {
    let md =
        "[a](https://example.org/?a=1&b=2) [b](http://example.org) [c](mailto:info@example.org) \
              [d](tel:+46812345) [e](/om-oss) [f](#kontakt) [g](sida.html) <https://example.org/x> \
              <info@example.org>";
    let r = render_markdown(md);
    assert_safe(&r.html);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let hrefs: Vec<_> = links(&r.html)
        .iter()
        .map(|a| {
            assert_eq!(attr(a, "rel"), Some("noopener"));
            attr(a, "href").unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://example.org/?a=1&amp;b=2",
            "http://example.org",
            "mailto:info@example.org",
            "tel:+46812345",
            "/om-oss",
            "#kontakt",
            "sida.html",
            "https://example.org/x",
            "mailto:info@example.org",
        ]
    );
}

#[test]
fn raw_html_blocks_and_inline_are_escaped() {
    let r =
        render_markdown("<div class=\"x\">\n<b>fet</b>\n</div>\n\nText med <em>inline</em> HTML.");
    assert_safe(&r.html);
    assert!(
        start_tags(&r.html).iter().all(|t| t.name == "p"),
        "{}",
        r.html
    );
    assert!(r.html.contains("&lt;div class=\"x\"&gt;"), "{}", r.html);
    assert!(r
        .html
        .contains("Text med &lt;em&gt;inline&lt;/em&gt; HTML."));
    assert_eq!(r.warnings, vec![Warning::RawHtmlRemoved]);
}

#[test]
fn h1_is_demoted_to_h2() {
    let r = render_markdown("# Rubrik\n\nText\n\n## Under\n\nRubrik 2\n========\n\n###### Sex");
    assert!(!r.html.contains("<h1"), "{}", r.html);
    assert_eq!(
        r.html,
        "<h2>Rubrik</h2>\n<p>Text</p>\n<h2>Under</h2>\n<h2>Rubrik 2</h2>\n<h6>Sex</h6>\n"
    );
}

#[test]
fn code_with_angle_brackets_is_escaped_not_flagged() {
    let md = "Använd `<b>` för fetstil.\n\n```rust\nif a < b && c > d { Vec::<u8>::new(); }\n```\n\n```\n<script>x</script>\n```";
    let r = render_markdown(md);
    assert_safe(&r.html);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.html.contains("<code>&lt;b&gt;</code>"));
    assert!(r.html.contains(
        "<pre><code class=\"language-rust\">if a &lt; b &amp;&amp; c &gt; d { Vec::&lt;u8&gt;::new(); }\n</code></pre>"
    ));
    assert!(r
        .html
        .contains("<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>"));

    // Odd info strings do not become odd classes.
    let r = render_markdown("```\" onclick=\"x\ncode\n```");
    assert_safe(&r.html);
    assert!(r.html.starts_with("<pre><code>"), "{}", r.html);
}

#[test]
fn swedish_text_round_trips() {
    let md =
        "## Åsa på Öland\n\nRöntgensjuksköterskor äter räksmörgås. ÅÄÖ åäö é ü – ”citat” «x» 😀";
    let r = render_markdown(md);
    assert_eq!(
        r.html,
        "<h2>Åsa på Öland</h2>\n<p>Röntgensjuksköterskor äter räksmörgås. ÅÄÖ åäö é ü – ”citat” «x» 😀</p>\n"
    );
}

#[test]
fn images_are_lazy_and_missing_alt_is_reported() {
    let r = render_markdown("![Röntgenrummet](/media/rum.jpg \"Vårt rum\") ![](/media/utan.jpg) ![ ](https://example.org/tom.png)");
    assert_safe(&r.html);
    let imgs: Vec<_> = start_tags(&r.html)
        .into_iter()
        .filter(|t| t.name == "img")
        .collect();
    assert_eq!(imgs.len(), 3);
    for img in &imgs {
        assert_eq!(attr(img, "loading"), Some("lazy"));
    }
    assert_eq!(attr(&imgs[0], "alt"), Some("Röntgenrummet"));
    assert_eq!(attr(&imgs[0], "title"), Some("Vårt rum"));
    assert_eq!(
        r.warnings,
        vec![
            Warning::ImageWithoutAlt {
                src: "/media/utan.jpg".to_owned()
            },
            Warning::ImageWithoutAlt {
                src: "https://example.org/tom.png".to_owned()
            },
        ]
    );
}

#[test]
fn huge_input_is_truncated_at_a_char_boundary() {
    // 3-byte chars so the byte limit falls inside a char.
    let md = "€".repeat(MAX_MARKDOWN_BYTES / 3 + 1000);
    assert!(md.len() > MAX_MARKDOWN_BYTES && !md.is_char_boundary(MAX_MARKDOWN_BYTES));
    let r = render_markdown(&md);
    assert_eq!(
        r.warnings,
        vec![Warning::TooLong {
            limit_bytes: MAX_MARKDOWN_BYTES
        }]
    );
    assert_eq!(r.html.matches('€').count(), MAX_MARKDOWN_BYTES / 3);

    let exact = "a".repeat(MAX_MARKDOWN_BYTES);
    assert!(render_markdown(&exact).warnings.is_empty());
}

#[test]
fn pathological_input_does_not_panic() {
    let n = MAX_MARKDOWN_BYTES / 2;
    for md in [
        ">".repeat(n),
        "*".repeat(n),
        "[".repeat(n),
        "- ".repeat(n / 2),
        "<div>".repeat(n / 5),
        "![".repeat(n / 2),
        "[^a]".repeat(n / 4),
        "|a".repeat(n / 2) + "\n" + &"|-".repeat(n / 2),
        "\u{0}\u{feff}\u{202e}".repeat(n / 8),
        "*a _b ".repeat(n / 6) + &"b_ a*".repeat(n / 6),
        "> - ".repeat(n / 4) + "x",
        (0..400)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
    ] {
        let r = render_markdown(&md);
        assert_safe(&r.html);
        let _ = plain_text(&md, 160);
    }
}

#[test]
fn deep_nesting_is_flattened_but_content_kept() {
    let md = ">".repeat(100) + " djupt *citat*";
    let r = render_markdown(&md);
    assert_eq!(r.html.matches("<blockquote>").count(), MAX_NESTING);
    assert_eq!(r.html.matches("</blockquote>").count(), MAX_NESTING);
    assert!(r.html.contains("djupt citat"), "{}", r.html);
}

#[test]
fn footnotes_get_stable_numbered_ids() {
    let r = render_markdown(
        "Text[^källa] och mer[^2] och igen[^källa].\n\n[^2]: Andra.\n[^källa]: Första <b>x</b>.",
    );
    assert_safe(&r.html);
    assert!(
        r.html
            .contains("<a href=\"#fn-1\" id=\"fnref-1\" rel=\"noopener\">1</a>"),
        "{}",
        r.html
    );
    assert!(r
        .html
        .contains("<a href=\"#fn-2\" id=\"fnref-2\" rel=\"noopener\">2</a>"));
    assert!(r.html.contains("<a href=\"#fn-1\" rel=\"noopener\">1</a>"));
    let first = r.html.find("<li id=\"fn-1\">").expect("first note");
    let second = r.html.find("<li id=\"fn-2\">").expect("second note");
    assert!(first < second);
    assert_eq!(r.warnings, vec![Warning::RawHtmlRemoved]);
}

#[test]
fn plain_text_strips_markup_and_cuts_at_words() {
    let md =
        "# Rubrik\n\nDet här är **fet** text med [en länk](https://example.org) och `kod`.\n\n\
              ![alt text](/a.png)<b>html</b>\n\n- ett\n- två\n\nFotnot[^1].\n\n[^1]: Ska inte med.";
    assert_eq!(
        plain_text(md, 1000),
        "Rubrik Det här är fet text med en länk och kod. html ett två Fotnot."
    );
    assert_eq!(plain_text(md, 20), "Rubrik Det här är…");
    assert!(plain_text(md, 20).chars().count() <= 20);
    assert_eq!(plain_text("Åsa äter räksmörgås", 19), "Åsa äter räksmörgås");
    assert_eq!(plain_text("Åsa äter räksmörgås", 18), "Åsa äter…");
    assert_eq!(plain_text("Hej, hopp", 7), "Hej…");
    assert_eq!(plain_text("Röntgensjuksköterska", 6), "Röntg…");
    assert_eq!(plain_text("Hej", 0), "");
    assert_eq!(plain_text("  \n\n  ", 10), "");
}

#[test]
fn snapshot_post() {
    let md = "\
# En dag på röntgen

Vi är ett *team* på **fem** personer som bloggar ~~varje vecka~~ en gång i månaden.
Läs mer på [vår sida](https://example.org/rontgen \"Röntgen\") eller mejla <info@example.org>.

![Röntgenrummet](/media/rum.jpg)

> Det bästa med jobbet är kollegorna.

1. Planera året
2. Skriv inlägg
   - med gästbloggare

---

Slut.  
Ny rad.
";
    let r = render_markdown(md);
    assert!(r.warnings.is_empty());
    insta::assert_snapshot!(r.html);
}

#[test]
fn snapshot_table() {
    let md = "\
| Yrke | Antal | Andel |
|:-----|:-----:|------:|
| Röntgensjuksköterska | 12 | 60 % |
| Läkare & fysiker | 8 | 40 % |
";
    let r = render_markdown(md);
    assert!(r.warnings.is_empty());
    insta::assert_snapshot!(r.html);
}

#[test]
fn snapshot_hostile() {
    let md = "\
Hej[^1] <img src=x onerror=alert(1)>

<script>alert('xss')</script>

[klicka](JaVaScRiPt:alert(1)) ![](javascript:alert(2))

[^1]: Källa: [Vårdguiden](https://www.1177.se/).
";
    let r = render_markdown(md);
    assert_eq!(
        r.warnings,
        vec![Warning::RawHtmlRemoved, Warning::UnsafeLinkRemoved]
    );
    insta::assert_snapshot!(r.html);
}
