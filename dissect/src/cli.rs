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
use crate::view::View;
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
    /// Explore an image as dive does: its layers, the file tree as of each layer with what the
    /// layer added (A), modified (M) and removed (R), the wasted files. On a terminal; elsewhere
    /// it prints the report.
    Explore(ExploreArgs),
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
pub struct ExploreArgs {
    /// A tarball written by `docker save` (`-` for standard input), or else an image of the local
    /// engine, read through `docker save` (an existing file of that name wins). Several are
    /// compared: `i` goes from one to the next, layers they share are marked `=`.
    #[arg(value_name = "IMAGE|ARCHIVE", required = true)]
    pub targets: Vec<PathBuf>,

    /// Print the first screen as plain text, COLSxROWS (`120x40`), and exit: a screenshot for a
    /// document or a script.
    #[arg(long, value_name = "COLSxROWS", value_parser = parse_screen_size)]
    pub screenshot: Option<(u16, u16)>,

    /// With --screenshot: keys pressed first, separated by spaces, as `G Tab ^U` (a character,
    /// ^X for Ctrl-X, or Tab, Enter, Esc, Space, Up, Down, PgUp, PgDn, Home, End, Backspace).
    #[arg(
        long,
        value_name = "KEYS",
        requires = "screenshot",
        allow_hyphen_values = true
    )]
    pub keys: Option<String>,

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

fn parse_screen_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || format!("`{text}` is not COLSxROWS, such as 120x40");
    let (cols, rows) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let number = |t: &str| {
        t.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
    };
    Ok((number(cols).ok_or_else(bad)?, number(rows).ok_or_else(bad)?))
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

/// An `explore` target: the archive to read, and the same target as `dissect`'s own arguments.
fn explore_source(target: &Path) -> Result<(Source, Vec<OsString>), Error> {
    if target.as_os_str() == "-" || target.is_file() {
        let args = vec!["--".into(), target.as_os_str().to_owned()];
        return Ok((source_of(target), args));
    }
    match target.to_str() {
        Some(image) => Ok((Source::docker(image), vec!["--image".into(), image.into()])),
        None => Err(Error::BadImageName(target.to_string_lossy().into_owned())),
    }
}

fn run_explore(args: &ExploreArgs, out: &mut dyn Write, interactive: bool) -> Result<u8, Error> {
    let targets = args
        .targets
        .iter()
        .map(|t| explore_source(t))
        .collect::<Result<Vec<_>, _>>()?;
    if targets.iter().filter(|(s, _)| *s == Source::Stdin).count() > 1 {
        return Err(Error::Invalid(
            "standard input (-) can be read only once".into(),
        ));
    }
    let keys = args
        .keys
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(crate::keys::parse_key)
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Invalid)?;
    if !interactive && args.screenshot.is_none() {
        // Not on a terminal: the report `dissect TARGET` prints, for scripts and pipes.
        let mut code = EXIT_OK;
        for (i, (_, report_args)) in targets.into_iter().enumerate() {
            if i > 0 {
                writeln!(out).map_err(Error::Output)?;
            }
            let cli =
                Cli::try_parse_from(std::iter::once(OsString::from("dissect")).chain(report_args))
                    .map_err(|e| Error::Invalid(e.to_string()))?;
            code = code.max(run_analyze(&cli.analyze, out)?);
        }
        return Ok(code);
    }
    let mut views = Vec::new();
    for (source, _) in &targets {
        let label = source.to_string();
        let in_source = |e: Error| match e {
            Error::Open { .. }
            | Error::BadImageName(_)
            | Error::DockerSpawn { .. }
            | Error::DockerSave { .. } => e,
            e => Error::In {
                origin: label.clone(),
                error: Box::new(e),
            },
        };
        // Each archive is dropped once its images are indexed.
        let archive = source.load(&args.limits.limits()).map_err(in_source)?;
        let images = archive.images().map_err(in_source)?;
        views.extend(images.iter().map(|image| View::new(&label, image)));
    }
    crate::view::compare(&mut views);
    let mut current = 0;
    for key in keys {
        if crate::keys::apply_to_session(&mut views, &mut current, key)
            == crate::keys::Outcome::Quit
        {
            break;
        }
    }
    match args.screenshot {
        Some((cols, rows)) => {
            let Some(view) = views.get_mut(current) else {
                return Err(Error::Invalid("no image to show".into()));
            };
            let text = crate::screen::screenshot(view, cols, rows)?;
            out.write_all(text.as_bytes()).map_err(Error::Output)?;
        }
        None => crate::terminal::run(views, String::new())?,
    }
    Ok(EXIT_OK)
}

fn write_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| Error::Output(e.into()))?;
    writeln!(out).map_err(Error::Output)
}

/// Runs dissect with the command line `args` (program name first), writing the report to `out`
/// and errors to `err`; returns the exit code ([`EXIT_OK`], [`EXIT_ERROR`], [`EXIT_CI_FAILED`]).
/// `explore` prints the report here, as for a pipe: see [`run_on`].
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_on(args, out, err, false)
}

/// [`run`], saying whether standard output is a terminal (`explore` takes it over then).
pub fn run_on<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, interactive: bool) -> u8
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
        Some(Command::Explore(args)) => run_explore(args, out, interactive),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::testing::{classic_archive, oci_archive, Tar};

    /// Runs dissect; returns (exit code, standard output, standard error).
    fn dissect(args: &[&str]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            std::iter::once("dissect").chain(args.iter().copied()),
            &mut out,
            &mut err,
        );
        let text = |bytes| String::from_utf8(bytes).unwrap();
        (code, text(out), text(err))
    }

    /// A classic archive whose second layer adds 1000 bytes that the third deletes.
    fn wasteful(dir: &Path) -> String {
        let layers = [
            Tar::new().file("bin/app", &[1; 9000]).finish(),
            Tar::new().dir("tmp").file("tmp/blob", &[2; 1000]).finish(),
            Tar::new().dir("tmp").file("tmp/.wh.blob", b"").finish(),
        ];
        let steps = [
            ("/bin/sh -c #(nop) COPY app /bin/app", false),
            ("/bin/sh -c head -c 1000 /dev/zero > /tmp/blob", false),
            ("/bin/sh -c rm /tmp/blob", false),
        ];
        let path = dir.join("wasteful.tar");
        std::fs::write(&path, classic_archive(&layers, &steps)).unwrap();
        path.to_str().unwrap().to_owned()
    }

    #[test]
    fn reports_layers_commands_and_wasted_files() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        let (code, out, err) = dissect(&[&tar]);
        assert_eq!((code, err.as_str()), (EXIT_OK, ""));
        for expected in [
            "test:latest (classic docker save layout, from ",
            "10.0 kB in 3 layers, 1 file · wasted 1.0 kB (100.0 % of the layers above the first) · efficiency 90.0 %",
            "COPY app /bin/app",
            "RUN head -c 1000 /dev/zero > /tmp/blob",
            "RUN rm /tmp/blob",
            "1.0 kB         1  tmp/blob",
        ] {
            assert!(out.contains(expected), "no `{expected}` in:\n{out}");
        }
        let (_, out, _) = dissect(&[&tar, "--changes"]);
        assert!(
            out.contains("A tmp/blob (1.0 kB)") && out.contains("D tmp/blob"),
            "{out}"
        );
    }

    #[test]
    fn json_output_has_the_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        let (code, out, _) = dissect(&[&tar, "--json"]);
        assert_eq!(code, EXIT_OK);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let image = &json["images"][0];
        assert_eq!(image["image"], "test:latest");
        assert_eq!(image["layout"], "classic");
        assert_eq!(image["layers"], 3);
        assert_eq!(image["wasted_bytes"], 1000);
        assert_eq!(image["efficiency"], 0.9);
        assert_eq!(image["wasted_files"][0]["path"], "tmp/blob");
        assert_eq!(image["layer_details"][1]["wasted_later"], 1000);
        assert_eq!(image["layer_details"][2]["removed"], 1);
        assert!(image.get("ci").is_none());
    }

    #[test]
    fn ci_fails_with_exit_2_and_one_line_per_failed_rule() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        // Defaults: efficiency 0.9 passes (exactly), 1 kB is under 20 MB, 100 % is over 10 %.
        let (code, out, _) = dissect(&[&tar, "--ci"]);
        assert_eq!(code, EXIT_CI_FAILED, "{out}");
        assert!(out.contains("PASS  --lowest-efficiency"), "{out}");
        assert!(out.contains("FAIL  --highest-wasted-percent: wasted share of the layers above the first, 100.0 %, is over the highest allowed, 10.0 %"), "{out}");
        assert!(
            out.contains("CI result: FAIL (1 of 3 rules failed)"),
            "{out}"
        );

        let strict = [
            &tar,
            "--ci",
            "--lowest-efficiency",
            "0.95",
            "--highest-wasted-bytes",
            "999",
        ];
        let (code, out, _) = dissect(&strict);
        assert_eq!(code, EXIT_CI_FAILED);
        assert!(
            out.contains("CI result: FAIL (3 of 3 rules failed)"),
            "{out}"
        );

        let loose = [
            &tar,
            "--ci",
            "--highest-wasted-percent",
            "off",
            "--highest-wasted-bytes",
            "1kB",
        ];
        let (code, out, _) = dissect(&loose);
        assert_eq!(code, EXIT_OK, "{out}");
        assert!(out.contains("OFF   --highest-wasted-percent") && out.contains("CI result: PASS"));

        let (code, out, _) = dissect(&[&tar, "--ci", "--json", "--highest-wasted-percent", "100%"]);
        assert_eq!(code, EXIT_OK);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["images"][0]["ci"]["passed"], true);
        assert_eq!(json["images"][0]["ci"]["rules"][2]["status"], "pass");
    }

    #[test]
    fn compare_puts_images_in_one_table() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        let oci = dir.path().join("oci.tar");
        let layer = Tar::new().file("app", &[0; 2000]).finish();
        std::fs::write(
            &oci,
            oci_archive(&[layer], &[("COPY app /", false)], true, false),
        )
        .unwrap();
        let oci = oci.to_str().unwrap();
        let (code, out, err) = dissect(&["compare", &tar, oci]);
        assert_eq!(code, EXIT_OK, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].contains("image") && lines[0].contains("efficiency"));
        assert!(lines[1].starts_with("  test:latest ") && lines[1].ends_with("90.0 %"));
        assert!(
            lines[2].starts_with("  docker.io/library/test:oci ") && lines[2].ends_with("100.0 %")
        );
        let (_, out, _) = dissect(&["compare", "--json", oci]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["images"][0]["size_bytes"], 2000);
        assert!(json["images"][0].get("layer_details").is_none());
    }

    #[test]
    fn errors_exit_1_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.tar");
        let (code, _, err) = dissect(&[missing.to_str().unwrap()]);
        assert_eq!(code, EXIT_ERROR);
        assert!(
            err.starts_with("dissect: cannot open ") && err.contains("missing.tar"),
            "{err}"
        );

        let cut = dir.path().join("cut.tar");
        let bytes = std::fs::read(wasteful(dir.path())).unwrap();
        std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
        let (code, _, err) = dissect(&[cut.to_str().unwrap()]);
        assert_eq!(code, EXIT_ERROR);
        assert!(
            err.contains("cut.tar: the archive ends early: the file is truncated"),
            "{err}"
        );

        for args in [
            &[][..],
            &["a.tar", "--image", "x"],
            &["--bogus"],
            &["x.tar", "--lowest-efficiency", "2"],
            &["x.tar", "--highest-wasted-percent", "101"],
            &["x.tar", "--highest-wasted-bytes", "lots"],
            &["compare"],
            &["compare", "-", "-"],
        ] {
            let (code, out, err) = dissect(args);
            assert_eq!(code, EXIT_ERROR, "{args:?}: {out}");
            assert!(!err.is_empty(), "{args:?}");
        }
    }

    #[test]
    fn explore_prints_the_report_off_a_terminal_and_a_screenshot_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        let (code, report, _) = dissect(&[&tar]);
        assert_eq!(code, EXIT_OK);
        assert_eq!(
            dissect(&["explore", &tar]),
            (EXIT_OK, report, String::new())
        );
        let (code, screen, err) = dissect(&["explore", &tar, "--screenshot", "100x20"]);
        assert_eq!((code, err.as_str()), (EXIT_OK, ""));
        assert_eq!(screen.lines().count(), 20, "{screen}");
        for expected in [
            "Layers (3)",
            "RUN rm /tmp/blob",
            "Files as of layer 0",
            "bin/",
            "Efficiency 90.0 %",
        ] {
            assert!(screen.contains(expected), "no `{expected}` in:\n{screen}");
        }
        let (code, screen, _) = dissect(&[
            "explore",
            &tar,
            "--screenshot",
            "100x20",
            "--keys",
            "G Tab ^U",
        ]);
        assert_eq!(code, EXIT_OK);
        assert!(
            screen.contains("Files as of layer 2 · only changes"),
            "{screen}"
        );
        assert!(screen.contains(" R    1.0 kB      └── blob"), "{screen}");
        let (code, _, err) =
            dissect(&["explore", &tar, "--screenshot", "80x20", "--keys", "Hyper"]);
        assert_eq!(code, EXIT_ERROR);
        assert!(err.contains("`Hyper` is not a key"), "{err}");
        for bad in ["0x10", "80", "80x", "axb", "2000x10"] {
            let (code, _, err) = dissect(&["explore", &tar, "--screenshot", bad]);
            assert_eq!(code, EXIT_ERROR, "{bad}");
            assert!(err.contains("COLSxROWS"), "{err}");
        }
        let (code, _, err) = dissect(&["explore", "--screenshot", "80x20", "--", "-bad image"]);
        assert_eq!(code, EXIT_ERROR);
        assert!(err.contains("not an image name"), "{err}");
    }

    #[test]
    fn explore_compares_several_images() {
        let dir = tempfile::tempdir().unwrap();
        let tar = wasteful(dir.path());
        let other = dir.path().join("other.tar");
        let layers = [Tar::new().file("bin/app", &[1; 9000]).finish()];
        std::fs::write(
            &other,
            classic_archive(&layers, &[("COPY app /bin/app", false)]),
        )
        .unwrap();
        let other = other.to_str().unwrap();
        let args = [
            "explore",
            &tar,
            other,
            "--screenshot",
            "100x30",
            "--keys",
            "i",
        ];
        let (code, screen, err) = dissect(&args);
        assert_eq!((code, err.as_str()), (EXIT_OK, ""));
        for expected in [
            "Layers (1, 1 = shared with another image)",
            "▶=",
            "10.0 kB  90.0%    1.0 kB  test:latest",
            "▶    9.0 kB 100.0%       0 B  test:latest",
        ] {
            assert!(screen.contains(expected), "no `{expected}` in:\n{screen}");
        }
        // Off a terminal: one report after the other.
        let (code, out, _) = dissect(&["explore", &tar, other]);
        assert_eq!(code, EXIT_OK);
        assert_eq!(
            out.matches("test:latest (classic docker save layout")
                .count(),
            2,
            "{out}"
        );
        let (code, _, err) = dissect(&["explore", "-", "-", "--screenshot", "80x20"]);
        assert_eq!(code, EXIT_ERROR);
        assert!(err.contains("only once"), "{err}");
    }

    #[test]
    fn help_explains_the_formulas_and_exit_codes() {
        let (code, out, _) = dissect(&["--help"]);
        assert_eq!(code, EXIT_OK);
        assert!(
            out.contains("efficiency      (size - wasted) / size"),
            "{out}"
        );
        assert!(out.contains("Exit codes: 0 ok, 1 error, 2 a --ci rule failed."));
        assert!(out.contains("--highest-wasted-bytes <BYTES>"));
    }
}
