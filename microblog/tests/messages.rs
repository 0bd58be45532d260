//! Private messages, the unread badge and `/notifications`, over HTTP.

mod common;

use common::{on_both_engines, App, Browser, Engine};

on_both_engines!(
    a_message_sent_from_a_profile_reaches_the_inbox,
    the_badge_counts_unread_messages_until_the_inbox_is_opened,
    bad_messages_are_form_errors_and_unknown_recipients_404,
    the_inbox_is_paginated_newest_first,
    notifications_list_what_changed_since_a_time,
    a_bad_since_is_a_400,
    messages_and_notifications_need_a_login,
);

/// Two users, each in a browser of their own: susan and john.
fn two_users(app: &App) -> (Browser, Browser) {
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    let mut john = app.browser();
    john.sign_up("john", "dog");
    (susan, john)
}

fn send(from: &mut Browser, to: &str, text: &str) {
    from.visit(&format!("/send_message/{to}"));
    let page = from.post(&format!("/send_message/{to}"), &[("message", text)]);
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some(&*format!("/user/{to}"))),
        "{}",
        page.body
    );
}

fn a_message_sent_from_a_profile_reaches_the_inbox(engine: Engine) {
    let app = App::start(engine, &[]);
    let (mut susan, mut john) = two_users(&app);
    // john's profile, seen by susan, offers the message; her own does not.
    susan
        .visit("/user/john")
        .assert_has("href=\"/send_message/john\"")
        .assert_has("Send private message");
    susan
        .visit("/user/susan")
        .assert_lacks("Send private message");
    let form = susan.visit("/send_message/john");
    form.assert_has("<title>Send Message - Microblog</title>")
        .assert_has("Send Message to john")
        .assert_has("name=\"message\"");
    send(&mut susan, "john", "  Hello <john> & welcome!  ");
    susan
        .visit("/user/john")
        .assert_has("Your message has been sent.");
    let inbox = john.visit("/messages");
    inbox
        .assert_has("<title>Messages - Microblog</title>")
        .assert_has("Hello &#60;john&#62; &#38; welcome!")
        .assert_has("href=\"/user/susan\"")
        .assert_has("a few seconds ago")
        .assert_lacks("No messages yet.");
    // What one sends is not in one's own inbox.
    susan.visit("/messages").assert_has("No messages yet.");
}

fn the_badge_counts_unread_messages_until_the_inbox_is_opened(engine: Engine) {
    let app = App::start(engine, &[]);
    let (mut susan, mut john) = two_users(&app);
    john.visit("/index")
        .assert_has("href=\"/messages\"")
        .assert_has("<span id=\"message_count\" class=\"badge\" hidden>0</span>");
    send(&mut susan, "john", "one");
    send(&mut susan, "john", "two");
    john.visit("/index")
        .assert_has("<span id=\"message_count\" class=\"badge\">2</span>");
    john.visit("/explore")
        .assert_has("class=\"badge\">2</span>");
    // Opening the inbox reads everything: the badge empties on that very page.
    john.visit("/messages")
        .assert_has("class=\"badge\" hidden>0</span>");
    john.visit("/index")
        .assert_has("class=\"badge\" hidden>0</span>");
    send(&mut susan, "john", "three");
    john.visit("/index").assert_has("class=\"badge\">1</span>");
    // The sender's badge never moved.
    susan
        .visit("/index")
        .assert_has("class=\"badge\" hidden>0</span>");
}

fn bad_messages_are_form_errors_and_unknown_recipients_404(engine: Engine) {
    let app = App::start(engine, &[]);
    let (mut susan, mut john) = two_users(&app);
    susan.visit("/send_message/john");
    for (text, error) in [
        ("", "This field is required."),
        (" \n ", "This field is required."),
        ("a\0b", "Field contains invalid characters."),
        (
            &"é".repeat(141)[..],
            "Field must be between 1 and 140 characters long.",
        ),
    ] {
        let page = susan.post("/send_message/john", &[("message", text)]);
        assert_eq!(page.status, 422, "{text:?}");
        page.assert_has(error).assert_has("Send Message to john");
    }
    // 140 characters are fine.
    send(&mut susan, "john", &"é".repeat(140));
    assert_eq!(susan.get("/send_message/nobody").status, 404);
    assert_eq!(
        susan
            .post("/send_message/nobody", &[("message", "hi")])
            .status,
        404
    );
    assert_eq!(susan.get("/send_message/%00").status, 404);
    // Without the form's token, nothing is sent.
    let page = susan.post_raw("/send_message/john", &[("message", "forged")]);
    assert_eq!(page.status, 400);
    john.visit("/messages").assert_lacks("forged");
}

fn the_inbox_is_paginated_newest_first(engine: Engine) {
    let app = App::start(engine, &["--posts-per-page", "2"]);
    let (mut susan, mut john) = two_users(&app);
    for n in 1..=5 {
        send(&mut susan, "john", &format!("message {n}"));
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let first = john.visit("/messages");
    first
        .assert_has("message 5")
        .assert_has("message 4")
        .assert_lacks("message 3")
        .assert_has("href=\"/messages?page=2\"")
        .assert_has("Older messages");
    assert!(first.body.find("message 5") < first.body.find("message 4"));
    john.visit("/messages?page=3")
        .assert_has("message 1")
        .assert_has("href=\"/messages?page=2\"")
        .assert_lacks("message 2");
    // Any page number is a page (an empty one past the end), never an error.
    for bad in common::BAD_PAGE_QUERIES {
        let page = john.visit(&format!("/messages?{bad}"));
        assert_eq!(page.status, 200, "{bad}");
        page.assert_has("<h1>Messages</h1>");
    }
}

/// The JSON of `/notifications?since=…`.
fn notifications(browser: &mut Browser, since: &str) -> Vec<serde_json::Value> {
    let page = browser.get(&format!("/notifications?since={since}"));
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.content_type, "application/json");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    serde_json::from_str(&page.body).expect("a JSON list")
}

fn notifications_list_what_changed_since_a_time(engine: Engine) {
    let app = App::start(engine, &[]);
    let (mut susan, mut john) = two_users(&app);
    assert!(notifications(&mut john, "0").is_empty());
    send(&mut susan, "john", "one");
    send(&mut susan, "john", "two");
    // One notification per name: the latest count.
    let all = notifications(&mut john, "0");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["name"], "unread_message_count");
    assert_eq!(all[0]["data"], 2);
    let stamp = all[0]["timestamp"].as_f64().expect("a time in seconds");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!(
        (now - stamp).abs() < 60.0,
        "{stamp} is not about now ({now})"
    );
    // Nothing new since that time, as the page's script asks it.
    let since = all[0]["timestamp"].to_string();
    assert!(notifications(&mut john, &since).is_empty());
    assert_eq!(notifications(&mut john, "").len(), 1, "empty since: all");
    john.get("/messages");
    let after = notifications(&mut john, &since);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["data"], 0);
    // Nobody sees another's notifications.
    assert!(notifications(&mut susan, "0").is_empty());
}

fn a_bad_since_is_a_400(engine: Engine) {
    let app = App::start(engine, &[]);
    let (_, mut john) = two_users(&app);
    for bad in ["abc", "-1", "NaN", "inf", "1e400", "0x10", "%00", "1%2C5"] {
        let page = john.get(&format!("/notifications?since={bad}"));
        assert_eq!(page.status, 400, "since={bad}: {}", page.body);
        page.assert_has("since must be");
    }
    let page = john.get("/notifications?since=1&since=2");
    assert_eq!(page.status, 400);
}

fn messages_and_notifications_need_a_login(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    for path in ["/messages", "/send_message/susan", "/notifications?since=0"] {
        let page = b.get(path);
        assert_eq!(page.status, 303, "{path}");
        assert!(
            page.location
                .as_deref()
                .is_some_and(|l| l.starts_with("/auth/login?next=")),
            "{path}: {:?}",
            page.location
        );
    }
}
