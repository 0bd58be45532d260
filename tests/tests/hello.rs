//! The multi-stage exercise of TP 2b: the same "Hello World" service built in one stage (the
//! toolchain ships with it) and in two stages onto distroless; both serve, one is tiny.

use std::time::Duration;

use container_tests::{Container, Image, RunOptions};

const STARTUP: Duration = Duration::from_secs(20);

fn single() -> Image {
    Image::build("hello", "hello")
}

fn distroless() -> Image {
    Image::build("hello-distroless", "hello-distroless")
}

fn says_hello_world(image: &Image) -> Container {
    let app = Container::run(image, RunOptions::publish(3000));
    let answer = app.get("/", STARTUP);
    assert_eq!((answer.status, answer.body.as_str()), (200, "Hello World"));
    let missing = app.get("/nope", STARTUP);
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Cannot GET /nope"),
        "{}",
        missing.body
    );
    app
}

#[test]
fn single_stage_image_serves_hello_world() {
    says_hello_world(&single());
}

#[test]
fn distroless_image_serves_hello_world_as_nonroot_without_a_shell() {
    let image = distroless();
    let app = says_hello_world(&image);
    assert_eq!(image.user(), "65532:65532");
    assert_eq!(app.process_uids(), vec![65532]);
    let sh = app.exec(&["/bin/sh", "-c", "true"]);
    assert!(!sh.status.success(), "a shell ran in the distroless image");
    app.stop();
    assert_eq!(app.exit_code(), 0, "{}", app.logs());
}

#[test]
fn multi_stage_image_is_a_small_fraction_of_the_single_stage_one() {
    let (single, small) = (single().size(), distroless().size());
    // The course's Node result is about 170 MB; ours must stay far below it.
    assert!(small < 10_000_000, "hello-distroless is {small} bytes");
    assert!(
        single > 50 * small,
        "single stage {single} bytes vs multi-stage {small} bytes"
    );
}
