use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::analysis::analyze;
use crate::ci::{self, Thresholds};
use crate::layer::LayerFiles;
use crate::report::{self, ImageReport, Summary, TextOptions};
use crate::source::Source;
use crate::tarball::{Limits, DEFAULT_MAX_ENTRIES};
use crate::units::parse_bytes;
use crate::Error;

/// Exit code: all went well (and, with `--ci`, every rule passed).
pub const EXIT_OK: u8 = 0;
/// Exit code: an error (bad usage, unreadable or hostile input, docker failing).
pub const EXIT_ERROR: u8 = 1;
/// Exit code: `--ci` and at least one rule failed.
pub const EXIT_CI_FAILED: u8 = 2;

const FORMULAS: &str = "\
How the numbers are computed (content bytes of regular files, as in the layer tars):
  size            sum of the bytes of every file of every layer (each version counts)
  wasted          bytes of the file versions that a later layer overwrites or deletes
                  (whiteouts .wh.NAME, opaque directories .wh..wh..opq, files under a deleted
                  directory): shipped in the image, never seen by a container
  efficiency      (size - wasted) / size, 1 for an image without bytes
  wasted percent  100 × wasted / (size - size of the first layer), at most 100
                  (the first layer stands for the base image, as in dive)
dive's efficiency counts an overwritten file at its smallest version instead; dissect counts
the bytes that are really hidden.

Exit codes: 0 ok, 1 error, 2 a --ci rule failed.

Examples:
  docker save -o image.tar healthapp && dissect image.tar
  dissect --image healthapp
  docker save healthapp | dissect - --json
  dissect --image myapp --ci --lowest-efficiency 0.95 --highest-wasted-bytes 5MB
  dissect compare --image debian:bookworm-slim --image healthapp";

#[derive(Debug, Parser)]
#[command(
    name = "dissect",
    version,
    about = "What each layer of a Docker image adds, changes, removes and wastes, from `docker save`",
    after_help = FORMULAS,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub analyze: AnalyzeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One table for several images: size, layers, files, wasted bytes, efficiency.
    Compare(CompareArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// A tarball written by `docker save` (plain or gzip-compressed), or `-` for standard input.
    #[arg(value_name = "TARBALL", conflicts_with = "image")]
    pub tarball: Option<PathBuf>,

    /// Run `docker save IMAGE` and read its output as it streams (no temporary file); IMAGE
    /// without a tag means IMAGE:latest.
    #[arg(long, short = 'i', value_name = "IMAGE")]
    pub image: Option<String>,

    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,

    /// Check the rules below and exit 2 if one fails.
    #[arg(long)]
    pub ci: bool,

    /// --ci: fail below this efficiency (0 to 1), or `off`.
    #[arg(long, value_name = "RATIO", default_value_t = Limit(Some(ci::DEFAULT_LOWEST_EFFICIENCY)), value_parser = parse_ratio)]
    pub lowest_efficiency: Limit<f64>,

    /// --ci: fail above this many wasted bytes (20MB, 512KiB, 1048576…), or `off`.
    #[arg(long, value_name = "BYTES", default_value = "20MB", value_parser = parse_byte_limit)]
    pub highest_wasted_bytes: Limit<u64>,

    /// --ci: fail above this wasted percent (0 to 100), or `off`.
    #[arg(long, value_name = "PERCENT", default_value_t = Limit(Some(ci::DEFAULT_HIGHEST_WASTED_PERCENT)), value_parser = parse_percent)]
    pub highest_wasted_percent: Limit<f64>,

    /// How many of the most wasted files to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// List every path each layer adds (A), changes (M) and removes (D).
    #[arg(long)]
    pub changes: bool,

    /// Print commands whole instead of cutting them.
    #[arg(long)]
    pub no_trunc: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Tarballs written by `docker save` (`-` for standard input).
    #[arg(value_name = "TARBALL")]
    pub tarballs: Vec<PathBuf>,

    /// Images of the local engine, each read through `docker save` (repeatable); listed after
    /// the tarballs.
    #[arg(long = "image", short = 'i', value_name = "IMAGE")]
    pub images: Vec<String>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Refuse archives whose layers hold more entries than this (each costs memory).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ENTRIES)]
    pub max_entries: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_entries: self.max_entries,
            ..Limits::default()
        }
    }
}

/// A threshold, or `off`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit<T>(pub Option<T>);

impl<T: std::fmt::Display> std::fmt::Display for Limit<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(value) => value.fmt(f),
            None => f.write_str("off"),
        }
    }
}

fn parse_limit<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Limit<T>, String> {
    match text.trim() {
        "off" | "none" | "disabled" => Ok(Limit(None)),
        value => parse(value).map(|v| Limit(Some(v))),
    }
}

fn parse_number_within(text: &str, low: f64, high: f64) -> Result<f64, String> {
    match f64::from_str(text) {
        Ok(value) if (low..=high).contains(&value) => Ok(value),
        _ => Err(format!(
            "`{text}` must be a number from {low} to {high}, or off"
        )),
    }
}

fn parse_ratio(text: &str) -> Result<Limit<f64>, String> {
    parse_limit(text, |t| parse_number_within(t, 0.0, 1.0))
}

fn parse_percent(text: &str) -> Result<Limit<f64>, String> {
    parse_limit(text, |t| {
        parse_number_within(t.strip_suffix('%').unwrap_or(t).trim(), 0.0, 100.0)
    })
}

fn parse_byte_limit(text: &str) -> Result<Limit<u64>, String> {
    parse_limit(text, parse_bytes)
}

impl AnalyzeArgs {
    fn source(&self) -> Result<Source, Error> {
        match (&self.tarball, &self.image) {
            (Some(path), None) => Ok(source_of(path)),
            (None, Some(image)) => Ok(Source::docker(image)),
            _ => Err(Error::Invalid(
                "give a tarball written by `docker save` (- for standard input), or --image IMAGE \
                 (see --help)"
                    .into(),
            )),
        }
    }

    fn thresholds(&self) -> Thresholds {
        Thresholds {
            lowest_efficiency: self.lowest_efficiency.0,
            highest_wasted_bytes: self.highest_wasted_bytes.0,
            highest_wasted_percent: self.highest_wasted_percent.0,
        }
    }
}

fn source_of(path: &Path) -> Source {
    if path.as_os_str() == "-" {
        Source::Stdin
    } else {
        Source::File(path.to_path_buf())
    }
}

/// Reads `source` and runs `each` on the report of every image it holds.
fn for_each_image(
    source: &Source,
    limits: &Limits,
    mut each: impl FnMut(&crate::archive::SavedImage<'_>, Vec<&LayerFiles>) -> ImageReport,
) -> Result<Vec<ImageReport>, Error> {
    // Errors that already say where they come from are left as they are.
    let in_source = |e: Error| match e {
        Error::Open { .. }
        | Error::BadImageName(_)
        | Error::DockerSpawn { .. }
        | Error::DockerSave { .. } => e,
        e => Error::In {
            origin: source.to_string(),
            error: Box::new(e),
        },
    };
    let archive = source.load(limits).map_err(in_source)?;
    let images = archive.images().map_err(in_source)?;
    Ok(images
        .iter()
        .map(|image| each(image, image.layers.iter().map(|l| l.files).collect()))
        .collect())
}

#[derive(Serialize)]
struct JsonImages<'a, T> {
    images: &'a [T],
}

fn run_analyze(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let source = args.source()?;
    let thresholds = args.thresholds();
    let label = source.to_string();
    let reports = for_each_image(&source, &args.limits.limits(), |image, layers| {
        let analysis = analyze(&layers, args.changes);
        let ci = args.ci.then(|| ci::evaluate(&analysis, &thresholds));
        ImageReport::new(&label, image, analysis, args.top, ci)
    })?;
    if args.json {
        write_json(out, &JsonImages { images: &reports })?;
    } else {
        let options = TextOptions {
            no_trunc: args.no_trunc,
        };
        for (i, report) in reports.iter().enumerate() {
            let gap = if i > 0 { "\n" } else { "" };
            write!(out, "{gap}{}", report::render(report, options)).map_err(Error::Output)?;
        }
    }
    let failed = reports
        .iter()
        .any(|r| r.ci.as_ref().is_some_and(|ci| !ci.passed));
    Ok(if failed { EXIT_CI_FAILED } else { EXIT_OK })
}

fn run_compare(args: &CompareArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let sources: Vec<Source> = args
        .tarballs
        .iter()
        .map(|p| source_of(p))
        .chain(args.images.iter().map(|image| Source::docker(image)))
        .collect();
    if sources.is_empty() {
        return Err(Error::Invalid(
            "compare needs tarballs or --image IMAGE, at least one".into(),
        ));
    }
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(Error::Invalid(
            "standard input (-) can be read only once".into(),
        ));
    }
    let limits = args.limits.limits();
    let mut summaries: Vec<Summary> = Vec::new();
    for source in &sources {
        let label = source.to_string();
        let reports = for_each_image(source, &limits, |image, layers| {
            ImageReport::new(&label, image, analyze(&layers, false), 0, None)
        })?;
        summaries.extend(reports.into_iter().map(|r| r.summary));
    }
    if args.json {
        write_json(out, &JsonImages { images: &summaries })?;
    } else {
        out.write_all(report::render_comparison(&summaries).as_bytes())
            .map_err(Error::Output)?;
    }
    Ok(EXIT_OK)
}

fn write_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| Error::Output(e.into()))?;
    writeln!(out).map_err(Error::Output)
}

/// Runs dissect with the command line `args` (program name first), writing the report to `out`
/// and errors to `err`; returns the exit code ([`EXIT_OK`], [`EXIT_ERROR`], [`EXIT_CI_FAILED`]).
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output and succeed; usage errors are errors (clap
            // would exit 2, which dissect keeps for failed CI rules).
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = err.write_all(text.as_bytes());
                EXIT_ERROR
            } else {
                let _ = out.write_all(text.as_bytes());
                EXIT_OK
            };
        }
    };
    let result = match &cli.command {
        Some(Command::Compare(args)) => run_compare(args, out),
        None => run_analyze(&cli.analyze, out),
    };
    let _ = out.flush();
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "dissect: {e}");
            EXIT_ERROR
        }
    }
}
