//! Accounts: register, log in and out, reset a forgotten password by e-mail. Every page here
//! but logout is for visitors only ([`Anonymous`]).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};

use crate::auth::{safe_next, Anonymous};
use crate::clock;
use crate::flash::Flash;
use crate::forms::{Errors, LoginForm, RegisterForm, ResetForm, ResetRequestForm};
use crate::mail::Mail;
use crate::models::user::{self, Taken, User};
use crate::session::Session;
use crate::signing::{check_reset_token, reset_token};
use crate::state::AppState;
use crate::views::{form_page, Page};
use crate::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_moved))
        .route("/auth/login", get(login_form).post(login))
        .route("/auth/logout", get(logout))
        .route("/auth/register", get(register_form).post(register))
        .route(
            "/auth/reset_password_request",
            get(reset_request_form).post(reset_request),
        )
        .route("/auth/reset_password/{token}", get(reset_form).post(reset))
}

fn to_index() -> Response {
    Redirect::to("/index").into_response()
}

/// The `next` parameter of a query string.
fn next_of(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "next")
        .map(|(_, value)| value.into_owned())
}

// ----- login / logout -----

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    form: LoginForm,
    errors: Errors,
}

impl LoginPage {
    fn respond(page: Page, form: LoginForm, errors: Errors) -> Result<Response, Error> {
        let page = LoginPage {
            page: page.titled_t("login-title"),
            form,
            errors,
        };
        form_page(&page, &page.errors)
    }
}

async fn login_moved(RawQuery(query): RawQuery) -> Redirect {
    match query {
        Some(query) => Redirect::permanent(&format!("/auth/login?{query}")),
        None => Redirect::permanent("/auth/login"),
    }
}

async fn login_form(_: Anonymous, page: Page) -> Result<Response, Error> {
    LoginPage::respond(page, LoginForm::default(), Errors::default())
}

async fn login(
    _: Anonymous,
    State(state): State<AppState>,
    session: Session,
    flash: Flash,
    page: Page,
    RawQuery(query): RawQuery,
    Form(form): Form<LoginForm>,
) -> Result<Response, Error> {
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        return LoginPage::respond(page, form, errors);
    }
    let user = user::by_username(&state.db, form.username.trim()).await?;
    let user = match user {
        Some(user) if user::check_password_blocking(&user, form.password.clone()).await? => user,
        _ => {
            flash.push("flash-invalid-login");
            let back = match query {
                Some(query) => format!("/auth/login?{query}"),
                None => "/auth/login".to_owned(),
            };
            return Ok(Redirect::to(&back).into_response());
        }
    };
    session.login(&user, form.remember_me.is_some());
    Ok(Redirect::to(&safe_next(next_of(query.as_deref()).as_deref())).into_response())
}

async fn logout(session: Session) -> Response {
    session.logout();
    to_index()
}

// ----- register -----

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    page: Page,
    form: RegisterForm,
    errors: Errors,
}

impl RegisterPage {
    fn respond(page: Page, form: RegisterForm, errors: Errors) -> Result<Response, Error> {
        let page = RegisterPage {
            page: page.titled_t("register-title"),
            form,
            errors,
        };
        form_page(&page, &page.errors)
    }
}

pub(crate) const USERNAME_TAKEN: &str = "form-username-taken";
pub(crate) const EMAIL_TAKEN: &str = "form-email-taken";

async fn register_form(_: Anonymous, page: Page) -> Result<Response, Error> {
    RegisterPage::respond(page, RegisterForm::default(), Errors::default())
}

async fn register(
    _: Anonymous,
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    Form(form): Form<RegisterForm>,
) -> Result<Response, Error> {
    let mut errors = form.validate(page.lang);
    let (username, email) = (form.username.trim(), form.email.trim());
    // Both taken fields are named at once, as the Flask form's validators do.
    if errors.ok("username") && user::by_username(&state.db, username).await?.is_some() {
        errors.add("username", USERNAME_TAKEN);
    }
    if errors.ok("email") && user::by_email(&state.db, email).await?.is_some() {
        errors.add("email", EMAIL_TAKEN);
    }
    if errors.is_empty() {
        // The database has the last word: someone may have taken either meanwhile.
        match user::create(&state.db, username, email, &form.password).await? {
            Ok(_) => {
                flash.push("flash-registered");
                return Ok(Redirect::to("/auth/login").into_response());
            }
            Err(Taken::Username) => errors.add("username", USERNAME_TAKEN),
            Err(Taken::Email) => errors.add("email", EMAIL_TAKEN),
        }
    }
    RegisterPage::respond(page, form, errors)
}

// ----- password reset -----

#[derive(Template)]
#[template(path = "reset_password_request.html")]
struct ResetRequestPage {
    page: Page,
    form: ResetRequestForm,
    errors: Errors,
}

impl ResetRequestPage {
    fn respond(page: Page, form: ResetRequestForm, errors: Errors) -> Result<Response, Error> {
        let page = ResetRequestPage {
            page: page.titled_t("reset-request-title"),
            form,
            errors,
        };
        form_page(&page, &page.errors)
    }
}

async fn reset_request_form(_: Anonymous, page: Page) -> Result<Response, Error> {
    ResetRequestPage::respond(page, ResetRequestForm::default(), Errors::default())
}

async fn reset_request(
    _: Anonymous,
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<ResetRequestForm>,
) -> Result<Response, Error> {
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        return ResetRequestPage::respond(page, form, errors);
    }
    // The same answer whether the address is known or not: it tells nobody who has an account.
    if let Some(user) = user::by_email(&state.db, form.email.trim()).await? {
        let token = reset_token(&state.signer, &user, clock::now_seconds());
        let link = format!("{}/auth/reset_password/{token}", base_url(&state, &headers));
        let body = page
            .lang
            .msg("mail-reset-body")
            .arg("username", &user.username)
            .arg("link", &link);
        state.mailer.send(Mail {
            to: vec![user.email.clone()],
            subject: page.lang.t("mail-reset-subject"),
            body: body.to_string(),
            ..Mail::default()
        });
    }
    flash.push("flash-reset-sent");
    Ok(Redirect::to("/auth/login").into_response())
}

/// The site's address for links in mails: `BASE_URL`, else what the browser asked for.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = state.config.base_url.as_deref() {
        return base.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct ResetPage {
    page: Page,
    errors: Errors,
}

impl ResetPage {
    fn respond(page: Page, errors: Errors) -> Result<Response, Error> {
        let page = ResetPage {
            page: page.titled_t("reset-title"),
            errors,
        };
        form_page(&page, &page.errors)
    }
}

/// The user a reset link is for, if the link is valid.
async fn reset_user(state: &AppState, token: &str) -> Result<Option<User>, Error> {
    let Some((id, stamp)) = check_reset_token(&state.signer, token, clock::now_seconds()) else {
        return Ok(None);
    };
    Ok(user::by_id(&state.db, id)
        .await?
        .filter(|user| user.session_stamp() == stamp))
}

async fn reset_form(
    _: Anonymous,
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, Error> {
    if reset_user(&state, &token).await?.is_none() {
        return Ok(to_index());
    }
    ResetPage::respond(page, Errors::default())
}

async fn reset(
    _: Anonymous,
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, Error> {
    let Some(user) = reset_user(&state, &token).await? else {
        return Ok(to_index());
    };
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        return ResetPage::respond(page, errors);
    }
    user::set_password(&state.db, user.id, &form.password).await?;
    // The sessions opened with the old password end on their next request.
    state.users.forget(user.id);
    flash.push("flash-password-reset");
    Ok(Redirect::to("/auth/login").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_read_from_the_query() {
        assert_eq!(
            next_of(Some("next=%2Fexplore%3Fpage%3D2")).as_deref(),
            Some("/explore?page=2")
        );
        assert_eq!(next_of(Some("a=b")), None);
        assert_eq!(next_of(None), None);
    }
}
