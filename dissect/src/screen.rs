//! Drawing the explorer with ratatui: the layers (size, command), the selected layer's and the
//! image's details (efficiency, wasted bytes as dissect and as dive count them, the wasted
//! files), the file tree as of the selected layer with its A/M/R marks, and a line of keys.
//! Any size of terminal is drawn, down to nothing, without a panic.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::filetree::Mark;
use crate::layer::Kind;
use crate::units::{format_bytes, format_percent};
use crate::view::{Pane, Row, View};

/// The keys, as the bottom line lists them.
pub const HELP: &str =
    "Tab pane · ↑↓ jk move · Space fold · ^Space all · ^F filter · ^U changed · ^A ^R ^M kinds · x export · q quit";

/// Draws the whole explorer into `frame`, keeping the cursors of `view` in sight.
pub fn draw(frame: &mut Frame, view: &mut View, status: &str) {
    let [main, help] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    let layers_height = (view.image.layers.len() as u16).saturating_add(2);
    let [layers, layer, image] = Layout::vertical([
        Constraint::Max(layers_height.min(left.height / 2).max(3)),
        Constraint::Length(7),
        Constraint::Min(0),
    ])
    .areas(left);
    draw_layers(frame, view, layers);
    draw_layer_details(frame, view, layer);
    draw_image_details(frame, view, image);
    draw_files(frame, view, right);
    draw_help(frame, view, status, help);
}

/// The explorer's first screen at `cols` × `rows`, as plain text (trailing spaces dropped).
pub fn screenshot(view: &mut View, cols: u16, rows: u16) -> Result<String, crate::Error> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, rows))
        .map_err(crate::Error::Terminal)?;
    terminal
        .draw(|frame| draw(frame, view, ""))
        .map_err(crate::Error::Terminal)?;
    Ok(buffer_text(terminal.backend().buffer()))
}

/// A screen buffer as text, one line per row of cells.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn title_style(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    }
}

fn mark_style(mark: Option<Mark>) -> Style {
    match mark {
        Some(Mark::Added) => Style::new().fg(Color::Green),
        Some(Mark::Modified) => Style::new().fg(Color::Yellow),
        Some(Mark::Removed) => Style::new().fg(Color::Red),
        None => Style::new(),
    }
}

/// `text` with control characters spelled out, so that no name can move the cursor or change
/// colours on the user's terminal.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The first row to show so that `cursor` is in a window of `height` rows starting near
/// `offset`, the window as full as the `len` rows allow.
fn scrolled(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    let offset = offset.min(len.saturating_sub(height));
    if height == 0 {
        offset
    } else if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}

fn draw_layers(frame: &mut Frame, view: &mut View, area: Rect) {
    let focused = view.pane == Pane::Layers;
    let shared = view.shared.iter().filter(|s| **s).count();
    let title = if view.peers.is_empty() {
        format!(" Layers ({}) ", view.image.layers.len())
    } else {
        format!(
            " Layers ({}, {shared} = shared with another image) ",
            view.image.layers.len()
        )
    };
    let block = Block::bordered().title(Span::styled(title, title_style(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    view.layers_offset = scrolled(
        view.layers_offset,
        view.layer,
        height,
        view.image.layers.len(),
    );
    let lines: Vec<Line> = view
        .image
        .layers
        .iter()
        .enumerate()
        .skip(view.layers_offset)
        .take(height)
        .map(|(i, layer)| {
            let text = format!(
                "{}{}{:>2} {:>9}  {}",
                if i == view.layer { '▶' } else { ' ' },
                if view.shared.get(i) == Some(&true) {
                    '='
                } else {
                    ' '
                },
                i,
                format_bytes(layer.stats.bytes),
                printable(&layer.command)
            );
            let style = if i == view.layer {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_layer_details(frame: &mut Frame, view: &View, area: Rect) {
    let block = Block::bordered().title(" Layer details ");
    let Some(layer) = view.image.layers.get(view.layer) else {
        frame.render_widget(Paragraph::new("no layer").block(block), area);
        return;
    };
    let id = layer.id.strip_prefix("sha256:").unwrap_or(&layer.id);
    let s = &layer.stats;
    let lines = vec![
        Line::from(format!(
            "Layer {} of {} · {} · {}",
            view.layer,
            view.image.layers.len(),
            format_bytes(s.bytes),
            id.chars().take(12).collect::<String>()
        )),
        Line::from(vec![
            Span::styled(format!("A {}", s.added), mark_style(Some(Mark::Added))),
            Span::raw(" added · "),
            Span::styled(format!("M {}", s.changed), mark_style(Some(Mark::Modified))),
            Span::raw(" modified · "),
            Span::styled(format!("R {}", s.removed), mark_style(Some(Mark::Removed))),
            Span::raw(" removed"),
        ]),
        Line::from(format!(
            "Wasted by later layers: {}",
            format_bytes(s.wasted_later)
        )),
        Line::from(printable(&layer.command)),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn draw_image_details(frame: &mut Frame, view: &View, area: Rect) {
    let block = Block::bordered().title(" Image details ");
    let image = &view.image;
    let mut lines = vec![
        Line::from(format!(
            "{} · {} · {} {}",
            printable(&image.name),
            format_bytes(image.total_bytes),
            image.final_files,
            if image.final_files == 1 {
                "file"
            } else {
                "files"
            }
        )),
        Line::from(format!(
            "Efficiency {} · wasted {} ({} above the base)",
            format_percent(image.efficiency * 100.0),
            format_bytes(image.wasted_bytes),
            format_percent(image.wasted_percent)
        )),
        Line::styled(
            format!(
                "dive's count: {} wasted, efficiency {} (all copies)",
                format_bytes(image.dive.wasted_bytes),
                format_percent(image.dive.efficiency * 100.0)
            ),
            Style::new().add_modifier(Modifier::DIM),
        ),
    ];
    if !view.peers.is_empty() {
        lines.push(Line::styled(
            format!(
                "  {:>9} {:>6} {:>9}  Image (i: next)",
                "Size", "Eff.", "Wasted"
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        // One line each, the name cut to the pane: the table must not wrap.
        let room = (area.width as usize).saturating_sub(2 + 30).max(1);
        lines.extend(view.peers.iter().map(|p| {
            let name = printable(&p.name);
            let name = if name.chars().count() > room {
                let mut cut: String = name.chars().take(room.saturating_sub(1)).collect();
                cut.push('…');
                cut
            } else {
                name
            };
            Line::from(format!(
                "{} {:>9} {:>6} {:>9}  {name}",
                if p.current { '▶' } else { ' ' },
                format_bytes(p.total_bytes),
                format!("{:.1}%", p.efficiency * 100.0),
                format_bytes(p.wasted_bytes),
            ))
        }));
    }
    lines.push(Line::styled(
        format!("{:>9} {:>5}  Wasted file", "Bytes", "Count"),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    if image.wasted_files.is_empty() {
        lines.push(Line::from("(none)"));
    }
    lines.extend(
        image
            .wasted_files
            .iter()
            .take(area.height as usize)
            .map(|w| {
                // One line each: a long path keeps its end, where the file's name is.
                let room = (area.width as usize).saturating_sub(2 + 17).max(1);
                Line::from(format!(
                    "{:>9} {:>5}  {}",
                    format_bytes(w.bytes),
                    w.versions,
                    cut_start(&printable(&w.path), room)
                ))
            }),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// `text` in at most `width` characters: its end, after `…` when it is cut.
fn cut_start(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_owned();
    }
    let mut out = String::from("…");
    out.extend(text.chars().skip(count + 1 - width.max(1)));
    out
}

/// The guide lines in front of a row: `│   ` for each open folder above, then `├── ` or `└── `.
fn guides(view: &View, row: &Row) -> String {
    let mut parts = Vec::with_capacity(row.depth + 1);
    parts.push(if row.last { "└── " } else { "├── " });
    let mut at = row.parent_row;
    while let Some(index) = at {
        let Some(parent) = view.rows.get(index) else {
            break;
        };
        parts.push(if parent.last { "    " } else { "│   " });
        at = parent.parent_row;
    }
    parts.reverse();
    parts.concat()
}

fn draw_files(frame: &mut Frame, view: &mut View, area: Rect) {
    let focused = view.pane == Pane::Files;
    let mut title = format!(" Files as of layer {} ", view.layer);
    if view.only_changes() {
        title.push_str("· only changes ");
    }
    if !view.filter.is_empty() {
        title.push_str(&format!("· filter {} ", printable(&view.filter)));
    }
    let block = Block::bordered().title(Span::styled(title, title_style(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("   {:>9}  Path", "Size"),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        header,
    );
    let height = list.height as usize;
    view.files_offset = scrolled(view.files_offset, view.cursor, height, view.rows.len());
    if view.rows.is_empty() {
        frame.render_widget(Paragraph::new("(nothing to show)"), list);
        return;
    }
    let lines: Vec<Line> = view
        .rows
        .iter()
        .enumerate()
        .skip(view.files_offset)
        .take(height)
        .map(|(i, row)| {
            let node = view.tree.node(row.node);
            let mut name = printable(&node.name);
            if row.kind == Kind::Dir {
                name.push('/');
                if row.folded {
                    name.push_str(" ⊕");
                }
            }
            let style = mark_style(row.mark);
            let style = if focused && i == view.cursor {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            let pointer = if i == view.cursor { '▶' } else { ' ' };
            Line::from(vec![
                Span::raw(pointer.to_string()),
                Span::styled(format!("{} ", row.mark.map_or(' ', Mark::letter)), style),
                Span::styled(format!("{:>9}  ", format_bytes(row.size)), style),
                Span::raw(guides(view, row)),
                Span::styled(name, style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn draw_help(frame: &mut Frame, view: &View, status: &str, area: Rect) {
    let line = if view.editing_filter {
        Line::from(vec![
            Span::styled("Filter: ", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(printable(&view.filter)),
            Span::styled("█", Style::new().add_modifier(Modifier::SLOW_BLINK)),
            Span::raw("   Enter keep · Esc clear"),
        ])
    } else if !status.is_empty() {
        Line::styled(printable(status), Style::new().add_modifier(Modifier::BOLD))
    } else {
        Line::styled(HELP, Style::new().add_modifier(Modifier::DIM))
    };
    frame.render_widget(Paragraph::new(line), area);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::view::tests::sample;

    /// The screen as text, one line per row of cells.
    fn screen(view: &mut View, width: u16, height: u16, status: &str) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, view, status)).unwrap();
        buffer_text(terminal.backend().buffer())
    }

    /// Compares `actual` with `tests/screens/NAME.txt`; `DISSECT_UPDATE_SCREENS=1` rewrites it.
    fn golden(name: &str, actual: &str) {
        let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "screens", name]
            .iter()
            .collect();
        if std::env::var_os("DISSECT_UPDATE_SCREENS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (DISSECT_UPDATE_SCREENS=1 writes it)",
                path.display()
            )
        });
        assert_eq!(
            actual,
            expected,
            "the screen differs from {}",
            path.display()
        );
    }

    #[test]
    fn golden_first_layer() {
        let mut view = sample();
        golden("first-layer.txt", &screen(&mut view, 110, 24, ""));
    }

    #[test]
    fn golden_second_layer_files_focused_only_changes() {
        let mut view = sample();
        view.select_layer(1);
        view.switch_pane();
        view.toggle_shown('U');
        view.move_by(3);
        golden("second-layer-changes.txt", &screen(&mut view, 110, 24, ""));
    }

    #[test]
    fn golden_folded_and_filtered() {
        let mut view = sample();
        view.select_layer(2);
        view.switch_pane();
        view.set_filter("tmp");
        view.editing_filter = true;
        golden("filtered.txt", &screen(&mut view, 90, 20, ""));
    }

    #[test]
    fn golden_two_images_compared() {
        let mut views = vec![sample(), sample()];
        views[1].image.name = "other:latest".into();
        views[1].image.layers[3].id = "sha256:own".into();
        crate::view::compare(&mut views);
        golden("compared.txt", &screen(&mut views[1], 110, 26, ""));
    }

    #[test]
    fn tiny_and_resized_terminals_draw_without_panic() {
        let mut view = sample();
        view.switch_pane();
        view.move_to_end(true);
        for (w, h) in [
            (0, 0),
            (1, 1),
            (3, 2),
            (10, 4),
            (20, 3),
            (40, 8),
            (200, 60),
            (7, 100),
        ] {
            let text = screen(&mut view, w, h, "a status");
            assert_eq!(text.lines().count(), h as usize);
        }
        // After a shrink the cursor row is still on screen.
        let small = screen(&mut view, 80, 8, "");
        assert!(small.contains("sh"), "{small}");
    }

    #[test]
    fn long_paths_keep_their_end() {
        assert_eq!(
            cut_start("var/cache/debconf/templates.dat", 12),
            "…mplates.dat"
        );
        assert_eq!(cut_start("short", 12), "short");
        assert_eq!(cut_start("abc", 1), "…");
    }

    #[test]
    fn control_characters_in_names_are_spelled_out() {
        assert_eq!(printable("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\nc");
        assert_eq!(printable("café\u{fffd}"), "café\u{fffd}");
    }

    #[test]
    fn scrolling_keeps_the_cursor_in_the_window() {
        assert_eq!(scrolled(0, 5, 10, 100), 0);
        assert_eq!(scrolled(0, 15, 10, 100), 6);
        assert_eq!(scrolled(8, 3, 10, 100), 3);
        assert_eq!(scrolled(4, 4, 0, 100), 4);
        // Fewer rows than before (a filter): the window starts at the top again.
        assert_eq!(scrolled(1500, 1, 10, 2), 0);
        assert_eq!(scrolled(50, 95, 10, 100), 86);
    }
}
