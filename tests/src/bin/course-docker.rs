//! `docker` as the course test types it: the handout's commands run unchanged, beside other
//! tests and other people's containers on the same engine. Put first on PATH by
//! `container_tests::course`, it rewrites what a student's names would clash with and runs the
//! real client:
//!
//! - containers (`--name`), volumes (`-v NAME:/path`) and the images the handout makes
//!   (`build -t`, `tag`, `commit`) get the run's suffix, and so does every later mention of them;
//! - host ports (`-p 5000:5000`) become free ports on 127.0.0.1 (the map comes from the test);
//! - `docker ps` lists this run's containers only (they carry a label);
//! - builds use the classic builder, whose layer cache the ladder tests fill.
//!
//! Environment: `COURSE_DOCKER` (the real client), `COURSE_RUN` (the suffix, without its dash),
//! `COURSE_STATE` (a file of the names made so far), `COURSE_PORTS` (`5000=41234,5001=41235`).

use std::collections::BTreeSet;
use std::process::{exit, Command};

use container_tests::course::shim::Shim;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("course-docker: {name} is not set: run me from the course test");
        exit(125)
    })
}

fn main() {
    let state_file = var("COURSE_STATE");
    let known: BTreeSet<String> = std::fs::read_to_string(&state_file)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut shim = Shim::new(&var("COURSE_RUN"), &var("COURSE_PORTS"), known);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let argv = shim.rewrite(&args).unwrap_or_else(|why| {
        eprintln!("course-docker: {why}");
        exit(125)
    });
    let names: Vec<&str> = shim.known().iter().map(String::as_str).collect();
    if let Err(e) = std::fs::write(&state_file, names.join("\n")) {
        eprintln!("course-docker: cannot write {state_file}: {e}");
        exit(125)
    }
    let status = Command::new(var("COURSE_DOCKER"))
        .args(&argv)
        .env("DOCKER_BUILDKIT", "0")
        .status()
        .unwrap_or_else(|e| {
            eprintln!("course-docker: cannot run docker: {e}");
            exit(125)
        });
    exit(status.code().unwrap_or(128))
}
