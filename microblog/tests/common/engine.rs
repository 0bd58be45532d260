//! The two engines every HTTP test runs on: SQLite in a data directory of the test's own, and
//! PostgreSQL in a database of the test's own on the server `scripts/test.sh` starts
//! (`scripts/postgres.sh`, whose admin URL it passes in `MICROBLOG_TEST_POSTGRES`).

use std::path::{Path, PathBuf};

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

/// Declares a test that runs on each engine, as `for_every_rung!` does for the ladder: the
/// function `check(engine: Engine)` becomes `check::on_sqlite` and `check::on_postgres`.
#[allow(unused_macros)] // engines.rs compares the engines rather than running on each
macro_rules! on_both_engines {
    ($($check:ident),+ $(,)?) => {$(
        mod $check {
            use $crate::common::Engine;
            #[test]
            fn on_sqlite() {
                super::$check(Engine::Sqlite)
            }
            #[test]
            fn on_postgres() {
                super::$check(Engine::Postgres)
            }
        }
    )+};
}
pub(crate) use on_both_engines;

/// Where an app keeps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The default: a SQLite file in the data directory.
    Sqlite,
    /// `DATABASE_URL=postgres://…`.
    Postgres,
}

/// The data of one or more apps in a row (a restart): a data directory, and on PostgreSQL a
/// database of its own, dropped with its connections when the store goes.
pub struct Store {
    pub engine: Engine,
    dir: PathBuf,
    postgres: Option<TestDatabase>,
    _temporary: Option<tempfile::TempDir>,
}

impl Store {
    /// An empty store on `engine`, removed when dropped.
    pub fn new(engine: Engine) -> Store {
        let temporary = tempfile::tempdir().expect("a temporary directory");
        Store {
            engine,
            dir: temporary.path().to_owned(),
            postgres: (engine == Engine::Postgres).then(TestDatabase::create),
            _temporary: Some(temporary),
        }
    }

    /// SQLite in the data directory `dir`, which the test owns.
    pub fn at(dir: &Path) -> Store {
        Store {
            engine: Engine::Sqlite,
            dir: dir.to_owned(),
            postgres: None,
            _temporary: None,
        }
    }

    /// The app's `--data-dir`.
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// The database URL the app is given, if any (SQLite is the default).
    pub fn database_url(&self) -> Option<&str> {
        self.postgres.as_ref().map(|db| db.url.as_str())
    }

    /// The URL of the database, whichever the engine: to reach it from a test.
    pub fn url(&self) -> String {
        match self.database_url() {
            Some(url) => url.to_owned(),
            None => format!("sqlite://{}", self.sqlite_file().display()),
        }
    }

    /// The SQLite file the app makes in its data directory.
    pub fn sqlite_file(&self) -> PathBuf {
        self.data_dir().join("microblog.db")
    }

    /// Opens (and migrates) the database, as the app does at start.
    pub fn connect(&self) -> microblog::db::Db {
        super::block_on(microblog::db::connect_url(&self.url())).expect("the database opens")
    }
}

/// The admin URL of the test server.
pub fn postgres_admin_url() -> String {
    match std::env::var("MICROBLOG_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "MICROBLOG_TEST_POSTGRES is unset, so the PostgreSQL tests cannot run. Run the tests \
             through scripts/test.sh, which starts a throwaway server (scripts/postgres.sh), or \
             set it to an admin URL such as postgres://microblog:…@127.0.0.1:55432/postgres"
        ),
    }
}

/// An empty database on the test server, dropped (with its connections) when the guard goes.
struct TestDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TestDatabase {
    fn create() -> TestDatabase {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let admin = postgres_admin_url();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "microblog_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let (base, _) = admin
            .rsplit_once('/')
            .expect("the admin URL ends with a database name");
        let url = format!("{base}/{name}");
        super::block_on(async {
            let mut connection = PgConnection::connect(&admin)
                .await
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"));
            connection
                // The name is ours (letters, digits, underscores), never user input.
                .execute(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .await
                .expect("a test database");
        });
        TestDatabase { admin, name, url }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        let _ = super::block_on(async {
            let mut connection = PgConnection::connect(&self.admin).await?;
            connection.execute(AssertSqlSafe(statement)).await
        });
    }
}
