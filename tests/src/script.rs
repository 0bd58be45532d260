use std::process::Command;

use crate::docker::{repo_root, require_engine};

/// What a script printed, and whether it succeeded.
#[derive(Debug)]
pub struct ScriptRun {
    pub success: bool,
    /// Standard output and standard error, in that order.
    pub output: String,
}

impl ScriptRun {
    /// Panics with the script's output unless it succeeded.
    pub fn assert_success(&self) -> &Self {
        assert!(self.success, "the script failed:\n{}", self.output);
        self
    }

    /// Panics with the script's output unless it printed `text`.
    pub fn assert_says(&self, text: &str) -> &Self {
        assert!(
            self.output.contains(text),
            "the script's output lacks `{text}`:\n{}",
            self.output
        );
        self
    }
}

/// Runs `scripts/<name> ARGS` with bash from the repository root, as a student would.
pub fn run_script(name: &str, args: &[&str]) -> ScriptRun {
    require_engine();
    let out = Command::new("bash")
        .arg(repo_root().join("scripts").join(name))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/{name}: {e}"));
    ScriptRun {
        success: out.status.success(),
        output: String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr),
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port can be had");
    listener
        .local_addr()
        .expect("a bound socket has an address")
        .port()
}
