//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations and the
//! types they answer with, so that it cannot drift from the code (a test checks real answers
//! against it): `GET /api/openapi.json`.

use std::sync::OnceLock;

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{error, pagination, posts, tokens, users};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "microblog API",
        description = "The JSON API of microblog: get a token with HTTP basic \
                       (POST /api/tokens), then send it as `Authorization: Bearer <token>`. \
                       Errors are `{\"error\", \"message\"}`."
    ),
    paths(
        tokens::get_token,
        tokens::revoke_token,
        users::get_users,
        users::create_user,
        users::get_user,
        users::update_user,
        users::get_followers,
        users::get_following,
        posts::get_posts,
        posts::create_post,
        posts::get_post,
        posts::get_timeline,
        posts::get_user_posts,
    ),
    components(schemas(error::ErrorBody, pagination::Meta, pagination::Links)),
    modifiers(&Schemes),
    tags(
        (name = "tokens", description = "Bearer tokens"),
        (name = "users", description = "Users, followers and followed (upstream's API)"),
        (name = "posts", description = "Posts and timelines (beyond upstream)"),
    )
)]
pub struct ApiDoc;

/// The two ways to authenticate: `basic` for a token, `bearer` for the rest.
struct Schemes;

impl Modify for Schemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The document as JSON, made once.
pub fn json() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the OpenAPI document serializes")
    })
}

pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], json())
}
