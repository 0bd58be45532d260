//! The health app of the course (TP 2b, "L'instruction HEALTHCHECK"): `GET /health` answers
//! `OK` until `GET /kill` makes it answer `NOT OK`, so a `HEALTHCHECK` can be watched flipping.

/// Command line and environment: the one place settings are read.
pub mod config;
/// The error type of the crate.
pub mod error;
/// The HTTP routes and their shared health flag.
pub mod routes;
/// Serving with a graceful stop on SIGTERM and SIGINT.
pub mod server;

pub use error::Error;
