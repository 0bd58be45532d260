//! The base images every Dockerfile names, as `scripts/seed-base-images.sh` leaves them: present
//! under each name, and, where they are local stand-ins, labelled and shaped like the real ones.

use std::process::Command;
use std::time::Duration;

use container_tests::docker::{docker, docker_output, repo_root};
use container_tests::{Container, Image, RunOptions, Volume};

fn existing(tag: &str) -> Image {
    let out = docker_output(&["image", "inspect", tag]);
    assert!(
        out.status.success(),
        "{tag} is missing: run scripts/seed-base-images.sh"
    );
    Image {
        tag: tag.to_owned(),
        build_time: Duration::ZERO,
    }
}

fn stand_in_label(image: &Image) -> String {
    image.inspect(r#"{{index .Config.Labels "course.stand-in"}}"#)
}

fn host_rust_versions() -> (String, String) {
    let out = Command::new("rustc")
        .arg("--version")
        .output()
        .expect("rustc runs");
    let full = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .expect("rustc prints its version")
        .to_owned();
    let minor = full.rsplit_once('.').map(|(m, _)| m.to_owned()).unwrap();
    (full, minor)
}

/// Every name the seed script provides.
fn seeded_names() -> Vec<String> {
    let (full, minor) = host_rust_versions();
    let mut names: Vec<String> = [
        "debian:bookworm-slim",
        "debian:bookworm",
        "debian:latest",
        "gcr.io/distroless/static-debian12",
        "gcr.io/distroless/static-debian12:nonroot",
        "gcr.io/distroless/cc-debian12",
        "gcr.io/distroless/cc-debian12:nonroot",
        "registry:2",
        "postgres:15",
        "postgres:15-bookworm",
        "haproxy:2.6",
        "haproxy:2.6-bookworm",
    ]
    .map(String::from)
    .to_vec();
    for version in [full.as_str(), minor.as_str(), "1"] {
        names.push(format!("rust:{version}-slim-bookworm"));
        names.push(format!("rust:{version}-bookworm"));
    }
    names
}

/// The image ids behind every seeded name, in order.
fn seeded_ids() -> Vec<String> {
    seeded_names()
        .iter()
        .map(|name| existing(name).inspect("{{.Id}}"))
        .collect()
}

#[test]
fn every_name_the_dockerfiles_use_is_present() {
    // `existing` fails the test, naming the image, for any name that is missing.
    let ids = seeded_ids();
    assert!(ids.iter().all(|id| id.starts_with("sha256:")), "{ids:?}");
}

#[test]
fn seeding_again_changes_nothing() {
    let before = seeded_ids();
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/seed-base-images.sh"))
        .output()
        .expect("the seed script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(seeded_ids(), before);
}

#[test]
fn engine_script_is_idempotent_when_called_twice_at_once() {
    let script = repo_root().join("scripts/engine.sh");
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new("bash")
                .arg(&script)
                .spawn()
                .expect("engine.sh starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("engine.sh ends").success());
    }
}

#[test]
fn distroless_stand_ins_have_no_shell_and_a_nonroot_variant() {
    for flavour in ["static", "cc"] {
        let name = format!("gcr.io/distroless/{flavour}-debian12");
        existing(&name);
        let nonroot = existing(&format!("{name}:nonroot"));
        assert_eq!(nonroot.user(), "65532");
        assert_eq!(nonroot.inspect("{{.Config.WorkingDir}}"), "/home/nonroot");
        let sh = docker_output(&[
            "run",
            "--rm",
            "--entrypoint",
            "/bin/sh",
            &name,
            "-c",
            "true",
        ]);
        assert!(!sh.status.success(), "{name} ran a shell");
    }
}

#[test]
fn rust_stand_in_has_the_musl_target_and_trusts_the_host_ca_bundle() {
    let image = existing("rust:1-slim-bookworm");
    if stand_in_label(&image).is_empty() {
        return; // the real image
    }
    let targets = docker(&[
        "run",
        "--rm",
        &image.tag,
        "rustup",
        "target",
        "list",
        "--installed",
    ]);
    assert!(
        targets.lines().any(|t| t == "x86_64-unknown-linux-musl"),
        "{targets}"
    );
    let env = image.inspect("{{json .Config.Env}}");
    assert!(
        env.contains("RUSTUP_HOME=/usr/local/rustup")
            && env.contains("CARGO_HOME=/usr/local/cargo"),
        "{env}"
    );
    let bundle = docker(&[
        "run",
        "--rm",
        &image.tag,
        "cat",
        "/usr/local/share/ca-certificates/host-ca-bundle.crt",
    ]);
    let host = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    let first_host_cert = host
        .split("-----END CERTIFICATE-----")
        .next()
        .unwrap_or_default();
    assert!(
        bundle.contains(first_host_cert.trim()),
        "the host's CA bundle is not in the image"
    );
}

#[test]
fn registry_stand_in_serves_the_v2_api_without_auth() {
    let registry = Container::run(&existing("registry:2"), RunOptions::publish(5000));
    let answer = registry.get("/v2/", Duration::from_secs(15));
    assert_eq!(answer.status, 200, "{answer:?}\n{}", registry.logs());
}

#[test]
fn images_that_installed_packages_carry_no_apt_caches() {
    // The full rust image installs packages on top of the slim one; like the official images,
    // neither layer may keep apt's package caches or downloaded .debs.
    for name in ["rust:1-slim-bookworm", "rust:1-bookworm"] {
        let image = existing(name);
        let left = docker(&[
            "run",
            "--rm",
            &image.tag,
            "find",
            "/var/cache/apt",
            "/var/lib/apt/lists",
            "-type",
            "f",
            "(",
            "-name",
            "*.bin",
            "-o",
            "-name",
            "*.deb",
            "-o",
            "-name",
            "*_Packages*",
            ")",
        ]);
        assert!(left.trim().is_empty(), "{name} keeps apt caches:\n{left}");
    }
}

/// Polls `pg_isready` over TCP in the container (the server the entrypoint starts for the
/// set-up listens on its socket only) until it answers, at most `deadline`.
fn wait_for_postgres(db: &Container, deadline: Duration) {
    let start = std::time::Instant::now();
    while !db
        .exec(&["pg_isready", "-q", "-h", "127.0.0.1", "-U", "microblog"])
        .status
        .success()
    {
        assert!(
            start.elapsed() < deadline,
            "PostgreSQL never answered:\n{}",
            db.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn postgres_stand_in_creates_its_database_once_from_the_official_variables() {
    let image = existing("postgres:15");
    assert_eq!(
        image.inspect(r#"{{index .Config.Volumes "/var/lib/postgresql/data"}}"#),
        "{}",
        "PGDATA is a volume"
    );
    let secrets = tempfile::tempdir().unwrap();
    let password = secrets.path().join("db_password");
    std::fs::write(&password, "s3cret-pw\n").unwrap();
    let volume = Volume::create("pgdata");
    let mut flags = volume.mount("/var/lib/postgresql/data").to_vec();
    flags.extend([
        "-v".to_owned(),
        format!("{}:/run/secrets/db_password:ro", password.display()),
    ]);
    let options = RunOptions {
        env: vec![
            "POSTGRES_USER=microblog".into(),
            "POSTGRES_DB=blog".into(),
            "POSTGRES_PASSWORD_FILE=/run/secrets/db_password".into(),
        ],
        flags,
        ..RunOptions::default()
    };
    let psql = |db: &Container, password: &str| {
        let pw = format!("PGPASSWORD={password}");
        let query = "SELECT current_user || '@' || current_database()";
        db.exec(&[
            "env",
            &pw,
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "microblog",
            "-d",
            "blog",
            "-tAc",
            query,
        ])
    };
    {
        let db = Container::run(&image, options.clone());
        wait_for_postgres(&db, Duration::from_secs(60));
        let ok = psql(&db, "s3cret-pw");
        assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "microblog@blog");
        assert!(
            !psql(&db, "wrong").status.success(),
            "a wrong password is refused over TCP"
        );
        assert!(db.logs().contains("first start"), "{}", db.logs());
        let postgres_uid: u32 = String::from_utf8_lossy(&db.exec(&["id", "-u", "postgres"]).stdout)
            .trim()
            .parse()
            .expect("a postgres user");
        let uids = db.process_uids();
        assert!(
            !uids.is_empty() && uids.iter().all(|&uid| uid == postgres_uid),
            "the server runs as postgres ({postgres_uid}), not {uids:?}"
        );
        assert_eq!(
            docker(&["stop", "-t", "20", &db.name]),
            db.name,
            "stops within its grace period"
        );
        assert_eq!(db.exit_code(), 0, "a clean shutdown on docker stop");
    }
    // The same volume again: the cluster is kept, not made again.
    let again = Container::run(&image, options);
    wait_for_postgres(&again, Duration::from_secs(60));
    assert!(!again.logs().contains("first start"), "{}", again.logs());
    assert!(psql(&again, "s3cret-pw").status.success());

    // No password at all: a clear refusal, as the official image's.
    let refused = docker_output(&["run", "--rm", &image.tag]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("POSTGRES_PASSWORD"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

#[test]
fn haproxy_stand_in_serves_a_mounted_configuration_as_its_user() {
    let image = existing("haproxy:2.6");
    assert_eq!(image.user(), "haproxy");
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("haproxy.cfg");
    std::fs::write(
        &cfg,
        "defaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n\
         frontend web\n  bind :8080\n  monitor-uri /alive\n",
    )
    .unwrap();
    let proxy = Container::run(
        &image,
        RunOptions {
            flags: vec![
                "-v".into(),
                format!("{}:/usr/local/etc/haproxy/haproxy.cfg:ro", cfg.display()),
            ],
            ..RunOptions::publish(8080)
        },
    );
    let answer = proxy.get("/alive", Duration::from_secs(15));
    assert_eq!(answer.status, 200, "{answer:?}\n{}", proxy.logs());
}
