use std::fmt::Write;

/// One bar of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub name: String,
    pub megabytes: f64,
    /// Built on a local stand-in base image: drawn in another colour.
    pub stand_in: bool,
}

const LEFT: f64 = 230.0;
const WIDTH: f64 = 520.0;
const ROW: f64 = 26.0;
const TOP: f64 = 50.0;
/// The scale starts at 0.1 MB; it ends at the first power of ten at or above the largest image.
const LOW: f64 = 0.1;

/// The sizes as a horizontal bar chart on a log scale (the images range from about a megabyte
/// to gigabytes), titled with `date`.
pub fn svg(bars: &[Bar], date: &str) -> String {
    let max = bars.iter().map(|b| b.megabytes).fold(0.0, f64::max);
    let mut high = 10.0;
    while high < max {
        high *= 10.0;
    }
    let n = bars.len() as f64;
    let height = TOP + n * ROW + 50.0;
    let x_of = |mb: f64| WIDTH * (mb / LOW).ln() / (high / LOW).ln();
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="13">"#,
        LEFT + WIDTH + 110.0,
        height
    );
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    let _ = writeln!(
        out,
        r#"<text x="10" y="24" font-size="16" font-weight="bold">Image sizes (MB, log scale), {date}</text>"#
    );
    let mut tick = LOW;
    while tick <= high {
        let x = LEFT + x_of(tick);
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="#ddd"/>"##,
            TOP - 8.0,
            TOP + n * ROW
        );
        let _ = writeln!(
            out,
            r##"<text x="{x:.1}" y="{}" text-anchor="middle" fill="#666">{}</text>"##,
            TOP + n * ROW + 16.0,
            short(tick)
        );
        tick *= 10.0;
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let w = x_of(bar.megabytes.max(LOW));
        let colour = if bar.stand_in { "#e8a33d" } else { "#3d7ee8" };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            y + 14.0,
            escape(&bar.name)
        );
        let _ = writeln!(
            out,
            r#"<rect x="{LEFT}" y="{y}" width="{w:.1}" height="18" fill="{colour}"/>"#
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{}">{:.2} MB</text>"#,
            LEFT + w + 6.0,
            y + 14.0,
            bar.megabytes
        );
    }
    let _ = writeln!(
        out,
        r##"<rect x="10" y="{}" width="12" height="12" fill="#e8a33d"/><text x="28" y="{}">built on a local stand-in base image</text>"##,
        height - 22.0,
        height - 12.0
    );
    out.push_str("</svg>\n");
    out
}

/// A tick's label: `0.1`, `1`, `10`, … (what printf's `%g` prints for them).
fn short(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(name: &str, megabytes: f64, stand_in: bool) -> Bar {
        Bar {
            name: name.into(),
            megabytes,
            stand_in,
        }
    }

    /// The committed docs/size-report.svg is the chart of the committed docs/size-report.md:
    /// the chart of its rows, on its date.
    #[test]
    fn the_committed_chart_is_the_chart_of_the_committed_report() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let md = std::fs::read_to_string(docs.join("size-report.md")).unwrap();
        let date = md
            .split("scripts/build-ladder.sh` on ")
            .nth(1)
            .and_then(|rest| rest.get(..10))
            .expect("the report's date");
        let bars: Vec<Bar> = md
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains(" MB | "))
            .map(|l| {
                let cells: Vec<&str> = l.split(" | ").collect();
                Bar {
                    name: cells[0].trim_start_matches("| ").to_owned(),
                    megabytes: cells[2].trim_end_matches(" MB").parse().unwrap(),
                    stand_in: cells[1].contains("stand-in"),
                }
            })
            .collect();
        assert!(bars.len() >= 2, "{bars:?}");
        let committed = std::fs::read_to_string(docs.join("size-report.svg")).unwrap();
        assert_eq!(svg(&bars, date), committed);
    }

    #[test]
    fn names_are_escaped_and_tiny_images_still_get_a_bar_origin() {
        let chart = svg(&[bar("a<b>&c", 0.01, false)], "2026-01-01");
        assert!(chart.contains(">a&lt;b&gt;&amp;c<"));
        assert!(chart.contains(r#"width="0.0" height="18""#));
        assert_eq!(short(0.1), "0.1");
        assert_eq!(short(1000.0), "1000");
    }
}
