use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Everything that can go wrong in microblog. Client errors carry a message meant for the user;
/// database and internal errors are logged where they are turned into a response and answered
/// with a generic page (their detail is shown in DEV only).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("template error: {0}")]
    Template(#[from] askama::Error),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot open the SQLite database {path}: {source}. Its directory must be writable by \
         the app's user; on a read-only root filesystem, mount a volume there"
    )]
    OpenDatabase { path: String, source: sqlx::Error },
    #[error("cannot connect to the database server {server}: {source}")]
    ConnectDatabase { server: String, source: sqlx::Error },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// What an error response carries for the error-page middleware (`routes::errors`), which
/// renders it inside the site layout.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    /// A message for the user (client errors only).
    pub message: Option<String>,
    /// The internal detail, shown only in DEV.
    pub detail: Option<String>,
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        Error::Internal(message.to_string())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = if status.is_server_error() {
            tracing::error!("{self}");
            ErrorPage {
                message: None,
                detail: Some(self.to_string()),
            }
        } else {
            ErrorPage {
                message: match self {
                    Error::BadRequest(message) => Some(message),
                    Error::NotFound => None,
                    other => Some(other.to_string()),
                },
                detail: None,
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// Turns a unique-constraint violation into `None` so a handler can answer with a form error
/// instead of a 500 (two users racing for the same name).
pub trait OnUniqueViolation<T> {
    fn unique_violation_as_none(self) -> Result<Option<T>, Error>;
}

impl<T> OnUniqueViolation<T> for Result<T, sqlx::Error> {
    fn unique_violation_as_none(self) -> Result<Option<T>, Error> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}
