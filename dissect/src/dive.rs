//! dive's own figures for an image, computed from the same layers, so that dissect can set them
//! beside its own and a student comparing the two tools knows why they differ.
//!
//! dive (0.13) counts, for every path that is a leaf of some layer's tree, each copy of it in
//! every layer: a path met in two layers or more is "inefficient" and all its copies are wasted,
//! the first one included. A whiteout counts as a copy of the path it deletes, of the size of
//! the directory it deletes (0 for a file). Its efficiency is the sum, over all paths, of their
//! smallest copy, divided by the sum of all copies. It ignores opaque directories. dissect counts
//! as wasted only the versions a later layer hides; see `dissect --help`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::layer::{Kind, LayerFiles};

/// A path dive lists as inefficient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiveFile {
    /// The path as dive writes it, from `/`.
    pub path: String,
    /// In how many layers the path is a leaf (a whiteout of it counts).
    pub count: u64,
    /// The bytes of all those copies.
    pub bytes: u64,
}

/// What dive says about an image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiveFigures {
    /// dive's `inefficientBytes`.
    pub wasted_bytes: u64,
    /// dive's `efficiencyScore`.
    pub efficiency: f64,
    /// dive's `fileReference`, most bytes first, then by path.
    pub inefficient_files: Vec<DiveFile>,
}

/// A node of one layer's tree: a tar entry, a whiteout, or a folder known only from its
/// children's paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Listed { size: u64, dir: bool },
    Whiteout,
    Implied,
}

#[derive(Debug, Default)]
struct PathCopies {
    count: u64,
    bytes: u64,
    smallest: u64,
}

impl DiveFigures {
    /// dive's figures for `layers`, bottom first.
    pub fn of(layers: &[&LayerFiles]) -> DiveFigures {
        let mut copies: HashMap<String, PathCopies> = HashMap::new();
        // The layers below, stacked as dive stacks them: path -> (bytes, is a folder).
        let mut stack: BTreeMap<String, (u64, bool)> = BTreeMap::new();
        for layer in layers {
            let tree = layer_tree(layer);
            for (path, entry) in &tree {
                if !is_leaf(&tree, path) {
                    continue;
                }
                let (key, size) = match entry {
                    Entry::Whiteout => {
                        let target = unwhiteout(path);
                        let size = match stack.get(&target) {
                            Some((_, true)) => below(&stack, &target)
                                .fold(0u64, |sum, (_, (bytes, _))| sum.saturating_add(*bytes)),
                            _ => 0,
                        };
                        (target, size)
                    }
                    Entry::Listed { size, .. } => (path.clone(), *size),
                    Entry::Implied => (path.clone(), 0),
                };
                let seen = copies.entry(format!("/{key}")).or_default();
                seen.smallest = if seen.count == 0 {
                    size
                } else {
                    seen.smallest.min(size)
                };
                seen.count += 1;
                seen.bytes = seen.bytes.saturating_add(size);
            }
            for (path, entry) in &tree {
                match entry {
                    Entry::Whiteout => {
                        let target = unwhiteout(path);
                        let gone: Vec<String> =
                            below(&stack, &target).map(|(k, _)| k.clone()).collect();
                        for key in gone {
                            stack.remove(&key);
                        }
                    }
                    Entry::Listed { size, dir } => {
                        stack.insert(path.clone(), (*size, *dir));
                    }
                    // A folder dive meets only as a parent loses what it knew of it.
                    Entry::Implied => {
                        stack.insert(path.clone(), (0, false));
                    }
                }
            }
        }
        let (smallest, all) = copies.values().fold((0u64, 0u64), |(s, a), c| {
            (s.saturating_add(c.smallest), a.saturating_add(c.bytes))
        });
        let mut inefficient_files: Vec<DiveFile> = copies
            .into_iter()
            .filter(|(_, c)| c.count >= 2)
            .map(|(path, c)| DiveFile {
                path,
                count: c.count,
                bytes: c.bytes,
            })
            .collect();
        inefficient_files.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
        DiveFigures {
            wasted_bytes: inefficient_files
                .iter()
                .fold(0u64, |sum, f| sum.saturating_add(f.bytes)),
            efficiency: if all == 0 {
                1.0
            } else {
                smallest as f64 / all as f64
            },
            inefficient_files,
        }
    }
}

/// One layer's tree as dive builds it: its entries, its whiteouts under their own names
/// (`dir/.wh.name`), and every folder their paths go through. Opaque markers only leave their
/// folder behind.
fn layer_tree(layer: &LayerFiles) -> BTreeMap<String, Entry> {
    let mut tree = BTreeMap::new();
    let imply = |tree: &mut BTreeMap<String, Entry>, path: &str| {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            tree.entry(path[..end].to_owned()).or_insert(Entry::Implied);
            end += 1;
        }
    };
    for entry in &layer.entries {
        imply(&mut tree, &entry.path);
        tree.insert(
            entry.path.to_string(),
            Entry::Listed {
                size: entry.size,
                dir: entry.kind == Kind::Dir,
            },
        );
    }
    for path in &layer.whiteouts {
        let name = match path.rsplit_once('/') {
            Some((dir, name)) => format!("{dir}/.wh.{name}"),
            None => format!(".wh.{path}"),
        };
        imply(&mut tree, &name);
        tree.insert(name, Entry::Whiteout);
    }
    for dir in layer.opaque_dirs.iter().filter(|d| !d.is_empty()) {
        imply(&mut tree, &format!("{dir}/"));
    }
    tree
}

/// Whether nothing in `tree` is below `path`.
fn is_leaf<T>(tree: &BTreeMap<String, T>, path: &str) -> bool {
    below(tree, path).nth(1).is_none()
}

/// `path` and everything below it.
fn below<'a, T>(
    tree: &'a BTreeMap<String, T>,
    path: &'a str,
) -> impl Iterator<Item = (&'a String, &'a T)> {
    let prefix = format!("{path}/");
    let own = tree.get_key_value(path);
    own.into_iter().chain(
        tree.range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix)),
    )
}

/// The path a whiteout node deletes: `dir/.wh.name` is `dir/name`.
fn unwhiteout(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/{}", name.trim_start_matches(".wh.")),
        None => path.trim_start_matches(".wh.").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filetree::tests::layer;
    use crate::testing::Tar;

    fn figures(tars: Vec<Tar>) -> DiveFigures {
        let layers: Vec<LayerFiles> = tars.into_iter().map(layer).collect();
        let refs: Vec<&LayerFiles> = layers.iter().collect();
        DiveFigures::of(&refs)
    }

    fn files(f: &DiveFigures) -> Vec<(&str, u64, u64)> {
        f.inefficient_files
            .iter()
            .map(|f| (f.path.as_str(), f.count, f.bytes))
            .collect()
    }

    #[test]
    fn every_copy_of_an_overwritten_file_is_wasted_the_first_too() {
        let f = figures(vec![
            Tar::new().dir("app").file("app/data", &[1; 100]),
            Tar::new().dir("app").file("app/data", &[2; 10]),
        ]);
        assert_eq!(files(&f), [("/app/data", 2, 110)]);
        assert_eq!(f.wasted_bytes, 110);
        assert!((f.efficiency - 10.0 / 110.0).abs() < 1e-12);
    }

    #[test]
    fn a_deleted_file_is_wasted_once_and_a_deleted_folder_is_one_path() {
        let f = figures(vec![
            Tar::new()
                .dir("tmp")
                .file("tmp/blob", &[0; 1000])
                .dir("var/lists")
                .file("var/lists/a", &[0; 30])
                .file("var/lists/b", &[0; 20]),
            Tar::new()
                .dir("tmp")
                .file("tmp/.wh.blob", b"")
                .dir("var")
                .file("var/.wh.lists", b""),
        ]);
        assert_eq!(files(&f), [("/tmp/blob", 2, 1000)]);
        // var/lists counts once, at the size of what it held: no waste, but its whole size.
        let all = 1000.0 + 50.0 + 50.0;
        assert!(
            (f.efficiency - 100.0 / all).abs() < 1e-12,
            "{}",
            f.efficiency
        );
    }

    #[test]
    fn empty_folders_met_twice_are_listed_and_opaque_markers_are_ignored() {
        let f = figures(vec![
            Tar::new()
                .dir("cache")
                .file("cache/old", &[0; 40])
                .dir("empty"),
            Tar::new()
                .dir("cache")
                .file("cache/.wh..wh..opq", b"")
                .dir("empty"),
        ]);
        assert_eq!(files(&f), [("/empty", 2, 0)]);
        assert_eq!(f.wasted_bytes, 0);
        assert_eq!(f.efficiency, 1.0);
    }

    #[test]
    fn an_image_without_bytes_is_efficient() {
        assert_eq!(figures(Vec::new()).efficiency, 1.0);
        assert_eq!(figures(vec![Tar::new()]).inefficient_files, []);
    }
}
