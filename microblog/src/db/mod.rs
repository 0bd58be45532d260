//! The database: SQLite embedded by default, PostgreSQL when `DATABASE_URL` says so. Both are
//! reached through sqlx's `Any` driver with runtime queries, so the build needs no database;
//! the SQL is written once, with `$N` parameters that both engines understand. On SQLite, the
//! reads of the busiest pages take a shorter path ([`sqlite_reads`]) with the same SQL.

mod sqlite_reads;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::ConnectOptions;

use crate::config::Config;
use crate::error::StartError;

pub use sqlite_reads::SqliteReads;

/// The database every handler and query uses: sqlx's pool, and on a SQLite file the
/// connections that read on the calling thread.
#[derive(Debug, Clone)]
pub struct Db {
    pool: sqlx::AnyPool,
    sqlite_reads: Option<Arc<SqliteReads>>,
}

impl Db {
    /// sqlx's pool: every write and transaction, and the reads of either engine.
    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.pool
    }

    /// The SQLite file's reads on the calling thread; `None` on PostgreSQL and in memory.
    pub fn sqlite_reads(&self) -> Option<&SqliteReads> {
        self.sqlite_reads.as_deref()
    }

    /// Closes every connection (the end of a test or of the server).
    pub async fn close(&self) {
        if let Some(reads) = &self.sqlite_reads {
            reads.close();
        }
        self.pool.close().await;
    }
}

/// Which database a URL names. The SQL is the same on both but for the few statements that
/// need what only one of them has (`FOR UPDATE SKIP LOCKED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine of a database URL (one `connect_url` accepted).
    pub fn of(url: &str) -> Engine {
        if is_sqlite(url) {
            Engine::Sqlite
        } else {
            Engine::Postgres
        }
    }
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Each SQLite connection's settings. Sorts and temporary tables stay in memory: the app writes
/// nowhere but its data directory (read-only root filesystems). In WAL mode, `synchronous =
/// NORMAL` syncs the log at checkpoints rather than at every commit: a commit is in the
/// operating system's hands when it returns, so it survives the app being killed (`docker kill`,
/// an OOM kill, a crash: tested), and only a power loss or a kernel crash can take the last
/// commits before a checkpoint, never corrupting the file.
const SQLITE_PRAGMAS: &str = "PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;";

/// How long a SQLite writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the configured database, creating the data directory and the SQLite file on first
/// start, and brings its schema up to date (the Flask `boot.sh` runs `flask db upgrade`).
pub async fn connect(config: &Config) -> Result<Db, StartError> {
    if config
        .database_url
        .as_deref()
        .is_none_or(|u| u.trim().is_empty())
    {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
            path: config.data_dir.clone(),
            source,
        })?;
    }
    let url = config.database_url();
    let patience = Duration::from_secs(config.db_connect_timeout);
    let start = std::time::Instant::now();
    let mut attempt = 1;
    loop {
        match connect_url(&url).await {
            Err(StartError::ConnectDatabase { server, source })
                if may_come_up(&source) && start.elapsed() < patience =>
            {
                tracing::warn!(
                    "the database {server} does not answer yet ({source}): trying again in 1 s \
                     (attempt {attempt}, giving up after DB_CONNECT_TIMEOUT = {} s)",
                    patience.as_secs()
                );
                attempt += 1;
                tokio::time::sleep(CONNECT_RETRY).await;
            }
            other => return other,
        }
    }
}

/// The pause between two tries to reach a database that is not up yet.
const CONNECT_RETRY: Duration = Duration::from_secs(1);

/// Whether a failed connection may succeed later: nothing listens yet, its name does not resolve
/// yet (a container still starting), or the server says it is starting up (`57P03`). A refused
/// password or an unknown database will not get better by waiting.
fn may_come_up(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(e) => e.code().as_deref() == Some("57P03"),
        _ => false,
    }
}

/// Opens the database at `url` and migrates it.
pub async fn connect_url(url: &str) -> Result<Db, StartError> {
    sqlx::any::install_default_drivers();
    let migrator = if is_sqlite(url) {
        prepare_sqlite(url).await?;
        &SQLITE_MIGRATIONS
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        prepare_postgres(url).await?;
        &POSTGRES_MIGRATIONS
    } else {
        return Err(StartError::Config(
            "DATABASE_URL must start with sqlite:// or postgres://".into(),
        ));
    };
    let mut options = AnyPoolOptions::new()
        .max_connections(if is_in_memory(url) { 1 } else { 8 })
        .acquire_timeout(Duration::from_secs(5));
    if is_sqlite(url) {
        options = options.after_connect(|connection, _| {
            Box::pin(async move {
                sqlx::Executor::execute(connection, SQLITE_PRAGMAS).await?;
                Ok(())
            })
        });
    }
    let pool = options.connect(url).await?;
    migrator.run(&pool).await?;
    let sqlite_reads = match sqlite_file(url)? {
        Some(path) => Some(Arc::new(SqliteReads::open(&path).map_err(|source| {
            StartError::OpenReads {
                path: path.display().to_string(),
                source,
            }
        })?)),
        None => None,
    };
    Ok(Db { pool, sqlite_reads })
}

/// The file a SQLite URL names; `None` for PostgreSQL or an in-memory database, which a second
/// connection would not see.
fn sqlite_file(url: &str) -> Result<Option<PathBuf>, StartError> {
    if !is_sqlite(url) || is_in_memory(url) {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(url)?;
    Ok(Some(options.get_filename().to_owned()))
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Whether a SQLite URL names a database in memory (`sqlite::memory:`, `?mode=memory`), which
/// lives in one connection: no file to prepare, no second connection to share it.
fn is_in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Creates the SQLite file if needed and switches it to WAL mode, which the file remembers:
/// readers no longer block the writer. Connections made later by the pool wait up to
/// `BUSY_TIMEOUT` for a lock (sqlx's default, set here explicitly).
async fn prepare_sqlite(url: &str) -> Result<(), StartError> {
    if is_in_memory(url) {
        return Ok(());
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(BUSY_TIMEOUT);
    let connection = options
        .connect()
        .await
        .map_err(|source| StartError::OpenDatabase {
            path: url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .to_owned(),
            source,
        })?;
    sqlx::Connection::close(connection).await?;
    Ok(())
}

/// Opens one connection before the pool does, so that a server that refuses (wrong password,
/// unknown database, nothing listening) is reported with its reason, not as the pool's timeout.
async fn prepare_postgres(url: &str) -> Result<(), StartError> {
    let connection = <sqlx::postgres::PgConnection as sqlx::Connection>::connect(url)
        .await
        .map_err(|source| StartError::ConnectDatabase {
            server: without_credentials(url).to_owned(),
            source,
        })?;
    sqlx::Connection::close(connection).await?;
    Ok(())
}

/// A database URL as it may be logged: what follows the credentials (`host:port/name`).
pub fn without_credentials(url: &str) -> &str {
    url.rsplit('@').next().unwrap_or(url)
}

/// Whether the database answers (`/health`).
pub async fn ping(db: &Db) -> bool {
    let answer = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(db.pool()),
    )
    .await;
    matches!(answer, Ok(Ok(1)))
}

/// The unique rule a failed write broke, as the engine names it: PostgreSQL gives the
/// constraint (`users_username_key`, `users_email_lower_key`), SQLite the column
/// (`users.username`) or the index (`index 'users_email_lower_key'`). `None` for any other error.
pub fn unique_violation(error: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(e) = error else {
        return None;
    };
    if !e.is_unique_violation() {
        return None;
    }
    if let Some(constraint) = e.constraint() {
        return Some(constraint.to_owned());
    }
    let named = e.message().rsplit("constraint failed: ").next()?;
    Some(
        named
            .trim_start_matches("index ")
            .trim_matches('\'')
            .to_owned(),
    )
}
