//! What an operator of several replicas watches: Prometheus metrics and machine-readable logs.
//!
//! Metrics are recorded with the `metrics` facade (one line at each place that counts) and
//! rendered by `metrics-exporter-prometheus`, on a listener of their own (`METRICS_ADDR`): the
//! public port never serves them, so a proxy in front of the app cannot leak them. Without
//! `METRICS_ADDR` no recorder is installed and the recording lines do nothing.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::db::Db;
use crate::error::StartError;

/// Requests answered, by method, route (the pattern, `/user/{username}`) and status.
pub const REQUESTS: &str = "microblog_http_requests_total";
/// How long requests took, by method and route, in seconds.
pub const LATENCY: &str = "microblog_http_request_duration_seconds";
/// Connections the pool holds, and how many of them are idle; its ceiling.
pub const POOL_SIZE: &str = "microblog_db_pool_connections";
pub const POOL_IDLE: &str = "microblog_db_pool_idle_connections";
pub const POOL_MAX: &str = "microblog_db_pool_max_connections";
/// Background tasks run by this replica, by job and outcome (`done`, `retry`, `failed`, `lost`,
/// `given_back`).
pub const JOBS: &str = "microblog_jobs_total";

/// The latency buckets: from a cached page (a millisecond) to a slow export page (seconds).
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The metrics listener, running until the app stops.
pub struct MetricsServer {
    handle: JoinHandle<()>,
}

impl MetricsServer {
    /// Installs the Prometheus recorder and serves `/metrics` on `addr`, or does nothing when
    /// `addr` is `None`.
    pub async fn start(addr: Option<SocketAddr>, db: Db) -> Result<Option<Self>, StartError> {
        let Some(addr) = addr else {
            return Ok(None);
        };
        let prometheus = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.to_owned()), &BUCKETS)
            .map_err(|e| StartError::Config(format!("metrics: {e}")))?
            .install_recorder()
            .map_err(|e| StartError::Config(format!("metrics: {e}")))?;
        describe();
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        tracing::info!("metrics on http://{addr}/metrics");
        let app = Router::new()
            .route("/metrics", get(render))
            .with_state((prometheus, db));
        let handle = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("the metrics listener stopped: {e}");
            }
        });
        Ok(Some(Self { handle }))
    }

    pub fn stop(self) {
        self.handle.abort();
    }
}

fn describe() {
    metrics::describe_counter!(REQUESTS, "HTTP requests answered");
    metrics::describe_histogram!(
        LATENCY,
        metrics::Unit::Seconds,
        "Time from request to response head"
    );
    metrics::describe_gauge!(POOL_SIZE, "Database connections open");
    metrics::describe_gauge!(POOL_IDLE, "Database connections open and idle");
    metrics::describe_gauge!(POOL_MAX, "Database connections the pool may open");
    metrics::describe_counter!(JOBS, "Background tasks ended by this replica");
}

/// The page Prometheus scrapes, with the pool's figures of the moment.
async fn render(State((prometheus, db)): State<(PrometheusHandle, Db)>) -> String {
    metrics::gauge!(POOL_SIZE).set(db.pool().size());
    metrics::gauge!(POOL_IDLE).set(u32::try_from(db.pool().num_idle()).unwrap_or(u32::MAX));
    metrics::gauge!(POOL_MAX).set(db.pool().options().get_max_connections());
    prometheus.render()
}

/// Counts each request and times it, by the route that matched (not the path: one series per
/// route, however many users and pages there are).
pub async fn middleware(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(LATENCY, "method" => method.clone(), "route" => route.clone())
        .record(start.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "method" => method, "route" => route, "status" => status)
        .increment(1);
    response
}

/// Counts a background task's end.
pub fn job_ended(job: &str, outcome: &'static str) {
    metrics::counter!(JOBS, "job" => job.to_owned(), "outcome" => outcome).increment(1);
}
