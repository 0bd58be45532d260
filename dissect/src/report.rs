use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::{Analysis, ChangeKind, LayerStats, WastedFile};
use crate::archive::{Layout, SavedImage};
use crate::ci::{CiOutcome, Status};
use crate::units::{format_bytes, format_percent};

/// One image in one line: what `compare` prints, and the head of a full report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub image: String,
    /// Where it was read from: a path, `-`, or `docker save NAME`.
    pub source: String,
    pub layout: Layout,
    /// Content bytes of all layers.
    pub size_bytes: u64,
    pub layers: usize,
    /// Files a container sees (not directories).
    pub files: u64,
    pub wasted_bytes: u64,
    pub wasted_percent: f64,
    pub efficiency: f64,
}

/// One layer of a full report.
#[derive(Debug, Clone, Serialize)]
pub struct LayerReport {
    pub index: usize,
    pub id: String,
    pub command: String,
    #[serde(flatten)]
    pub stats: LayerStats,
}

/// Everything dissect says about one image.
#[derive(Debug, Clone, Serialize)]
pub struct ImageReport {
    #[serde(flatten)]
    pub summary: Summary,
    #[serde(rename = "layer_details")]
    pub layers: Vec<LayerReport>,
    /// The most wasted paths, most bytes first.
    pub wasted_files: Vec<WastedFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<CiOutcome>,
}

impl ImageReport {
    /// The report on `image` read from `source`, keeping the `top` most wasted paths.
    pub fn new(
        source: &str,
        image: &SavedImage<'_>,
        analysis: Analysis,
        top: usize,
        ci: Option<CiOutcome>,
    ) -> Self {
        let summary = Summary {
            image: image.name.clone(),
            source: source.to_owned(),
            layout: image.layout,
            size_bytes: analysis.total_bytes,
            layers: image.layers.len(),
            files: analysis.final_files,
            wasted_bytes: analysis.wasted_bytes,
            wasted_percent: analysis.wasted_percent(),
            efficiency: analysis.efficiency(),
        };
        let layers = image
            .layers
            .iter()
            .zip(analysis.layers)
            .enumerate()
            .map(|(index, (layer, stats))| LayerReport {
                index,
                id: layer.id.clone(),
                command: layer.command.clone(),
                stats,
            })
            .collect();
        let mut wasted_files = analysis.wasted_files;
        wasted_files.truncate(top);
        Self {
            summary,
            layers,
            wasted_files,
            ci,
        }
    }
}

/// Text rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Print commands whole instead of cutting them at [`COMMAND_WIDTH`] characters.
    pub no_trunc: bool,
}

/// Where a long command is cut in tables.
pub const COMMAND_WIDTH: usize = 80;

/// A table with a header row; numeric columns (`right`) are right-aligned, the last column is
/// left as long as it is.
fn table(headers: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i + 1 == row.len() && !right[i] {
                line.push_str(cell);
            } else if right[i] {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

/// The short form of a layer id: the first 12 hex digits of `sha256:…`.
fn short_id(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.chars().take(12).collect()
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The full text report on one image: summary, layers, most wasted files, CI verdict.
pub fn render(report: &ImageReport, options: TextOptions) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, from {})", s.image, s.layout, s.source);
    let _ = writeln!(
        out,
        "  {} in {}, {} · wasted {} ({} of the layers above the first) · efficiency {}",
        format_bytes(s.size_bytes),
        plural(s.layers as u64, "layer", "layers"),
        plural(s.files, "file", "files"),
        format_bytes(s.wasted_bytes),
        format_percent(s.wasted_percent),
        format_percent(s.efficiency * 100.0),
    );
    out.push('\n');
    let rows: Vec<Vec<String>> = report
        .layers
        .iter()
        .map(|l| {
            let command = if options.no_trunc {
                l.command.clone()
            } else {
                cut(&l.command, COMMAND_WIDTH)
            };
            vec![
                l.index.to_string(),
                short_id(&l.id),
                format_bytes(l.stats.bytes),
                l.stats.files.to_string(),
                l.stats.added.to_string(),
                l.stats.changed.to_string(),
                l.stats.removed.to_string(),
                format_bytes(l.stats.wasted_later),
                command,
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "#",
            "layer",
            "size",
            "files",
            "added",
            "changed",
            "removed",
            "wasted later",
            "command",
        ],
        &[true, false, true, true, true, true, true, true, false],
        &rows,
    ));
    for layer in report.layers.iter().filter(|l| !l.stats.changes.is_empty()) {
        let _ = writeln!(out, "\n  layer {} changes:", layer.index);
        for change in &layer.stats.changes {
            let mark = match change.change {
                ChangeKind::Added => 'A',
                ChangeKind::Changed => 'M',
                ChangeKind::Removed => 'D',
            };
            let _ = writeln!(
                out,
                "    {mark} {} ({})",
                change.path,
                format_bytes(change.size)
            );
        }
    }
    if !report.wasted_files.is_empty() {
        out.push_str("\n  Most wasted files (shipped in a layer, hidden by a later one):\n");
        let rows: Vec<Vec<String>> = report
            .wasted_files
            .iter()
            .map(|w| {
                vec![
                    format_bytes(w.bytes),
                    w.versions.to_string(),
                    w.path.clone(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["wasted", "versions", "path"],
            &[true, true, false],
            &rows,
        ));
    }
    if let Some(ci) = &report.ci {
        out.push('\n');
        out.push_str(&render_ci(ci));
    }
    out
}

/// The CI verdict: one line per rule, then the result.
pub fn render_ci(ci: &CiOutcome) -> String {
    let mut out = String::from("  CI rules:\n");
    for rule in &ci.rules {
        let status = match rule.status {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Off => "OFF ",
        };
        let _ = writeln!(out, "    {status}  --{}: {}", rule.rule, rule.message);
    }
    let failed = ci.failed();
    if failed == 0 {
        out.push_str("  CI result: PASS\n");
    } else {
        let _ = writeln!(
            out,
            "  CI result: FAIL ({} of {} rules failed)",
            failed,
            ci.rules.len()
        );
    }
    out
}

/// One table for several images: image, size, layers, files, wasted, efficiency.
pub fn render_comparison(summaries: &[Summary]) -> String {
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                s.image.clone(),
                format_bytes(s.size_bytes),
                s.layers.to_string(),
                s.files.to_string(),
                format_bytes(s.wasted_bytes),
                format_percent(s.wasted_percent),
                format_percent(s.efficiency * 100.0),
            ]
        })
        .collect();
    table(
        &[
            "image",
            "size",
            "layers",
            "files",
            "wasted",
            "wasted %",
            "efficiency",
        ],
        &[false, true, true, true, true, true, true],
        &rows,
    )
}
