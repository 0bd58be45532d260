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
