//! Password reset by e-mail, over HTTP. Without a mail server the mail is logged, and the test
//! reads the link from the app's outbox as a student would from the log.

mod common;

use common::{on_both_engines, App, Browser, Engine};

on_both_engines!(
    reset_a_forgotten_password,
    unknown_addresses_get_the_same_answer_and_no_mail,
    bad_tokens_send_you_home,
    logged_in_users_do_not_reset,
    a_reset_ends_the_sessions_on_every_replica,
);

fn reset_a_forgotten_password(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.get("/auth/logout");

    let page = b.visit("/auth/login");
    page.assert_has("href=\"/auth/reset_password_request\"");
    let page = b.visit("/auth/reset_password_request");
    page.assert_has("<title>Reset Password - Microblog</title>")
        .assert_has("Request Password Reset");

    let page = b.submit(
        "/auth/reset_password_request",
        &[("email", "susan@example.com")],
    );
    page.assert_has("Check your email for the instructions to reset your password")
        .assert_has("<title>Sign In - Microblog</title>");
    let mails = app.outbox();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["susan@example.com"]);
    assert_eq!(mails[0].subject, "[Microblog] Reset Your Password");
    assert!(mails[0].body.contains("Dear susan,"));

    let link = app.reset_link();
    let page = b.visit(&link);
    assert_eq!(page.status, 200);
    page.assert_has("Reset Your Password")
        .assert_has("Repeat Password");

    let page = b.post(&link, &[("password", "new"), ("password2", "other")]);
    assert_eq!(page.status, 422);
    page.assert_has("Field must be equal to password.");

    let page = b.submit(&link, &[("password", "new"), ("password2", "new")]);
    page.assert_has("Your password has been reset.");

    b.log_in("susan", "cat")
        .assert_has("Invalid username or password");
    b.log_in("susan", "new").assert_has("Hi, susan!");

    // The link worked once: the password changed, so it is void.
    b.get("/auth/logout");
    let page = b.get(&link);
    assert_eq!(page.location.as_deref(), Some("/index"));
}

fn unknown_addresses_get_the_same_answer_and_no_mail(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.request_reset("nobody@example.com");
    page.assert_has("Check your email for the instructions to reset your password");
    assert!(app.outbox().is_empty());

    b.visit("/auth/reset_password_request");
    let page = b.post(
        "/auth/reset_password_request",
        &[("email", "not an address")],
    );
    assert_eq!(page.status, 422);
    page.assert_has("Invalid email address.");
}

fn bad_tokens_send_you_home(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.visit("/auth/login");
    for token in [
        "garbage",
        "a.b",
        "eyJ1IjoxfQ.AAAA",
        "%FF%FE",
        &"x".repeat(5000),
    ] {
        let page = b.get(&format!("/auth/reset_password/{token}"));
        if token.starts_with('%') {
            // Not UTF-8 once decoded: refused before any handler runs.
            assert_eq!(page.status, 400, "{token}");
        } else {
            assert_eq!(page.location.as_deref(), Some("/index"), "{token}");
        }
        let page = b.post(
            &format!("/auth/reset_password/{token}"),
            &[("password", "p"), ("password2", "p")],
        );
        assert!(
            page.status == 303 || page.status == 400,
            "{token}: {}",
            page.status
        );
    }
    // A token signed by another app's key is refused too.
    b.sign_up("susan", "cat");
    b.get("/auth/logout");
    let other = App::start(engine, &["--secret-key", "another-key"]);
    let mut ob = other.browser();
    ob.sign_up("susan", "cat");
    ob.get("/auth/logout");
    ob.request_reset("susan@example.com");
    let foreign = other.reset_link();
    assert_eq!(b.get(&foreign).location.as_deref(), Some("/index"));
}

fn logged_in_users_do_not_reset(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    assert_eq!(
        b.get("/auth/reset_password_request").location.as_deref(),
        Some("/index")
    );
    assert_eq!(
        b.get("/auth/reset_password/x").location.as_deref(),
        Some("/index")
    );
}

/// Two apps on one database (replicas behind a proxy): a reset through one ends susan's other
/// sessions at once on that one, and within a second (its users of the last second) on the other.
fn a_reset_ends_the_sessions_on_every_replica(engine: Engine) {
    let first = App::start(engine, &[]);
    let second = App::start_on(&first.store, &[]);
    let mut here = first.browser();
    here.sign_up("susan", "cat");
    let mut there = Browser::new(&second.base);
    there.log_in("susan", "cat").assert_has("Hi, susan!");
    there.visit("/index").assert_has("Hi, susan!");

    let mut forgetful = first.browser();
    forgetful.request_reset("susan@example.com");
    let link = first.reset_link();
    forgetful.visit(&link);
    forgetful
        .submit(&link, &[("password", "new"), ("password2", "new")])
        .assert_has("Your password has been reset.");

    here.visit("/index")
        .assert_has("Please log in to access this page.");
    // The other replica is browsed all along: its kept user must still age out.
    let reset_at = std::time::Instant::now();
    let mut ended = false;
    while reset_at.elapsed() < std::time::Duration::from_millis(1500) {
        if there.get("/explore").status != 200 {
            ended = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        ended,
        "the other replica's session outlived the reset by 1.5 s"
    );
    there
        .visit("/index")
        .assert_has("Please log in to access this page.");
}
