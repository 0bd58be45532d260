use std::process::Command;

use crate::Error;

/// Runs `docker ARGS` and returns its trimmed standard output, or why it failed.
pub fn docker(args: &[&str]) -> Result<String, Error> {
    let command = args.join(" ");
    let out = Command::new("docker")
        .args(args)
        .output()
        .map_err(|source| Error::DockerMissing {
            command: command.clone(),
            source,
        })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(Error::Docker {
            command,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        })
    }
}

/// `docker image inspect -f FORMAT IMAGE`.
pub fn inspect(image: &str, format: &str) -> Result<String, Error> {
    docker(&["image", "inspect", "-f", format, image])
}

/// Whether `image` is a local stand-in built by scripts/seed-base-images.sh (false when the
/// engine does not have it at all).
pub fn is_stand_in(image: &str) -> bool {
    inspect(image, r#"{{index .Config.Labels "course.stand-in"}}"#)
        .is_ok_and(|label| !label.is_empty())
}
