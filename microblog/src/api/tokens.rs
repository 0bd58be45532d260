//! `POST /api/tokens` (HTTP basic → a bearer token) and `DELETE /api/tokens` (revoke it).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::{BasicUser, TokenUser};
use super::error::{ApiError, ErrorBody};
use crate::models::token;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/tokens", post(get_token).delete(revoke_token))
}

/// A bearer token.
#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    /// 32 hex digits, to send as `Authorization: Bearer <token>`.
    #[schema(example = "3f1c0e5a9b7d4e2f8a6c1b0d9e8f7a6b")]
    pub token: String,
}

/// Get a token: the current one while it has more than a minute left, else a new one valid
/// an hour.
#[utoipa::path(
    post,
    path = "/api/tokens",
    tag = "tokens",
    security(("basic" = [])),
    responses(
        (status = 200, description = "The caller's token", body = Token),
        (status = 401, description = "Missing or wrong name and password", body = ErrorBody),
    )
)]
pub async fn get_token(
    State(state): State<AppState>,
    BasicUser(user): BasicUser,
) -> Result<Json<Token>, ApiError> {
    let issued = token::issue(&state.db, &state.signer, user.id).await?;
    Ok(Json(Token {
        token: issued.token,
    }))
}

/// Revoke the caller's token at once.
#[utoipa::path(
    delete,
    path = "/api/tokens",
    tag = "tokens",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works"),
        (status = 401, description = "Missing, expired or revoked token", body = ErrorBody),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    TokenUser(user): TokenUser,
) -> Result<StatusCode, ApiError> {
    token::revoke(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
