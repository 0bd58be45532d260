//! The container test harness: a thin layer over the `docker` CLI so that each test reads like the
//! course ("build the image, run it as a student would, observe").
//!
//! Containers publish their ports on 127.0.0.1 only, get unique names, and are removed when their
//! [`Container`] is dropped, so a failing test leaves nothing running. A missing engine is a test
//! failure with a message saying how to get one, never a silent skip.

/// The browser tests' files on disk: the page when a test fails, the docs' pictures.
pub mod artifacts;
/// A cookie-keeping HTTP client that fills microblog's forms as a browser would (CSRF tokens
/// included), without running a page's script or laying it out: for that, see [`window`].
pub mod browser;
/// Debian's chromedriver as a process of the test, killed when done.
pub mod chromedriver;
/// Containers: run detached, publish, wait for health, exec, inspect, logs, stop, clean up.
pub mod container;
/// The course's handouts, followed command by command in a copy of the repository.
pub mod course;
/// Running `docker` and reading what it prints.
pub mod docker;
/// A small HTTP client for the published ports.
pub mod http;
/// Images: building with a tag (once per test process), inspecting, sizes.
pub mod image;
/// Layout checks on element boxes: nothing cut off, nothing overlapping.
pub mod layout;
/// A browser scenario as a test: on the binary and the container, at a laptop's and a phone's
/// width, with the page saved when it fails.
pub mod scenario;
/// Running the exercise scripts of `scripts/` and reading what they print.
pub mod script;
/// microblog for the browser tests: the real binary, or the 07-static image in a container.
pub mod site;
/// compose.yaml as a Compose project or a Swarm stack, and a load that counts failed requests.
pub mod stack;
/// A real Chromium window driven over WebDriver, with the checks every page must pass.
pub mod window;

pub use browser::{Browser, Page};
pub use container::{Container, RunOptions, Volume};
pub use image::Image;
pub use site::{Site, Target};
pub use window::Window;
