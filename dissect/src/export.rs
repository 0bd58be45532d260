//! A layer's file list written to a file, what the explorer's `x` key does: one line per path the
//! layer adds (A), modifies (M) or removes (R), with its bytes, for a diff or a bug report.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::filetree::Mark;
use crate::view::View;
use crate::Error;

/// The file list of the selected layer, as text: a header line, then `A<TAB>bytes<TAB>/path`.
pub fn layer_list(view: &View) -> String {
    let mut out = String::new();
    let layer = view.image.layers.get(view.layer);
    let _ = writeln!(
        out,
        "# {} layer {} {}: {}",
        view.image.name,
        view.layer,
        layer.map_or("", |l| l.id.as_str()),
        layer.map_or("", |l| l.command.as_str()),
    );
    for (mark, path, bytes) in view.layer_changes() {
        let _ = writeln!(out, "{}\t{bytes}\t/{path}", Mark::letter(mark));
    }
    out
}

/// Writes [`layer_list`] into `dir` as `layer-N-ID.txt` (ID: 12 hex digits); returns its path.
pub fn write_layer_list(view: &View, dir: &Path) -> Result<PathBuf, Error> {
    let id = view
        .image
        .layers
        .get(view.layer)
        .map(|l| {
            l.id.strip_prefix("sha256:")
                .unwrap_or(&l.id)
                .chars()
                .take(12)
                .collect::<String>()
        })
        .unwrap_or_default();
    let name: String = format!("layer-{}-{id}.txt", view.layer)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, layer_list(view)).map_err(|source| Error::Open {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::tests::sample;

    #[test]
    fn the_list_has_every_change_of_the_layer() {
        let mut view = sample();
        view.select_layer(1);
        let dir = tempfile::tempdir().unwrap();
        let path = write_layer_list(&view, dir.path()).unwrap();
        assert_eq!(path.file_name().unwrap(), "layer-1-000000000000.txt");
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            "# test:latest layer 1 sha256:0000000000000000000000000000000000000000000000000000000000000001: RUN apt-get install app\n\
             A\t0\t/tmp\n\
             A\t500\t/tmp/cache\n\
             A\t1000\t/usr/bin/app\n\
             M\t60\t/usr/bin/ls\n"
        );
        let missing = dir.path().join("no/such/dir");
        assert!(matches!(
            write_layer_list(&view, &missing),
            Err(Error::Open { .. })
        ));
    }
}
