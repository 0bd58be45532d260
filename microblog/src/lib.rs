//! microblog: the Flask Mega-Tutorial app, rebuilt in Rust as a container workload.
//! `main.rs` only parses the configuration and calls [`server::run`]; everything else lives
//! here so that the tests drive the real app as a library. What the tests and `main.rs` use
//! is `pub`; the rest is the app's own (`pub(crate)`).

/// One access-log line per request.
pub(crate) mod access_log;
/// The JSON API under `/api`.
pub(crate) mod api;
/// Who is logged in: the middleware loading the user, the `CurrentUser` and `Anonymous` extractors.
pub(crate) mod auth;
/// The limit on request bodies, refused without cutting the client off.
pub(crate) mod body_limit;
/// The one clock: the time stored, signed and shown.
pub mod clock;
/// Settings, read once from the environment (and flags) into one typed struct.
pub mod config;
/// CSRF check of every form.
pub(crate) mod csrf;
/// The connection pool, migrations and SQLite setup.
pub mod db;
/// What a handler can answer ([`Error`]), and why the app could not start ([`error::StartError`]).
pub mod error;
/// Messages shown once on the next page.
pub(crate) mod flash;
/// The forms, each with its `validate()`, and their messages.
pub(crate) mod forms;
/// The site's languages, their Fluent catalogs, and the reader's language.
pub mod i18n;
/// The background worker and its jobs (the export of one's posts).
pub mod jobs;
/// The language of posts (detected) and of readers (asked by their browser).
pub mod language;
/// Outgoing mail, or the log when no mail server is set.
pub mod mail;
/// The entities and their queries.
pub mod models;
/// `?page=` and the Newer/Older links.
pub(crate) mod pagination;
/// Which replica this is: its host name, in every answer's `X-Served-By`.
pub mod replica;
/// The HTTP routes, one module per area, and the middleware stack.
pub(crate) mod routes;
/// Start, serve, stop.
pub mod server;
/// The signed session cookie.
pub(crate) mod session;
/// HMAC-signed tokens (sessions, reset links) and random secrets.
pub(crate) mod signing;
/// The state handlers share.
pub mod state;
/// Prometheus metrics on a listener of their own, and the JSON log format.
pub mod telemetry;
/// Posts translated by a LibreTranslate server.
pub mod translate;
/// The logged-in users of the last second, so a page need not read its user every time.
pub mod user_cache;
/// What page templates share: layout context, posts, time formats.
pub(crate) mod views;

pub use error::{Error, StartError};
