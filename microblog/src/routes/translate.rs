//! `POST /translate`: the page's script asks for a post in the reader's language. JSON in
//! (`{text, source_language, dest_language}`), JSON out (`{text}`, or `{error}` with a status
//! that says what went wrong); behind the login and the CSRF check (the `X-CSRFToken` header).

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::translate::TranslateError;

/// The longest text translated, in characters (a post is 140).
const TEXT_MAX: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new().route("/translate", post(translate))
}

#[derive(Deserialize)]
struct Asked {
    text: String,
    source_language: String,
    dest_language: String,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// A language code as posts and readers have them: two to five letters, or with a region.
fn language_code(code: &str) -> bool {
    (2..=7).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}

async fn translate(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
    lang: Lang,
    asked: Result<Json<Asked>, JsonRejection>,
) -> Response {
    let Json(asked) = match asked {
        Ok(asked) => asked,
        Err(rejection) => return error(rejection.status(), rejection.body_text()),
    };
    let text = asked.text.trim();
    if text.is_empty() || text.chars().count() > TEXT_MAX || text.contains('\0') {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.msg("translate-text-length")
                .num("max", TEXT_MAX as i64)
                .to_string(),
        );
    }
    for (field, code) in [
        ("source_language", &asked.source_language),
        ("dest_language", &asked.dest_language),
    ] {
        if !language_code(code) {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang.msg("translate-bad-language")
                    .arg("field", field)
                    .to_string(),
            );
        }
    }
    let Some(translator) = &state.translator else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            lang.t("translate-not-configured"),
        );
    };
    match translator
        .translate(text, &asked.source_language, &asked.dest_language)
        .await
    {
        Ok(text) => Json(json!({ "text": text })).into_response(),
        Err(e) => {
            tracing::warn!("translation failed: {e}");
            let status = match e {
                TranslateError::Timeout => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::BAD_GATEWAY,
            };
            let message = match e {
                TranslateError::Timeout => lang.t("translate-timeout"),
                TranslateError::Unreachable => lang.t("translate-unreachable"),
                TranslateError::Refused(reason) => lang
                    .msg("translate-refused")
                    .arg("reason", reason)
                    .to_string(),
                TranslateError::BadAnswer => lang.t("translate-bad-answer"),
            };
            error(status, message)
        }
    }
}
