//! The language of posts and their translation through a LibreTranslate server, here a fake one
//! on loopback that answers, refuses, stalls or is not there.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::{Json, Router};
use common::{on_both_engines, App, Browser, Engine};
use serde_json::{json, Value};

on_both_engines!(
    posts_get_their_language_when_it_is_clear,
    posts_in_another_language_get_a_translate_button,
    translate_answers_the_translation,
    translate_refuses_bad_requests_with_a_reason,
    a_translator_down_slow_or_refusing_is_a_clear_error,
);

/// What the fake translator does.
#[derive(Clone, Copy)]
enum Fake {
    Translates,
    Refuses,
    Stalls,
}

/// A fake LibreTranslate on a free loopback port; returns its URL and the requests it got.
fn fake_translator(behaviour: Fake) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let app = Router::new().route(
        "/translate",
        post(move |Json(asked): Json<Value>| {
            let log = Arc::clone(&log);
            async move {
                log.lock().unwrap().push(asked.clone());
                match behaviour {
                    Fake::Translates => {
                        let text = format!(
                            "[{}→{}] {}",
                            asked["source"].as_str().unwrap_or("?"),
                            asked["target"].as_str().unwrap_or("?"),
                            asked["q"].as_str().unwrap_or("")
                        );
                        (
                            axum::http::StatusCode::OK,
                            Json(json!({ "translatedText": text })),
                        )
                    }
                    Fake::Refuses => (
                        axum::http::StatusCode::BAD_REQUEST,
                        Json(json!({ "error": "xx is not supported" })),
                    ),
                    Fake::Stalls => {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        (
                            axum::http::StatusCode::OK,
                            Json(json!({ "translatedText": "late" })),
                        )
                    }
                }
            }
        }),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
    });
    (url, seen)
}

const FRENCH: &str = "Le chat dort sur le canapé depuis ce matin, il ne veut pas bouger.";
const ENGLISH: &str = "The cat has been sleeping on the sofa since this morning.";

fn posts_get_their_language_when_it_is_clear(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    for body in [FRENCH, ENGLISH, "ok"] {
        b.post("/index", &[("post", body)]);
    }
    let languages: Vec<(String, String)> = app
        .block_on(
            sqlx::query_as("SELECT body, language FROM posts ORDER BY id")
                .fetch_all(app.state.db.pool()),
        )
        .unwrap();
    let languages: Vec<&str> = languages.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        languages,
        ["fr", "en", ""],
        "too short: unknown, as upstream"
    );
}

fn posts_in_another_language_get_a_translate_button(engine: Engine) {
    let (url, _) = fake_translator(Fake::Translates);
    for (flags, shown) in [
        (vec!["--translator-url", url.as_str()], true),
        (vec![], false),
    ] {
        let app = App::start(engine, &flags);
        let mut b = app.browser();
        b.sign_up("susan", "cat");
        b.post("/index", &[("post", FRENCH)]);
        b.post("/index", &[("post", ENGLISH)]);
        let page = b.visit("/index");
        page.assert_has("<meta name=\"csrf-token\" content=\"");
        // The reader asked for no language: English, the site's first.
        let button = "data-from=\"fr\" data-to=\"en\"";
        assert_eq!(page.has(button), shown, "{flags:?}");
        assert_eq!(
            page.body.matches("data-translate=").count(),
            usize::from(shown)
        );
    }
}

/// A JSON POST to /translate from `b`'s session, with the page's token unless `token` is None.
fn ask(
    app: &App,
    b: &Browser,
    body: &str,
    token: Option<&str>,
    content_type: &str,
) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut request = agent
        .post(&format!("{}/translate", app.base))
        .header(
            "Cookie",
            &format!("session={}", b.cookie("session").unwrap()),
        )
        .header("Content-Type", content_type);
    if let Some(token) = token {
        request = request.header("X-CSRFToken", token);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn translate_answers_the_translation(engine: Engine) {
    let (url, seen) = fake_translator(Fake::Translates);
    let app = App::start(
        engine,
        &["--translator-url", &url, "--translator-key", "k3y"],
    );
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    let token = b.csrf.clone().unwrap();
    let asked = json!({"text": FRENCH, "source_language": "fr", "dest_language": "en"});
    let (status, answer) = ask(
        &app,
        &b,
        &asked.to_string(),
        Some(&token),
        "application/json",
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, json!({ "text": format!("[fr→en] {FRENCH}") }));
    let sent = seen.lock().unwrap().pop().unwrap();
    assert_eq!(sent["api_key"], "k3y");
    assert_eq!(sent["format"], "text");
}

fn translate_refuses_bad_requests_with_a_reason(engine: Engine) {
    let (url, seen) = fake_translator(Fake::Translates);
    let app = App::start(engine, &["--translator-url", &url]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    let token = b.csrf.clone().unwrap();
    let good = json!({"text": "hola", "source_language": "es", "dest_language": "en"}).to_string();
    // Without the token, or a wrong one: the CSRF check's 400.
    assert_eq!(ask(&app, &b, &good, None, "application/json").0, 400);
    assert_eq!(
        ask(&app, &b, &good, Some("forged"), "application/json").0,
        400
    );
    for (body, content_type, status, reason) in [
        ("not json", "application/json", 400, "JSON"),
        (good.as_str(), "text/plain", 415, "Content-Type"),
        (
            "{\"text\": \"hola\"}",
            "application/json",
            422,
            "source_language",
        ),
        (
            &json!({"text": "  ", "source_language": "es", "dest_language": "en"}).to_string()[..],
            "application/json",
            422,
            "text must be",
        ),
        (
            &json!({"text": "x".repeat(1001), "source_language": "es", "dest_language": "en"})
                .to_string()[..],
            "application/json",
            422,
            "text must be",
        ),
        (
            &json!({"text": "a\u{0}b", "source_language": "es", "dest_language": "en"}).to_string()
                [..],
            "application/json",
            422,
            "text must be",
        ),
        (
            &json!({"text": "hola", "source_language": "es'; DROP", "dest_language": "en"})
                .to_string()[..],
            "application/json",
            422,
            "source_language must be",
        ),
    ] {
        let (got, answer) = ask(&app, &b, body, Some(&token), content_type);
        assert_eq!(got, status, "{body:.60}: {answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| e.contains(reason)),
            "{body:.60}: {answer}"
        );
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing bad reached the translator"
    );
    // Logged out: the login page, as every page behind the login.
    let mut visitor = app.browser();
    visitor.visit("/auth/login");
    let page = visitor.post("/translate", &[]);
    assert_eq!(page.status, 303);
}

fn a_translator_down_slow_or_refusing_is_a_clear_error(engine: Engine) {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (slow, _) = fake_translator(Fake::Stalls);
    let (refusing, _) = fake_translator(Fake::Refuses);
    let asked = json!({"text": "hola", "source_language": "es", "dest_language": "en"}).to_string();
    for (url, status, reason) in [
        (closed.as_str(), 502, "cannot be reached"),
        (slow.as_str(), 504, "did not answer in time"),
        (refusing.as_str(), 502, "xx is not supported"),
    ] {
        let app = App::start(
            engine,
            &["--translator-url", url, "--translator-timeout-ms", "300"],
        );
        let mut b = app.browser();
        b.sign_up("susan", "cat");
        let token = b.csrf.clone().unwrap();
        let started = std::time::Instant::now();
        let (got, answer) = ask(&app, &b, &asked, Some(&token), "application/json");
        assert_eq!(got, status, "{url}: {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(reason),
            "{answer}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "no hang: {:?}",
            started.elapsed()
        );
    }
    // No translator configured: said so.
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    let token = b.csrf.clone().unwrap();
    let (got, answer) = ask(&app, &b, &asked, Some(&token), "application/json");
    assert_eq!(
        (got, answer["error"].as_str()),
        (503, Some("no translation service is configured."))
    );
}
