//! compose.yaml run as a student would: a Compose project on one machine, or a Swarm stack, each
//! removed when its guard is dropped (even when the test fails), and a bounded load that records
//! which replica served each request and which requests failed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::docker::{docker, docker_output, repo_root, tail};
use crate::Image;

/// The replica that served an answer (microblog's `X-Served-By`).
pub const SERVED_BY: &str = "x-served-by";

/// The secrets compose.yaml reads, random, in a folder of the test (`MICROBLOG_SECRETS`).
pub struct Secrets {
    dir: tempfile::TempDir,
}

impl Secrets {
    pub fn new() -> Secrets {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for name in ["db_password", "secret_key"] {
            let value = random_hex(16);
            std::fs::write(dir.path().join(name), value).expect("a secret written");
        }
        Secrets { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Default for Secrets {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `program ARGS` from the repository root with `env`, killed after `limit`; panics with
/// its output when it fails.
fn run_bounded(program: &str, args: &[&str], env: &[(String, String)], limit: Duration) -> String {
    let limit_arg = format!("{}s", limit.as_secs());
    let out = Command::new("timeout")
        .arg(&limit_arg)
        .arg(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    if !out.status.success() {
        panic!(
            "`{program} {}` failed ({}, limit {limit:?}):\n{}\n{}",
            args.join(" "),
            out.status,
            tail(&String::from_utf8_lossy(&out.stdout), 30),
            tail(&String::from_utf8_lossy(&out.stderr), 30)
        );
    }
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// `docker ARGS`, killed after `limit` (for the commands that wait for Swarm: `service update`,
/// `service scale` with `--detach=false`); panics with its output when it fails.
pub fn docker_within(args: &[&str], limit: Duration) -> String {
    run_bounded("docker", args, &[], limit)
}

/// A Compose project of compose.yaml (and compose.override.yaml), `down -v` when dropped.
pub struct ComposeProject {
    pub name: String,
    pub port: u16,
    env: Vec<(String, String)>,
}

impl ComposeProject {
    /// `docker-compose -p NAME up -d --scale microblog=REPLICAS`, the proxy on 127.0.0.1:PORT.
    pub fn up(image: &Image, secrets: &Secrets, replicas: usize) -> ComposeProject {
        let which = Command::new("docker-compose").arg("version").output();
        assert!(
            which.is_ok_and(|o| o.status.success()),
            "docker-compose is missing: scripts/test.sh installs Debian's (apt-get install docker-compose)"
        );
        let port = free_port();
        let project = ComposeProject {
            name: format!("ctest-compose-{}", std::process::id()),
            port,
            env: vec![
                ("MICROBLOG_IMAGE".into(), image.tag.clone()),
                ("MICROBLOG_PORT".into(), port.to_string()),
                (
                    "MICROBLOG_SECRETS".into(),
                    secrets.path().display().to_string(),
                ),
            ],
        };
        let scale = format!("microblog={replicas}");
        project.compose(&["up", "-d", "--scale", &scale], Duration::from_secs(240));
        project
    }

    /// `docker-compose -p NAME ARGS`, bounded by `limit`.
    pub fn compose(&self, args: &[&str], limit: Duration) -> String {
        let mut all = vec!["-p", self.name.as_str()];
        all.extend_from_slice(args);
        run_bounded("docker-compose", &all, &self.env, limit)
    }

    /// The containers of a service.
    pub fn containers(&self, service: &str) -> Vec<String> {
        let label = format!("label=com.docker.compose.project={}", self.name);
        let service = format!("label=com.docker.compose.service={service}");
        containers_with(&[&label, &service])
    }

    /// `http://127.0.0.1:PORT<path>`: through the proxy.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for ComposeProject {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test is already unwinding.
        let _ = Command::new("timeout")
            .args(["120s", "docker-compose", "-p", &self.name])
            .args(["down", "-v", "--remove-orphans", "-t", "5"])
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .current_dir(repo_root())
            .output();
    }
}

/// A one-node swarm of this engine, left (`docker swarm leave --force`) when dropped, with the
/// stacks it deployed removed and their volumes with them.
pub struct Swarm {
    stacks: Vec<String>,
}

impl Swarm {
    /// `docker swarm init --advertise-addr 127.0.0.1`; panics if the engine is in a swarm
    /// already (someone else's: it is not ours to leave).
    pub fn init() -> Swarm {
        let state = docker(&["info", "--format", "{{.Swarm.LocalNodeState}}"]);
        assert_eq!(
            state, "inactive",
            "this engine is already in a swarm ({state}): the Swarm tests need it to themselves"
        );
        docker(&["swarm", "init", "--advertise-addr", "127.0.0.1"]);
        Swarm { stacks: Vec::new() }
    }

    /// `docker stack deploy -c compose.yaml NAME` with the image and the secrets of the test.
    pub fn deploy(&mut self, name: &str, image: &Image, secrets: &Secrets) {
        self.deploy_with("docker", name, image, secrets);
    }

    /// The same with another docker client (`/usr/bin/docker`: Debian's 20.10, which reads
    /// compose files less leniently than newer clients).
    pub fn deploy_with(&mut self, client: &str, name: &str, image: &Image, secrets: &Secrets) {
        if !self.stacks.iter().any(|s| s == name) {
            self.stacks.push(name.to_owned());
        }
        let env = [
            ("MICROBLOG_IMAGE".to_owned(), image.tag.clone()),
            (
                "MICROBLOG_SECRETS".to_owned(),
                secrets.path().display().to_string(),
            ),
        ];
        // The images are on this node only: no registry to ask for their digests.
        run_bounded(
            client,
            &[
                "stack",
                "deploy",
                "--resolve-image",
                "never",
                "-c",
                "compose.yaml",
                name,
            ],
            &env,
            Duration::from_secs(120),
        );
    }

    /// `docker stack rm NAME`, then waits until its containers and networks are gone (the
    /// command returns before), at most `limit`. Its volumes stay, as with the real command.
    pub fn remove(&self, name: &str, limit: Duration) {
        docker(&["stack", "rm", name]);
        wait_until(limit, &format!("stack {name} to be gone"), || {
            stack_leftovers(name).is_empty()
        });
    }

    /// The running containers of a service of a stack on this node.
    pub fn containers(&self, stack: &str, service: &str) -> Vec<String> {
        let label = format!("label=com.docker.swarm.service.name={stack}_{service}");
        containers_with(&[&label])
    }
}

/// Debian's docker client (`docker.io`, 20.10) when it is installed beside the newer one first
/// on PATH, else that one; and its version.
pub fn debian_client() -> (String, String) {
    for client in ["/usr/bin/docker", "docker"] {
        let version = Command::new(client)
            .args(["version", "--format", "{{.Client.Version}}"])
            .output();
        if let Ok(out) = version {
            if out.status.success() {
                let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                return (client.to_owned(), version);
            }
        }
    }
    panic!("no docker client answers");
}

/// The containers and networks of stack `name` still there.
fn stack_leftovers(name: &str) -> Vec<String> {
    let label = format!("label=com.docker.stack.namespace={name}");
    let mut left = docker(&["ps", "-aq", "--filter", &label])
        .lines()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    left.extend(
        docker(&["network", "ls", "-q", "--filter", &label])
            .lines()
            .map(str::to_owned),
    );
    left
}

impl Drop for Swarm {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test is already unwinding.
        for stack in &self.stacks {
            let _ = docker_output(&["stack", "rm", stack]);
        }
        let _ = docker_output(&["swarm", "leave", "--force"]);
        let start = Instant::now();
        for stack in &self.stacks {
            let label = format!("label=com.docker.stack.namespace={stack}");
            while start.elapsed() < Duration::from_secs(60) {
                let out = docker_output(&["ps", "-aq", "--filter", &label]);
                let ids = String::from_utf8_lossy(&out.stdout).into_owned();
                if ids.trim().is_empty() {
                    break;
                }
                for id in ids.split_whitespace() {
                    let _ = docker_output(&["rm", "-f", "-v", id]);
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            let volumes = docker_output(&["volume", "ls", "-q", "--filter", &label]);
            for volume in String::from_utf8_lossy(&volumes.stdout).split_whitespace() {
                let _ = docker_output(&["volume", "rm", "-f", volume]);
            }
        }
    }
}

/// Running container ids matching every `label=…` filter, sorted.
fn containers_with(filters: &[&str]) -> Vec<String> {
    let mut args = vec!["ps", "-q", "--no-trunc"];
    for filter in filters {
        args.extend(["--filter", filter]);
    }
    let mut ids: Vec<String> = docker(&args).lines().map(str::to_owned).collect();
    ids.sort();
    ids
}

/// A client container on `network` (a stack's attachable overlay), published on a free
/// 127.0.0.1 port and forwarding it to `target` (`proxy:8080`): the tests' way into a stack
/// whose services publish nothing. HAProxy in TCP mode, re-resolving `target` every second.
pub struct Client {
    pub name: String,
    pub port: u16,
    _config: tempfile::TempDir,
}

impl Client {
    pub fn start(network: &str, target: &str) -> Client {
        let config = tempfile::tempdir().expect("a temporary folder");
        let (host, port) = target.rsplit_once(':').expect("HOST:PORT");
        std::fs::write(
            config.path().join("haproxy.cfg"),
            format!(
                "resolvers docker\n  nameserver docker 127.0.0.11:53\n  hold valid 1s\n\
                 defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 60s\n  \
                 timeout server 60s\n\
                 frontend in\n  bind :8080\n  default_backend stack\n\
                 backend stack\n  server-template target 1 {host}:{port} resolvers docker \
                 init-addr none\n"
            ),
        )
        .expect("the client's configuration written");
        let name = format!("ctest-client-{}-{}", std::process::id(), free_port());
        let mount = format!("{}:/usr/local/etc/haproxy:ro", config.path().display());
        docker(&[
            "run",
            "-d",
            "--name",
            &name,
            "--network",
            network,
            "-p",
            "127.0.0.1::8080",
            "-v",
            &mount,
            "haproxy:2.6",
        ]);
        let mapping = docker(&["port", &name, "8080/tcp"]);
        let port = mapping
            .lines()
            .next()
            .and_then(|l| l.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no published port in `{mapping}`"));
        Client {
            name,
            port,
            _config: config,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = Command::new("docker")
            .args(["rm", "-f", &self.name])
            .output();
    }
}

/// One request of a load: when it was sent (since the load started), and the replica that
/// answered, or why it failed.
#[derive(Debug, Clone)]
pub struct Sample {
    pub at: Duration,
    /// How long the answer took (a request the proxy sent again to another replica is slow,
    /// not failed).
    pub took: Duration,
    pub outcome: Result<String, String>,
}

/// What a load saw.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub samples: Vec<Sample>,
    pub elapsed: Duration,
}

impl LoadReport {
    pub fn sent(&self) -> usize {
        self.samples.len()
    }

    pub fn failures(&self) -> Vec<&Sample> {
        self.samples.iter().filter(|s| s.outcome.is_err()).collect()
    }

    /// The replicas that answered at or after `from`.
    pub fn replicas_since(&self, from: Duration) -> BTreeSet<String> {
        self.samples
            .iter()
            .filter(|s| s.at >= from)
            .filter_map(|s| s.outcome.clone().ok())
            .collect()
    }

    /// "N requests, M failed (first: …)", for messages and the benchmarks page.
    pub fn summary(&self) -> String {
        let failures = self.failures();
        let first: Vec<String> = failures
            .iter()
            .take(3)
            .map(|s| format!("{:?} at {:.1} s", s.outcome, s.at.as_secs_f64()))
            .collect();
        let slowest = self
            .samples
            .iter()
            .map(|s| s.took)
            .max()
            .unwrap_or_default();
        format!(
            "{} requests in {:.1} s, {} failed, slowest {} ms{}",
            self.sent(),
            self.elapsed.as_secs_f64(),
            failures.len(),
            slowest.as_millis(),
            if first.is_empty() {
                String::new()
            } else {
                format!(" ({})", first.join("; "))
            }
        )
    }
}

/// A load on one URL from `clients` threads, each sending GETs one after the other (a pause of
/// `pause` between two), until stopped, `max_requests` in all, or `time_cap`. A request fails
/// when it gets no answer within 10 s or an answer other than 200.
pub struct Load {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<Vec<Sample>>>,
    start: Instant,
}

impl Load {
    pub fn start(
        url: &str,
        cookie: Option<String>,
        clients: usize,
        pause: Duration,
        max_requests: usize,
        time_cap: Duration,
    ) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let start = Instant::now();
        let per_client = max_requests.div_ceil(clients);
        let threads = (0..clients)
            .map(|_| {
                let (url, cookie, stop) = (url.to_owned(), cookie.clone(), Arc::clone(&stop));
                std::thread::spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .max_redirects(0)
                        .timeout_global(Some(Duration::from_secs(10)))
                        .build()
                        .into();
                    let mut samples = Vec::new();
                    while !stop.load(Ordering::Relaxed)
                        && samples.len() < per_client
                        && start.elapsed() < time_cap
                    {
                        let at = start.elapsed();
                        let mut request = agent.get(&url);
                        if let Some(cookie) = &cookie {
                            request = request.header("cookie", cookie);
                        }
                        let outcome = match request.call() {
                            Ok(mut answer) => {
                                let status = answer.status().as_u16();
                                let by = answer
                                    .headers()
                                    .get(SERVED_BY)
                                    .and_then(|v| v.to_str().ok())
                                    .unwrap_or("")
                                    .to_owned();
                                let _ = answer.body_mut().read_to_vec();
                                if status == 200 {
                                    Ok(by)
                                } else {
                                    Err(format!("status {status} from `{by}`"))
                                }
                            }
                            Err(e) => Err(e.to_string()),
                        };
                        let took = start.elapsed() - at;
                        samples.push(Sample { at, took, outcome });
                        std::thread::sleep(pause);
                    }
                    samples
                })
            })
            .collect();
        Load {
            stop,
            threads,
            start,
        }
    }

    /// Time since the load started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Stops the clients and gathers what they saw, in the order sent.
    pub fn finish(self) -> LoadReport {
        self.stop.store(true, Ordering::Relaxed);
        let mut samples: Vec<Sample> = self
            .threads
            .into_iter()
            .flat_map(|t| t.join().expect("a load thread ends"))
            .collect();
        samples.sort_by_key(|s| s.at);
        LoadReport {
            samples,
            elapsed: self.start.elapsed(),
        }
    }
}

/// Polls `done` every 200 ms until it holds, returning how long that took; panics naming
/// `what` after `limit`.
pub fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if done() {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The health of a container: `healthy`, `starting`, `unhealthy`, or empty.
pub fn health(container: &str) -> String {
    let out = docker_output(&[
        "inspect",
        "-f",
        "{{if .State.Health}}{{.State.Health.Status}}{{end}}",
        container,
    ]);
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The host name of a container: what its answers carry in `X-Served-By`.
pub fn hostname(container: &str) -> String {
    docker(&["inspect", "-f", "{{.Config.Hostname}}", container])
}

/// Standard output and error of a container.
pub fn logs(container: &str) -> String {
    let out: Output = docker_output(&["logs", container]);
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A free TCP port on 127.0.0.1 (free when asked; the engine takes it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `bytes` random bytes as hex.
fn random_hex(bytes: usize) -> String {
    use std::io::Read;
    let mut buffer = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buffer))
        .expect("random bytes");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}
