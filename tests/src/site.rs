//! microblog for the browser tests, as a person meets it: the real binary started on a free
//! loopback port, or the smallest image (07-static) in a container published on 127.0.0.1 only.
//! Either way its log is readable (the mails are there when no mail server is set), and it
//! stops when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::docker::repo_root;
use crate::{http, Container, Image, RunOptions};

/// How long the app may take from its start to its first answer.
const STARTUP: Duration = Duration::from_secs(30);

/// Which microblog the browser opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `target/<profile>/microblog`, built by cargo, run as a process.
    Binary,
    /// `Dockerfiles/07-static`, built (once per test process) and run in a container.
    StaticImage,
}

enum Running {
    Process {
        child: Child,
        log: PathBuf,
        _data: tempfile::TempDir,
    },
    Container(Container),
}

/// A running microblog.
pub struct Site {
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    running: Running,
}

impl Site {
    /// Starts microblog as `target` with `env` added to its environment (`POSTS_PER_PAGE`…),
    /// and waits until it answers.
    pub fn start(target: Target, env: &[(&str, &str)]) -> Site {
        let site = match target {
            Target::Binary => Site::start_binary(env),
            Target::StaticImage => Site::start_container(env),
        };
        let health = http::get_within(&format!("{}/health", site.origin), STARTUP);
        assert_eq!(
            health.status,
            200,
            "microblog is not healthy:\n{}",
            site.logs()
        );
        site
    }

    fn start_binary(env: &[(&str, &str)]) -> Site {
        let data = tempfile::tempdir().expect("a temporary data folder");
        let log = data.path().join("microblog.log");
        let output = std::fs::File::create(&log).expect("a log file");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let child = Command::new(microblog_binary())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CONTEXT", "PROD")
            .env("SECRET_KEY", "browser-tests")
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("DATA_DIR", data.path())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("the log file, twice"))
            .stderr(output)
            .spawn()
            .expect("microblog starts");
        Site {
            origin: format!("http://127.0.0.1:{port}"),
            running: Running::Process {
                child,
                log,
                _data: data,
            },
        }
    }

    fn start_container(env: &[(&str, &str)]) -> Site {
        let image = Image::build("07-static", "microblog:07-static");
        let app = Container::run(
            &image,
            RunOptions {
                publish: Some(5000),
                env: env.iter().map(|(k, v)| format!("{k}={v}")).collect(),
                ..RunOptions::default()
            },
        );
        Site {
            origin: app.url(""),
            running: Running::Container(app),
        }
    }

    /// What the app has logged so far.
    pub fn logs(&self) -> String {
        match &self.running {
            Running::Process { log, .. } => std::fs::read_to_string(log).unwrap_or_default(),
            Running::Container(app) => app.logs(),
        }
    }

    /// The last link to this site in the logged mails, waiting (boundedly) for one to be
    /// logged: the link a person would click in the mail.
    pub fn mailed_link(&self, to: &str) -> String {
        let start = Instant::now();
        loop {
            let logs = self.logs();
            let link = logs.rfind(&format!("To: {to}")).and_then(|at| {
                let mail = &logs[at..];
                let from = mail.find(&self.origin)?;
                let link = &mail[from..];
                let end = link.find(|c: char| c.is_whitespace()).unwrap_or(link.len());
                Some(link[..end].to_owned())
            });
            if let Some(link) = link {
                return link;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "expected a mail to {to} with a link to {} in the log:\n{logs}",
                self.origin
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Running::Process { child, .. } = &mut self.running {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The microblog binary of this build's profile, built by cargo (once per test process, and
/// quickly when it is up to date) so that the browser tests never run a stale one.
pub fn microblog_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test's own path");
        // <target>/<profile>/deps/<test binary>
        let profile = exe
            .ancestors()
            .nth(2)
            .expect("a target directory")
            .to_path_buf();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args([
                "build",
                "--locked",
                "-q",
                "-p",
                "microblog",
                "--bin",
                "microblog",
            ])
            .current_dir(repo_root());
        if let Some(target) = profile.parent() {
            build.env("CARGO_TARGET_DIR", target);
        }
        if profile.file_name().is_some_and(|p| p == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("running cargo build -p microblog");
        assert!(status.success(), "cargo build -p microblog failed");
        profile.join("microblog")
    })
}
