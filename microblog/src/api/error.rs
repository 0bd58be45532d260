//! The API's errors, answered as JSON `{"error": <reason>, "message": <what to do>}` in one
//! place ([`ApiError`]'s `IntoResponse`), and a middleware that gives the same shape to the
//! answers no handler wrote (an unknown path, a wrong method, a body over the limit).

use std::collections::BTreeMap;

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ErrorPage;
use crate::forms::Errors;
use crate::state::AppState;
use crate::Error;

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The status's reason phrase, e.g. `Bad Request`.
    #[schema(example = "Bad Request")]
    pub error: String,
    /// What went wrong, for a person.
    #[schema(example = "username: This field is required.")]
    pub message: String,
    /// Each invalid field's messages (only when fields were checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
}

/// Which credentials a 401 asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Basic,
    Bearer,
}

/// What an API handler or extractor can answer besides its result.
#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    /// Fields that break the forms' rules, with their messages.
    Invalid(Errors),
    Unauthorized(Scheme),
    Forbidden(String),
    NotFound(String),
    PayloadTooLarge,
    UnsupportedMediaType,
    /// A database or internal failure: logged, answered with a generic message.
    Internal(Error),
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound => ApiError::NotFound(NOT_FOUND.to_owned()),
            Error::BadRequest(message) => ApiError::BadRequest(message),
            Error::Forbidden(message) => ApiError::Forbidden(message),
            Error::PayloadTooLarge => ApiError::PayloadTooLarge,
            other => ApiError::Internal(other),
        }
    }
}

/// The message of a 404.
pub const NOT_FOUND: &str = "There is nothing at this address.";

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::Invalid(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The message of a status no handler explained.
fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "The request could not be understood.",
        StatusCode::UNAUTHORIZED => "Valid credentials are required.",
        StatusCode::FORBIDDEN => "You may not do this.",
        StatusCode::NOT_FOUND => NOT_FOUND,
        StatusCode::METHOD_NOT_ALLOWED => {
            "This method is not allowed here: the Allow header lists those that are."
        }
        StatusCode::REQUEST_TIMEOUT => "The request took too long.",
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "The request body must be JSON, sent with Content-Type: application/json."
        }
        StatusCode::INTERNAL_SERVER_ERROR => "An unexpected error has occurred.",
        _ => "The request failed.",
    }
}

/// Marks a response whose JSON error body is already written.
#[derive(Debug, Clone, Copy)]
struct Written;

fn json_error(
    status: StatusCode,
    message: String,
    fields: Option<BTreeMap<String, Vec<String>>>,
) -> Response {
    let body = ErrorBody {
        error: status.canonical_reason().unwrap_or("Error").to_owned(),
        message,
        fields,
    };
    let mut response = (status, axum::Json(body)).into_response();
    response.extensions_mut().insert(Written);
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            ApiError::BadRequest(message)
            | ApiError::Forbidden(message)
            | ApiError::NotFound(message) => json_error(status, message, None),
            ApiError::Invalid(errors) => {
                let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
                let mut message = Vec::new();
                for (field, text) in errors.iter() {
                    message.push(format!("{field}: {text}"));
                    fields
                        .entry(field.to_owned())
                        .or_default()
                        .push(text.to_owned());
                }
                json_error(status, message.join(" "), Some(fields))
            }
            ApiError::Unauthorized(scheme) => {
                let mut response = json_error(status, default_message(status).to_owned(), None);
                let challenge = match scheme {
                    Scheme::Basic => "Basic realm=\"Authentication Required\"",
                    Scheme::Bearer => "Bearer realm=\"Authentication Required\"",
                };
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
                response
            }
            ApiError::PayloadTooLarge | ApiError::UnsupportedMediaType => {
                json_error(status, default_message(status).to_owned(), None)
            }
            ApiError::Internal(error) => {
                let detail = error.chain();
                tracing::error!("{detail}");
                let mut response = json_error(status, default_message(status).to_owned(), None);
                response.extensions_mut().insert(ErrorPage {
                    message: None,
                    detail: Some(detail),
                });
                response
            }
        }
    }
}

/// Gives every error answer of the API the JSON shape, keeping the headers that explain it
/// (`Allow` on a 405), and mails the admins about an internal error as the pages do.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let what = format!("{} {}", request.method(), request.uri());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        let detail = response
            .extensions()
            .get::<ErrorPage>()
            .and_then(|page| page.detail.clone());
        crate::routes::errors::notify_admins(&state, &what, detail.as_deref());
    }
    if response.extensions().get::<Written>().is_some() {
        return response;
    }
    let mut written = json_error(status, default_message(status).to_owned(), None);
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            written.headers_mut().append(name, value.clone());
        }
    }
    written
}
