/// Resolves on the first SIGTERM (`docker stop`) or SIGINT (Ctrl-C), logging which one came.
///
/// A process that is PID 1 in a container gets no default action for SIGTERM: unless it handles
/// the signal, `docker stop` waits out its grace period (10 s) and then kills it.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("cannot listen for SIGTERM/SIGINT; stop the process with SIGKILL");
        return std::future::pending().await;
    };
    let name = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    tracing::info!("{name} received, shutting down");
}
