//! Error pages, rendered in one place: every 4xx/5xx answer that is not already a page of its
//! own (a form sent back with its errors) or JSON for the page's script becomes a page in the
//! site's layout. Internal errors
//! show their detail in DEV only, and mail the admins when a mail server is configured.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ErrorPage;
use crate::i18n;
use crate::mail::Mail;
use crate::session::Session;
use crate::state::AppState;
use crate::views::{render, Page};
use crate::Error;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: Page,
    status: u16,
    heading: String,
    message: Option<String>,
    detail: Option<String>,
}

/// Unknown paths.
pub async fn not_found() -> Error {
    Error::NotFound
}

pub async fn middleware(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let what = format!("{} {}", request.method(), request.uri());
    let lang = i18n::for_reader(request.headers(), &state.config.languages);
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = response.extensions().get::<ErrorPage>().cloned();
    // A page of its own (a form with its errors) or a JSON answer for the page's script
    // (`/translate`) says what went wrong already.
    let answered = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if error.is_none() && answered {
        return response;
    }
    let error = error.unwrap_or(ErrorPage {
        message: None,
        detail: None,
    });
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        notify_admins(&state, &what, error.detail.as_deref());
    }
    let title = format!("error-title-{}", status.as_u16());
    let heading = if lang.has(&title) {
        lang.t(&title)
    } else {
        lang.msg("error-title-other")
            .num("status", i64::from(status.as_u16()))
            .to_string()
    };
    let mut page = Page::new(session, heading.clone());
    page.lang = lang;
    page.languages.clone_from(&state.config.languages);
    page.path = path;
    let page = ErrorTemplate {
        page,
        status: status.as_u16(),
        heading,
        message: error.message,
        detail: error.detail.filter(|_| state.config.is_dev()),
    };
    let mut rendered = match render(&page) {
        Ok(html) => (status, html).into_response(),
        Err(e) => {
            tracing::error!("cannot render the error page: {e}");
            (status, status.canonical_reason().unwrap_or("Error")).into_response()
        }
    };
    // Keep what the handler said about methods and caching (e.g. `Allow` on a 405).
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rendered.headers_mut().append(name, value.clone());
        }
    }
    rendered
}

/// Mails the admins about an internal error, as Flask's SMTPHandler does (only when mails
/// really leave: without a server the error is already in the log).
pub(crate) fn notify_admins(state: &AppState, what: &str, detail: Option<&str>) {
    let admins = state.config.admin_addresses();
    if !state.mailer.has_server() || admins.is_empty() {
        return;
    }
    state.mailer.send(Mail {
        to: admins,
        subject: "Microblog Failure".to_owned(),
        body: format!("{what}\n\n{}", detail.unwrap_or("(no detail)")),
        ..Mail::default()
    });
}
