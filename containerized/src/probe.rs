use std::process::ExitCode;
use std::time::Duration;

use http::{header, Request, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Why a probe failed, in words fit for `docker inspect`'s health log.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("`{url}` is not a URL this probe can use: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("cannot connect to {authority}: {source}")]
    Connect {
        authority: String,
        source: std::io::Error,
    },
    #[error("HTTP exchange with {authority} failed: {source}")]
    Http {
        authority: String,
        source: hyper::Error,
    },
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("answered {status}: {body}")]
    Unhealthy { status: u16, body: String },
}

type Error = ProbeError;

/// At most this much of an answer's body is read (and quoted in an error).
const MAX_BODY: usize = 4096;

/// How long a `check` waits for its answer unless told otherwise (`--timeout`). It must stay
/// under the HEALTHCHECK `--timeout` of every image (3 s, checked by `tests/tests/dockerfiles.rs`):
/// a probe that gives up first says why in `docker inspect`, one that Docker kills says nothing.
pub const DEFAULT_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// [`DEFAULT_PROBE_TIMEOUT`] as the text of a `--timeout` flag's default value, for clap.
pub const DEFAULT_PROBE_TIMEOUT_ARG: &str = "2";

/// Parses a `--timeout` value: seconds, more than 0 and at most an hour (`0.5`, `2`, `10`).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!(
            "`{text}` must be more than 0 and at most 3600 seconds"
        ))
    }
}

/// The `check` subcommand of our programs: probes `url` once, prints one line saying why on
/// standard output (Docker keeps it in `docker inspect`'s health log), and exits 0 when healthy,
/// 1 otherwise. It runs its own single-threaded runtime: call it from outside any runtime.
pub fn run_check(url: &str, timeout: Duration) -> ExitCode {
    let result = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(check(url, timeout)),
        Err(e) => {
            println!("unhealthy: {url} cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (line, healthy) = verdict(url, &result);
    println!("{line}");
    if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The line a probe prints, and whether it passed.
fn verdict(url: &str, result: &Result<String, Error>) -> (String, bool) {
    match result {
        Ok(body) => (format!("healthy: {url} answered {}", body.trim()), true),
        Err(e) => (format!("unhealthy: {url} {e}"), false),
    }
}

/// Probes `url` once with `GET`: `Ok` with the body on a 2xx answer, an error saying why not
/// otherwise. Plain HTTP only, which is what a container probing itself needs.
pub async fn check(url: &str, timeout: Duration) -> Result<String, Error> {
    let uri = parse(url)?;
    match tokio::time::timeout(timeout, get(&uri)).await {
        Ok(result) => result,
        Err(_) => Err(Error::Timeout(timeout)),
    }
}

fn parse(url: &str) -> Result<Uri, Error> {
    let bad = |reason: &str| Error::BadUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let uri: Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| bad(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => return Err(bad(&format!("scheme `{other}` is not supported, use http"))),
        None => {
            return Err(bad(
                "it needs a scheme and a host, like http://127.0.0.1:5000/health",
            ))
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    Ok(uri)
}

async fn get(uri: &Uri) -> Result<String, Error> {
    let host = uri.host().unwrap_or_default();
    let port = uri.port_u16().unwrap_or(80);
    let authority = uri
        .authority()
        .map_or_else(|| host.to_owned(), ToString::to_string);
    // A bracketed IPv6 literal connects without its brackets.
    let connect_host = host.trim_start_matches('[').trim_end_matches(']');
    let stream = TcpStream::connect((connect_host, port))
        .await
        .map_err(|source| Error::Connect {
            authority: authority.clone(),
            source,
        })?;
    let http_error = |source| Error::Http {
        authority: authority.clone(),
        source,
    };
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(http_error)?;
    tokio::spawn(connection);

    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let request = Request::get(path)
        .header(header::HOST, &authority)
        .header(header::USER_AGENT, "container-health-probe")
        .body(Empty::<Bytes>::new())
        .expect("a GET with a valid path and host is a valid request");
    let response = sender.send_request(request).await.map_err(http_error)?;
    let status = response.status();
    let body = match Limited::new(response.into_body(), MAX_BODY).collect().await {
        Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).into_owned(),
        Err(_) => String::from("(unreadable body)"),
    };
    if status.is_success() {
        Ok(body)
    } else {
        Err(Error::Unhealthy {
            status: status.as_u16(),
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use axum::routing::get;

    /// A server whose /ok answers 200 and /broken 500.
    async fn serve() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .route("/ok", get(|| async { "OK" }))
            .route(
                "/broken",
                get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "NOT OK") }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn a_200_passes_and_a_500_fails_with_its_answer() {
        let base = serve().await;
        let ok = check(&format!("{base}/ok"), Duration::from_secs(2)).await;
        assert_eq!(ok.unwrap(), "OK");
        match check(&format!("{base}/broken"), Duration::from_secs(2)).await {
            Err(Error::Unhealthy { status, body }) => {
                assert_eq!((status, body.as_str()), (500, "NOT OK"));
            }
            other => panic!("expected an unhealthy answer, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn nothing_listening_is_a_connect_error() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let result = check(
            &format!("http://127.0.0.1:{port}/health"),
            Duration::from_secs(2),
        )
        .await;
        assert!(matches!(result, Err(Error::Connect { .. })), "{result:?}");
    }

    #[tokio::test]
    async fn a_server_that_never_answers_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Accept and hold the connection without ever answering.
        let holder = tokio::spawn(async move {
            let (_socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let result = check(&format!("http://{addr}/health"), Duration::from_millis(200)).await;
        assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
        holder.abort();
    }

    #[test]
    fn run_check_exits_0_when_healthy_and_1_otherwise() {
        // run_check makes its own runtime: the server runs on another thread's.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                tx.send(serve().await).unwrap();
                std::future::pending::<()>().await
            });
        });
        let base = rx.recv().unwrap();
        let ok = run_check(&format!("{base}/ok"), DEFAULT_PROBE_TIMEOUT);
        assert_eq!(ok, ExitCode::SUCCESS);
        let broken = run_check(&format!("{base}/broken"), DEFAULT_PROBE_TIMEOUT);
        assert_eq!(broken, ExitCode::FAILURE);
        let bad = run_check("localhost:5000/health", DEFAULT_PROBE_TIMEOUT);
        assert_eq!(bad, ExitCode::FAILURE);
    }

    #[test]
    fn the_probe_says_in_one_line_why() {
        let url = "http://127.0.0.1:5000/health";
        assert_eq!(
            verdict(url, &Ok("OK\n".to_owned())),
            (
                "healthy: http://127.0.0.1:5000/health answered OK".to_owned(),
                true
            )
        );
        let unhealthy = Err(Error::Unhealthy {
            status: 500,
            body: "NOT OK".to_owned(),
        });
        assert_eq!(
            verdict(url, &unhealthy),
            (
                "unhealthy: http://127.0.0.1:5000/health answered 500: NOT OK".to_owned(),
                false
            )
        );
    }

    #[test]
    fn timeouts_are_positive_seconds_up_to_an_hour() {
        assert_eq!(
            parse_timeout(DEFAULT_PROBE_TIMEOUT_ARG),
            Ok(DEFAULT_PROBE_TIMEOUT)
        );
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "abc", "NaN", "inf", "99999", ""] {
            assert!(parse_timeout(bad).is_err(), "{bad} accepted");
        }
        assert!(DEFAULT_PROBE_TIMEOUT < Duration::from_secs(3));
    }

    #[test]
    fn rejects_urls_it_cannot_probe() {
        for url in [
            "",
            "localhost:5000/health",
            "https://127.0.0.1/health",
            "http:///x",
            "not a url",
        ] {
            assert!(
                matches!(parse(url), Err(Error::BadUrl { .. })),
                "{url} accepted"
            );
        }
        assert!(parse("http://[::1]:5000/health").is_ok());
    }
}
