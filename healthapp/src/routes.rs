use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

/// Whether the app still calls itself healthy. Shared by every request; `/kill` flips it for good.
/// A new one (`new` or `default`) is healthy, as the app is when it starts.
#[derive(Clone)]
pub struct Health(Arc<AtomicBool>);

impl Default for Health {
    fn default() -> Self {
        Self(Arc::new(AtomicBool::new(true)))
    }
}

impl Health {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_healthy(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub fn kill(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

pub fn router(health: Health) -> Router {
    Router::new()
        .route("/health", get(health_check))
        .route("/kill", get(kill))
        .with_state(health)
}

async fn health_check(State(health): State<Health>) -> (StatusCode, &'static str) {
    if health.is_healthy() {
        (StatusCode::OK, "OK")
    } else {
        (StatusCode::INTERNAL_SERVER_ERROR, "NOT OK")
    }
}

async fn kill(State(health): State<Health>) -> &'static str {
    if health.is_healthy() {
        tracing::warn!("/kill called: /health answers NOT OK from now on");
    }
    health.kill();
    "You have killed your app."
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use tower::ServiceExt;

    async fn get(app: &Router, path: &str) -> (StatusCode, String) {
        let response = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), 1024).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn health_is_ok_until_killed_then_stays_not_ok() {
        let app = router(Health::new());
        assert_eq!(get(&app, "/health").await, (StatusCode::OK, "OK".into()));
        assert_eq!(
            get(&app, "/kill").await,
            (StatusCode::OK, "You have killed your app.".into())
        );
        for _ in 0..2 {
            assert_eq!(
                get(&app, "/health").await,
                (StatusCode::INTERNAL_SERVER_ERROR, "NOT OK".into())
            );
        }
        // Killing twice is harmless.
        assert_eq!(get(&app, "/kill").await.0, StatusCode::OK);
    }

    #[test]
    fn a_default_health_is_healthy_until_killed() {
        let health = Health::default();
        assert!(health.is_healthy());
        let shared = health.clone();
        shared.kill();
        assert!(!health.is_healthy(), "clones share one flag");
    }

    #[tokio::test]
    async fn unknown_paths_and_methods_are_client_errors() {
        let app = router(Health::new());
        assert_eq!(get(&app, "/nope").await.0, StatusCode::NOT_FOUND);
        let response = app
            .clone()
            .oneshot(Request::post("/kill").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            get(&app, "/health").await.0,
            StatusCode::OK,
            "POST must not kill"
        );
    }
}
