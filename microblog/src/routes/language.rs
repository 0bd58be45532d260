//! `POST /language`: the footer's language switcher. The choice is remembered in a cookie for
//! a year (visitors have no profile to keep it in) and beats the browser's `Accept-Language`.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use crate::auth::safe_next;
use crate::i18n::{self, Lang};
use crate::state::AppState;
use crate::Error;

/// How long the choice is remembered.
const REMEMBER_FOR: cookie::time::Duration = cookie::time::Duration::days(365);

pub fn router() -> Router<AppState> {
    Router::new().route("/language", post(choose))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Choice {
    lang: String,
    /// The page to go back to (a path of this site; anything else goes to the index).
    next: String,
}

async fn choose(
    State(state): State<AppState>,
    lang: Lang,
    Form(choice): Form<Choice>,
) -> Result<Response, Error> {
    let Some(chosen) = Lang::from_code(&choice.lang).filter(|l| state.config.languages.contains(l))
    else {
        return Err(Error::BadRequest(lang.t("error-bad-language")));
    };
    let mut cookie = Cookie::new(i18n::COOKIE_NAME, chosen.code());
    cookie.set_path("/");
    cookie.set_max_age(REMEMBER_FOR);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.config.session_cookie_secure);
    let mut response = Redirect::to(&safe_next(Some(&choice.next))).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}
