//! The same app on PostgreSQL (`DATABASE_URL=postgres://…`): every query path, bad input and a
//! restart, against a real server. `scripts/test.sh` starts a throwaway one on loopback
//! (`scripts/postgres.sh`) and passes its admin URL in `MICROBLOG_TEST_POSTGRES`; each test
//! works in a database of its own, dropped at the end.

mod common;

use common::{block_on, App, Browser};
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

fn admin_url() -> String {
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
    fn create(test: &str) -> TestDatabase {
        let admin = admin_url();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("microblog_{test}_{}_{nanos}", std::process::id());
        let (base, _) = admin
            .rsplit_once('/')
            .expect("the admin URL ends with a database name");
        let url = format!("{base}/{name}");
        block_on(async {
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

    fn app(&self, extra: &[&str]) -> App {
        let mut args = vec!["--database-url", self.url.as_str()];
        args.extend_from_slice(extra);
        App::start(&args)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        let _ = block_on(async {
            let mut connection = PgConnection::connect(&self.admin).await?;
            connection.execute(AssertSqlSafe(statement)).await
        });
    }
}

#[test]
fn every_page_and_every_write_works_on_postgres() {
    let db = TestDatabase::create("pages");
    let app = db.app(&["--posts-per-page", "2"]);
    let mut susan = app.browser();
    susan.sign_up("susan", "cat");
    for n in 1..=3 {
        let page = susan.post("/index", &[("post", &format!("susan's post {n}"))]);
        assert_eq!(page.status, 303, "post {n}");
    }
    let mut john = app.browser();
    john.sign_up("john", "dog");
    john.post("/index", &[("post", "john's post")]);
    let mut mary = app.browser();
    mary.sign_up("mary", "bird");
    mary.post("/index", &[("post", "mary's post")]);

    // Follow, the timeline of followed users, newest first, by pages of two.
    john.visit("/user/susan");
    john.submit("/follow/susan", &[])
        .assert_has("You are following susan!");
    let page = john.visit("/index");
    page.assert_has("susan&#39;s post 3")
        .assert_has("john&#39;s post")
        .assert_lacks("susan&#39;s post 2")
        .assert_lacks("mary&#39;s post")
        .assert_has("?page=2");
    assert!(page.body.find("john&#39;s post") < page.body.find("susan&#39;s post 3"));
    john.visit("/index?page=2")
        .assert_has("susan&#39;s post 2")
        .assert_has("susan&#39;s post 1");
    john.visit("/explore")
        .assert_has("mary&#39;s post")
        .assert_has("<title>Explore - Microblog</title>");

    // Profiles, counts, popup, last seen.
    john.visit("/user/susan")
        .assert_has("User: susan")
        .assert_has("1 followers, 0 following.")
        .assert_has("Last seen on: ")
        .assert_has(">Unfollow</button>");
    john.visit("/user/john")
        .assert_has("0 followers, 1 following.");
    john.get("/user/susan/popup")
        .assert_has("popup-card")
        .assert_has("action=\"/unfollow/susan\"");
    john.submit("/unfollow/susan", &[])
        .assert_has("You are not following susan.");
    john.visit("/index").assert_lacks("susan&#39;s post 3");

    // Edit profile: saved, and a taken name refused.
    john.visit("/edit_profile");
    john.submit(
        "/edit_profile",
        &[("username", "johnny"), ("about_me", "I <3 Postgres")],
    )
    .assert_has("Your changes have been saved.");
    john.visit("/user/johnny").assert_has("I &#60;3 Postgres");
    john.visit("/edit_profile");
    let page = john.post("/edit_profile", &[("username", "susan"), ("about_me", "")]);
    assert_eq!(page.status, 422);
    page.assert_has("Please use a different username.");

    // A taken name or e-mail at registration.
    let mut other = app.browser();
    other.visit("/auth/register");
    let page = other.post(
        "/auth/register",
        &[
            ("username", "mary"),
            ("email", "mary@example.com"),
            ("password", "x"),
            ("password2", "x"),
        ],
    );
    assert_eq!(page.status, 422);
    page.assert_has("Please use a different username.")
        .assert_has("Please use a different email address.");

    // Password reset by mail.
    let mut b = app.browser();
    b.request_reset("mary@example.com")
        .assert_has("Check your email for the instructions to reset your password");
    let link = app.reset_link();
    b.visit(&link);
    b.submit(&link, &[("password", "fish"), ("password2", "fish")])
        .assert_has("Your password has been reset.");
    b.log_in("mary", "bird")
        .assert_has("Invalid username or password");
    b.log_in("mary", "fish").assert_has("Hi, mary!");
}

#[test]
fn bad_input_is_a_client_error_on_postgres_too() {
    let db = TestDatabase::create("input");
    let app = db.app(&["--posts-per-page", "1"]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.post("/index", &[("post", "the first post")]);
    b.post("/index", &[("post", "'; DROP TABLE posts; --")]);
    for query in common::BAD_PAGE_QUERIES {
        for path in ["/index", "/explore", "/user/susan"] {
            let page = b.visit(&format!("{path}?{query}"));
            assert_eq!(page.status, 200, "{path}?{query}");
        }
    }
    b.visit("/index?page=9223372036854775807")
        .assert_has("No posts yet.");
    for path in [
        "/user/nobody",
        "/user/'%20OR%201=1--",
        "/user/%F0%9F%90%AE",
        "/user/nobody/popup",
    ] {
        assert_eq!(b.get(path).status, 404, "{path}");
    }
    let page = b.post("/index", &[("post", &"x".repeat(141))]);
    assert_eq!(page.status, 422);
    // As on SQLite, a NUL byte (which PostgreSQL's text cannot hold) is a form error.
    assert_eq!(b.post("/index", &[("post", "\u{0}")]).status, 422);
    // The data is intact and the app healthy.
    b.visit("/index?page=2").assert_has("the first post");
    b.visit("/index").assert_has("&#39;; DROP TABLE posts; --");
    assert_eq!(b.get("/health").status, 200);
}

#[test]
fn data_survives_a_restart_on_postgres() {
    let db = TestDatabase::create("restart");
    let mut first = db.app(&[]);
    let mut susan = first.browser();
    susan.sign_up("susan", "cat");
    susan.post("/index", &[("post", "written before the restart")]);
    first.stop();
    // The post is in PostgreSQL, and no SQLite file was made beside it.
    assert!(!first.data_dir.join("microblog.db").exists());
    let posts: i64 = block_on(async {
        let mut connection = PgConnection::connect(&db.url)
            .await
            .expect("the test database");
        sqlx::query_scalar("SELECT count(*) FROM posts WHERE body = 'written before the restart'")
            .fetch_one(&mut connection)
            .await
            .expect("the posts table")
    });
    assert_eq!(posts, 1);

    // The migrations run again at start and find the schema up to date.
    let second = db.app(&[]);
    let mut b = Browser::new(&second.base);
    b.log_in("susan", "cat")
        .assert_has("Hi, susan!")
        .assert_has("written before the restart");
}

#[test]
fn a_refusing_or_missing_server_is_a_clear_error_on_postgres() {
    let admin = admin_url();
    // The same server and user with another password.
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let (userinfo, host) = rest.rsplit_once('@').expect("a user in the admin URL");
    let user = userinfo.split(':').next().unwrap();
    let wrong_password = format!("{scheme}://{user}:not-the-password@{host}");
    // Each says which server and why, at once (not the pool's timeout), and no password.
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

/// The Flask app's model tests (follow counts, the timeline of four users), on PostgreSQL.
#[test]
fn the_flask_model_tests_pass_on_postgres() {
    use microblog::models::{follow, post, user};
    let db = TestDatabase::create("models");
    block_on(async {
        let pool = microblog::db::connect_url(&db.url)
            .await
            .expect("the database opens");
        let mut ids = Vec::new();
        for name in ["john", "susan", "mary", "david"] {
            let created = user::create(&pool, name, &format!("{name}@example.com"), "pw")
                .await
                .expect("a query")
                .expect("a new user");
            ids.push(created.id);
        }
        let [john, susan, mary, david] = ids[..] else {
            unreachable!()
        };

        // Flask's test_follow: follow, the counts on both sides, unfollow; nobody twice.
        follow::follow(&pool, john, susan).await.unwrap();
        follow::follow(&pool, john, susan).await.unwrap();
        assert!(follow::is_following(&pool, john, susan).await.unwrap());
        let counts = follow::counts(&pool, john).await.unwrap();
        assert_eq!((counts.followers, counts.following), (0, 1));
        let counts = follow::counts(&pool, susan).await.unwrap();
        assert_eq!((counts.followers, counts.following), (1, 0));
        follow::unfollow(&pool, john, susan).await.unwrap();
        assert!(!follow::is_following(&pool, john, susan).await.unwrap());

        // Flask's test_follow_posts.
        let now = microblog::db::now_millis();
        let p1 = post::create_at(&pool, john, "post from john", now + 1000)
            .await
            .unwrap();
        let p2 = post::create_at(&pool, susan, "post from susan", now + 4000)
            .await
            .unwrap();
        let p3 = post::create_at(&pool, mary, "post from mary", now + 3000)
            .await
            .unwrap();
        let p4 = post::create_at(&pool, david, "post from david", now + 2000)
            .await
            .unwrap();
        follow::follow(&pool, john, susan).await.unwrap();
        follow::follow(&pool, john, david).await.unwrap();
        follow::follow(&pool, susan, mary).await.unwrap();
        follow::follow(&pool, mary, david).await.unwrap();
        let all = post::Window {
            limit: 100,
            offset: 0,
        };
        let timeline = |who| {
            let pool = pool.clone();
            async move {
                post::timeline(&pool, who, all)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|p| p.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(timeline(john).await, [p2, p4, p1]);
        assert_eq!(timeline(susan).await, [p2, p3]);
        assert_eq!(timeline(mary).await, [p3, p4]);
        assert_eq!(timeline(david).await, [p4]);
        pool.close().await;
    });
}
