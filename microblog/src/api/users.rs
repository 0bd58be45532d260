//! The users: one, all, a user's followers and followed (paginated), register, edit oneself.

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
use crate::forms::Errors;
use crate::models::user::{self, Listing, Summary, Taken, ABOUT_ME_MAX, USERNAME_MAX};
use crate::routes::auth::{EMAIL_TAKEN, USERNAME_TAKEN};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(get_users).post(create_user))
        .route("/users/{id}", get(get_user).put(update_user))
        .route("/users/{id}/followers", get(get_followers))
        .route("/users/{id}/following", get(get_following))
}

/// A user as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserJson {
    pub id: i64,
    pub username: String,
    /// Only in the caller's own record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When the user was last seen on the site, ISO 8601 in UTC.
    #[schema(format = DateTime, example = "2026-11-30T02:52:42.123000+00:00")]
    pub last_seen: String,
    pub about_me: String,
    pub post_count: i64,
    pub follower_count: i64,
    pub following_count: i64,
    #[serde(rename = "_links")]
    pub links: UserLinks,
}

/// Where to read more of a user.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserLinks {
    #[serde(rename = "self")]
    pub self_: String,
    pub followers: String,
    pub following: String,
    /// The Gravatar image, 128 pixels.
    pub avatar: String,
}

impl UserJson {
    /// `summary` as the API shows it; the address only when `own`.
    pub fn new(summary: Summary, own: bool) -> Self {
        let path = format!("/api/users/{}", summary.id);
        UserJson {
            id: summary.id,
            links: UserLinks {
                followers: format!("{path}/followers"),
                following: format!("{path}/following"),
                self_: path,
                avatar: user::avatar_url(&summary.email, 128),
            },
            username: summary.username,
            email: own.then_some(summary.email),
            last_seen: iso_time(summary.last_seen),
            about_me: summary.about_me,
            post_count: summary.post_count,
            follower_count: summary.follower_count,
            following_count: summary.following_count,
        }
    }
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserList {
    pub items: Vec<UserJson>,
    #[serde(rename = "_meta")]
    pub meta: Meta,
    #[serde(rename = "_links")]
    pub links: Links,
}

/// A user id from the path: anything but digits is no user (as upstream's `<int:id>`).
pub fn parse_id(id: &str) -> Result<i64, ApiError> {
    super::path_id(id)
        .ok_or_else(|| ApiError::NotFound("There is no user with this id.".to_owned()))
}

async fn summary_of(state: &AppState, id: &str) -> Result<Summary, ApiError> {
    let id = parse_id(id)?;
    user::summary(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("There is no user with this id.".to_owned()))
}

/// One user.
#[utoipa::path(
    get,
    path = "/api/users/{id}",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user (with the address when it is the caller)", body = UserJson),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
pub async fn get_user(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    Path(id): Path<String>,
) -> Result<Json<UserJson>, ApiError> {
    let summary = summary_of(&state, &id).await?;
    let own = summary.id == me.id;
    Ok(Json(UserJson::new(summary, own)))
}

async fn list(
    state: &AppState,
    me: i64,
    listing: Listing,
    paging: Paging,
    path: &str,
) -> Result<Json<UserList>, ApiError> {
    let (items, total) = user::list(&state.db, listing, paging.window()).await?;
    let (meta, links) = paging.describe(total, path);
    let items = items
        .into_iter()
        .map(|summary| {
            let own = summary.id == me;
            UserJson::new(summary, own)
        })
        .collect();
    Ok(Json(UserList { items, meta, links }))
}

/// Every user, in id order.
#[utoipa::path(
    get,
    path = "/api/users",
    tag = "users",
    security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "A page of users", body = UserList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
    )
)]
pub async fn get_users(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    paging: Paging,
) -> Result<Json<UserList>, ApiError> {
    list(&state, me.id, Listing::All, paging, "/api/users").await
}

/// The users who follow this one.
#[utoipa::path(
    get,
    path = "/api/users/{id}/followers",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id"), Paging),
    responses(
        (status = 200, description = "A page of the user's followers", body = UserList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
pub async fn get_followers(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    Path(id): Path<String>,
    paging: Paging,
) -> Result<Json<UserList>, ApiError> {
    let user = summary_of(&state, &id).await?;
    let path = format!("/api/users/{}/followers", user.id);
    list(&state, me.id, Listing::FollowersOf(user.id), paging, &path).await
}

/// The users this one follows.
#[utoipa::path(
    get,
    path = "/api/users/{id}/following",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id"), Paging),
    responses(
        (status = 200, description = "A page of the users this one follows", body = UserList),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
pub async fn get_following(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    Path(id): Path<String>,
    paging: Paging,
) -> Result<Json<UserList>, ApiError> {
    let user = summary_of(&state, &id).await?;
    let path = format!("/api/users/{}/following", user.id);
    list(&state, me.id, Listing::FollowedBy(user.id), paging, &path).await
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 1 to 64 characters, unique.
    #[schema(example = "susan")]
    pub username: String,
    /// A valid address, unique (in any case).
    #[schema(example = "susan@example.com")]
    pub email: String,
    #[schema(example = "cat")]
    pub password: String,
}

/// What upstream answers when a field of a new account is missing.
const MUST_INCLUDE: &str = "must include username, email and password fields";

/// Register (no token needed). The rules and messages are the registration form's.
#[utoipa::path(
    post,
    path = "/api/users",
    tag = "users",
    request_body = NewUser,
    responses(
        (status = 201, description = "The new user (with their address); Location is its URL", body = UserJson,
         headers(("Location" = String, description = "/api/users/<id>"))),
        (status = 400, description = "A missing or invalid field, a name or address taken, a body that is not a JSON object", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = ErrorBody),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    body: JsonObject,
) -> Result<Response, ApiError> {
    body.require(&["username", "email", "password"], MUST_INCLUDE)?;
    let new: NewUser = body.parse()?;
    let (username, email) = (new.username.trim(), new.email.trim());
    let mut errors = Errors::default();
    errors
        .required("username", username)
        .length("username", username, 0, USERNAME_MAX)
        .address("email", email)
        .required("password", &new.password);
    if errors.ok("username") && user::by_username(&state.db, username).await?.is_some() {
        errors.add("username", USERNAME_TAKEN);
    }
    if errors.ok("email") && user::by_email(&state.db, email).await?.is_some() {
        errors.add("email", EMAIL_TAKEN);
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let created = match user::create(&state.db, username, email, &new.password).await? {
        Ok(created) => created,
        Err(taken) => return Err(taken_error(taken)),
    };
    let summary = summary_of(&state, &created.id.to_string()).await?;
    let location = format!("/api/users/{}", summary.id);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(UserJson::new(summary, true)),
    )
        .into_response())
}

fn taken_error(taken: Taken) -> ApiError {
    let mut errors = Errors::default();
    match taken {
        Taken::Username => errors.add("username", USERNAME_TAKEN),
        Taken::Email => errors.add("email", EMAIL_TAKEN),
    }
    ApiError::Invalid(errors)
}

/// Changes to one's account: any of the three fields, the others kept.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UserUpdate {
    /// 1 to 64 characters, unique.
    pub username: Option<String>,
    /// A valid address, unique (in any case).
    pub email: Option<String>,
    /// At most 140 characters.
    pub about_me: Option<String>,
}

/// Edit one's own account (the profile form's rules, plus the address).
#[utoipa::path(
    put,
    path = "/api/users/{id}",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The caller's own id")),
    request_body = UserUpdate,
    responses(
        (status = 200, description = "The user as changed (with their address)", body = UserJson),
        (status = 400, description = "An invalid field, a name or address taken, a body that is not a JSON object", body = ErrorBody),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 403, description = "Not the caller's own account", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = ErrorBody),
    )
)]
pub async fn update_user(
    State(state): State<AppState>,
    TokenUser(me): TokenUser,
    Path(id): Path<String>,
    body: Result<JsonObject, ApiError>,
) -> Result<Json<UserJson>, ApiError> {
    if parse_id(&id)? != me.id {
        return Err(ApiError::Forbidden(
            "You can only change your own account.".to_owned(),
        ));
    }
    let update: UserUpdate = body?.parse()?;
    let username = update
        .username
        .as_deref()
        .map_or(me.username.as_str(), str::trim);
    let email = update.email.as_deref().map_or(me.email.as_str(), str::trim);
    let about_me = update
        .about_me
        .as_deref()
        .map_or(me.about_me.as_str(), str::trim);
    let mut errors = Errors::default();
    if update.username.is_some() {
        errors
            .required("username", username)
            .length("username", username, 0, USERNAME_MAX);
    }
    if update.email.is_some() {
        errors.address("email", email);
    }
    if update.about_me.is_some() {
        errors
            .clean("about_me", about_me)
            .length("about_me", about_me, 0, ABOUT_ME_MAX);
    }
    if errors.ok("username") && username != me.username {
        if let Some(other) = user::by_username(&state.db, username).await? {
            if other.id != me.id {
                errors.add("username", USERNAME_TAKEN);
            }
        }
    }
    if errors.ok("email") && !email.eq_ignore_ascii_case(&me.email) {
        if let Some(other) = user::by_email(&state.db, email).await? {
            if other.id != me.id {
                errors.add("email", EMAIL_TAKEN);
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    if let Err(taken) = user::update_account(&state.db, me.id, username, email, about_me).await? {
        return Err(taken_error(taken));
    }
    // The pages keep the session's user a second: let them see the new name at once.
    state.users.forget(me.id);
    let summary = summary_of(&state, &id).await?;
    Ok(Json(UserJson::new(summary, true)))
}
