//! cowsay in its container (TP 2b, "Faire parler la vache"): build the image, run the commands of
//! the course, and compare what the container prints with Debian's own cowsay run on this host
//! under `LC_ALL=C.UTF-8`. Debian's cowsay must be installed (`apt-get install cowsay`;
//! scripts/test.sh does it): without it these tests fail, they never skip.

use std::path::Path;
use std::process::{Command, Output};

use container_tests::docker::docker_output;
use container_tests::Image;

const DEBIAN: &str = "/usr/games/cowsay";
const DEBIAN_THINK: &str = "/usr/games/cowthink";

fn image() -> Image {
    Image::build("cowsay", "cowsay")
}

/// `docker run --rm IMAGE ARGS…`, as a student types it.
fn run(image: &Image, args: &[&str]) -> Output {
    let mut argv = vec!["run", "--rm", image.tag.as_str()];
    argv.extend_from_slice(args);
    docker_output(&argv)
}

/// Debian's cowsay (or cowthink) on the host, in a UTF-8 locale.
fn debian(program: &str, args: &[&str]) -> String {
    assert!(
        Path::new(program).exists(),
        "{program} is missing: install Debian's cowsay (`apt-get install -y cowsay`; scripts/test.sh \
         does it) to compare the image with it"
    );
    let out = Command::new(program)
        .args(args)
        .env_clear()
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(out.status.success(), "{program} {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("Debian's cowsay prints UTF-8 here")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The container prints exactly what Debian's cowsay prints for `debian_args`.
fn assert_same(args: &[&str], debian_args: &[&str]) {
    let out = run(&image(), args);
    assert!(
        out.status.success(),
        "docker run cowsay {args:?}: {}",
        text(&out.stderr)
    );
    assert_eq!(
        text(&out.stdout),
        debian(DEBIAN, debian_args),
        "docker run --rm cowsay {args:?}"
    );
}

#[test]
fn image_is_one_static_binary_from_scratch_under_2_mb() {
    let image = image();
    let size = image.size();
    assert!(size < 2_000_000, "cowsay image is {size} bytes");
    assert_eq!(
        image.inspect("{{len .RootFS.Layers}}"),
        "1",
        "expected only the binary's layer"
    );
    assert_eq!(
        image.inspect("{{json .Config.Entrypoint}}"),
        r#"["/cowsay"]"#
    );
    assert_eq!(image.inspect("{{json .Config.Cmd}}"), r#"["Hello"]"#);
    assert_eq!(image.user(), "65532:65532");
}

#[test]
fn no_arguments_a_cow_says_hello() {
    assert_same(&[], &["Hello"]);
}

#[test]
fn arguments_replace_cmd() {
    assert_same(&["Coucou", "!"], &["Coucou", "!"]);
}

#[test]
fn stegosaurus_says_yo() {
    assert_same(&["-f", "stegosaurus", "Yo!"], &["-f", "stegosaurus", "Yo!"]);
}

#[test]
fn elephant_in_snake_with_accents_in_a_bare_container() {
    // The container has no locale at all, where Debian's balloon breaks; ours is the one Debian
    // draws in a UTF-8 locale.
    let args: Vec<&str> = "-f elephant-in-snake Un éléphant dans un boa."
        .split(' ')
        .collect();
    assert_same(&args, &args);
}

#[test]
fn every_debian_cow_is_built_in() {
    assert_same(&["-l"], &["-l"]);
    assert_same(
        &["-f", "three-eyes", "-b", "Moo"],
        &["-f", "three-eyes", "-b", "Moo"],
    );
}

#[test]
fn think_flag_is_cowthink() {
    let out = run(&image(), &["--think", "Hmm..."]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), debian(DEBIAN_THINK, &["Hmm..."]));
}

#[test]
fn unknown_cow_exits_1_and_suggests() {
    let out = run(&image(), &["-f", "stegosorus", "Yo!"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Could not find stegosorus cowfile! Did you mean: stegosaurus?"),
        "{stderr}"
    );
}

#[test]
fn no_shell_in_the_image() {
    let out = docker_output(&[
        "run",
        "--rm",
        "--entrypoint",
        "/bin/sh",
        &image().tag,
        "-c",
        "true",
    ]);
    assert!(!out.status.success(), "a shell ran in the cowsay image");
}

#[test]
fn image_builds_with_buildkit_too() {
    let built = Image::build_with_buildkit("cowsay", "cowsay:buildkit");
    let out = run(&built, &[]);
    assert_eq!(text(&out.stdout), debian(DEBIAN, &["Hello"]));
}
