use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;

use flate2::read::MultiGzDecoder;

use crate::archive::{read_archive, Archive};
use crate::tarball::{drain, Limits};
use crate::Error;

/// Where a `docker save` archive comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A tarball written by `docker save -o` (or `docker save > file`), maybe gzip-compressed.
    File(PathBuf),
    /// Standard input: `docker save IMAGE | dissect -`.
    Stdin,
    /// An image of the local engine: dissect runs `docker save IMAGE` and reads its output.
    Docker(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Stdin => f.write_str("standard input"),
            Source::Docker(image) => write!(f, "docker save {image}"),
        }
    }
}

/// The read buffer: big reads keep a 1 GB stream quick.
const BUFFER: usize = 1 << 20;
/// The most of `docker save`'s standard error kept for an error message.
const MAX_STDERR: u64 = 16 * 1024;

impl Source {
    /// The image `image` of the local engine; without a tag or digest it means `:latest`, as for
    /// `docker run` and `docker image history` (`docker save NAME` alone would save every tag).
    pub fn docker(image: &str) -> Source {
        let last = image.rsplit('/').next().unwrap_or(image);
        if image.is_empty() || last.contains(':') || image.contains('@') {
            Source::Docker(image.to_owned())
        } else {
            Source::Docker(format!("{image}:latest"))
        }
    }

    /// Reads the whole archive in one streaming pass, keeping only metadata.
    pub fn load(&self, limits: &Limits) -> Result<Archive, Error> {
        match self {
            Source::File(path) => {
                let file = File::open(path).map_err(|source| Error::Open {
                    path: path.clone(),
                    source,
                })?;
                read_maybe_gzip(BufReader::with_capacity(BUFFER, file), limits)
            }
            Source::Stdin => {
                read_maybe_gzip(BufReader::with_capacity(BUFFER, io::stdin().lock()), limits)
            }
            Source::Docker(image) => docker_save(image, limits),
        }
    }
}

/// Reads an archive, gunzipping it first if it starts like gzip (`docker save IMAGE | gzip`).
fn read_maybe_gzip(mut reader: impl BufRead, limits: &Limits) -> Result<Archive, Error> {
    let head = reader.fill_buf().map_err(|source| Error::Read {
        what: "the archive".into(),
        source,
    })?;
    if head.starts_with(&[0x1f, 0x8b]) {
        read_archive(BufReader::new(MultiGzDecoder::new(reader)), limits)
    } else {
        read_archive(reader, limits)
    }
}

/// Runs `docker save IMAGE` and reads its standard output as it comes: no temporary file.
fn docker_save(image: &str, limits: &Limits) -> Result<Archive, Error> {
    if image.is_empty() || image.starts_with('-') || image.chars().any(char::is_whitespace) {
        return Err(Error::BadImageName(image.to_owned()));
    }
    let mut child = Command::new("docker")
        .args(["save", image])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::DockerSpawn {
            image: image.to_owned(),
            source,
        })?;
    let stderr = child.stderr.take().map(|stderr| {
        thread::spawn(move || {
            let mut text = String::new();
            let mut limited = stderr.take(MAX_STDERR);
            let _ = limited.read_to_string(&mut text);
            // Keep the pipe flowing past the cap so docker never blocks on it.
            let _ = drain(&mut limited.into_inner());
            text
        })
    });
    let result = match child.stdout.take() {
        Some(stdout) => {
            let mut reader = BufReader::with_capacity(BUFFER, stdout);
            let result = read_archive(&mut reader, limits);
            // Read what follows the end of the archive, so that docker does not fail on a closed
            // pipe; stop it instead if the archive was refused.
            if result.is_ok() {
                let _ = drain(&mut reader);
            } else {
                let _ = child.kill();
            }
            result
        }
        None => Err(Error::Invalid("docker save gave no output pipe".into())),
    };
    let status = child.wait().map_err(|source| Error::DockerSpawn {
        image: image.to_owned(),
        source,
    })?;
    let stderr = stderr
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default();
    // docker's own complaint (no such image…) explains an empty or cut stream best.
    if !status.success() && (result.is_ok() || !stderr.trim().is_empty()) {
        return Err(Error::DockerSave {
            image: image.to_owned(),
            status: status.to_string(),
            stderr: stderr.trim().to_owned(),
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::testing::{classic_archive, gzip, Tar};

    #[test]
    fn image_names_without_a_tag_mean_latest() {
        let name = |image: &str| match Source::docker(image) {
            Source::Docker(name) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(name("healthapp"), "healthapp:latest");
        assert_eq!(name("rust:1-slim-bookworm"), "rust:1-slim-bookworm");
        assert_eq!(name("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(
            name("gcr.io/distroless/static-debian12"),
            "gcr.io/distroless/static-debian12:latest"
        );
        assert_eq!(name("app@sha256:abc"), "app@sha256:abc");
    }

    #[test]
    fn a_gzip_compressed_archive_is_read_too() {
        let layer = Tar::new().file("f", b"x").finish();
        let archive = classic_archive(&[layer], &[("RUN x", false)]);
        for bytes in [archive.clone(), gzip(&archive)] {
            let read = read_maybe_gzip(Cursor::new(bytes), &Limits::default()).unwrap();
            assert_eq!(read.images().unwrap()[0].name, "test:latest");
        }
    }

    #[test]
    fn refuses_image_names_that_would_be_options() {
        for bad in ["", "-o", "--output=/etc/passwd", "a b"] {
            assert!(matches!(
                docker_save(bad, &Limits::default()),
                Err(Error::BadImageName(_))
            ));
        }
    }
}
