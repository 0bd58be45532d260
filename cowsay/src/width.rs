//! How many terminal columns text takes: Unicode display widths (`unicode-width`) over grapheme
//! clusters, whatever the locale, with ANSI colour sequences taking no room.
//!
//! Everything that measures text (the wrapper, tab expansion, the balloon) goes through
//! [`units`], so they all agree on what a column is.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A piece of text that is never split: a colour sequence or a grapheme cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit<'a> {
    pub text: &'a str,
    /// Columns it takes on a terminal.
    pub width: usize,
    /// Whether it starts with white space, where a line may break.
    pub is_space: bool,
}

/// The length of the SGR (colour) sequence `ESC [ params m` at the start of `s`, if there is one.
/// Parameters are digits, `;` and `:`; `ESC [ m` (reset) counts too.
fn sgr_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\x1b[")?;
    let params = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';' || *b == b':')
        .count();
    (rest.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Columns of one grapheme cluster. Control characters (a stray `\r`, ESC…) move no column.
fn cluster_width(cluster: &str) -> usize {
    if cluster.chars().all(char::is_control) {
        0
    } else {
        cluster.width()
    }
}

/// Splits `text` into colour sequences (zero columns) and grapheme clusters.
pub fn units(text: &str) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // Plain text up to the next escape, then the escape sequence (or a lone ESC).
        let plain_end = rest.find('\x1b').unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(plain_end);
        out.extend(plain.graphemes(true).map(|g| Unit {
            text: g,
            width: cluster_width(g),
            is_space: g.starts_with(char::is_whitespace),
        }));
        if tail.is_empty() {
            break;
        }
        let len = sgr_len(tail).unwrap_or(1);
        out.push(Unit {
            text: &tail[..len],
            width: 0,
            is_space: false,
        });
        rest = &tail[len..];
    }
    out
}

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    units(text).iter().map(|u| u.width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_counts_one_column_per_character() {
        assert_eq!(width("Coucou !"), 8);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn accents_count_one_column_in_every_locale() {
        assert_eq!(width("Un éléphant dans un boa."), 24);
        // A decomposed é: e plus a combining acute accent.
        assert_eq!(width("e\u{301}té"), 3);
    }

    #[test]
    fn wide_characters_and_emoji_count_two() {
        assert_eq!(width("日本"), 4);
        assert_eq!(width("한글"), 4);
        assert_eq!(width("😀 smile"), 8);
        // A family joined by zero-width joiners is one picture.
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 2);
        assert_eq!(width("🇫🇷"), 2);
    }

    #[test]
    fn colour_sequences_take_no_room() {
        assert_eq!(width("\x1b[31mred\x1b[0m"), 3);
        assert_eq!(width("\x1b[1;38;5;208mbold\x1b[m"), 4);
        assert_eq!(width("\x1b[38:2:255:0:0mx"), 1);
    }

    #[test]
    fn control_characters_take_no_room() {
        assert_eq!(width("hello\r"), 5);
        assert_eq!(width("\x1bx"), 1);
        assert_eq!(width("\x7f"), 0);
    }

    #[test]
    fn a_colour_sequence_is_one_unit() {
        let parts: Vec<&str> = units("a\x1b[31mb").iter().map(|u| u.text).collect();
        assert_eq!(parts, ["a", "\x1b[31m", "b"]);
        // An unfinished sequence is a lone ESC followed by ordinary text.
        let parts: Vec<&str> = units("\x1b[31").iter().map(|u| u.text).collect();
        assert_eq!(parts, ["\x1b", "[", "3", "1"]);
    }

    #[test]
    fn white_space_units_are_break_points() {
        let spaces: Vec<bool> = units("a b\u{a0}c").iter().map(|u| u.is_space).collect();
        assert_eq!(spaces, [false, true, false, true, false]);
    }
}
