//! The course's Node.js Express example (TP 2b, "multi-stage build avec distroless"), in Rust:
//! `GET /` answers `Hello World` on port 3000, anything else gets Express's plain 404 page.

use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The port the Express app listens on.
pub const DEFAULT_PORT: u16 = 3000;

pub fn router() -> Router {
    Router::new().route("/", get(hello)).fallback(not_found)
}

async fn hello() -> Response {
    html(StatusCode::OK, "Hello World".to_owned())
}

/// What Express answers for a route it does not have: `Cannot GET /path` in a tiny page.
async fn not_found(method: Method, uri: Uri) -> Response {
    let path = escape(uri.path());
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot {method} {path}</pre>\n</body>\n</html>\n"
    );
    let mut response = html(StatusCode::NOT_FOUND, body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("default-src 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// HTML-escapes a path, so that a request cannot inject markup into the 404 page.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use tower::ServiceExt;

    async fn call(method: &str, path: &str) -> (StatusCode, String, Option<String>) {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let response = router().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        (
            status,
            String::from_utf8(body.to_vec()).unwrap(),
            content_type,
        )
    }

    #[tokio::test]
    async fn root_says_hello_world_as_html() {
        let (status, body, content_type) = call("GET", "/").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World"));
        assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
        let (status, body, _) = call("HEAD", "/").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    }

    #[tokio::test]
    async fn other_paths_get_expresss_404_page_with_the_path_escaped() {
        let (status, body, _) = call("GET", "/nope").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("<pre>Cannot GET /nope</pre>"), "{body}");
        let (_, body, _) = call("GET", "/%3Cscript%3E").await;
        assert!(!body.contains("<script>"), "{body}");
        let (status, body, _) = call("POST", "/").await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    }
}
