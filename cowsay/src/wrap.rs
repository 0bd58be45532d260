//! Word wrapping as Debian's cowsay does it (Perl's Text::Wrap `fill`), and tab expansion for
//! `-n`, both counted in display columns (see [`crate::width`]).
//!
//! The rules, as Debian applies them:
//! * a newline followed by white space (a blank line, or an indented line) starts a new paragraph,
//!   and swallows that white space: only the first paragraph can keep its indentation;
//! * inside a paragraph every run of white space becomes one space;
//! * a line holds at most `columns - 1` columns; it breaks at a space, which is dropped; a word
//!   longer than that is cut;
//! * a paragraph that ends with white space keeps one trailing space on its last line;
//! * paragraphs are separated by one empty line, and trailing empty lines are dropped.

use crate::width::{units, width, Unit};

/// Tab stops every 8 columns, as in Debian.
pub const TAB_STOP: usize = 8;

/// The narrowest wrap column: one column of text per line.
pub const MIN_COLUMNS: usize = 2;

/// Wraps the message's lines at `columns`, Debian's `-W` (values below [`MIN_COLUMNS`] count as
/// [`MIN_COLUMNS`]).
pub fn fill(lines: &[String], columns: usize) -> Vec<String> {
    let line_max = columns.max(MIN_COLUMNS) - 1;
    let text = lines.join("\n");
    let mut out = Vec::new();
    for (i, paragraph) in paragraphs(&text).into_iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(wrap(&squeeze_spaces(paragraph), line_max));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Splits at every newline followed by white space, dropping that white space; an empty text
/// and trailing empty paragraphs give nothing (like Perl's `split /\n\s+/`).
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\n' || !chars.peek().is_some_and(|&(_, next)| next.is_whitespace()) {
            continue;
        }
        out.push(&text[start..i]);
        start = text.len();
        while let Some(&(j, next)) = chars.peek() {
            if !next.is_whitespace() {
                start = j;
                break;
            }
            chars.next();
        }
    }
    out.push(&text[start..]);
    while out.last().is_some_and(|p| p.is_empty()) {
        out.pop();
    }
    out
}

/// Every run of white space becomes one space.
fn squeeze_spaces(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len());
    let mut in_space = false;
    for c in paragraph.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

fn concat(units: &[Unit<'_>]) -> String {
    units.iter().map(|u| u.text).collect()
}

/// Wraps one paragraph into lines of at most `line_max` columns (at least one unit per line,
/// so that a character wider than `line_max` still makes progress). Always at least one line.
pub fn wrap(text: &str, line_max: usize) -> Vec<String> {
    let units = units(text);
    // Wrapping stops where only white space is left.
    let end = units.iter().rposition(|u| !u.is_space).map_or(0, |i| i + 1);
    let mut lines = Vec::new();
    let mut pos = 0;
    let mut trailing = "";
    while pos < end {
        // The longest run that fits and is followed by a break point (or the end).
        let mut best = None;
        let mut fits = pos;
        let mut columns = 0;
        loop {
            if fits == units.len() || units[fits].is_space {
                best = Some(fits);
            }
            if fits == units.len() || columns + units[fits].width > line_max {
                break;
            }
            columns += units[fits].width;
            fits += 1;
        }
        match best {
            Some(stop) => {
                lines.push(concat(&units[pos..stop]));
                trailing = units.get(stop).map_or("", |u| u.text);
                pos = (stop + 1).min(units.len());
            }
            None => {
                // A word longer than the line: cut it.
                let stop = fits.max(pos + 1);
                lines.push(concat(&units[pos..stop]));
                trailing = "";
                pos = stop;
            }
        }
    }
    match lines.last_mut() {
        // The white space that ended the paragraph stays on its last line.
        Some(last) => last.push_str(trailing),
        None => lines.push(String::new()),
    }
    lines
}

/// Expands tabs to the next multiple of [`TAB_STOP`] columns (`-n`).
pub fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + TAB_STOP);
    let mut column = 0;
    for unit in units(line) {
        match unit.text.strip_prefix('\t') {
            Some(rest) => {
                let pad = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(rest);
                column += pad + width(rest);
            }
            None => {
                out.push_str(unit.text);
                column += unit.width;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(String::from).collect()
    }

    fn fill_str(text: &str, columns: usize) -> Vec<String> {
        fill(&lines(text), columns)
    }

    #[test]
    fn short_message_is_one_line() {
        assert_eq!(fill_str("Coucou !", 40), ["Coucou !"]);
    }

    #[test]
    fn lines_hold_at_most_columns_minus_one() {
        let words = "this is a thought that wraps";
        assert_eq!(fill_str(words, 12), ["this is a", "thought", "that wraps"]);
        // 11 columns fit at -W 12, 12 do not.
        assert_eq!(fill_str("abcdefghijk", 12), ["abcdefghijk"]);
        assert_eq!(fill_str("abcdefghijkl", 12), ["abcdefghijk", "l"]);
    }

    #[test]
    fn long_words_are_cut() {
        let word = "x".repeat(40);
        assert_eq!(fill_str(&word, 40), ["x".repeat(39), "x".into()]);
        assert_eq!(fill_str("ab cd efgh i", 3), ["ab", "cd", "ef", "gh", "i"]);
    }

    #[test]
    fn runs_of_blanks_become_one_space_and_ends_keep_one() {
        assert_eq!(fill_str("  Moo    Moo   Moo  ", 40), [" Moo Moo Moo "]);
        assert_eq!(fill_str("a\tb", 40), ["a b"]);
    }

    #[test]
    fn trailing_space_may_make_the_last_line_full_width() {
        let text = "a ".repeat(60);
        let wrapped = fill_str(&text, 40);
        assert_eq!(wrapped.len(), 3);
        assert_eq!(wrapped[0].len(), 39);
        assert_eq!(wrapped[2].len(), 40);
        assert!(wrapped[2].ends_with("a "));
    }

    #[test]
    fn blank_and_indented_lines_start_paragraphs() {
        let text = "para one\n\n\n  indented\tand\ttabbed\nlast   line  \n";
        assert_eq!(
            fill_str(text, 40),
            ["para one", "", "indented and tabbed last line "]
        );
        assert_eq!(fill_str("a\n b", 40), ["a", "", "b"]);
    }

    #[test]
    fn leading_blank_lines_stay_and_trailing_ones_go() {
        assert_eq!(fill_str("\n\nfoo\n\n\n", 40), ["", "", "foo"]);
    }

    #[test]
    fn empty_or_blank_messages_have_no_lines() {
        assert!(fill(&[], 40).is_empty());
        assert!(fill_str("", 40).is_empty());
        assert!(fill_str(" ", 40).is_empty());
        assert!(fill_str("\n \n", 40).is_empty());
    }

    #[test]
    fn narrow_columns_give_one_column_per_line() {
        assert_eq!(fill_str("abc de", 2), ["a", "b", "c", "d", "e"]);
        assert_eq!(fill_str("abc de", 1), fill_str("abc de", 2));
        assert_eq!(fill_str("abc de", 0), fill_str("abc de", 2));
    }

    #[test]
    fn wide_characters_wrap_by_columns() {
        let text = "日".repeat(45);
        let wrapped = fill_str(&text, 40);
        assert!(wrapped.iter().all(|l| width(l) <= 39), "{wrapped:?}");
        assert_eq!(wrapped[0], "日".repeat(19));
        // A character wider than the line still goes out, one per line.
        assert_eq!(fill_str("日本", 2), ["日", "本"]);
    }

    #[test]
    fn colour_sequences_do_not_count_when_wrapping() {
        let text = "\x1b[31mred\x1b[0m words";
        assert_eq!(fill_str(text, 9), ["\x1b[31mred\x1b[0m", "words"]);
        assert_eq!(fill_str(text, 10), [text]);
    }

    #[test]
    fn tabs_expand_to_multiples_of_eight() {
        assert_eq!(expand_tabs("a\tb\tc"), "a       b       c");
        assert_eq!(expand_tabs("12345678\tx"), "12345678        x");
        assert_eq!(expand_tabs("\ty"), "        y");
        assert_eq!(expand_tabs("é\tx"), "é       x");
        assert_eq!(expand_tabs("no tab"), "no tab");
    }
}
