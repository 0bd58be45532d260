use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "xtask",
    about = "The data work of scripts/ (size report, benchmark seeding)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write docs/size-report.md and docs/size-report.svg for images just built, and print the
    /// table and dissect's comparison (scripts/build-ladder.sh).
    SizeReport(SizeReportArgs),
    /// Sign up five users on a running microblog (ours or the Flask original), have them write
    /// 60 posts and follow each other; print alice's session cookie (scripts/bench-all.sh).
    SeedMicroblog(SeedArgs),
    /// Replace the text between `<!-- bench-all:NAME -->` and `<!-- /bench-all:NAME -->` in a
    /// Markdown file with the content of another file.
    ReplaceSection(SectionArgs),
    /// Print the HTTP benchmark table from scripts/bench-http.sh's rows, with each row's share of
    /// hello's throughput at the same connection count and each microblog page's multiple of the
    /// Flask original's on the same page.
    HttpTable {
        /// The rows, one per line.
        #[arg(long)]
        rows: PathBuf,
    },
    /// Print one Markdown row from wrk's `--latency` output on standard input, with the server's
    /// resident memory (scripts/bench-http.sh); fails on errors or non-2xx answers.
    WrkRow {
        #[arg(long)]
        name: String,
        #[arg(long)]
        connections: u32,
        /// The server's process id (its memory is read from /proc).
        #[arg(long)]
        pid: u32,
    },
    /// Print one Markdown row of the cowsay benchmark from hyperfine's --export-json file.
    HyperfineRow {
        #[arg(long)]
        label: String,
        /// The command as the table shows it.
        #[arg(long)]
        shown: String,
        #[arg(long)]
        runs: u32,
        #[arg(long)]
        json: PathBuf,
    },
    /// Print `median UNIT (min–max)` of the values (whole ms for `ms`, else tenths).
    Summary {
        #[arg(long)]
        unit: String,
        #[arg(required = true)]
        values: Vec<f64>,
    },
    /// Print the mebibytes of `docker stats`' memory column (`3.5MiB / 23.4GiB`).
    DockerMib { usage: String },
    /// Print a TCP port of 127.0.0.1 that nothing listens on.
    FreePort,
    /// Wait until URL answers with a success status.
    WaitFor {
        url: String,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 30)]
        within: u64,
    },
}

#[derive(Debug, Args)]
pub struct SizeReportArgs {
    /// One line per image built, in build order: `DOCKERFILE|TAG|BUILD|REBUILD|EDIT`, the three
    /// times in seconds as text (`12.3`).
    #[arg(long)]
    pub measurements: PathBuf,
    /// The first builds were cold (`docker build --no-cache`).
    #[arg(long)]
    pub cold: bool,
    /// The repository root (Dockerfiles/ and docs/ are found there).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The address of the app, e.g. http://127.0.0.1:5000.
    #[arg(long)]
    pub base: String,
    /// The password given to every user.
    #[arg(long, default_value = "bench-password")]
    pub password: String,
}

#[derive(Debug, Args)]
pub struct SectionArgs {
    /// The Markdown file to rewrite in place.
    #[arg(long, default_value = "docs/benchmarks.md")]
    pub doc: PathBuf,
    /// The section's name (`http`, `startup`, `cowsay`).
    #[arg(long)]
    pub name: String,
    /// The file whose content goes between the markers.
    #[arg(long)]
    pub content: PathBuf,
}
