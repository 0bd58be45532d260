//! dissect on real images (TP 2b, "Décortiquer une image"): an image whose second RUN deletes
//! the megabyte its first RUN wrote must show that megabyte as wasted, on its path, whether the
//! archive comes from `docker save -o` or from dissect running `docker save` itself; `--ci` must
//! fail on it with a strict threshold and pass with a loose one.

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
