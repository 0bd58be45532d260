//! What our servers share to behave well as PID 1 in a container.

/// `probe::check`: one HTTP GET of a health URL, for HEALTHCHECKs in images without curl or a shell.
pub mod probe;
/// `shutdown_signal`: resolves on SIGTERM (`docker stop`) or SIGINT (Ctrl-C).
pub mod signal;

pub use probe::ProbeError;
pub use signal::shutdown_signal;
