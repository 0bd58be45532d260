//! Beyond upstream: the posts. Every post, one post, the caller's timeline, a user's posts
//! (paginated as the users are), and publishing a post (the post form's rules).

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::TokenUser;
use super::error::{ApiError, ErrorBody};
use super::iso_time;
use super::json::JsonObject;
use super::pagination::{Links, Meta, Paging};
use super::users::parse_id;
use crate::forms::Errors;
use crate::models::post::{self, Post, BODY_MAX};
use crate::models::user;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posts", get(get_posts).post(create_post))
        .route("/posts/{id}", get(get_post))
        .route("/timeline", get(get_timeline))
        .route("/users/{id}/posts", get(get_user_posts))
}

/// A post as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostJson {
    pub id: i64,
    pub body: String,
    /// When it was published, ISO 8601 in UTC.
    #[schema(format = DateTime, example = "2026-11-30T02:52:42.123000+00:00")]
    pub timestamp: String,
    /// The language detected (may be empty).
    pub language: String,
    pub author: PostAuthor,
    #[serde(rename = "_links")]
    pub links: PostLinks,
}

/// Who wrote a post.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostAuthor {
    pub id: i64,
    pub username: String,
}

/// Where to read more of a post.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostLinks {
    #[serde(rename = "self")]
    pub self_: String,
    /// The author's record.
    pub author: String,
    /// The author's Gravatar image, 70 pixels (as on the pages).
    pub avatar: String,
}

impl From<Post> for PostJson {
    fn from(post: Post) -> Self {
        PostJson {
            id: post.id,
            timestamp: iso_time(post.timestamp),
            links: PostLinks {
                self_: format!("/api/posts/{}", post.id),
                author: format!("/api/users/{}", post.user_id),
                avatar: user::avatar_url(&post.email, 70),
            },
            author: PostAuthor {
                id: post.user_id,
                username: post.username,
            },
            body: post.body,
            language: post.language,
        }
    }
}

/// A page of posts, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostList {
    pub items: Vec<PostJson>,
    #[serde(rename = "_meta")]
    pub meta: Meta,
    #[serde(rename = "_links")]
    pub links: Links,
}

fn post_list(posts: Vec<Post>, total: i64, paging: Paging, path: &str) -> Json<PostList> {
    let (meta, links) = paging.describe(total, path);
    Json(PostList {
        items: posts.into_iter().map(PostJson::from).collect(),
        meta,
        links,
    })
}

/// Every post (the Explore page).
#[utoipa::path(
    get,
    path = "/api/posts",
    tag = "posts",
    security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "A page of every post, newest first", body = PostList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
    )
)]
pub async fn get_posts(
    State(state): State<AppState>,
    _: TokenUser,
    paging: Paging,
) -> Result<Json<PostList>, ApiError> {
    let total = post::count_all(&state.db).await?;
    let posts = post::explore(&state.db, paging.window()).await?;
    Ok(post_list(posts, total, paging, "/api/posts"))
}

/// The caller's timeline: their posts and those of the users they follow (the home page).
#[utoipa::path(
    get,
    path = "/api/timeline",
    tag = "posts",
    security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "A page of the caller's timeline, newest first", body = PostList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
    )
)]
pub async fn get_timeline(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    paging: Paging,
) -> Result<Json<PostList>, ApiError> {
    let total = post::count_timeline(&state.db, me.id).await?;
    let posts = post::timeline(&state.db, me.id, paging.window()).await?;
    Ok(post_list(posts, total, paging, "/api/timeline"))
}

/// A user's posts (their profile page).
#[utoipa::path(
    get,
    path = "/api/users/{id}/posts",
    tag = "posts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id"), Paging),
    responses(
        (status = 200, description = "A page of the user's posts, newest first", body = PostList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
pub async fn get_user_posts(
    State(state): State<AppState>,
    _: TokenUser,
    Path(id): Path<String>,
    paging: Paging,
) -> Result<Json<PostList>, ApiError> {
    let id = parse_id(&id)?;
    if user::by_id(&state.db, id).await?.is_none() {
        return Err(ApiError::NotFound(
            "There is no user with this id.".to_owned(),
        ));
    }
    let total = post::count_by_author(&state.db, id).await?;
    let posts = post::by_author(&state.db, id, paging.window()).await?;
    Ok(post_list(
        posts,
        total,
        paging,
        &format!("/api/users/{id}/posts"),
    ))
}

const NO_POST: &str = "There is no post with this id.";

/// One post.
#[utoipa::path(
    get,
    path = "/api/posts/{id}",
    tag = "posts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post", body = PostJson),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    )
)]
pub async fn get_post(
    State(state): State<AppState>,
    _: TokenUser,
    Path(id): Path<String>,
) -> Result<Json<PostJson>, ApiError> {
    let id = super::path_id(&id).ok_or_else(|| ApiError::NotFound(NO_POST.to_owned()))?;
    let post = post::by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(NO_POST.to_owned()))?;
    Ok(Json(post.into()))
}

/// A new post.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPost {
    /// 1 to 140 characters once trimmed.
    #[schema(example = "Hello from the API!")]
    pub body: String,
}

/// Publish a post as the caller (the post form's rules: 1 to 140 characters once trimmed).
#[utoipa::path(
    post,
    path = "/api/posts",
    tag = "posts",
    security(("bearer" = [])),
    request_body = NewPost,
    responses(
        (status = 201, description = "The new post; Location is its URL", body = PostJson,
         headers(("Location" = String, description = "/api/posts/<id>"))),
        (status = 400, description = "A missing or invalid body, a body that is not a JSON object", body = ErrorBody),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = ErrorBody),
    )
)]
pub async fn create_post(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let new: NewPost = body.parse()?;
    let text = new.body.trim();
    let mut errors = Errors::default();
    errors
        .required("body", text)
        .length("body", text, 1, BODY_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let id = post::create(&state.db, me.id, text).await?;
    let post = post::by_id(&state.db, id)
        .await?
        .ok_or_else(|| crate::Error::internal("a post just published cannot be read"))?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/posts/{id}"))],
        Json(PostJson::from(post)),
    )
        .into_response())
}
