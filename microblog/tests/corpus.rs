//! Hostile and malformed input: every answer is a 2xx, 3xx or 4xx (never a 500), user text
//! comes back escaped, SQL in input is only data, and the app keeps working afterwards.

mod common;

use common::{on_both_engines, App, Browser, Engine};

on_both_engines!(
    xss_payloads_come_back_escaped_everywhere,
    sql_payloads_are_only_data,
    bad_page_numbers_fall_back_to_the_first_page,
    overlong_and_malformed_forms_are_client_errors,
    a_refused_body_leaves_the_connection_usable,
    odd_paths_and_unknown_users_are_404s,
    the_app_is_still_healthy_after_the_corpus,
);

#[track_caller]
fn assert_not_server_error(status: u16, what: &str) {
    assert!((200..500).contains(&status), "{what}: answered {status}");
}

const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
];

const SQL: &[&str] = &[
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    "\" OR 1=1 --",
    "1); DELETE FROM posts; --",
    "admin'--",
];

/// No payload may come back as live markup.
#[track_caller]
fn assert_inert(page: &common::Page) {
    for live in [
        "<script>alert",
        "<img src=x",
        "<svg onload",
        "</textarea><script>",
    ] {
        assert!(
            !page.body.contains(live),
            "{live} came back unescaped:\n{}",
            page.body
        );
    }
}

fn xss_payloads_come_back_escaped_everywhere(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    for (n, payload) in XSS.iter().enumerate() {
        let mut b = app.browser();
        b.visit("/auth/register");
        let email = format!("x{n}@example.com");
        let page = b.submit(
            "/auth/register",
            &[
                ("username", payload),
                ("email", &email),
                ("password", "p"),
                ("password2", "p"),
            ],
        );
        page.assert_has("Congratulations");
        b.log_in(payload, "p").assert_has("Hi, ");
        b.post("/index", &[("post", payload)]);
        b.visit("/edit_profile");
        b.post(
            "/edit_profile",
            &[("username", payload), ("about_me", payload)],
        );
        for path in ["/index", "/explore"] {
            let page = b.visit(path);
            assert_eq!(page.status, 200);
            assert_inert(&page);
        }
    }
    b.sign_up("reader", "p");
    for payload in XSS {
        let name: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        let name = name.replace('+', "%20");
        for path in [format!("/user/{name}"), format!("/user/{name}/popup")] {
            let page = b.visit(&path);
            assert_eq!(page.status, 200, "{path}");
            assert_inert(&page);
        }
        // Flashed names are escaped too.
        b.visit(&format!("/user/{name}"));
        let page = b.submit(&format!("/follow/{name}"), &[]);
        assert_inert(&page);
        page.assert_has("You are following");
    }
    // Field values echoed into a form after an error are escaped.
    b.visit("/auth/logout");
    b.visit("/auth/register");
    let page = b.post(
        "/auth/register",
        &[
            ("username", "\"><script>alert(1)</script>"),
            ("email", "<script>alert(1)</script>"),
            ("password", ""),
            ("password2", ""),
        ],
    );
    assert_eq!(page.status, 422);
    assert_inert(&page);
}

fn sql_payloads_are_only_data(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("victim", "secret");
    b.get("/auth/logout");
    for payload in SQL {
        b.visit("/auth/login");
        let page = b.submit(
            "/auth/login",
            &[("username", payload), ("password", payload)],
        );
        page.assert_has("Invalid username or password");
        b.visit("/auth/login");
        let page = b.submit(
            "/auth/login",
            &[("username", "victim"), ("password", payload)],
        );
        page.assert_has("Invalid username or password");
    }
    let mut m = app.browser();
    m.visit("/auth/register");
    let page = m.submit(
        "/auth/register",
        &[
            ("username", SQL[1]),
            ("email", "sql@example.com"),
            ("password", "p"),
            ("password2", "p"),
        ],
    );
    page.assert_has("Congratulations");
    m.log_in(SQL[1], "p");
    for payload in SQL {
        assert_eq!(m.post("/index", &[("post", payload)]).status, 303);
    }
    let page = m.visit("/explore");
    page.assert_has("&#39;; DROP TABLE users; --")
        .assert_has("1); DELETE FROM posts; --");
    // Every table is still there and whole.
    b.log_in("victim", "secret").assert_has("Hi, victim!");
    let page = b.visit("/explore");
    assert_eq!(page.body.matches("class=\"post\"").count(), SQL.len());
    for payload in SQL {
        let name: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        assert_not_server_error(
            b.get(&format!("/user/{}", name.replace('+', "%20"))).status,
            payload,
        );
    }
}

fn bad_page_numbers_fall_back_to_the_first_page(engine: Engine) {
    let app = App::start(engine, &["--posts-per-page", "1"]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.post("/index", &[("post", "the first post")]);
    b.post("/index", &[("post", "the second post")]);
    for query in common::BAD_PAGE_QUERIES {
        for path in ["/index", "/explore", "/user/susan"] {
            let page = b.visit(&format!("{path}?{query}"));
            assert_not_server_error(page.status, &format!("{path}?{query}"));
            assert_eq!(page.status, 200, "{path}?{query}");
        }
    }
    b.visit("/index?page=-1")
        .assert_has("the second post")
        .assert_lacks("the first post");
    b.visit("/index?page=abc").assert_has("the second post");
    // The largest page number is just an empty page, and its links do not overflow.
    let page = b.visit("/index?page=9223372036854775807");
    page.assert_has("No posts yet.")
        .assert_has("?page=9223372036854775806");
}

fn overlong_and_malformed_forms_are_client_errors(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");

    let huge = "x".repeat(100 * 1024);
    let page = b.post("/index", &[("post", &huge)]);
    assert_eq!(page.status, 413);
    page.assert_has("Payload Too Large");
    let long = "y".repeat(10_000);
    for (path, fields) in [
        ("/index", vec![("post", long.as_str())]),
        (
            "/edit_profile",
            vec![("username", long.as_str()), ("about_me", long.as_str())],
        ),
    ] {
        let page = b.post(path, &fields);
        assert_eq!(page.status, 422, "{path}");
    }

    // Missing fields, unknown fields, a NUL byte, duplicated fields.
    for fields in [
        vec![],
        vec![("unexpected", "1")],
        vec![("post", "nul\0byte")],
        vec![("post", "one"), ("post", "two")],
    ] {
        let page = b.post("/index", &fields);
        assert_not_server_error(page.status, &format!("{fields:?}"));
    }
    // A NUL byte, which PostgreSQL's text cannot hold, is a form error on every engine.
    assert_eq!(b.post("/index", &[("post", "\u{0}")]).status, 422);

    // Not a form at all.
    let token = b.csrf.clone().unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let response = agent
        .post(&format!("{}/index", app.base))
        .header("content-type", "application/json")
        .send(format!("{{\"csrf_token\":\"{token}\",\"post\":\"x\"}}"))
        .unwrap();
    assert_not_server_error(response.status().as_u16(), "JSON body");
    let response = agent
        .post(&format!("{}/auth/login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .send(&b"username=%FF%FE&password=\xff\xfe&csrf_token=x"[..])
        .unwrap();
    assert_not_server_error(response.status().as_u16(), "bytes that are not UTF-8");

    // Bad e-mail addresses.
    let mut r = app.browser();
    for email in [
        "plainaddress",
        "@example.com",
        "a@b",
        "a b@example.com",
        "a@@example.com",
        &format!("{}@example.com", "a".repeat(200)),
    ] {
        r.visit("/auth/register");
        let page = r.post(
            "/auth/register",
            &[
                ("username", "newuser"),
                ("email", email),
                ("password", "p"),
                ("password2", "p"),
            ],
        );
        assert_eq!(page.status, 422, "{email}");
    }
}

/// A body over the limit is read to its end before the 413, so the client sees the answer
/// (not a reset) and the connection serves the next request, announced length or chunked.
fn a_refused_body_leaves_the_connection_usable(engine: Engine) {
    use std::io::{BufRead, BufReader, Read, Write};
    let app = App::start(engine, &[]);
    let address = app.base.trim_start_matches("http://");
    let stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    // Reads one answer: its status line, headers and body (by its length).
    let mut answer = || {
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line.trim_end().to_ascii_lowercase());
        }
        let length: usize = head
            .iter()
            .find_map(|h| h.strip_prefix("content-length: "))
            .map_or(0, |n| n.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        head
    };
    let body = "post=".to_owned() + &"x".repeat(200 * 1024);
    write!(
        writer,
        "POST /index HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let head = answer();
    assert!(head[0].starts_with("http/1.1 413"), "{head:?}");
    assert!(!head.contains(&"connection: close".to_owned()), "{head:?}");
    let mut chunked = String::new();
    for _ in 0..20 {
        chunked += &format!("{:x}\r\n{}\r\n", 10_000, "y".repeat(10_000));
    }
    write!(
        writer,
        "POST /auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\n\r\n{chunked}0\r\n\r\n"
    )
    .unwrap();
    let head = answer();
    assert!(head[0].starts_with("http/1.1 413"), "{head:?}");
    write!(writer, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    let head = answer();
    assert!(head[0].starts_with("http/1.1 200"), "{head:?}");
}

fn odd_paths_and_unknown_users_are_404s(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    let long = "z".repeat(5000);
    for path in [
        "/user/nobody",
        "/user/%00",
        "/user/..%2F..%2Fetc%2Fpasswd",
        "/user/%3Cscript%3E",
        &format!("/user/{long}"),
        &format!("/user/{long}/popup"),
        "/user/nobody/popup",
        "/static/..%2FCargo.toml",
        "/static/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let page = b.get(path);
        assert_not_server_error(page.status, path);
        assert!(
            page.status == 404 || page.status == 400,
            "{path}: {}",
            page.status
        );
    }
    assert_eq!(b.get("/user/%FF").status, 400);
    // A follow of a very long unknown name keeps the flash (and the cookie) small.
    b.visit("/user/susan");
    let page = b.submit(&format!("/follow/{long}"), &[]);
    page.assert_has("not found.");
    assert!(page.body.len() < 20_000);
}

fn the_app_is_still_healthy_after_the_corpus(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = Browser::new(&app.base);
    for path in [
        "/%",
        "/?%",
        "/index?%zz",
        "/auth/login?next=%",
        "/auth/reset_password/%",
        "/\u{7f}",
    ] {
        // Some of these are not even valid request targets; the client may refuse to send them.
        if let Ok(response) = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent()
            .get(&format!("{}{path}", app.base))
            .call()
        {
            assert_not_server_error(response.status().as_u16(), path);
        }
    }
    assert_eq!(b.get("/health").status, 200);
    b.sign_up("susan", "cat").assert_has("Hi, susan!");
}
