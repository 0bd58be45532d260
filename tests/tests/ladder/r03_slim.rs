//! 03-slim: multi-stage, the runtime on debian:bookworm-slim with the binary and boot.sh only.

use crate::rungs::{NAIVE, SLIM};

#[test]
fn is_a_small_fraction_of_01() {
    let (slim, naive) = (SLIM.image().size(), NAIVE.image().size());
    assert!(
        slim * 10 < naive,
        "03-slim is {slim} bytes, 01-naive {naive}: not a small fraction"
    );
}

#[test]
fn ships_the_binary_without_the_toolchain() {
    let app = SLIM.start();
    assert!(!app.exec(&["cargo", "--version"]).status.success());
    let listing = app.exec(&["ls", "/microblog"]);
    let files = String::from_utf8_lossy(&listing.stdout);
    let mut names: Vec<&str> = files.split_whitespace().collect();
    names.sort_unstable();
    assert_eq!(names, ["boot.sh", "data", "microblog"]);
}

#[test]
fn says_prod_and_exposes_5000() {
    let image = SLIM.image();
    assert!(image
        .inspect("{{json .Config.Env}}")
        .contains("CONTEXT=PROD"));
    assert_eq!(
        image.inspect("{{json .Config.ExposedPorts}}"),
        r#"{"5000/tcp":{}}"#
    );
}
