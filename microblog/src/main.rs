//! microblog: parse the configuration, say which server runs, serve. Or, with `check`, probe
//! a running one.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use microblog::config::{Cli, Command, Config};
use microblog::server;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("microblog: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Some(Command::Check { url }) => {
            // Docker keeps this line in `docker inspect`'s health log.
            let url = url.unwrap_or_else(|| format!("http://127.0.0.1:{}/health", cli.config.port));
            // Under the images' HEALTHCHECK --timeout (3 s): the probe reports its own timeout.
            match runtime.block_on(containerized::probe::check(&url, Duration::from_secs(2))) {
                Ok(answer) => {
                    println!("healthy: {url} answered {}", answer.trim());
                    ExitCode::SUCCESS
                }
                Err(why) => {
                    println!("unhealthy: {url} {why}");
                    ExitCode::FAILURE
                }
            }
        }
        None => serve(&runtime, cli.config),
    }
}

fn serve(runtime: &tokio::runtime::Runtime, config: Config) -> ExitCode {
    if !config.no_banner {
        println!("{}", config.context.banner());
    }
    server::init_logging(&config);
    match runtime.block_on(server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("microblog: {e}");
            ExitCode::FAILURE
        }
    }
}
