//! One line per request, like gunicorn's `--access-logfile -`:
//! `172.17.0.1 "GET /index HTTP/1.1" 200 5123 "Mozilla/5.0 …" 3ms`.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::HttpBody;
use axum::extract::{ConnectInfo, Request};
use axum::http::header::USER_AGENT;
use axum::middleware::Next;
use axum::response::Response;

pub async fn middleware(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_owned(), |info| info.0.ip().to_string());
    let line = format!(
        "\"{} {} {:?}\"",
        request.method(),
        request.uri(),
        request.version()
    );
    let agent = request
        .headers()
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let response = next.run(request).await;
    let size = response
        .body()
        .size_hint()
        .exact()
        .map_or_else(|| "-".to_owned(), |n| n.to_string());
    tracing::info!(
        target: "access",
        "{client} {line} {} {size} {agent:?} {}ms",
        response.status().as_u16(),
        start.elapsed().as_millis()
    );
    response
}
