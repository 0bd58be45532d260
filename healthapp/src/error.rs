use std::net::SocketAddr;
use std::time::Duration;

/// Everything that can go wrong in healthapp, with a message a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
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
