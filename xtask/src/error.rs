use std::path::PathBuf;

/// Everything that can go wrong in an xtask, with what to do about it where there is something.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot run `docker {command}` ({source}): is Docker installed? (scripts/engine.sh)")]
    DockerMissing {
        command: String,
        source: std::io::Error,
    },
    #[error("`docker {command}` failed: {stderr}")]
    Docker { command: String, stderr: String },
    #[error("{path}, line {line}: {reason}")]
    Measurements {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("dissect compare failed: {0}")]
    Dissect(String),
    #[error("{0}")]
    Seed(String),
    #[error("{0}")]
    Wait(String),
    #[error("{0}")]
    Bench(String),
    #[error("no `{marker}` line in {path}")]
    NoMarker { path: PathBuf, marker: String },
}
