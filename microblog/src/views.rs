//! What every page template shares: the [`Page`] context of the layout (title, user, flashed
//! messages, CSRF token), the one way a page with a form answers, posts as shown in a timeline,
//! and the time formats.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::clock::{self, from_millis};
use crate::forms::Errors;
use crate::i18n::{self, Lang};
use crate::models::task::{self, Task};
use crate::models::user::avatar_url;
use crate::models::{Post, User};
use crate::session::Session;
use crate::state::AppState;
use crate::{flash, Error};

/// A version for the static files' URLs, so that browsers may cache them for long.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The context of `base.html`.
pub struct Page {
    /// The page's title, shown as "<title> - Microblog"; empty for the site's welcome title.
    pub title: String,
    pub user: Option<User>,
    /// The user's background tasks under way, or failed: shown above the content.
    pub tasks: Vec<Task>,
    /// What the navbar's search box holds (the query of a search page).
    pub search: String,
    /// The reader's language: their choice in the footer, else their browser's.
    pub lang: Lang,
    /// The languages the footer offers (`LANGUAGES`).
    pub languages: Vec<Lang>,
    /// This page's path and query, where the language switcher comes back to.
    pub path: String,
    /// Whether posts in another language get a "Translate" link (a translator is configured).
    pub translator: bool,
    pub csrf_token: String,
    pub asset_version: &'static str,
    session: Session,
}

impl Page {
    pub fn new(session: Session, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            user: session.user(),
            tasks: Vec::new(),
            search: String::new(),
            lang: Lang::default(),
            languages: Vec::new(),
            path: String::from("/index"),
            translator: false,
            csrf_token: session.csrf_token(),
            asset_version: ASSET_VERSION,
            session,
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Titled with the message `id` of the reader's language.
    pub fn titled_t(self, id: &str) -> Self {
        let title = self.lang.t(id);
        self.titled(title)
    }

    /// The `<title>`: "Home - Microblog", or the welcome when the page has no title.
    pub fn head_title(&self) -> String {
        if self.title.is_empty() {
            self.lang.t("site-welcome")
        } else {
            self.lang
                .msg("site-title")
                .arg("title", &self.title)
                .to_string()
        }
    }

    /// What a background task's box says: under way (`""`), `"done"` or `"failed"`.
    pub fn task_text(&self, task: &Task, state: &str) -> String {
        let id = if state.is_empty() {
            format!("task-{}", task.name)
        } else {
            format!("task-{}-{state}", task.name)
        };
        if self.lang.has(&id) {
            self.lang.t(&id)
        } else {
            task.description.clone()
        }
    }

    /// The flashed messages, taken when the layout is rendered: each is shown once.
    pub fn flashes(&self) -> Vec<String> {
        flash::take(&self.session)
    }

    /// Whether a post in `language` gets a "Translate" link for this reader.
    pub fn translatable(&self, language: &str) -> bool {
        self.translator && !language.is_empty() && language != self.lang.code()
    }

    /// Whether a task of this name is queued or running for the user.
    pub fn task_under_way(&self, name: &str) -> bool {
        self.tasks.iter().any(|t| t.name == name && !t.failed())
    }

    /// The navbar's unread-messages badge.
    pub fn unread_messages(&self) -> i64 {
        self.user.as_ref().map_or(0, |user| user.unread_messages)
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = Error;

    /// The layout's context; the user's tasks are read only when the user (read with its
    /// count of them) has some to show.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut page = Page::new(Session::from_request_parts(parts, state).await?, "");
        page.lang = i18n::for_reader(&parts.headers, &state.config.languages);
        page.languages.clone_from(&state.config.languages);
        page.path = parts
            .uri
            .path_and_query()
            .map_or("/index", |p| p.as_str())
            .to_owned();
        page.translator = state.translator.is_some();
        if let Some(user) = page.user.as_ref().filter(|user| user.open_tasks > 0) {
            page.tasks = task::open_for(&state.db, user.id).await?;
        }
        Ok(page)
    }
}

/// Renders a template into an HTML response body.
pub fn render(template: &impl Template) -> Result<Html<String>, Error> {
    Ok(Html(template.render()?))
}

/// A page with a form: 200 when it is first shown, 422 when it comes back with the `errors`
/// it shows next to its fields.
pub fn form_page(template: &impl Template, errors: &Errors) -> Result<Response, Error> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(template)?).into_response())
}

/// The size of the avatars beside posts.
const AVATAR_SIZE: u32 = 70;

/// A post as a timeline shows it.
pub struct PostView {
    pub id: i64,
    pub body: String,
    /// Two letters, or empty when unknown.
    pub language: String,
    pub username: String,
    pub avatar: String,
    /// "a few minutes ago"
    pub ago: String,
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// "2024-05-01 14:03:07 UTC", the exact time shown on hover.
    pub utc: String,
}

impl PostView {
    fn new(post: Post, avatar: String, now: OffsetDateTime, lang: Lang) -> Self {
        let at = from_millis(post.timestamp);
        Self {
            avatar,
            ago: time_ago(at, now, lang),
            iso: at.format(&Rfc3339).unwrap_or_default(),
            utc: utc_text(at),
            id: post.id,
            body: post.body,
            language: post.language,
            username: post.username,
        }
    }

    pub fn list(posts: Vec<Post>, lang: Lang) -> Vec<Self> {
        let now = clock::now();
        // A page shows a few authors many times: each avatar is hashed once.
        let mut avatars: Vec<(i64, String)> = Vec::new();
        posts
            .into_iter()
            .map(|post| {
                let avatar = match avatars.iter().find(|(id, _)| *id == post.user_id) {
                    Some((_, url)) => url.clone(),
                    None => {
                        let url = avatar_url(&post.email, AVATAR_SIZE);
                        avatars.push((post.user_id, url.clone()));
                        url
                    }
                };
                PostView::new(post, avatar, now, lang)
            })
            .collect()
    }
}

/// "2024-05-01 14:03:07 UTC"
pub fn utc_text(at: OffsetDateTime) -> String {
    at.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
    ))
    .unwrap_or_default()
}

/// "May 1, 2024 2:03 PM UTC" ("1er mai 2024 à 14:03 UTC", …), for "Last seen on".
pub fn long_date(at: OffsetDateTime, lang: Lang) -> String {
    let hour = at.hour();
    let hour12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    lang.msg("date-long")
        .num("day", i64::from(at.day()))
        .arg("month", lang.t(&format!("month-{}", u8::from(at.month()))))
        .arg("year", at.year())
        .arg("hour", format_args!("{hour:02}"))
        .arg("hour12", hour12)
        .arg("minute", format_args!("{:02}", at.minute()))
        .arg("period", if hour < 12 { "AM" } else { "PM" })
        .to_string()
}

/// How long ago `then` was, in words, with the thresholds people know from moment.js
/// ("a few seconds ago", "5 minutes ago", "an hour ago", "3 days ago", "a year ago").
pub fn time_ago(then: OffsetDateTime, now: OffsetDateTime, lang: Lang) -> String {
    let seconds = (now - then).whole_seconds();
    if seconds < 0 {
        return lang.t("time-future");
    }
    let minutes = (seconds + 30) / 60;
    let hours = (minutes + 30) / 60;
    let days = (hours + 12) / 24;
    let (id, n) = match seconds {
        0..45 => ("time-seconds", 0),
        45..90 => ("time-minute", 1),
        _ if minutes < 45 => ("time-minutes", minutes),
        _ if minutes < 90 => ("time-hour", 1),
        _ if hours < 22 => ("time-hours", hours),
        _ if hours < 36 => ("time-day", 1),
        _ if days < 26 => ("time-days", days),
        _ if days < 45 => ("time-month", 1),
        _ if days < 320 => (
            "time-months",
            ((days as f64) / 30.4).round().max(2.0) as i64,
        ),
        _ if days < 548 => ("time-year", 1),
        _ => (
            "time-years",
            ((days as f64) / 365.25).round().max(2.0) as i64,
        ),
    };
    lang.msg(id).num("n", n).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn relative_times_read_like_moment_js() {
        let now = clock::now();
        let ago = |d: Duration| time_ago(now - d, now, Lang::En);
        assert_eq!(ago(Duration::seconds(3)), "a few seconds ago");
        assert_eq!(ago(Duration::seconds(60)), "a minute ago");
        assert_eq!(ago(Duration::minutes(5)), "5 minutes ago");
        assert_eq!(ago(Duration::minutes(60)), "an hour ago");
        assert_eq!(ago(Duration::hours(5)), "5 hours ago");
        assert_eq!(ago(Duration::hours(30)), "a day ago");
        assert_eq!(ago(Duration::days(3)), "3 days ago");
        assert_eq!(ago(Duration::days(30)), "a month ago");
        assert_eq!(ago(Duration::days(100)), "3 months ago");
        assert_eq!(ago(Duration::days(400)), "a year ago");
        assert_eq!(ago(Duration::days(800)), "2 years ago");
        assert_eq!(
            time_ago(now + Duration::seconds(5), now, Lang::En),
            "in a few seconds"
        );
        let fr = |d: Duration| time_ago(now - d, now, Lang::Fr);
        assert_eq!(fr(Duration::seconds(3)), "il y a quelques secondes");
        assert_eq!(fr(Duration::minutes(5)), "il y a 5 minutes");
        assert_eq!(fr(Duration::days(100)), "il y a 3 mois");
        let es = |d: Duration| time_ago(now - d, now, Lang::Es);
        assert_eq!(es(Duration::hours(30)), "hace un día");
        assert_eq!(es(Duration::days(800)), "hace 2 años");
    }

    #[test]
    fn exact_times_are_utc() {
        let at = from_millis(1_714_572_187_000);
        assert_eq!(utc_text(at), "2024-05-01 14:03:07 UTC");
        assert_eq!(long_date(at, Lang::En), "May 1, 2024 2:03 PM UTC");
        assert_eq!(long_date(at, Lang::Fr), "1er mai 2024 à 14:03 UTC");
        assert_eq!(long_date(at, Lang::Es), "1 de mayo de 2024, 14:03 UTC");
        let midnight = from_millis(1_733_011_200_000); // 2024-12-01 00:00:00 UTC
        assert_eq!(
            long_date(midnight, Lang::En),
            "December 1, 2024 12:00 AM UTC"
        );
        let later = from_millis(1_715_817_600_000 + 47_000); // 2024-05-16 00:00:47 UTC
        assert_eq!(long_date(later, Lang::Fr), "16 mai 2024 à 00:00 UTC");
    }
}
