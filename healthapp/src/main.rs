use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use containerized::probe;
use healthapp::config::{Cli, Command};
use healthapp::server;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    match cli.command {
        None => runtime.block_on(run_server(&cli.serve)),
        Some(Command::Serve(args)) => runtime.block_on(run_server(&args)),
        Some(Command::Check(args)) => {
            // Docker keeps this output in `docker inspect`'s health log: one line saying why.
            let url = args.url();
            match runtime.block_on(probe::check(&url, args.timeout)) {
                Ok(body) => {
                    println!("healthy: {url} answered {}", body.trim());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    println!("unhealthy: {url} {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

async fn run_server(args: &healthapp::config::ServeArgs) -> ExitCode {
    match server::serve(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("healthapp: {e}");
            ExitCode::FAILURE
        }
    }
}
