//! Every image's HEALTHCHECK gives our probe more time than the probe gives itself: a probe that
//! times out on its own prints why, into `docker inspect`; one that Docker kills first prints
//! nothing. No Docker needed: this reads the Dockerfiles.

use std::path::Path;
use std::time::Duration;

use containerized::{parse_timeout, DEFAULT_PROBE_TIMEOUT};

/// The `--timeout=` of a HEALTHCHECK line, as Docker reads it (`30s`, `1m`, `500ms`).
fn docker_timeout(line: &str) -> Option<Duration> {
    let value = line
        .split_whitespace()
        .find_map(|word| word.strip_prefix("--timeout="))?;
    let (number, unit) = value.split_at(value.find(|c: char| c.is_ascii_alphabetic())?);
    let number: u64 = number.parse().ok()?;
    match unit {
        "ms" => Some(Duration::from_millis(number)),
        "s" => Some(Duration::from_secs(number)),
        "m" => Some(Duration::from_secs(60 * number)),
        _ => None,
    }
}

/// The probe's own `--timeout` in the HEALTHCHECK's exec-form command, else the default.
fn probe_timeout(line: &str) -> Duration {
    let words: Vec<&str> = line
        .split(['[', ']', ',', ' '])
        .map(|w| w.trim_matches('"'))
        .filter(|w| !w.is_empty())
        .collect();
    match words.iter().position(|&w| w == "--timeout") {
        Some(at) => parse_timeout(words.get(at + 1).copied().unwrap_or_default())
            .unwrap_or_else(|e| panic!("bad probe --timeout in `{line}`: {e}")),
        None => DEFAULT_PROBE_TIMEOUT,
    }
}

#[test]
fn every_healthcheck_outlasts_the_probe() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Dockerfiles");
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the Dockerfiles directory") {
        let path = entry.expect("a directory entry").path();
        let text = std::fs::read_to_string(&path).expect("a readable Dockerfile");
        for line in text.lines().filter(|l| l.starts_with("HEALTHCHECK ")) {
            let name = path.file_name().unwrap().to_string_lossy();
            let docker = docker_timeout(line)
                .unwrap_or_else(|| panic!("{name}: HEALTHCHECK without a --timeout: `{line}`"));
            let probe = probe_timeout(line);
            assert!(
                probe < docker,
                "{name}: the probe waits {probe:?}, Docker kills it after {docker:?}"
            );
            checked.push(name.into_owned());
        }
    }
    checked.sort();
    for image in ["05-healthcheck", "06-distroless", "07-static", "healthapp"] {
        assert!(
            checked.iter().any(|c| c == image),
            "{image}: no HEALTHCHECK found"
        );
    }
}

#[test]
fn reads_docker_durations_and_probe_flags() {
    let line =
        r#"HEALTHCHECK --interval=5s --timeout=3s CMD ["/app", "check", "--timeout", "1.5"]"#;
    assert_eq!(docker_timeout(line), Some(Duration::from_secs(3)));
    assert_eq!(probe_timeout(line), Duration::from_millis(1500));
    let line = r#"HEALTHCHECK --timeout=500ms CMD ["/app", "check"]"#;
    assert_eq!(docker_timeout(line), Some(Duration::from_millis(500)));
    assert_eq!(probe_timeout(line), DEFAULT_PROBE_TIMEOUT);
    assert_eq!(docker_timeout("HEALTHCHECK CMD [\"/app\"]"), None);
}
