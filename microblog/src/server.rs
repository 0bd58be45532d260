//! Starting and stopping: logging, the database, the listener, and a graceful stop on SIGTERM
//! and SIGINT (as PID 1 in a container, `docker stop` must not wait for its 10-second kill).

use std::future::Future;
use std::io::IsTerminal;

use tokio::net::TcpListener;

use crate::config::{Config, LogFormat};
use crate::error::StartError;
use crate::jobs::Worker;
use crate::state::AppState;
use crate::telemetry::MetricsServer;
use crate::{db, routes};

/// Logs: debug level in DEV, info in PROD; to stderr, or stdout with `LOG_TO_STDOUT`; lines
/// for a person, or JSON objects for a log collector with `LOG_FORMAT=json` (their `target` says
/// `access` for the access log).
pub fn init_logging(config: &Config) {
    let level = if config.is_dev() {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let builder = tracing_subscriber::fmt().with_max_level(level);
    let stdout = config.log_to_stdout;
    let terminal = if stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    let writer = move || -> Box<dyn std::io::Write> {
        if stdout {
            Box::new(std::io::stdout())
        } else {
            Box::new(std::io::stderr())
        }
    };
    match config.log_format {
        LogFormat::Text => builder
            .with_target(false)
            .with_ansi(terminal)
            .with_writer(writer)
            .init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(false)
            .with_span_list(false)
            .with_writer(writer)
            .init(),
    }
}

/// Opens the database and serves on the configured address until a signal stops it.
pub async fn run(config: Config) -> Result<(), StartError> {
    let config = config.read_secret_files()?;
    let db = db::connect(&config).await?;
    tracing::info!("database ready: {}", describe_database(&config));
    let metrics = MetricsServer::start(config.metrics_addr, db.clone()).await?;
    let addr = config.addr();
    let state = AppState::new(config, db.clone())?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    tracing::info!("microblog listening on http://{addr}");
    let worker = Worker::spawn(state.clone());
    let served = containerized::serve(listener, routes::app(state)).await;
    worker.stop().await;
    if let Some(metrics) = metrics {
        metrics.stop();
    }
    served.map_err(StartError::Serve)?;
    db.close().await;
    tracing::info!("microblog stopped");
    Ok(())
}

/// Serves the app (and runs its task worker) on `listener` until `shutdown` resolves (not a
/// signal: tests stop it), then finishes the requests under way, gives back the task under way
/// and returns.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let worker = Worker::spawn(state.clone());
    let served = containerized::serve_until(listener, routes::app(state), shutdown).await;
    worker.stop().await;
    served.map_err(StartError::Serve)
}

/// The database for the log, without its password.
fn describe_database(config: &Config) -> String {
    match &config.database_url {
        Some(url) if !url.trim().is_empty() => db::without_credentials(url).to_owned(),
        _ => config.sqlite_path().display().to_string(),
    }
}
