//! CSRF protection for every form: a POST (or any unsafe method) must carry a `csrf_token`
//! field (or, from the page's script, an `X-CSRFToken` header, as Flask-WTF accepts) equal to
//! the token kept in the session, else it is refused with 400 and a message.
//! The middleware reads the form body itself, so no handler can forget the check.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::i18n;
use crate::session::Session;
use crate::signing::same_secret;
use crate::state::AppState;
use crate::Error;

/// The form field carrying the token, as in Flask-WTF.
pub const FIELD: &str = "csrf_token";
/// The header the page's script sends the token in.
pub const HEADER: &str = "x-csrftoken";
/// Largest form body accepted (posts are 140 characters; this leaves ample room).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

pub async fn middleware(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return Error::PayloadTooLarge.into_response();
    };
    let sent = match parts.headers.get(HEADER) {
        Some(header) => Some(header.to_str().unwrap_or_default().to_owned()),
        None => form_urlencoded::parse(&bytes)
            .find(|(name, _)| name == FIELD)
            .map(|(_, value)| value.into_owned()),
    };
    if let Err(id) = check(session.existing_csrf_token().as_deref(), sent.as_deref()) {
        let lang = i18n::for_reader(&parts.headers, &state.config.languages);
        return Error::BadRequest(lang.t(id)).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The message (Flask-WTF's, in the catalogs) for each way the check fails.
fn check(expected: Option<&str>, sent: Option<&str>) -> Result<(), &'static str> {
    match (expected, sent) {
        (_, None | Some("")) => Err("error-csrf-missing"),
        (None, Some(_)) => Err("error-csrf-session-missing"),
        (Some(expected), Some(sent)) if same_secret(expected, sent) => Ok(()),
        (Some(_), Some(_)) => Err("error-csrf-invalid"),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn only_the_session_token_passes() {
        assert_eq!(check(Some("abc"), Some("abc")), Ok(()));
        assert_eq!(check(Some("abc"), None), Err("error-csrf-missing"));
        assert_eq!(check(Some("abc"), Some("")), Err("error-csrf-missing"));
        assert_eq!(check(None, Some("abc")), Err("error-csrf-session-missing"));
        assert_eq!(check(Some("abc"), Some("abd")), Err("error-csrf-invalid"));
    }
}
