use std::sync::Arc;

use crate::config::Config;
use crate::db::{Db, Engine};
use crate::error::StartError;
use crate::mail::Mailer;
use crate::signing::{Signer, DEV_SECRET_KEY};
use crate::translate::Translator;
use crate::user_cache::UserCache;

/// What every handler and middleware receives besides its extractors: [`Shared`], behind one
/// `Arc`, as each layer and extractor of a request clones it (one count, not one per field).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state itself, built once at start-up.
pub struct Shared {
    pub config: Config,
    pub db: Db,
    pub signer: Signer,
    pub mailer: Mailer,
    /// The session users of the last second.
    pub users: UserCache,
    /// SQLite or PostgreSQL.
    pub engine: Engine,
    /// Wakes this replica's task worker when a page launches a task.
    pub wake_worker: Arc<tokio::sync::Notify>,
    /// The translation service, when one is configured.
    pub translator: Option<Translator>,
}

impl AppState {
    pub fn new(config: Config, db: Db) -> Result<Self, StartError> {
        let signer = match config.secret_key.as_deref() {
            Some(key) if !key.is_empty() => Signer::new(key.as_bytes()),
            _ if config.is_dev() => Signer::new(DEV_SECRET_KEY.as_bytes()),
            _ => {
                tracing::warn!(
                    "SECRET_KEY is not set: using a random key, so sessions and password-reset \
                     links will not survive a restart (set SECRET_KEY to keep them)"
                );
                Signer::random()
            }
        };
        let mailer = Mailer::from_config(&config)?;
        let engine = Engine::of(&config.database_url());
        let translator = Translator::from_config(&config)?;
        Ok(Self(Arc::new(Shared {
            config,
            db,
            signer,
            mailer,
            users: UserCache::default(),
            engine,
            wake_worker: Arc::default(),
            translator,
        })))
    }
}
