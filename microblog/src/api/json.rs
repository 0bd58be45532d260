//! Request bodies: a JSON object, read within the size limit, then typed. Each failure is a
//! 4xx with a message naming what to fix: 415 without a JSON content type, 413 over the
//! limit, 400 for a body that is not a JSON object or a field of the wrong type.

use axum::body::to_bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::ApiError;

/// The largest body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// `application/json`, `application/json; charset=utf-8`, `application/<x>+json`.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A request body that is a JSON object.
#[derive(Debug)]
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json);
        if !json {
            return Err(ApiError::UnsupportedMediaType);
        }
        // A body that cannot be read whole within the limit is too large (a client that hangs
        // up mid-body gets no answer anyway).
        let bytes = to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| ApiError::PayloadTooLarge)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::BadRequest(
                "The request body is empty: send a JSON object.".to_owned(),
            ));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => Ok(JsonObject(object)),
            Ok(_) => Err(ApiError::BadRequest(
                "The request body must be a JSON object.".to_owned(),
            )),
            Err(e) => Err(ApiError::BadRequest(format!(
                "The request body is not valid JSON: {e}."
            ))),
        }
    }
}

impl JsonObject {
    /// Refuses the object unless it has every one of `fields`.
    pub fn require(&self, fields: &[&str], message: &str) -> Result<(), ApiError> {
        if fields.iter().all(|field| self.0.contains_key(*field)) {
            Ok(())
        } else {
            Err(ApiError::BadRequest(message.to_owned()))
        }
    }

    /// The object as `T`; a field of the wrong type is named: `username: invalid type: …`.
    pub fn parse<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        serde_path_to_error::deserialize(Value::Object(self.0))
            .map_err(|e| ApiError::BadRequest(format!("{e}.")))
    }
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_content_types() {
        for good in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            assert!(is_json(good), "{good}");
        }
        for bad in [
            "",
            "text/plain",
            "application/x-www-form-urlencoded",
            "json",
        ] {
            assert!(!is_json(bad), "{bad}");
        }
    }
}
