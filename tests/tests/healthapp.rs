//! healthapp in its container (TP 2b, "L'instruction HEALTHCHECK"): build the image, run it as a
//! student would, watch `docker ps` report healthy, kill the app, watch it turn unhealthy.

use std::time::Duration;

use container_tests::{Container, Image, RunOptions};

fn image() -> Image {
    Image::build("healthapp", "healthapp")
}

fn start() -> Container {
    Container::run(&image(), RunOptions::publish(5000))
}

const STARTUP: Duration = Duration::from_secs(20);

#[test]
fn image_is_from_scratch_and_under_5_mb() {
    let image = image();
    let size = image.size();
    assert!(size < 5_000_000, "healthapp image is {size} bytes");
    // One layer: the binary, on an empty base.
    let layers = image.inspect("{{len .RootFS.Layers}}");
    assert_eq!(layers, "1", "expected only the binary's layer");
    assert_eq!(
        image.inspect("{{json .Config.ExposedPorts}}"),
        r#"{"5000/tcp":{}}"#
    );
    assert_eq!(
        image.inspect("{{json .Config.Entrypoint}}"),
        r#"["/healthapp"]"#
    );
}

#[test]
fn health_answers_ok_on_a_loopback_port() {
    let app = start();
    let answer = app.get("/health", STARTUP);
    assert_eq!((answer.status, answer.body.as_str()), (200, "OK"));
}

#[test]
fn kill_turns_health_to_not_ok() {
    let app = start();
    assert_eq!(app.get("/health", STARTUP).status, 200);
    let killed = app.get("/kill", STARTUP);
    assert_eq!(
        (killed.status, killed.body.as_str()),
        (200, "You have killed your app.")
    );
    let answer = app.get("/health", STARTUP);
    assert_eq!((answer.status, answer.body.as_str()), (500, "NOT OK"));
}

#[test]
fn container_turns_healthy_then_unhealthy_after_kill() {
    let image = image();
    let (interval, retries) = image
        .healthcheck()
        .expect("the image declares a HEALTHCHECK");
    let app = start();
    assert_eq!(app.health(), "starting", "health before the first probe");
    app.wait_for_health("healthy", STARTUP);

    assert_eq!(app.get("/kill", STARTUP).status, 200);
    // Docker needs `retries` failed probes, one per interval, each allowed its timeout.
    let bound = interval * retries + Duration::from_secs(2) * retries + Duration::from_secs(3);
    app.wait_for_health("unhealthy", bound);
    let log = app.inspect("{{json .State.Health.Log}}");
    assert!(
        log.contains("NOT OK"),
        "the probe's output should say why: {log}"
    );
}

#[test]
fn probe_subcommand_exits_0_when_healthy_and_1_after_kill() {
    let app = start();
    assert_eq!(app.get("/health", STARTUP).status, 200);
    let ok = app.exec(&["/healthapp", "check"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    app.get("/kill", STARTUP);
    let failed = app.exec(&["/healthapp", "check"]);
    assert_eq!(failed.status.code(), Some(1), "{failed:?}");
    assert!(String::from_utf8_lossy(&failed.stdout).contains("500"));
}

#[test]
fn runs_as_a_non_root_uid() {
    let image = image();
    assert_eq!(image.user(), "65532:65532");
    let app = start();
    app.get("/health", STARTUP);
    let uids = app.process_uids();
    assert!(!uids.is_empty(), "no process in the container");
    assert!(
        uids.iter().all(|&uid| uid != 0),
        "a process runs as root: {uids:?}"
    );
}

#[test]
fn docker_stop_is_graceful_and_quick() {
    let app = start();
    app.get("/health", STARTUP);
    let took = app.stop();
    // Without a SIGTERM handler as PID 1, docker waits 10 s and then kills (exit 137).
    assert_eq!(
        app.exit_code(),
        0,
        "the app did not exit cleanly:\n{}",
        app.logs()
    );
    assert!(took < Duration::from_secs(2), "docker stop took {took:?}");
    assert!(app.logs().contains("SIGTERM received"), "{}", app.logs());
}

#[test]
fn no_shell_in_the_image() {
    let app = start();
    app.get("/health", STARTUP);
    let sh = app.exec(&["/bin/sh", "-c", "true"]);
    assert!(!sh.status.success(), "a shell ran in the healthapp image");
}

#[test]
fn image_builds_with_buildkit_too() {
    let built = Image::build_with_buildkit("healthapp", "healthapp:buildkit");
    let app = Container::run(&built, RunOptions::publish(5000));
    assert_eq!(app.get("/health", STARTUP).body, "OK");
    assert!(built.healthcheck().is_some());
}
