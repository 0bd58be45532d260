//! The limit on a request's body, refused without cutting the client off.
//!
//! A server that answers 413 and closes while the client is still sending leaves unread bytes
//! behind: the client may then see its connection reset instead of the answer, or reuse a
//! connection the server has closed. So, as nginx's "lingering close" does, a body over the
//! limit is read to its end and thrown away (up to [`DRAIN_BYTES`], for at most
//! [`DRAIN_TIME`]) before the 413 goes out on a connection that stays usable. Past those
//! bounds the answer says `Connection: close`. A body within the limit is read here once and
//! handed on in memory, so the CSRF check and the extractors after it read it for free.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The most a refused body is read for, so that its client sees the 413.
pub const DRAIN_BYTES: usize = 1024 * 1024;
/// How long a refused body is read for at most.
pub const DRAIN_TIME: Duration = Duration::from_secs(5);

/// The largest body a group of routes accepts, in bytes: the state of [`middleware`].
#[derive(Clone, Copy, Debug)]
pub struct Limit(pub usize);

/// Reads the body within the limit and runs the rest of the stack on it, or answers a bare 413
/// (which the group's error layer dresses as a page or as JSON). A body that breaks off before
/// its end is a 400.
pub async fn middleware(State(Limit(max)): State<Limit>, request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    if announced_length(&parts.headers).is_some_and(|length| length > max) {
        return refuse(body).await;
    }
    match read_within(body, max).await {
        Read::Whole(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Read::TooLarge(rest) => refuse(rest).await,
        Read::Broken => StatusCode::BAD_REQUEST.into_response(),
    }
}

enum Read {
    Whole(Bytes),
    /// Over the limit: what is left of the body, still to drain.
    TooLarge(Body),
    /// The client stopped sending, or sent something that is not HTTP.
    Broken,
}

fn announced_length(headers: &HeaderMap) -> Option<usize> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

async fn next_chunk(body: &mut Body) -> Option<Result<Bytes, ()>> {
    loop {
        let frame = poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await?;
        match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => return Some(Ok(data)),
                // Trailers: nothing to keep.
                Err(_) => continue,
            },
            Err(_) => return Some(Err(())),
        }
    }
}

async fn read_within(mut body: Body, max: usize) -> Read {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(&mut body).await {
        let Ok(chunk) = chunk else {
            return Read::Broken;
        };
        if bytes.len() + chunk.len() > max {
            return Read::TooLarge(body);
        }
        bytes.extend_from_slice(&chunk);
    }
    Read::Whole(Bytes::from(bytes))
}

/// Reads and drops what the client still sends, within the bounds; true when it all came.
async fn drain(mut body: Body) -> bool {
    let all_read = async {
        let mut read = 0;
        while let Some(chunk) = next_chunk(&mut body).await {
            let Ok(chunk) = chunk else {
                return false;
            };
            read += chunk.len();
            if read > DRAIN_BYTES {
                return false;
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, all_read)
        .await
        .unwrap_or(false)
}

async fn refuse(rest: Body) -> Response {
    let mut response = StatusCode::PAYLOAD_TOO_LARGE.into_response();
    if !drain(rest).await {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::post;
    use axum::Router;
    use tower::ServiceExt;

    fn app(max: usize) -> Router {
        Router::new()
            .route(
                "/",
                post(|body: Bytes| async move { body.len().to_string() }),
            )
            .layer(axum::middleware::from_fn_with_state(Limit(max), middleware))
    }

    async fn send(max: usize, body: Body, length: Option<usize>) -> Response {
        let mut request = Request::post("/");
        if let Some(length) = length {
            request = request.header(CONTENT_LENGTH, length);
        }
        app(max).oneshot(request.body(body).unwrap()).await.unwrap()
    }

    async fn text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// A body in pieces, as a chunked upload arrives, with no length announced.
    fn chunked(pieces: usize, size: usize) -> Body {
        let chunks = (0..pieces).map(move |_| Ok::<_, std::io::Error>(vec![b'x'; size]));
        Body::from_stream(futures_util::stream::iter(chunks))
    }

    #[tokio::test]
    async fn a_body_within_the_limit_reaches_the_handler_whole() {
        let response = send(10, Body::from("0123456789"), Some(10)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(text(response).await, "10");
        let response = send(10, chunked(5, 2), None).await;
        assert_eq!(text(response).await, "10");
    }

    #[tokio::test]
    async fn an_announced_body_over_the_limit_is_read_to_its_end_and_refused() {
        let response = send(10, Body::from("x".repeat(11)), Some(11)).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(response.headers().get(CONNECTION).is_none());
    }

    #[tokio::test]
    async fn a_chunked_body_over_the_limit_is_refused_too() {
        let response = send(10, chunked(3, 4), None).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(response.headers().get(CONNECTION).is_none());
    }

    #[tokio::test]
    async fn past_the_drain_bound_the_connection_is_closed() {
        let response = send(10, chunked(DRAIN_BYTES / 1000 + 2, 1000), None).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(response.headers()[CONNECTION], "close");
    }

    #[tokio::test]
    async fn a_body_that_breaks_off_is_a_bad_request() {
        let pieces = [Ok(vec![b'x'; 4]), Err(std::io::Error::other("gone"))];
        let body = Body::from_stream(futures_util::stream::iter(pieces));
        let response = send(10, body, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
