//! 04-nonroot: the app runs as the system user `microblog`, which owns the data directory only.

use crate::rungs::{sign_up_and_post, NONROOT};

fn exec_text(app: &container_tests::Container, args: &[&str]) -> String {
    let out = app.exec(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn whoami_says_microblog_and_id_is_not_0() {
    let app = NONROOT.start();
    assert_eq!(exec_text(&app, &["whoami"]), "microblog");
    let uid = exec_text(&app, &["id", "-u"]);
    assert_ne!(uid, "0");
    assert_eq!(uid, "10001");
    assert_eq!(NONROOT.image().user(), "10001:10001");
}

#[test]
fn writes_its_database_and_nothing_else() {
    let app = NONROOT.start();
    sign_up_and_post(&app, "owner", "written by microblog");
    assert_eq!(
        exec_text(&app, &["stat", "-c", "%U", "/microblog/data/microblog.db"]),
        "microblog"
    );
    // The program and the system stay root's.
    assert!(!app
        .exec(&["touch", "/microblog/microblog"])
        .status
        .success());
    assert!(!app.exec(&["touch", "/etc/passwd"]).status.success());
}
