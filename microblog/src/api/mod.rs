//! The JSON API under `/api`, as upstream's (tokens, users, followers) plus posts and an
//! OpenAPI document. It has layers of its own and none of the pages': no session (a cookie
//! never authenticates a call), no CSRF check (tokens are not sent by browsers on their own),
//! and every error, even one no handler wrote, answered as JSON.

use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::Router;
use time::macros::format_description;

use crate::state::AppState;

/// Who is calling: HTTP basic, bearer token.
pub mod auth;
/// The API's errors as JSON, and the middleware that makes every error JSON.
pub mod error;
/// Request bodies: a JSON object, within the limit, typed.
pub mod json;
/// The OpenAPI document, generated from the handlers.
pub mod openapi;
/// `page`/`per_page`, `_meta` and `_links`.
pub mod pagination;
/// Posts and timelines (beyond upstream).
pub mod posts;
/// Get and revoke a token.
pub mod tokens;
/// Users, followers, following; register, edit oneself.
pub mod users;

/// The API, to nest at `/api`: its routes, a JSON 404 for any other path under it, the body
/// limit and the timeout (inside the error middleware, so a 413 or a 408 is JSON too).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(tokens::router())
        .merge(users::router())
        .merge(posts::router())
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
        .layer(from_fn_with_state(
            crate::body_limit::Limit(json::MAX_BODY_BYTES),
            crate::body_limit::middleware,
        ))
        .layer(crate::routes::timeout())
        .layer(from_fn_with_state(state.clone(), error::middleware))
}

/// A JSON 404 for a path under `/api` that names nothing.
pub async fn not_found() -> error::ApiError {
    error::ApiError::NotFound(error::NOT_FOUND.to_owned())
}

/// An id from a path: digits only, as upstream's `<int:id>` (no sign, no spaces), within i64.
pub fn path_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A stored time (Unix milliseconds, UTC) as ISO 8601 with microseconds, as upstream's
/// `isoformat()`: `2026-11-30T02:52:42.123000+00:00`.
pub fn iso_time(millis: i64) -> String {
    crate::clock::from_millis(millis)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+00:00"
        ))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_digits_only() {
        assert_eq!(path_id("42"), Some(42));
        assert_eq!(path_id("007"), Some(7));
        for bad in [
            "",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1.0",
            "x",
            "99999999999999999999",
        ] {
            assert_eq!(path_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn times_are_iso_8601_with_microseconds() {
        assert_eq!(
            iso_time(1_700_000_001_000),
            "2023-11-14T22:13:21.000000+00:00"
        );
        assert_eq!(iso_time(123), "1970-01-01T00:00:00.123000+00:00");
    }
}
