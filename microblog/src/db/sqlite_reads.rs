//! The reads that every page makes, on SQLite, run on the thread that asks.
//!
//! sqlx gives each SQLite connection a thread of its own and passes every statement and every
//! row between that thread and the caller's: under load, those hand-offs took a third of the
//! server's CPU, more than SQLite itself (the profile in `docs/benchmarks.md`). The reads of
//! the busiest pages (timelines, profiles, the session's user) go instead through rusqlite
//! connections to the same file, borrowed from a small set and used in place: in WAL mode a
//! reader never waits for the writer, and these reads take tens of microseconds, less than the
//! hand-off they replace. These connections are `query_only`; every write, transaction and
//! migration stays with sqlx's pool, so the file still has one writer.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Params, Row};

/// Connections kept for the next reads; more are opened when more reads run at once (no more
/// than the server's worker threads, since a read never yields), and dropped when they end.
const KEEP_IDLE: usize = 8;

/// Prepared statements kept per connection: the queries of this module's callers, with room.
const STATEMENTS_PER_CONNECTION: usize = 32;

/// Read-only connections to one SQLite file.
#[derive(Debug)]
pub struct SqliteReads {
    path: PathBuf,
    /// Each with the generation it was opened in.
    idle: Mutex<Vec<(u64, Connection)>>,
    /// Bumped by [`SqliteReads::renew`]: connections of an older one are not kept.
    generation: AtomicU64,
    closed: AtomicBool,
}

impl SqliteReads {
    /// Connects to the SQLite file at `path`, which must exist (sqlx created and migrated it).
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let first = connect(path)?;
        Ok(Self {
            path: path.to_owned(),
            idle: Mutex::new(vec![(0, first)]),
            generation: AtomicU64::new(0),
            closed: AtomicBool::new(false),
        })
    }

    /// Every row of `sql` with `params`, each made by `row`.
    ///
    /// `sql` is written with the `$1`, `$2`… parameters that the sqlx queries use; each number
    /// must first appear in increasing order (`$1` before `$2`), since `params` binds by position.
    pub fn all<T>(
        &self,
        sql: &str,
        params: impl Params,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        self.with(|connection| {
            connection
                .prepare_cached(sql)?
                .query_map(params, row)?
                .collect()
        })
    }

    /// The first row of `sql` with `params`, if any (see [`SqliteReads::all`]).
    pub fn first<T>(
        &self,
        sql: &str,
        params: impl Params,
        row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Option<T>> {
        self.with(|connection| {
            connection
                .prepare_cached(sql)?
                .query_row(params, row)
                .optional()
        })
    }

    /// Closes the idle connections, and refuses every read from now on, as sqlx's closed pool
    /// does (a read under way ends first, and its connection is then closed).
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.lock().clear();
    }

    /// Retires every connection open now (a read under way ends first): the next reads open
    /// new ones, which load the planner's statistics afresh.
    pub fn renew(&self) {
        let mut idle = self.lock();
        self.generation.fetch_add(1, Ordering::AcqRel);
        idle.clear();
    }

    /// Runs `read` on an idle connection, or a new one when all are busy.
    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        if self.closed.load(Ordering::Acquire) {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
                Some("the database is closed".to_owned()),
            ));
        }
        let idle = self.lock().pop();
        let (generation, connection) = match idle {
            Some(idle) => idle,
            None => (
                self.generation.load(Ordering::Acquire),
                connect(&self.path)?,
            ),
        };
        let result = read(&connection);
        let mut idle = self.lock();
        if idle.len() < KEEP_IDLE
            && !self.closed.load(Ordering::Acquire)
            && generation == self.generation.load(Ordering::Acquire)
        {
            idle.push((generation, connection));
        }
        result
    }

    /// The idle connections. A panic while the lock was held cannot have left the list half
    /// changed (a push or a pop), so a poisoned lock is still a good list.
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, Connection)>> {
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A connection that can only read, and waits for a lock as long as sqlx's connections do.
/// Read-write at the file level all the same: a read-only handle cannot create the WAL's shared
/// memory file when it is missing, and `query_only` refuses every write.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(super::BUSY_TIMEOUT)?;
    connection.pragma_update(None, "query_only", true)?;
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    connection.set_prepared_statement_cache_capacity(STATEMENTS_PER_CONNECTION);
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (tempfile::TempDir, SqliteReads) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reads.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER, s TEXT);
                 INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');",
            )
            .unwrap();
        let reads = SqliteReads::open(&path).unwrap();
        (dir, reads)
    }

    #[test]
    fn reads_rows_with_numbered_parameters() {
        let (_dir, reads) = database();
        let rows = reads
            .all(
                "SELECT n, s FROM t WHERE n >= $1 OR s = $2 ORDER BY n",
                (2, "one"),
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
            )
            .unwrap();
        assert_eq!(
            rows,
            [(1, "one".into()), (2, "two".into()), (3, "three".into())]
        );
        let first = reads
            .first("SELECT s FROM t WHERE n = $1", [2], |row| {
                row.get::<_, String>(0)
            })
            .unwrap();
        assert_eq!(first.as_deref(), Some("two"));
        let none = reads
            .first("SELECT s FROM t WHERE n = $1", [9], |row| {
                row.get::<_, String>(0)
            })
            .unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn refuses_to_write() {
        let (_dir, reads) = database();
        let error = reads
            .first("DELETE FROM t RETURNING n", [], |row| row.get::<_, i64>(0))
            .unwrap_err();
        assert!(error.to_string().contains("readonly"), "{error}");
        let left = reads
            .all("SELECT n FROM t", [], |row| row.get::<_, i64>(0))
            .unwrap();
        assert_eq!(left.len(), 3);
    }

    #[test]
    fn sees_what_another_connection_committed() {
        let (dir, reads) = database();
        let count = || {
            reads
                .first("SELECT count(*) FROM t", [], |row| row.get::<_, i64>(0))
                .unwrap()
        };
        assert_eq!(count(), Some(3));
        let writer = Connection::open(dir.path().join("reads.db")).unwrap();
        writer
            .execute("INSERT INTO t VALUES (4, 'four')", [])
            .unwrap();
        assert_eq!(count(), Some(4));
    }

    #[test]
    fn a_closed_set_refuses_to_read() {
        let (_dir, reads) = database();
        reads.close();
        let error = reads
            .first("SELECT 1", [], |row| row.get::<_, i64>(0))
            .unwrap_err();
        assert!(error.to_string().contains("closed"), "{error}");
        assert!(reads.lock().is_empty());
    }

    #[test]
    fn many_threads_read_at_once_and_few_connections_stay_idle() {
        let (_dir, reads) = database();
        std::thread::scope(|scope| {
            for _ in 0..16 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        let n = reads
                            .first("SELECT sum(n) FROM t", [], |row| row.get::<_, i64>(0))
                            .unwrap();
                        assert_eq!(n, Some(6));
                    }
                });
            }
        });
        assert!(reads.lock().len() <= KEEP_IDLE);
    }
}
