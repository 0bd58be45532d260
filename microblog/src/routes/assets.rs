//! The stylesheet, the script (hover popup, offline avatars) and the icon, built into the
//! binary (one file to ship, nothing to write at run time) and served with caching headers. In DEV they are read from the source
//! tree when it is there, so a style edit shows on reload without a rebuild.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;
use crate::Error;

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(asset))
}

/// (name, content type, content)
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../static/style.css"),
    ),
    (
        "site.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/site.js"),
    ),
    // Without an icon of its own, a browser asks for /favicon.ico on every page, and logs the
    // 404 as an error in the console.
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../static/favicon.svg"),
    ),
];

async fn asset(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, Error> {
    let &(name, content_type, embedded) = ASSETS
        .iter()
        .find(|(name, _, _)| *name == file)
        .ok_or(Error::NotFound)?;
    if state.config.is_dev() {
        let on_disk = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(name);
        if let Ok(content) = tokio::fs::read_to_string(on_disk).await {
            return Ok((
                [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
                content,
            )
                .into_response());
        }
    }
    // URLs carry the version (`?v=`), so a day of caching is safe.
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        embedded,
    )
        .into_response())
}
