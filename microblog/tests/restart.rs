//! Data lives in the database, SQLite's file in the data directory or PostgreSQL: it survives a
//! restart of the app, and the migrations run again at start find the schema up to date.

mod common;

use std::sync::Arc;

use common::{on_both_engines, App, Browser, Engine, Store};

on_both_engines!(users_posts_follows_and_sessions_survive_a_restart);

fn users_posts_follows_and_sessions_survive_a_restart(engine: Engine) {
    let store = Arc::new(Store::new(engine));
    let mut first = App::start_on(&store, &[]);
    let mut susan = first.browser();
    susan.sign_up("susan", "cat");
    susan.post("/index", &[("post", "written before the restart")]);
    let mut john = first.browser();
    john.sign_up("john", "dog");
    john.visit("/user/susan");
    john.post("/follow/susan", &[]);
    first.stop();
    // The post is in the engine's database: SQLite's file in the data directory, or PostgreSQL
    // (and then no SQLite file was made beside it).
    assert_eq!(store.sqlite_file().is_file(), engine == Engine::Sqlite);
    let db = store.connect();
    let posts: i64 = common::block_on(
        sqlx::query_scalar("SELECT count(*) FROM posts WHERE body = 'written before the restart'")
            .fetch_one(db.pool()),
    )
    .expect("the posts table");
    assert_eq!(posts, 1);
    common::block_on(db.close());

    let second = App::start_on(&store, &[]);
    // A new browser logs in with the same password.
    let mut b = Browser::new(&second.base);
    b.log_in("john", "dog")
        .assert_has("Hi, john!")
        .assert_has("written before the restart");
    b.visit("/user/susan")
        .assert_has("1 follower, 0 following.");
    // The same SECRET_KEY keeps the sessions opened before the restart.
    susan.rebase(&second.base);
    susan.visit("/index").assert_has("Hi, susan!");
}

/// SQLite only: the data directory is where its file lives.
#[test]
fn the_data_directory_is_created_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/data");
    let app = App::start_in(&nested, &[]);
    assert!(nested.join("microblog.db").is_file());
    let mut b = app.browser();
    assert_eq!(b.get("/health").status, 200);
}
