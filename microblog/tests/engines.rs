//! What must hold between the two engines themselves: the same schema after migration (tables,
//! columns with their types mapped, keys, indexes and unique rules), and a PostgreSQL server that
//! refuses is reported at once with its reason.

mod common;

use std::collections::BTreeSet;

use common::{block_on, engine::postgres_admin_url, Engine, Store};
use sqlx::{Connection, PgConnection, SqliteConnection};

/// One table as both engines can describe it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Table {
    name: String,
    /// (name, type as `integer` or `text`, NOT NULL), in order.
    columns: Vec<(String, &'static str, bool)>,
    primary_key: Vec<String>,
    /// (unique, key expressions), names left out: SQLite names its automatic indexes itself.
    indexes: BTreeSet<(bool, Vec<String>)>,
    /// (column, referenced table, referenced column, on delete).
    foreign_keys: BTreeSet<(String, String, String, String)>,
}

/// Tables made by the app's own migrations (not sqlx's bookkeeping, not SQLite's).
/// The tables both engines must have alike: not sqlx's, not SQLite's own, and not the search
/// index, which each engine builds its own way (checked on its own below).
fn ours(name: &str) -> bool {
    !name.starts_with("_sqlx") && !name.starts_with("sqlite_") && !name.starts_with("posts_fts")
}

fn sql_type(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int8" | "int4" | "smallint" => "integer",
        "text" | "character varying" | "varchar" => "text",
        other => panic!("a column type the mapping does not know: {other}"),
    }
}

/// An index key as written, without PostgreSQL's casts and spacing: `lower(email)`.
fn key(expression: &str) -> String {
    let mut key = expression
        .replace("::text", "")
        .replace("::character varying", "")
        .replace([' ', '"'], "")
        .to_ascii_lowercase();
    while key.contains("((") || key.contains("))") {
        key = key.replace("((", "(").replace("))", ")");
    }
    key
}

async fn sqlite_schema(url: &str) -> Vec<Table> {
    let mut db = SqliteConnection::connect(url).await.unwrap();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let mut tables = Vec::new();
    for name in names.into_iter().filter(|n| ours(n)) {
        let columns: Vec<(String, String, bool, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .unwrap();
        let mut primary: Vec<(i64, String)> = columns
            .iter()
            .filter(|c| c.3 > 0)
            .map(|c| (c.3, c.0.clone()))
            .collect();
        primary.sort();
        let listed: Vec<(String, bool, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(&mut db)
                .await
                .unwrap();
        let mut indexes = BTreeSet::new();
        for (index, unique, origin) in listed.into_iter().filter(|i| i.2 != "pk") {
            // Columns by name; an expression (cid -2) as written in the index's SQL.
            let keys: Vec<Option<String>> = sqlx::query_scalar(
                "SELECT name FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno",
            )
            .bind(&index)
            .fetch_all(&mut db)
            .await
            .unwrap();
            let keys = if keys.iter().all(Option::is_some) {
                keys.into_iter().map(|k| key(&k.unwrap())).collect()
            } else {
                assert_eq!(origin, "c", "an expression index is made by CREATE INDEX");
                let sql: String =
                    sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = $1")
                        .bind(&index)
                        .fetch_one(&mut db)
                        .await
                        .unwrap();
                let (_, list) = sql.split_once(" ON ").expect("CREATE INDEX … ON table (…)");
                let list = &list[list.find('(').unwrap() + 1..list.rfind(')').unwrap()];
                list.split(',').map(key).collect()
            };
            indexes.insert((unique, keys));
        }
        let foreign_keys: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list($1)",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .unwrap();
        tables.push(Table {
            name,
            columns: columns
                .into_iter()
                .map(|(n, t, not_null, pk)| (n, sql_type(&t), not_null || pk > 0))
                .collect(),
            primary_key: primary.into_iter().map(|(_, c)| c).collect(),
            indexes,
            foreign_keys: foreign_keys
                .into_iter()
                .map(|(f, t, to, d)| (f, t, to, d.to_ascii_uppercase()))
                .collect(),
        });
    }
    tables
}

async fn postgres_schema(url: &str) -> Vec<Table> {
    let mut db = PgConnection::connect(url).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let mut tables = Vec::new();
    for name in names.into_iter().filter(|n| ours(n)) {
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 \
             ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .unwrap();
        // Every index with its keys as PostgreSQL prints them.
        let listed: Vec<(bool, bool, Vec<String>)> = sqlx::query_as(
            "SELECT i.indisprimary, i.indisunique, \
                    array(SELECT pg_get_indexdef(i.indexrelid, k, true) \
                          FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) \
             FROM pg_index i WHERE i.indrelid = ('public.' || $1)::regclass",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .unwrap();
        let primary_key = listed
            .iter()
            .find(|i| i.0)
            .map(|i| i.2.iter().map(|k| key(k)).collect())
            .unwrap_or_default();
        let indexes = listed
            .into_iter()
            .filter(|i| !i.0)
            .map(|(_, unique, keys)| (unique, keys.iter().map(|k| key(k)).collect()))
            .collect();
        let foreign_keys: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT a.attname::text, c.confrelid::regclass::text, fa.attname::text, \
                    CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' \
                         WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END \
             FROM pg_constraint c \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
             JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] \
             WHERE c.contype = 'f' AND c.conrelid = ('public.' || $1)::regclass",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .unwrap();
        tables.push(Table {
            name,
            columns: columns
                .into_iter()
                .map(|(n, t, nullable)| (n, sql_type(&t), nullable == "NO"))
                .collect(),
            primary_key,
            indexes,
            foreign_keys: foreign_keys.into_iter().collect(),
        });
    }
    tables
}

/// The two migration folders are kept in step: after migrating, both engines have the same
/// tables, columns (types mapped, NOT NULL), primary keys, indexes, unique rules (e-mail in any
/// case included) and foreign keys.
#[test]
fn the_same_schema_after_migration_on_postgres_as_on_sqlite() {
    let sqlite = Store::new(Engine::Sqlite);
    let postgres = Store::new(Engine::Postgres);
    for store in [&sqlite, &postgres] {
        block_on(store.connect().close());
    }
    let (lite, mut pg) = block_on(async {
        (
            sqlite_schema(&sqlite.url()).await,
            postgres_schema(&postgres.url()).await,
        )
    });
    // Full-text search: SQLite's FTS5 table beside the posts, PostgreSQL's GIN index on them.
    let fts: Vec<String> = block_on(async {
        let db = SqliteConnection::connect(&sqlite.url()).await.unwrap();
        let mut db = db;
        sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE name = 'posts_fts' OR \
             (type = 'trigger' AND tbl_name = 'posts') ORDER BY name",
        )
        .fetch_all(&mut db)
        .await
        .unwrap()
    });
    assert_eq!(
        fts,
        [
            "posts_fts",
            "posts_fts_after_delete",
            "posts_fts_after_insert",
            "posts_fts_after_update"
        ]
    );
    let posts = pg.iter_mut().find(|t| t.name == "posts").unwrap();
    assert!(
        posts
            .indexes
            .remove(&(false, vec!["posts_search_vector(body)".to_owned()])),
        "PostgreSQL's search index: {:?}",
        posts.indexes
    );
    let names: Vec<&str> = lite.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "api_tokens",
            "followers",
            "messages",
            "notifications",
            "posts",
            "tasks",
            "users"
        ]
    );
    for (lite, pg) in lite.iter().zip(&pg) {
        assert_eq!(
            lite, pg,
            "table {} differs between SQLite and PostgreSQL",
            lite.name
        );
    }
    assert_eq!(lite.len(), pg.len());
    let users = lite.iter().find(|t| t.name == "users").unwrap();
    assert!(
        users
            .indexes
            .contains(&(true, vec!["lower(email)".to_owned()])),
        "e-mail addresses are unique in any case: {:?}",
        users.indexes
    );
}

/// A server that refuses (a wrong password, nothing listening) is reported at once, naming the
/// server and the reason, never the password nor the pool's timeout.
#[test]
fn a_refusing_or_missing_server_is_a_clear_error_on_postgres() {
    let admin = postgres_admin_url();
    // The same server and user with another password.
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let (userinfo, host) = rest.rsplit_once('@').expect("a user in the admin URL");
    let user = userinfo.split(':').next().unwrap();
    let wrong_password = format!("{scheme}://{user}:not-the-password@{host}");
    for (url, server, reason) in [
        (
            wrong_password.as_str(),
            host,
            "password authentication failed",
        ),
        (
            "postgres://microblog:not-the-password@127.0.0.1:1/postgres",
            "127.0.0.1:1/postgres",
            "refused",
        ),
    ] {
        let message = block_on(microblog::db::connect_url(url))
            .err()
            .unwrap_or_else(|| panic!("{url} opened"))
            .to_string();
        assert!(
            message.starts_with(&format!("cannot connect to the database server {server}: ")),
            "{message}"
        );
        assert!(message.contains(reason), "{message}");
        assert!(
            !message.contains("not-the-password") && !message.contains("timed out"),
            "{message}"
        );
    }
}

/// SQLite commits without waiting for the disk (WAL with `synchronous = NORMAL`): a commit
/// survives the app being killed (the container tests kill it), a power loss may take the last
/// ones. Every connection of the pool has the setting, and keeps sorts in memory.
#[test]
fn sqlite_connections_use_the_wal_without_a_sync_per_commit() {
    let store = Store::new(Engine::Sqlite);
    let db = store.connect();
    block_on(async {
        let mut connections = Vec::new();
        for _ in 0..3 {
            let mut connection = db.pool().acquire().await.unwrap();
            let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            assert_eq!((journal.as_str(), synchronous, temp_store), ("wal", 1, 2));
            connections.push(connection);
        }
        drop(connections);
        db.close().await;
    });
}
