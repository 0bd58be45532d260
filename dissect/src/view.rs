//! The explorer's state, apart from any terminal: the image and its layers, the selected layer
//! and pane, folded folders, the path filter and the kinds of change shown, and the rows the file
//! pane shows as of the selected layer. Every action is a method, so the whole explorer is tested
//! without a screen.

use crate::analysis::{Analysis, LayerStats, WastedFile};
use crate::archive::SavedImage;
use crate::dive::DiveFigures;
use crate::filetree::{FileTree, Mark, NodeId};
use crate::layer::{Kind, LayerFiles};

/// One layer as the layers pane lists it.
#[derive(Debug, Clone)]
pub struct LayerInfo {
    pub id: String,
    pub command: String,
    pub stats: LayerStats,
}

/// What the details pane says about the whole image.
#[derive(Debug, Clone)]
pub struct ImageInfo {
    pub name: String,
    /// Where it was read from (a path, or `docker save NAME`).
    pub source: String,
    pub layers: Vec<LayerInfo>,
    pub total_bytes: u64,
    pub wasted_bytes: u64,
    pub wasted_percent: f64,
    pub efficiency: f64,
    pub final_files: u64,
    /// Every wasted path, most bytes first.
    pub wasted_files: Vec<WastedFile>,
    /// The same image as dive counts it, to set beside ours.
    pub dive: DiveFigures,
}

/// The pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Layers,
    Files,
}

/// Which rows the file pane shows, by what the selected layer did to them (dive's Ctrl-A, Ctrl-R,
/// Ctrl-M, Ctrl-U).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub added: bool,
    pub removed: bool,
    pub modified: bool,
    pub unmodified: bool,
}

impl Shown {
    fn allows(self, mark: Option<Mark>) -> bool {
        match mark {
            Some(Mark::Added) => self.added,
            Some(Mark::Removed) => self.removed,
            Some(Mark::Modified) => self.modified,
            None => self.unmodified,
        }
    }
}

/// One line of the file pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub node: NodeId,
    /// 0 for the children of the root.
    pub depth: usize,
    /// The row of its parent folder, `None` at the top.
    pub parent_row: Option<usize>,
    /// Whether it is the last of its folder's rows (for the tree's guide lines).
    pub last: bool,
    pub kind: Kind,
    /// Its bytes; for a folder, those of every file a container sees below it.
    pub size: u64,
    /// What the selected layer did to it; a folder whose content changed is `Modified`.
    pub mark: Option<Mark>,
    /// A folder with rows below it (folded or not).
    pub has_children: bool,
    pub folded: bool,
}

/// Everything the explorer shows and remembers.
#[derive(Debug)]
pub struct View {
    pub image: ImageInfo,
    pub tree: FileTree,
    pub pane: Pane,
    /// The selected layer: the file pane shows the image as of this layer.
    pub layer: usize,
    pub shown: Shown,
    /// Rows whose path (with a leading `/`) contains this text, and their folders.
    pub filter: String,
    /// Keys are typed into the filter.
    pub editing_filter: bool,
    folded: Vec<bool>,
    pub rows: Vec<Row>,
    /// The row under the cursor in the file pane.
    pub cursor: usize,
    /// The first row and layer shown; the screen keeps the cursors in view.
    pub files_offset: usize,
    pub layers_offset: usize,
    /// Every image explored in this session, this one included, when there are several.
    pub peers: Vec<Peer>,
    /// For each layer: whether another image of the session has it too (same layer id).
    pub shared: Vec<bool>,
}

/// One image of a session of several, as the details pane compares them.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub name: String,
    pub total_bytes: u64,
    pub layers: usize,
    pub files: u64,
    pub wasted_bytes: u64,
    pub efficiency: f64,
    /// Whether it is the image of the view that holds this list.
    pub current: bool,
}

/// Lets each of `views` compare itself with the others: the list of every image, and which of
/// its layers another image shares (a base in common).
pub fn compare(views: &mut [View]) {
    if views.len() < 2 {
        return;
    }
    let peers: Vec<Peer> = views
        .iter()
        .map(|v| Peer {
            name: v.image.name.clone(),
            total_bytes: v.image.total_bytes,
            layers: v.image.layers.len(),
            files: v.image.final_files,
            wasted_bytes: v.image.wasted_bytes,
            efficiency: v.image.efficiency,
            current: false,
        })
        .collect();
    let ids: Vec<std::collections::HashSet<String>> = views
        .iter()
        .map(|v| v.image.layers.iter().map(|l| l.id.clone()).collect())
        .collect();
    for (i, view) in views.iter_mut().enumerate() {
        view.peers = peers.clone();
        view.peers[i].current = true;
        view.shared = view
            .image
            .layers
            .iter()
            .map(|l| {
                ids.iter()
                    .enumerate()
                    .any(|(j, set)| j != i && set.contains(&l.id))
            })
            .collect();
    }
}

impl View {
    /// The explorer on `image`, whose layers are indexed once here; `source` says where the
    /// archive came from.
    pub fn new(source: &str, image: &SavedImage<'_>) -> View {
        let layers: Vec<&LayerFiles> = image.layers.iter().map(|l| l.files).collect();
        let mut analysis = crate::analysis::analyze(&layers, true);
        let tree = FileTree::new(&layers, &analysis);
        let dive = DiveFigures::of(&layers);
        for stats in &mut analysis.layers {
            stats.changes = Vec::new();
        }
        let info = image_info(source, image, analysis, dive);
        View::from_parts(info, tree)
    }

    fn from_parts(image: ImageInfo, tree: FileTree) -> View {
        let nodes = tree.nodes.len();
        let mut view = View {
            image,
            tree,
            pane: Pane::Layers,
            layer: 0,
            shown: Shown {
                added: true,
                removed: true,
                modified: true,
                unmodified: true,
            },
            filter: String::new(),
            editing_filter: false,
            folded: vec![false; nodes],
            rows: Vec::new(),
            cursor: 0,
            files_offset: 0,
            layers_offset: 0,
            peers: Vec::new(),
            shared: Vec::new(),
        };
        view.rebuild();
        view
    }

    /// The rows of the file pane again, after a change of layer, filter, folds or kinds shown;
    /// the cursor stays on its node when it is still shown.
    pub fn rebuild(&mut self) {
        let at = self.rows.get(self.cursor).map(|r| r.node);
        let mut rows = Vec::new();
        let filter = self.filter.clone();
        let mut path = String::new();
        self.walk(0, None, 0, &filter, &mut path, &mut rows);
        self.rows = rows;
        self.cursor = at
            .and_then(|node| self.rows.iter().position(|r| r.node == node))
            .unwrap_or(self.cursor)
            .min(self.rows.len().saturating_sub(1));
    }

    /// Adds the rows below `id` (whose row is `row`) to `rows`; returns the bytes a container
    /// sees below it, whether any row was added, whether the layer changed anything below it,
    /// and whether all it has below was added by the layer.
    fn walk(
        &self,
        id: NodeId,
        row: Option<usize>,
        depth: usize,
        filter: &str,
        path: &mut String,
        rows: &mut Vec<Row>,
    ) -> (u64, bool, bool, bool) {
        let mut bytes = 0u64;
        let mut any_row = false;
        let mut any_change = false;
        let mut all_added = true;
        let folded = row.is_some_and(|r| rows[r].folded);
        let mut last_child_row = None;
        for &child in &self.tree.node(id).children {
            let Some(state) = self.tree.state(child, self.layer) else {
                continue;
            };
            let name_start = path.len();
            path.push('/');
            path.push_str(&self.tree.node(child).name);
            let index = rows.len();
            rows.push(Row {
                node: child,
                depth,
                parent_row: row,
                last: false,
                kind: state.kind,
                size: state.size,
                mark: state.mark,
                has_children: false,
                folded: self.folded[child as usize],
            });
            let (below, has_rows, changed_below, added_below) = if state.kind == Kind::Dir {
                self.walk(child, Some(index), depth + 1, filter, path, rows)
            } else {
                (0, false, false, true)
            };
            // A folder no layer lists is new when all below it is.
            let implied = self.tree.node(child).versions.is_empty();
            let own_match = filter.is_empty() || path.contains(filter);
            let leaf = !self
                .tree
                .node(child)
                .children
                .iter()
                .any(|c| self.tree.state(*c, self.layer).is_some());
            let entry = &mut rows[index];
            if state.kind == Kind::Dir {
                entry.size = below;
                entry.has_children = has_rows;
                if entry.mark.is_none() && changed_below {
                    entry.mark = Some(if implied && added_below {
                        Mark::Added
                    } else {
                        Mark::Modified
                    });
                }
            }
            let keep = has_rows
                || (own_match && self.shown.allows(state.mark) && (leaf || state.mark.is_some()));
            path.truncate(name_start);
            if state.present {
                bytes = bytes.saturating_add(if state.kind == Kind::Dir {
                    below
                } else {
                    state.size
                });
            }
            any_change |= state.mark.is_some() || changed_below;
            let added = if implied {
                changed_below && added_below
            } else {
                state.mark == Some(Mark::Added) && added_below
            };
            all_added &= added;
            if keep {
                any_row = true;
                if folded {
                    rows.truncate(index);
                } else {
                    last_child_row = Some(index);
                }
            } else {
                rows.truncate(index);
            }
        }
        if let Some(last) = last_child_row {
            rows[last].last = true;
        }
        (bytes, any_row, any_change, all_added)
    }

    /// Selects layer `layer` (clamped to the image's).
    pub fn select_layer(&mut self, layer: usize) {
        let layer = layer.min(self.image.layers.len().saturating_sub(1));
        if layer != self.layer {
            self.layer = layer;
            self.rebuild();
        }
    }

    /// Moves the cursor of the focused pane by `delta` rows (or layers).
    pub fn move_by(&mut self, delta: isize) {
        match self.pane {
            Pane::Layers => self.select_layer(self.layer.saturating_add_signed(delta)),
            Pane::Files => {
                let last = self.rows.len().saturating_sub(1);
                self.cursor = self.cursor.saturating_add_signed(delta).min(last);
            }
        }
    }

    /// Moves to the first (`false`) or last (`true`) row or layer.
    pub fn move_to_end(&mut self, end: bool) {
        let delta = if end { isize::MAX } else { isize::MIN };
        self.move_by(delta);
    }

    pub fn switch_pane(&mut self) {
        self.pane = match self.pane {
            Pane::Layers => Pane::Files,
            Pane::Files => Pane::Layers,
        };
    }

    /// Folds or unfolds the folder under the cursor (on a file, its folder).
    pub fn toggle_fold(&mut self) {
        let Some(row) = self.rows.get(self.cursor) else {
            return;
        };
        let target = if row.kind == Kind::Dir {
            Some(self.cursor)
        } else {
            row.parent_row
        };
        if let Some(target) = target {
            let node = self.rows[target].node as usize;
            self.folded[node] = !self.folded[node];
            self.cursor = target;
            self.rebuild();
        }
    }

    /// Folds every folder, or unfolds them all when every shown folder is folded already.
    pub fn toggle_fold_all(&mut self) {
        let fold = self
            .rows
            .iter()
            .any(|r| r.kind == Kind::Dir && r.has_children && !r.folded);
        for (id, folded) in self.folded.iter_mut().enumerate() {
            if self.tree.nodes[id].children.is_empty() {
                continue;
            }
            *folded = fold;
        }
        self.rebuild();
    }

    /// Shows or hides one kind of change (`'A'`, `'R'`, `'M'`, or `'U'` for unmodified).
    pub fn toggle_shown(&mut self, which: char) {
        let flag = match which {
            'A' => &mut self.shown.added,
            'R' => &mut self.shown.removed,
            'M' => &mut self.shown.modified,
            'U' => &mut self.shown.unmodified,
            _ => return,
        };
        *flag = !*flag;
        self.rebuild();
    }

    /// Whether only what the selected layer changed is shown (dive's "hide unmodified").
    pub fn only_changes(&self) -> bool {
        !self.shown.unmodified
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_owned();
        self.rebuild();
    }

    /// A key typed while editing the filter.
    pub fn filter_push(&mut self, c: char) {
        self.filter.push(c);
        self.rebuild();
    }

    pub fn filter_pop(&mut self) {
        self.filter.pop();
        self.rebuild();
    }

    /// What the selected layer adds, modifies and removes: (mark, path, bytes), by path.
    pub fn layer_changes(&self) -> Vec<(Mark, String, u64)> {
        let mut out = Vec::new();
        for (id, _) in self.tree.nodes.iter().enumerate().skip(1) {
            let id = id as NodeId;
            if let Some(state) = self.tree.state(id, self.layer) {
                if let Some(mark) = state.mark {
                    out.push((mark, self.tree.path(id), state.size));
                }
            }
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }
}

fn image_info(
    source: &str,
    image: &SavedImage<'_>,
    analysis: Analysis,
    dive: DiveFigures,
) -> ImageInfo {
    let efficiency = analysis.efficiency();
    let wasted_percent = analysis.wasted_percent();
    let layers = image
        .layers
        .iter()
        .zip(analysis.layers)
        .map(|(layer, stats)| LayerInfo {
            id: layer.id.clone(),
            command: layer.command.clone(),
            stats,
        })
        .collect();
    ImageInfo {
        name: image.name.clone(),
        source: source.to_owned(),
        layers,
        total_bytes: analysis.total_bytes,
        wasted_bytes: analysis.wasted_bytes,
        wasted_percent,
        efficiency,
        final_files: analysis.final_files,
        wasted_files: analysis.wasted_files,
        dive,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::archive::{Layout, SavedLayer};
    use crate::filetree::tests::layer;
    use crate::testing::Tar;

    /// The explorer on `layers`, each made by the command beside it.
    pub(crate) fn view_of(layers: Vec<(&str, Tar)>) -> View {
        let (commands, tars): (Vec<&str>, Vec<Tar>) = layers.into_iter().unzip();
        let files: Vec<LayerFiles> = tars.into_iter().map(layer).collect();
        let saved = SavedImage {
            name: "test:latest".into(),
            layout: Layout::Classic,
            layers: files
                .iter()
                .zip(commands)
                .enumerate()
                .map(|(i, (files, command))| SavedLayer {
                    id: format!("sha256:{i:064}"),
                    command: command.to_owned(),
                    files,
                })
                .collect(),
        };
        View::new("test.tar", &saved)
    }

    /// The file pane as text: indentation, letter, name, size.
    pub(crate) fn lines(view: &View) -> Vec<String> {
        view.rows
            .iter()
            .map(|r| {
                format!(
                    "{}{} {}{}{} {}",
                    "  ".repeat(r.depth),
                    r.mark.map_or(' ', Mark::letter),
                    view.tree.node(r.node).name,
                    if r.kind == Kind::Dir { "/" } else { "" },
                    if r.folded { "+" } else { "" },
                    r.size
                )
            })
            .collect()
    }

    pub(crate) fn sample() -> View {
        view_of(vec![
            (
                "debootstrap",
                Tar::new()
                    .dir("etc")
                    .file("etc/hosts", b"127.0.0.1")
                    .dir("usr")
                    .dir("usr/bin")
                    .file("usr/bin/sh", &[0; 100])
                    .file("usr/bin/ls", &[0; 50]),
            ),
            (
                "RUN apt-get install app",
                Tar::new()
                    .dir("usr")
                    .dir("usr/bin")
                    .file("usr/bin/app", &[0; 1000])
                    .file("usr/bin/ls", &[0; 60])
                    .dir("tmp")
                    .file("tmp/cache", &[0; 500]),
            ),
            (
                "RUN rm -rf /tmp/cache",
                Tar::new().dir("tmp").file("tmp/.wh.cache", b""),
            ),
            ("ENV EMPTY=layer", Tar::new()),
        ])
    }

    #[test]
    fn the_tree_follows_the_selected_layer_with_its_marks() {
        let mut view = sample();
        assert_eq!(
            lines(&view),
            [
                "A etc/ 9",
                "  A hosts 9",
                "A usr/ 150",
                "  A bin/ 150",
                "    A ls 50",
                "    A sh 100",
            ]
        );
        view.select_layer(1);
        assert_eq!(
            lines(&view),
            [
                "  etc/ 9",
                "    hosts 9",
                "A tmp/ 500",
                "  A cache 500",
                "M usr/ 1160",
                "  M bin/ 1160",
                "    A app 1000",
                "    M ls 60",
                "      sh 100",
            ]
        );
        view.select_layer(2);
        assert_eq!(
            lines(&view)[2..4],
            ["M tmp/ 0".to_owned(), "  R cache 500".to_owned()]
        );
        view.select_layer(3);
        assert_eq!(lines(&view).len(), 8, "the empty layer changes nothing");
        assert!(view.rows.iter().all(|r| r.mark.is_none()));
        assert!(!lines(&view).iter().any(|l| l.contains("cache")));
    }

    #[test]
    fn only_changes_hides_what_the_layer_did_not_touch() {
        let mut view = sample();
        view.select_layer(1);
        view.toggle_shown('U');
        assert!(view.only_changes());
        assert_eq!(
            lines(&view),
            [
                "A tmp/ 500",
                "  A cache 500",
                "M usr/ 1160",
                "  M bin/ 1160",
                "    A app 1000",
                "    M ls 60",
            ]
        );
        view.toggle_shown('A');
        assert_eq!(
            lines(&view),
            ["M usr/ 1160", "  M bin/ 1160", "    M ls 60"]
        );
        view.select_layer(3);
        assert!(view.rows.is_empty(), "{:?}", lines(&view));
        view.toggle_shown('x');
    }

    #[test]
    fn the_filter_keeps_matching_paths_and_their_folders() {
        let mut view = sample();
        view.select_layer(1);
        view.set_filter("/usr/bin/a");
        assert_eq!(
            lines(&view),
            ["M usr/ 1160", "  M bin/ 1160", "    A app 1000"]
        );
        view.set_filter("nothing matches");
        assert!(view.rows.is_empty());
        view.set_filter("");
        assert_eq!(view.rows.len(), 9);
    }

    #[test]
    fn folding_hides_a_folders_rows_and_keeps_its_size() {
        let mut view = sample();
        view.select_layer(1);
        view.pane = Pane::Files;
        view.move_by(4);
        assert_eq!(view.tree.path(view.rows[view.cursor].node), "usr");
        view.toggle_fold();
        assert_eq!(
            lines(&view),
            [
                "  etc/ 9",
                "    hosts 9",
                "A tmp/ 500",
                "  A cache 500",
                "M usr/+ 1160"
            ]
        );
        view.toggle_fold();
        assert_eq!(view.rows.len(), 9);
        // On a file, space folds its folder and the cursor goes there.
        view.move_by(2);
        assert_eq!(view.tree.path(view.rows[view.cursor].node), "usr/bin/app");
        view.toggle_fold();
        assert_eq!(view.tree.path(view.rows[view.cursor].node), "usr/bin");
        assert!(view.rows[view.cursor].folded);
        view.toggle_fold_all();
        assert_eq!(lines(&view), ["  etc/+ 9", "A tmp/+ 500", "M usr/+ 1160"]);
        view.toggle_fold_all();
        assert_eq!(view.rows.len(), 9);
    }

    #[test]
    fn the_cursor_stays_on_its_file_across_layers_and_within_bounds() {
        let mut view = sample();
        view.pane = Pane::Files;
        view.move_to_end(true);
        assert_eq!(view.tree.path(view.rows[view.cursor].node), "usr/bin/sh");
        view.select_layer(1);
        assert_eq!(view.tree.path(view.rows[view.cursor].node), "usr/bin/sh");
        view.move_by(-100);
        assert_eq!(view.cursor, 0);
        view.pane = Pane::Layers;
        view.move_by(100);
        assert_eq!(view.layer, 3);
        view.move_to_end(false);
        assert_eq!(view.layer, 0);
        view.switch_pane();
        assert_eq!(view.pane, Pane::Files);
    }

    #[test]
    fn the_image_details_and_a_layers_changes() {
        let mut view = sample();
        assert_eq!(view.image.layers.len(), 4);
        assert_eq!(view.image.layers[1].command, "RUN apt-get install app");
        assert_eq!(view.image.wasted_bytes, 50 + 500);
        assert_eq!(view.image.wasted_files[0].path, "tmp/cache");
        assert_eq!(view.image.total_bytes, 9 + 150 + 1560);
        view.select_layer(2);
        assert_eq!(
            view.layer_changes(),
            [(Mark::Removed, "tmp/cache".to_owned(), 500)]
        );
    }

    #[test]
    fn images_compared_share_their_base_layers() {
        let base = || Tar::new().file("bin/sh", &[0; 100]);
        let mut views = vec![
            view_of(vec![
                ("base", base()),
                ("RUN one", Tar::new().file("a", b"1")),
            ]),
            view_of(vec![("base", base())]),
            view_of(vec![("other", Tar::new().file("z", b"z"))]),
        ];
        views[1].image.name = "base:latest".into();
        // view_of numbers its layers: make the third image's layer its own.
        views[2].image.layers[0].id = "sha256:other".into();
        compare(&mut views);
        assert_eq!(views[0].shared, [true, false]);
        assert_eq!(views[1].shared, [true]);
        assert_eq!(views[2].shared, [false]);
        assert_eq!(views[1].peers.len(), 3);
        assert!(views[1].peers[1].current && !views[1].peers[0].current);
        assert_eq!(views[1].peers[1].name, "base:latest");
        let mut alone = vec![sample()];
        compare(&mut alone);
        assert!(alone[0].peers.is_empty() && alone[0].shared.is_empty());
    }

    #[test]
    fn folders_no_layer_lists_are_added_with_their_files_then_modified() {
        let mut view = view_of(vec![
            ("one", Tar::new().file("opt/new/file", b"1")),
            ("two", Tar::new().file("opt/other", b"22")),
        ]);
        assert_eq!(lines(&view), ["A opt/ 1", "  A new/ 1", "    A file 1"]);
        view.select_layer(1);
        assert_eq!(
            lines(&view),
            ["M opt/ 3", "    new/ 1", "      file 1", "  A other 2"]
        );
    }

    #[test]
    fn the_deepest_path_a_layer_may_hold_is_drawn() {
        // 4096 bytes, the longest name dissect reads: 2048 nested folders.
        let deep = "d/".repeat(2047) + "f";
        let view = view_of(vec![("deep", Tar::new().file(&deep, b"x"))]);
        assert_eq!(view.rows.len(), 2048);
        assert_eq!(view.rows[2047].depth, 2047);
        let mut view = view;
        let text = crate::screen::screenshot(&mut view, 80, 10).unwrap();
        assert_eq!(text.lines().count(), 10);
    }

    #[test]
    fn an_image_without_layers_has_no_rows() {
        let mut view = view_of(Vec::new());
        assert!(view.rows.is_empty());
        view.pane = Pane::Files;
        view.move_by(3);
        view.toggle_fold();
        view.toggle_fold_all();
        view.select_layer(5);
        assert_eq!((view.cursor, view.layer), (0, 0));
    }
}
