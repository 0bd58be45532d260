//! 07-static: one static binary on scratch: the smallest rung, and it runs hardened.

use container_tests::{Browser, Container, RunOptions, Volume};

use crate::rungs::{
    assert_no_shell, assert_serves, health_follows_the_app, sign_up_and_post, ALL, STATIC,
};

#[test]
fn is_the_smallest_rung_and_under_10_mb() {
    let size = STATIC.image().size();
    assert!(size < 10_000_000, "07-static is {size} bytes");
    for rung in ALL.iter().filter(|r| r.file != STATIC.file) {
        let other = rung.image().size();
        assert!(
            size < other,
            "07 ({size}) is not smaller than {} ({other})",
            rung.file
        );
    }
    // One layer for the binary, one for the data directory.
    assert_eq!(STATIC.image().inspect("{{len .RootFS.Layers}}"), "2");
}

#[test]
fn has_no_shell() {
    assert_no_shell(STATIC);
}

#[test]
fn health_goes_starting_healthy_then_unhealthy_when_the_app_hangs() {
    health_follows_the_app(STATIC);
}

/// Read-only root filesystem, no capabilities, no privilege gain: with its data in a volume the
/// app still serves and writes.
#[test]
fn serves_and_writes_hardened_with_a_read_only_root() {
    let volume = Volume::create("hardened");
    let mut flags: Vec<String> = [
        "--read-only",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges",
    ]
    .map(String::from)
    .to_vec();
    flags.extend(volume.mount("/data"));
    let app = STATIC.run(RunOptions {
        flags,
        ..RunOptions::default()
    });
    assert_serves(&app);
    sign_up_and_post(&app, "hardy", "written on a read-only root");
    let mut reader = Browser::new(&app.url(""));
    reader
        .log_in("hardy", "correct horse battery")
        .assert_has("written on a read-only root");
    assert_eq!(app.inspect("{{.HostConfig.ReadonlyRootfs}}"), "true");
}

/// Read-only without a volume: nowhere to write the database, and the app says so and stops.
#[test]
fn a_read_only_root_without_a_volume_is_a_clear_error() {
    // Nothing published: the app stops before it would listen.
    let app = Container::run(
        &STATIC.image(),
        RunOptions {
            flags: vec!["--read-only".into()],
            ..RunOptions::default()
        },
    );
    let deadline = std::time::Instant::now() + crate::rungs::STARTUP;
    while app.inspect("{{.State.Running}}") == "true" {
        assert!(std::time::Instant::now() < deadline, "{}", app.logs());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_ne!(app.exit_code(), 0);
    let logs = app.logs();
    assert!(
        logs.contains("/data"),
        "the error names the directory:\n{logs}"
    );
    assert!(!logs.contains("panicked"), "{logs}");
}
