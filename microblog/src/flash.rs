//! Flashed messages: shown once, on the next page rendered for this browser (they travel in
//! the session cookie across the redirect that usually follows).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::session::Session;
use crate::Error;

/// Lets a handler flash a message.
#[derive(Clone)]
pub struct Flash(Session);

impl Flash {
    pub fn push(&self, message: impl Into<String>) {
        self.0.push_flash(message.into());
    }
}

/// Adds a message to a session directly (for middleware and extractors).
pub fn push(session: &Session, message: impl Into<String>) {
    session.push_flash(message.into());
}

/// The messages waiting for this browser; they are gone once taken.
pub fn take(session: &Session) -> Vec<String> {
    session.take_flashes()
}

impl<S: Send + Sync> FromRequestParts<S> for Flash {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Flash(Session::from_request_parts(parts, state).await?))
    }
}
