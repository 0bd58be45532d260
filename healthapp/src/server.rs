use std::net::SocketAddr;

use crate::config::ServeArgs;
use crate::routes::{router, Health};
use crate::Error;

/// Serves until SIGTERM or SIGINT, then stops at once: as PID 1 in a container, `docker stop`
/// must not wait for its 10-second kill.
pub async fn serve(args: &ServeArgs) -> Result<(), Error> {
    let addr = SocketAddr::new(args.host, args.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind { addr, source })?;
    tracing::info!("healthapp listening on http://{addr}");
    axum::serve(listener, router(Health::new()))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(Error::Serve)?;
    tracing::info!("healthapp stopped");
    Ok(())
}

/// Resolves on the first SIGTERM (docker stop) or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler can be installed");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler can be installed");
    let name = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    tracing::info!("{name} received, shutting down");
}
