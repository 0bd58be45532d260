//! The program: arguments in, a cow out. Input and output are handed in, so that tests (the
//! differential suite among them) run it in-process.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};

use clap::Parser;

use crate::cli::Cli;
use crate::cowfile::CowFile;
use crate::cowpath::CowPath;
use crate::error::Error;
use crate::wrap::{expand_tabs, fill, wrap};

/// Debian lists cows wrapped at Text::Wrap's default 76 columns.
const LIST_COLUMNS: usize = 76;

/// Standard input's lines, without their `\n` (a `\r` stays); invalid UTF-8 is replaced.
pub fn input_lines(bytes: &[u8]) -> Vec<String> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    text.split('\n').map(String::from).collect()
}

/// Runs cowsay with `args` (the program name first), `COWPATH`'s value, and these streams.
pub fn run(
    args: Vec<OsString>,
    cowpath: Option<&OsStr>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    let cli = Cli::try_parse_from(&args)?;
    let program = args
        .first()
        .map_or(OsStr::new("cowsay"), OsString::as_os_str);
    let cows = CowPath::new(cowpath);
    let text = if cli.list {
        list(&cows)?
    } else {
        draw(&cli, program, &cows, stdin)?
    };
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Stdout)
}

/// `-l`: each directory's cows, as Debian prints them.
fn list(cows: &CowPath) -> Result<String, Error> {
    let mut out = String::new();
    for dir in cows.dirs() {
        out.push_str(&format!("Cow files in {}:\n", dir.display()));
        let names = cows.names_in(dir)?;
        out.push_str(&wrap(&names.join(" "), LIST_COLUMNS - 1).join("\n"));
        out.push('\n');
    }
    Ok(out)
}

fn draw(cli: &Cli, program: &OsStr, cows: &CowPath, stdin: &mut dyn Read) -> Result<String, Error> {
    let message = cli.message();
    if cli.no_wrap && message.is_some() {
        return Err(Error::NoWrapWithArguments);
    }
    // The cow first: a wrong name fails at once, without waiting for standard input.
    let found = cows.find(cli.cowfile.as_deref().unwrap_or(OsStr::new("default")))?;
    let cow = CowFile::parse(&found.text).map_err(|source| Error::BadCow {
        path: found.path.clone(),
        source,
    })?;
    let lines = match message {
        Some(message) => vec![message],
        None => {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map_err(Error::Stdin)?;
            input_lines(&bytes)
        }
    };
    let lines = if cli.no_wrap {
        lines.iter().map(|l| expand_tabs(l)).collect()
    } else {
        fill(&lines, cli.width)
    };
    crate::say(&lines, cli.mode(program), &cli.face(), &cow).map_err(|source| Error::BadCow {
        path: found.path,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_lines_are_chomped() {
        assert!(input_lines(b"").is_empty());
        assert_eq!(input_lines(b"\n"), [""]);
        assert_eq!(input_lines(b"a\nb"), ["a", "b"]);
        assert_eq!(input_lines(b"a\r\nb\n\n"), ["a\r", "b", ""]);
        assert_eq!(input_lines(b"caf\xe9\n"), ["caf\u{fffd}"]);
    }

    fn run_with(args: &[&str], cowpath: &str, stdin: &str) -> Result<String, Error> {
        let args = std::iter::once("cowsay").chain(args.iter().copied());
        let mut out = Vec::new();
        run(
            args.map(OsString::from).collect(),
            Some(OsStr::new(cowpath)),
            &mut stdin.as_bytes(),
            &mut out,
        )?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn cow_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cowsay-app-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("default.cow"),
            "$the_cow = <<EOC;\n $thoughts $eyes $tongue|\nEOC\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn arguments_or_standard_input() {
        let dir = cow_dir();
        let dir = dir.to_str().unwrap();
        let drawn = run_with(&["-d", "Coucou", "!"], dir, "").unwrap();
        assert_eq!(
            drawn,
            " __________\n< Coucou ! >\n ----------\n \\ xx U |\n"
        );
        let drawn = run_with(&["-n"], dir, "a\tb\n").unwrap();
        assert!(
            drawn.starts_with(" ___________\n< a       b >\n"),
            "{drawn}"
        );
        assert!(matches!(
            run_with(&["-n", "x"], dir, ""),
            Err(Error::NoWrapWithArguments)
        ));
        assert!(matches!(
            run_with(&["-f", "nope", "x"], dir, ""),
            Err(Error::UnknownCow { .. })
        ));
        let listed = run_with(&["-l"], dir, "").unwrap();
        assert_eq!(listed, format!("Cow files in {dir}:\ndefault\n"));
        assert!(matches!(
            run_with(&["-W", "x"], dir, ""),
            Err(Error::Usage(_))
        ));
    }
}
