//! Profiles, the hover popup, follow/unfollow and editing a profile, over HTTP.

mod common;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    own_profile_and_someone_elses,
    follow_and_unfollow_with_their_messages,
    popup_is_a_small_fragment_with_a_follow_button,
    edit_profile_saves_and_validates,
    last_seen_is_kept_to_the_minute,
);

fn own_profile_and_someone_elses(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    susan.post("/index", &[("post", "susan's first post")]);
    let mut john = app.browser();
    john.sign_up("john", "dog");

    let page = susan.visit("/user/susan");
    page.assert_has("User: susan")
        .assert_has("s=256")
        .assert_has("Last seen on: ")
        .assert_has(" UTC</time>")
        .assert_has("0 followers, 0 following.")
        .assert_has("href=\"/edit_profile\"")
        .assert_has("Edit your profile")
        .assert_has("susan&#39;s first post")
        .assert_lacks(">Follow<");

    let page = john.visit("/user/susan");
    page.assert_has("User: susan")
        .assert_has("action=\"/follow/susan\"")
        .assert_has(">Follow</button>")
        .assert_lacks("Edit your profile");

    let page = john.get("/user/nobody");
    assert_eq!(page.status, 404);
    page.assert_has("Not Found");
}

fn follow_and_unfollow_with_their_messages(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    let mut john = app.browser();
    john.sign_up("john", "dog");
    john.visit("/user/susan");

    let page = john.post("/follow/susan", &[]);
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/user/susan"))
    );
    let page = john.visit("/user/susan");
    page.assert_has("You are following susan!")
        .assert_has("1 follower, 0 following.")
        .assert_has(">Unfollow</button>");
    john.visit("/user/john")
        .assert_has("0 followers, 1 following.");

    john.visit("/user/susan");
    let page = john.submit("/unfollow/susan", &[]);
    page.assert_has("You are not following susan.")
        .assert_has("0 followers, 0 following.");

    let page = john.submit("/follow/john", &[]);
    page.assert_has("You cannot follow yourself!")
        .assert_has("User: john");
    let page = john.submit("/unfollow/john", &[]);
    page.assert_has("You cannot unfollow yourself!");

    let page = john.post("/follow/nobody", &[]);
    assert_eq!(page.location.as_deref(), Some("/index"));
    john.visit("/index").assert_has("User nobody not found.");
    john.visit("/index");
    john.submit("/unfollow/nobody", &[])
        .assert_has("User nobody not found.");

    // Following is a POST with a CSRF token: a link or a forged form does nothing.
    assert_eq!(john.get("/follow/susan").status, 405);
    let page = john.post_raw("/follow/susan", &[]);
    assert_eq!(page.status, 400);
    john.visit("/user/susan").assert_has("0 followers");
}

fn popup_is_a_small_fragment_with_a_follow_button(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    susan.visit("/edit_profile");
    susan.post(
        "/edit_profile",
        &[("username", "susan"), ("about_me", "I <3 tests")],
    );
    let mut john = app.browser();
    john.sign_up("john", "dog");

    let page = john.get("/user/susan/popup");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    page.assert_lacks("<html")
        .assert_has("popup-card")
        .assert_has("href=\"/user/susan\">susan</a>")
        .assert_has("I &#60;3 tests")
        .assert_has("0 followers, 0 following.")
        .assert_has("action=\"/follow/susan\"")
        .assert_has("name=\"csrf_token\"");
    // Its follow button works like the profile's.
    let page = john.post("/follow/susan", &[]);
    assert_eq!(page.status, 303);
    john.get("/user/susan/popup")
        .assert_has("action=\"/unfollow/susan\"")
        .assert_has("1 follower");
    // One's own popup has no button.
    susan.get("/user/susan/popup").assert_lacks("<form");
    assert_eq!(john.get("/user/nobody/popup").status, 404);
}

fn edit_profile_saves_and_validates(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut john = app.browser();
    john.sign_up("john", "dog");
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");

    let page = susan.visit("/edit_profile");
    page.assert_has("<title>Edit Profile - Microblog</title>")
        .assert_has("value=\"susan\"")
        .assert_has("About me")
        .assert_has(">Submit</button>");

    let page = susan.post(
        "/edit_profile",
        &[("username", "susan"), ("about_me", "Hello there")],
    );
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/edit_profile"))
    );
    let page = susan.visit("/edit_profile");
    page.assert_has("Your changes have been saved.")
        .assert_has(">Hello there</textarea>");
    susan.visit("/user/susan").assert_has("Hello there");

    let page = susan.post("/edit_profile", &[("username", "john"), ("about_me", "")]);
    assert_eq!(page.status, 422);
    page.assert_has("Please use a different username.");

    let page = susan.post(
        "/edit_profile",
        &[("username", "susan"), ("about_me", &"x".repeat(141))],
    );
    assert_eq!(page.status, 422);
    page.assert_has("Field cannot be longer than 140 characters.");

    let page = susan.post("/edit_profile", &[("username", ""), ("about_me", "")]);
    assert_eq!(page.status, 422);
    page.assert_has("This field is required.");

    // Renaming moves the profile, and the session follows.
    susan.visit("/edit_profile");
    susan.submit(
        "/edit_profile",
        &[("username", "susanna"), ("about_me", "")],
    );
    susan.visit("/user/susanna").assert_has("User: susanna");
    assert_eq!(susan.get("/user/susan").status, 404);
    susan.visit("/index").assert_has("Hi, susanna!");
}

fn last_seen_is_kept_to_the_minute(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    let seen = || {
        app.block_on(microblog::models::user::by_username(&app.state.db, "susan"))
            .unwrap()
            .unwrap()
            .last_seen
    };
    // Behind the app's back: it must read the user again, not its users of the last second.
    let set_seen = |millis: i64| {
        app.block_on(
            sqlx::query("UPDATE users SET last_seen = $1 WHERE username = 'susan'")
                .bind(millis)
                .execute(app.state.db.pool()),
        )
        .unwrap();
        app.state.users.clear();
    };
    // Seen two minutes ago: the next request records now.
    let two_minutes_ago = microblog::clock::now_millis() - 120_000;
    set_seen(two_minutes_ago);
    susan.visit("/explore");
    let now = seen();
    assert!(
        now >= two_minutes_ago + 120_000,
        "recorded on the next request"
    );
    // Seen seconds ago: requests within the minute leave it (no write per page).
    let seconds_ago = microblog::clock::now_millis() - 5_000;
    set_seen(seconds_ago);
    susan.visit("/explore");
    susan.visit("/index");
    assert_eq!(seen(), seconds_ago, "kept within the minute");
    // The profile shows the minute it holds.
    susan.visit("/user/susan").assert_has("Last seen on: ");
}
