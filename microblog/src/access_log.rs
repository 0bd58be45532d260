//! One line per request, like gunicorn's `--access-logfile -`:
//! `172.17.0.1 "GET /index HTTP/1.1" 200 5123 "Mozilla/5.0 …" 3ms`.
//! Password-reset tokens are left out of the line: a log is no place for a key to an account.

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
        redact(&request.uri().to_string()),
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

/// The URI with the token of a password-reset link replaced by `…`.
fn redact(uri: &str) -> String {
    const RESET: &str = "/auth/reset_password/";
    match uri.strip_prefix(RESET) {
        Some(_) => format!("{RESET}…"),
        None => uri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn reset_tokens_stay_out_of_the_log() {
        assert_eq!(
            redact("/auth/reset_password/abc.def"),
            "/auth/reset_password/…"
        );
        assert_eq!(
            redact("/auth/reset_password_request"),
            "/auth/reset_password_request"
        );
        assert_eq!(redact("/index?page=2"), "/index?page=2");
    }
}
