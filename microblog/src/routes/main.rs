//! The timelines: home (with the post form) and explore.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};

use crate::auth::CurrentUser;
use crate::flash::Flash;
use crate::forms::{Errors, PostForm};
use crate::models::{post, search as full_text};
use crate::pagination::{paginate, PageNumber, Pager};
use crate::state::AppState;
use crate::views::{form_page, render, Page, PostView};
use crate::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index).post(publish))
        .route("/index", get(index).post(publish))
        .route("/explore", get(explore))
        .route("/search", get(search))
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    page: Page,
    form: Option<PostForm>,
    errors: Errors,
    posts: Vec<PostView>,
    pager: Pager,
}

impl IndexPage {
    /// A page of `posts` (read with one extra row, see [`PageNumber::window`]) under `base`,
    /// with the post form when there is one; 422 when that form has errors.
    fn respond(
        page: Page,
        form: Option<PostForm>,
        errors: Errors,
        posts: Vec<post::Post>,
        number: PageNumber,
        per_page: u32,
        base: &str,
    ) -> Result<Response, Error> {
        let (posts, pager) = paginate(posts, number, per_page, base);
        let lang = page.lang;
        let page = IndexPage {
            page,
            form,
            errors,
            posts: PostView::list(posts, lang),
            pager,
        };
        form_page(&page, &page.errors)
    }
}

/// The home page: the post form (with its errors) above the user's timeline.
async fn home(
    state: &AppState,
    page: Page,
    user_id: i64,
    number: PageNumber,
    form: PostForm,
    errors: Errors,
) -> Result<Response, Error> {
    let per_page = state.config.posts_per_page;
    let posts = post::timeline(&state.db, user_id, number.window(per_page)).await?;
    let page = page.titled_t("index-title");
    IndexPage::respond(page, Some(form), errors, posts, number, per_page, "/index")
}

async fn index(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    page: Page,
    number: PageNumber,
) -> Result<Response, Error> {
    home(
        &state,
        page,
        user.id,
        number,
        PostForm::default(),
        Errors::default(),
    )
    .await
}

/// Publishes a post, then redirects (POST/redirect/GET) so a reload does not post it twice.
async fn publish(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    flash: Flash,
    page: Page,
    Form(form): Form<PostForm>,
) -> Result<Response, Error> {
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        return home(&state, page, user.id, PageNumber(1), form, errors).await;
    }
    post::create(&state.db, user.id, form.post.trim()).await?;
    flash.push("flash-post-live");
    Ok(Redirect::to("/index").into_response())
}

async fn explore(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
    page: Page,
    number: PageNumber,
) -> Result<Response, Error> {
    let per_page = state.config.posts_per_page;
    let posts = post::explore(&state.db, number.window(per_page)).await?;
    let page = page.titled_t("explore-title");
    IndexPage::respond(
        page,
        None,
        Errors::default(),
        posts,
        number,
        per_page,
        "/explore",
    )
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Page,
    posts: Vec<PostView>,
    pager: Pager,
}

/// `GET /search?q=…`: the posts that match, best first, paginated like the timelines; without
/// a query, explore (as upstream).
async fn search(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
    mut page: Page,
    number: PageNumber,
    RawQuery(query): RawQuery,
) -> Result<Response, Error> {
    let q = query
        .as_deref()
        .and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "q")
                .map(|(_, value)| value.into_owned())
        })
        .unwrap_or_default();
    if q.trim().is_empty() {
        return Ok(Redirect::to("/explore").into_response());
    }
    let terms = full_text::terms(&q);
    let per_page = state.config.posts_per_page;
    let found = full_text::posts(&state.db, state.engine, &terms, number.window(per_page)).await?;
    let escaped: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let (found, pager) = paginate(found, number, per_page, &format!("/search?q={escaped}"));
    page.search = q;
    let lang = page.lang;
    Ok(render(&SearchPage {
        page: page.titled_t("search-title"),
        posts: PostView::list(found, lang),
        pager,
    })?
    .into_response())
}
