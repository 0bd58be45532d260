use std::path::Path;

use crate::cli::SectionArgs;
use crate::Error;

/// `text` with the lines between `<!-- bench-all:NAME -->` and `<!-- /bench-all:NAME -->`
/// replaced by `content` (the marker lines stay), or `None` when the opening marker is missing.
/// Without a closing marker, everything after the opening one is replaced.
pub fn replace(text: &str, name: &str, content: &str) -> Option<String> {
    let open = format!("<!-- bench-all:{name} -->");
    let close = format!("<!-- /bench-all:{name} -->");
    let mut out = String::with_capacity(text.len() + content.len());
    let mut found = false;
    let mut skipping = false;
    for line in text.lines() {
        if line == open {
            found = true;
            skipping = true;
            out.push_str(line);
            out.push('\n');
            for kept in content.lines() {
                out.push_str(kept);
                out.push('\n');
            }
            continue;
        }
        if line == close {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    found.then_some(out)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// `xtask replace-section`: rewrites the document in place.
pub fn run(args: &SectionArgs) -> Result<(), Error> {
    let text = read(&args.doc)?;
    let content = read(&args.content)?;
    let replaced = replace(&text, &args.name, &content).ok_or_else(|| Error::NoMarker {
        path: args.doc.clone(),
        marker: format!("<!-- bench-all:{} -->", args.name),
    })?;
    std::fs::write(&args.doc, replaced).map_err(|source| Error::Write {
        path: args.doc.clone(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_section_changes() {
        let doc = "# Benchmarks\n<!-- bench-all:http -->\nold\nrows\n<!-- /bench-all:http -->\ntext\n<!-- bench-all:cowsay -->\nkept\n<!-- /bench-all:cowsay -->\n";
        let new = replace(doc, "http", "\nnew table\n\n").unwrap();
        assert_eq!(
            new,
            "# Benchmarks\n<!-- bench-all:http -->\n\nnew table\n\n<!-- /bench-all:http -->\ntext\n<!-- bench-all:cowsay -->\nkept\n<!-- /bench-all:cowsay -->\n"
        );
        assert_eq!(replace(doc, "startup", "x"), None);
    }

    #[test]
    fn the_repository_document_has_every_section() {
        let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/benchmarks.md");
        let text = std::fs::read_to_string(doc).unwrap();
        for name in ["http", "startup", "cowsay"] {
            let same = replace(&text, name, "").map(|t| t.len() <= text.len());
            assert_eq!(same, Some(true), "{name}");
        }
    }
}
