//! microblog: the Flask Mega-Tutorial app in Rust. Not written yet; until it is, this binary
//! says so and fails instead of pretending to serve anything.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!("microblog: not implemented yet");
    ExitCode::FAILURE
}
