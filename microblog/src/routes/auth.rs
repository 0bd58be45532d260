//! Accounts: register, log in and out, reset a forgotten password by e-mail.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use crate::auth::safe_next;
use crate::flash::Flash;
use crate::forms::Errors;
use crate::mail::Mail;
use crate::models::user::{self, User, EMAIL_MAX, USERNAME_MAX};
use crate::session::Session;
use crate::state::AppState;
use crate::views::{render, Page};
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

/// A page with a form, answered 200 when shown and 422 when sent back with errors.
fn form_page(errors: &Errors, template: &impl Template) -> Result<Response, Error> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(template)?).into_response())
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub remember_me: Option<String>,
}

impl LoginForm {
    fn validate(&self) -> Errors {
        let mut errors = Errors::default();
        errors
            .required("username", &self.username)
            .required("password", &self.password);
        errors
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    form: LoginForm,
    errors: Errors,
}

async fn login_moved(RawQuery(query): RawQuery) -> Redirect {
    match query {
        Some(query) => Redirect::permanent(&format!("/auth/login?{query}")),
        None => Redirect::permanent("/auth/login"),
    }
}

async fn login_form(page: Page) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let page = page.titled("Sign In");
    form_page(
        &Errors::default(),
        &LoginPage {
            page,
            form: LoginForm::default(),
            errors: Errors::default(),
        },
    )
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    flash: Flash,
    page: Page,
    RawQuery(query): RawQuery,
    Form(form): Form<LoginForm>,
) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let errors = form.validate();
    if !errors.is_empty() {
        let page = page.titled("Sign In");
        return form_page(
            &errors,
            &LoginPage {
                page,
                form,
                errors: errors.clone(),
            },
        );
    }
    let user = user::by_username(&state.db, form.username.trim()).await?;
    let user = match user {
        Some(user) if user::check_password_blocking(&user, form.password.clone()).await? => user,
        _ => {
            flash.push("Invalid username or password");
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    pub username: String,
    pub email: String,
    pub password: String,
    pub password2: String,
}

impl RegisterForm {
    fn validate(&self) -> Errors {
        let mut errors = Errors::default();
        errors
            .required("username", &self.username)
            .length("username", self.username.trim(), 0, USERNAME_MAX)
            .required("email", &self.email)
            .length("email", self.email.trim(), 0, EMAIL_MAX)
            .email("email", &self.email)
            .required("password", &self.password)
            .required("password2", &self.password2)
            .equal_to("password2", &self.password2, "password", &self.password);
        errors
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    page: Page,
    form: RegisterForm,
    errors: Errors,
}

async fn register_form(page: Page) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let page = page.titled("Register");
    form_page(
        &Errors::default(),
        &RegisterPage {
            page,
            form: RegisterForm::default(),
            errors: Errors::default(),
        },
    )
}

async fn register(
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    Form(form): Form<RegisterForm>,
) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let mut errors = form.validate();
    let (username, email) = (form.username.trim(), form.email.trim());
    if errors.ok("username") && user::by_username(&state.db, username).await?.is_some() {
        errors.add("username", "Please use a different username.");
    }
    if errors.ok("email") && user::by_email(&state.db, email).await?.is_some() {
        errors.add("email", "Please use a different email address.");
    }
    if errors.is_empty()
        && user::create(&state.db, username, email, &form.password)
            .await?
            .is_none()
    {
        // Someone took the name or the address between the checks and the insert.
        errors.add(
            "username",
            "Please use a different username or email address.",
        );
    }
    if !errors.is_empty() {
        let page = page.titled("Register");
        return form_page(
            &errors,
            &RegisterPage {
                page,
                form,
                errors: errors.clone(),
            },
        );
    }
    flash.push("Congratulations, you are now a registered user!");
    Ok(Redirect::to("/auth/login").into_response())
}

// ----- password reset -----

/// How long a reset link works, in seconds.
pub const RESET_TOKEN_LIFETIME: i64 = 600;
const RESET_PURPOSE: &str = "reset_password";

/// A signed token naming the user, valid `RESET_TOKEN_LIFETIME` seconds from `now`, and only
/// until the password changes (it carries the password's stamp): a link works once.
pub fn reset_token(signer: &crate::signing::Signer, user: &User, now: i64) -> String {
    let payload = format!(
        "{}:{}:{}",
        user.id,
        now + RESET_TOKEN_LIFETIME,
        user.session_stamp()
    );
    signer.sign(RESET_PURPOSE, payload.as_bytes())
}

/// The user id and password stamp of a valid, unexpired reset token.
pub fn check_reset_token(
    signer: &crate::signing::Signer,
    token: &str,
    now: i64,
) -> Option<(i64, String)> {
    let payload = String::from_utf8(signer.verify(RESET_PURPOSE, token)?).ok()?;
    let mut fields = payload.splitn(3, ':');
    let id = fields.next()?.parse().ok()?;
    let expires: i64 = fields.next()?.parse().ok()?;
    let stamp = fields.next()?.to_owned();
    (now < expires).then_some((id, stamp))
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetRequestForm {
    pub email: String,
}

#[derive(Template)]
#[template(path = "reset_password_request.html")]
struct ResetRequestPage {
    page: Page,
    form: ResetRequestForm,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "email/reset_password.txt", escape = "none")]
struct ResetMail<'a> {
    username: &'a str,
    link: &'a str,
}

async fn reset_request_form(page: Page) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let page = page.titled("Reset Password");
    form_page(
        &Errors::default(),
        &ResetRequestPage {
            page,
            form: ResetRequestForm::default(),
            errors: Errors::default(),
        },
    )
}

async fn reset_request(
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    headers: HeaderMap,
    Form(form): Form<ResetRequestForm>,
) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let mut errors = Errors::default();
    errors
        .required("email", &form.email)
        .length("email", form.email.trim(), 0, EMAIL_MAX)
        .email("email", &form.email);
    if !errors.is_empty() {
        let page = page.titled("Reset Password");
        return form_page(
            &errors,
            &ResetRequestPage {
                page,
                form,
                errors: errors.clone(),
            },
        );
    }
    if let Some(user) = user::by_email(&state.db, form.email.trim()).await? {
        let token = reset_token(&state.signer, &user, unix_now());
        let link = format!("{}/auth/reset_password/{token}", base_url(&state, &headers));
        let body = ResetMail {
            username: &user.username,
            link: &link,
        }
        .render()?;
        state.mailer.send(Mail {
            to: vec![user.email.clone()],
            subject: "[Microblog] Reset Your Password".to_owned(),
            body,
        });
    }
    flash.push("Check your email for the instructions to reset your password");
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub password: String,
    pub password2: String,
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct ResetPage {
    page: Page,
    errors: Errors,
}

/// The user a reset link is for, if the link is valid.
async fn reset_user(state: &AppState, token: &str) -> Result<Option<User>, Error> {
    let Some((id, stamp)) = check_reset_token(&state.signer, token, unix_now()) else {
        return Ok(None);
    };
    Ok(user::by_id(&state.db, id)
        .await?
        .filter(|user| user.session_stamp() == stamp))
}

async fn reset_form(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, Error> {
    if page.user.is_some() || reset_user(&state, &token).await?.is_none() {
        return Ok(to_index());
    }
    let page = page.titled("Reset Password");
    form_page(
        &Errors::default(),
        &ResetPage {
            page,
            errors: Errors::default(),
        },
    )
}

async fn reset(
    State(state): State<AppState>,
    flash: Flash,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, Error> {
    if page.user.is_some() {
        return Ok(to_index());
    }
    let Some(user) = reset_user(&state, &token).await? else {
        return Ok(to_index());
    };
    let mut errors = Errors::default();
    errors
        .required("password", &form.password)
        .required("password2", &form.password2)
        .equal_to("password2", &form.password2, "password", &form.password);
    if !errors.is_empty() {
        let page = page.titled("Reset Password");
        return form_page(
            &errors,
            &ResetPage {
                page,
                errors: errors.clone(),
            },
        );
    }
    user::set_password(&state.db, user.id, &form.password).await?;
    flash.push("Your password has been reset.");
    Ok(Redirect::to("/auth/login").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Signer;

    fn susan() -> User {
        User {
            id: 7,
            username: "susan".into(),
            email: "susan@example.com".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
            about_me: String::new(),
            last_seen: 0,
        }
    }

    #[test]
    fn reset_tokens_last_ten_minutes_and_need_the_key() {
        let signer = Signer::new(b"key");
        let token = reset_token(&signer, &susan(), 1_000);
        let expected = Some((7, susan().session_stamp()));
        assert_eq!(check_reset_token(&signer, &token, 1_000), expected);
        assert_eq!(check_reset_token(&signer, &token, 1_599), expected);
        assert_eq!(check_reset_token(&signer, &token, 1_600), None, "expired");
        assert_eq!(
            check_reset_token(&Signer::new(b"other"), &token, 1_000),
            None
        );
        let session_token = signer.sign("session", b"7:99999999999:x");
        assert_eq!(
            check_reset_token(&signer, &session_token, 1_000),
            None,
            "wrong purpose"
        );
        assert_eq!(check_reset_token(&signer, "garbage", 1_000), None);
    }

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
