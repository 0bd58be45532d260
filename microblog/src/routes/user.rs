//! Profiles: a user's page and hover popup, following, and editing one's own profile.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

use crate::auth::CurrentUser;
use crate::clock::from_millis;
use crate::flash::Flash;
use crate::forms::{EditProfileForm, Errors};
use crate::i18n::Lang;
use crate::jobs::export;
use crate::models::user::{self, User, USERNAME_MAX};
use crate::models::{follow, post, task};
use crate::pagination::{paginate, PageNumber, Pager};
use crate::routes::auth::USERNAME_TAKEN;
use crate::state::AppState;
use crate::views::{form_page, long_date, render, Page, PostView};
use crate::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/user/{username}", get(profile))
        .route("/user/{username}/popup", get(popup))
        .route("/edit_profile", get(edit_profile_form).post(edit_profile))
        .route("/follow/{username}", post(follow_user))
        .route("/unfollow/{username}", post(unfollow_user))
        .route("/export_posts", get(export_posts))
        .route("/tasks/{id}/dismiss", post(dismiss_task))
}

/// What a profile and its popup show of a user, seen by `viewer`.
pub struct Profile {
    pub username: String,
    pub about_me: String,
    pub avatar: String,
    pub last_seen: String,
    pub last_seen_iso: String,
    pub followers: i64,
    pub following: i64,
    pub is_self: bool,
    pub is_following: bool,
}

impl Profile {
    async fn load(
        state: &AppState,
        viewer: &User,
        user: &User,
        avatar_size: u32,
        lang: Lang,
    ) -> Result<Self, Error> {
        let (counts, is_following) = follow::seen_by(&state.db, viewer.id, user.id).await?;
        let seen = from_millis(user.last_seen);
        Ok(Self {
            username: user.username.clone(),
            about_me: user.about_me.clone(),
            avatar: user.avatar(avatar_size),
            last_seen: long_date(seen, lang),
            last_seen_iso: seen
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            followers: counts.followers,
            following: counts.following,
            is_self: viewer.id == user.id,
            is_following,
        })
    }
}

async fn find(state: &AppState, username: &str) -> Result<User, Error> {
    user::by_username(&state.db, username)
        .await?
        .ok_or(Error::NotFound)
}

/// A name from a URL, cut to the longest a user name can be (a flashed message travels in
/// the session cookie, which must stay small).
fn shown(username: &str) -> String {
    if username.chars().count() <= USERNAME_MAX {
        username.to_owned()
    } else {
        username.chars().take(USERNAME_MAX).chain(['…']).collect()
    }
}

/// `/user/<name>`, with each path segment escaped.
pub(crate) fn profile_url(username: &str) -> String {
    let escaped: String = form_urlencoded::byte_serialize(username.as_bytes()).collect();
    format!("/user/{}", escaped.replace('+', "%20"))
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    page: Page,
    profile: Profile,
    posts: Vec<PostView>,
    pager: Pager,
}

async fn profile(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    page: Page,
    Path(username): Path<String>,
    number: PageNumber,
) -> Result<Response, Error> {
    let user = find(&state, &username).await?;
    let profile = Profile::load(&state, &viewer, &user, 256, page.lang).await?;
    let per_page = state.config.posts_per_page;
    let posts = post::by_author(&state.db, user.id, number.window(per_page)).await?;
    let (posts, pager) = paginate(posts, number, per_page, &profile_url(&user.username));
    let page = page.titled(user.username.clone());
    let lang = page.lang;
    Ok(render(&UserPage {
        page,
        profile,
        posts: PostView::list(posts, lang),
        pager,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "user_popup.html")]
struct PopupFragment {
    profile: Profile,
    csrf_token: String,
    lang: Lang,
}

async fn popup(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    page: Page,
    Path(username): Path<String>,
) -> Result<Response, Error> {
    let user = find(&state, &username).await?;
    let profile = Profile::load(&state, &viewer, &user, 64, page.lang).await?;
    Ok(render(&PopupFragment {
        profile,
        lang: page.lang,
        csrf_token: page.csrf_token,
    })?
    .into_response())
}

// ----- edit profile -----

#[derive(Template)]
#[template(path = "edit_profile.html")]
struct EditProfilePage {
    page: Page,
    form: EditProfileForm,
    errors: Errors,
}

impl EditProfilePage {
    fn respond(page: Page, form: EditProfileForm, errors: Errors) -> Result<Response, Error> {
        let page = EditProfilePage {
            page: page.titled_t("edit-profile-title"),
            form,
            errors,
        };
        form_page(&page, &page.errors)
    }
}

async fn edit_profile_form(CurrentUser(user): CurrentUser, page: Page) -> Result<Response, Error> {
    let form = EditProfileForm {
        username: user.username,
        about_me: user.about_me,
    };
    EditProfilePage::respond(page, form, Errors::default())
}

async fn edit_profile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    flash: Flash,
    page: Page,
    Form(form): Form<EditProfileForm>,
) -> Result<Response, Error> {
    let mut errors = form.validate(page.lang);
    let (username, about_me) = (form.username.trim(), form.about_me.trim());
    let renamed = username != user.username;
    if errors.ok("username") && renamed && user::by_username(&state.db, username).await?.is_some() {
        errors.add("username", USERNAME_TAKEN);
    }
    if errors.is_empty() {
        match user::update_profile(&state.db, user.id, username, about_me).await? {
            Ok(()) => {
                state.users.forget(user.id);
                flash.push("flash-profile-saved");
                return Ok(Redirect::to("/edit_profile").into_response());
            }
            // Only the name is unique among what this form changes.
            Err(_) => errors.add("username", USERNAME_TAKEN),
        }
    }
    EditProfilePage::respond(page, form, errors)
}

// ----- follow / unfollow -----

async fn follow_user(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    flash: Flash,
    Path(username): Path<String>,
) -> Result<Response, Error> {
    change_following(&state, &viewer, &flash, &username, true).await
}

async fn unfollow_user(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    flash: Flash,
    Path(username): Path<String>,
) -> Result<Response, Error> {
    change_following(&state, &viewer, &flash, &username, false).await
}

/// Follows (or unfollows) `username`, flashes what happened and goes to their profile.
async fn change_following(
    state: &AppState,
    viewer: &User,
    flash: &Flash,
    username: &str,
    follow: bool,
) -> Result<Response, Error> {
    let Some(user) = user::by_username(&state.db, username).await? else {
        flash.push_msg(|lang| {
            lang.msg("flash-user-not-found")
                .arg("username", shown(username))
        });
        return Ok(Redirect::to("/index").into_response());
    };
    let id = match (user.id == viewer.id, follow) {
        (true, true) => "flash-cannot-follow-self",
        (true, false) => "flash-cannot-unfollow-self",
        (false, true) => {
            follow::follow(&state.db, viewer.id, user.id).await?;
            "flash-following"
        }
        (false, false) => {
            follow::unfollow(&state.db, viewer.id, user.id).await?;
            "flash-not-following"
        }
    };
    flash.push_msg(|lang| lang.msg(id).arg("username", username));
    Ok(Redirect::to(&profile_url(username)).into_response())
}

// ----- background tasks -----

/// "Export your posts": queues the export, unless one is already queued or running.
async fn export_posts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    flash: Flash,
    lang: Lang,
) -> Result<Response, Error> {
    let launched = task::launch(&state.db, user.id, export::NAME, export::DESCRIPTION, lang);
    match launched.await? {
        Some(_) => {
            state.users.forget(user.id);
            state.wake_worker.notify_one();
        }
        None => flash.push("flash-export-under-way"),
    }
    Ok(Redirect::to(&profile_url(&user.username)).into_response())
}

/// Hides a failed task's message (the user has read why).
async fn dismiss_task(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    if !task::dismiss(&state.db, user.id, id).await? {
        return Err(Error::NotFound);
    }
    state.users.forget(user.id);
    Ok(Redirect::to(&profile_url(&user.username)).into_response())
}

#[cfg(test)]
mod tests {
    use super::profile_url;

    #[test]
    fn profile_urls_escape_the_name() {
        assert_eq!(profile_url("susan"), "/user/susan");
        assert_eq!(profile_url("a b/c?d#e"), "/user/a%20b%2Fc%3Fd%23e");
        assert_eq!(profile_url("<script>"), "/user/%3Cscript%3E");
    }
}
