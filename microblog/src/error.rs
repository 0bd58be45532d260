//! The two kinds of failure, kept apart: [`Error`] is what a handler can answer, mapped to a
//! response in one place ([`IntoResponse`] here, the page itself in `routes::errors`);
//! [`StartError`] is why the app could not start, which is printed, never served.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What a handler can answer besides its page. Client errors carry a message for the user;
/// database and internal errors are logged with their whole cause chain where they become a
/// response, and answered with a generic page (the detail is shown in DEV only).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database error: {0}")]
    SqliteRead(#[from] rusqlite::Error),
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl Error {
    /// An internal error without a cause of its own.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        Error::Internal {
            context: context.to_string(),
            source: None,
        }
    }

    /// An internal error caused by `source`, which is kept for the log.
    pub fn caused_by(
        context: impl std::fmt::Display,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Internal {
            context: context.to_string(),
            source: Some(source.into()),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Database(_) | Error::SqliteRead(_) | Error::Internal { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The message and every cause under it: "cannot render a template: …: …".
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            let more = error.to_string();
            // sqlx repeats its source in its own message; say each thing once.
            if !text.ends_with(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            cause = error.source();
        }
        text
    }
}

impl From<askama::Error> for Error {
    fn from(error: askama::Error) -> Self {
        Error::caused_by("cannot render a template", error)
    }
}

/// What an error response carries for the error-page middleware (`routes::errors`), which
/// renders it inside the site layout.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    /// A message for the user (client errors only).
    pub message: Option<String>,
    /// The internal detail with its causes, shown only in DEV.
    pub detail: Option<String>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = match self {
            Error::Database(_) | Error::SqliteRead(_) | Error::Internal { .. } => {
                let detail = self.chain();
                tracing::error!("{detail}");
                ErrorPage {
                    message: None,
                    detail: Some(detail),
                }
            }
            Error::NotFound => ErrorPage {
                message: None,
                detail: None,
            },
            Error::BadRequest(message) | Error::Forbidden(message) => ErrorPage {
                message: Some(message),
                detail: None,
            },
            // The error page says it in the reader's language (`error-too-large`).
            Error::PayloadTooLarge => ErrorPage {
                message: None,
                detail: None,
            },
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// Why the app could not start: each names what to fix. `main` prints it and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot open the SQLite database {path}: {source}. Its directory must be writable by \
         the app's user; on a read-only root filesystem, mount a volume there"
    )]
    OpenDatabase { path: String, source: sqlx::Error },
    #[error("cannot open the SQLite database {path} for reading: {source}")]
    OpenReads {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot connect to the database server {server}: {source}")]
    ConnectDatabase { server: String, source: sqlx::Error },
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_status() {
        assert_eq!(Error::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            Error::BadRequest("x".into()).status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(Error::Forbidden("x".into()).status(), StatusCode::FORBIDDEN);
        assert_eq!(
            Error::PayloadTooLarge.status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(
            Error::internal("x").status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            Error::Database(sqlx::Error::RowNotFound).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn internal_errors_keep_their_causes() {
        let io = std::io::Error::other("disk on fire");
        let error = Error::caused_by("cannot write the export", io);
        assert_eq!(error.to_string(), "cannot write the export");
        assert_eq!(error.chain(), "cannot write the export: disk on fire");
        let response = error.into_response();
        let page = response.extensions().get::<ErrorPage>().unwrap();
        assert_eq!(page.message, None);
        assert_eq!(
            page.detail.as_deref(),
            Some("cannot write the export: disk on fire")
        );
    }

    #[test]
    fn client_errors_carry_their_message_only() {
        let response = Error::Forbidden("Not yours.".into()).into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let page = response.extensions().get::<ErrorPage>().unwrap();
        assert_eq!(page.message.as_deref(), Some("Not yours."));
        assert_eq!(page.detail, None);
    }
}
