//! A client of the JSON API, as a script would be: any method, a bearer token or HTTP basic,
//! a JSON (or any) body, and the answer's status, headers and JSON.

use base64::prelude::{Engine, BASE64_STANDARD};
use serde_json::Value;
use ureq::Agent;

/// How a call authenticates.
#[derive(Debug, Clone, Copy)]
pub enum Auth<'a> {
    None,
    Basic(&'a str, &'a str),
    Bearer(&'a str),
    /// An `Authorization` header as given.
    Raw(&'a str),
}

/// What a call sends as its body.
#[derive(Debug, Clone)]
pub enum Body {
    None,
    Json(Value),
    /// Bytes with a content type (or none).
    Raw(Option<&'static str>, Vec<u8>),
    /// JSON sent in chunks, without a length announced.
    Chunked(Vec<u8>),
}

/// An answer of the API.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
    /// The body as JSON (`Null` when it is not).
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Checks a JSON error answer: its status, `error` and the start of its `message`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, message_start: &str) -> &Self {
        assert_eq!(self.status, status, "{self:?}");
        assert!(
            self.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{self:?}"
        );
        let reason = ureq::http::StatusCode::from_u16(status)
            .unwrap()
            .canonical_reason()
            .unwrap();
        assert_eq!(self.json["error"], reason, "{self:?}");
        let message = self.json["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(message_start),
            "{message:?} should start with {message_start:?}"
        );
        self
    }

    #[track_caller]
    pub fn assert_ok(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "{self:?}");
        &self.json
    }
}

pub struct Api {
    base: String,
    agent: Agent,
    /// Extra headers sent with every call (a cookie, to show it is ignored).
    pub extra: Vec<(String, String)>,
}

impl Api {
    pub fn new(base: &str) -> Api {
        let agent = Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            // A connection per call, so that no call depends on how the last one ended (a
            // refused body is read to its end and its connection kept: `corpus.rs` checks that).
            .max_idle_connections(0)
            .build()
            .into();
        Api {
            base: base.to_owned(),
            agent,
            extra: Vec::new(),
        }
    }

    pub fn call(&self, method: &str, path: &str, auth: Auth, body: Body) -> Answer {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        let authorization = match auth {
            Auth::None => None,
            Auth::Basic(user, password) => Some(format!(
                "Basic {}",
                BASE64_STANDARD.encode(format!("{user}:{password}"))
            )),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
            Auth::Raw(value) => Some(value.to_owned()),
        };
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        for (name, value) in &self.extra {
            request = request.header(name, value);
        }
        let response = match body {
            Body::None => self.agent.run(request.body(()).unwrap()),
            Body::Json(value) => self.agent.run(
                request
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(&value).unwrap())
                    .unwrap(),
            ),
            Body::Raw(content_type, bytes) => {
                if let Some(content_type) = content_type {
                    request = request.header("content-type", content_type);
                }
                self.agent.run(request.body(bytes).unwrap())
            }
            Body::Chunked(bytes) => self.agent.run(
                request
                    .header("content-type", "application/json")
                    .body(ureq::SendBody::from_owned_reader(std::io::Cursor::new(
                        bytes,
                    )))
                    .unwrap(),
            ),
        };
        let mut response = response.expect("the app answers");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    pub fn get(&self, path: &str, token: &str) -> Answer {
        self.call("GET", path, Auth::Bearer(token), Body::None)
    }

    pub fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call("POST", path, Auth::Bearer(token), Body::Json(body))
    }

    pub fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call("PUT", path, Auth::Bearer(token), Body::Json(body))
    }

    /// Registers a user through the API; their id.
    #[track_caller]
    pub fn register(&self, username: &str, password: &str) -> i64 {
        let answer = self.call(
            "POST",
            "/api/users",
            Auth::None,
            Body::Json(serde_json::json!({
                "username": username,
                "email": format!("{username}@example.com"),
                "password": password,
            })),
        );
        answer.assert_ok(201)["id"].as_i64().unwrap()
    }

    /// A token for the user.
    #[track_caller]
    pub fn token(&self, username: &str, password: &str) -> String {
        let answer = self.call(
            "POST",
            "/api/tokens",
            Auth::Basic(username, password),
            Body::None,
        );
        answer.assert_ok(200)["token"].as_str().unwrap().to_owned()
    }
}
