//! The course's handouts (`docs/course/{fr,en}/`), followed as a student would: every command
//! block run in order in a fresh copy of the repository, each step's solution written where the
//! text says, each promised output checked. A changed rung or a renamed flag breaks this test,
//! not a classroom.
//!
//! The French handout is the one run: the English one must have the same commands, outputs,
//! checks and solutions (`same_commands_in_french_and_english`), so running it again would only
//! double the time. The builds hit the layer cache the ladder's tests fill (same Dockerfiles,
//! same context: the student's own `Dockerfile` is in `.dockerignore`).

use container_tests::course::{Classroom, Handout};
use container_tests::docker::repo_root;

const SHIM: &str = env!("CARGO_BIN_EXE_course-docker");

fn handout(lang: &str, file: &str) -> Handout {
    Handout::read(&repo_root().join("docs/course").join(lang).join(file))
}

fn follow(file: &str) {
    let handout = handout("fr", file);
    let mut classroom = Classroom::new(SHIM);
    let start = std::time::Instant::now();
    classroom.follow(&handout);
    eprintln!("{file}: the whole handout in {:.0?}", start.elapsed());
    for (line, command, time) in &classroom.timings {
        eprintln!("{time:>10.1?}  {file}:{line}  {command}");
    }
}

#[test]
fn tp2a_as_a_student() {
    follow("tp2a.md");
}

#[test]
fn tp2b_as_a_student() {
    follow("tp2b.md");
}

#[test]
fn same_commands_in_french_and_english() {
    for (fr, en) in [("tp2a.md", "tp2a.md"), ("tp2b.md", "tp2b.md")] {
        let (fr, en) = (handout("fr", fr), handout("en", en));
        let (fr_items, en_items) = (fr.skeleton(), en.skeleton());
        for (n, (a, b)) in fr_items.iter().zip(&en_items).enumerate() {
            assert_eq!(a, b, "item {n} differs between {} and {}", fr.name, en.name);
        }
        assert_eq!(
            fr_items.len(),
            en_items.len(),
            "{} and {} do not have as many blocks",
            fr.name,
            en.name
        );
    }
}

#[test]
fn every_rung_is_a_solution_of_the_handouts() {
    let mut rungs: Vec<String> = ["tp2a.md", "tp2b.md"]
        .iter()
        .flat_map(|file| handout("fr", file).items)
        .filter_map(|item| match item {
            container_tests::course::handout::Item::File(f) => f.rung,
            _ => None,
        })
        .collect();
    rungs.sort();
    rungs.dedup();
    let files: Vec<String> = std::fs::read_dir(repo_root().join("Dockerfiles"))
        .expect("Dockerfiles/")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for file in &files {
        if file.starts_with('0') {
            assert!(
                rungs.contains(file),
                "Dockerfiles/{file} is no step's solution"
            );
        }
    }
    for rung in &rungs {
        assert!(
            files.contains(rung),
            "a solution names Dockerfiles/{rung}, which is gone"
        );
    }
}
