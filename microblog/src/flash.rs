//! Flashed messages: shown once, on the next page rendered for this browser (they travel in
//! the session cookie across the redirect that usually follows), written in the reader's
//! language when they are flashed.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::i18n::{self, Lang, Msg};
use crate::session::Session;
use crate::state::AppState;
use crate::Error;

/// Lets a handler flash a message of the catalogs.
#[derive(Clone)]
pub struct Flash(Session, Lang);

impl Flash {
    /// Flashes the message `id`.
    pub fn push(&self, id: &str) {
        self.0.push_flash(self.1.t(id));
    }

    /// Flashes a message with arguments: `flash.push_msg(|lang| lang.msg(…).arg(…))`.
    pub fn push_msg(&self, message: impl FnOnce(Lang) -> Msg) {
        self.0.push_flash(message(self.1).to_string());
    }
}

/// Flashes the message `id` in `lang` to a session directly (for middleware and extractors).
pub fn push(session: &Session, lang: Lang, id: &str) {
    session.push_flash(lang.t(id));
}

/// The messages waiting for this browser; they are gone once taken.
pub fn take(session: &Session) -> Vec<String> {
    session.take_flashes()
}

impl FromRequestParts<AppState> for Flash {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        Ok(Flash(
            session,
            i18n::for_reader(&parts.headers, &state.config.languages),
        ))
    }
}
