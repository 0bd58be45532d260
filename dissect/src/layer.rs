use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;
use serde::Serialize;

use crate::tarball::{self, Limits};
use crate::Error;

/// What the first bytes of a blob say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Starts with `{` or `[`: a manifest, an index or an image config.
    Json,
    /// A tar stream: an uncompressed layer.
    Tar,
    /// gzip: a compressed layer (OCI `tar+gzip`).
    Gzip,
    /// zstd: a compressed layer dissect cannot read.
    Zstd,
    /// Anything else.
    Unknown,
}

/// How many bytes [`sniff`] wants to see (fewer is fine for a shorter blob).
pub const SNIFF_BYTES: usize = 512;

/// Tells JSON, tar, gzip and zstd apart by their first bytes.
pub fn sniff(head: &[u8]) -> Sniffed {
    match head {
        [0x1f, 0x8b, ..] => Sniffed::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Sniffed::Zstd,
        _ => match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Sniffed::Json,
            _ if is_tar_block(head) => Sniffed::Tar,
            _ => Sniffed::Unknown,
        },
    }
}

/// Whether `head` starts with a tar header with a valid checksum, or with the zero block that
/// ends an (empty) archive.
fn is_tar_block(head: &[u8]) -> bool {
    let Some(block) = head.get(..512) else {
        return false;
    };
    if block.iter().all(|&b| b == 0) {
        return true;
    }
    let stored = std::str::from_utf8(&block[148..156])
        .ok()
        .map(|s| s.trim_matches(|c: char| c == '\0' || c == ' '))
        .and_then(|s| u32::from_str_radix(s, 8).ok());
    let sum: u32 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                b as u32
            }
        })
        .sum();
    stored == Some(sum)
}

/// The type of a file in a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Hardlink,
    /// Devices and FIFOs.
    Other,
}

/// One file of a layer: only what the analysis needs, never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub path: Box<str>,
    pub kind: Kind,
    /// Content bytes (0 but for regular files).
    pub size: u64,
}

/// The metadata of one layer tar: its files, in archive order, and what it deletes from the
/// layers below.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerFiles {
    pub entries: Vec<FileEntry>,
    /// Paths deleted by whiteout files (`dir/.wh.name` deletes `dir/name`).
    pub whiteouts: Vec<Box<str>>,
    /// Directories whose content below is hidden by an opaque whiteout (`dir/.wh..wh..opq`); the
    /// empty path is the root.
    pub opaque_dirs: Vec<Box<str>>,
    /// Whether the blob was gzip-compressed.
    pub gzip: bool,
}

impl LayerFiles {
    /// Content bytes of the layer's regular files.
    pub fn bytes(&self) -> u64 {
        self.entries
            .iter()
            .fold(0u64, |sum, e| sum.saturating_add(e.size))
    }

    /// Entries that are not directories (whiteouts are not entries).
    pub fn file_count(&self) -> u64 {
        self.entries.iter().filter(|e| e.kind != Kind::Dir).count() as u64
    }

    /// Entries, whiteouts and opaque markers: what the layer costs in memory.
    pub fn len(&self) -> u64 {
        (self.entries.len() + self.whiteouts.len() + self.opaque_dirs.len()) as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

const WHITEOUT: &str = ".wh.";
const OPAQUE: &str = ".wh..wh..opq";

/// Reads a layer blob called `what`, plain tar or gzip-compressed tar: `head` holds its first
/// bytes, already read to sniff it, and `rest` the others. Keeps at most `max_entries` entries.
pub fn read_layer(
    head: Vec<u8>,
    rest: impl Read,
    what: &str,
    limits: &Limits,
    max_entries: u64,
) -> Result<LayerFiles, Error> {
    let gzip = sniff(&head) == Sniffed::Gzip;
    let stream = Cursor::new(head).chain(rest);
    let reader: Box<dyn Read + '_> = if gzip {
        Box::new(MultiGzDecoder::new(stream))
    } else {
        Box::new(stream)
    };
    let mut layer = LayerFiles {
        gzip,
        ..LayerFiles::default()
    };
    tarball::each_entry(reader, what, limits, max_entries, |entry, path| {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (dir, name),
            None => ("", path.as_str()),
        };
        if name == OPAQUE {
            layer.opaque_dirs.push(dir.into());
            return Ok(());
        }
        if let Some(hidden) = name.strip_prefix(WHITEOUT) {
            // `.wh..wh.*` other than the opaque marker are aufs bookkeeping: nothing to delete.
            if !hidden.is_empty() && !hidden.starts_with(WHITEOUT) {
                let deleted = if dir.is_empty() {
                    hidden.to_owned()
                } else {
                    format!("{dir}/{hidden}")
                };
                layer.whiteouts.push(deleted.into());
            }
            return Ok(());
        }
        let header = entry.header();
        let kind = match header.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                Kind::File
            }
            tar::EntryType::Directory => Kind::Dir,
            tar::EntryType::Symlink => Kind::Symlink,
            tar::EntryType::Link => Kind::Hardlink,
            tar::EntryType::Char | tar::EntryType::Block | tar::EntryType::Fifo => Kind::Other,
            // PAX global headers and unknown types carry no file.
            _ => return Ok(()),
        };
        let size = if kind == Kind::File { entry.size() } else { 0 };
        layer.entries.push(FileEntry {
            path: path.into(),
            kind,
            size,
        });
        Ok(())
    })?;
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{gzip, Tar};

    fn read(bytes: Vec<u8>, limits: &Limits) -> Result<LayerFiles, Error> {
        let split = bytes.len().min(SNIFF_BYTES);
        let mut head = bytes;
        let rest = head.split_off(split);
        read_layer(head, Cursor::new(rest), "layer", limits, limits.max_entries)
    }

    #[test]
    fn sniffs_json_tar_gzip_and_zstd() {
        let tar = Tar::new().file("a", b"x").finish();
        assert_eq!(sniff(&tar), Sniffed::Tar);
        assert_eq!(sniff(&gzip(&tar)), Sniffed::Gzip);
        assert_eq!(sniff(b"  {\"a\":1}"), Sniffed::Json);
        assert_eq!(sniff(&[0x28, 0xb5, 0x2f, 0xfd, 0]), Sniffed::Zstd);
        assert_eq!(sniff(&[0u8; 1024]), Sniffed::Tar);
        assert_eq!(sniff(b"hello"), Sniffed::Unknown);
        assert_eq!(sniff(&[7u8; 512]), Sniffed::Unknown);
    }

    #[test]
    fn reads_files_dirs_links_and_whiteouts() {
        let tar = Tar::new()
            .dir("etc")
            .file("etc/hosts", b"127.0.0.1 localhost\n")
            .symlink("etc/alias", "hosts")
            .file("etc/.wh.motd", b"")
            .file("var/cache/.wh..wh..opq", b"")
            .file(".wh..wh..plnk", b"")
            .file(".wh.tmp", b"")
            .finish();
        for bytes in [tar.clone(), gzip(&tar)] {
            let layer = read(bytes, &Limits::default()).unwrap();
            let paths: Vec<(&str, Kind, u64)> = layer
                .entries
                .iter()
                .map(|e| (&*e.path, e.kind, e.size))
                .collect();
            assert_eq!(
                paths,
                [
                    ("etc", Kind::Dir, 0),
                    ("etc/hosts", Kind::File, 20),
                    ("etc/alias", Kind::Symlink, 0)
                ]
            );
            assert_eq!(layer.whiteouts, ["etc/motd".into(), "tmp".into()]);
            assert_eq!(layer.opaque_dirs, ["var/cache".into()]);
            assert_eq!((layer.bytes(), layer.file_count()), (20, 2));
        }
    }

    #[test]
    fn a_root_opaque_marker_hides_everything() {
        let tar = Tar::new().file("./.wh..wh..opq", b"").finish();
        let layer = read(tar, &Limits::default()).unwrap();
        assert_eq!(layer.opaque_dirs, ["".into()]);
    }

    #[test]
    fn hostile_layers_are_clear_errors() {
        let limits = Limits {
            max_header_bytes: 8192,
            max_path: 256,
            ..Limits::default()
        };
        let escape = Tar::new().file("../../etc/cron.d/evil", b"x").finish();
        assert!(matches!(
            read(escape, &limits),
            Err(Error::PathEscapes { .. })
        ));
        let long = Tar::new().file(&"d/".repeat(200), b"x").finish();
        assert!(matches!(read(long, &limits), Err(Error::LongName { .. })));
        let huge = Tar::new().file(&"d/".repeat(10_000), b"x").finish();
        assert!(matches!(read(huge, &limits), Err(Error::HugeHeader { .. })));
        let mut truncated = Tar::new().file("big", &[1u8; 5000]).finish();
        truncated.truncate(2048);
        assert!(matches!(
            read(truncated, &limits),
            Err(Error::Truncated { .. })
        ));
        let mut no_end = Tar::new().file("a", b"x").finish();
        no_end.truncate(1024);
        assert!(matches!(
            read(no_end, &limits),
            Err(Error::Truncated { .. })
        ));
        let mut bad_checksum = Tar::new().file("a", b"x").finish();
        bad_checksum[0] ^= 1;
        assert!(matches!(
            read(bad_checksum, &limits),
            Err(Error::Read { .. })
        ));
        let many = (0..20).fold(Tar::new(), |t, i| t.file(&format!("f{i}"), b""));
        let few = Limits {
            max_entries: 10,
            ..limits
        };
        assert!(matches!(
            read(many.finish(), &few),
            Err(Error::TooManyEntries { limit: 10, .. })
        ));
    }

    #[test]
    fn absurd_sizes_are_truncation_not_allocation() {
        let mut tar = Tar::new().file("a", b"x").finish();
        // Claim an 8 GiB-ish file in the octal size field and fix the checksum.
        tar[124..136].copy_from_slice(b"77777777777\0");
        let sum: u32 = tar[..512]
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    b as u32
                }
            })
            .sum();
        tar[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        assert!(matches!(
            read(tar, &Limits::default()),
            Err(Error::Truncated { .. })
        ));
    }
}
