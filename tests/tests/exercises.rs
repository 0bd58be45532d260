//! The TP 2b exercises that are scripts: a private registry (open, then with a password) and an
//! image made by hand with `docker commit`. Each test runs the script as a student would and
//! checks what it shows, and what it left behind.

use container_tests::docker::{docker, docker_output};
use container_tests::script::{free_port, run_script};
use container_tests::Image;

/// Other tests run registries at the same time: look only at the one on `port`.
fn no_registry_container_left(port: &str) {
    let filter = format!("publish={port}");
    let left = docker(&["ps", "-a", "--filter", &filter, "--format", "{{.Names}}"]);
    assert_eq!(left, "", "the registry script left containers behind");
}

#[test]
fn registry_push_remove_pull_and_run() {
    Image::build("healthapp", "healthapp");
    let port = free_port().to_string();
    run_script("registry.sh", &["--port", &port])
        .assert_success()
        .assert_says("the registry answers /v2/ with 200")
        .assert_says(&format!(
            "$ docker push localhost:{port}/course/healthapp:pushed"
        ))
        .assert_says("\"repositories\":[\"course/healthapp\"]")
        .assert_says("same digest as pushed")
        .assert_says("healthapp 0.1.0");
    no_registry_container_left(&port);
}

#[test]
fn registry_with_password_refuses_anonymous_push_and_pull() {
    Image::build("healthapp", "healthapp");
    let port = free_port().to_string();
    run_script("registry.sh", &["--auth", "--port", &port])
        .assert_success()
        .assert_says("answers /v2/ with 401")
        .assert_says("without docker login, the push is refused")
        .assert_says("logged in as student")
        .assert_says("without login, the pull is refused")
        .assert_says("same digest as pushed");
    no_registry_container_left(&port);
}

#[test]
fn registry_script_rejects_bad_options() {
    let run = run_script("registry.sh", &["--port", "http"]);
    assert!(!run.success);
    run.assert_says("--port must be a number");
    assert!(!run_script("registry.sh", &["--frobnicate"]).success);
}

#[test]
fn image_by_hand_shows_the_diff_and_adds_one_layer() {
    let tag = format!("debian:by-hand-test-{}", std::process::id());
    let run = run_script("commit-by-hand.sh", &["--tag", &tag]);
    run.assert_success()
        .assert_says("A /srv/course/made-by-hand.txt")
        .assert_says("C /etc/motd")
        .assert_says("D /etc/issue.net")
        .assert_says("$ docker image history");
    let layers = |image: &str| docker(&["image", "inspect", "-f", "{{len .RootFS.Layers}}", image]);
    let (base, made): (u32, u32) = (
        layers("debian:bookworm-slim").parse().unwrap(),
        layers(&tag).parse().unwrap(),
    );
    assert_eq!(made, base + 1);
    let content = docker(&["run", "--rm", &tag, "cat", "/srv/course/made-by-hand.txt"]);
    assert_eq!(content, "built by hand");
    let history = docker(&[
        "image",
        "history",
        "--no-trunc",
        "--format",
        "{{.Comment}}",
        &tag,
    ]);
    assert!(
        history
            .lines()
            .next()
            .unwrap_or_default()
            .starts_with("by hand:"),
        "{history}"
    );
    let _ = docker_output(&["image", "rm", &tag]);
}
