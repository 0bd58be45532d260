//! Debian's `chromedriver`, one process per [`crate::Window`]: started on a free loopback port,
//! waited for until it answers, and killed when dropped (so a failing test leaves no driver or
//! browser behind). A missing driver or browser is a failure that says what to install, never a
//! skip.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the driver may take to answer its first `/status`.
const STARTUP: Duration = Duration::from_secs(20);

/// Where Debian's `chromium` and `chromium-driver` put their programs; `CHROMIUM` and
/// `CHROMEDRIVER` name others.
fn program(variable: &str, debian: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(debian), PathBuf::from);
    assert!(
        path.exists(),
        "{} is missing: the browser tests drive Debian's Chromium over WebDriver. Install it \
         with `apt-get install chromium chromium-driver` (scripts/test.sh does when it is \
         missing), or set {variable} to another one.",
        path.display()
    );
    path
}

/// The browser the driver starts.
pub fn chromium() -> PathBuf {
    program("CHROMIUM", "/usr/bin/chromium")
}

/// A running `chromedriver`, killed on drop.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    /// `http://127.0.0.1:<port>`, for the WebDriver client.
    pub url: String,
}

impl Chromedriver {
    /// Starts the driver on a free 127.0.0.1 port (it accepts local connections only) and waits
    /// until it says it is ready.
    pub fn start() -> Chromedriver {
        let driver = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let mut chromedriver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        chromedriver.wait_until_ready();
        chromedriver
    }

    fn wait_until_ready(&mut self) {
        let start = Instant::now();
        let status = format!("{}/status", self.url);
        loop {
            if let Ok(answer) = crate::http::try_get(&status) {
                if answer.body.contains("\"ready\":true") {
                    return;
                }
            }
            if let Ok(Some(exit)) = self.child.try_wait() {
                panic!("chromedriver stopped before it was ready ({exit})");
            }
            assert!(
                start.elapsed() < STARTUP,
                "chromedriver did not answer {status} within {STARTUP:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test is unwinding.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
