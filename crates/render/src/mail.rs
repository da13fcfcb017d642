//! The HTML part of a mail: a small, self-contained document (inline
//! styles are fine in mail, which is no page of ours) whose every text and
//! address is escaped here, once.

use crate::markdown::escape_html;

/// One entry: a post (title, excerpt, link) or an action (a button).
pub struct MailItem<'a> {
    pub title: &'a str,
    pub excerpt: &'a str,
    pub url: &'a str,
    /// The words on the link.
    pub link_text: &'a str,
}

/// A whole message.
pub struct MailPage<'a> {
    /// The language tag (`sv`, `en`).
    pub lang: &'a str,
    pub heading: &'a str,
    pub intro: &'a str,
    pub items: &'a [MailItem<'a>],
    /// Lines under a rule: (text, optional link).
    pub footer: &'a [(&'a str, Option<&'a str>)],
}

/// The message as an HTML document.
pub fn mail_html(page: &MailPage<'_>) -> String {
    let e = escape_html;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em; margin: 0 auto; padding: 1em;\">\n\
         <h1 style=\"font-size: 1.4em;\">{}</h1>\n",
        e(page.lang),
        e(page.heading),
        e(page.heading)
    );
    if !page.intro.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", e(page.intro)));
    }
    for item in page.items {
        out.push_str("<div style=\"margin: 1.5em 0;\">\n");
        if !item.title.is_empty() {
            out.push_str(&format!(
                "<h2 style=\"font-size: 1.2em; margin-bottom: 0.3em;\"><a href=\"{}\" style=\"color: #0b4f8a;\">{}</a></h2>\n",
                e(item.url),
                e(item.title)
            ));
        }
        if !item.excerpt.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", e(item.excerpt)));
        }
        out.push_str(&format!(
            "<p><a href=\"{}\" style=\"color: #0b4f8a; font-weight: bold;\">{}</a></p>\n</div>\n",
            e(item.url),
            e(item.link_text)
        ));
    }
    if !page.footer.is_empty() {
        out.push_str("<hr>\n<p style=\"font-size: 0.9em; color: #444;\">\n");
        for (i, (text, url)) in page.footer.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            match url {
                Some(url) => out.push_str(&format!(
                    "<a href=\"{}\" style=\"color: #0b4f8a;\">{}</a>",
                    e(url),
                    e(text)
                )),
                None => out.push_str(&e(text)),
            }
        }
        out.push_str("\n</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_given_is_escaped() {
        let item = MailItem {
            title: "<script>alert(1)</script>",
            excerpt: "\"quoted\" & <b>bold</b>",
            url: "https://a.example/x?\"><img src=x>",
            link_text: "Läs <mer>",
        };
        let html = mail_html(&MailPage {
            lang: "sv",
            heading: "Röntgen<bloggen>",
            intro: "<i>hej</i>",
            items: &[item],
            footer: &[("Avsluta <nu>", Some("https://a.example/u\"x"))],
        });
        for bad in [
            "<script",
            "<b>",
            "<img",
            "<i>",
            "<mer>",
            "<nu>",
            "<bloggen>",
            "u\"x",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
