//! microblog: the Flask Mega-Tutorial app, rebuilt in Rust as a container workload.
//! `main.rs` only parses the configuration and calls [`server::run`]; everything else lives
//! here so that the tests drive the real app as a library.

/// One access-log line per request.
pub mod access_log;
/// Who is logged in: the middleware loading the user, the `CurrentUser` extractor.
pub mod auth;
/// Settings, read once from the environment (and flags) into one typed struct.
pub mod config;
/// CSRF check of every form.
pub mod csrf;
/// The connection pool, migrations and SQLite setup.
pub mod db;
/// The one error type, and how it becomes a response.
pub mod error;
/// Messages shown once on the next page.
pub mod flash;
/// Form validation and its messages.
pub mod forms;
/// Outgoing mail, or the log when no mail server is set.
pub mod mail;
/// The entities and their queries.
pub mod models;
/// `?page=` and the Newer/Older links.
pub mod pagination;
/// The HTTP routes, one module per area, and the middleware stack.
pub mod routes;
/// Start, serve, stop.
pub mod server;
/// The signed session cookie.
pub mod session;
/// HMAC-signed tokens and random secrets.
pub mod signing;
/// The state handlers share.
pub mod state;
/// What page templates share: layout context, posts, time formats.
pub mod views;

pub use error::Error;
