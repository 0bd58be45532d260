//! Data lives in the SQLite file of the data directory: it survives a restart of the app.

mod common;

use common::{App, Browser};

#[test]
fn users_posts_follows_and_sessions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = App::start_in(dir.path(), &[]);
    let mut susan = first.browser();
    susan.sign_up("susan", "cat");
    susan.post("/index", &[("post", "written before the restart")]);
    let mut john = first.browser();
    john.sign_up("john", "dog");
    john.visit("/user/susan");
    john.post("/follow/susan", &[]);
    first.stop();
    assert!(dir.path().join("microblog.db").is_file());

    let second = App::start_in(dir.path(), &[]);
    // A new browser logs in with the same password.
    let mut b = Browser::new(&second.base);
    b.log_in("john", "dog")
        .assert_has("Hi, john!")
        .assert_has("written before the restart");
    b.visit("/user/susan")
        .assert_has("1 followers, 0 following.");
    // The same SECRET_KEY keeps the sessions opened before the restart.
    susan.rebase(&second.base);
    susan.visit("/index").assert_has("Hi, susan!");
}

#[test]
fn the_data_directory_is_created_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/data");
    let app = App::start_in(&nested, &[]);
    assert!(nested.join("microblog.db").is_file());
    let mut b = app.browser();
    assert_eq!(b.get("/health").status, 200);
}
