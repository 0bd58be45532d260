use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use healthapp::config::{Cli, Command, ServeArgs};
use healthapp::server;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run_server(&cli.serve),
        Some(Command::Serve(args)) => run_server(&args),
        Some(Command::Check(args)) => containerized::run_check(&args.url(), args.timeout),
    }
}

fn run_server(args: &ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .with_max_level(tracing::Level::INFO)
        .init();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("healthapp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("healthapp: {e}");
            ExitCode::FAILURE
        }
    }
}
