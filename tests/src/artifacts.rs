//! What the browser tests leave on disk: the page as it was when a test failed (a screenshot and
//! its HTML, so the failure can be seen), and the pictures of the docs when asked for.

use std::path::{Path, PathBuf};

/// The environment variable that asks the browser tests for the docs' pictures: the folder
/// they are written to (`scripts/screenshots.sh` sets it to `docs/screenshots`).
pub const PICTURES_VARIABLE: &str = "MICROBLOG_SCREENSHOTS";

/// `<target>/browser-failures`: beside the test binaries, where `cargo clean` removes them.
pub fn failures_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // <target>/<profile>/deps/<test binary>
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(std::env::temp_dir, Path::to_path_buf);
    target.join("browser-failures")
}

/// Saves `<name>.png` and `<name>.html` in [`failures_dir`], returning their paths (or what went
/// wrong, as text: this runs while a test is failing and must not hide why).
pub fn save_failure(name: &str, png: Option<Vec<u8>>, html: Option<String>) -> Vec<String> {
    let dir = failures_dir();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return vec![format!("(cannot create {}: {e})", dir.display())];
    }
    let mut saved = Vec::new();
    let mut write = |extension: &str, bytes: Option<&[u8]>| {
        let path = dir.join(format!("{name}.{extension}"));
        match bytes.map(|bytes| std::fs::write(&path, bytes)) {
            Some(Ok(())) => saved.push(path.display().to_string()),
            Some(Err(e)) => saved.push(format!("(cannot write {}: {e})", path.display())),
            None => saved.push(format!("(no {extension}: the browser did not answer)")),
        }
    };
    write("png", png.as_deref());
    write("html", html.as_deref().map(str::as_bytes));
    saved
}

/// The folder the docs' pictures go to, when [`PICTURES_VARIABLE`] asks for them.
pub fn pictures_dir() -> Option<PathBuf> {
    let dir = std::env::var_os(PICTURES_VARIABLE).filter(|dir| !dir.is_empty())?;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    Some(dir)
}
