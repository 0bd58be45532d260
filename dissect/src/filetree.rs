//! The image's file tree, indexed once: every path any layer lists, with one version per layer
//! that touches it, so that the tree as of any layer, and what that layer added, modified or
//! removed, is read from memory without going back to the archive.
//!
//! Marks come from the analysis ([`crate::analysis::analyze`] with its changes kept): the explorer
//! and the text report can never disagree on what a layer changes.

use std::collections::HashMap;

use crate::analysis::{Analysis, ChangeKind};
use crate::layer::{Kind, LayerFiles};

/// A node of the tree: an index into [`FileTree::nodes`]. The root is node 0.
pub type NodeId = u32;

/// What a layer did to a path, as the explorer shows it (a letter, so it reads without colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Added,
    Modified,
    Removed,
}

impl Mark {
    /// `A`, `M` or `R`, as dive's legend names them.
    pub fn letter(self) -> char {
        match self {
            Mark::Added => 'A',
            Mark::Modified => 'M',
            Mark::Removed => 'R',
        }
    }
}

/// One layer's word on a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub layer: u32,
    /// The path's type in that layer (for a removal, the type of what is removed).
    pub kind: Kind,
    /// Content bytes of the file (of the removed version for a removal).
    pub size: u64,
    /// What this layer does to the path; `None` for a directory only listed again as the parent
    /// of a change.
    pub mark: Option<Mark>,
}

/// A path of the image: its last component, where it hangs, and each layer's version of it.
#[derive(Debug, Clone)]
pub struct Node {
    /// The last component of the path (empty for the root), as read: names that were not UTF-8
    /// carry U+FFFD where their bad bytes were.
    pub name: Box<str>,
    pub parent: NodeId,
    /// Sorted by name.
    pub children: Vec<NodeId>,
    /// Bottom layer first; no two versions share a layer. Empty for a directory no layer lists
    /// by itself (only as part of its children's paths).
    pub versions: Vec<Version>,
}

/// How a node stands as of one layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    /// Its type; `Kind::Dir` for a directory known only from its children's paths.
    pub kind: Kind,
    pub size: u64,
    /// What the layer itself did to it.
    pub mark: Option<Mark>,
    /// Whether a container of that layer sees it (false for what the layer removes, which is
    /// still shown, marked R).
    pub present: bool,
}

/// Every path of every layer, indexed once.
#[derive(Debug, Clone)]
pub struct FileTree {
    pub nodes: Vec<Node>,
    layers: usize,
}

impl FileTree {
    /// Indexes `layers` (bottom first) with the marks of `analysis`, which must have been run on
    /// the same layers with its changes kept.
    pub fn new(layers: &[&LayerFiles], analysis: &Analysis) -> FileTree {
        let mut tree = FileTree {
            nodes: vec![Node {
                name: "".into(),
                parent: 0,
                children: Vec::new(),
                versions: Vec::new(),
            }],
            layers: layers.len(),
        };
        let mut ids: HashMap<Box<str>, NodeId> = HashMap::new();
        for (index, layer) in layers.iter().enumerate() {
            let index = index as u32;
            let mut marks: HashMap<&str, ChangeKind> = HashMap::new();
            let mut removed = Vec::new();
            if let Some(stats) = analysis.layers.get(index as usize) {
                for change in &stats.changes {
                    if change.change == ChangeKind::Removed {
                        removed.push((change.path.as_str(), change.size));
                    } else {
                        marks.insert(&change.path, change.change);
                    }
                }
            }
            for entry in &layer.entries {
                let id = tree.intern(&mut ids, &entry.path);
                let mark = marks.get(&*entry.path).map(|change| match change {
                    ChangeKind::Added => Mark::Added,
                    _ => Mark::Modified,
                });
                tree.set_version(
                    id,
                    Version {
                        layer: index,
                        kind: entry.kind,
                        size: entry.size,
                        mark,
                    },
                );
            }
            for (path, size) in removed {
                let id = tree.intern(&mut ids, path);
                let kind = tree.nodes[id as usize]
                    .versions
                    .last()
                    .map_or(Kind::Dir, |v| v.kind);
                tree.set_version(
                    id,
                    Version {
                        layer: index,
                        kind,
                        size,
                        mark: Some(Mark::Removed),
                    },
                );
            }
        }
        drop(ids);
        let mut children: Vec<Vec<NodeId>> = tree.nodes.iter().map(|_| Vec::new()).collect();
        for (id, node) in tree.nodes.iter().enumerate().skip(1) {
            children[node.parent as usize].push(id as NodeId);
        }
        for (mut list, id) in children.into_iter().zip(0..) {
            list.sort_by(|a, b| {
                tree.nodes[*a as usize]
                    .name
                    .cmp(&tree.nodes[*b as usize].name)
            });
            tree.nodes[id].children = list;
        }
        tree
    }

    /// The node of `path`, made with its missing parents.
    fn intern(&mut self, ids: &mut HashMap<Box<str>, NodeId>, path: &str) -> NodeId {
        if let Some(&id) = ids.get(path) {
            return id;
        }
        let (parent, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (self.intern(ids, dir), name),
            None => (0, path),
        };
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            name: name.into(),
            parent,
            children: Vec::new(),
            versions: Vec::new(),
        });
        ids.insert(path.into(), id);
        id
    }

    /// Records a layer's version of a node; a second word from the same layer replaces the first
    /// (the same path twice in one tar: the last copy is the one a container sees).
    fn set_version(&mut self, id: NodeId, version: Version) {
        let versions = &mut self.nodes[id as usize].versions;
        match versions.last_mut() {
            Some(last) if last.layer == version.layer => {
                // A removal never overrides what the same layer puts back.
                if version.mark != Some(Mark::Removed) || last.mark == Some(Mark::Removed) {
                    *last = version;
                }
            }
            _ => versions.push(version),
        }
    }

    /// How many layers the tree was built from.
    pub fn layer_count(&self) -> usize {
        self.layers
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// How `id` stands as of `layer`, `None` if it is not there and that layer did not remove
    /// it. A directory no layer lists stands as its children do, which the caller decides: it
    /// is given here as present, without a mark.
    pub fn state(&self, id: NodeId, layer: usize) -> Option<State> {
        let node = self.node(id);
        if node.versions.is_empty() {
            return Some(State {
                kind: Kind::Dir,
                size: 0,
                mark: None,
                present: true,
            });
        }
        let layer = layer as u32;
        let version = node.versions.iter().rev().find(|v| v.layer <= layer)?;
        let removed = version.mark == Some(Mark::Removed);
        if removed && version.layer != layer {
            return None;
        }
        Some(State {
            kind: version.kind,
            size: version.size,
            mark: version.mark.filter(|_| version.layer == layer),
            present: !removed,
        })
    }

    /// The full path of `id`, without a leading slash.
    pub fn path(&self, id: NodeId) -> String {
        let mut parts = Vec::new();
        let mut at = id;
        while at != 0 {
            let node = self.node(at);
            parts.push(&*node.name);
            at = node.parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The node of `path` (no leading slash), if some layer lists it.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        let mut at: NodeId = 0;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            let children = &self.node(at).children;
            let index = children
                .binary_search_by(|c| (*self.node(*c).name).cmp(part))
                .ok()?;
            at = children[index];
        }
        Some(at)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::analysis::analyze;
    use crate::layer::read_layer;
    use crate::tarball::Limits;
    use crate::testing::Tar;

    pub(crate) fn layer(tar: Tar) -> LayerFiles {
        let limits = Limits::default();
        read_layer(
            Vec::new(),
            Cursor::new(tar.finish()),
            "layer",
            &limits,
            limits.max_entries,
        )
        .unwrap()
    }

    pub(crate) fn tree_of(layers: &[LayerFiles]) -> (FileTree, Analysis) {
        let refs: Vec<&LayerFiles> = layers.iter().collect();
        let analysis = analyze(&refs, true);
        (FileTree::new(&refs, &analysis), analysis)
    }

    /// (path, letter or ' ', present) of every node present or removed as of `layer`, in order.
    fn listing(tree: &FileTree, layer: usize) -> Vec<(String, char, bool)> {
        let mut out = Vec::new();
        let mut stack = vec![0];
        while let Some(id) = stack.pop() {
            if id != 0 {
                match tree.state(id, layer) {
                    Some(state) => out.push((
                        tree.path(id),
                        state.mark.map_or(' ', Mark::letter),
                        state.present,
                    )),
                    None => continue,
                }
            }
            stack.extend(tree.node(id).children.iter().rev());
        }
        out
    }

    fn p(path: &str, mark: char, present: bool) -> (String, char, bool) {
        (path.to_owned(), mark, present)
    }

    #[test]
    fn each_layer_marks_what_it_adds_modifies_and_removes() {
        let (tree, _) = tree_of(&[
            layer(
                Tar::new()
                    .dir("etc")
                    .file("etc/hosts", b"a")
                    .file("etc/motd", b"hi"),
            ),
            layer(
                Tar::new()
                    .dir("etc")
                    .file("etc/hosts", b"bb")
                    .file("etc/.wh.motd", b"")
                    .file("etc/new", b"n"),
            ),
        ]);
        assert_eq!(
            listing(&tree, 0),
            [
                p("etc", 'A', true),
                p("etc/hosts", 'A', true),
                p("etc/motd", 'A', true)
            ]
        );
        assert_eq!(
            listing(&tree, 1),
            [
                p("etc", ' ', true),
                p("etc/hosts", 'M', true),
                p("etc/motd", 'R', false),
                p("etc/new", 'A', true)
            ]
        );
        let hosts = tree.find("etc/hosts").unwrap();
        assert_eq!(tree.state(hosts, 1).unwrap().size, 2);
        assert_eq!(tree.state(hosts, 0).unwrap().size, 1);
        assert_eq!(tree.path(hosts), "etc/hosts");
        assert_eq!(tree.find("etc/nothing"), None);
    }

    #[test]
    fn a_removed_path_is_gone_from_the_layers_above_and_can_come_back() {
        let (tree, _) = tree_of(&[
            layer(Tar::new().file("tmp/a", b"1")),
            layer(Tar::new().file("tmp/.wh.a", b"")),
            layer(Tar::new().file("other", b"")),
            layer(Tar::new().file("tmp/a", b"22")),
        ]);
        let a = tree.find("tmp/a").unwrap();
        assert_eq!(
            tree.state(a, 1).map(|s| (s.mark, s.present)),
            Some((Some(Mark::Removed), false))
        );
        assert_eq!(tree.state(a, 2), None);
        assert_eq!(tree.state(a, 3).map(|s| s.mark), Some(Some(Mark::Added)));
        // tmp is never listed by itself: it stands as its children do.
        let tmp = tree.find("tmp").unwrap();
        assert!(tree.node(tmp).versions.is_empty());
    }

    #[test]
    fn opaque_directories_and_files_over_directories_remove_what_was_below() {
        let (tree, _) = tree_of(&[
            layer(
                Tar::new()
                    .dir("cache")
                    .file("cache/old", b"o")
                    .dir("d")
                    .file("d/x", b"x"),
            ),
            layer(
                Tar::new()
                    .dir("cache")
                    .file("cache/.wh..wh..opq", b"")
                    .file("cache/new", b"n")
                    .file("d", b"now a file"),
            ),
        ]);
        assert_eq!(
            listing(&tree, 1),
            [
                p("cache", ' ', true),
                p("cache/new", 'A', true),
                p("cache/old", 'R', false),
                p("d", 'M', true),
                p("d/x", 'R', false)
            ]
        );
    }

    #[test]
    fn the_same_path_twice_in_a_layer_is_its_last_copy() {
        let (tree, analysis) = tree_of(&[layer(Tar::new().file("f", b"1").file("f", b"333"))]);
        let f = tree.find("f").unwrap();
        assert_eq!(tree.node(f).versions.len(), 1);
        assert_eq!(tree.state(f, 0).unwrap().size, 3);
        assert_eq!(analysis.wasted_bytes, 1);
    }

    #[test]
    fn names_that_are_not_utf8_are_kept_readable() {
        let mut bytes = Tar::new().file("caf\u{e9}", b"x").finish();
        // Turn the UTF-8 é (2 bytes) into Latin-1's single byte and a NUL-padded name.
        bytes[3] = 0xe9;
        bytes[4] = 0;
        let mut sum: u32 = 0;
        for (i, b) in bytes[..512].iter().enumerate() {
            sum += if (148..156).contains(&i) {
                32
            } else {
                *b as u32
            };
        }
        bytes[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        let limits = Limits::default();
        let files = read_layer(Vec::new(), Cursor::new(bytes), "l", &limits, 10).unwrap();
        let (tree, _) = tree_of(&[files]);
        assert_eq!(tree.path(1), "caf\u{fffd}");
    }
}
