//! microblog: parse the configuration, say which server runs, serve.

use std::process::ExitCode;

use clap::Parser;
use microblog::config::Config;
use microblog::server;

fn main() -> ExitCode {
    let config = Config::parse();
    if !config.no_banner {
        println!("{}", config.context.banner());
    }
    server::init_logging(&config);
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
    match runtime.block_on(server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("microblog: {e}");
            ExitCode::FAILURE
        }
    }
}
