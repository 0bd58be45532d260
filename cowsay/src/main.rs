//! cowsay and cowthink, matching Debian's cowsay. Not written yet; until it is, this binary says
//! so and fails instead of printing a cow it cannot draw faithfully.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!("cowsay: not implemented yet");
    ExitCode::FAILURE
}
