//! A student's seat: a copy of the repository, and a handout followed in it command by command.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::handout::{instructions, Handout, Item};
use crate::docker::{repo_root, require_engine, tail};

/// How long a command may take unless its block says otherwise: a build on a cold cache
/// compiles microblog (about three minutes on two cores), the rest takes seconds.
const BUILD_TIMEOUT: Duration = Duration::from_secs(20 * 60);
const TIMEOUT: Duration = Duration::from_secs(120);

/// A copy of the repository where a handout is followed, and what the run made on the engine;
/// containers, volumes and image tags of the run are removed when it is dropped.
pub struct Classroom {
    run: String,
    repo: tempfile::TempDir,
    side: tempfile::TempDir,
    ports: BTreeMap<u16, u16>,
    docker: PathBuf,
    /// How long each command took: (handout line, first line of the command, time).
    pub timings: Vec<(usize, String, Duration)>,
}

impl Classroom {
    /// A fresh copy of the repository as a student has it (a git clone), with `shim` (the
    /// `course-docker` binary) standing for `docker`.
    pub fn new(shim: &str) -> Classroom {
        require_engine();
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let run = format!(
            "crs{}x{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let docker = on_path("docker").expect("a docker client on PATH");
        let repo = tempfile::tempdir().expect("a temporary directory");
        let side = tempfile::tempdir().expect("a temporary directory");
        copy_repository(repo.path());
        let bin = side.path().join("bin");
        std::fs::create_dir(&bin).expect("a bin directory");
        std::os::unix::fs::symlink(shim, bin.join("docker")).expect("the docker shim");
        std::fs::create_dir(side.path().join("docker-config")).expect("a client config");
        // Compiled programs (dissect) outlive the copy, so that the next run reuses them.
        let cargo = test_target_dir().join("course-cargo");
        std::fs::create_dir_all(&cargo).expect("a target directory for the course");
        std::os::unix::fs::symlink(&cargo, repo.path().join("target")).expect("target/");
        Classroom {
            run,
            repo,
            side,
            ports: BTreeMap::new(),
            docker,
            timings: Vec::new(),
        }
    }

    /// The student's copy of the repository.
    pub fn path(&self) -> &Path {
        self.repo.path()
    }

    /// Follows `handout` from its first command to its last; panics at the first that fails
    /// or does not show what the text promises, with its line and output.
    pub fn follow(&mut self, handout: &Handout) {
        for command in handout.commands() {
            for port in host_ports(&command.text) {
                self.ports.entry(port).or_insert_with(fresh_port);
            }
        }
        let items = &handout.items;
        for (n, item) in items.iter().enumerate() {
            let expect = match items.get(n + 1) {
                Some(Item::Expect(expect)) => Some(expect),
                _ => None,
            };
            match item {
                Item::Command(c) if c.skip => {}
                Item::Command(c) => {
                    let start = Instant::now();
                    let deadline = c.retry.map_or(Duration::ZERO, Duration::from_secs);
                    let timeout = c.timeout.map(Duration::from_secs).unwrap_or(
                        if c.text.contains("docker build") || c.text.contains("cargo ") {
                            BUILD_TIMEOUT
                        } else {
                            TIMEOUT
                        },
                    );
                    loop {
                        let (ok, output) = self.sh(&c.text, timeout);
                        let shown = expect.is_none_or(|want| want.shown_in(&output));
                        if ok != c.fails && shown {
                            break;
                        }
                        if start.elapsed() >= deadline {
                            panic!(
                                "{}:{}: {}\n$ {}\n{}",
                                handout.name,
                                c.line,
                                match (ok, c.fails) {
                                    (true, true) => "this command should fail, and succeeded",
                                    (false, false) => "this command failed",
                                    _ => "the output lacks what the text promises",
                                },
                                c.text.trim(),
                                match expect {
                                    Some(want) => format!(
                                        "{}\n--- expected:\n{}",
                                        tail(&output, 60),
                                        want.text
                                    ),
                                    None => tail(&output, 60),
                                }
                            );
                        }
                        std::thread::sleep(Duration::from_secs(1));
                    }
                    let first = c.text.lines().next().unwrap_or_default().to_owned();
                    self.timings.push((c.line, first, start.elapsed()));
                }
                Item::File(file) => {
                    if let Some(rung) = &file.rung {
                        let path = repo_root().join("Dockerfiles").join(rung);
                        let rung_text = std::fs::read_to_string(&path)
                            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                        assert_eq!(
                            instructions(&file.content),
                            instructions(&rung_text),
                            "{}:{}: this solution is not Dockerfiles/{rung}, instruction for \
                             instruction",
                            handout.name,
                            file.line
                        );
                    }
                    std::fs::write(self.path().join(&file.path), &file.content)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.path));
                }
                Item::Check(text) => {
                    let (ok, output) = self.sh(text, TIMEOUT);
                    assert!(
                        ok,
                        "{}: a check after line {} failed:\n{text}\n{output}",
                        handout.name,
                        item_line(items, n)
                    );
                }
                Item::Expect(_) => {}
            }
        }
    }

    /// Runs `text` with bash in the student's copy; its success and its output as the student
    /// would read it (names and ports as typed).
    fn sh(&self, text: &str, timeout: Duration) -> (bool, String) {
        let script = format!("set -euo pipefail\nexec 2>&1\n{}", self.rewrite_ports(text));
        let path = std::env::var("PATH").unwrap_or_default();
        let ports: Vec<String> = self.ports.iter().map(|(h, p)| format!("{h}={p}")).collect();
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(self.path())
            .env(
                "PATH",
                format!("{}:{path}", self.side.path().join("bin").display()),
            )
            .env("COURSE_DOCKER", &self.docker)
            .env("COURSE_RUN", &self.run)
            .env("COURSE_STATE", self.side.path().join("names"))
            .env("COURSE_PORTS", ports.join(","))
            .env("DOCKER_CONFIG", self.side.path().join("docker-config"))
            .env_remove("CARGO_TARGET_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("bash runs");
        let mut stdout = child.stdout.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout.read_to_end(&mut bytes);
            bytes
        });
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for bash") {
                break Some(status);
            }
            if start.elapsed() > timeout {
                let _ = Command::new("kill")
                    .args(["-KILL", &format!("-{}", child.id())])
                    .status();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let bytes = reader.join().unwrap_or_default();
        let mut output = self.as_typed(&String::from_utf8_lossy(&bytes));
        if status.is_none() {
            output.push_str(&format!("\n[killed after {timeout:?}]"));
        }
        (status.is_some_and(|s| s.success()), output)
    }

    /// The handout's `localhost:5000` is this run's port.
    fn rewrite_ports(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (host, port) in &self.ports {
            for prefix in ["localhost:", "127.0.0.1:"] {
                text = replace_number(
                    &text,
                    &format!("{prefix}{host}"),
                    &format!("{prefix}{port}"),
                );
            }
        }
        text
    }

    /// Output with the run's names and ports put back as the student typed them.
    fn as_typed(&self, output: &str) -> String {
        let mut output = output.replace(&format!("-{}", self.run), "");
        for (host, port) in &self.ports {
            output = replace_number(&output, &format!(":{port}"), &format!(":{host}"));
        }
        output
    }

    fn real_docker(&self, args: &[&str]) -> String {
        Command::new(&self.docker)
            .args(args)
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default()
    }
}

impl Drop for Classroom {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test unwinds.
        let label = format!("label=course.run={}", self.run);
        let suffix = format!("-{}", self.run);
        for container in self.real_docker(&["ps", "-aq", "--filter", &label]).lines() {
            self.real_docker(&["rm", "-f", "-v", container]);
        }
        let images = self.real_docker(&["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
        for image in images.lines().filter(|i| i.contains(&suffix)) {
            // --no-prune: the layers underneath stay, the layer cache of the next run.
            self.real_docker(&["image", "rm", "--no-prune", image]);
        }
        for volume in self.real_docker(&["volume", "ls", "-q"]).lines() {
            if volume.ends_with(&suffix) {
                self.real_docker(&["volume", "rm", "-f", volume]);
            }
        }
    }
}

/// A free port on 127.0.0.1 that no other classroom of this process was given: the kernel may
/// hand a port just let go out again, and handouts run side by side.
fn fresh_port() -> u16 {
    static GIVEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port can be had");
        let port = listener.local_addr().expect("a bound address").port();
        if given.insert(port) {
            return port;
        }
    }
}

/// Host ports a command publishes or reaches: `-p [IP:]H:C`, `localhost:H`, `127.0.0.1:H`.
fn host_ports(text: &str) -> BTreeSet<u16> {
    let mut ports = BTreeSet::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (n, word) in words.iter().enumerate() {
        if *word == "-p" {
            if let Some(spec) = words.get(n + 1) {
                let parts: Vec<&str> = spec.split(':').collect();
                if parts.len() >= 2 {
                    ports.extend(parts[parts.len() - 2].parse::<u16>().ok());
                }
            }
        }
    }
    for prefix in ["localhost:", "127.0.0.1:"] {
        for (at, _) in text.match_indices(prefix) {
            let digits: String = text[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            ports.extend(digits.parse::<u16>().ok());
        }
    }
    ports
}

/// Replaces `from` by `to` where no digit follows (`:5000` is not `:50001`).
fn replace_number(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        out.push_str(&rest[..at]);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The handout line of the nearest command before item `n`, for messages.
fn item_line(items: &[Item], n: usize) -> usize {
    items[..n]
        .iter()
        .rev()
        .find_map(|item| match item {
            Item::Command(c) => Some(c.line),
            Item::File(f) => Some(f.line),
            _ => None,
        })
        .unwrap_or(0)
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// The cargo target directory the tests run from (`…/target/debug/deps/course-…`).
fn test_target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    exe.ancestors()
        .nth(3)
        .expect("a test binary lives in target/debug/deps")
        .to_path_buf()
}

/// Copies the files git knows (and those it does not ignore) as they are on disk: the same
/// build context as the repository's, so that the layer cache of the ladder's builds serves it.
/// Then makes it a git repository of its own, as a clone is.
fn copy_repository(dest: &Path) {
    let root = repo_root();
    let list = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(
        list.status.success(),
        "git ls-files failed in {}",
        root.display()
    );
    for file in list.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = Path::new(std::str::from_utf8(file).expect("UTF-8 paths"));
        let from = root.join(file);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = dest.join(file);
        std::fs::create_dir_all(to.parent().expect("a file has a folder")).expect("mkdir");
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copying {}: {e}", file.display()));
    }
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=Student",
                "-c",
                "user.email=student@example.com",
            ])
            .args(args)
            .current_dir(dest)
            .stdout(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?} failed in the copy");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "the repository as cloned"]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_found_and_replaced_whole() {
        assert_eq!(
            host_ports(
                "docker run -d -p 5000:5000 x && curl localhost:5001/ -p 127.0.0.1:3000:3000"
            ),
            BTreeSet::from([3000, 5000, 5001])
        );
        assert_eq!(
            replace_number("a:5000 b:50001 c:5000/", ":5000", ":41000"),
            "a:41000 b:50001 c:41000/"
        );
    }
}
