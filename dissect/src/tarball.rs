use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use crate::Error;

/// Caps that keep a hostile archive from exhausting memory. Nothing is ever written to disk, so
/// these bound everything dissect keeps.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Entries across all layers of one archive (each costs its path in memory).
    pub max_entries: u64,
    /// Entries of the `docker save` archive itself.
    pub max_archive_entries: u64,
    /// Bytes read for the headers of one entry: long name, long link name, PAX records.
    pub max_header_bytes: u64,
    /// Bytes of one entry name.
    pub max_path: usize,
    /// Bytes of one JSON document (manifest, index, image config).
    pub max_json: u64,
    /// Bytes of all JSON documents kept from one archive.
    pub max_json_total: u64,
    /// Layers of one image, and images of one archive.
    pub max_layers: usize,
}

/// The default for [`Limits::max_entries`]; the 1.3 GB rust image has about 30,000 entries.
pub const DEFAULT_MAX_ENTRIES: u64 = 2_000_000;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: DEFAULT_MAX_ENTRIES,
            max_archive_entries: 100_000,
            max_header_bytes: 1 << 20,
            max_path: 4096,
            max_json: 16 << 20,
            max_json_total: 64 << 20,
            max_layers: 1000,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct GuardState {
    /// Bytes still allowed while the tar reader is between entries; `None` while an entry's data
    /// is read, which is bounded by the entry's size.
    budget: Option<u64>,
    /// The budget ran out: one entry's headers are too big.
    tripped: bool,
    /// The stream ended where more was expected.
    eof: bool,
}

/// A reader that lets the tar crate read at most a budget of bytes for the headers of one entry
/// (it would otherwise read a long name or PAX record of any size into memory), and notes an
/// early end of stream (the tar crate takes an end at a block boundary for the end of the archive).
pub struct Guarded<R> {
    inner: R,
    state: Rc<Cell<GuardState>>,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut state = self.state.get();
        let want = match state.budget {
            Some(0) if !buf.is_empty() => {
                state.tripped = true;
                self.state.set(state);
                return Err(io::Error::other("entry headers over the limit"));
            }
            Some(left) => buf.len().min(usize::try_from(left).unwrap_or(usize::MAX)),
            None => buf.len(),
        };
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 && want > 0 {
            state.eof = true;
        }
        if let Some(left) = state.budget.as_mut() {
            *left -= n as u64;
        }
        self.state.set(state);
        Ok(n)
    }
}

/// A tar entry as [`each_entry`] hands it out.
pub type Entry<'a, R> = tar::Entry<'a, Guarded<R>>;

/// Reads the tar stream `reader` (called `what` in errors) entry by entry, handing each one with
/// its normalized path (see [`normalize`]) to `visit`, then skipping whatever `visit` left unread.
/// Returns the number of entries. At most `max_entries` entries, each name at most
/// `limits.max_path` bytes, each entry's headers at most `limits.max_header_bytes`.
pub fn each_entry<R: Read>(
    reader: R,
    what: &str,
    limits: &Limits,
    max_entries: u64,
    mut visit: impl FnMut(&mut Entry<'_, R>, String) -> Result<(), Error>,
) -> Result<u64, Error> {
    let state = Rc::new(Cell::new(GuardState::default()));
    let set_budget = |budget| {
        let mut now = state.get();
        now.budget = budget;
        state.set(now);
    };
    let failure = |e: io::Error| {
        let now = state.get();
        if now.tripped {
            Error::HugeHeader {
                what: what.to_owned(),
                limit: limits.max_header_bytes,
            }
        } else if now.eof || e.kind() == io::ErrorKind::UnexpectedEof {
            Error::Truncated {
                what: what.to_owned(),
            }
        } else {
            Error::Read {
                what: what.to_owned(),
                source: e,
            }
        }
    };
    let mut archive = tar::Archive::new(Guarded {
        inner: reader,
        state: Rc::clone(&state),
    });
    let mut entries = archive.entries().map_err(failure)?;
    let mut count = 0u64;
    loop {
        set_budget(Some(limits.max_header_bytes));
        let next = entries.next();
        set_budget(None);
        let mut entry = match next {
            None if state.get().eof => return Err(failure(io::ErrorKind::UnexpectedEof.into())),
            None => return Ok(count),
            Some(result) => result.map_err(failure)?,
        };
        count += 1;
        if count > max_entries {
            return Err(Error::TooManyEntries {
                what: what.to_owned(),
                limit: max_entries,
            });
        }
        let path = normalize(&entry.path_bytes(), what, limits.max_path)?;
        if let Some(path) = path {
            if let Err(e) = visit(&mut entry, path) {
                return Err(if state.get().eof {
                    failure(io::ErrorKind::UnexpectedEof.into())
                } else {
                    e
                });
            }
        }
        drain(&mut entry).map_err(failure)?;
        if state.get().eof {
            return Err(failure(io::ErrorKind::UnexpectedEof.into()));
        }
    }
}

/// Reads `reader` to its end, keeping nothing.
pub fn drain(reader: &mut impl Read) -> io::Result<u64> {
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => total += n as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// An entry name as a relative path without `.` or `..` components or slashes at either end, as
/// the engine would resolve it: `None` for the root itself, an error for a name that climbs out
/// of the root or is too long.
pub fn normalize(name: &[u8], what: &str, max_path: usize) -> Result<Option<String>, Error> {
    if name.len() > max_path {
        let start = String::from_utf8_lossy(&name[..name.len().min(60)]).into_owned();
        return Err(Error::LongName {
            what: what.to_owned(),
            len: name.len(),
            limit: max_path,
            start,
        });
    }
    let text = String::from_utf8_lossy(name);
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Error::PathEscapes {
                        what: what.to_owned(),
                        name: text.into_owned(),
                    });
                }
            }
            _ => parts.push(part),
        }
    }
    Ok((!parts.is_empty()).then(|| parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names_and_refuses_to_climb_out() {
        let n = |name: &str| normalize(name.as_bytes(), "t", 4096);
        assert_eq!(n("./etc/passwd").unwrap().as_deref(), Some("etc/passwd"));
        assert_eq!(n("/usr//bin/./ls/").unwrap().as_deref(), Some("usr/bin/ls"));
        assert_eq!(n("./").unwrap(), None);
        assert_eq!(n("a/../b").unwrap().as_deref(), Some("b"));
        assert_eq!(n("").unwrap(), None);
        for bad in ["../etc/passwd", "a/../../b", "/..", "a/b/../../../c"] {
            assert!(
                matches!(n(bad), Err(Error::PathEscapes { .. })),
                "{bad} accepted"
            );
        }
        let long = "a/".repeat(3000);
        assert!(matches!(
            normalize(long.as_bytes(), "t", 4096),
            Err(Error::LongName { len: 6000, .. })
        ));
    }
}
