//! One browser scenario, run as a test: microblog started (binary or container), a Chromium
//! window at a width, the scenario's steps, and on failure the page as it was (screenshot and
//! HTML under `<target>/browser-failures/`, their paths in the message) with the end of the
//! app's log.
//!
//! A scenario is a function `fn(&Site, &Window)`; [`crate::in_chromium!`] makes the tests that
//! run it on both targets at both widths.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::artifacts::save_failure;
use crate::docker::tail;
use crate::site::{Site, Target};
use crate::window::Window;

/// A laptop's window and a phone's (an iPhone 12 to 15 is 390 CSS pixels wide).
pub const WIDTHS: [u32; 2] = [1280, 390];

/// Posts per page in the browser tests: few, so that paging needs few posts.
pub const POSTS_PER_PAGE: &str = "5";

/// A pause after each exported post, so that the export's progress shows on the page.
pub const EXPORT_PACE_MS: &str = "400";

/// Runs `scenario` named `name` on `target` in a window `width` pixels wide.
pub fn run(name: &str, target: Target, width: u32, scenario: fn(&Site, &Window)) {
    let site = Site::start(
        target,
        &[
            ("POSTS_PER_PAGE", POSTS_PER_PAGE),
            ("EXPORT_PACE_MS", EXPORT_PACE_MS),
        ],
    );
    // The docs' pictures come from the binary, one set of them.
    let window = Window::open(&site.origin, width, target == Target::Binary);
    let outcome = catch_unwind(AssertUnwindSafe(|| scenario(&site, &window)));
    if let Err(panic) = outcome {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "(a panic without a message)".into());
        let (png, html) = window.evidence();
        let target_name = match target {
            Target::Binary => "binary",
            Target::StaticImage => "07-static",
        };
        let saved = save_failure(&format!("{name}-{target_name}-{width}"), png, html);
        panic!(
            "browser scenario `{name}` on the {target_name} at {width} px failed:\n{message}\n\n\
             the page as it was: {}\nthe end of microblog's log:\n{}",
            saved.join(" and "),
            tail(&site.logs(), 15)
        );
    }
}

/// Makes, for each scenario function named, the tests `<scenario>::binary_at_1280`,
/// `binary_at_390`, `static_image_at_1280` and `static_image_at_390`.
#[macro_export]
macro_rules! in_chromium {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            use $crate::site::Target;

            fn run(target: Target, width: u32) {
                $crate::scenario::run(stringify!($scenario), target, width, super::$scenario)
            }

            #[test]
            fn binary_at_1280() {
                run(Target::Binary, 1280)
            }
            #[test]
            fn binary_at_390() {
                run(Target::Binary, 390)
            }
            #[test]
            fn static_image_at_1280() {
                run(Target::StaticImage, 1280)
            }
            #[test]
            fn static_image_at_390() {
                run(Target::StaticImage, 390)
            }
        }
    )*};
}
