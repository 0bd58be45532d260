//! microblog: parse the configuration, say which server runs, serve. Or, with `check`, probe
//! a running one.

use std::process::ExitCode;

use clap::Parser;
use microblog::config::{Cli, Command, Config};
use microblog::server;

/// mimalloc rather than the C library's allocator: pages are built from many small strings on
/// several threads, where glibc's allocator spent a tenth of the time and kept memory in one
/// arena per thread, and musl's (the static image) is slower still.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { url, timeout }) => {
            let url = url.unwrap_or_else(|| format!("http://127.0.0.1:{}/health", cli.config.port));
            containerized::run_check(&url, timeout)
        }
        None => serve(cli.config),
    }
}

fn serve(config: Config) -> ExitCode {
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
