//! Every shell script of the repository passes Debian's shellcheck (with the repository's
//! `.shellcheckrc`, which follows the scripts' `. lib/…` into `scripts/lib/`). No Docker needed.

use std::path::{Path, PathBuf};
use std::process::Command;

use container_tests::docker::repo_root;

/// Whether `path` is a shell script: a `.sh` name, or a first line naming sh or bash.
fn is_shell_script(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e == "sh") {
        return true;
    }
    let Ok(text) = std::fs::read(path) else {
        return false;
    };
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.starts_with("#!")
        && ["/sh", "/bash", "env sh", "env bash"]
            .iter()
            .any(|shell| first.trim_end().ends_with(shell))
}

fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | ".git" | "node_modules") {
                collect(&path, found);
            }
        } else if is_shell_script(&path) {
            found.push(path);
        }
    }
}

/// Every shell script under the repository root (build output and git's own files left out).
fn shell_scripts() -> Vec<PathBuf> {
    let mut found = Vec::new();
    collect(repo_root(), &mut found);
    found.sort();
    for expected in ["scripts/test.sh", "scripts/lib/common.sh", ".ci/run"] {
        assert!(
            found.contains(&repo_root().join(expected)),
            "{expected} was not found among the scripts: {found:?}"
        );
    }
    found
}

#[test]
fn every_shell_script_passes_shellcheck() {
    let scripts = shell_scripts();
    let out = Command::new("shellcheck")
        .arg("--format=gcc")
        .args(&scripts)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run shellcheck ({e}): install Debian's shellcheck (scripts/test.sh does)"
            )
        });
    let findings = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "shellcheck found {} problem(s) in {} scripts:\n{findings}{}",
        findings.lines().count(),
        scripts.len(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shell_scripts_are_recognised_by_name_or_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("a.sh", "echo\n", true),
        ("run", "#!/usr/bin/env bash\nset -e\n", true),
        ("posix", "#!/bin/sh\n", true),
        ("tool.py", "#!/usr/bin/env python3\n", false),
        ("Dockerfile", "FROM scratch\n", false),
    ];
    for (name, text, shell) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        assert_eq!(is_shell_script(&path), shell, "{name}");
    }
}

/// The shell functions only `scripts/lib/common.sh` may define: every script shares its copy.
const SHARED_HELPERS: [&str; 8] = [
    "log",
    "die",
    "need",
    "apt_install",
    "on_exit",
    "temp_dir",
    "need_xtask",
    "xtask",
];

/// Whether `line` defines the shell function `name` (`name() {` or `function name`).
fn defines(line: &str, name: &str) -> bool {
    let line = line.trim_start();
    let line = line.strip_prefix("function ").unwrap_or(line);
    line.strip_prefix(name)
        .is_some_and(|rest| rest.trim_start().starts_with("()"))
}

#[test]
fn every_script_shares_one_library_for_messages_installs_and_temporary_folders() {
    let common = repo_root().join("scripts/lib/common.sh");
    let mut problems = Vec::new();
    for script in shell_scripts() {
        let name = script
            .strip_prefix(repo_root())
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(&script).unwrap();
        if script == common {
            continue;
        }
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            for helper in SHARED_HELPERS {
                if defines(line, helper) {
                    problems.push(format!(
                        "{name} defines {helper}(): use scripts/lib/common.sh's"
                    ));
                }
            }
            if line.contains("apt-get install") {
                problems.push(format!(
                    "{name}: `{}`: use apt_install or need",
                    line.trim()
                ));
            }
            let words: Vec<&str> = line
                .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
                .collect();
            if words.contains(&"mktemp") || words.contains(&"trap") {
                problems.push(format!(
                    "{name}: `{}`: use temp_dir and on_exit, whose trap cleans up",
                    line.trim()
                ));
            }
        }
        // Scripts of the repository source the library; cargo-plan.sh runs inside the images'
        // build stage, and microblog's boot.sh and the postgres stand-in's entrypoint inside
        // their images, where there is no scripts/lib/.
        let standalone = [
            "scripts/cargo-plan.sh",
            "microblog/boot.sh",
            "scripts/base-images/postgres-entrypoint.sh",
        ];
        let sources = ["lib/common.sh", "lib/steps.sh"]
            .iter()
            .any(|lib| text.lines().any(|l| l.starts_with('.') && l.contains(lib)));
        if !standalone.contains(&name.as_str()) && !name.starts_with("scripts/lib/") && !sources {
            problems.push(format!(
                "{name} does not source scripts/lib/common.sh (or steps.sh)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn function_definitions_are_recognised() {
    assert!(defines("die() { printf x; }", "die"));
    assert!(defines("  function log () {", "log"));
    assert!(!defines("die \"no engine\"", "die"));
    assert!(!defines("dies() {", "die"));
}
