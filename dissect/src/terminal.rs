//! Running the explorer on a real terminal: raw mode and the alternate screen (always given back,
//! on errors too), keys and resizes from crossterm, a redraw after each.

use std::io::{self, Write};
use std::path::Path;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::export::write_layer_list;
use crate::keys::{apply_to_session, Outcome};
use crate::screen::draw;
use crate::view::View;
use crate::Error;

/// Gives the terminal back as it was when dropped.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = disable_raw_mode();
        let _ = execute!(io::stdout(), LeaveAlternateScreen);
    }
}

fn terminal_error(source: io::Error) -> Error {
    Error::Terminal(source)
}

/// Runs the explorer on `views` (`i` goes from one to the next) until `q` or Ctrl-C; `status` is
/// shown first in the key line.
pub fn run(mut views: Vec<View>, status: String) -> Result<(), Error> {
    let mut current = 0;
    enable_raw_mode().map_err(terminal_error)?;
    let restore = Restore;
    execute!(io::stdout(), EnterAlternateScreen).map_err(terminal_error)?;
    let mut terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).map_err(terminal_error)?;
    let mut status = status;
    while let Some(view) = views.get_mut(current) {
        terminal
            .draw(|frame| draw(frame, view, &status))
            .map_err(terminal_error)?;
        match event::read().map_err(terminal_error)? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                status.clear();
                match apply_to_session(&mut views, &mut current, key) {
                    Outcome::Quit => break,
                    Outcome::Export => {
                        status = match write_layer_list(&views[current], Path::new(".")) {
                            Ok(path) => format!("wrote {}", path.display()),
                            Err(e) => format!("cannot export: {e}"),
                        }
                    }
                    _ => {}
                }
            }
            // A resize is drawn at the new size on the next turn.
            _ => {}
        }
    }
    drop(terminal);
    drop(restore);
    io::stdout().flush().map_err(terminal_error)
}
