//! cowsay and cowthink as Debian's cowsay 3.03 draws them, byte for byte, with Unicode-correct
//! balloons in every locale.
//!
//! The core works on strings: [`wrap`] (the message's lines), [`balloon`] (the box around
//! them), [`faces`] (eyes and tongue), [`cowfile`] (the `.cow` reader) and [`say`], which puts
//! them together. [`run`] is the program itself over injected input and output; `main.rs` only
//! hands it the process's arguments, environment and streams.

pub mod app;
pub mod balloon;
pub mod cli;
pub mod cowfile;
pub mod cowpath;
pub mod error;
pub mod faces;
pub mod width;
pub mod wrap;

pub use app::run;
pub use balloon::Mode;
pub use cowfile::{CowError, CowFile};
pub use error::Error;
pub use faces::{Face, Preset};

/// The whole drawing: the balloon around `lines` (already wrapped), then the cow.
pub fn say(lines: &[String], mode: Mode, face: &Face, cow: &CowFile) -> Result<String, CowError> {
    let mut out = balloon::balloon(lines, mode);
    out.push_str(&cow.render(face, mode.thoughts())?);
    Ok(out)
}
