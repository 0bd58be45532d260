//! The explorer's keys, as dive's: what each key press does to the [`View`].

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::view::View;

/// What the caller does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Draw again and wait for the next key.
    Continue,
    Quit,
    /// Write the selected layer's file list (the `x` key).
    Export,
    /// Show the next (`i`) or the previous (`I`) image of the session.
    NextImage,
    PreviousImage,
}

/// Applies `key` to the shown image of `views` (at `current`), switching images for `i` and `I`;
/// returns what is left for the caller: `Continue`, `Quit` or `Export`.
pub fn apply_to_session(views: &mut [View], current: &mut usize, key: KeyEvent) -> Outcome {
    let Some(view) = views.get_mut(*current) else {
        return Outcome::Quit;
    };
    match apply(view, key) {
        Outcome::NextImage => *current = (*current + 1) % views.len(),
        Outcome::PreviousImage => *current = (*current + views.len() - 1) % views.len(),
        other => return other,
    }
    Outcome::Continue
}

/// Reads a key written as `--keys` takes them: a character, `^C` for Ctrl-C, or a name (`Tab`,
/// `Enter`, `Esc`, `Space`, `Up`, `Down`, `PgUp`, `PgDn`, `Home`, `End`, `Backspace`).
pub fn parse_key(text: &str) -> Result<KeyEvent, String> {
    let plain = |code| Ok(KeyEvent::new(code, KeyModifiers::NONE));
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(c), None, _) => plain(KeyCode::Char(c)),
        (Some('^'), Some(c), None) => Ok(KeyEvent::new(
            KeyCode::Char(if c == '@' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }),
            KeyModifiers::CONTROL,
        )),
        _ => match text.to_ascii_lowercase().as_str() {
            "tab" => plain(KeyCode::Tab),
            "enter" => plain(KeyCode::Enter),
            "esc" | "escape" => plain(KeyCode::Esc),
            "space" => plain(KeyCode::Char(' ')),
            "up" => plain(KeyCode::Up),
            "down" => plain(KeyCode::Down),
            "pgup" | "pageup" => plain(KeyCode::PageUp),
            "pgdn" | "pagedown" => plain(KeyCode::PageDown),
            "home" => plain(KeyCode::Home),
            "end" => plain(KeyCode::End),
            "backspace" => plain(KeyCode::Backspace),
            _ => Err(format!(
                "`{text}` is not a key: a character, ^X for Ctrl-X, or Tab, Enter, Esc, Space, \
                 Up, Down, PgUp, PgDn, Home, End, Backspace"
            )),
        },
    }
}

/// How many rows PgUp and PgDn move.
pub const PAGE: isize = 20;

/// Applies `key` to `view`.
pub fn apply(view: &mut View, key: KeyEvent) -> Outcome {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Outcome::Quit;
    }
    if view.editing_filter {
        match key.code {
            KeyCode::Esc => {
                view.editing_filter = false;
                view.set_filter("");
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down | KeyCode::Up => {
                view.editing_filter = false
            }
            KeyCode::Backspace => view.filter_pop(),
            KeyCode::Char('f') if ctrl => view.editing_filter = false,
            KeyCode::Char(c) if !ctrl => view.filter_push(c),
            _ => {}
        }
        return Outcome::Continue;
    }
    match key.code {
        KeyCode::Char('q') if !ctrl => return Outcome::Quit,
        KeyCode::Tab | KeyCode::BackTab => view.switch_pane(),
        KeyCode::Up => view.move_by(-1),
        KeyCode::Down => view.move_by(1),
        KeyCode::Char('k') if !ctrl => view.move_by(-1),
        KeyCode::Char('j') if !ctrl => view.move_by(1),
        KeyCode::PageUp => view.move_by(-PAGE),
        KeyCode::PageDown => view.move_by(PAGE),
        KeyCode::Home | KeyCode::Char('g') => view.move_to_end(false),
        KeyCode::End | KeyCode::Char('G') => view.move_to_end(true),
        // Ctrl-Space arrives as Ctrl-@ (NUL) on most terminals.
        KeyCode::Char(' ' | '@') if ctrl => view.toggle_fold_all(),
        KeyCode::Char(' ') => {
            view.pane = crate::view::Pane::Files;
            view.toggle_fold();
        }
        KeyCode::Char('f') if ctrl => {
            view.editing_filter = true;
            view.pane = crate::view::Pane::Files;
        }
        KeyCode::Char('/') => {
            view.editing_filter = true;
            view.pane = crate::view::Pane::Files;
        }
        KeyCode::Char(c @ ('a' | 'r' | 'm' | 'u')) if ctrl => {
            view.toggle_shown(c.to_ascii_uppercase())
        }
        // Terminals send Ctrl-M as Enter (both are a carriage return).
        KeyCode::Enter => view.toggle_shown('M'),
        KeyCode::Char('x') if !ctrl => return Outcome::Export,
        KeyCode::Char('i') if !ctrl => return Outcome::NextImage,
        KeyCode::Char('I') if !ctrl => return Outcome::PreviousImage,
        _ => {}
    }
    Outcome::Continue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::tests::{lines, sample};
    use crate::view::Pane;

    fn press(view: &mut View, keys: &[(KeyCode, KeyModifiers)]) -> Outcome {
        let mut outcome = Outcome::Continue;
        for (code, modifiers) in keys {
            outcome = apply(view, KeyEvent::new(*code, *modifiers));
        }
        outcome
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    #[test]
    fn dives_keys_move_fold_filter_and_quit() {
        let mut view = sample();
        press(
            &mut view,
            &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
        );
        assert_eq!(view.layer, 2);
        press(
            &mut view,
            &[(KeyCode::Char('k'), NONE), (KeyCode::Tab, NONE)],
        );
        assert_eq!((view.layer, view.pane), (1, Pane::Files));
        press(&mut view, &[(KeyCode::Char('u'), CTRL)]);
        assert!(view.only_changes());
        press(&mut view, &[(KeyCode::Char(' '), NONE)]);
        assert_eq!(lines(&view)[0], "A tmp/+ 500");
        press(&mut view, &[(KeyCode::Char(' '), CTRL)]);
        assert!(view.rows.iter().all(|r| r.folded));
        press(&mut view, &[(KeyCode::Char('@'), CTRL)]);
        assert!(view.rows.iter().all(|r| !r.folded));
        press(
            &mut view,
            &[
                (KeyCode::Char('f'), CTRL),
                (KeyCode::Char('l'), NONE),
                (KeyCode::Char('s'), NONE),
                (KeyCode::Char('x'), NONE),
                (KeyCode::Backspace, NONE),
            ],
        );
        assert_eq!(view.filter, "ls");
        assert!(view.editing_filter);
        press(&mut view, &[(KeyCode::Enter, NONE)]);
        assert!(!view.editing_filter);
        assert_eq!(lines(&view).last().unwrap(), "    M ls 60");
        press(
            &mut view,
            &[(KeyCode::Char('/'), NONE), (KeyCode::Esc, NONE)],
        );
        assert_eq!(view.filter, "");
        assert_eq!(
            press(&mut view, &[(KeyCode::Char('x'), NONE)]),
            Outcome::Export
        );
        assert_eq!(
            press(&mut view, &[(KeyCode::Char('q'), NONE)]),
            Outcome::Quit
        );
        assert_eq!(
            press(&mut view, &[(KeyCode::Char('c'), CTRL)]),
            Outcome::Quit
        );
        view.editing_filter = true;
        assert_eq!(
            press(&mut view, &[(KeyCode::Char('q'), NONE)]),
            Outcome::Continue
        );
        assert_eq!(view.filter, "q", "q is typed into the filter");
        assert_eq!(
            press(&mut view, &[(KeyCode::Char('c'), CTRL)]),
            Outcome::Quit
        );
    }

    #[test]
    fn i_switches_images_and_each_keeps_its_place() {
        let mut views = vec![sample(), sample()];
        let mut current = 0;
        let key = |c| KeyEvent::new(KeyCode::Char(c), NONE);
        apply_to_session(&mut views, &mut current, key('j'));
        assert_eq!(
            apply_to_session(&mut views, &mut current, key('i')),
            Outcome::Continue
        );
        assert_eq!(current, 1);
        apply_to_session(&mut views, &mut current, key('G'));
        apply_to_session(&mut views, &mut current, key('i'));
        assert_eq!((current, views[0].layer, views[1].layer), (0, 1, 3));
        apply_to_session(&mut views, &mut current, key('I'));
        assert_eq!(current, 1);
        assert_eq!(
            apply_to_session(&mut views, &mut current, key('q')),
            Outcome::Quit
        );
        assert_eq!(apply_to_session(&mut [], &mut 0, key('j')), Outcome::Quit);
    }

    #[test]
    fn keys_are_read_by_name() {
        let key = |t: &str| parse_key(t).map(|k| (k.code, k.modifiers));
        assert_eq!(key("j"), Ok((KeyCode::Char('j'), NONE)));
        assert_eq!(key("^U"), Ok((KeyCode::Char('u'), CTRL)));
        assert_eq!(key("^@"), Ok((KeyCode::Char(' '), CTRL)));
        assert_eq!(key("Tab"), Ok((KeyCode::Tab, NONE)));
        assert_eq!(key("pgdn"), Ok((KeyCode::PageDown, NONE)));
        assert!(key("Hyper-Q").unwrap_err().contains("not a key"));
    }

    #[test]
    fn ctrl_m_arrives_as_enter_and_toggles_modified_paths() {
        let mut view = sample();
        press(&mut view, &[(KeyCode::Enter, NONE)]);
        assert!(!view.shown.modified);
        press(&mut view, &[(KeyCode::Char('m'), CTRL)]);
        assert!(view.shown.modified);
    }

    #[test]
    fn paging_and_ends() {
        let mut view = sample();
        press(
            &mut view,
            &[(KeyCode::Tab, NONE), (KeyCode::PageDown, NONE)],
        );
        assert_eq!(view.cursor, view.rows.len() - 1);
        press(&mut view, &[(KeyCode::Home, NONE)]);
        assert_eq!(view.cursor, 0);
        press(&mut view, &[(KeyCode::Char('G'), NONE)]);
        assert_eq!(view.cursor, view.rows.len() - 1);
        press(&mut view, &[(KeyCode::PageUp, NONE), (KeyCode::F(5), NONE)]);
        assert_eq!(view.cursor, 0);
    }
}
