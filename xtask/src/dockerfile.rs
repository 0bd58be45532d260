/// The images a Dockerfile is built on: every `FROM` image that is neither `scratch` nor one of
/// its own stages (in order, each once), and the image of its final stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bases {
    pub images: Vec<String>,
    pub last: String,
}

/// Reads the `FROM` lines of a Dockerfile, with the defaults of the `ARG`s before them applied
/// (`rust:${RUST_VERSION}-bookworm` with `ARG RUST_VERSION=1` is `rust:1-bookworm`).
pub fn bases(text: &str) -> Bases {
    let mut args: Vec<(String, String)> = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    let mut images: Vec<String> = Vec::new();
    let mut last = String::from("scratch");
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let Some(instruction) = words.next() else {
            continue;
        };
        if instruction.eq_ignore_ascii_case("ARG") {
            if let Some((name, value)) = words.next().and_then(|w| w.split_once('=')) {
                args.retain(|(n, _)| n != name);
                args.push((name.to_owned(), value.to_owned()));
            }
        } else if instruction.eq_ignore_ascii_case("FROM") {
            let mut words = words.skip_while(|w| w.starts_with("--"));
            let Some(image) = words.next() else {
                continue;
            };
            let image = substitute(image, &args);
            if words.next().is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
                if let Some(stage) = words.next() {
                    stages.push(stage.to_ascii_lowercase());
                }
            }
            let is_stage = stages.contains(&image.to_ascii_lowercase());
            if image != "scratch" && !is_stage && !images.contains(&image) {
                images.push(image.clone());
            }
            last = image;
        }
    }
    Bases { images, last }
}

fn substitute(image: &str, args: &[(String, String)]) -> String {
    let mut image = image.to_owned();
    for (name, value) in args {
        image = image
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_stage_file_names_its_bases_once_with_args_applied() {
        let text = "\
ARG RUST_VERSION=1
FROM rust:${RUST_VERSION}-slim-bookworm AS plan
RUN true
FROM rust:$RUST_VERSION-bookworm AS build
COPY --from=plan /plan/ ./
FROM rust:${RUST_VERSION}-slim-bookworm as again
FROM build AS more
from debian:bookworm-slim
";
        assert_eq!(
            bases(text),
            Bases {
                images: vec![
                    "rust:1-slim-bookworm".into(),
                    "rust:1-bookworm".into(),
                    "debian:bookworm-slim".into()
                ],
                last: "debian:bookworm-slim".into(),
            }
        );
    }

    #[test]
    fn scratch_is_no_base_but_can_be_the_last_stage() {
        let bases = bases("FROM --platform=linux/amd64 alpine AS build\nFROM scratch\n");
        assert_eq!(bases.images, vec!["alpine".to_owned()]);
        assert_eq!(bases.last, "scratch");
        assert_eq!(super::bases("# nothing\n").last, "scratch");
    }

    #[test]
    fn every_dockerfile_of_the_repository_has_bases() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Dockerfiles");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let bases = bases(&std::fs::read_to_string(&path).unwrap());
            assert!(!bases.images.is_empty(), "{}", path.display());
            assert!(
                bases.images.iter().all(|i| !i.contains('$')),
                "{}: {bases:?}",
                path.display()
            );
        }
    }
}
