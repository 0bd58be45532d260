//! Register, log in (with Remember Me and `?next=`), log out, CSRF, over HTTP.

mod common;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    register_then_log_in_and_out,
    wrong_password_or_unknown_user_is_flashed,
    register_validates_every_field,
    next_is_honoured_only_on_this_site,
    login_redirects_from_the_old_address,
    remember_me_survives_a_browser_restart,
    secure_cookies_when_configured,
    forms_without_the_right_csrf_token_are_refused,
    a_tampered_session_cookie_is_ignored,
);

fn register_then_log_in_and_out(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();

    let page = b.visit("/auth/register");
    assert_eq!(page.status, 200);
    page.assert_has("<title>Register - Microblog</title>")
        .assert_has("Username")
        .assert_has("Email")
        .assert_has("Repeat Password")
        .assert_has("name=\"password2\"");

    let page = b.post(
        "/auth/register",
        &[
            ("username", "susan"),
            ("email", "susan@example.com"),
            ("password", "cat"),
            ("password2", "cat"),
        ],
    );
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/auth/login"))
    );
    let page = b.visit("/auth/login");
    page.assert_has("Congratulations, you are now a registered user!")
        .assert_has("<title>Sign In - Microblog</title>")
        .assert_has("Remember Me");
    // A flashed message is shown once.
    b.visit("/auth/login").assert_lacks("Congratulations");

    let page = b.post("/auth/login", &[("username", "susan"), ("password", "cat")]);
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/index"))
    );
    let cookie = page.header("set-cookie").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age"),
        "without Remember Me the cookie ends with the browser: {cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "Secure is off unless configured: {cookie}"
    );

    let page = b.visit("/index");
    page.assert_has("Hi, susan!")
        .assert_has("Logout")
        .assert_has("href=\"/user/susan\">Profile");

    // Logged in, the login and register pages send you home.
    assert_eq!(b.get("/auth/login").location.as_deref(), Some("/index"));
    assert_eq!(b.get("/auth/register").location.as_deref(), Some("/index"));

    let page = b.get("/auth/logout");
    assert_eq!(page.location.as_deref(), Some("/index"));
    let page = b.visit("/index");
    page.assert_has("<title>Sign In - Microblog</title>")
        .assert_has("Please log in to access this page.")
        .assert_has(">Login</a>");
}

fn wrong_password_or_unknown_user_is_flashed(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("john", "dog");
    b.get("/auth/logout");
    for (user, password) in [("john", "cat"), ("nobody", "dog"), ("JOHN", "dog")] {
        b.visit("/auth/login");
        let page = b.submit("/auth/login", &[("username", user), ("password", password)]);
        page.assert_has("Invalid username or password")
            .assert_has("<title>Sign In - Microblog</title>");
    }
    // Empty fields are form errors next to the fields, not a crash.
    let page = b.post("/auth/login", &[("username", ""), ("password", "")]);
    assert_eq!(page.status, 422);
    assert_eq!(page.body.matches("This field is required.").count(), 2);
}

fn register_validates_every_field(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("john", "dog");
    b.get("/auth/logout");
    b.visit("/auth/register");

    let page = b.post(
        "/auth/register",
        &[
            ("username", "john"),
            ("email", "JOHN@example.com"),
            ("password", "a"),
            ("password2", "b"),
        ],
    );
    assert_eq!(page.status, 422);
    page.assert_has("Please use a different username.")
        .assert_has("Please use a different email address.")
        .assert_has("Field must be equal to password.")
        .assert_has("value=\"john\"");

    let page = b.post(
        "/auth/register",
        &[
            ("username", ""),
            ("email", "not-an-email"),
            ("password", ""),
            ("password2", ""),
        ],
    );
    assert_eq!(page.status, 422);
    page.assert_has("This field is required.")
        .assert_has("Invalid email address.");

    let long = "x".repeat(65);
    let page = b.post(
        "/auth/register",
        &[
            ("username", &long),
            ("email", "x@example.com"),
            ("password", "p"),
            ("password2", "p"),
        ],
    );
    assert_eq!(page.status, 422);
    page.assert_has("Field cannot be longer than 64 characters.");
}

fn next_is_honoured_only_on_this_site(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.get("/auth/logout");

    // A page behind the login sends you to it, and back afterwards.
    let page = b.get("/explore?page=1");
    assert_eq!(
        page.location.as_deref(),
        Some("/auth/login?next=%2Fexplore%3Fpage%3D1")
    );
    b.visit("/auth/login?next=%2Fexplore%3Fpage%3D1");
    let page = b.post(
        "/auth/login?next=%2Fexplore%3Fpage%3D1",
        &[("username", "susan"), ("password", "cat")],
    );
    assert_eq!(page.location.as_deref(), Some("/explore?page=1"));

    for evil in [
        "http://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        b.get("/auth/logout");
        b.visit("/auth/login");
        let next: String = form_urlencoded::byte_serialize(evil.as_bytes()).collect();
        let page = b.post(
            &format!("/auth/login?next={next}"),
            &[("username", "susan"), ("password", "cat")],
        );
        assert_eq!(page.location.as_deref(), Some("/index"), "{evil}");
    }
}

fn login_redirects_from_the_old_address(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.get("/login?next=%2Fexplore");
    assert_eq!(page.status, 308);
    assert_eq!(
        page.location.as_deref(),
        Some("/auth/login?next=%2Fexplore")
    );
}

fn remember_me_survives_a_browser_restart(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.visit("/index").assert_has("Hi, susan!");
    // Without Remember Me: a browser restart logs out.
    b.restart()
        .visit("/index")
        .assert_has("Please log in to access this page.");

    b.get("/auth/logout");
    b.visit("/auth/login");
    let page = b.post(
        "/auth/login",
        &[
            ("username", "susan"),
            ("password", "cat"),
            ("remember_me", "y"),
        ],
    );
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.contains("Max-Age="), "{cookie}");
    b.restart().visit("/index").assert_has("Hi, susan!");
}

fn secure_cookies_when_configured(engine: Engine) {
    let app = App::start(engine, &["--session-cookie-secure", "true"]);
    let mut b = app.browser();
    let page = b.get("/auth/login");
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

fn forms_without_the_right_csrf_token_are_refused(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.visit("/auth/register");
    let fields = [
        ("username", "mallory"),
        ("email", "m@example.com"),
        ("password", "p"),
        ("password2", "p"),
    ];

    let page = b.post_raw("/auth/register", &fields);
    assert_eq!(page.status, 400);
    page.assert_has("The CSRF token is missing.")
        .assert_has("Bad Request");

    let mut wrong = vec![("csrf_token", "forged")];
    wrong.extend_from_slice(&fields);
    let page = b.post_raw("/auth/register", &wrong);
    assert_eq!(page.status, 400);
    page.assert_has("The CSRF token is invalid.");

    // A browser that never got a token (no session) cannot post either.
    let mut stranger = app.browser();
    let page = stranger.post_raw("/auth/register", &wrong);
    assert_eq!(page.status, 400);
    page.assert_has("The CSRF session token is missing.");

    // Nothing was registered.
    b.visit("/auth/login");
    let page = b.submit("/auth/login", &[("username", "mallory"), ("password", "p")]);
    page.assert_has("Invalid username or password");
}

fn a_tampered_session_cookie_is_ignored(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    // Another app with another key does not accept this browser's session.
    let other = App::start_on(&app.store, &["--secret-key", "another-key"]);
    let mut stranger = common::Browser::new(&other.base);
    stranger
        .visit("/index")
        .assert_has("Please log in to access this page.");
    // And a forged cookie is not a login.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(&format!("{}/index", app.base))
        .header("Cookie", "session=eyJ1IjoxfQ.AAAA")
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
}
