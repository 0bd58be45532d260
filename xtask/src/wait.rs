use std::time::{Duration, Instant};

use crate::Error;

/// A free TCP port on 127.0.0.1 (free when asked: a server started right after gets it).
pub fn free_port() -> Result<u16, Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::Wait(format!("no free port on 127.0.0.1: {e}")))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| Error::Wait(format!("no free port on 127.0.0.1: {e}")))
}

/// GETs `url` until it answers with a success status, for at most `within`.
pub fn wait_for(url: &str, within: Duration) -> Result<(), Error> {
    let start = Instant::now();
    loop {
        let last = match container_tests::http::try_get(url) {
            Ok(answer) if (200..300).contains(&answer.status) => return Ok(()),
            Ok(answer) => format!("it answered {}", answer.status),
            Err(e) => e,
        };
        if start.elapsed() >= within {
            return Err(Error::Wait(format!(
                "{url} did not answer within {} s ({last})",
                within.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_nobody_listens_on_is_not_answered() {
        let port = free_port().unwrap();
        let url = format!("http://127.0.0.1:{port}/");
        let err = wait_for(&url, Duration::from_millis(300)).unwrap_err();
        assert!(
            err.to_string().contains("did not answer within 0 s"),
            "{err}"
        );
    }

    #[test]
    fn a_server_answering_200_is_waited_for() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            use std::io::{Read, Write};
            let (mut socket, _) = listener.accept().unwrap();
            let mut request = [0; 1024];
            let _ = socket.read(&mut request).unwrap();
            socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nOK")
                .unwrap();
        });
        wait_for(&url, Duration::from_secs(5)).unwrap();
    }
}
