//! Private messages: writing one from a profile, reading one's own, and the notifications the
//! pages poll for the unread badge and the progress of tasks.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::flash::Flash;
use crate::forms::{Errors, MessageForm};
use crate::models::{message, notification, user};
use crate::pagination::{paginate, PageNumber, Pager};
use crate::routes::user::profile_url;
use crate::state::AppState;
use crate::views::{form_page, render, Page, PostView};
use crate::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/send_message/{recipient}",
            get(send_message_form).post(send_message),
        )
        .route("/messages", get(messages))
        .route("/notifications", get(notifications))
}

#[derive(Template)]
#[template(path = "send_message.html")]
struct SendMessagePage {
    page: Page,
    recipient: String,
    form: MessageForm,
    errors: Errors,
}

impl SendMessagePage {
    fn respond(
        page: Page,
        recipient: String,
        form: MessageForm,
        errors: Errors,
    ) -> Result<Response, Error> {
        let page = SendMessagePage {
            page: page.titled_t("send-message-title"),
            recipient,
            form,
            errors,
        };
        form_page(&page, &page.errors)
    }
}

async fn send_message_form(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
    page: Page,
    Path(recipient): Path<String>,
) -> Result<Response, Error> {
    let recipient = user::by_username(&state.db, &recipient)
        .await?
        .ok_or(Error::NotFound)?;
    SendMessagePage::respond(
        page,
        recipient.username,
        MessageForm::default(),
        Errors::default(),
    )
}

async fn send_message(
    State(state): State<AppState>,
    CurrentUser(sender): CurrentUser,
    flash: Flash,
    page: Page,
    Path(recipient): Path<String>,
    Form(form): Form<MessageForm>,
) -> Result<Response, Error> {
    let recipient = user::by_username(&state.db, &recipient)
        .await?
        .ok_or(Error::NotFound)?;
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        return SendMessagePage::respond(page, recipient.username, form, errors);
    }
    message::send(&state.db, sender.id, recipient.id, form.message.trim()).await?;
    // The recipient's badge, on this replica at once (on the others within the cached second).
    state.users.forget(recipient.id);
    flash.push("flash-message-sent");
    Ok(Redirect::to(&profile_url(&recipient.username)).into_response())
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage {
    page: Page,
    posts: Vec<PostView>,
    pager: Pager,
}

/// The messages received, newest first; opening the page reads them all (the badge empties).
async fn messages(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    mut page: Page,
    number: PageNumber,
) -> Result<Response, Error> {
    message::mark_read(&state.db, user.id).await?;
    state.users.forget(user.id);
    if let Some(user) = page.user.as_mut() {
        user.unread_messages = 0;
    }
    let per_page = state.config.posts_per_page;
    let received = message::received(&state.db, user.id, number.window(per_page)).await?;
    let (received, pager) = paginate(received, number, per_page, "/messages");
    let lang = page.lang;
    Ok(render(&MessagesPage {
        page: page.titled_t("messages-title"),
        posts: PostView::list(received, lang),
        pager,
    })?
    .into_response())
}

/// A notification as the pages' script reads it.
#[derive(Serialize)]
struct NotificationJson {
    name: String,
    data: serde_json::Value,
    /// Unix seconds, with microseconds: the next poll's `since`.
    timestamp: f64,
}

/// `GET /notifications?since=T`: the user's notifications set after `T` (Unix seconds, as the
/// last one listed gave it), oldest first. A `since` that is not a number of seconds since 1970
/// is a 400.
async fn notifications(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, Error> {
    let since = parse_since(query.as_deref()).map_err(Error::BadRequest)?;
    let listed = notification::since(&state.db, user.id, since).await?;
    let listed = listed
        .into_iter()
        .map(|n| {
            Ok(NotificationJson {
                data: serde_json::from_str(&n.payload_json).map_err(|e| {
                    Error::caused_by(format!("notification {} holds bad JSON", n.name), e)
                })?,
                name: n.name,
                timestamp: n.timestamp as f64 / 1e6,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(([(CACHE_CONTROL, "no-store")], Json(listed)).into_response())
}

/// The `since` of a query, in Unix microseconds; missing or empty: 0, everything.
fn parse_since(query: Option<&str>) -> Result<i64, String> {
    let values: Vec<String> = query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(name, _)| name == "since")
                .map(|(_, value)| value.into_owned())
                .collect()
        })
        .unwrap_or_default();
    let text = match values.as_slice() {
        [] => return Ok(0),
        [one] if one.trim().is_empty() => return Ok(0),
        [one] => one.trim(),
        _ => return Err("since must be given once".to_owned()),
    };
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("since must be a number of seconds, not {:?}", shorten(text)))?;
    // Up to the year 10000: beyond, the microseconds would not fit.
    if !(0.0..=253_402_300_800.0).contains(&seconds) {
        return Err("since must be a time in Unix seconds, from 0".to_owned());
    }
    Ok((seconds * 1e6).round() as i64)
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn since_is_unix_seconds_read_back_to_the_microsecond() {
        assert_eq!(parse_since(None), Ok(0));
        assert_eq!(parse_since(Some("since=")), Ok(0));
        assert_eq!(parse_since(Some("since=0")), Ok(0));
        assert_eq!(parse_since(Some("since=1.5")), Ok(1_500_000));
        // What the JSON gives for a time in microseconds comes back to that microsecond.
        let stamp: i64 = 1_764_470_012_345_678;
        let printed = serde_json::to_string(&(stamp as f64 / 1e6)).unwrap();
        assert_eq!(parse_since(Some(&format!("since={printed}"))), Ok(stamp));
        for bad in [
            "since=abc",
            "since=-1",
            "since=NaN",
            "since=inf",
            "since=1e400",
            "since=1&since=2",
            "since=%00",
        ] {
            assert!(parse_since(Some(bad)).is_err(), "{bad}");
        }
    }
}
