//! 06-distroless: distroless/cc, no shell, non-root, healthy.

use crate::rungs::{assert_no_shell, health_follows_the_app, DISTROLESS, HEALTHCHECK};

#[test]
fn has_no_shell() {
    assert_no_shell(DISTROLESS);
}

#[test]
fn health_goes_starting_healthy_then_unhealthy_when_the_app_hangs() {
    health_follows_the_app(DISTROLESS);
}

#[test]
fn runs_as_nonroot_and_is_smaller_than_05() {
    assert_eq!(DISTROLESS.image().user(), "65532:65532");
    let (distroless, slim) = (DISTROLESS.image().size(), HEALTHCHECK.image().size());
    assert!(distroless < slim, "06 is {distroless} bytes, 05 {slim}");
}
