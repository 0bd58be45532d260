//! A layer analyzer for `docker save` archives (TP 2b, "Décortiquer une image"): what each layer
//! of an image adds, changes and removes, and how many bytes are shipped for nothing, as `dive`
//! shows them, from a tarball, standard input or `docker save` itself.
//!
//! The archive is read in one streaming pass and only metadata is kept in memory, under caps
//! ([`tarball::Limits`]); nothing is ever written to disk.

/// Stacking layers: added, changed and removed paths, wasted bytes, efficiency.
pub mod analysis;
/// Reading a `docker save` archive, classic or OCI layout, into images and their layers.
pub mod archive;
/// `--ci`: thresholds on efficiency and waste, and their verdict.
pub mod ci;
/// The command line: options, subcommands, exit codes.
pub mod cli;
/// dive's own figures (its wasted bytes, efficiency, inefficient files), to set beside ours.
pub mod dive;
/// The error type of the crate.
pub mod error;
/// A layer's file list written to a file (the explorer's `x` key).
pub mod export;
/// The image's file tree indexed once, with each layer's version of every path and its mark.
pub mod filetree;
/// The explorer's keys, as dive's.
pub mod keys;
/// Reading one layer tar (plain or gzip) into its file list, whiteouts and opaque directories.
pub mod layer;
/// The JSON documents of an archive: manifest.json, OCI index and manifests, image config.
pub mod manifest;
/// Text tables and JSON-ready reports.
pub mod report;
/// Drawing the explorer with ratatui.
pub mod screen;
/// Where an archive comes from: a file, standard input, or a streaming `docker save`.
pub mod source;
/// Reading tar streams under caps: entry names, header sizes, entry counts, truncation.
pub mod tarball;
/// Running the explorer on a real terminal: raw mode, alternate screen, keys, resizes.
pub mod terminal;
/// Byte counts and percentages, printed and parsed.
pub mod units;
/// The explorer's state apart from any terminal: layer, pane, folds, filter, the file rows.
pub mod view;

#[cfg(test)]
mod testing;

pub use error::Error;
