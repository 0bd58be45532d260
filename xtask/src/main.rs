use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Command};

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::SizeReport(args) => xtask::size_report::run(&args),
        Command::SeedMicroblog(args) => xtask::seed::run(&args),
        Command::ReplaceSection(args) => xtask::section::run(&args),
        Command::HttpTable { rows } => xtask::http_table::run(&rows),
        Command::FreePort => xtask::wait::free_port().map(|port| println!("{port}")),
        Command::WaitFor { url, within } => {
            xtask::wait::wait_for(&url, std::time::Duration::from_secs(within))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
