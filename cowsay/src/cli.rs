//! The command line: Debian's options, with clap's `--help` and `--version`.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use clap::Parser;

use crate::balloon::Mode;
use crate::faces::{Face, Preset};

/// The wrap column when `-W` is not given.
pub const DEFAULT_WIDTH: usize = 40;

/// cowsay/cowthink: a cow says (or thinks) your message, as Debian's cowsay 3.03 draws it.
///
/// The message is the arguments joined by spaces, or standard input when there are none. Cows are
/// looked up in the colon-separated directories of COWPATH (default /usr/share/cowsay/cows, whose
/// cows this binary may carry built in). Called by a name containing "think", or with --think,
/// the cow thinks.
#[derive(Debug, Parser)]
#[command(name = "cowsay", version, args_override_self = true)]
pub struct Cli {
    /// Borg eyes (==)
    #[arg(short = 'b', long)]
    pub borg: bool,
    /// Dead: eyes xx and a tongue
    #[arg(short = 'd', long)]
    pub dead: bool,
    /// Greedy eyes ($$)
    #[arg(short = 'g', long)]
    pub greedy: bool,
    /// Paranoid eyes (@@)
    #[arg(short = 'p', long)]
    pub paranoid: bool,
    /// Stoned: eyes ** and a tongue
    #[arg(short = 's', long)]
    pub stoned: bool,
    /// Tired eyes (--)
    #[arg(short = 't', long)]
    pub tired: bool,
    /// Wired eyes (OO)
    #[arg(short = 'w', long)]
    pub wired: bool,
    /// Youthful eyes (..)
    #[arg(short = 'y', long)]
    pub youthful: bool,
    /// Eyes: the first two characters of EYES
    #[arg(short = 'e', long, value_name = "EYES", allow_hyphen_values = true)]
    pub eyes: Option<OsString>,
    /// Tongue: the first two characters of TONGUE
    #[arg(short = 'T', long, value_name = "TONGUE", allow_hyphen_values = true)]
    pub tongue: Option<OsString>,
    /// The cow: a name looked up in COWPATH, or a path to a .cow file (when it has a /)
    #[arg(
        short = 'f',
        long = "file",
        value_name = "COWFILE",
        allow_hyphen_values = true
    )]
    pub cowfile: Option<OsString>,
    /// List the cows of each COWPATH directory
    #[arg(short = 'l', long)]
    pub list: bool,
    /// Do not wrap: keep standard input's lines as they are (tabs expanded)
    #[arg(short = 'n', long = "no-wrap")]
    pub no_wrap: bool,
    /// Wrap lines before this column (below 2 counts as 2)
    #[arg(
        short = 'W',
        long = "width",
        value_name = "WRAPCOLUMN",
        default_value_t = DEFAULT_WIDTH,
        value_parser = parse_width,
        allow_hyphen_values = true
    )]
    pub width: usize,
    /// Think instead of saying, as cowthink does
    #[arg(long)]
    pub think: bool,
    /// Accepted and ignored, as in Debian
    #[arg(short = 'L', hide = true)]
    pub ignored_l: bool,
    /// Accepted and ignored, as in Debian
    #[arg(short = 'N', hide = true)]
    pub ignored_n: bool,
    /// The message (else standard input)
    #[arg(value_name = "MESSAGE", trailing_var_arg = true)]
    pub message: Vec<OsString>,
}

fn parse_width(value: &str) -> Result<usize, String> {
    value.trim().parse().map_err(|_| {
        format!("the wrap column is a whole number of columns, such as 40, not `{value}`")
    })
}

/// Whether a program of this name thinks: cowthink, or any name with "think" in it.
pub fn name_thinks(program: &OsStr) -> bool {
    Path::new(program)
        .file_name()
        .is_some_and(|name| name.to_string_lossy().to_lowercase().contains("think"))
}

fn lossy(s: &OsStr) -> String {
    s.to_string_lossy().into_owned()
}

impl Cli {
    /// The face modes given, in any order.
    pub fn presets(&self) -> Vec<Preset> {
        let flags = [
            self.borg,
            self.dead,
            self.greedy,
            self.paranoid,
            self.stoned,
            self.tired,
            self.wired,
            self.youthful,
        ];
        Preset::ALL
            .into_iter()
            .zip(flags)
            .filter_map(|(preset, on)| on.then_some(preset))
            .collect()
    }

    pub fn face(&self) -> Face {
        let eyes = self.eyes.as_deref().map(lossy);
        let tongue = self.tongue.as_deref().map(lossy);
        Face::new(eyes.as_deref(), tongue.as_deref(), &self.presets())
    }

    /// Say or think: `--think`, or a program name with "think" in it.
    pub fn mode(&self, program: &OsStr) -> Mode {
        if self.think || name_thinks(program) {
            Mode::Think
        } else {
            Mode::Say
        }
    }

    /// The message given as arguments, joined by single spaces (`None`: read standard input).
    pub fn message(&self) -> Option<String> {
        if self.message.is_empty() {
            return None;
        }
        let words: Vec<String> = self.message.iter().map(|w| lossy(w)).collect();
        Some(words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cowsay").chain(args.iter().copied()))
    }

    #[test]
    fn defaults() {
        let cli = parse(&[]).unwrap();
        assert_eq!(cli.width, 40);
        assert_eq!(cli.face(), Face::default());
        assert_eq!(cli.message(), None);
        assert_eq!(cli.mode(OsStr::new("cowsay")), Mode::Say);
    }

    #[test]
    fn options_bundle_and_take_attached_values() {
        let cli = parse(&["-bd", "-fstegosaurus", "-W10", "Yo!"]).unwrap();
        assert_eq!(cli.presets(), [Preset::Borg, Preset::Dead]);
        assert_eq!(cli.cowfile.as_deref(), Some(OsStr::new("stegosaurus")));
        assert_eq!(cli.width, 10);
        assert_eq!(cli.message().as_deref(), Some("Yo!"));
    }

    #[test]
    fn options_stop_at_the_first_word() {
        let cli = parse(&["Yo", "-f", "stegosaurus"]).unwrap();
        assert_eq!(cli.message().as_deref(), Some("Yo -f stegosaurus"));
        assert_eq!(cli.cowfile, None);
        let cli = parse(&["--", "-x", "-"]).unwrap();
        assert_eq!(cli.message().as_deref(), Some("-x -"));
    }

    #[test]
    fn empty_and_hyphenated_values() {
        let cli = parse(&["-e", "", "-T", "-x", "hi"]).unwrap();
        assert_eq!(cli.face().eyes, "");
        assert_eq!(cli.face().tongue, "-x");
    }

    #[test]
    fn ignored_options_are_accepted() {
        assert!(parse(&["-L", "-N", "hi"]).is_ok());
    }

    #[test]
    fn bad_width_and_unknown_options_are_errors() {
        for args in [
            &["-W", "abc"][..],
            &["-W", "3.7"],
            &["-W", "-5"],
            &["-W"],
            &["-z", "hi"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
        assert_eq!(parse(&["-W", "1"]).unwrap().width, 1);
    }

    #[test]
    fn the_program_name_decides_thinking() {
        assert!(name_thinks(OsStr::new("/usr/games/cowthink")));
        assert!(name_thinks(OsStr::new("CowThink")));
        assert!(!name_thinks(OsStr::new("/tmp/Thinker/cowsay")));
        let cli = parse(&["--think", "hmm"]).unwrap();
        assert_eq!(cli.mode(OsStr::new("cowsay")), Mode::Think);
    }
}
