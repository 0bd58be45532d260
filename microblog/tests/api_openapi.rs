//! The OpenAPI document (`/api/openapi.json`, generated from the handlers) against the real
//! answers: every documented response of every operation is produced by a real call, and its
//! status and JSON body must match the document's schema; every answer a call gets must be
//! documented. A field added to an answer but not to the document (or the reverse) fails here.

mod common;

use std::collections::BTreeSet;

use common::api::{Answer, Api, Auth, Body};
use common::{on_both_engines, App, Engine};
use serde_json::{json, Value};

on_both_engines!(
    the_document_is_served_and_names_every_route,
    every_documented_answer_matches_the_real_one,
);

fn document(api: &Api) -> Value {
    let answer = api.call("GET", "/api/openapi.json", Auth::None, Body::None);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("content-type"), Some("application/json"));
    answer.json
}

fn the_document_is_served_and_names_every_route(engine: Engine) {
    let app = App::start(engine, &[]);
    let doc = document(&app.api());
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    let operations: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    let expected: BTreeSet<String> = [
        "POST /api/tokens",
        "DELETE /api/tokens",
        "GET /api/users",
        "POST /api/users",
        "GET /api/users/{id}",
        "PUT /api/users/{id}",
        "GET /api/users/{id}/followers",
        "GET /api/users/{id}/following",
        "GET /api/users/{id}/posts",
        "GET /api/posts",
        "POST /api/posts",
        "GET /api/posts/{id}",
        "GET /api/timeline",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(operations, expected);
    // Answers may hold no field the document does not name.
    for schema in ["UserJson", "UserList", "PostJson", "PostList"] {
        assert_eq!(
            doc["components"]["schemas"][schema]["additionalProperties"], false,
            "{schema}"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["basic"]["scheme"], "basic");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
}

/// Checks answers against the document and remembers which documented answers were seen.
struct Checker {
    doc: Value,
    seen: BTreeSet<(String, String, String)>,
}

impl Checker {
    /// Checks `answer` to `method` on the documented `path` (a template such as
    /// `/api/users/{id}`).
    #[track_caller]
    fn check(&mut self, method: &str, path: &str, answer: &Answer) {
        let method = method.to_lowercase();
        let status = answer.status.to_string();
        let documented = &self.doc["paths"][path][&method]["responses"][&status];
        assert!(
            documented.is_object(),
            "{method} {path} answered {status}, which the document does not list: {answer:?}"
        );
        self.seen
            .insert((path.to_owned(), method.clone(), status.clone()));
        let Some(schema) = documented["content"]["application/json"]["schema"].as_object() else {
            assert!(
                documented.get("content").is_none(),
                "{method} {path} {status}: content without a JSON schema"
            );
            assert_eq!(
                answer.text, "",
                "{method} {path} {status}: no body documented"
            );
            return;
        };
        let mut root = schema.clone();
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("components".into(), self.doc["components"].clone());
        let validator = jsonschema::validator_for(&Value::Object(root))
            .unwrap_or_else(|e| panic!("{method} {path} {status}: a bad schema: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&answer.json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status} differs from the document: {errors:#?}\n{}",
            answer.text
        );
        if let Some(headers) = documented["headers"].as_object() {
            for name in headers.keys() {
                assert!(
                    answer.header(name).is_some(),
                    "{method} {path} {status}: no {name} header"
                );
            }
        }
    }

    /// Every documented answer was produced by some call.
    fn assert_all_seen(&self) {
        let mut missing = Vec::new();
        for (path, item) in self.doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                for status in operation["responses"].as_object().unwrap().keys() {
                    let key = (path.clone(), method.clone(), status.clone());
                    if !self.seen.contains(&key) {
                        missing.push(format!("{method} {path} {status}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "documented but never checked: {missing:#?}"
        );
    }
}

fn every_documented_answer_matches_the_real_one(engine: Engine) {
    let app = App::start(engine, &[]);
    let api = app.api();
    let mut c = Checker {
        doc: document(&api),
        seen: BTreeSet::new(),
    };
    let none = Auth::None;
    let json_body = |value: Value| Body::Json(value);
    let not_json = || Body::Raw(Some("text/plain"), b"hello".to_vec());
    let huge = || Body::Json(json!({"body": "x".repeat(100_000)}));

    // Register.
    let new_user = |name: &str| json!({"username": name, "email": format!("{name}@example.com"), "password": "cat"});
    let answer = api.call("POST", "/api/users", none, json_body(new_user("susan")));
    c.check("POST", "/api/users", &answer);
    let susan = answer.json["id"].as_i64().unwrap();
    let answer = api.call("POST", "/api/users", none, json_body(new_user("john")));
    let john = answer.json["id"].as_i64().unwrap();
    for body in [
        json_body(new_user("susan")),
        json_body(json!({})),
        json_body(json!({"username": 1, "email": "", "password": ""})),
    ] {
        c.check(
            "POST",
            "/api/users",
            &api.call("POST", "/api/users", none, body),
        );
    }
    c.check(
        "POST",
        "/api/users",
        &api.call("POST", "/api/users", none, huge()),
    );
    c.check(
        "POST",
        "/api/users",
        &api.call("POST", "/api/users", none, not_json()),
    );

    // Tokens.
    let answer = api.call(
        "POST",
        "/api/tokens",
        Auth::Basic("susan", "cat"),
        Body::None,
    );
    c.check("POST", "/api/tokens", &answer);
    let token = answer.json["token"].as_str().unwrap().to_owned();
    let bearer = Auth::Bearer(&token);
    let wrong = Auth::Bearer("0123456789abcdef0123456789abcdef");
    c.check(
        "POST",
        "/api/tokens",
        &api.call(
            "POST",
            "/api/tokens",
            Auth::Basic("susan", "dog"),
            Body::None,
        ),
    );

    // Posts, so that the lists have items.
    let answer = api.call(
        "POST",
        "/api/posts",
        bearer,
        json_body(json!({"body": "hello"})),
    );
    c.check("POST", "/api/posts", &answer);
    let post = answer.json["id"].as_i64().unwrap();
    for (auth, body) in [
        (bearer, json_body(json!({"body": ""}))),
        (bearer, json_body(json!({}))),
        (bearer, huge()),
        (bearer, not_json()),
        (wrong, json_body(json!({"body": "x"}))),
    ] {
        c.check(
            "POST",
            "/api/posts",
            &api.call("POST", "/api/posts", auth, body),
        );
    }
    microblog_follow(&app, john, susan);

    // Reads: each with the token, without, and with an unknown id where there is one.
    let reads = [
        ("/api/users", "/api/users".to_owned(), None),
        (
            "/api/users/{id}",
            format!("/api/users/{susan}"),
            Some("/api/users/999999"),
        ),
        (
            "/api/users/{id}/followers",
            format!("/api/users/{susan}/followers"),
            Some("/api/users/999999/followers"),
        ),
        (
            "/api/users/{id}/following",
            format!("/api/users/{john}/following"),
            Some("/api/users/999999/following"),
        ),
        (
            "/api/users/{id}/posts",
            format!("/api/users/{susan}/posts"),
            Some("/api/users/999999/posts"),
        ),
        ("/api/posts", "/api/posts".to_owned(), None),
        (
            "/api/posts/{id}",
            format!("/api/posts/{post}"),
            Some("/api/posts/999999"),
        ),
        ("/api/timeline", "/api/timeline".to_owned(), None),
    ];
    for (template, path, unknown) in reads {
        let answer = api.call("GET", &path, bearer, Body::None);
        assert_eq!(answer.status, 200, "{path}: {answer:?}");
        c.check("GET", template, &answer);
        c.check("GET", template, &api.call("GET", &path, wrong, Body::None));
        if let Some(unknown) = unknown {
            c.check(
                "GET",
                template,
                &api.call("GET", unknown, bearer, Body::None),
            );
        }
    }
    // Someone else's record, without the address; a paged list with next and prev links.
    c.check(
        "GET",
        "/api/users/{id}",
        &api.call("GET", &format!("/api/users/{john}"), bearer, Body::None),
    );
    c.check(
        "GET",
        "/api/users",
        &api.call("GET", "/api/users?page=2&per_page=1", bearer, Body::None),
    );

    // Edit oneself.
    let own = format!("/api/users/{susan}");
    for (path, auth, body) in [
        (own.clone(), bearer, json_body(json!({"about_me": "cats"}))),
        (own.clone(), bearer, json_body(json!({"username": "john"}))),
        (own.clone(), wrong, json_body(json!({}))),
        (format!("/api/users/{john}"), bearer, json_body(json!({}))),
        ("/api/users/x".to_owned(), bearer, json_body(json!({}))),
        (own.clone(), bearer, huge()),
        (own.clone(), bearer, not_json()),
    ] {
        c.check(
            "PUT",
            "/api/users/{id}",
            &api.call("PUT", &path, auth, body),
        );
    }

    // Revoke.
    c.check(
        "DELETE",
        "/api/tokens",
        &api.call("DELETE", "/api/tokens", bearer, Body::None),
    );
    c.check(
        "DELETE",
        "/api/tokens",
        &api.call("DELETE", "/api/tokens", bearer, Body::None),
    );

    c.assert_all_seen();
}

fn microblog_follow(app: &App, follower: i64, followed: i64) {
    let url = app.store.url();
    common::block_on(async move {
        let db = microblog::db::connect_url(&url).await.unwrap();
        microblog::models::follow::follow(&db, follower, followed)
            .await
            .unwrap();
        db.close().await;
    });
}
