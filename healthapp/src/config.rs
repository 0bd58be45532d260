use std::net::IpAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The port the app listens on when none is given, as in the course.
pub const DEFAULT_PORT: u16 = 5000;

#[derive(Debug, Parser)]
#[command(
    name = "healthapp",
    version,
    about = "A web app whose health you can kill, for Docker's HEALTHCHECK"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings for serving, when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve /health and /kill (the default).
    Serve(ServeArgs),
    /// Probe /health once: exit 0 when it answers 200, 1 otherwise.
    Check(CheckArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,

    /// Address to listen on (all interfaces, so that a published container port reaches it).
    #[arg(long, env = "HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// URL to probe [default: http://127.0.0.1:$PORT/health, PORT defaulting to 5000].
    #[arg(long)]
    pub url: Option<String>,

    /// Port of the local app to probe when no --url is given.
    #[arg(long, env = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,

    /// Give up after this many seconds (under the image's HEALTHCHECK --timeout).
    #[arg(
        long,
        default_value = containerized::DEFAULT_PROBE_TIMEOUT_ARG,
        value_parser = containerized::parse_timeout
    )]
    pub timeout: Duration,
}

impl CheckArgs {
    /// The URL this probe targets.
    pub fn url(&self) -> String {
        match &self.url {
            Some(url) => url.clone(),
            None => format!("http://127.0.0.1:{}/health", self.port),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_on_all_interfaces_port_5000_by_default() {
        let cli = Cli::try_parse_from(["healthapp"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.host.to_string(), "0.0.0.0");
        // PORT may be set in the test environment; only check the flag wins over it.
        let cli = Cli::try_parse_from(["healthapp", "serve", "--port", "8080"]).unwrap();
        match cli.command {
            Some(Command::Serve(args)) => assert_eq!(args.port, 8080),
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn check_targets_local_port_unless_given_a_url() {
        let cli = Cli::try_parse_from(["healthapp", "check", "--port", "5001"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("expected check")
        };
        assert_eq!(args.url(), "http://127.0.0.1:5001/health");
        assert_eq!(args.timeout, containerized::DEFAULT_PROBE_TIMEOUT);

        let cli = Cli::try_parse_from(["healthapp", "check", "--url", "http://x:1/y"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("expected check")
        };
        assert_eq!(args.url(), "http://x:1/y");
    }

    #[test]
    fn rejects_bad_ports_and_timeouts() {
        assert!(Cli::try_parse_from(["healthapp", "--port", "70000"]).is_err());
        assert!(Cli::try_parse_from(["healthapp", "--port", "abc"]).is_err());
        for bad in ["0", "-1", "abc", "NaN", "inf", "99999"] {
            assert!(
                Cli::try_parse_from(["healthapp", "check", "--timeout", bad]).is_err(),
                "{bad} accepted"
            );
        }
    }
}
