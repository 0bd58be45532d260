//! The data work of the repository's scripts, in Rust: `scripts/build-ladder.sh` measures and
//! hands its timings to `xtask size-report`; `scripts/bench-all.sh` seeds microblog with
//! `xtask seed-microblog`, makes its HTTP table with `xtask http-table` and rewrites
//! docs/benchmarks.md with `xtask replace-section`.

/// The benchmarks' figures: wrk's and hyperfine's outputs, docker stats' memory, medians.
pub mod bench;
/// The SVG bar chart of image sizes (log scale).
pub mod chart;
/// Command line: one subcommand per job.
pub mod cli;
/// Today's date in UTC, as `date -u +%Y-%m-%d` prints it.
pub mod date;
/// Running the `docker` CLI, its failures as errors.
pub mod docker;
/// What a Dockerfile builds from: base images, `ARG` defaults applied, stages left out.
pub mod dockerfile;
/// The error type of the crate.
pub mod error;
/// The HTTP benchmark table, each row against the `hello` ceiling.
pub mod http_table;
/// Replacing a marked section of a Markdown file (docs/benchmarks.md).
pub mod section;
/// Seeding a running microblog through its own forms, for the benchmarks.
pub mod seed;
/// The size report: docs/size-report.md, its chart, and the table on the terminal.
pub mod size_report;
/// Text tables as `column -t` aligns them.
pub mod table;
/// A free loopback port, and waiting for a server to answer.
pub mod wait;

pub use error::Error;
