use std::process::ExitCode;

use clap::Parser;
use xtask::cli::{Cli, Command};

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::SizeReport(args) => xtask::size_report::run(&args),
        Command::SeedMicroblog(args) => xtask::seed::run(&args),
        Command::ReplaceSection(args) => xtask::section::run(&args),
        Command::HttpTable { rows } => xtask::http_table::run(&rows),
        Command::WrkRow {
            name,
            connections,
            pid,
        } => xtask::bench::wrk_row(&name, connections, pid),
        Command::HyperfineRow {
            label,
            shown,
            runs,
            json,
        } => xtask::bench::hyperfine_row(&label, &shown, runs, &json),
        Command::Summary { unit, values } => xtask::bench::summary(&unit, &values)
            .map(|line| println!("{line}"))
            .ok_or_else(|| xtask::Error::Bench("no values".into())),
        Command::DockerMib { usage } => xtask::bench::docker_mib(&usage)
            .map(|mib| println!("{mib}"))
            .ok_or_else(|| {
                xtask::Error::Bench(format!("`{usage}` is not docker stats' memory usage"))
            }),
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
