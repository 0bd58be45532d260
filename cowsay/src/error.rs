//! The one error type, and how each error is reported: its message and the exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::cowfile::CowError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad command line, or `--help`/`--version` (clap's own text).
    #[error(transparent)]
    Usage(#[from] clap::Error),
    #[error("Could not find {name} cowfile!{}", did_you_mean(.suggestions))]
    UnknownCow {
        name: String,
        suggestions: Vec<String>,
    },
    #[error("cannot read the cow file {}: {source}", .path.display())]
    ReadCow { path: PathBuf, source: io::Error },
    #[error("cannot use the cow file {}: {source}", .path.display())]
    BadCow { path: PathBuf, source: CowError },
    #[error("cannot list the cows of {}: {source}", .dir.display())]
    ListCows { dir: PathBuf, source: io::Error },
    #[error("-n keeps the lines of standard input as they are: pipe the message in instead of giving it as arguments")]
    NoWrapWithArguments,
    #[error("cannot read standard input: {0}")]
    Stdin(io::Error),
    #[error("cannot write: {0}")]
    Stdout(io::Error),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(
            " Did you mean: {}? (cowsay -l lists them all)",
            suggestions.join(", ")
        )
    }
}

impl Error {
    /// 0 for `--help`, `--version` and a reader that went away (`cowsay | head -1`), else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(e) if !e.use_stderr() => 0,
            Error::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            _ => 1,
        }
    }

    /// Prints what went wrong (clap prints its own text, help included) and gives the exit code.
    pub fn report(&self, program: &str) -> u8 {
        match self {
            Error::Usage(e) => {
                let _ = e.print();
            }
            Error::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            other => {
                let _ = writeln!(io::stderr().lock(), "{program}: {other}");
            }
        }
        self.exit_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_cow_reads_like_debian_plus_suggestions() {
        let e = Error::UnknownCow {
            name: "stegosorus".into(),
            suggestions: vec!["stegosaurus".into()],
        };
        assert_eq!(
            e.to_string(),
            "Could not find stegosorus cowfile! Did you mean: stegosaurus? (cowsay -l lists them all)"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Error::NoWrapWithArguments.exit_code(), 1);
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(Error::Stdout(pipe).exit_code(), 0);
        let full = io::Error::other("disk full");
        assert_eq!(Error::Stdout(full).exit_code(), 1);
    }
}
