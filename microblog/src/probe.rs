//! `microblog check`: asks the running app's `/health` once and exits 0 when it answers 200,
//! 1 otherwise, saying why in one line. It is the HEALTHCHECK of images without a shell or
//! curl. Plain HTTP/1.0 over a TCP connection is all a container probing itself needs.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The parts of an `http://host[:port]/path` URL.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    path: String,
}

fn parse(url: &str) -> Result<Target, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("`{url}` is not an http:// URL"))?;
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => (
            host,
            port.parse::<u16>()
                .map_err(|_| format!("`{url}` has a bad port"))?,
        ),
        _ => (authority, 80),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    Ok(Target {
        host: host.to_owned(),
        port,
        path: path.to_owned(),
    })
}

/// Probes `url`; `Ok` with the status line on a 200, `Err` saying why not otherwise.
pub async fn check(url: &str, timeout: Duration) -> Result<String, String> {
    let target = parse(url)?;
    match tokio::time::timeout(timeout, get(&target)).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {timeout:?}")),
    }
}

async fn get(target: &Target) -> Result<String, String> {
    let mut stream = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let request = format!(
        "GET {} HTTP/1.0\r\nHost: {}\r\nUser-Agent: microblog-check\r\n\r\n",
        target.path, target.host
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("cannot send the request: {e}"))?;
    let mut answer = Vec::new();
    stream
        .take(4096)
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    let answer = String::from_utf8_lossy(&answer);
    let status_line = answer.lines().next().unwrap_or("").trim().to_owned();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").trim();
    match status_line.split_whitespace().nth(1) {
        Some("200") => Ok(format!("{status_line}: {body}")),
        Some(_) => Err(format!("answered {status_line}: {body}")),
        None => Err("answered something that is not HTTP".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_urls_a_probe_uses() {
        assert_eq!(
            parse("http://127.0.0.1:5000/health").unwrap(),
            Target {
                host: "127.0.0.1".into(),
                port: 5000,
                path: "/health".into()
            }
        );
        assert_eq!(parse("http://localhost").unwrap().port, 80);
        assert_eq!(parse("http://[::1]:8080/health").unwrap().host, "::1");
        for bad in [
            "",
            "https://x/health",
            "127.0.0.1:5000",
            "http://:5000/x",
            "http://x:99999/",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn nothing_listening_is_unhealthy() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/health");
        let result = check(&url, Duration::from_secs(2)).await;
        assert!(result.unwrap_err().starts_with("cannot connect"));
    }
}
