//! 01-naive: one stage on the full Rust image, everything copied in, run as root.

use crate::rungs::NAIVE;

#[test]
fn runs_as_root() {
    let app = NAIVE.start();
    let whoami = app.exec(&["whoami"]);
    assert_eq!(String::from_utf8_lossy(&whoami.stdout).trim(), "root");
    let id = app.exec(&["id", "-u"]);
    assert_eq!(String::from_utf8_lossy(&id.stdout).trim(), "0");
}

#[test]
fn ships_the_toolchain_the_sources_and_target() {
    let image = NAIVE.image();
    let size = image.size();
    assert!(size > 1_000_000_000, "01-naive is only {size} bytes");
    let app = NAIVE.start();
    for (probe, what) in [
        (vec!["cargo", "--version"], "cargo"),
        (
            vec!["test", "-f", "/microblog/microblog/src/main.rs"],
            "the sources",
        ),
        (vec!["test", "-d", "/microblog/target/release"], "target/"),
    ] {
        let out = app.exec(&probe);
        assert!(out.status.success(), "{what} should be in 01-naive");
    }
}
