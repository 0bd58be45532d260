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
    containerized::serve(listener, router(Health::new()))
        .await
        .map_err(Error::Serve)?;
    tracing::info!("healthapp stopped");
    Ok(())
}
