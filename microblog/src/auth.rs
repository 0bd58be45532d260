//! Who is logged in. A middleware loads the session's user once per request (and records that
//! they were seen); it is layered on the pages only, never on `/health` or the static files.
//! Handlers say what they need with an extractor: [`CurrentUser`] for pages behind the login,
//! [`Anonymous`] for the pages only a visitor may see (sign in, register, reset a password).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::models::{user, User};
use crate::session::Session;
use crate::state::AppState;
use crate::{clock, flash, i18n};

/// Flask-Login's message when a page needs a login.
pub const LOGIN_REQUIRED: &str = "flash-login-required";

/// How often "last seen" is written for a user who keeps browsing: a profile shows it to the
/// minute, and a write per request would make every page wait for the database's commit.
pub const LAST_SEEN_EVERY_MILLIS: i64 = 60_000;

/// Loads the logged-in user into the session (from the database, or from the users read in the
/// last second: [`crate::user_cache`]), ending a session whose user is gone or whose password
/// changed since, and updates "last seen" when it is a minute old.
pub async fn middleware(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if let Some((id, stamp)) = session.claimed_login() {
        // Only a user read from the database starts a cached second: a hit never extends it, so
        // a password changed by another replica ends this session within the second.
        let user = match state.users.get(id) {
            Some(user) => Some(user),
            None => match user::by_id(&state.db, id).await {
                Ok(user) => {
                    if let Some(user) = &user {
                        state.users.put(user.clone());
                    }
                    user
                }
                Err(e) => return e.into_response(),
            },
        };
        match user {
            Some(mut user) if user.session_stamp() == stamp => {
                if clock::now_millis() - user.last_seen >= LAST_SEEN_EVERY_MILLIS {
                    match user::touch_last_seen(&state.db, user.id).await {
                        Ok(now) => {
                            user.last_seen = now;
                            state.users.seen(user.id, now);
                        }
                        Err(e) => return e.into_response(),
                    }
                }
                session.set_user(Some(user));
            }
            _ => {
                state.users.forget(id);
                session.logout();
            }
        }
    }
    next.run(request).await
}

/// The logged-in user; without one, the request is redirected to the login page, which comes
/// back here afterwards.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match session.user() {
            Some(user) => Ok(CurrentUser(user)),
            None => {
                let lang = i18n::for_reader(&parts.headers, &state.config.languages);
                flash::push(&session, lang, LOGIN_REQUIRED);
                let here = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned();
                let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
                Err(Redirect::to(&format!("/auth/login?next={next}")).into_response())
            }
        }
    }
}

/// Nobody is logged in; a logged-in user who asks for such a page goes to the index instead.
pub struct Anonymous;

impl<S: Send + Sync> FromRequestParts<S> for Anonymous {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match session.user() {
            None => Ok(Anonymous),
            Some(_) => Err(Redirect::to("/index").into_response()),
        }
    }
}

/// Where to go after logging in: `next` when it is a path on this site, else the index. Anything
/// that could leave the site (`//host`, `/\host`, `http://…`, control characters) is refused.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.chars().any(|c| c.is_control() || c == '\\') =>
        {
            next.to_owned()
        }
        _ => "/index".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_the_site() {
        assert_eq!(safe_next(Some("/user/susan?page=2")), "/user/susan?page=2");
        assert_eq!(safe_next(Some("/explore")), "/explore");
        for bad in [
            "",
            "http://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "evil",
            "javascript:alert(1)",
            "/\t/evil.example",
            "https:/x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/index", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/index");
    }
}
