//! microblog: the Flask Mega-Tutorial app, rebuilt in Rust as a container workload.
//! `main.rs` only parses the configuration and calls [`server::run`]; everything else lives
//! here so that the tests drive the real app as a library.

/// Settings, read once from the environment (and flags) into one typed struct.
pub mod config;
/// The connection pool, migrations and SQLite setup.
pub mod db;
/// The one error type, and how it becomes a response.
pub mod error;
/// The entities and their queries.
pub mod models;

pub use error::Error;
