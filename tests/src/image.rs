use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::docker::{docker, repo_root, require_engine, tail};

/// A built image, known by its tag.
#[derive(Debug, Clone)]
pub struct Image {
    pub tag: String,
    /// How long the build took in this process (near zero when the layer cache served it).
    pub build_time: Duration,
}

type Builds = Mutex<HashMap<String, Arc<OnceLock<Result<Image, String>>>>>;

impl Image {
    /// Builds `Dockerfiles/<dockerfile>` from the repository root as `tag`, once per test process
    /// however many tests ask for it; panics with the end of the build log when it fails.
    pub fn build(dockerfile: &str, tag: &str) -> Image {
        require_engine();
        static BUILDS: OnceLock<Builds> = OnceLock::new();
        let slot = {
            let mut builds = BUILDS
                .get_or_init(Default::default)
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            builds.entry(tag.to_owned()).or_default().clone()
        };
        let result = slot.get_or_init(|| Self::run_build(dockerfile, tag));
        match result {
            Ok(image) => image.clone(),
            Err(log) => panic!("building {tag} from Dockerfiles/{dockerfile} failed:\n{log}"),
        }
    }

    /// Builds as [`Image::build`] does, but with BuildKit instead of the classic builder: our
    /// Dockerfiles must build with both on Engine 20.10+.
    pub fn build_with_buildkit(dockerfile: &str, tag: &str) -> Image {
        require_engine();
        let result = Self::run_build_with(buildkit_command(), dockerfile, tag);
        result.unwrap_or_else(|log| {
            panic!("building {tag} from Dockerfiles/{dockerfile} with BuildKit failed:\n{log}")
        })
    }

    fn run_build(dockerfile: &str, tag: &str) -> Result<Image, String> {
        let mut classic = Command::new("docker");
        classic.arg("build").env("DOCKER_BUILDKIT", "0");
        Self::run_build_with(classic, dockerfile, tag)
    }

    /// Builds `dir/Dockerfile` with `dir` as the build context, as `tag`, with the classic
    /// builder: for small images a test writes itself into a temporary directory. Panics with the
    /// end of the build log when it fails.
    pub fn build_in(dir: &Path, tag: &str) -> Image {
        require_engine();
        let mut classic = Command::new("docker");
        classic.arg("build").env("DOCKER_BUILDKIT", "0");
        Self::run_build_at(classic, "Dockerfile", dir, tag)
            .unwrap_or_else(|log| panic!("building {tag} in {} failed:\n{log}", dir.display()))
    }

    fn run_build_with(command: Command, dockerfile: &str, tag: &str) -> Result<Image, String> {
        let path = format!("Dockerfiles/{dockerfile}");
        Self::run_build_at(command, &path, repo_root(), tag)
    }

    fn run_build_at(
        mut command: Command,
        dockerfile: &str,
        context: &Path,
        tag: &str,
    ) -> Result<Image, String> {
        // One build at a time: images share stages, and two builds of the same stage side by
        // side would both compute it (the classic builder does not share work in flight) on a
        // machine of two cores.
        static BUILDING: Mutex<()> = Mutex::new(());
        let _one_at_a_time = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
        let start = Instant::now();
        let out = command
            .args(["-f", dockerfile, "-t", tag, "."])
            .current_dir(context)
            .output()
            .map_err(|e| format!("cannot run docker build: {e}"))?;
        if !out.status.success() {
            let log = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
            return Err(tail(&log, 60));
        }
        Ok(Image {
            tag: tag.to_owned(),
            build_time: start.elapsed(),
        })
    }

    /// `docker image inspect -f FORMAT`.
    pub fn inspect(&self, format: &str) -> String {
        docker(&["image", "inspect", "-f", format, &self.tag])
    }

    /// Uncompressed size in bytes, as `docker images` counts it.
    pub fn size(&self) -> u64 {
        let size = self.inspect("{{.Size}}");
        size.parse()
            .unwrap_or_else(|_| panic!("docker gave `{size}` as the size of {}", self.tag))
    }

    /// The user the image runs as (`Config.User`), empty for root.
    pub fn user(&self) -> String {
        self.inspect("{{.Config.User}}")
    }

    /// The healthcheck's interval and retries, if the image has one.
    pub fn healthcheck(&self) -> Option<(Duration, u32)> {
        let spec = self.inspect(
            "{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Interval}} {{.Config.Healthcheck.Retries}}{{end}}",
        );
        let (interval, retries) = spec.split_once(' ')?;
        Some((
            Duration::from_nanos(interval.parse().ok()?),
            retries.parse().ok()?,
        ))
    }
}

/// A `docker … build` command that uses BuildKit: `docker buildx build --load` where the buildx
/// plugin exists, else a client with BuildKit built in (Debian's docker.io 20.10 client, which the
/// newer client first on PATH, lacking buildx, is not).
fn buildkit_command() -> Command {
    let has_buildx = Command::new("docker")
        .args(["buildx", "version"])
        .output()
        .is_ok_and(|out| out.status.success());
    if has_buildx {
        let mut command = Command::new("docker");
        command.args(["buildx", "build", "--load"]);
        return command;
    }
    for client in ["/usr/bin/docker", "/usr/local/bin/docker"] {
        let version = Command::new(client)
            .args(["version", "--format", "{{.Client.Version}}"])
            .output();
        let Ok(out) = version else { continue };
        let version = String::from_utf8_lossy(&out.stdout);
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.trim().parse().ok())
            .unwrap_or(0);
        // Clients before 23.0 carry BuildKit themselves and use it with DOCKER_BUILDKIT=1.
        if (18..23).contains(&major) {
            let mut command = Command::new(client);
            command.arg("build").env("DOCKER_BUILDKIT", "1");
            return command;
        }
    }
    panic!(
        "no docker client here can build with BuildKit: install the buildx plugin, or Debian's \
         docker.io (its 20.10 client has BuildKit built in)"
    );
}
