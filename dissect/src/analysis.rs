use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde::Serialize;

use crate::layer::{Kind, LayerFiles};

/// How a layer changes a path of the layers below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

/// One path a layer adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub path: String,
    /// Bytes of the new version (added, changed) or of the removed one.
    pub size: u64,
}

/// What one layer does to the filesystem of the layers below it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LayerStats {
    /// Content bytes of the layer's regular files.
    pub bytes: u64,
    /// Entries that are not directories.
    pub files: u64,
    /// Paths new to the image (new directories included).
    pub added: u64,
    /// Paths that existed below and that this layer replaces (a directory that existed below and
    /// is only listed again, as every parent of a change is, does not count).
    pub changed: u64,
    /// Paths that existed below and that this layer deletes (whiteouts, opaque directories),
    /// everything under a deleted directory included.
    pub removed: u64,
    /// Bytes of this layer's files that a later layer overwrites or deletes.
    pub wasted_later: u64,
    /// Every change, by path, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// A path whose bytes are shipped in a layer and hidden by a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WastedFile {
    pub path: String,
    /// Bytes of its hidden versions.
    pub bytes: u64,
    /// How many of its versions are hidden.
    pub versions: u64,
}

/// The layers of one image stacked bottom-up, as the engine's overlay filesystem would.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub layers: Vec<LayerStats>,
    /// Content bytes of all layers: every version of every file counts.
    pub total_bytes: u64,
    /// Content bytes of the versions a later layer overwrites or deletes.
    pub wasted_bytes: u64,
    /// Content bytes of the files a container sees: `total_bytes - wasted_bytes`.
    pub final_bytes: u64,
    /// Entries a container sees that are not directories.
    pub final_files: u64,
    /// Every wasted path, most bytes first.
    pub wasted_files: Vec<WastedFile>,
}

impl Analysis {
    /// `final_bytes / total_bytes` (1 for an image without bytes): the share of the shipped bytes
    /// that a container can see.
    pub fn efficiency(&self) -> f64 {
        if self.total_bytes == 0 {
            1.0
        } else {
            self.final_bytes as f64 / self.total_bytes as f64
        }
    }

    /// Content bytes of the layers above the first: what a Dockerfile adds to a one-layer base.
    pub fn user_bytes(&self) -> u64 {
        let first = self.layers.first().map_or(0, |l| l.bytes);
        self.total_bytes.saturating_sub(first)
    }

    /// `100 × wasted_bytes / user_bytes`, at most 100 (and 100 when wasted bytes come with no user
    /// bytes, 0 without wasted bytes).
    pub fn wasted_percent(&self) -> f64 {
        match (self.wasted_bytes, self.user_bytes()) {
            (0, _) => 0.0,
            (_, 0) => 100.0,
            (wasted, user) => (100.0 * wasted as f64 / user as f64).min(100.0),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Version {
    size: u64,
    layer: usize,
    dir: bool,
}

/// The filesystem so far, and the bytes hidden on the way.
#[derive(Default)]
struct Stack {
    files: BTreeMap<Box<str>, Version>,
    waste: HashMap<Box<str>, (u64, u64)>,
    layers: Vec<LayerStats>,
    wasted_bytes: u64,
}

impl Stack {
    /// Counts `version` of `path` as hidden.
    fn hide(&mut self, path: &str, version: Version) {
        if version.size == 0 {
            return;
        }
        self.wasted_bytes = self.wasted_bytes.saturating_add(version.size);
        let stats = &mut self.layers[version.layer];
        stats.wasted_later = stats.wasted_later.saturating_add(version.size);
        let (bytes, versions) = self.waste.entry(path.into()).or_default();
        *bytes = bytes.saturating_add(version.size);
        *versions += 1;
    }

    /// Takes everything below the directory `dir` (the whole tree for the empty path).
    fn take_below(&mut self, dir: &str) -> Vec<(Box<str>, Version)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let keys: Vec<Box<str>> = self
            .files
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .take_while(|(path, _)| path.starts_with(&prefix))
            .map(|(path, _)| path.clone())
            .collect();
        keys.into_iter()
            .filter_map(|path| {
                let version = self.files.remove(&path)?;
                Some((path, version))
            })
            .collect()
    }

    fn apply(&mut self, index: usize, layer: &LayerFiles, keep_changes: bool) {
        self.layers.push(LayerStats {
            bytes: layer.bytes(),
            files: layer.file_count(),
            ..LayerStats::default()
        });
        let mut changes = Vec::new();
        // Deletions apply to the layers below only, so they come before this layer's own files.
        let mut removed: HashMap<Box<str>, Version> = HashMap::new();
        for path in &layer.whiteouts {
            if let Some(version) = self.files.remove(path) {
                removed.insert(path.clone(), version);
            }
            removed.extend(self.take_below(path));
        }
        for dir in &layer.opaque_dirs {
            removed.extend(self.take_below(dir));
        }
        for (path, version) in &removed {
            self.hide(path, *version);
        }
        let (mut added, mut changed, mut replaced) = (0, 0, 0);
        for entry in &layer.entries {
            let dir = entry.kind == Kind::Dir;
            let version = Version {
                size: entry.size,
                layer: index,
                dir,
            };
            let below = match self.files.insert(entry.path.clone(), version) {
                // The same path twice in one layer: the first copy is shipped for nothing.
                Some(old) if old.layer == index => {
                    self.hide(&entry.path, old);
                    continue;
                }
                Some(old) => {
                    self.hide(&entry.path, old);
                    if old.dir && !dir {
                        // A file in place of a directory hides all that was in it.
                        for (path, version) in self.take_below(&entry.path) {
                            self.hide(&path, version);
                            replaced += 1;
                            changes.push(change(ChangeKind::Removed, &path, version.size));
                        }
                    }
                    Some(old)
                }
                // Deleted above and put back by this same layer: a change, already counted.
                None => removed.remove(&entry.path),
            };
            match below {
                None => {
                    added += 1;
                    changes.push(change(ChangeKind::Added, &entry.path, entry.size));
                }
                Some(old) if !(old.dir && dir) => {
                    changed += 1;
                    changes.push(change(ChangeKind::Changed, &entry.path, entry.size));
                }
                Some(_) => {}
            }
        }
        for (path, version) in &removed {
            changes.push(change(ChangeKind::Removed, path, version.size));
        }
        let stats = &mut self.layers[index];
        stats.added = added;
        stats.changed = changed;
        stats.removed = removed.len() as u64 + replaced;
        if keep_changes {
            changes.sort_by(|a, b| a.path.cmp(&b.path));
            stats.changes = changes;
        }
    }
}

fn change(change: ChangeKind, path: &str, size: u64) -> Change {
    Change {
        change,
        path: path.to_owned(),
        size,
    }
}

/// Stacks `layers`, bottom first: per-layer changes, wasted bytes, the files a container sees.
/// With `keep_changes`, each layer lists its changes path by path.
pub fn analyze(layers: &[&LayerFiles], keep_changes: bool) -> Analysis {
    let mut stack = Stack::default();
    for (index, layer) in layers.iter().enumerate() {
        stack.apply(index, layer, keep_changes);
    }
    let total_bytes = stack
        .layers
        .iter()
        .fold(0u64, |sum, l| sum.saturating_add(l.bytes));
    let (final_bytes, final_files) =
        stack
            .files
            .values()
            .fold((0u64, 0u64), |(bytes, files), version| {
                (
                    bytes.saturating_add(version.size),
                    files + u64::from(!version.dir),
                )
            });
    let mut wasted_files: Vec<WastedFile> = stack
        .waste
        .into_iter()
        .map(|(path, (bytes, versions))| WastedFile {
            path: path.into(),
            bytes,
            versions,
        })
        .collect();
    wasted_files.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    Analysis {
        layers: stack.layers,
        total_bytes,
        wasted_bytes: stack.wasted_bytes,
        final_bytes,
        final_files,
        wasted_files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filetree::tests::layer;
    use crate::testing::Tar;

    fn run(layers: &[LayerFiles]) -> Analysis {
        let refs: Vec<&LayerFiles> = layers.iter().collect();
        let analysis = analyze(&refs, true);
        assert_eq!(
            analysis.final_bytes + analysis.wasted_bytes,
            analysis.total_bytes,
            "every shipped byte is either seen or wasted"
        );
        analysis
    }

    fn counts(stats: &LayerStats) -> (u64, u64, u64, u64) {
        (
            stats.added,
            stats.changed,
            stats.removed,
            stats.wasted_later,
        )
    }

    fn wasted(analysis: &Analysis) -> Vec<(&str, u64, u64)> {
        analysis
            .wasted_files
            .iter()
            .map(|w| (w.path.as_str(), w.bytes, w.versions))
            .collect()
    }

    #[test]
    fn an_overwritten_file_wastes_its_old_version() {
        let a = run(&[
            layer(Tar::new().dir("app").file("app/data", &[1; 100])),
            layer(Tar::new().dir("app").file("app/data", &[2; 10])),
        ]);
        assert_eq!(counts(&a.layers[0]), (2, 0, 0, 100));
        // app/ is listed again as the parent of a change: not a change itself.
        assert_eq!(counts(&a.layers[1]), (0, 1, 0, 0));
        assert_eq!(wasted(&a), [("app/data", 100, 1)]);
        assert_eq!(
            (a.total_bytes, a.wasted_bytes, a.final_bytes),
            (110, 100, 10)
        );
        assert!((a.efficiency() - 10.0 / 110.0).abs() < 1e-12);
        assert_eq!(a.final_files, 1);
        assert_eq!(
            a.layers[1].changes,
            [Change {
                change: ChangeKind::Changed,
                path: "app/data".into(),
                size: 10
            }]
        );
    }

    #[test]
    fn a_file_added_then_deleted_is_all_waste() {
        let a = run(&[
            layer(Tar::new().file("bin/sh", &[0; 50])),
            layer(
                Tar::new()
                    .dir("opt")
                    .dir("opt/waste")
                    .file("opt/waste/blob", &[7; 1000]),
            ),
            layer(Tar::new().dir("opt/waste").file("opt/waste/.wh.blob", b"")),
        ]);
        assert_eq!(counts(&a.layers[1]), (3, 0, 0, 1000));
        assert_eq!(counts(&a.layers[2]), (0, 0, 1, 0));
        assert_eq!(wasted(&a), [("opt/waste/blob", 1000, 1)]);
        assert_eq!(a.user_bytes(), 1000);
        assert_eq!(a.wasted_percent(), 100.0);
        assert_eq!(a.final_files, 1);
    }

    #[test]
    fn deleting_a_directory_removes_and_wastes_all_below_it() {
        let a = run(&[
            layer(
                Tar::new()
                    .dir("var/lib/apt/lists")
                    .file("var/lib/apt/lists/a", &[0; 30])
                    .file("var/lib/apt/lists/b", &[0; 20])
                    .file("var/lib/apt/listsX", &[0; 5]),
            ),
            layer(Tar::new().file("var/lib/apt/.wh.lists", b"")),
        ]);
        assert_eq!(counts(&a.layers[1]), (0, 0, 3, 0));
        assert_eq!(a.wasted_bytes, 50);
        assert_eq!(a.final_files, 1, "listsX is not below lists");
        assert_eq!(a.wasted_percent(), 100.0, "waste with no user bytes");
    }

    #[test]
    fn an_opaque_directory_hides_what_is_below_but_keeps_its_own_files() {
        let a = run(&[
            layer(
                Tar::new()
                    .dir("cache")
                    .file("cache/old", &[0; 40])
                    .file("cache/kept", &[0; 8]),
            ),
            layer(
                Tar::new()
                    .dir("cache")
                    .file("cache/.wh..wh..opq", b"")
                    .file("cache/kept", &[0; 9])
                    .file("cache/new", &[0; 1]),
            ),
        ]);
        assert_eq!(counts(&a.layers[1]), (1, 1, 1, 0));
        assert_eq!(wasted(&a), [("cache/old", 40, 1), ("cache/kept", 8, 1)]);
        let marks: Vec<(ChangeKind, &str)> = a.layers[1]
            .changes
            .iter()
            .map(|c| (c.change, c.path.as_str()))
            .collect();
        assert_eq!(
            marks,
            [
                (ChangeKind::Changed, "cache/kept"),
                (ChangeKind::Added, "cache/new"),
                (ChangeKind::Removed, "cache/old"),
            ]
        );
    }

    #[test]
    fn a_root_opaque_marker_hides_the_whole_tree() {
        let a = run(&[
            layer(Tar::new().file("a", &[0; 3]).file("b/c", &[0; 4])),
            layer(Tar::new().file(".wh..wh..opq", b"").file("d", &[0; 1])),
        ]);
        assert_eq!((a.wasted_bytes, a.final_files), (7, 1));
    }

    #[test]
    fn whiteouts_of_nothing_and_files_over_directories() {
        let a = run(&[
            layer(Tar::new().dir("d").file("d/x", &[0; 5]).file("f", &[0; 2])),
            layer(Tar::new().file(".wh.never-existed", b"").file("d", &[0; 1])),
            layer(Tar::new().file("f", &[0; 2]).file("f", &[0; 3])),
        ]);
        // d becomes a file: d/x is hidden with it.
        assert_eq!(counts(&a.layers[1]), (0, 1, 1, 0));
        // The same path twice in one layer: the first copy is waste too.
        assert_eq!(counts(&a.layers[2]), (0, 1, 0, 2));
        assert_eq!(a.wasted_bytes, 5 + 2 + 2);
        assert_eq!(a.final_bytes, 1 + 3);
    }

    #[test]
    fn empty_images_are_perfectly_efficient() {
        let a = run(&[]);
        assert_eq!((a.efficiency(), a.wasted_percent()), (1.0, 0.0));
        let a = run(&[layer(Tar::new().dir("empty"))]);
        assert_eq!((a.efficiency(), a.wasted_percent()), (1.0, 0.0));
    }

    #[test]
    fn wasted_percent_is_of_the_bytes_above_the_first_layer() {
        let a = run(&[
            layer(Tar::new().file("base", &[0; 900])),
            layer(Tar::new().file("tmp", &[0; 50]).file("app", &[0; 50])),
            layer(Tar::new().file(".wh.tmp", b"")),
        ]);
        assert_eq!(a.user_bytes(), 100);
        assert_eq!(a.wasted_percent(), 50.0);
        assert!((a.efficiency() - 0.95).abs() < 1e-12);
    }
}
