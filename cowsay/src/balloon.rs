//! The speech (or thought) balloon around the message's lines.

use crate::width::width;

/// Whether the cow says or thinks its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Say,
    Think,
}

impl Mode {
    /// What the cow file draws between the balloon and the cow (`$thoughts`).
    pub fn thoughts(self) -> &'static str {
        match self {
            Mode::Say => "\\",
            Mode::Think => "o",
        }
    }

    /// Left and right borders of line `index` out of `count`.
    fn borders(self, index: usize, count: usize) -> (char, char) {
        match self {
            Mode::Think => ('(', ')'),
            Mode::Say if count < 2 => ('<', '>'),
            Mode::Say if index == 0 => ('/', '\\'),
            Mode::Say if index + 1 == count => ('\\', '/'),
            Mode::Say => ('|', '|'),
        }
    }
}

/// Draws the balloon: a border of `_` on top, of `-` below, each line padded to the widest one.
/// No lines still make a balloon, with one empty line.
pub fn balloon(lines: &[String], mode: Mode) -> String {
    let widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let text_len: usize = lines.iter().map(|l| l.len() + max + 4).sum();
    let mut out = String::with_capacity(text_len + 2 * (max + 4));
    out.push(' ');
    out.extend(std::iter::repeat_n('_', max + 2));
    out.push('\n');
    let empty = [String::new()];
    let shown = if lines.is_empty() { &empty[..] } else { lines };
    for (i, line) in shown.iter().enumerate() {
        let (left, right) = mode.borders(i, shown.len());
        out.push(left);
        out.push(' ');
        out.push_str(line);
        out.extend(std::iter::repeat_n(
            ' ',
            max - widths.get(i).copied().unwrap_or(0),
        ));
        out.push(' ');
        out.push(right);
        out.push('\n');
    }
    out.push(' ');
    out.extend(std::iter::repeat_n('-', max + 2));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_line_has_angle_borders() {
        assert_eq!(
            balloon(&lines(&["Hello"]), Mode::Say),
            " _______\n< Hello >\n -------\n"
        );
    }

    #[test]
    fn no_lines_is_an_empty_balloon() {
        assert_eq!(balloon(&[], Mode::Say), " __\n<  >\n --\n");
        assert_eq!(balloon(&[], Mode::Think), " __\n(  )\n --\n");
    }

    #[test]
    fn several_lines_are_padded_with_slanted_corners() {
        let drawn = balloon(&lines(&["a", "bcd", "ef"]), Mode::Say);
        assert_eq!(drawn, " _____\n/ a   \\\n| bcd |\n\\ ef  /\n -----\n");
    }

    #[test]
    fn thoughts_have_round_borders_on_every_line() {
        let drawn = balloon(&lines(&["ab", "c"]), Mode::Think);
        assert_eq!(drawn, " ____\n( ab )\n( c  )\n ----\n");
        assert_eq!(Mode::Think.thoughts(), "o");
        assert_eq!(Mode::Say.thoughts(), "\\");
    }

    #[test]
    fn accented_and_wide_text_stays_aligned() {
        let drawn = balloon(&lines(&["Un éléphant dans un boa.", "日本"]), Mode::Say);
        let expected = concat!(
            " __________________________\n",
            "/ Un éléphant dans un boa. \\\n",
            "\\ 日本                     /\n",
            " --------------------------\n"
        );
        assert_eq!(drawn, expected);
    }

    #[test]
    fn coloured_lines_are_padded_by_what_shows() {
        let drawn = balloon(&lines(&["\x1b[31mred\x1b[0m", "plain"]), Mode::Say);
        assert!(drawn.contains("/ \x1b[31mred\x1b[0m   \\\n"), "{drawn:?}");
    }
}
