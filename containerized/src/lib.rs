//! What our servers share to behave well as PID 1 in a container: serving until `docker stop`,
//! and probing their own health for a HEALTHCHECK.

/// `probe::check`: one HTTP GET of a health URL, for HEALTHCHECKs in images without curl or a shell;
/// `run_check`, the whole `check` subcommand of a program.
pub mod probe;
/// `serve`: axum on a listener, with the peer's address, stopping on `shutdown_signal`
/// (`serve_until`: on a future of the caller's).
pub mod serve;
/// `shutdown_signal`: resolves on SIGTERM (`docker stop`) or SIGINT (Ctrl-C).
pub mod signal;

pub use probe::{
    parse_timeout, run_check, ProbeError, DEFAULT_PROBE_TIMEOUT, DEFAULT_PROBE_TIMEOUT_ARG,
};
pub use serve::{serve, serve_until};
pub use signal::shutdown_signal;
