//! The rewriting done by the `course-docker` binary, kept here so that it is unit-tested.

use std::collections::{BTreeMap, BTreeSet};

/// Rewrites `docker` command lines for one run of a handout.
#[derive(Debug)]
pub struct Shim {
    suffix: String,
    label: String,
    ports: BTreeMap<String, String>,
    /// Containers, volumes and image names (without their tag) made by this run.
    known: BTreeSet<String>,
}

/// Options that take a value, per kind of command (the rest are flags or positionals).
const RUN_VALUES: &[&str] = &[
    "-p",
    "--publish",
    "-e",
    "--env",
    "--name",
    "-v",
    "--volume",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--entrypoint",
    "--restart",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-timeout",
    "--health-start-period",
    "-l",
    "--label",
    "--network",
    "--mount",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "--tmpfs",
    "-m",
    "--memory",
    "--cpus",
    "--stop-timeout",
];
const OTHER_VALUES: &[&str] = &[
    "--format",
    "--type",
    "-s",
    "--signal",
    "-o",
    "--output",
    "--time",
    "--tail",
    "-n",
    "--since",
    "--until",
    "-m",
    "--message",
    "-c",
    "--change",
    "--filter",
];
/// Commands whose `-f` takes a value (`--format`, `--filter`); elsewhere it is `--force` or
/// `--follow`.
const F_TAKES_A_VALUE: &[&str] = &[
    "inspect",
    "container inspect",
    "image inspect",
    "volume inspect",
    "images",
    "image ls",
];
/// Commands that remove or stop things: they may only name what this run made.
const DESTRUCTIVE: &[&str] = &[
    "rm",
    "rmi",
    "kill",
    "stop",
    "container rm",
    "container kill",
    "container stop",
    "image rm",
    "volume rm",
];

impl Shim {
    /// `run` names this run (the suffix is `-run`); `ports` maps host ports, `5000=41234,…`.
    pub fn new(run: &str, ports: &str, known: BTreeSet<String>) -> Shim {
        Shim {
            suffix: format!("-{run}"),
            label: format!("course.run={run}"),
            ports: ports
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(from, to)| (from.to_owned(), to.to_owned()))
                .collect(),
            known,
        }
    }

    /// The names made so far, to keep for the next command.
    pub fn known(&self) -> &BTreeSet<String> {
        &self.known
    }

    /// The arguments to give the real client.
    pub fn rewrite(&mut self, args: &[String]) -> Result<Vec<String>, String> {
        let (head, rest): (Vec<String>, &[String]) = match args {
            [group, sub, rest @ ..]
                if ["container", "image", "volume"].contains(&group.as_str()) =>
            {
                (vec![group.clone(), sub.clone()], rest)
            }
            [sub, rest @ ..] => (vec![sub.clone()], rest),
            [] => return Ok(Vec::new()),
        };
        let command = head
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = head.clone();
        match command.as_str() {
            "run" | "create" | "container run" | "container create" => {
                out.extend(["--label".to_owned(), self.label.clone()]);
                out.extend(self.run_args(rest)?);
            }
            "build" | "image build" => out.extend(self.build_args(rest)),
            "ps" | "container ls" | "container ps" => {
                out.extend(["--filter".to_owned(), format!("label={}", self.label)]);
                out.extend(rest.iter().cloned());
            }
            // The container, then its command, untouched.
            "exec" | "container exec" | "top" | "container top" => {
                out.extend(self.first_positional(rest, &["-e", "--env", "-u", "--user", "-w"]));
            }
            "tag" | "image tag" | "commit" | "container commit" => {
                out.extend(self.positionals(rest, OTHER_VALUES, true));
            }
            _ => {
                let mut values = OTHER_VALUES.to_vec();
                if F_TAKES_A_VALUE.contains(&command.as_str()) {
                    values.push("-f");
                }
                if DESTRUCTIVE.contains(&command.as_str()) {
                    self.only_known(rest, &values)?;
                }
                out.extend(self.positionals(rest, &values, false));
            }
        }
        Ok(out)
    }

    fn run_args(&mut self, args: &[String]) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if !arg.starts_with('-') {
                // The image, then the command and its arguments, untouched.
                out.push(self.rename_image(arg));
                out.extend(args[i + 1..].iter().cloned());
                return Ok(out);
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            if !RUN_VALUES.contains(&flag) {
                out.push(arg.clone());
                i += 1;
                continue;
            }
            let value = match inline {
                Some(value) => value,
                None => {
                    i += 1;
                    args.get(i)
                        .cloned()
                        .ok_or_else(|| format!("{flag} needs a value"))?
                }
            };
            let value = match flag {
                "--name" => self.make(&value),
                "-p" | "--publish" => self.publish(&value)?,
                "-v" | "--volume" => match value.split_once(':') {
                    Some((volume, rest)) if !volume.starts_with(['/', '.', '$', '~']) => {
                        format!("{}:{rest}", self.make(volume))
                    }
                    _ => value,
                },
                _ => value,
            };
            out.extend([flag.to_owned(), value]);
            i += 1;
        }
        Ok(out)
    }

    fn build_args(&mut self, args: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            out.push(arg.clone());
            if ["-t", "--tag"].contains(&arg.as_str()) {
                if let Some(tag) = iter.next() {
                    out.push(self.make_image(tag));
                }
            } else if ["-f", "--file", "--build-arg", "--target"].contains(&arg.as_str()) {
                out.extend(iter.next().cloned());
            }
        }
        out
    }

    /// Renames the first positional argument (a container) and passes the rest as they are.
    fn first_positional(&self, args: &[String], values: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if !arg.starts_with('-') {
                out.push(self.rename(arg));
                out.extend(args[i + 1..].iter().cloned());
                return out;
            }
            out.push(arg.clone());
            if values.contains(&arg.as_str()) {
                i += 1;
                out.extend(args.get(i).cloned());
            }
            i += 1;
        }
        out
    }

    /// Renames every positional argument that names something of this run; with `last_is_new`
    /// the last one is a name being made (`tag SRC DST`, `commit CONTAINER IMAGE`).
    fn positionals(&mut self, args: &[String], values: &[&str], last_is_new: bool) -> Vec<String> {
        let last = args.iter().rposition(|a| !a.starts_with('-'));
        let mut out = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if arg.starts_with('-') {
                out.push(arg.clone());
                if values.contains(&arg.as_str()) {
                    i += 1;
                    out.extend(args.get(i).cloned());
                }
            } else if last_is_new && Some(i) == last {
                out.push(self.make_image(arg));
            } else {
                out.push(self.rename(arg));
            }
            i += 1;
        }
        out
    }

    /// Refuses a positional argument that this run did not make: the engine is shared.
    fn only_known(&self, args: &[String], values: &[&str]) -> Result<(), String> {
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg.starts_with('-') {
                if values.contains(&arg.as_str()) {
                    iter.next();
                }
            } else if !self.is_known(arg) {
                return Err(format!(
                    "`{arg}` was not made by this handout: the course test removes only its own"
                ));
            }
        }
        Ok(())
    }

    /// `-p [IP:]HOST:CONTAINER` on 127.0.0.1 and the host port the test chose.
    fn publish(&self, spec: &str) -> Result<String, String> {
        let parts: Vec<&str> = spec.split(':').collect();
        let (host, container) = match parts.as_slice() {
            [container] => return Ok(format!("127.0.0.1::{container}")),
            [host, container] | [_, host, container] => (*host, *container),
            _ => return Err(format!("cannot read the port mapping `{spec}`")),
        };
        if host.is_empty() || self.ports.values().any(|p| p == host) {
            return Ok(format!("127.0.0.1:{host}:{container}"));
        }
        let mapped = self.ports.get(host).ok_or_else(|| {
            format!("host port {host} is not in the course test's port map: add it there")
        })?;
        Ok(format!("127.0.0.1:{mapped}:{container}"))
    }

    /// A container or volume name being made: remembered and suffixed.
    fn make(&mut self, name: &str) -> String {
        self.known.insert(format!("container:{name}"));
        format!("{name}{}", self.suffix)
    }

    /// An image name being made (`name[:tag]`): the name is remembered and suffixed.
    fn make_image(&mut self, reference: &str) -> String {
        let (name, _) = split_tag(reference);
        self.known.insert(format!("image:{name}"));
        self.rename(reference)
    }

    /// Whether this run made `reference`: a name with a tag or a registry is an image's (the
    /// container `registry` is not the image `registry:2`); a bare name may be either.
    fn is_known(&self, reference: &str) -> bool {
        let (name, _) = split_tag(reference);
        let image = self.known.contains(&format!("image:{name}"));
        if reference.contains([':', '/', '@']) {
            image
        } else {
            image || self.known.contains(&format!("container:{name}"))
        }
    }

    /// A container, volume or image made by this run gets its suffix; anything else is left.
    fn rename(&self, reference: &str) -> String {
        if !self.is_known(reference) {
            return reference.to_owned();
        }
        let (name, tag) = split_tag(reference);
        format!("{name}{}{tag}", self.suffix)
    }

    /// The image of `docker run`: only an image this run made is renamed.
    fn rename_image(&self, reference: &str) -> String {
        let (name, _) = split_tag(reference);
        if self.known.contains(&format!("image:{name}")) {
            self.rename(reference)
        } else {
            reference.to_owned()
        }
    }
}

/// `localhost:5000/a/b:tag` → (`localhost:5000/a/b`, `:tag`); a digest counts as a tag.
fn split_tag(reference: &str) -> (&str, &str) {
    let slash = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[slash..].find([':', '@']) {
        Some(i) => reference.split_at(slash + i),
        None => (reference, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shim() -> Shim {
        Shim::new("t1", "5000=41000,5001=41001", BTreeSet::new())
    }

    fn run(shim: &mut Shim, line: &str) -> String {
        let args: Vec<String> = line.split(' ').map(str::to_owned).collect();
        shim.rewrite(&args).unwrap().join(" ")
    }

    #[test]
    fn names_ports_and_images_of_the_run_are_rewritten_everywhere() {
        let mut shim = shim();
        assert_eq!(
            run(&mut shim, "build -t microblog ."),
            "build -t microblog-t1 ."
        );
        assert_eq!(
            run(&mut shim, "run -d --name microblog -p 5000:5000 microblog ls microblog"),
            "run --label course.run=t1 -d --name microblog-t1 -p 127.0.0.1:41000:5000 microblog-t1 ls microblog"
        );
        assert_eq!(run(&mut shim, "rm -f microblog"), "rm -f microblog-t1");
        assert_eq!(run(&mut shim, "logs -f microblog"), "logs -f microblog-t1");
        assert_eq!(
            run(&mut shim, "exec microblog whoami"),
            "exec microblog-t1 whoami"
        );
        assert_eq!(
            run(&mut shim, "ps -a"),
            "ps --filter label=course.run=t1 -a"
        );
        assert_eq!(
            run(&mut shim, "image ls microblog"),
            "image ls microblog-t1"
        );
        assert_eq!(
            run(&mut shim, "inspect -f {{.State.Health.Status}} microblog"),
            "inspect -f {{.State.Health.Status}} microblog-t1"
        );
        assert_eq!(
            run(&mut shim, "tag microblog:slim localhost:41000/microblog"),
            "tag microblog-t1:slim localhost:41000/microblog-t1"
        );
        assert_eq!(
            run(&mut shim, "pull localhost:41000/microblog:latest"),
            "pull localhost:41000/microblog-t1:latest"
        );
    }

    #[test]
    fn what_the_run_did_not_make_is_left_alone() {
        let mut shim = shim();
        assert_eq!(
            run(
                &mut shim,
                "run --rm debian:bookworm-slim cat /etc/os-release"
            ),
            "run --label course.run=t1 --rm debian:bookworm-slim cat /etc/os-release"
        );
        assert_eq!(
            run(&mut shim, "run -v data:/data -v /tmp:/x registry:2"),
            "run --label course.run=t1 -v data-t1:/data -v /tmp:/x registry:2"
        );
        // A container named like an image is not that image.
        assert_eq!(
            run(&mut shim, "run -d --name registry registry:2"),
            "run --label course.run=t1 -d --name registry-t1 registry:2"
        );
        assert_eq!(run(&mut shim, "rm -f registry"), "rm -f registry-t1");
        assert_eq!(
            run(&mut shim, "commit debian-updated debian:updated"),
            "commit debian-updated debian-t1:updated"
        );
        assert!(shim
            .rewrite(&["run".into(), "-p".into(), "8080:80".into(), "x".into()])
            .is_err());
        // Someone else's container is never removed.
        assert!(shim
            .rewrite(&["rm".into(), "-f".into(), "theirs".into()])
            .is_err());
    }

    #[test]
    fn tags_split_after_the_registry_port() {
        assert_eq!(split_tag("localhost:5000/a:b"), ("localhost:5000/a", ":b"));
        assert_eq!(split_tag("localhost:5000/a"), ("localhost:5000/a", ""));
        assert_eq!(split_tag("microblog"), ("microblog", ""));
    }
}
