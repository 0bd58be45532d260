use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in dissect, with a message a user can act on. Hostile or broken
/// input always ends here, never in a panic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open {path}: {source}")]
    Open { path: PathBuf, source: io::Error },
    #[error("`{0}` is not an image name `docker save` accepts")]
    BadImageName(String),
    #[error("cannot run `docker save {image}`: {source}")]
    DockerSpawn { image: String, source: io::Error },
    #[error("`docker save {image}` failed ({status}): {stderr}")]
    DockerSave {
        image: String,
        status: String,
        stderr: String,
    },
    #[error("reading {what}: {source}")]
    Read { what: String, source: io::Error },
    #[error("{what} ends early: the file is truncated")]
    Truncated { what: String },
    #[error("{what}: the headers of one entry (long name, PAX records) exceed {limit} bytes")]
    HugeHeader { what: String, limit: u64 },
    #[error("{what}: an entry name is {len} bytes long, over the {limit}-byte limit: `{start}…`")]
    LongName {
        what: String,
        len: usize,
        limit: usize,
        start: String,
    },
    #[error("{what}: the name `{name}` climbs out of the root with `..`")]
    PathEscapes { what: String, name: String },
    #[error("{what} has more than {limit} entries (raise --max-entries if it is genuine)")]
    TooManyEntries { what: String, limit: u64 },
    #[error("{name} is {size} bytes of JSON, over the {limit}-byte limit")]
    JsonTooBig { name: String, size: u64, limit: u64 },
    #[error("the archive holds more than {limit} bytes of JSON documents")]
    TooMuchJson { limit: u64 },
    #[error("{name} is not the JSON expected there: {source}")]
    BadJson {
        name: String,
        source: serde_json::Error,
    },
    #[error(
        "this is not a `docker save` archive: it has neither manifest.json nor index.json at its root"
    )]
    NotAnImageArchive,
    #[error("{what} names `{path}`, which is not in the archive")]
    Missing { what: String, path: String },
    #[error("{what} `{path}` cannot be used: {reason}")]
    Unusable {
        what: String,
        path: String,
        reason: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{origin}: {error}")]
    In { origin: String, error: Box<Error> },
    #[error("writing the report: {0}")]
    Output(io::Error),
    #[error("the terminal: {0}")]
    Terminal(io::Error),
}
