//! The real binary in a process of its own, its log read as it comes: for what only a process
//! shows (a kill -9, two replicas on one database).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Store;

const BINARY: &str = env!("CARGO_BIN_EXE_microblog");

/// A running microblog process on 127.0.0.1.
pub struct Process {
    pub base: String,
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Process {
    /// Starts the binary (PROD, a fixed SECRET_KEY) on the data of `store`, with `env` besides,
    /// and waits until it answers `/health`.
    pub fn start(store: &Store, env: &[(&str, &str)]) -> Process {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = Command::new(BINARY);
        command
            .env_clear()
            .env("CONTEXT", "PROD")
            .env("SECRET_KEY", "test-secret")
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("DATA_DIR", store.data_dir())
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(url) = store.database_url() {
            command.env("DATABASE_URL", url);
        }
        let mut child = command.spawn().expect("the app starts");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("a piped stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let process = Process {
            base: format!("http://127.0.0.1:{port}"),
            child,
            log,
        };
        process.wait_healthy();
        process
    }

    fn wait_healthy(&self) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let answer = agent.get(&format!("{}/health", self.base)).call();
            if answer.is_ok_and(|r| r.status() == 200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the app never became healthy; its log:\n{}", self.log());
    }

    /// The log so far (stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// How many times `text` is in the log.
    pub fn count_in_log(&self, text: &str) -> usize {
        self.log().matches(text).count()
    }

    /// Kills the process at once (SIGKILL: no chance to clean up, as `docker kill`).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}
