//! Embeds Debian's cows into the binary when they are there at build time, so that an image built
//! from scratch needs no other file. The binary always honours COWPATH at run time, and without
//! embedded cows it reads them from /usr/share/cowsay/cows like Debian's.
//!
//! `COWSAY_EMBED_COWS=DIR` embeds the `.cow` files of DIR instead of /usr/share/cowsay/cows;
//! `COWSAY_EMBED_COWS=` (empty) embeds none. Only the files' paths go into the generated code:
//! the cows themselves are read by `include_bytes!`, never copied into the repository.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const DEFAULT_DIR: &str = "/usr/share/cowsay/cows";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=COWSAY_EMBED_COWS");
    let dir = match env::var_os("COWSAY_EMBED_COWS") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(PathBuf::from(DEFAULT_DIR)),
    };
    let cows = dir.as_deref().map(cow_files).unwrap_or_default();

    let mut code =
        String::from("/// Cows embedded at build time: (name, path at build time, file).\n");
    code.push_str("pub static COWS: &[(&str, &str, &[u8])] = &[\n");
    for (name, path) in &cows {
        let path = path.to_str().expect("checked to be UTF-8");
        writeln!(code, "    ({name:?}, {path:?}, include_bytes!({path:?})),").unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("cows.rs");
    fs::write(&out, code).expect("cannot write the embedded cow list");

    match &dir {
        Some(dir) if cows.is_empty() => println!(
            "cargo:warning=no cow files in {}: the binary will read them at run time (COWPATH, or \
             {DEFAULT_DIR}); install Debian's cowsay package to embed them",
            dir.display()
        ),
        _ => {}
    }
}

/// The `.cow` files of `dir`, sorted by name; watches the directory (or, when it does not exist
/// yet, the nearest existing parent) so that installing the package triggers a rebuild.
fn cow_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let watched = dir.ancestors().find(|d| d.exists()).unwrap_or(dir);
    println!("cargo:rerun-if-changed={}", watched.display());
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut cows: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            if !path.is_file() {
                return None;
            }
            let name = path.file_name()?.to_str()?.strip_suffix(".cow")?.to_owned();
            path.to_str()?;
            Some((name, path))
        })
        .collect();
    cows.sort();
    for (_, path) in &cows {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    cows
}
