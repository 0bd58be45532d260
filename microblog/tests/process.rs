//! The real binary, as a container runs it: through `boot.sh` or directly, DEV or PROD,
//! stopped with SIGTERM like `docker stop` does, on each engine.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{on_both_engines, Engine, Store};

on_both_engines!(
    boot_sh_says_production_by_default_and_logs_each_request,
    boot_sh_says_development_in_dev,
    the_binary_alone_prints_the_same_line,
    log_to_stdout_moves_the_logs_and_access_lines_to_stdout,
    check_probes_the_running_app_for_healthcheck,
    metrics_have_their_own_listener_and_logs_can_be_json,
);

const BINARY: &str = env!("CARGO_BIN_EXE_microblog");

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Starts `command` on the data of `store` (with its `DATABASE_URL` on PostgreSQL).
fn launch_on(command: Command, context: &str, store: &Store, env: &[(&str, &str)]) -> (Child, u16) {
    let mut env = env.to_vec();
    if let Some(url) = store.database_url() {
        env.push(("DATABASE_URL", url));
    }
    launch_with(command, context, store.data_dir(), &env)
}

/// Starts `command` on a free port with `data` as its data directory and `env` besides.
fn launch_with(
    mut command: Command,
    context: &str,
    data: &Path,
    env: &[(&str, &str)],
) -> (Child, u16) {
    let port = free_port();
    let child = command
        .env_clear()
        .envs(env.iter().copied())
        .env("MICROBLOG_BIN", BINARY)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTEXT", context)
        .env("PORT", port.to_string())
        .env("HOST", "127.0.0.1")
        .env("DATA_DIR", data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the app starts");
    (child, port)
}

/// Waits until `/health` answers (the app is up), at most about 20 s.
fn wait_until_healthy(port: u16) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for _ in 0..400 {
        if let Ok(response) = agent.get(&format!("http://127.0.0.1:{port}/health")).call() {
            if response.status() == 200 {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the app never became healthy");
}

/// Sends SIGTERM, waits for the exit, returns (success, stdout, stderr).
fn terminate(mut child: Child) -> (bool, String, String) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (exit.success(), out, err)
}

fn get(port: u16, path: &str) -> u16 {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    agent
        .get(&format!("http://127.0.0.1:{port}{path}"))
        .call()
        .unwrap()
        .status()
        .as_u16()
}

fn boot_sh_says_production_by_default_and_logs_each_request(engine: Engine) {
    let store = Store::new(engine);
    let mut command = Command::new("sh");
    command.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/boot.sh"));
    let (child, port) = launch_on(command, "PROD", &store, &[]);
    wait_until_healthy(port);
    assert_eq!(get(port, "/auth/login"), 200);
    assert_eq!(get(port, "/index"), 303);
    let (ok, out, err) = terminate(child);
    assert!(ok, "a clean exit on SIGTERM\n{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["Running Production Server"],
        "printed once"
    );
    assert!(err.contains("\"GET /auth/login HTTP/1.1\" 200"), "{err}");
    assert!(err.contains("\"GET /index HTTP/1.1\" 303"), "{err}");
    assert!(err.contains("SIGTERM received, shutting down"), "{err}");
    assert!(
        err.contains("SECRET_KEY is not set"),
        "PROD warns about its random key\n{err}"
    );
    assert!(!err.contains("DEBUG"), "no debug logs in PROD");
    assert_eq!(
        store.sqlite_file().is_file(),
        engine == Engine::Sqlite,
        "SQLite file created on first start, and only for SQLite"
    );
}

fn boot_sh_says_development_in_dev(engine: Engine) {
    let store = Store::new(engine);
    let mut command = Command::new("sh");
    command.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/boot.sh"));
    let (child, port) = launch_on(command, "dev", &store, &[]);
    wait_until_healthy(port);
    let (ok, out, err) = terminate(child);
    assert!(ok);
    assert_eq!(out.trim(), "Running Development Server");
    assert!(err.contains("DEBUG"), "debug logs in DEV\n{err}");
    assert!(
        !err.contains("SECRET_KEY is not set"),
        "DEV has its own key"
    );
}

fn the_binary_alone_prints_the_same_line(engine: Engine) {
    let store = Store::new(engine);
    let (child, port) = launch_on(Command::new(BINARY), "PROD", &store, &[]);
    wait_until_healthy(port);
    let (ok, out, _) = terminate(child);
    assert!(ok);
    assert_eq!(out.trim(), "Running Production Server");
}

fn log_to_stdout_moves_the_logs_and_access_lines_to_stdout(engine: Engine) {
    let store = Store::new(engine);
    let (child, port) = launch_on(
        Command::new(BINARY),
        "PROD",
        &store,
        &[("LOG_TO_STDOUT", "1")],
    );
    wait_until_healthy(port);
    assert_eq!(get(port, "/auth/login"), 200);
    let (ok, out, err) = terminate(child);
    assert!(ok, "{err}");
    assert!(out.starts_with("Running Production Server\n"), "{out}");
    assert!(out.contains("microblog listening on"), "{out}");
    assert!(out.contains("\"GET /auth/login HTTP/1.1\" 200"), "{out}");
    assert!(out.contains("SIGTERM received, shutting down"), "{out}");
    assert!(err.trim().is_empty(), "nothing left on stderr: {err}");
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let output = Command::new(BINARY)
        .env("CONTEXT", "staging")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("staging") && err.contains("DEV"), "{err}");

    let output = Command::new(BINARY)
        .env("CONTEXT", "PROD")
        .env("DATABASE_URL", "mysql://nope")
        .env("PORT", free_port().to_string())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("DATABASE_URL must start with sqlite:// or postgres://"),
        "{err}"
    );

    let output = Command::new(BINARY)
        .env("LANGUAGES", "en,de")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("no catalog for `de`: this build speaks en, es and fr"),
        "{err}"
    );
}

fn check_probes_the_running_app_for_healthcheck(engine: Engine) {
    let store = Store::new(engine);
    let (child, port) = launch_on(Command::new(BINARY), "PROD", &store, &[]);
    wait_until_healthy(port);
    let probe = |port: u16| {
        Command::new(BINARY)
            .arg("check")
            .env_clear()
            .env("PORT", port.to_string())
            .output()
            .unwrap()
    };
    let output = probe(port);
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{said}");
    assert!(
        said.starts_with("healthy: http://127.0.0.1:") && said.contains("answered OK"),
        "{said}"
    );
    assert!(!said.contains("Running"), "the probe prints no banner");

    let (ok, _, _) = terminate(child);
    assert!(ok);
    let output = probe(port);
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.starts_with("unhealthy: ") && said.contains("cannot connect"),
        "{said}"
    );

    let output = Command::new(BINARY)
        .args(["check", "--url", "https://x/health"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));

    // The probe's own timeout is a flag, checked like every other.
    let output = Command::new(BINARY)
        .args(["check", "--timeout", "forever"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("`forever` is not a number of seconds"),
        "{err}"
    );
}

/// What an operator of replicas reads: `/metrics` on `METRICS_ADDR` only (never on the public
/// port, which a proxy forwards), counting requests by route and status, timing them and showing
/// the pool; the replica's name in `X-Served-By`; one JSON object a log line with
/// `LOG_FORMAT=json`.
fn metrics_have_their_own_listener_and_logs_can_be_json(engine: Engine) {
    let store = Store::new(engine);
    let metrics_port = free_port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let (child, port) = launch_on(
        Command::new(BINARY),
        "PROD",
        &store,
        &[
            ("METRICS_ADDR", &metrics_addr),
            ("LOG_FORMAT", "json"),
            ("HOSTNAME", "replica-7"),
        ],
    );
    wait_until_healthy(port);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let login = agent
        .get(&format!("http://127.0.0.1:{port}/auth/login"))
        .call()
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(login.headers()["x-served-by"], "replica-7");
    assert_eq!(get(port, "/user/nobody"), 303, "a page with a parameter");
    assert_eq!(get(port, "/metrics"), 404, "no metrics on the public port");
    let metrics = agent
        .get(&format!("http://{metrics_addr}/metrics"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    for expected in [
        r#"microblog_http_requests_total{method="GET",route="/auth/login",status="200"} 1"#,
        r#"microblog_http_requests_total{method="GET",route="/user/{username}",status="303"} 1"#,
        r#"microblog_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"microblog_http_request_duration_seconds_bucket{method="GET",route="/auth/login",le="0.5"} 1"#,
        "microblog_db_pool_connections ",
        "microblog_db_pool_idle_connections ",
        "microblog_db_pool_max_connections 8",
    ] {
        assert!(metrics.contains(expected), "no `{expected}` in\n{metrics}");
    }
    let (ok, _, err) = terminate(child);
    assert!(ok, "{err}");
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["target"] == "access"
            && l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("\"GET /auth/login HTTP/1.1\" 200"))),
        "{err}"
    );
    assert!(lines
        .iter()
        .all(|l| l["level"].is_string() && l["timestamp"].is_string()));
}

/// Started with its database, the app waits for PostgreSQL as the Flask `boot.sh` does, once
/// a second, and gives up after `DB_CONNECT_TIMEOUT` (for its restart policy to decide).
#[test]
fn waits_for_the_database_then_gives_up() {
    let nothing_there = format!("postgres://microblog@127.0.0.1:{}/microblog", free_port());
    let start = std::time::Instant::now();
    let output = Command::new(BINARY)
        .env_clear()
        .env("DATABASE_URL", &nothing_there)
        .env("DB_CONNECT_TIMEOUT", "2")
        .env("PORT", free_port().to_string())
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{err}");
    assert!(
        err.matches("does not answer yet").count() >= 2,
        "tried again\n{err}"
    );
    assert!(
        err.contains("cannot connect to the database server 127.0.0.1:"),
        "{err}"
    );
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(10),
        "{took:?}"
    );
}
