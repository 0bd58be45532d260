//! The HTTP application: one router per area, merged here with the middleware each needs.

use std::time::Duration;

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;
use crate::{access_log, api, body_limit, csrf, replica, session, telemetry};

/// The stylesheet and script.
pub mod assets;
/// Register, log in and out, reset a password.
pub mod auth;
/// Error pages (404, 500, …) for every answer that needs one.
pub mod errors;
/// `/health` for probes.
pub mod health;
/// The footer's language switcher.
pub mod language;
/// Home timeline with the post form, explore.
pub mod main;
/// Private messages, and the notifications pages poll for.
pub mod messages;
/// `POST /translate`, for the page's "Translate" links.
pub mod translate;
/// Profiles, popup, follow/unfollow, edit profile.
pub mod user;

/// The whole app. Each group of routes gets the layers it needs, and no more: the pages a
/// session, error pages in the layout, the logged-in user and the CSRF check; the static files
/// a session and error pages (a 404 in the layout), no login to load; `/health` nothing, so a
/// probe neither touches the users nor gets a cookie; the JSON API under `/api` none of these
/// but layers of its own (`api::router`). Every answer then passes the security headers, gets
/// the name of the replica that served it, and is counted (metrics) and logged (access log). Requests go through the layers from the last added to
/// the first.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .merge(auth::router())
        .merge(main::router())
        .merge(user::router())
        .merge(messages::router())
        .merge(language::router())
        .merge(translate::router())
        .fallback(errors::not_found)
        .layer(from_fn_with_state(state.clone(), csrf::middleware))
        .layer(from_fn_with_state(state.clone(), crate::auth::middleware))
        .layer(from_fn_with_state(FORM_LIMIT, body_limit::middleware))
        .layer(from_fn_with_state(state.clone(), errors::middleware))
        .layer(from_fn_with_state(state.clone(), session::middleware))
        .layer(from_fn(varies_by_reader));
    let assets = assets::router()
        .layer(from_fn_with_state(FORM_LIMIT, body_limit::middleware))
        .layer(from_fn_with_state(state.clone(), errors::middleware))
        .layer(from_fn_with_state(state.clone(), session::middleware));
    // The timeout; the API has its own, answered in JSON.
    let site = Router::new()
        .merge(pages)
        .merge(assets)
        .merge(health::router().layer(from_fn_with_state(FORM_LIMIT, body_limit::middleware)))
        .layer(timeout());
    Router::new()
        .merge(site)
        .nest("/api", api::router(&state))
        // `nest` leaves out `/api/` itself: it is no page of the site either.
        .route("/api/", any(api::not_found))
        .layer(from_fn(security_headers))
        .layer(from_fn(replica::middleware))
        .layer(from_fn(telemetry::middleware))
        .layer(from_fn(access_log::middleware))
        .with_state(state)
}

/// The site's body limit, put inside each group's error layer so that a 413 is a page.
const FORM_LIMIT: body_limit::Limit = body_limit::Limit(csrf::MAX_FORM_BYTES);

/// How long a request may take before it is answered 408 (by each group in its own format).
pub(crate) fn timeout() -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30))
}

/// What browsers are told about every answer: only this site's scripts and styles run, avatars
/// come from Gravatar (or are drawn locally), no framing, no sniffing, no referrer leaves.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (
        CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' https://www.gravatar.com data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (X_FRAME_OPTIONS, "DENY"),
    (REFERRER_POLICY, "same-origin"),
];

/// A page depends on the reader's language (`Accept-Language`, the `lang` cookie) and session
/// (`Cookie`): said so for any cache between the app and the browser.
async fn varies_by_reader(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().append(
        axum::http::header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in SECURITY_HEADERS {
        response
            .headers_mut()
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
