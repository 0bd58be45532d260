//! What every rung must do, whatever it adds: a test per rung for each check, named
//! `every_rung::<check>::<rung>`.

use std::sync::Mutex;
use std::time::Duration;

use container_tests::{Browser, Image, RunOptions, Volume};

use crate::rungs::{self, assert_serves, sign_up_and_post, Rung};

macro_rules! for_every_rung {
    ($check:ident) => {
        mod $check {
            use crate::rungs::*;
            #[test]
            fn r01_naive() {
                super::$check(NAIVE)
            }
            #[test]
            fn r02_cache() {
                super::$check(CACHE)
            }
            #[test]
            fn r03_slim() {
                super::$check(SLIM)
            }
            #[test]
            fn r04_nonroot() {
                super::$check(NONROOT)
            }
            #[test]
            fn r05_healthcheck() {
                super::$check(HEALTHCHECK)
            }
            #[test]
            fn r06_distroless() {
                super::$check(DISTROLESS)
            }
            #[test]
            fn r07_static() {
                super::$check(STATIC)
            }
        }
    };
}

for_every_rung!(prod_by_default_dev_on_request);
for_every_rung!(two_instances_on_5000_and_5001);
for_every_rung!(runs_as_its_user_and_writes_its_database);
for_every_rung!(keeps_its_data_in_a_volume);
for_every_rung!(stops_promptly_on_sigterm);
for_every_rung!(has_oci_labels_and_exec_form);
for_every_rung!(shell_and_healthcheck_as_the_rung_says);
for_every_rung!(builds_with_buildkit_too);

/// `CONTEXT` defaults to PROD; `-e CONTEXT=DEV` starts the development server; the logs say which.
fn prod_by_default_dev_on_request(rung: Rung) {
    let prod = rung.start();
    let dev = rung.run(RunOptions {
        env: vec!["CONTEXT=DEV".into()],
        ..RunOptions::default()
    });
    assert_serves(&dev);
    let (prod_logs, dev_logs) = (prod.logs(), dev.logs());
    assert!(
        prod_logs.contains("Running Production Server") && !prod_logs.contains("Development"),
        "{prod_logs}"
    );
    assert!(
        dev_logs.contains("Running Development Server"),
        "{dev_logs}"
    );
    // DEV logs at debug level, PROD at info.
    assert!(dev_logs.contains("DEBUG"), "{dev_logs}");
    assert!(!prod_logs.contains("DEBUG"), "{prod_logs}");
}

/// The course's two instances: `-p 5000:5000` and `-p 5001:5000` (on 127.0.0.1), both serve.
fn two_instances_on_5000_and_5001(rung: Rung) {
    // The host ports are fixed: one rung at a time.
    static PORTS: Mutex<()> = Mutex::new(());
    let image = rung.image();
    let _ports = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let on = |host_port: u16| {
        rungs::run_image(
            &image,
            RunOptions {
                host_port: Some(host_port),
                ..RunOptions::default()
            },
        )
    };
    let first = on(5000);
    let second = on(5001);
    assert_eq!(first.host_port(), 5000);
    assert_eq!(second.host_port(), 5001);
    assert_serves(&first);
    assert_serves(&second);
    // Two apps, two databases: a user of one is unknown to the other.
    sign_up_and_post(&first, "susan", "on 5000");
    let mut other = Browser::new(&second.url(""));
    other
        .log_in("susan", "correct horse battery")
        .assert_has("Invalid username or password");
}

/// Every process of the container runs as the rung's user, and the app writes its database.
fn runs_as_its_user_and_writes_its_database(rung: Rung) {
    let app = rung.start();
    let expected = rung.runs_as.uid();
    let uids = app.process_uids();
    assert!(!uids.is_empty());
    assert!(
        uids.iter().all(|&uid| uid == expected),
        "{}: processes run as {uids:?}, expected uid {expected}",
        rung.file
    );
    sign_up_and_post(&app, "writer", "written by uid");
}

/// Data in a volume outlives the container: `docker rm`, a new container on the same volume,
/// and the user and the post are still there.
fn keeps_its_data_in_a_volume(rung: Rung) {
    let volume = Volume::create("data");
    let with_volume = || RunOptions {
        flags: volume.mount(rung.data_dir).to_vec(),
        ..RunOptions::default()
    };
    let first = rung.run(with_volume());
    assert_serves(&first);
    sign_up_and_post(&first, "keeper", "kept in a volume");
    drop(first); // docker rm -f -v: the named volume stays

    let second = rung.run(with_volume());
    assert_serves(&second);
    let mut browser = Browser::new(&second.url(""));
    browser
        .log_in("keeper", "correct horse battery")
        .assert_has("Hi, keeper!")
        .assert_has("kept in a volume");
}

/// SIGTERM reaches the app (exec-form CMD, `exec` in boot.sh), which stops at once and cleanly:
/// `docker stop` does not wait out its 10-second grace period.
fn stops_promptly_on_sigterm(rung: Rung) {
    let app = rung.start();
    let took = app.stop();
    assert!(
        took < Duration::from_secs(2),
        "{}: docker stop took {took:?}\n{}",
        rung.file,
        app.logs()
    );
    assert_eq!(app.exit_code(), 0, "{}", app.logs());
    assert!(app.logs().contains("SIGTERM received"), "{}", app.logs());
}

/// The OCI labels of the spec, and CMD/ENTRYPOINT in exec form (a JSON array, no `/bin/sh -c`).
fn has_oci_labels_and_exec_form(rung: Rung) {
    let image = rung.image();
    let labels: serde_json::Value =
        serde_json::from_str(&image.inspect("{{json .Config.Labels}}")).expect("labels as JSON");
    let label = |name: &str| labels[format!("org.opencontainers.image.{name}")].as_str();
    assert_eq!(label("title"), Some("microblog"));
    assert_eq!(label("licenses"), Some("MIT"));
    let description = label("description").unwrap_or_default();
    assert!(
        description.contains(&format!("rung {}", &rung.file[..2])),
        "{description}"
    );
    // Given at build time (--build-arg SOURCE_URL=…, as scripts/build-ladder.sh does).
    assert!(label("source").is_some(), "no source label in {labels}");
    let command = image.inspect("{{json .Config.Entrypoint}} {{json .Config.Cmd}}");
    assert!(!command.contains("/bin/sh"), "{}: {command}", rung.file);
}

/// A shell up to 05, none after; a HEALTHCHECK from 05 on.
fn shell_and_healthcheck_as_the_rung_says(rung: Rung) {
    let image = rung.image();
    assert_eq!(
        image.healthcheck().is_some(),
        rung.has_healthcheck,
        "{}: {}",
        rung.file,
        image.inspect("{{json .Config.Healthcheck}}")
    );
    let app = rung.start();
    let shell = app.exec(&["sh", "-c", "echo a shell"]);
    assert_eq!(shell.status.success(), rung.has_shell, "{}", rung.file);
}

/// BuildKit (Engine 20.10+) builds the rung too, and the result serves.
fn builds_with_buildkit_too(rung: Rung) {
    let image = Image::build_with_buildkit(rung.file, &format!("{}-buildkit", rung.tag()));
    let app = rungs::run_image(&image, RunOptions::default());
    assert_serves(&app);
}
