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

    /// Keeps SQLite's query planner informed (see [`gather_statistics`]); the reading
    /// connections are then renewed, as a connection reads the statistics once, when it opens.
    /// PostgreSQL's autovacuum does this itself.
    pub async fn optimize(&self) -> Result<(), sqlx::Error> {
        if let Some(reads) = &self.sqlite_reads {
            if gather_statistics(&self.pool).await? {
                reads.renew();
            }
        }
        Ok(())
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
    let file = sqlite_file(url)?;
    if file.is_some() {
        gather_statistics(&pool).await?;
    }
    let sqlite_reads = match file {
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

/// Brings SQLite's planner statistics (`sqlite_stat1`) up to date where they are missing or a
/// table has grown or shrunk tenfold since (`PRAGMA optimize`, as SQLite advises for long-lived
/// connections; a no-op in microseconds otherwise), and says whether they changed. Without them
/// the planner guesses how many posts an index yields, and sorts all the posts of the authors a
/// user follows where walking the time index stops after one page (the home timeline on the
/// benchmark's data: 45 µs a query without statistics, 11 µs with them; docs/benchmarks.md).
///
/// The histograms that the same `ANALYZE` keeps in `sqlite_stat4` are deleted: with them, a
/// statement whose plan could depend on a parameter's value is compiled again each time a new
/// value is bound, that is at every page view (51 µs for the same query; a quarter of the
/// server's CPU under load). The connection that gathered them has loaded them, so it is closed
/// rather than given back to the pool.
async fn gather_statistics(pool: &sqlx::AnyPool) -> Result<bool, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    // The same mask with its lowest bit set only lists what it would do. It lists the tables
    // that are still empty every time (an empty table leaves no statistics), so what counts is
    // whether the statistics changed.
    let planned = sqlx::query("PRAGMA optimize = 0x10003")
        .fetch_all(&mut *connection)
        .await?;
    if planned.is_empty() {
        return Ok(false);
    }
    let before = statistics(&mut connection).await?;
    connection.close_on_drop();
    let mut transaction = sqlx::Connection::begin(&mut *connection).await?;
    sqlx::query("PRAGMA optimize = 0x10002")
        .execute(&mut *transaction)
        .await?;
    if table_exists(&mut transaction, "sqlite_stat4").await? {
        sqlx::query("DELETE FROM sqlite_stat4")
            .execute(&mut *transaction)
            .await?;
    }
    transaction.commit().await?;
    let changed = statistics(&mut connection).await? != before;
    connection.close().await?;
    Ok(changed)
}

async fn table_exists(
    connection: &mut sqlx::AnyConnection,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(name)
            .fetch_one(connection)
            .await?;
    Ok(count > 0)
}

/// The planner's statistics as one text, empty before the first are gathered.
async fn statistics(connection: &mut sqlx::AnyConnection) -> Result<String, sqlx::Error> {
    if !table_exists(connection, "sqlite_stat1").await? {
        return Ok(String::new());
    }
    sqlx::query_scalar(
        "SELECT coalesce(group_concat(line, ';'), '') FROM (SELECT tbl || ' ' || \
         coalesce(idx, '') || ' ' || stat AS line FROM sqlite_stat1 ORDER BY tbl, idx)",
    )
    .fetch_one(connection)
    .await
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of the home timeline as the reading connections make it, step by step.
    fn timeline_plan(db: &Db) -> Vec<String> {
        let sql = format!("EXPLAIN QUERY PLAN {}", crate::models::post::TIMELINE);
        db.sqlite_reads()
            .unwrap()
            .all(&sql, (1, 26, 0), |row| row.get::<_, String>(3))
            .unwrap()
    }

    #[tokio::test]
    async fn the_planner_learns_the_data_and_the_reads_use_what_it_learnt() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("app.db").display());
        let db = connect_url(&url).await.unwrap();
        // Five users who all follow each other, and sixty posts: a timeline takes a page of
        // everyone's posts, which the time index gives without a sort.
        let mut script = String::new();
        for user in 1..=5 {
            script += &format!(
                "INSERT INTO users (id, username, email, password_hash, last_seen) \
                 VALUES ({user}, 'u{user}', 'u{user}@example.com', 'x', 0);"
            );
        }
        for user in 1..=5 {
            for other in (1..=5).filter(|other| *other != user) {
                script += &format!("INSERT INTO followers VALUES ({user}, {other});");
            }
        }
        for n in 0..60 {
            script += &format!(
                "INSERT INTO posts (body, timestamp, user_id, language) \
                 VALUES ('post {n}', {n}, {}, '');",
                n % 5 + 1
            );
        }
        sqlx::raw_sql(sqlx::AssertSqlSafe(script))
            .execute(db.pool())
            .await
            .unwrap();
        let before = timeline_plan(&db);
        assert!(
            before.iter().any(|step| step.contains("TEMP B-TREE")),
            "{before:?}"
        );

        db.optimize().await.unwrap();
        let after = timeline_plan(&db);
        assert!(
            after
                .iter()
                .any(|step| step.contains("USING INDEX posts_timestamp")),
            "{after:?}"
        );
        assert!(
            !after.iter().any(|step| step.contains("TEMP B-TREE")),
            "{after:?}"
        );
        let analysed: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posts'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert!(analysed > 0);
        // No histograms, so a statement is not compiled again for each new value bound.
        let histograms: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_stat4")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(histograms, 0);
        let reader = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
        let mut timeline = reader.prepare(crate::models::post::TIMELINE).unwrap();
        for user in 1..=5 {
            timeline.query((user, 26, 0)).unwrap().next().unwrap();
        }
        assert_eq!(timeline.get_status(rusqlite::StatementStatus::RePrepare), 0);
        // Nothing changed since: nothing to gather.
        assert!(!gather_statistics(db.pool()).await.unwrap());
        db.close().await;
    }
}
