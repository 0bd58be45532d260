//! dissect on real images (TP 2b, "Décortiquer une image"): an image whose second RUN deletes
//! the megabyte its first RUN wrote must show that megabyte as wasted, on its path, whether the
//! archive comes from `docker save -o` or from dissect running `docker save` itself; `--ci` must
//! fail on it with a strict threshold and pass with a loose one. The real dive (installed from
//! PyPI when missing) must agree with dissect's account of dive's figures on that image and on
//! every image of `Dockerfiles/`, and `dissect explore` must answer dive's keys in a real terminal
//! (tmux).

use std::sync::OnceLock;

use container_tests::docker::docker;
use container_tests::Image;
use dissect::cli::{run, EXIT_CI_FAILED, EXIT_OK};
use serde_json::Value;

const BASE: &str = "debian:bookworm-slim";
const TAG: &str = "dissect-fixture:waste";
const BLOB_PATH: &str = "opt/waste/blob.bin";
const BLOB_BYTES: u64 = 1024 * 1024;

/// The image with a known wasted file, built once per test process from a Dockerfile written
/// into a temporary directory.
fn wasteful_image() -> &'static Image {
    static IMAGE: OnceLock<Image> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let dockerfile = format!(
            "FROM {BASE}\n\
             RUN mkdir -p /opt/waste && head -c {BLOB_BYTES} /dev/zero > /{BLOB_PATH}\n\
             RUN rm /{BLOB_PATH}\n"
        );
        std::fs::write(dir.path().join("Dockerfile"), dockerfile).expect("writing the Dockerfile");
        Image::build_in(dir.path(), TAG)
    })
}

fn base_layers() -> u64 {
    let layers = docker(&["image", "inspect", "-f", "{{len .RootFS.Layers}}", BASE]);
    layers
        .parse()
        .unwrap_or_else(|_| panic!("{BASE} has `{layers}` layers"))
}

/// Runs dissect in this process: (exit code, standard output, standard error).
fn dissect(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(
        std::iter::once("dissect").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (code, text(out), text(err))
}

/// dissect's JSON report on the one image of `args`.
fn report(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let (code, out, err) = dissect(&args);
    assert_eq!(code, EXIT_OK, "dissect {args:?} failed: {err}");
    let json: Value = serde_json::from_str(&out).expect("dissect prints JSON");
    let images = json["images"].as_array().expect("a list of images");
    assert_eq!(images.len(), 1, "{out}");
    images[0].clone()
}

fn check_wasteful_report(image: &Value) {
    let base = base_layers();
    assert_eq!(image["image"], TAG);
    assert_eq!(image["layers"], base + 2, "the base's layers and two RUNs");
    let wasted = image["wasted_bytes"].as_u64().unwrap();
    assert!(
        (BLOB_BYTES..BLOB_BYTES + 64 * 1024).contains(&wasted),
        "wasted {wasted} bytes, expected about {BLOB_BYTES}: {image:#}"
    );
    let top = &image["wasted_files"][0];
    assert_eq!(top["path"], BLOB_PATH, "{image:#}");
    assert_eq!(top["bytes"], BLOB_BYTES);
    let layers = image["layer_details"].as_array().unwrap();
    let (write, delete) = (&layers[base as usize], &layers[base as usize + 1]);
    assert!(
        write["command"].as_str().unwrap().contains("head -c"),
        "{write}"
    );
    assert_eq!(write["wasted_later"], BLOB_BYTES);
    assert!(
        write["bytes"].as_u64().unwrap() >= BLOB_BYTES,
        "the writing layer holds the blob: {write}"
    );
    assert_eq!(
        delete["command"],
        format!("RUN rm /{BLOB_PATH}"),
        "{delete}"
    );
    assert_eq!(delete["removed"], 1, "{delete}");
    assert_eq!(delete["bytes"], 0);
    let efficiency = image["efficiency"].as_f64().unwrap();
    assert!(efficiency < 1.0 && efficiency > 0.9, "{efficiency}");
}

#[test]
fn a_deleted_megabyte_is_wasted_in_a_saved_tarball() {
    let image = wasteful_image();
    let dir = tempfile::tempdir().unwrap();
    let tarball = dir.path().join("image.tar");
    let tarball = tarball.to_str().unwrap();
    docker(&["save", "-o", tarball, &image.tag]);
    check_wasteful_report(&report(&[tarball]));
}

#[test]
fn a_deleted_megabyte_is_wasted_when_dissect_runs_docker_save() {
    let image = wasteful_image();
    let report = report(&["--image", &image.tag]);
    assert_eq!(report["source"], format!("docker save {TAG}"));
    check_wasteful_report(&report);
}

#[test]
fn the_size_is_what_docker_reports() {
    let image = wasteful_image();
    let report = report(&["--image", &image.tag]);
    let ours = report["size_bytes"].as_u64().unwrap() as f64;
    let docker = image.size() as f64;
    assert!(
        (ours - docker).abs() / docker < 0.02,
        "dissect says {ours} bytes, docker {docker}"
    );
}

#[test]
fn ci_fails_with_a_strict_threshold_and_passes_with_a_loose_one() {
    let image = wasteful_image();
    let strict = [
        "--image",
        &image.tag,
        "--ci",
        "--highest-wasted-bytes",
        "512KiB",
    ];
    let (code, out, err) = dissect(&strict);
    assert_eq!(code, EXIT_CI_FAILED, "{out}{err}");
    assert!(out.contains("FAIL  --highest-wasted-bytes"), "{out}");
    assert!(out.contains("CI result: FAIL"), "{out}");

    let loose = [
        "--image",
        &image.tag,
        "--ci",
        "--highest-wasted-bytes",
        "2MB",
        "--highest-wasted-percent",
        "off",
        "--lowest-efficiency",
        "0.5",
    ];
    let (code, out, err) = dissect(&loose);
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(out.contains("CI result: PASS"), "{out}");
}

#[test]
fn healthapp_is_one_layer_and_wastes_nothing() {
    let image = Image::build("healthapp", "healthapp");
    let report = report(&["--image", &image.tag]);
    assert_eq!(report["layers"], 1);
    assert_eq!(report["files"], 1, "the binary alone");
    assert_eq!(report["wasted_bytes"], 0);
    assert_eq!(report["efficiency"], 1.0);
    let (code, out, _) = dissect(&["--image", &image.tag, "--ci"]);
    assert_eq!(code, EXIT_OK, "{out}");
}

#[test]
fn compare_puts_the_base_and_the_wasteful_image_side_by_side() {
    let image = wasteful_image();
    let (code, out, err) = dissect(&["compare", "--json", "--image", BASE, "--image", &image.tag]);
    assert_eq!(code, EXIT_OK, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let rows = json["images"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{out}");
    let size = |i: usize| rows[i]["size_bytes"].as_u64().unwrap();
    assert_eq!(size(1), size(0) + BLOB_BYTES, "the RUNs add the blob only");
    assert_eq!(rows[0]["wasted_bytes"], 0);

    let (code, table, _) = dissect(&["compare", "--image", BASE, "--image", &image.tag]);
    assert_eq!(code, EXIT_OK);
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.contains(TAG), "{table}");
}

#[test]
fn a_missing_image_is_docker_saves_own_error() {
    let (code, _, err) = dissect(&["--image", "dissect-fixture:no-such-tag"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("docker save dissect-fixture:no-such-tag") && err.contains("failed"),
        "{err}"
    );
}

// The real dive as the oracle, on real images: `dissect/tests/oracle/dive.rs` (installed from PyPI
// when missing; these tests fail without it) and the differences docs/dissect.md lists.

#[allow(dead_code)]
#[path = "../../dissect/tests/oracle/dive.rs"]
mod dive_oracle;

/// Saves `tag` into a temporary directory and checks that dive's figures, as dissect computes
/// them, are dive's own; returns both accounts.
fn dive_agrees_on(tag: &str) -> (dive_oracle::DiveSays, dive_oracle::DissectSays) {
    let dir = tempfile::tempdir().unwrap();
    let tarball = dir.path().join("image.tar");
    docker(&["save", "-o", tarball.to_str().unwrap(), tag]);
    let (theirs, ours) = dive_oracle::assert_agrees(&tarball);
    let layers = docker(&["image", "inspect", "-f", "{{len .RootFS.Layers}}", tag]);
    assert_eq!(
        theirs.layer_sizes.len().to_string(),
        layers,
        "{tag}: dive's layers"
    );
    // dissect's wasted bytes are the hidden copies only (difference 1): never more than dive's,
    // but for the opaque folders and paths twice in a layer dive does not see (4, 5).
    assert!(
        ours.analysis.efficiency() <= 1.0 && theirs.efficiency <= 1.0,
        "{tag}: efficiencies"
    );
    (theirs, ours)
}

#[test]
fn dive_agrees_on_the_wasteful_image_and_counts_the_blob_as_we_do() {
    let image = wasteful_image();
    let (theirs, ours) = dive_agrees_on(&image.tag);
    let blob = format!("/{BLOB_PATH}");
    let listed = theirs
        .inefficient
        .iter()
        .find(|(path, _, _)| *path == blob)
        .unwrap_or_else(|| panic!("dive does not list {blob}: {theirs:?}"));
    // Written then deleted: two copies to dive (the file, its whiteout), one hidden version to us.
    assert_eq!((listed.1, listed.2), (2, BLOB_BYTES));
    assert_eq!(ours.analysis.wasted_files[0].bytes, BLOB_BYTES);
}

#[test]
fn dive_agrees_on_healthapp() {
    let image = Image::build("healthapp", "healthapp");
    let (theirs, ours) = dive_agrees_on(&image.tag);
    assert_eq!((theirs.wasted, ours.analysis.wasted_bytes), (0, 0));
}

#[test]
fn dive_agrees_on_the_debian_base() {
    let (theirs, ours) = dive_agrees_on(BASE);
    assert_eq!(theirs.size, ours.analysis.total_bytes);
}

/// The other images of `Dockerfiles/`, as their own tests tag them.
#[test]
fn dive_agrees_on_hello_hello_distroless_and_cowsay() {
    for (file, tag) in [
        ("hello", "hello"),
        ("hello-distroless", "hello-distroless"),
        ("cowsay", "cowsay"),
    ] {
        let image = Image::build(file, tag);
        let (theirs, ours) = dive_agrees_on(&image.tag);
        assert_eq!(theirs.size, ours.analysis.total_bytes, "{tag}");
    }
}

/// The base of 01-naive and 02-cache (1.3 GB, some 20,000 files), seeded or pulled.
#[test]
fn dive_agrees_on_the_rust_base_of_the_first_rungs() {
    let (theirs, ours) = dive_agrees_on("rust:1-bookworm");
    assert!(theirs.size > 500_000_000, "{}", theirs.size);
    assert_eq!(theirs.size, ours.analysis.total_bytes);
}

/// One test per rung of the microblog ladder: `dive_agrees_on_the_ladder::<rung>`.
macro_rules! ladder {
    ($($name:ident => $file:literal),* $(,)?) => {
        mod dive_agrees_on_the_ladder {
            use super::*;
            $(
                #[test]
                fn $name() {
                    let image = Image::build($file, &format!("microblog:{}", $file));
                    let (theirs, ours) = dive_agrees_on(&image.tag);
                    // Difference 1: every copy to dive, the hidden ones to dissect.
                    assert!(
                        ours.analysis.wasted_bytes <= theirs.wasted
                            || ours.analysis.wasted_files.iter().any(|w| !theirs
                                .inefficient
                                .iter()
                                .any(|(p, _, _)| p[1..] == w.path)),
                        "{}: dissect {} wasted, dive {}",
                        image.tag,
                        ours.analysis.wasted_bytes,
                        theirs.wasted
                    );
                }
            )*
        }
    };
}

ladder! {
    r01_naive => "01-naive",
    r02_cache => "02-cache",
    r03_slim => "03-slim",
    r04_nonroot => "04-nonroot",
    r05_healthcheck => "05-healthcheck",
    r06_distroless => "06-distroless",
    r07_static => "07-static",
}

// The explorer in a real terminal: tmux (Debian's, installed when missing) runs `dissect
// explore` on the wasteful image; the test types dive's keys and reads the pane.

/// The dissect binary next to this test's target directory, built when missing.
fn dissect_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // target/<profile>/deps/<test> -> target/<profile>/dissect
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a target directory");
    let binary = profile.join("dissect");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        build.args(["build", "-p", "dissect", "--bin", "dissect"]);
        if let Some(target) = profile.parent() {
            build.env("CARGO_TARGET_DIR", target);
        }
        if profile.file_name().is_some_and(|p| p == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("running cargo build -p dissect");
        assert!(status.success(), "cargo build -p dissect failed");
    }
    binary
}

fn require_tmux() {
    let has = |cmd: &str| {
        std::process::Command::new(cmd)
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("tmux") {
        for args in [
            &["update"][..],
            &["install", "-y", "--no-install-recommends", "tmux"],
        ] {
            let status = std::process::Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "tmux is needed and `apt-get {}` failed",
                args.join(" ")
            );
        }
    }
    assert!(has("tmux"), "tmux is needed and cannot be installed");
}

/// A tmux session running one command, killed on drop.
struct Tmux {
    name: String,
}

impl Tmux {
    fn start(command: &str, dir: &std::path::Path, cols: u16, rows: u16) -> Tmux {
        require_tmux();
        let name = format!("dissect-test-{}", std::process::id());
        let status = std::process::Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", &cols.to_string()])
            .args(["-y", &rows.to_string(), "-c"])
            .arg(dir)
            .arg(format!("{command}; echo EXITED $?; sleep 600"))
            .env("TERM", "xterm-256color")
            .status()
            .expect("running tmux");
        assert!(status.success(), "tmux new-session failed");
        Tmux { name }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("tmux")
            .args(args)
            .output()
            .expect("running tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", &self.name, key]);
        }
    }

    fn pane(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    /// The pane once it shows `text` (within 60 s), else a panic with what it shows.
    fn wait_for(&self, text: &str) -> String {
        let start = std::time::Instant::now();
        loop {
            let pane = self.pane();
            if pane.contains(text) {
                return pane;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "the terminal never showed `{text}`:\n{pane}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-session", "-t", &self.name]);
    }
}

/// The lines of the file pane: the right part of the screen, from the column of its title.
fn file_pane(screen: &str) -> Vec<String> {
    let column = screen
        .lines()
        .next()
        .and_then(|l| l.split("┌ Files").next())
        .map_or(0, |left| left.chars().count());
    screen
        .lines()
        .map(|l| l.chars().skip(column).collect())
        .collect()
}

#[test]
fn explore_in_a_real_terminal_with_dives_keys() {
    let image = wasteful_image();
    let binary = dissect_binary();
    let dir = tempfile::tempdir().unwrap();
    let command = format!("{} explore {}", binary.display(), image.tag);
    let term = Tmux::start(&command, dir.path(), 120, 40);
    let base = base_layers();
    let first = term.wait_for("Files as of layer 0");
    assert!(first.contains(&format!("Layers ({})", base + 2)), "{first}");
    assert!(first.contains("RUN rm /opt/waste/blob.bin"), "{first}");
    assert!(
        first.contains("1.0 MB     1  opt/waste/blob.bin"),
        "{first}"
    );

    // The last layer, only what it changed: the blob, removed.
    term.keys(&["G", "Tab", "C-u"]);
    let last = term.wait_for(&format!("Files as of layer {} · only changes", base + 1));
    let removed = file_pane(&last)
        .into_iter()
        .find(|l| l.contains("blob.bin"))
        .unwrap_or_else(|| panic!("no blob.bin row:\n{last}"));
    assert!(removed.contains("R    1.0 MB"), "{removed}");

    // Ctrl-F filters by path; Enter keeps the filter.
    term.keys(&["C-u", "C-f", "etc/host", "Enter"]);
    let filtered = term.wait_for("filter etc/host");
    let files = file_pane(&filtered);
    assert!(
        files.iter().any(|l| l.contains("└── hostname")),
        "{filtered}"
    );
    assert!(!files.iter().any(|l| l.contains("blob.bin")), "{filtered}");

    // A much smaller terminal, then back: drawn again, no panic.
    term.tmux(&["resize-window", "-t", &term.name, "-x", "30", "-y", "6"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    term.tmux(&["resize-window", "-t", &term.name, "-x", "100", "-y", "30"]);
    term.wait_for("Image details");

    // x writes the selected layer's file list into the current directory.
    term.keys(&["Escape", "x"]);
    term.wait_for("wrote ./layer-");
    let exported = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("layer-"))
        .expect("the exported list");
    let list = std::fs::read_to_string(exported.path()).unwrap();
    assert!(
        list.contains(&format!("R\t{BLOB_BYTES}\t/{BLOB_PATH}")),
        "{list}"
    );

    term.keys(&["q"]);
    let after = term.wait_for("EXITED");
    assert!(after.contains("EXITED 0"), "{after}");
}
