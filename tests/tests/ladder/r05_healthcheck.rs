//! 05-healthcheck: a HEALTHCHECK by the binary's own probe.

use crate::rungs::{health_follows_the_app, HEALTHCHECK, NONROOT};

#[test]
fn health_goes_starting_healthy_then_unhealthy_when_the_app_hangs() {
    health_follows_the_app(HEALTHCHECK);
}

#[test]
fn the_probe_is_the_binary_no_curl() {
    let image = HEALTHCHECK.image();
    assert_eq!(
        image.inspect("{{json .Config.Healthcheck.Test}}"),
        r#"["CMD","./microblog","healthcheck"]"#
    );
    let app = HEALTHCHECK.start();
    assert!(!app.exec(&["curl", "--version"]).status.success());
    // Before 05, no healthcheck at all.
    assert_eq!(NONROOT.image().healthcheck(), None);
}
