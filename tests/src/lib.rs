//! The container test harness: a thin layer over the `docker` CLI so that each test reads like the
//! course ("build the image, run it as a student would, observe").
//!
//! Containers publish their ports on 127.0.0.1 only, get unique names, and are removed when their
//! [`Container`] is dropped, so a failing test leaves nothing running. A missing engine is a test
//! failure with a message saying how to get one, never a silent skip.

/// A cookie-keeping browser for microblog's pages and forms (CSRF tokens included).
pub mod browser;
/// Containers: run detached, publish, wait for health, exec, inspect, logs, stop, clean up.
pub mod container;
/// Running `docker` and reading what it prints.
pub mod docker;
/// A small HTTP client for the published ports.
pub mod http;
/// Images: building with a tag (once per test process), inspecting, sizes.
pub mod image;
/// Running the exercise scripts of `scripts/` and reading what they print.
pub mod script;

pub use browser::{Browser, Page};
pub use container::{Container, RunOptions, Volume};
pub use image::Image;
