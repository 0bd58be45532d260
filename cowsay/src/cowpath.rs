//! Finding cows: the directories of COWPATH, like Debian, and the cows built into the binary,
//! which stand in for the default directory when it is not on disk (in a `FROM scratch` image).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Debian's cow directory: COWPATH when it is unset or empty.
pub const DEFAULT_DIR: &str = "/usr/share/cowsay/cows";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/cows.rs"));
}

/// The names of the cows built into this binary (empty when it was built without them).
pub fn builtin_names() -> Vec<&'static str> {
    embedded::COWS.iter().map(|&(name, _, _)| name).collect()
}

/// The built-in cow `name` (`.cow` optional), as Debian's file.
pub fn builtin(name: &str) -> Option<&'static [u8]> {
    let name = name.strip_suffix(".cow").unwrap_or(name);
    embedded::COWS
        .iter()
        .find(|&&(n, _, _)| n == name)
        .map(|&(_, _, bytes)| bytes)
}

/// A cow file's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub text: String,
}

/// The colon-separated directories where cows are looked up by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowPath {
    dirs: Vec<PathBuf>,
}

fn read(path: PathBuf) -> Result<Found, Error> {
    match fs::read(&path) {
        Ok(bytes) => Ok(Found {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            path,
        }),
        Err(source) => Err(Error::ReadCow { path, source }),
    }
}

fn is_default(dir: &Path) -> bool {
    dir == Path::new(DEFAULT_DIR)
}

impl CowPath {
    /// From the value of COWPATH (unset or empty: the default directory).
    pub fn new(cowpath: Option<&OsStr>) -> CowPath {
        let value = match cowpath {
            Some(v) if !v.is_empty() => v.to_owned(),
            _ => OsString::from(DEFAULT_DIR),
        };
        let value = value.to_string_lossy().into_owned();
        CowPath {
            dirs: value
                .split(':')
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .collect(),
        }
    }

    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// `-f COWFILE`: a path when it has a `/`, else `NAME` or `NAME.cow` in each directory in
    /// turn (the built-in cows answering for the default directory).
    pub fn find(&self, cowfile: &OsStr) -> Result<Found, Error> {
        let text = cowfile.to_string_lossy();
        if text.contains('/') {
            return read(PathBuf::from(cowfile));
        }
        for dir in &self.dirs {
            let mut with_suffix = cowfile.to_owned();
            with_suffix.push(".cow");
            for candidate in [dir.join(cowfile), dir.join(&with_suffix)] {
                if candidate.is_file() {
                    return read(candidate);
                }
            }
            if let Some(bytes) = builtin(&text).filter(|_| is_default(dir)) {
                let name = text.strip_suffix(".cow").unwrap_or(&text);
                return Ok(Found {
                    path: dir.join(format!("{name}.cow")),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                });
            }
        }
        Err(Error::UnknownCow {
            suggestions: self.close_names(&text),
            name: text.into_owned(),
        })
    }

    /// The cow names in `dir`, sorted (the built-in ones for the default directory when it is
    /// not on disk).
    pub fn names_in(&self, dir: &Path) -> Result<Vec<String>, Error> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(_) if is_default(dir) && !embedded::COWS.is_empty() => {
                return Ok(builtin_names().into_iter().map(String::from).collect());
            }
            Err(source) => {
                return Err(Error::ListCows {
                    dir: dir.to_owned(),
                    source,
                })
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".cow").map(String::from)
            })
            .collect();
        names.sort();
        Ok(names)
    }

    /// Every cow name reachable, for suggestions.
    fn all_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .dirs
            .iter()
            .flat_map(|d| self.names_in(d).unwrap_or_default())
            .collect();
        if self.dirs.iter().any(|d| is_default(d)) {
            names.extend(builtin_names().into_iter().map(String::from));
        }
        names.sort();
        names.dedup();
        names
    }

    /// Up to five names close to `wanted`, the closest first.
    pub fn close_names(&self, wanted: &str) -> Vec<String> {
        close_names(wanted, &self.all_names())
    }
}

/// Names that contain `wanted` (or are contained in it), or are spelled nearly like it.
pub fn close_names(wanted: &str, names: &[String]) -> Vec<String> {
    let wanted = wanted.strip_suffix(".cow").unwrap_or(wanted).to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let contains =
                wanted.len() >= 3 && (lower.contains(&wanted) || wanted.contains(&lower));
            let score = strsim::jaro_winkler(&wanted, &lower).max(if contains { 0.9 } else { 0.0 });
            (score >= 0.8).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(5).map(|(_, n)| n.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    fn io_error_kind(e: &Error) -> Option<io::ErrorKind> {
        match e {
            Error::ListCows { source, .. } | Error::ReadCow { source, .. } => Some(source.kind()),
            _ => None,
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cowsay-unit-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn cowpath_defaults_and_splits() {
        assert_eq!(CowPath::new(None).dirs(), [PathBuf::from(DEFAULT_DIR)]);
        assert_eq!(
            CowPath::new(Some(OsStr::new(""))).dirs(),
            [PathBuf::from(DEFAULT_DIR)]
        );
        let path = CowPath::new(Some(OsStr::new("/a:/b::")));
        assert_eq!(path.dirs(), [PathBuf::from("/a"), PathBuf::from("/b")]);
    }

    #[test]
    fn finds_by_name_with_or_without_suffix_in_order() {
        let first = temp_dir("first");
        let second = temp_dir("second");
        fs::write(first.join("moo.cow"), "$the_cow = 'first';").unwrap();
        fs::write(second.join("moo.cow"), "$the_cow = 'second';").unwrap();
        fs::write(second.join("plain"), "$the_cow = 'plain';").unwrap();
        let value = format!("{}:{}", first.display(), second.display());
        let path = CowPath::new(Some(OsStr::new(&value)));
        assert_eq!(
            path.find(OsStr::new("moo")).unwrap().path,
            first.join("moo.cow")
        );
        assert_eq!(
            path.find(OsStr::new("moo.cow")).unwrap().path,
            first.join("moo.cow")
        );
        assert_eq!(
            path.find(OsStr::new("plain")).unwrap().text,
            "$the_cow = 'plain';"
        );
        assert_eq!(path.names_in(&second).unwrap(), ["moo"]);
        let by_path = second.join("moo.cow");
        assert!(path
            .find(by_path.as_os_str())
            .unwrap()
            .text
            .contains("second"));
        match path.find(OsStr::new("mooo")) {
            Err(Error::UnknownCow { name, suggestions }) => {
                assert_eq!(name, "mooo");
                assert_eq!(suggestions, ["moo"]);
            }
            other => panic!("{other:?}"),
        }
        let missing = first.join("nope.cow");
        let err = path.find(missing.as_os_str()).unwrap_err();
        assert_eq!(io_error_kind(&err), Some(io::ErrorKind::NotFound));
        let err = path.names_in(&first.join("nope")).unwrap_err();
        assert_eq!(io_error_kind(&err), Some(io::ErrorKind::NotFound));
        fs::remove_dir_all(first).unwrap();
        fs::remove_dir_all(second).unwrap();
    }

    #[test]
    fn suggestions_are_close_names() {
        let all = names(&[
            "elephant",
            "elephant-in-snake",
            "stegosaurus",
            "tux",
            "default",
        ]);
        assert_eq!(close_names("stegosorus", &all), ["stegosaurus"]);
        assert_eq!(
            close_names("elephant.cow", &all),
            ["elephant", "elephant-in-snake"]
        );
        assert_eq!(close_names("Tux", &all), ["tux"]);
        assert!(close_names("zzz", &all).is_empty());
        assert!(close_names("", &all).is_empty());
    }
}
