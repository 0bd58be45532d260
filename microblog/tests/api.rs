//! The JSON API over HTTP, rule by rule, on both engines: tokens, users, followers, posts, and
//! the errors (always JSON, always a 4xx with a message for bad input).

mod common;

use common::api::{Auth, Body};
use common::{on_both_engines, App, Engine};
use microblog::db::Db;
use microblog::models::{follow, post, token};
use serde_json::{json, Value};

on_both_engines!(
    a_token_comes_from_basic_auth_and_is_handed_out_again_while_valid,
    a_token_is_stored_hashed_and_expires,
    a_revoked_token_no_longer_works,
    every_call_but_register_needs_a_bearer_token,
    a_cookie_session_never_authenticates_an_api_call,
    a_user_is_shown_with_counts_and_links,
    the_users_list_is_paginated_with_meta_and_links,
    bad_page_numbers_fall_back_to_the_defaults,
    followers_and_following_lists,
    register_without_csrf_with_the_forms_rules,
    register_refuses_taken_names_and_addresses,
    fields_of_the_wrong_type_are_named,
    bodies_that_are_not_json_objects,
    a_huge_body_is_413_in_json,
    only_yourself_can_be_changed,
    changing_yourself_follows_the_forms_rules,
    unknown_paths_and_ids_are_404_in_json,
    wrong_methods_are_405_in_json_with_allow,
    posts_are_published_with_the_post_forms_rules,
    timeline_explore_and_a_users_posts,
    a_failing_database_is_a_500_in_json_without_detail,
    racing_token_requests_all_get_the_same_token,
);

/// Runs `work` on a pool of the test's own on the app's database (a pool lives on one
/// runtime: the app's is busy serving).
fn with_db<T, F: std::future::Future<Output = T>>(app: &App, work: impl FnOnce(Db) -> F) -> T {
    let url = app.store.url();
    common::block_on(async move {
        let db = microblog::db::connect_url(&url)
            .await
            .expect("the database opens");
        let out = work(db.clone()).await;
        db.close().await;
        out
    })
}

/// Users made straight in the database, all with the password "pw" hashed once.
fn insert_users(app: &App, names: &[&str]) -> Vec<i64> {
    let hash = microblog::models::user::hash_password("pw").unwrap();
    with_db(app, |db| async move {
        let mut ids = Vec::new();
        for name in names {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, email, password_hash, about_me, last_seen) \
                 VALUES ($1, $2, $3, '', 0) RETURNING id",
            )
            .bind(*name)
            .bind(format!("{name}@example.com"))
            .bind(&hash)
            .fetch_one(db.pool())
            .await
            .unwrap();
            ids.push(id);
        }
        ids
    })
}

fn follows(app: &App, follower: i64, followed: i64) {
    with_db(app, |db| async move {
        follow::follow(&db, follower, followed).await
    })
    .unwrap();
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

fn a_token_comes_from_basic_auth_and_is_handed_out_again_while_valid(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    api.register("susan", "cat");

    for auth in [
        Auth::None,
        Auth::Basic("susan", "dog"),
        Auth::Basic("nobody", "cat"),
        Auth::Basic("susan\0", "cat"),
        Auth::Raw("Basic not-base64!"),
        Auth::Raw("Basic c3VzYW4="), // "susan", no colon
        Auth::Raw("Bearer 0123456789abcdef0123456789abcdef"),
    ] {
        let answer = api.call("POST", "/api/tokens", auth, Body::None);
        answer.assert_error(401, "Valid credentials are required");
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Basic realm=\"Authentication Required\""),
            "{auth:?}"
        );
    }

    let token = api.token("susan", "cat");
    assert_eq!(token.len(), 32);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    assert_eq!(api.token("susan", "cat"), token, "the same while valid");
    let answer = api.call(
        "POST",
        "/api/tokens",
        Auth::Raw("basic c3VzYW46Y2F0"),
        Body::None,
    );
    assert_eq!(
        answer.assert_ok(200)["token"],
        token.as_str(),
        "scheme in any case"
    );
    api.get("/api/users", &token).assert_ok(200);
    let answer = api.call(
        "GET",
        "/api/users",
        Auth::Raw(&format!("bearer {token}")),
        Body::None,
    );
    answer.assert_ok(200);

    api.register("john", "dog");
    let johns = api.token("john", "dog");
    assert_ne!(johns, token);
}

fn a_token_is_stored_hashed_and_expires(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");

    let (hash, nonce): (String, String) = with_db(&app, |db| async move {
        sqlx::query_as("SELECT token_hash, nonce FROM api_tokens WHERE user_id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap()
    });
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(&token) && !nonce.contains(&token));

    // Less than a minute left: a new token replaces it.
    let now = microblog::clock::now_millis();
    with_db(&app, |db| async move {
        token::set_expiry(&db, id, now + 30_000).await
    })
    .unwrap();
    api.get("/api/users", &token).assert_ok(200);
    let renewed = api.token("susan", "cat");
    assert_ne!(renewed, token);
    api.get("/api/users", &token)
        .assert_error(401, "Valid credentials");

    // Past its hour: refused, with the bearer challenge.
    with_db(&app, |db| async move {
        token::set_expiry(&db, id, now - 1).await
    })
    .unwrap();
    let answer = api.get("/api/users", &renewed);
    answer.assert_error(401, "Valid credentials");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"Authentication Required\"")
    );
    let fresh = api.token("susan", "cat");
    assert_ne!(fresh, renewed);
    api.get("/api/users", &fresh).assert_ok(200);

    // A new token lasts an hour (upstream's 3600 s).
    let expires: i64 = with_db(&app, |db| async move {
        sqlx::query_scalar("SELECT expires_at FROM api_tokens WHERE user_id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap()
    });
    let left = expires - microblog::clock::now_millis();
    assert!((3_590_000..=3_600_000).contains(&left), "{left}");
}

fn a_revoked_token_no_longer_works(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    api.register("susan", "cat");
    let token = api.token("susan", "cat");

    let answer = api.call("DELETE", "/api/tokens", Auth::Bearer(&token), Body::None);
    assert_eq!(answer.status, 204, "{answer:?}");
    assert_eq!(answer.text, "");
    api.get("/api/users", &token)
        .assert_error(401, "Valid credentials");
    let again = api.call("DELETE", "/api/tokens", Auth::Bearer(&token), Body::None);
    again.assert_error(401, "Valid credentials");
    assert_eq!(
        again.header("www-authenticate"),
        Some("Bearer realm=\"Authentication Required\"")
    );
    // Basic credentials do not revoke: only the token's holder does.
    api.call(
        "DELETE",
        "/api/tokens",
        Auth::Basic("susan", "cat"),
        Body::None,
    )
    .assert_error(401, "Valid credentials");

    let new = api.token("susan", "cat");
    assert_ne!(new, token);
    api.get("/api/users", &new).assert_ok(200);
}

fn every_call_but_register_needs_a_bearer_token(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    for (method, path) in [
        ("GET", format!("/api/users/{id}")),
        ("GET", "/api/users".to_owned()),
        ("GET", format!("/api/users/{id}/followers")),
        ("GET", format!("/api/users/{id}/following")),
        ("PUT", format!("/api/users/{id}")),
        ("DELETE", "/api/tokens".to_owned()),
        ("GET", "/api/posts".to_owned()),
        ("POST", "/api/posts".to_owned()),
        ("GET", "/api/posts/1".to_owned()),
        ("GET", "/api/timeline".to_owned()),
        ("GET", format!("/api/users/{id}/posts")),
    ] {
        for auth in [
            Auth::None,
            Auth::Raw("Bearer"),
            Auth::Raw("Bearer "),
            Auth::Bearer("0123456789abcdef0123456789abcdef"),
            Auth::Bearer("x y z"),
            Auth::Basic("susan", "cat"),
        ] {
            let answer = api.call(method, &path, auth, Body::Json(json!({})));
            answer.assert_error(401, "Valid credentials are required");
            assert_eq!(
                answer.header("www-authenticate"),
                Some("Bearer realm=\"Authentication Required\""),
                "{method} {path} {auth:?}"
            );
        }
    }
}

fn a_cookie_session_never_authenticates_an_api_call(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut browser = app.browser();
    browser.sign_up("susan", "cat");
    browser.visit("/index").assert_has("susan");
    let cookie = browser.cookie("session").expect("a session cookie");

    let mut api = app.api();
    api.extra
        .push(("cookie".into(), format!("session={cookie}")));
    let answer = api.call("GET", "/api/users", Auth::None, Body::None);
    answer.assert_error(401, "Valid credentials");
    let answer = api.call("POST", "/api/tokens", Auth::None, Body::None);
    answer.assert_error(401, "Valid credentials");
    // And the API sets no cookie of its own.
    let token = api.token("susan", "cat");
    let answer = api.get("/api/users", &token);
    assert_eq!(answer.header("set-cookie"), None);
}

fn a_user_is_shown_with_counts_and_links(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let john = api.register("john", "dog");
    let token = api.token("susan", "cat");
    api.post("/api/posts", &token, json!({"body": "one"}))
        .assert_ok(201);
    api.post("/api/posts", &token, json!({"body": "two"}))
        .assert_ok(201);
    follows(&app, john, susan);

    let user = api.get(&format!("/api/users/{susan}"), &token);
    let user = user.assert_ok(200);
    assert_eq!(user["id"], susan);
    assert_eq!(user["username"], "susan");
    assert_eq!(user["email"], "susan@example.com", "one's own address");
    assert_eq!(user["about_me"], "");
    assert_eq!(
        (
            &user["post_count"],
            &user["follower_count"],
            &user["following_count"]
        ),
        (&json!(2), &json!(1), &json!(0))
    );
    let last_seen = user["last_seen"].as_str().unwrap();
    assert_eq!(
        last_seen.len(),
        "2026-11-30T02:52:42.123000+00:00".len(),
        "{last_seen}"
    );
    assert!(last_seen.ends_with("+00:00") && last_seen.as_bytes()[10] == b'T');
    assert_eq!(
        user["_links"],
        json!({
            "self": format!("/api/users/{susan}"),
            "followers": format!("/api/users/{susan}/followers"),
            "following": format!("/api/users/{susan}/following"),
            "avatar": microblog::models::user::avatar_url("susan@example.com", 128),
        })
    );

    let other = api.get(&format!("/api/users/{john}"), &token);
    let other = other.assert_ok(200);
    assert_eq!(other["username"], "john");
    assert_eq!(
        other.get("email"),
        None,
        "someone else's address is not shown"
    );
    assert_eq!(
        (
            &other["post_count"],
            &other["follower_count"],
            &other["following_count"]
        ),
        (&json!(0), &json!(0), &json!(1))
    );
}

fn the_users_list_is_paginated_with_meta_and_links(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let names: Vec<String> = (0..24).map(|i| format!("user{i:02}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let others = insert_users(&app, &names);
    follows(&app, others[0], susan);
    follows(&app, susan, others[1]);
    let token = api.token("susan", "cat");

    let first = api.get("/api/users", &token);
    let first = first.assert_ok(200);
    let mut expected = vec![susan];
    expected.extend(&others[..9]);
    assert_eq!(ids(first), expected, "id order, 10 a page");
    assert_eq!(
        first["_meta"],
        json!({"page": 1, "per_page": 10, "total_pages": 3, "total_items": 25})
    );
    assert_eq!(
        first["_links"],
        json!({"self": "/api/users?page=1&per_page=10", "next": "/api/users?page=2&per_page=10", "prev": null})
    );
    assert_eq!(first["items"][0]["email"], "susan@example.com");
    assert_eq!(first["items"][1].get("email"), None);
    assert_eq!(first["items"][0]["follower_count"], 1);
    assert_eq!(first["items"][0]["following_count"], 1);
    assert_eq!(first["items"][1]["following_count"], 1);
    assert_eq!(first["items"][2]["follower_count"], 1);

    let last = api.get("/api/users?page=3&per_page=10", &token);
    let last = last.assert_ok(200);
    assert_eq!(ids(last), others[19..].to_vec());
    assert_eq!(last["_links"]["next"], Value::Null);
    assert_eq!(last["_links"]["prev"], "/api/users?page=2&per_page=10");

    let beyond = api.get("/api/users?page=9", &token);
    let beyond = beyond.assert_ok(200);
    assert_eq!(ids(beyond), Vec::<i64>::new());
    assert_eq!(beyond["_meta"]["page"], 9);
    assert_eq!(beyond["_links"]["prev"], "/api/users?page=8&per_page=10");

    let capped = api.get("/api/users?per_page=1000", &token);
    let capped = capped.assert_ok(200);
    assert_eq!(capped["_meta"]["per_page"], 100);
    assert_eq!(capped["items"].as_array().unwrap().len(), 25);
    assert_eq!(capped["_meta"]["total_pages"], 1);

    let small = api.get("/api/users?page=2&per_page=7", &token);
    let small = small.assert_ok(200);
    assert_eq!(ids(small), others[6..13].to_vec());
    assert_eq!(small["_meta"]["total_pages"], 4);
}

fn bad_page_numbers_fall_back_to_the_defaults(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    for query in common::BAD_PAGE_QUERIES.iter().chain(&[
        "per_page=0",
        "per_page=-5",
        "per_page=abc",
        "per_page=%00&page=0",
    ]) {
        for path in [
            "/api/users",
            &format!("/api/users/{susan}/followers"),
            "/api/posts",
        ] {
            let answer = api.get(&format!("{path}?{query}"), &token);
            let list = answer.assert_ok(200);
            let page = list["_meta"]["page"].as_i64().unwrap();
            assert!(
                page == 1 || (*query == "page=9223372036854775807" && page == i64::MAX),
                "{path}?{query}: {page}"
            );
            if !query.contains("per_page") {
                continue;
            }
            assert_eq!(list["_meta"]["per_page"], 10, "{path}?{query}");
        }
    }
}

fn followers_and_following_lists(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let others = insert_users(&app, &["a", "b", "c", "d"]);
    for other in &others[..3] {
        follows(&app, *other, susan);
    }
    follows(&app, susan, others[3]);
    let token = api.token("susan", "cat");

    let followers = api.get(&format!("/api/users/{susan}/followers?per_page=2"), &token);
    let followers = followers.assert_ok(200);
    assert_eq!(ids(followers), others[..2].to_vec());
    assert_eq!(
        followers["_meta"],
        json!({"page": 1, "per_page": 2, "total_pages": 2, "total_items": 3})
    );
    assert_eq!(
        followers["_links"]["next"],
        format!("/api/users/{susan}/followers?page=2&per_page=2")
    );
    assert_eq!(followers["items"][0]["following_count"], 1);

    let following = api.get(&format!("/api/users/{susan}/following"), &token);
    let following = following.assert_ok(200);
    assert_eq!(ids(following), vec![others[3]]);
    assert_eq!(following["items"][0]["follower_count"], 1);
    assert_eq!(
        following["_links"]["self"],
        format!("/api/users/{susan}/following?page=1&per_page=10")
    );

    let none = api.get(&format!("/api/users/{}/following", others[3]), &token);
    assert_eq!(none.assert_ok(200)["_meta"]["total_items"], 0);
    for path in ["followers", "following"] {
        api.get(&format!("/api/users/999999/{path}"), &token)
            .assert_error(404, "There is no user with this id.");
        api.get(&format!("/api/users/x/{path}"), &token)
            .assert_error(404, "There is no user with this id.");
    }
}

fn register_without_csrf_with_the_forms_rules(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let answer = api.call(
        "POST",
        "/api/users",
        Auth::None,
        Body::Json(json!({"username": "  susan ", "email": " Susan@Example.com", "password": "cat", "ignored": 1})),
    );
    let user = answer.assert_ok(201);
    let id = user["id"].as_i64().unwrap();
    assert_eq!(
        answer.header("location"),
        Some(format!("/api/users/{id}").as_str())
    );
    assert_eq!(user["username"], "susan", "trimmed, as the form does");
    assert_eq!(user["email"], "Susan@Example.com");
    assert_eq!(user["post_count"], 0);
    // The account works on the site too.
    let mut browser = app.browser();
    browser.log_in("susan", "cat");
    browser.visit("/index").assert_has("Hi, susan!");

    let register = |body: Value| api.call("POST", "/api/users", Auth::None, Body::Json(body));
    for body in [
        json!({}),
        json!({"username": "john", "email": "john@example.com"}),
        json!({"username": "john", "password": "x"}),
        json!({"email": "john@example.com", "password": "x"}),
    ] {
        register(body).assert_error(400, "must include username, email and password fields");
    }
    let cases = [
        (
            json!({"username": "", "email": "john@example.com", "password": "x"}),
            "username",
            "This field is required.",
        ),
        (
            json!({"username": "   ", "email": "john@example.com", "password": "x"}),
            "username",
            "This field is required.",
        ),
        (
            json!({"username": "x".repeat(65), "email": "john@example.com", "password": "x"}),
            "username",
            "Field cannot be longer than 64 characters.",
        ),
        (
            json!({"username": "jo\u{0}hn", "email": "john@example.com", "password": "x"}),
            "username",
            "Field contains invalid characters.",
        ),
        (
            json!({"username": "john", "email": "not an address", "password": "x"}),
            "email",
            "Invalid email address.",
        ),
        (
            json!({"username": "john", "email": format!("{}@example.com", "x".repeat(120)), "password": "x"}),
            "email",
            "Field cannot be longer than 120 characters.",
        ),
        (
            json!({"username": "john", "email": "jo\u{0}hn@example.com", "password": "x"}),
            "email",
            "Field contains invalid characters.",
        ),
        (
            json!({"username": "john", "email": "john@example.com", "password": ""}),
            "password",
            "This field is required.",
        ),
        (
            json!({"username": "john", "email": "john@example.com", "password": "a\u{0}b"}),
            "password",
            "Field contains invalid characters.",
        ),
    ];
    for (body, field, message) in cases {
        let answer = register(body);
        answer.assert_error(400, &format!("{field}: {message}"));
        assert_eq!(answer.json["fields"][field][0], message);
    }
    // Two bad fields: both named.
    let answer = register(json!({"username": "", "email": "x", "password": "x"}));
    answer.assert_error(
        400,
        "username: This field is required. email: Invalid email address.",
    );
    let users: i64 = with_db(&app, |db| async move {
        sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(db.pool())
            .await
            .unwrap()
    });
    assert_eq!(users, 1, "nothing bad was stored");
}

fn register_refuses_taken_names_and_addresses(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    api.register("susan", "cat");
    let register = |body: Value| api.call("POST", "/api/users", Auth::None, Body::Json(body));
    register(json!({"username": "susan", "email": "other@example.com", "password": "x"}))
        .assert_error(400, "username: Please use a different username.");
    register(json!({"username": "john", "email": "SUSAN@example.com", "password": "x"}))
        .assert_error(400, "email: Please use a different email address.");
    let answer =
        register(json!({"username": "susan", "email": "susan@example.com", "password": "x"}));
    answer.assert_error(
        400,
        "username: Please use a different username. email: Please use a different email address.",
    );
}

fn fields_of_the_wrong_type_are_named(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    let register = |body: Value| api.call("POST", "/api/users", Auth::None, Body::Json(body));
    register(json!({"username": 5, "email": "john@example.com", "password": "x"})).assert_error(
        400,
        "username: invalid type: integer `5`, expected a string",
    );
    register(json!({"username": "john", "email": null, "password": "x"}))
        .assert_error(400, "email: invalid type: null");
    register(json!({"username": "john", "email": "john@example.com", "password": ["x"]}))
        .assert_error(400, "password: invalid type: sequence");
    api.put(
        &format!("/api/users/{id}"),
        &token,
        json!({"about_me": {"a": 1}}),
    )
    .assert_error(400, "about_me: invalid type: map");
    api.put(
        &format!("/api/users/{id}"),
        &token,
        json!({"username": true}),
    )
    .assert_error(400, "username: invalid type: boolean");
    api.post("/api/posts", &token, json!({"body": 1.5}))
        .assert_error(400, "body: invalid type: floating point");
    api.post("/api/posts", &token, json!({"post": "the form's name"}))
        .assert_error(400, "missing field `body`");
}

fn bodies_that_are_not_json_objects(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    let own = format!("/api/users/{id}");
    for (method, path, auth) in [
        ("POST", "/api/users", Auth::None),
        ("PUT", own.as_str(), Auth::Bearer(&token)),
        ("POST", "/api/posts", Auth::Bearer(&token)),
    ] {
        let send = |content_type: Option<&'static str>, bytes: &[u8]| {
            api.call(method, path, auth, Body::Raw(content_type, bytes.to_vec()))
        };
        let form = b"username=john&email=john%40example.com&password=x";
        send(Some("application/x-www-form-urlencoded"), form)
            .assert_error(415, "The request body must be JSON");
        send(None, br#"{"username": "john"}"#).assert_error(415, "The request body must be JSON");
        send(Some("text/plain"), br#"{"username": "john"}"#)
            .assert_error(415, "The request body must be JSON");
        send(Some("application/json"), b"").assert_error(400, "The request body is empty");
        send(Some("application/json"), b"{\"username\": ")
            .assert_error(400, "The request body is not valid JSON");
        send(Some("application/json"), b"\xff\xfe")
            .assert_error(400, "The request body is not valid JSON");
        send(Some("application/json"), b"[1, 2]")
            .assert_error(400, "The request body must be a JSON object.");
        send(Some("application/json"), b"\"susan\"")
            .assert_error(400, "The request body must be a JSON object.");
        send(Some("application/json; charset=utf-8"), b"{} {}")
            .assert_error(400, "The request body is not valid JSON");
    }
}

fn a_huge_body_is_413_in_json(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    let huge = json!({"username": "x".repeat(100_000), "email": "a@b.cd", "password": "x"});
    api.call("POST", "/api/users", Auth::None, Body::Json(huge.clone()))
        .assert_error(413, "The request body is too large.");
    api.put(&format!("/api/users/{id}"), &token, huge.clone())
        .assert_error(413, "The request body is too large.");
    api.post("/api/posts", &token, json!({"body": "x".repeat(70_000)}))
        .assert_error(413, "The request body is too large.");
    // No length announced: the limit stops the reading.
    let chunked = serde_json::to_vec(&json!({"body": "x".repeat(70_000)})).unwrap();
    let answer = api.call(
        "POST",
        "/api/posts",
        Auth::Bearer(&token),
        Body::Chunked(chunked),
    );
    answer.assert_error(413, "The request body is too large.");
    let small = serde_json::to_vec(&json!({"body": "sent in chunks"})).unwrap();
    let answer = api.call(
        "POST",
        "/api/posts",
        Auth::Bearer(&token),
        Body::Chunked(small),
    );
    answer.assert_ok(201);
    // Just under the limit is read (and refused for its field, not its size).
    let big = json!({"body": "x".repeat(60_000)});
    api.post("/api/posts", &token, big).assert_error(
        400,
        "body: Field must be between 1 and 140 characters long.",
    );
}

fn only_yourself_can_be_changed(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let john = api.register("john", "dog");
    let token = api.token("susan", "cat");
    let answer = api.put(
        &format!("/api/users/{john}"),
        &token,
        json!({"about_me": "hacked"}),
    );
    answer.assert_error(403, "You can only change your own account.");
    api.put("/api/users/999999", &token, json!({}))
        .assert_error(403, "You can only change your own account.");
    // Forbidden before the body is even read.
    api.call(
        "PUT",
        &format!("/api/users/{john}"),
        Auth::Bearer(&token),
        Body::Raw(Some("text/plain"), b"x".to_vec()),
    )
    .assert_error(403, "You can only change your own account.");
    api.put("/api/users/abc", &token, json!({}))
        .assert_error(404, "There is no user with this id.");
    let johns = api.get(&format!("/api/users/{john}"), &token);
    assert_eq!(johns.assert_ok(200)["about_me"], "");

    let answer = api.put(&format!("/api/users/{susan}"), &token, json!({}));
    let unchanged = answer.assert_ok(200);
    assert_eq!(unchanged["username"], "susan");
    assert_eq!(unchanged["email"], "susan@example.com");
}

fn changing_yourself_follows_the_forms_rules(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    api.register("john", "dog");
    let token = api.token("susan", "cat");
    let mut browser = app.browser();
    browser.log_in("susan", "cat");
    browser.visit("/index").assert_has("susan");
    let own = format!("/api/users/{susan}");

    let answer = api.put(&own, &token, json!({"about_me": "  I like cats  "}));
    let user = answer.assert_ok(200);
    assert_eq!(user["about_me"], "I like cats");
    assert_eq!(user["username"], "susan", "fields not sent are kept");

    let answer = api.put(
        &own,
        &token,
        json!({"username": " suzy ", "email": "suzy@example.org"}),
    );
    let user = answer.assert_ok(200);
    assert_eq!(
        (&user["username"], &user["email"], &user["about_me"]),
        (
            &json!("suzy"),
            &json!("suzy@example.org"),
            &json!("I like cats")
        )
    );
    assert_eq!(
        user["_links"]["avatar"],
        microblog::models::user::avatar_url("suzy@example.org", 128)
    );
    // The site sees the new name at once (the pages' user cache is told).
    browser
        .visit("/user/suzy")
        .assert_has("User: suzy")
        .assert_has("I like cats");
    // The same name, or one's own address in another case, is no conflict.
    api.put(
        &own,
        &token,
        json!({"username": "suzy", "email": "SUZY@example.org"}),
    )
    .assert_ok(200);

    let cases = [
        (
            json!({"username": "john"}),
            "username",
            "Please use a different username.",
        ),
        (
            json!({"email": "JOHN@example.com"}),
            "email",
            "Please use a different email address.",
        ),
        (
            json!({"username": ""}),
            "username",
            "This field is required.",
        ),
        (
            json!({"username": "x".repeat(65)}),
            "username",
            "Field cannot be longer than 64 characters.",
        ),
        (
            json!({"username": "a\u{0}b"}),
            "username",
            "Field contains invalid characters.",
        ),
        (json!({"email": "nope"}), "email", "Invalid email address."),
        (
            json!({"about_me": "x".repeat(141)}),
            "about_me",
            "Field cannot be longer than 140 characters.",
        ),
        (
            json!({"about_me": "nul \u{0} here"}),
            "about_me",
            "Field contains invalid characters.",
        ),
    ];
    for (body, field, message) in cases {
        let answer = api.put(&own, &token, body);
        answer.assert_error(400, &format!("{field}: {message}"));
        assert_eq!(answer.json["fields"][field][0], message);
    }
    let user = api.get(&own, &token);
    let user = user.assert_ok(200);
    assert_eq!(
        (&user["username"], &user["email"], &user["about_me"]),
        (
            &json!("suzy"),
            &json!("SUZY@example.org"),
            &json!("I like cats")
        ),
        "no refused change was stored"
    );
    // The password is not changed here (as upstream: the field is ignored).
    api.put(&own, &token, json!({"password": "new"}))
        .assert_ok(200);
    api.token("suzy", "cat");
}

fn unknown_paths_and_ids_are_404_in_json(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    api.register("susan", "cat");
    let token = api.token("susan", "cat");
    for path in [
        "/api",
        "/api/",
        "/api/nothing",
        "/api/users/1/nothing",
        "/api/tokens/extra",
        "/api/users/999999",
        "/api/users/abc",
        "/api/users/-1",
        "/api/users/+1",
        "/api/users/%201",
        "/api/posts/+1",
        "/api/users/99999999999999999999",
        "/api/users/1%00",
        "/api/posts/999999",
        "/api/posts/abc",
        "/api/users/999999/posts",
    ] {
        let answer = api.get(path, &token);
        assert_eq!(
            answer.header("content-type"),
            Some("application/json"),
            "{path}: {answer:?}"
        );
        answer.assert_error(404, "There ");
    }
    // Outside the API, a 404 is still the site's page.
    let page = api.get("/nothing", &token);
    assert_eq!(page.status, 404);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
}

fn wrong_methods_are_405_in_json_with_allow(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    for (method, path, allowed) in [
        ("GET", "/api/tokens".to_owned(), "DELETE,POST"),
        ("PUT", "/api/tokens".to_owned(), "DELETE,POST"),
        ("DELETE", format!("/api/users/{id}"), "GET,HEAD,PUT"),
        ("PATCH", format!("/api/users/{id}"), "GET,HEAD,PUT"),
        ("DELETE", "/api/users".to_owned(), "GET,HEAD,POST"),
        ("POST", format!("/api/users/{id}/followers"), "GET,HEAD"),
        ("PUT", "/api/posts".to_owned(), "GET,HEAD,POST"),
        ("POST", "/api/timeline".to_owned(), "GET,HEAD"),
        ("POST", "/api/openapi.json".to_owned(), "GET,HEAD"),
    ] {
        let answer = api.call(method, &path, Auth::Bearer(&token), Body::None);
        answer.assert_error(405, "This method is not allowed here");
        let mut allow: Vec<String> = answer
            .header("allow")
            .unwrap_or_default()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        allow.sort();
        assert_eq!(allow.join(","), allowed, "{method} {path}");
    }
}

fn posts_are_published_with_the_post_forms_rules(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let token = api.token("susan", "cat");

    let answer = api.post(
        "/api/posts",
        &token,
        json!({"body": "  Hello from the API!  "}),
    );
    let post = answer.assert_ok(201);
    let id = post["id"].as_i64().unwrap();
    assert_eq!(
        answer.header("location"),
        Some(format!("/api/posts/{id}").as_str())
    );
    assert_eq!(post["body"], "Hello from the API!");
    assert_eq!(post["author"], json!({"id": susan, "username": "susan"}));
    assert_eq!(post["language"], "");
    assert_eq!(
        post["_links"],
        json!({
            "self": format!("/api/posts/{id}"),
            "author": format!("/api/users/{susan}"),
            "avatar": microblog::models::user::avatar_url("susan@example.com", 70),
        })
    );
    let again = api.get(&format!("/api/posts/{id}"), &token);
    assert_eq!(again.assert_ok(200), post);
    // The site shows it.
    let mut browser = app.browser();
    browser.log_in("susan", "cat");
    browser.visit("/index").assert_has("Hello from the API!");

    let cases = [
        (json!({"body": ""}), "This field is required."),
        (json!({"body": " \n "}), "This field is required."),
        (
            json!({"body": "é".repeat(141)}),
            "Field must be between 1 and 140 characters long.",
        ),
        (
            json!({"body": "a\u{0}b"}),
            "Field contains invalid characters.",
        ),
    ];
    for (body, message) in cases {
        let answer = api.post("/api/posts", &token, body);
        answer.assert_error(400, &format!("body: {message}"));
        assert_eq!(answer.json["fields"]["body"][0], message);
    }
    api.post("/api/posts", &token, json!({"body": "é".repeat(140)}))
        .assert_ok(201);
    let count = with_db(&app, |db| async move { post::count_all(&db).await }).unwrap();
    assert_eq!(count, 2);
}

fn timeline_explore_and_a_users_posts(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let susan = api.register("susan", "cat");
    let [john, mary] = insert_users(&app, &["john", "mary"])[..] else {
        unreachable!()
    };
    follows(&app, susan, john);
    let mut at = 1_700_000_000_000;
    let mut publish = |user: i64, body: &'static str| {
        at += 1000;
        let at = at;
        with_db(&app, |db| async move {
            post::create_at(&db, user, body, at).await
        })
        .unwrap()
    };
    let s1 = publish(susan, "susan 1");
    let j1 = publish(john, "john 1");
    let m1 = publish(mary, "mary 1");
    let s2 = publish(susan, "susan 2");
    let j2 = publish(john, "john 2");
    let token = api.token("susan", "cat");

    let timeline = api.get("/api/timeline", &token);
    let timeline = timeline.assert_ok(200);
    assert_eq!(
        ids(timeline),
        vec![j2, s2, j1, s1],
        "own and followed, newest first"
    );
    assert_eq!(timeline["_meta"]["total_items"], 4);
    assert_eq!(
        timeline["_links"]["self"],
        "/api/timeline?page=1&per_page=10"
    );
    assert_eq!(
        timeline["items"][0]["timestamp"],
        "2023-11-14T22:13:25.000000+00:00"
    );

    let page = api.get("/api/timeline?page=2&per_page=3", &token);
    let page = page.assert_ok(200);
    assert_eq!(ids(page), vec![s1]);
    assert_eq!(
        page["_meta"],
        json!({"page": 2, "per_page": 3, "total_pages": 2, "total_items": 4})
    );

    let explore = api.get("/api/posts", &token);
    let explore = explore.assert_ok(200);
    assert_eq!(ids(explore), vec![j2, s2, m1, j1, s1]);

    let marys = api.get(&format!("/api/users/{mary}/posts"), &token);
    let marys = marys.assert_ok(200);
    assert_eq!(ids(marys), vec![m1]);
    assert_eq!(marys["items"][0]["author"]["username"], "mary");
    assert_eq!(
        marys["_links"]["self"],
        format!("/api/users/{mary}/posts?page=1&per_page=10")
    );
    let johns = api.get(&format!("/api/users/{john}/posts?per_page=1"), &token);
    let johns = johns.assert_ok(200);
    assert_eq!(ids(johns), vec![j2]);
    assert_eq!(
        johns["_links"]["next"],
        format!("/api/users/{john}/posts?page=2&per_page=1")
    );
    api.get("/api/users/999999/posts", &token)
        .assert_error(404, "There is no user with this id.");
}

fn a_failing_database_is_a_500_in_json_without_detail(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let id = api.register("susan", "cat");
    let token = api.token("susan", "cat");
    app.close_database();
    for answer in [
        api.get("/api/users", &token),
        api.get(&format!("/api/users/{id}"), &token),
        api.call(
            "POST",
            "/api/tokens",
            Auth::Basic("susan", "cat"),
            Body::None,
        ),
        api.post("/api/posts", &token, json!({"body": "lost"})),
    ] {
        answer.assert_error(500, "An unexpected error has occurred.");
        assert_eq!(answer.json.as_object().unwrap().len(), 2, "{answer:?}");
    }
}

fn racing_token_requests_all_get_the_same_token(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    api.register("susan", "cat");
    for _round in 0..2 {
        let tokens: Vec<String> = std::thread::scope(|scope| {
            let calls: Vec<_> = (0..6)
                .map(|_| scope.spawn(|| app.api().token("susan", "cat")))
                .collect();
            calls.into_iter().map(|c| c.join().unwrap()).collect()
        });
        assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
        api.get("/api/users", &tokens[0]).assert_ok(200);
        // Revoked: the next round races for a new one.
        let answer = api.call(
            "DELETE",
            "/api/tokens",
            Auth::Bearer(&tokens[0]),
            Body::None,
        );
        assert_eq!(answer.status, 204);
    }
}
