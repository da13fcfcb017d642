//! Small server-rendered SVG charts with a text alternative.

use crate::xml::escape;

/// A bar chart of `bars` (label, value) with a dashed line at `target`
/// (none when 0). `title` and `description` become the SVG's accessible name
/// and description; the description should say the numbers in words. `id`
/// makes the element ids unique on a page with several charts.
pub fn bars(
    id: &str,
    bars: &[(String, u32)],
    target: u32,
    title: &str,
    description: &str,
) -> String {
    const W: u32 = 480;
    const H: u32 = 160;
    const BOTTOM: u32 = 24;
    let top = bars
        .iter()
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(target)
        .max(1);
    let slot = W / (bars.len().max(1) as u32);
    let scale = |v: u32| (H - BOTTOM - 8) * v / top;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (i, (label, v)) in bars.iter().enumerate() {
        let x = i as u32 * slot + slot / 6;
        let h = scale(*v);
        let y = H - BOTTOM - h;
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{h}\" class=\"bar{}\"/>\
<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>",
            slot * 2 / 3,
            if target > 0 && *v < target {
                " below"
            } else {
                ""
            },
            x + slot / 3,
            H - 8,
            escape(label)
        ));
    }
    if target > 0 {
        let y = H - BOTTOM - scale(target);
        out.push_str(&format!(
            "<line x1=\"0\" x2=\"{W}\" y1=\"{y}\" y2=\"{y}\" class=\"target\"/>"
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accessible_chart_with_a_target_line() {
        let svg = bars(
            "c1",
            &[("jan".into(), 1), ("feb".into(), 0), ("<mar>".into(), 2)],
            1,
            "Inlägg & mål",
            "1, 0 och 2 inlägg",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains("role=\"img\"")
                && svg.contains("<title id=\"c1-title\">Inlägg &amp; mål</title>")
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert_eq!(
            svg.matches("class=\"bar below\"").count(),
            1,
            "the month under target is marked"
        );
        assert!(svg.contains("&lt;mar&gt;"));
        assert!(svg.contains("class=\"target\""));
        assert!(!bars("c2", &[("a".into(), 0)], 0, "t", "d").contains("class=\"target\""));
    }
}
