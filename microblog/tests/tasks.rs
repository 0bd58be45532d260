//! The export of one's posts, a background task run by the worker inside the app: what the
//! user sees, the mail it sends, one at a time, failures reported, and tasks that survive a
//! stopped or killed app and run once among replicas.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::process::Process;
use common::{on_both_engines, App, Browser, Engine, Store};
use microblog::db::Db;

on_both_engines!(
    the_export_mails_the_posts_as_json,
    one_export_at_a_time_with_its_progress_on_the_pages,
    a_failed_export_is_reported_until_dismissed,
    a_stopping_app_gives_its_task_back,
    an_export_cut_short_by_a_kill_resumes_after_restart,
);

/// Waits up to `seconds` for `done`, then fails saying `what`.
#[track_caller]
fn wait_for(seconds: u64, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("waited {seconds} s for {what}");
}

/// (state, attempts, progress, error) of every task, in order.
fn tasks(db: &Db) -> Vec<(String, i64, i64, String)> {
    common::block_on(
        sqlx::query_as("SELECT state, attempts, progress, error FROM tasks ORDER BY id")
            .fetch_all(db.pool()),
    )
    .expect("the tasks table")
}

/// A user with `posts` posts, a millisecond or more apart.
fn author(base: &str, name: &str, posts: usize) -> Browser {
    let mut b = Browser::new(base);
    b.sign_up(name, "cat");
    for n in 1..=posts {
        b.post("/index", &[("post", &format!("{name}'s post {n}"))]);
        std::thread::sleep(Duration::from_millis(2));
    }
    b
}

/// The `task_progress` notification's data, if any.
fn progress(b: &mut Browser) -> Option<serde_json::Value> {
    let page = b.get("/notifications?since=0");
    let list: Vec<serde_json::Value> = serde_json::from_str(&page.body).expect("JSON");
    list.into_iter()
        .find(|n| n["name"] == "task_progress")
        .map(|n| n["data"].clone())
}

fn the_export_mails_the_posts_as_json(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut susan = author(&app.base, "susan", 3);
    susan
        .visit("/user/susan")
        .assert_has("href=\"/export_posts\"")
        .assert_has("Export your posts");
    let page = susan.get("/export_posts");
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/user/susan"))
    );
    wait_for(10, "the export's mail", || {
        app.outbox()
            .iter()
            .any(|m| m.subject.contains("Your blog posts"))
    });
    let mail = app.outbox().pop().unwrap();
    assert_eq!(mail.subject, "[Microblog] Your blog posts");
    assert_eq!(mail.to, ["susan@example.com"]);
    assert!(mail.body.contains("Dear susan,"), "{}", mail.body);
    assert_eq!(mail.attachments.len(), 1);
    let file = &mail.attachments[0];
    assert_eq!(
        (file.filename.as_str(), file.content_type.as_str()),
        ("posts.json", "application/json")
    );
    assert!(
        file.content.contains("\n    \"posts\": ["),
        "indented by four: {}",
        file.content
    );
    let json: serde_json::Value = serde_json::from_str(&file.content).unwrap();
    let posts = json["posts"].as_array().unwrap();
    let bodies: Vec<&str> = posts.iter().map(|p| p["body"].as_str().unwrap()).collect();
    assert_eq!(
        bodies,
        ["susan's post 1", "susan's post 2", "susan's post 3"],
        "oldest first"
    );
    for post in posts {
        let stamp = post["timestamp"].as_str().unwrap();
        assert!(
            stamp.ends_with('Z') && stamp.contains('T'),
            "RFC 3339 in UTC: {stamp}"
        );
    }
    wait_for(5, "the task's end", || {
        progress(&mut susan).is_some_and(|p| p["state"] == "done")
    });
    let done = progress(&mut susan).unwrap();
    assert_eq!(done["progress"], 100);
    assert_eq!(
        tasks(&app.state.db),
        [("done".into(), 1, 100, String::new())]
    );
    // Done, the task leaves the pages, and the export can be asked again.
    std::thread::sleep(Duration::from_millis(1100)); // the cached second of the user
    susan
        .visit("/user/susan")
        .assert_lacks("Exporting posts...")
        .assert_has("Export your posts");
}

fn one_export_at_a_time_with_its_progress_on_the_pages(engine: Engine) {
    let app = App::start(engine, &["--export-pace-ms", "250"]);
    let mut susan = author(&app.base, "susan", 4);
    let mut john = author(&app.base, "john", 1);
    let page = susan.visit("/export_posts");
    page.assert_has("Exporting posts...")
        .assert_has("id=\"task-1-progress\"")
        .assert_has("role=\"status\"")
        .assert_lacks("href=\"/export_posts\"");
    // A second click while it runs starts nothing.
    let again = susan.visit("/export_posts");
    again.assert_has("An export task is currently in progress");
    // Every page of hers shows it; nobody else's.
    susan.visit("/index").assert_has("Exporting posts...");
    john.visit("/index").assert_lacks("Exporting posts...");
    // John's own export runs beside hers, one task per user and name.
    john.visit("/export_posts")
        .assert_lacks("currently in progress");
    // The progress goes up as the posts are written, as the page's script reads it.
    let mut seen = Vec::new();
    wait_for(20, "the export's end", || {
        if let Some(p) = progress(&mut susan) {
            let value = p["progress"].as_i64().unwrap();
            if seen.last() != Some(&value) {
                seen.push(value);
            }
            return p["state"] == "done";
        }
        false
    });
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "rising: {seen:?}");
    assert!(
        seen.iter().any(|p| (1..100).contains(p)),
        "some progress between 0 and 100 was seen: {seen:?}"
    );
    wait_for(10, "both mails", || app.outbox().len() == 2);
    // A job sends its mail, then its worker marks the task done: the two are a moment apart.
    wait_for(10, "both tasks done", || {
        tasks(&app.state.db).iter().all(|t| t.0 == "done")
    });
    assert_eq!(tasks(&app.state.db).len(), 2);
}

fn a_failed_export_is_reported_until_dismissed(engine: Engine) {
    // A mail server that is not there: the port was free a moment ago.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
        .to_string();
    let app = App::start(
        engine,
        &[
            "--mail-server",
            "127.0.0.1",
            "--mail-port",
            &port,
            "--task-retry-ms",
            "100",
        ],
    );
    let mut susan = author(&app.base, "susan", 2);
    susan.get("/export_posts");
    wait_for(20, "three failed attempts", || {
        tasks(&app.state.db)
            .first()
            .is_some_and(|t| t.0 == "failed")
    });
    let (state, attempts, _, error) = tasks(&app.state.db).remove(0);
    assert_eq!((state.as_str(), attempts), ("failed", 3));
    assert!(error.contains("mail server"), "{error}");
    let failed = progress(&mut susan).unwrap();
    assert_eq!(failed["state"], "failed");
    assert!(failed["error"].as_str().unwrap().contains("mail server"));
    std::thread::sleep(Duration::from_millis(1100)); // the cached second of the user
                                                     // Every page says so, with why, until she dismisses it.
    let page = susan.visit("/index");
    page.assert_has("role=\"alert\"")
        .assert_has("The export of your posts failed: the mail server refused or did not answer")
        .assert_has("action=\"/tasks/1/dismiss\"");
    susan.visit("/user/susan").assert_has("Export your posts");
    let page = susan.post("/tasks/1/dismiss", &[]);
    assert_eq!(page.location.as_deref(), Some("/user/susan"));
    susan.visit("/index").assert_lacks("failed:");
    assert_eq!(tasks(&app.state.db)[0].0, "dismissed");
    // Not hers, not failed, not a number: 404; without the form's token: 400.
    assert_eq!(susan.post("/tasks/1/dismiss", &[]).status, 404);
    assert_eq!(susan.post("/tasks/999/dismiss", &[]).status, 404);
    assert_eq!(susan.post("/tasks/abc/dismiss", &[]).status, 404);
    assert_eq!(susan.post_raw("/tasks/1/dismiss", &[]).status, 400);
    // A new export after a failure dismisses the old failure by itself.
    susan.get("/export_posts");
    wait_for(20, "the second export to fail", || {
        tasks(&app.state.db).get(1).is_some_and(|t| t.0 == "failed")
    });
    susan.get("/export_posts");
    let states: Vec<String> = tasks(&app.state.db).into_iter().map(|t| t.0).collect();
    assert_eq!(states[..2], ["dismissed", "dismissed"]);
}

fn a_stopping_app_gives_its_task_back(engine: Engine) {
    let store = Arc::new(Store::new(engine));
    let mut first = App::start_on(&store, &["--export-pace-ms", "300"]);
    let mut susan = author(&first.base, "susan", 10);
    susan.get("/export_posts");
    wait_for(10, "the export to start", || {
        progress(&mut susan).is_some_and(|p| p["state"] == "running")
    });
    first.stop();
    let db = store.connect();
    let (state, attempts, _, _) = tasks(&db).remove(0);
    assert_eq!(
        (state.as_str(), attempts),
        ("queued", 0),
        "given back, not counted"
    );
    let second = App::start_on(&store, &[]);
    wait_for(10, "the export on the restarted app", || {
        !second.outbox().is_empty()
    });
    // The mail leaves before the task is marked done (at least once, never lost): the end is
    // recorded a moment later.
    wait_for(5, "the task to be marked done", || {
        tasks(&db)[0].0 == "done"
    });
    assert_eq!(tasks(&db)[0].1, 1, "run once, on the restarted app");
    common::block_on(db.close());
}

fn an_export_cut_short_by_a_kill_resumes_after_restart(engine: Engine) {
    let store = Store::new(engine);
    let env = [("EXPORT_PACE_MS", "200"), ("TASK_LEASE_MS", "1000")];
    let mut first = Process::start(&store, &env);
    let mut susan = author(&first.base, "susan", 8);
    susan.get("/export_posts");
    wait_for(10, "the export to start", || {
        progress(&mut susan).is_some_and(|p| p["state"] == "running")
    });
    first.kill();
    let db = store.connect();
    let (state, attempts, _, _) = tasks(&db).remove(0);
    assert_eq!((state.as_str(), attempts), ("running", 1), "killed mid-way");
    let second = Process::start(&store, &env);
    wait_for(30, "the export's mail in the restarted app's log", || {
        second.count_in_log("Subject: [Microblog] Your blog posts") == 1
    });
    let log = second.log();
    assert!(log.contains("susan's post 8"), "{log}");
    wait_for(5, "the task's end", || tasks(&db)[0].0 == "done");
    assert_eq!(
        tasks(&db)[0].1,
        2,
        "a second attempt, after the first one's lease ran out"
    );
    common::block_on(db.close());
}

/// Two replicas on one PostgreSQL, each with its worker: every task runs once, on one of them.
#[test]
fn two_replicas_run_each_task_once_on_postgres() {
    let store = Store::new(Engine::Postgres);
    let env = [("EXPORT_PACE_MS", "20")];
    let replicas = [Process::start(&store, &env), Process::start(&store, &env)];
    let users = 8;
    for n in 0..users {
        // Half the users on each replica.
        let mut b = author(&replicas[n % 2].base, &format!("user{n}"), 3);
        b.get("/export_posts");
    }
    let db = store.connect();
    wait_for(60, "every export to end", || {
        let all = tasks(&db);
        all.len() == users && all.iter().all(|t| t.0 == "done")
    });
    assert!(tasks(&db).iter().all(|t| t.1 == 1), "{:?}", tasks(&db));
    let mails: usize = replicas
        .iter()
        .map(|r| r.count_in_log("Subject: [Microblog] Your blog posts"))
        .sum();
    assert_eq!(mails, users, "one mail per export");
    for n in 0..users {
        let sent: usize = replicas
            .iter()
            .map(|r| {
                r.count_in_log(&format!(
                    "To: user{n}@example.com\nSubject: [Microblog] Your blog posts"
                ))
            })
            .sum();
        assert_eq!(sent, 1, "user{n}");
    }
    common::block_on(db.close());
}
