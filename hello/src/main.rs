use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The course's Express "Hello World", in Rust.
#[derive(Debug, Parser)]
#[command(name = "hello", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Port to listen on (and to probe, for `check`).
    #[arg(long, env = "PORT", default_value_t = hello::DEFAULT_PORT, global = true)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "0.0.0.0")]
    host: IpAddr,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Probe the app once (GET /): exit 0 when it answers 200, 1 otherwise.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// URL to probe [default: http://127.0.0.1:$PORT/, PORT defaulting to 3000].
    #[arg(long)]
    url: Option<String>,
    /// Give up after this many seconds.
    #[arg(
        long,
        default_value = containerized::DEFAULT_PROBE_TIMEOUT_ARG,
        value_parser = containerized::parse_timeout
    )]
    timeout: Duration,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Check(args)) => {
            let url = args
                .url
                .clone()
                .unwrap_or_else(|| format!("http://127.0.0.1:{}/", cli.port));
            containerized::run_check(&url, args.timeout)
        }
        None => serve(SocketAddr::new(cli.host, cli.port)),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn serve(addr: SocketAddr) -> ExitCode {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(false)
        .init();
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("hello: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("hello listening on http://{addr}");
    match containerized::serve(listener, hello::router()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hello: server failed: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_by_default_and_checks_the_local_port_on_request() {
        let cli = Cli::try_parse_from(["hello", "--port", "3001"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.port, 3001);
        let cli =
            Cli::try_parse_from(["hello", "check", "--port", "3002", "--timeout", "0.5"]).unwrap();
        assert_eq!(cli.port, 3002);
        let Some(Command::Check(args)) = cli.command else {
            panic!("expected check")
        };
        assert_eq!(args.timeout, Duration::from_millis(500));
        assert!(args.url.is_none());
        let cli = Cli::try_parse_from(["hello", "check"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("expected check")
        };
        assert_eq!(args.timeout, containerized::DEFAULT_PROBE_TIMEOUT);
        assert!(Cli::try_parse_from(["hello", "check", "--timeout", "0"]).is_err());
    }
}
