use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::docker::{docker, docker_output};
use crate::http::{self, Answer};
use crate::Image;

/// How to run a container: the port inside to publish on 127.0.0.1, and anything else.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Container port published on a free 127.0.0.1 port (see [`Container::url`]).
    pub publish: Option<u16>,
    /// A fixed host port instead of a free one (still on 127.0.0.1 only).
    pub host_port: Option<u16>,
    /// `KEY=VALUE` environment variables.
    pub env: Vec<String>,
    /// More `docker run` flags, as they would be typed (`--read-only`, `-v`, `vol:/data`…).
    pub flags: Vec<String>,
    /// Arguments after the image name (the command).
    pub args: Vec<String>,
}

impl RunOptions {
    pub fn publish(port: u16) -> Self {
        Self {
            publish: Some(port),
            ..Self::default()
        }
    }
}

/// A container started by a test, removed (with `docker rm -f`) when dropped, even when the test
/// fails.
#[derive(Debug)]
pub struct Container {
    pub name: String,
    host_port: Option<u16>,
}

impl Container {
    /// `docker run -d` with a unique name, the container's port published on 127.0.0.1 only.
    pub fn run(image: &Image, options: RunOptions) -> Container {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "ctest-{}-{}-{}",
            image.tag.replace([':', '/'], "-"),
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let mut args: Vec<String> = vec!["run".into(), "-d".into(), "--name".into(), name.clone()];
        if let Some(port) = options.publish {
            let host = options.host_port.map_or(String::new(), |p| p.to_string());
            args.extend(["-p".into(), format!("127.0.0.1:{host}:{port}")]);
        }
        for var in &options.env {
            args.extend(["-e".into(), var.clone()]);
        }
        args.extend(options.flags.iter().cloned());
        args.push(image.tag.clone());
        args.extend(options.args.iter().cloned());
        // Owned from here on, so that a failure below still removes it.
        let mut container = Container {
            name,
            host_port: None,
        };
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        docker(&argv);
        if let Some(port) = options.publish {
            container.host_port = Some(container.published_port(port));
        }
        container
    }

    fn published_port(&self, port: u16) -> u16 {
        // `docker port` prints e.g. "127.0.0.1:49153" (one line per address).
        let mapping = docker(&["port", &self.name, &format!("{port}/tcp")]);
        let first = mapping.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("127.0.0.1:"),
            "port {port} of {} is published on `{first}`, not on 127.0.0.1 only",
            self.name
        );
        first
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("cannot read a host port from `{mapping}`"))
    }

    /// The host port on 127.0.0.1 that reaches the published container port.
    pub fn host_port(&self) -> u16 {
        self.host_port
            .unwrap_or_else(|| panic!("{} publishes no port", self.name))
    }

    /// `http://127.0.0.1:<host port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.host_port())
    }

    /// `GET path`, waiting up to `deadline` for the app to start answering.
    pub fn get(&self, path: &str, deadline: Duration) -> Answer {
        http::get_within(&self.url(path), deadline)
    }

    /// `docker inspect -f FORMAT` on this container.
    pub fn inspect(&self, format: &str) -> String {
        docker(&["inspect", "-f", format, &self.name])
    }

    /// The health status: `starting`, `healthy`, `unhealthy`, or empty without a healthcheck.
    pub fn health(&self) -> String {
        self.inspect("{{if .State.Health}}{{.State.Health.Status}}{{end}}")
    }

    /// Polls the health status until it is `status`, returning how long that took; panics with
    /// the healthcheck's own log and the container's logs when `deadline` passes first.
    pub fn wait_for_health(&self, status: &str, deadline: Duration) -> Duration {
        let start = Instant::now();
        loop {
            let now = self.health();
            if now == status {
                return start.elapsed();
            }
            if start.elapsed() >= deadline {
                panic!(
                    "{} is `{now}`, not `{status}`, after {deadline:?}.\nhealth log: {}\nlogs:\n{}",
                    self.name,
                    self.inspect("{{json .State.Health}}"),
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `docker exec NAME ARGS`, whatever its exit status.
    pub fn exec(&self, args: &[&str]) -> Output {
        let mut argv = vec!["exec", self.name.as_str()];
        argv.extend_from_slice(args);
        docker_output(&argv)
    }

    /// Standard output and error of the container so far.
    pub fn logs(&self) -> String {
        let out = docker_output(&["logs", &self.name]);
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    }

    /// The numeric user ids of the container's processes, as the host sees them (`docker top`).
    pub fn process_uids(&self) -> Vec<u32> {
        // docker top insists on a pid column.
        docker(&["top", &self.name, "-eo", "pid,uid"])
            .lines()
            .skip(1)
            .map(|line| {
                line.split_whitespace()
                    .nth(1)
                    .and_then(|uid| uid.parse().ok())
                    .unwrap_or_else(|| panic!("no uid in `{line}`"))
            })
            .collect()
    }

    /// `docker stop` (default grace period), returning how long it took.
    pub fn stop(&self) -> Duration {
        let start = Instant::now();
        docker(&["stop", &self.name]);
        start.elapsed()
    }

    /// `docker kill -s SIGNAL`: from outside the container, so that even `STOP` reaches PID 1.
    pub fn kill(&self, signal: &str) {
        docker(&["kill", "-s", signal, &self.name]);
    }

    /// The exit code of a stopped container.
    pub fn exit_code(&self) -> i32 {
        let code = self.inspect("{{.State.ExitCode}}");
        code.parse()
            .unwrap_or_else(|_| panic!("`{code}` is not an exit code"))
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test is already unwinding.
        let _ = std::process::Command::new("docker")
            .args(["rm", "-f", "-v", &self.name])
            .output();
    }
}

/// A named volume for a test, removed when dropped (after the containers using it, when declared
/// before them).
#[derive(Debug)]
pub struct Volume {
    pub name: String,
}

impl Volume {
    pub fn create(purpose: &str) -> Volume {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "ctest-{purpose}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        docker(&["volume", "create", &name]);
        Volume { name }
    }

    /// The `-v` flag that mounts this volume at `path`.
    pub fn mount(&self, path: &str) -> [String; 2] {
        ["-v".to_owned(), format!("{}:{path}", self.name)]
    }
}

impl Drop for Volume {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["volume", "rm", "-f", &self.name])
            .output();
    }
}
