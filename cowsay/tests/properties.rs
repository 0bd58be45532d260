//! Properties of the pure core on generated input: wrapping keeps every word and respects the
//! width, balloons are rectangular, and no input (message, cow file, command line) panics.

use std::ffi::OsString;

use cowsay::balloon::{balloon, Mode};
use cowsay::width::{units, width};
use cowsay::wrap::{expand_tabs, fill};
use cowsay::{CowFile, Face};
use proptest::prelude::*;

/// Text with the characters that matter: spaces, tabs, newlines, wide, combining, colour codes.
fn message() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z0-9.,!?]{1,12}",
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("éléphant".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("日本語".to_owned()),
        Just("👨\u{200d}👩\u{200d}👧".to_owned()),
        Just("\x1b[31m".to_owned()),
        Just("\x1b[0m".to_owned()),
        Just("\x1b".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #[test]
    fn wrapping_keeps_every_character_and_the_width(text in message(), columns in 0usize..90) {
        let lines: Vec<String> = text.split('\n').map(String::from).collect();
        let wrapped = fill(&lines, columns);
        prop_assert_eq!(without_spaces(&wrapped.concat()), without_spaces(&text));
        let line_max = columns.max(2) - 1;
        for line in &wrapped {
            prop_assert!(!line.contains(['\n', '\t']), "{:?}", line);
            // A paragraph's last line may keep one trailing space; a single character wider
            // than the line goes out alone.
            let body = line.strip_suffix(' ').unwrap_or(line);
            prop_assert!(
                width(body) <= line_max || units(body).len() == 1,
                "{:?} is {} columns at -W {}", line, width(line), columns
            );
        }
        prop_assert!(wrapped.last().is_none_or(|l| !l.is_empty()));
    }

    #[test]
    fn tabs_expand_to_the_next_stop(text in "[a-z\t]{0,30}") {
        let expanded = expand_tabs(&text);
        prop_assert!(!expanded.contains('\t'));
        prop_assert_eq!(without_spaces(&expanded), without_spaces(&text));
        if text.ends_with('\t') {
            prop_assert_eq!(width(&expanded) % 8, 0);
        }
    }

    #[test]
    fn balloons_are_rectangular(text in message(), think in any::<bool>()) {
        let lines: Vec<String> = text.split('\n').map(expand_tabs).collect();
        let mode = if think { Mode::Think } else { Mode::Say };
        let drawn = balloon(&lines, mode);
        let rows: Vec<&str> = drawn.strip_suffix('\n').unwrap().split('\n').collect();
        let inner = width(rows[0]) + 1;
        for row in &rows[1..rows.len() - 1] {
            prop_assert_eq!(width(row), inner, "{:?}", drawn);
        }
        prop_assert_eq!(width(rows[rows.len() - 1]) + 1, inner);
    }

    #[test]
    fn any_cow_file_is_read_or_refused(source in any::<String>(), eyes in ".{0,2}") {
        if let Ok(cow) = CowFile::parse(&source) {
            let face = Face { eyes, tongue: "U ".into() };
            let _ = cow.render(&face, "\\");
        }
    }

    #[test]
    fn heredocs_with_any_art_are_read_or_refused(
        body in proptest::collection::vec(
            prop_oneof![
                Just("$"), Just("\\"), Just("@"), Just("{"), Just("}"), Just("["), Just("."),
                Just(" "), Just("\n"), Just("eyes"), Just("thoughts"), Just("EOC"), Just("x"),
                Just("#"), Just("\""), Just("'"), Just("<<"), Just(";"), Just("chop("), Just(")"),
            ],
            0..60,
        ),
        opener in prop_oneof![Just("<<EOC;"), Just("<<\"EOC\";"), Just("<<'EOC'"), Just("<<EOC")],
    ) {
        let source = format!("$the_cow = {opener}\n{}\nEOC\n", body.concat());
        if let Ok(cow) = CowFile::parse(&source) {
            let _ = cow.render(&Face::default(), "o");
        }
    }

    #[test]
    fn any_command_line_and_input_is_drawn_or_refused(
        args in proptest::collection::vec(
            prop_oneof![
                Just("-f".to_owned()), Just("-W".to_owned()), Just("-n".to_owned()),
                Just("-e".to_owned()), Just("-T".to_owned()), Just("-bdgpstwy".to_owned()),
                Just("--think".to_owned()), Just("--".to_owned()), Just("0".to_owned()),
                Just("1".to_owned()), Just("".to_owned()), Just("default".to_owned()),
                "[-a-z0-9 ]{0,6}",
            ],
            0..8,
        ),
        stdin in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let argv: Vec<OsString> = std::iter::once("cowsay".to_owned())
            .chain(args)
            .map(OsString::from)
            .collect();
        let mut out = Vec::new();
        let result = cowsay::run(argv, None, &mut stdin.as_slice(), &mut out);
        if result.is_err() {
            prop_assert!(out.is_empty());
        }
    }
}
