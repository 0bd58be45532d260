//! Who calls the API: [`BasicUser`] (HTTP basic, only to get a token) and [`TokenUser`] (a
//! bearer token, everything else). The API has no session layer, so a logged-in browser's
//! cookie never authenticates a call, and no CSRF check is needed: a browser cannot be made to
//! send a bearer token.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::prelude::{Engine, BASE64_STANDARD};

use super::error::{ApiError, Scheme};
use crate::models::{token, user, User};
use crate::state::AppState;

/// The credentials of the `Authorization` header for `scheme` (compared without case).
fn credentials<'a>(parts: &'a Parts, scheme: &str) -> Option<&'a str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (given, rest) = value.split_once(' ')?;
    given
        .eq_ignore_ascii_case(scheme)
        .then(|| rest.trim())
        .filter(|rest| !rest.is_empty())
}

/// The user whose name and password came with the request (HTTP basic).
pub struct BasicUser(pub User);

impl FromRequestParts<AppState> for BasicUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let refused = || ApiError::Unauthorized(Scheme::Basic);
        let encoded = credentials(parts, "Basic").ok_or_else(refused)?;
        let decoded = BASE64_STANDARD.decode(encoded).map_err(|_| refused())?;
        let decoded = String::from_utf8(decoded).map_err(|_| refused())?;
        let (username, password) = decoded.split_once(':').ok_or_else(refused)?;
        match user::by_username(&state.db, username).await? {
            Some(user) if user::check_password_blocking(&user, password.to_owned()).await? => {
                Ok(BasicUser(user))
            }
            _ => Err(refused()),
        }
    }
}

/// The user whose valid token came with the request (`Authorization: Bearer <token>`).
pub struct TokenUser(pub User);

impl FromRequestParts<AppState> for TokenUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let refused = || ApiError::Unauthorized(Scheme::Bearer);
        let presented = credentials(parts, "Bearer").ok_or_else(refused)?;
        token::check(&state.db, presented)
            .await?
            .map(TokenUser)
            .ok_or_else(refused)
    }
}
