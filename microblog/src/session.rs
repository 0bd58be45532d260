//! The session: a small JSON document in a signed cookie (like Flask's), loaded by a middleware
//! before the handlers run and written back only when something changed. The cookie is
//! HttpOnly and SameSite=Lax, `Secure` when `SESSION_COOKIE_SECURE` is set; with "Remember Me"
//! it outlives the browser (a year), otherwise it ends with the browser session.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};

use crate::clock::now_seconds;
use crate::models::User;
use crate::signing::random_token;
use crate::state::AppState;
use crate::Error;

/// The cookie's name.
pub const COOKIE_NAME: &str = "session";
/// The purpose the cookie is signed for.
const PURPOSE: &str = "session";
/// How long a remembered login lasts.
const REMEMBER_FOR: cookie::time::Duration = cookie::time::Duration::days(365);
/// How long any other login lasts at most, even in a browser that restores its sessions.
const LOGIN_FOR: cookie::time::Duration = cookie::time::Duration::days(31);

/// What the cookie holds. Short field names keep it small.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Data {
    /// The logged-in user.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    user_id: Option<i64>,
    /// A fingerprint of that user's password hash when they logged in.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    stamp: Option<String>,
    /// When the user logged in (Unix seconds).
    #[serde(rename = "t", default)]
    since: i64,
    /// "Remember Me" was ticked.
    #[serde(rename = "r", default, skip_serializing_if = "std::ops::Not::not")]
    remember: bool,
    /// The CSRF token of this browser.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    csrf: Option<String>,
    /// Messages to show once, on the next page.
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    flashes: Vec<String>,
}

#[derive(Default)]
struct Inner {
    data: Data,
    changed: bool,
    /// The user loaded from the database for this request (not stored in the cookie).
    user: Option<User>,
}

/// The session of the current request. Cheap to clone; every clone is the same session.
#[derive(Clone, Default)]
pub struct Session(Arc<Mutex<Inner>>);

impl Session {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // No code panics while holding the lock; recover the data if one ever did.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn change(&self, f: impl FnOnce(&mut Data)) {
        let mut inner = self.lock();
        let before = inner.data.clone();
        f(&mut inner.data);
        if inner.data != before {
            inner.changed = true;
        }
    }

    /// The logged-in user, once the auth middleware has loaded them.
    pub fn user(&self) -> Option<User> {
        self.lock().user.clone()
    }

    pub(crate) fn set_user(&self, user: Option<User>) {
        self.lock().user = user;
    }

    /// The user id and password stamp the cookie claims, unless that login is too old (then
    /// it is ended).
    pub(crate) fn claimed_login(&self) -> Option<(i64, String)> {
        let (user_id, stamp, since, remember) = {
            let inner = self.lock();
            let data = &inner.data;
            (
                data.user_id?,
                data.stamp.clone().unwrap_or_default(),
                data.since,
                data.remember,
            )
        };
        if expired(since, remember, now_seconds()) {
            self.logout();
            return None;
        }
        Some((user_id, stamp))
    }

    pub fn login(&self, user: &User, remember: bool) {
        self.change(|data| {
            data.user_id = Some(user.id);
            data.stamp = Some(user.session_stamp());
            data.since = now_seconds();
            data.remember = remember;
        });
        self.set_user(Some(user.clone()));
    }

    pub fn logout(&self) {
        self.change(|data| {
            data.user_id = None;
            data.stamp = None;
            data.since = 0;
            data.remember = false;
        });
        self.set_user(None);
    }

    /// This browser's CSRF token, made on first use.
    pub fn csrf_token(&self) -> String {
        let mut token = None;
        self.change(|data| token = Some(data.csrf.get_or_insert_with(|| random_token(32)).clone()));
        token.unwrap_or_default()
    }

    /// The CSRF token, if one was ever given to this browser.
    pub(crate) fn existing_csrf_token(&self) -> Option<String> {
        self.lock().data.csrf.clone()
    }

    pub(crate) fn push_flash(&self, message: String) {
        self.change(|data| data.flashes.push(message));
    }

    pub(crate) fn take_flashes(&self) -> Vec<String> {
        let mut flashes = Vec::new();
        self.change(|data| flashes = std::mem::take(&mut data.flashes));
        flashes
    }

    fn load(state: &AppState, parts: &Parts) -> Self {
        let data = cookies_named(&parts.headers, COOKIE_NAME)
            .find_map(|c| state.signer.verify(PURPOSE, c.value()))
            .and_then(|payload| serde_json::from_slice::<Data>(&payload).ok());
        Self(Arc::new(Mutex::new(Inner {
            data: data.unwrap_or_default(),
            ..Inner::default()
        })))
    }

    /// The `Set-Cookie` value when the session changed.
    fn set_cookie(&self, state: &AppState) -> Option<HeaderValue> {
        let inner = self.lock();
        if !inner.changed {
            return None;
        }
        let secure = state.config.session_cookie_secure;
        let mut cookie = if inner.data == Data::default() {
            let mut gone = Cookie::new(COOKIE_NAME, "");
            gone.make_removal();
            gone
        } else {
            let json = serde_json::to_vec(&inner.data).ok()?;
            let mut cookie = Cookie::new(COOKIE_NAME, state.signer.sign(PURPOSE, &json));
            if inner.data.remember {
                cookie.set_max_age(REMEMBER_FOR);
            }
            cookie
        };
        cookie.set_path("/");
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(secure);
        HeaderValue::from_str(&cookie.to_string()).ok()
    }
}

/// The cookies called `name` a request carries (a browser may send two of one name, for two
/// paths), in the order sent.
pub(crate) fn cookies_named<'a>(
    headers: &'a HeaderMap,
    name: &'a str,
) -> impl Iterator<Item = Cookie<'a>> + 'a {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .filter(move |c| c.name() == name)
}

/// Whether a login made at `since` has outlived its cookie.
fn expired(since: i64, remember: bool, now: i64) -> bool {
    let lifetime = if remember { REMEMBER_FOR } else { LOGIN_FOR };
    now.saturating_sub(since) > lifetime.whole_seconds()
}

/// Loads the session into the request and writes the cookie back when it changed.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let session = Session::load(&state, &parts);
    parts.extensions.insert(session.clone());
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(cookie) = session.set_cookie(&state) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| Error::internal("the session middleware is not layered on this route"))
    }
}

#[cfg(test)]
mod tests {
    use super::expired;

    #[test]
    fn logins_end_after_a_month_or_a_year_when_remembered() {
        let day = 86_400;
        let now = 1_000 * day;
        assert!(!expired(now - 30 * day, false, now));
        assert!(expired(now - 32 * day, false, now));
        assert!(!expired(now - 364 * day, true, now));
        assert!(expired(now - 366 * day, true, now));
        assert!(
            expired(0, false, now),
            "a cookie without a login time is too old"
        );
    }
}
