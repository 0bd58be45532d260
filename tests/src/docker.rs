use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root: every image is built from there, as the README says.
pub fn repo_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the tests crate lives inside the repository")
            .to_path_buf()
    })
}

/// Panics with instructions unless a Docker engine answers. Checked once per test process.
pub fn require_engine() {
    static ENGINE: OnceLock<Result<String, String>> = OnceLock::new();
    let result = ENGINE.get_or_init(|| {
        let output = Command::new("docker")
            .args(["version", "--format", "{{.Server.Version}}"])
            .output();
        match output {
            Ok(out) if out.status.success() => {
                Ok(String::from_utf8_lossy(&out.stdout).trim().into())
            }
            Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
            Err(e) => Err(format!("cannot run the docker client: {e}")),
        }
    });
    if let Err(why) = result {
        panic!(
            "container tests need a Docker engine, and none answers ({why}).\n\
             Start one with `scripts/engine.sh` and seed the base images with \
             `scripts/seed-base-images.sh` (scripts/test.sh does both), or run \
             `scripts/test.sh --no-containers` to leave the container tests out on purpose."
        );
    }
}

/// Runs `docker ARGS`, returning its output whatever the exit status.
pub fn docker_output(args: &[&str]) -> Output {
    require_engine();
    Command::new("docker")
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `docker {}`: {e}", args.join(" ")))
}

/// Runs `docker ARGS` and returns its trimmed standard output; panics with the command and its
/// standard error when it fails.
pub fn docker(args: &[&str]) -> String {
    let out = docker_output(args);
    if !out.status.success() {
        panic!(
            "`docker {}` failed ({}):\n{}",
            args.join(" "),
            out.status,
            tail(&String::from_utf8_lossy(&out.stderr), 40)
        );
    }
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The last `n` lines of `text`, for error messages that stay readable.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
