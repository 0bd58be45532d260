use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;

/// The course's Express "Hello World", in Rust.
#[derive(Debug, Parser)]
#[command(name = "hello", version)]
struct Config {
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = hello::DEFAULT_PORT)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "0.0.0.0")]
    host: IpAddr,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(false)
        .init();
    let addr = SocketAddr::new(config.host, config.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("hello: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("hello listening on http://{addr}");
    let served = axum::serve(listener, hello::router())
        .with_graceful_shutdown(containerized::shutdown_signal())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hello: server failed: {e}");
            ExitCode::FAILURE
        }
    }
}
