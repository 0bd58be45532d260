use std::net::SocketAddr;

use std::future::Future;

use axum::Router;
use tokio::net::TcpListener;

use crate::shutdown_signal;

/// Serves `router` on `listener` until SIGTERM or SIGINT, then stops taking connections and
/// returns once the requests in flight are answered: as PID 1 in a container, `docker stop`
/// must not wait out its 10-second grace period. Handlers can take
/// `axum::extract::ConnectInfo<SocketAddr>` to read the peer's address.
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    serve_until(listener, router, shutdown_signal()).await
}

/// The same, stopping when `shutdown` resolves instead of on a signal: for a server that a
/// test starts and stops in-process.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::extract::ConnectInfo;
    use axum::routing::get;

    use super::*;

    #[tokio::test]
    async fn handlers_see_the_peer_address() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().route(
            "/peer",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.ip().to_string() }),
        );
        let server = tokio::spawn(serve(listener, router));
        let answer = crate::probe::check(&format!("http://{addr}/peer"), Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(answer, "127.0.0.1");
        server.abort();
    }
}
