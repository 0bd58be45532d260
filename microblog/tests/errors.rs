//! Error pages, `/health`, static files, and what happens when the database goes away.

mod common;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    unknown_pages_are_404_in_the_layout,
    wrong_methods_are_405_with_allow,
    health_answers_while_the_database_does,
    internal_errors_are_a_generic_500_page_with_detail_in_dev_only,
    static_files_are_served_with_caching_headers,
    every_answer_carries_the_security_headers,
    layout_has_the_navbar_and_titles,
);

fn unknown_pages_are_404_in_the_layout(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    for path in [
        "/nope",
        "/static/nope.css",
        "/user",
        "/auth",
        "/index/extra",
    ] {
        let page = b.get(path);
        assert_eq!(page.status, 404, "{path}");
        page.assert_has("<h1>Not Found</h1>")
            .assert_has("<title>Not Found - Microblog</title>");
        assert!(page.content_type.starts_with("text/html"), "{path}");
    }
}

fn wrong_methods_are_405_with_allow(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    let page = b.get("/follow/susan");
    assert_eq!(page.status, 405);
    page.assert_has("Method Not Allowed");
    assert_eq!(page.header("allow"), Some("POST"));
}

fn health_answers_while_the_database_does(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.get("/health");
    assert_eq!((page.status, page.body.as_str()), (200, "OK"));
    assert!(page.header("set-cookie").is_none(), "probes get no session");

    app.close_database();
    let page = b.get("/health");
    assert_eq!(
        (page.status, page.body.as_str()),
        (503, "database unavailable")
    );
}

fn internal_errors_are_a_generic_500_page_with_detail_in_dev_only(engine: Engine) {
    for context in ["PROD", "DEV"] {
        let app = App::start(engine, &["--context", context]);
        let mut b = app.browser();
        b.sign_up("susan", "cat");
        app.close_database();
        let page = b.get("/index");
        assert_eq!(page.status, 500);
        page.assert_has("An unexpected error has occurred")
            .assert_has("The administrator has been notified.");
        if context == "DEV" {
            page.assert_has("<pre class=\"detail\">database error");
        } else {
            page.assert_lacks("database").assert_lacks("<pre");
        }
    }
}

fn static_files_are_served_with_caching_headers(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let css = b.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
    assert_eq!(css.header("cache-control"), Some("public, max-age=86400"));
    assert!(css.body.contains(".navbar"));
    let js = b.get("/static/site.js");
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(js.body.contains("/popup") || js.body.contains("data-popup"));
    let icon = b.get("/static/favicon.svg");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.content_type, "image/svg+xml");
    // The pages use them, and nothing from elsewhere (an icon of their own, or browsers ask
    // for /favicon.ico on every page and log its 404 in the console).
    let page = b.get("/auth/login");
    page.assert_has("href=\"/static/style.css?v=")
        .assert_has("src=\"/static/site.js?v=")
        .assert_has("<link rel=\"icon\" href=\"/static/favicon.svg?v=")
        .assert_lacks("cdn")
        .assert_lacks("<link rel=\"stylesheet\" href=\"http");
}

fn every_answer_carries_the_security_headers(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    for path in ["/auth/login", "/nope", "/static/style.css", "/health"] {
        let page = b.get(path);
        let csp = page.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(
            page.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(page.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            page.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
}

fn layout_has_the_navbar_and_titles(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.visit("/auth/login");
    page.assert_has(">Microblog</a>")
        .assert_has(">Home</a>")
        .assert_has(">Explore</a>")
        .assert_has(">Login</a>")
        .assert_lacks(">Logout</a>");
    let page = b.sign_up("susan", "cat");
    page.assert_has(">Profile</a>")
        .assert_has(">Logout</a>")
        .assert_lacks(">Login</a>");
}
