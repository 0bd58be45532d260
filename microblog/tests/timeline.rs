//! Posting, the home timeline, explore and pagination, over HTTP.

mod common;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    post_then_see_it_on_the_timeline,
    empty_and_overlong_posts_are_form_errors,
    timeline_shows_own_and_followed_posts_explore_shows_all,
    pages_of_posts_with_newer_and_older_links,
    timelines_need_a_login,
);

fn post_then_see_it_on_the_timeline(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.sign_up("susan", "cat");
    page.assert_has("<title>Home - Microblog</title>")
        .assert_has("Say something")
        .assert_has("name=\"post\"")
        .assert_has("No posts yet.");

    let page = b.post("/index", &[("post", "Hello, world!")]);
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/index"))
    );
    let page = b.visit("/index");
    page.assert_has("Your post is now live!")
        .assert_has("Hello, world!")
        .assert_has("a few seconds ago")
        .assert_has("<time datetime=\"")
        .assert_has(" UTC\">")
        .assert_has("https://www.gravatar.com/avatar/")
        .assert_has("s=70")
        .assert_has("href=\"/user/susan\"")
        .assert_has("data-popup=\"/user/susan/popup\"");
    // `/` is the same page, and posting there works too.
    b.visit("/").assert_has("Hello, world!");
    let page = b.post("/", &[("post", "From the root")]);
    assert_eq!(page.location.as_deref(), Some("/index"));
}

fn empty_and_overlong_posts_are_form_errors(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    for (body, message) in [
        ("", "This field is required."),
        ("   \n ", "This field is required."),
        (
            &"x".repeat(141)[..],
            "Field must be between 1 and 140 characters long.",
        ),
    ] {
        let page = b.post("/index", &[("post", body)]);
        assert_eq!(page.status, 422, "{body:?}");
        page.assert_has(message).assert_has("Say something");
    }
    // 140 characters, counted as characters, are fine.
    let page = b.post("/index", &[("post", &"é".repeat(140))]);
    assert_eq!(page.status, 303);
    b.visit("/index").assert_has(&"é".repeat(140));
}

fn timeline_shows_own_and_followed_posts_explore_shows_all(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut john = app.browser();
    john.sign_up("john", "dog");
    john.post("/index", &[("post", "post from john")]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    susan.post("/index", &[("post", "post from susan")]);
    let mut mary = app.browser();
    mary.sign_up("mary", "bird");
    mary.post("/index", &[("post", "post from mary")]);

    john.visit("/user/susan");
    john.post("/follow/susan", &[]);
    let page = john.visit("/index");
    page.assert_has("post from john")
        .assert_has("post from susan")
        .assert_lacks("post from mary");
    // Newest first.
    assert!(page.body.find("post from susan") < page.body.find("post from john"));

    let page = john.visit("/explore");
    page.assert_has("<title>Explore - Microblog</title>")
        .assert_lacks("Say something")
        .assert_has("post from john")
        .assert_has("post from susan")
        .assert_has("post from mary");
    let (m, s, j) = (
        page.body.find("post from mary"),
        page.body.find("post from susan"),
        page.body.find("post from john"),
    );
    assert!(m < s && s < j);
}

fn pages_of_posts_with_newer_and_older_links(engine: Engine) {
    let app = App::start(engine, &["--posts-per-page", "2"]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    for n in 1..=5 {
        b.post("/index", &[("post", &format!("post number {n}"))]);
    }
    let page = b.visit("/index");
    page.assert_has("post number 5")
        .assert_has("post number 4")
        .assert_lacks("post number 3");
    page.assert_has("href=\"/index?page=2\">Older posts")
        .assert_has("<span class=\"newer disabled\">&larr; Newer posts</span>");

    let page = b.visit("/index?page=2");
    page.assert_has("post number 3")
        .assert_has("post number 2")
        .assert_lacks("post number 4");
    page.assert_has("href=\"/index?page=1\">&larr; Newer posts")
        .assert_has("href=\"/index?page=3\">Older posts");

    let page = b.visit("/index?page=3");
    page.assert_has("post number 1")
        .assert_has("<span class=\"older disabled\">Older posts &rarr;</span>");

    let page = b.visit("/explore?page=2");
    page.assert_has("post number 3")
        .assert_has("href=\"/explore?page=3\">Older posts");

    let page = b.visit("/user/susan?page=2");
    page.assert_has("post number 3")
        .assert_has("href=\"/user/susan?page=3\">Older posts");

    // Past the end: an empty page that links back.
    let page = b.visit("/index?page=40");
    assert_eq!(page.status, 200);
    page.assert_has("No posts yet.")
        .assert_has("href=\"/index?page=39\"");
}

fn timelines_need_a_login(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    for path in [
        "/",
        "/index",
        "/explore",
        "/user/susan",
        "/user/susan/popup",
        "/edit_profile",
    ] {
        let page = b.get(path);
        assert_eq!(page.status, 303, "{path}");
        assert!(
            page.location
                .as_deref()
                .unwrap()
                .starts_with("/auth/login?next="),
            "{path}"
        );
    }
    // Posting without a login does not post.
    b.visit("/auth/login");
    let page = b.post("/index", &[("post", "anonymous")]);
    assert_eq!(page.status, 303);
    assert!(page.location.unwrap().starts_with("/auth/login"));
}
