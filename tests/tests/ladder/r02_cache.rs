//! 02-cache: the dependencies have their own layer; an edit to microblog's code reuses it.

use std::path::Path;
use std::process::Command;

use container_tests::docker::{repo_root, require_engine};

/// One build step of the classic builder's output: its instruction and whether the cache
/// served it.
#[derive(Debug)]
struct Step {
    instruction: String,
    cached: bool,
}

/// Splits `docker build` (classic builder) output into steps: "Step 3/9 : COPY …" lines, each
/// followed by " ---> Using cache" when the cache served it.
fn steps(output: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for line in output.lines() {
        if let Some((_, instruction)) = line
            .strip_prefix("Step ")
            .and_then(|rest| rest.split_once(" : "))
        {
            steps.push(Step {
                instruction: instruction.to_owned(),
                cached: false,
            });
        } else if line.trim() == "---> Using cache" {
            if let Some(step) = steps.last_mut() {
                step.cached = true;
            }
        }
    }
    steps
}

/// Copies the build context (the repository without target/ and .git) to `dest`.
fn copy_context(dest: &Path) {
    for entry in std::fs::read_dir(repo_root()).expect("the repository") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "target" || name == ".git" {
            continue;
        }
        let status = Command::new("cp")
            .arg("-a")
            .arg(&path)
            .arg(dest)
            .status()
            .expect("cp runs");
        assert!(status.success(), "cannot copy {}", path.display());
    }
}

#[test]
fn a_source_edit_reuses_the_dependency_layer() {
    // The image of the repository as it is: the dependency layer is now in the cache.
    crate::rungs::CACHE.image();
    require_engine();

    let context = tempfile::tempdir().expect("a temporary directory");
    copy_context(context.path());
    let edited = context.path().join("microblog/src/routes/main.rs");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    // Never the same edit twice, or the layer cache of an earlier run would serve it.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    text.push_str(&format!(
        "\n// An edit, as a student would make one ({nonce}).\n"
    ));
    std::fs::write(&edited, text).unwrap();

    let tag = "microblog:02-cache-edited";
    let out = Command::new("docker")
        .args(["build", "-f", "Dockerfiles/02-cache", "-t", tag, "."])
        .env("DOCKER_BUILDKIT", "0")
        .current_dir(context.path())
        .output()
        .expect("docker build runs");
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    let _ = Command::new("docker").args(["image", "rm", tag]).output();
    assert!(
        out.status.success(),
        "{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let steps = steps(&log);
    let step = |prefix: &str, nth: usize| {
        steps
            .iter()
            .filter(|s| s.instruction.starts_with(prefix))
            .nth(nth)
            .unwrap_or_else(|| panic!("no step #{nth} `{prefix}…` in:\n{log}"))
    };
    // The dependencies: built against the plan, which the edit did not change.
    let dependencies = step("RUN cargo build --release --locked -p microblog", 0);
    assert!(
        dependencies.cached,
        "the dependency layer was rebuilt:\n{log}"
    );
    // The plan itself reran (its input changed), and so did the build of our code.
    assert!(!step("COPY . .", 0).cached, "{log}");
    assert!(!step("COPY microblog/", 0).cached, "{log}");
    assert!(!step("RUN find containerized microblog", 0).cached, "{log}");
}

#[test]
fn the_step_reader_sees_cached_and_fresh_steps() {
    let output = "Step 1/3 : FROM x\n ---> 1234\nStep 2/3 : RUN a\n ---> Using cache\n ---> 5678\nStep 3/3 : COPY b b\n ---> 9abc\n";
    let steps = steps(output);
    let seen: Vec<(&str, bool)> = steps
        .iter()
        .map(|s| (s.instruction.as_str(), s.cached))
        .collect();
    assert_eq!(
        seen,
        [("FROM x", false), ("RUN a", true), ("COPY b b", false)]
    );
}
