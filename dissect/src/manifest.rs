use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::Error;

/// One image of `manifest.json`, the file `docker save` has always written (classic layout) and
/// still writes beside the OCI layout.
#[derive(Debug, Deserialize)]
pub struct SaveManifest {
    #[serde(rename = "Config")]
    pub config: String,
    #[serde(rename = "RepoTags", default)]
    pub repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    pub layers: Vec<String>,
}

/// An OCI content descriptor: what `index.json` and manifests point to.
#[derive(Debug, Deserialize)]
pub struct Descriptor {
    #[serde(rename = "mediaType", default)]
    pub media_type: Option<String>,
    pub digest: String,
    #[serde(default)]
    pub annotations: Option<HashMap<String, String>>,
}

impl Descriptor {
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }
}

/// An OCI image index (`index.json`, or a multi-platform list it points to), or an image manifest:
/// told apart by their fields, since `mediaType` is optional.
#[derive(Debug, Deserialize)]
pub struct OciDocument {
    #[serde(default)]
    pub manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    pub config: Option<Descriptor>,
    #[serde(default)]
    pub layers: Option<Vec<Descriptor>>,
}

/// The parts of an image config that dissect reads.
#[derive(Debug, Default, Deserialize)]
pub struct ImageConfig {
    #[serde(default)]
    pub rootfs: Option<RootFs>,
    #[serde(default)]
    pub history: Option<Vec<History>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RootFs {
    #[serde(default)]
    pub diff_ids: Option<Vec<String>>,
}

/// One step of the build, as `docker image history` shows it.
#[derive(Debug, Default, Deserialize)]
pub struct History {
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub empty_layer: Option<bool>,
}

impl ImageConfig {
    /// The layers' ids (`rootfs.diff_ids`), empty when the config has none.
    pub fn diff_ids(&self) -> &[String] {
        self.rootfs
            .as_ref()
            .and_then(|r| r.diff_ids.as_deref())
            .unwrap_or_default()
    }

    /// The command of each history step that made a layer, in layer order: steps marked
    /// `empty_layer` (ENV, CMD, LABEL…) made none.
    pub fn layer_commands(&self) -> Vec<String> {
        self.history
            .iter()
            .flatten()
            .filter(|h| !h.empty_layer.unwrap_or(false))
            .map(|h| clean_command(h.created_by.as_deref().unwrap_or_default()))
            .collect()
    }
}

/// A history command as a Dockerfile line: the classic builder's `/bin/sh -c #(nop) ` prefix
/// dropped, its `/bin/sh -c ` turned into `RUN `, BuildKit's `# buildkit` suffix dropped, and
/// whitespace runs (newlines of a multi-line RUN) folded into one space.
pub fn clean_command(created_by: &str) -> String {
    let text = created_by.trim();
    let text = if let Some(rest) = text.strip_prefix("/bin/sh -c #(nop)") {
        rest.trim().to_owned()
    } else if let Some(rest) = text.strip_prefix("/bin/sh -c ") {
        format!("RUN {}", rest.trim())
    } else {
        text.to_owned()
    };
    let text = text.strip_suffix("# buildkit").unwrap_or(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the JSON document `name`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|source| Error::BadJson {
        name: name.to_owned(),
        source,
    })
}

/// The path of a blob in the OCI layout: `sha256:abc…` is `blobs/sha256/abc…`. A digest that
/// could name anything else (`sha256:../../x`) is refused.
pub fn blob_path(digest: &str) -> Result<String, Error> {
    let valid = |part: &str, extra: &[char]| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    match digest.split_once(':') {
        Some((algorithm, encoded))
            if valid(algorithm, &['+', '.', '_', '-']) && valid(encoded, &['=', '_', '-']) =>
        {
            Ok(format!("blobs/{algorithm}/{encoded}"))
        }
        _ => Err(Error::Invalid(format!(
            "`{digest}` is not a digest (algorithm:hex)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_like_dockerfile_lines() {
        assert_eq!(
            clean_command("/bin/sh -c #(nop) COPY file:ab12 in / "),
            "COPY file:ab12 in /"
        );
        assert_eq!(
            clean_command("/bin/sh -c apt-get update &&\n    apt-get install -y curl"),
            "RUN apt-get update && apt-get install -y curl"
        );
        assert_eq!(
            clean_command("RUN /bin/sh -c rm -rf /tmp/x # buildkit"),
            "RUN /bin/sh -c rm -rf /tmp/x"
        );
        assert_eq!(clean_command("COPY . . # buildkit"), "COPY . .");
    }

    #[test]
    fn history_lines_up_with_layers_without_empty_steps() {
        let config: ImageConfig = parse(
            br#"{"rootfs":{"type":"layers","diff_ids":["sha256:a","sha256:b"]},
                "history":[{"created_by":"/bin/sh -c #(nop) ADD file:x in / "},
                           {"created_by":"/bin/sh -c #(nop)  CMD [\"bash\"]","empty_layer":true},
                           {"created_by":"/bin/sh -c make","comment":"hi"},
                           {"created_by":null}]}"#,
            "config",
        )
        .unwrap();
        assert_eq!(config.diff_ids(), ["sha256:a", "sha256:b"]);
        assert_eq!(config.layer_commands(), ["ADD file:x in /", "RUN make", ""]);
        assert!(config.layer_commands().len() > config.diff_ids().len());
        let empty: ImageConfig = parse(b"{}", "config").unwrap();
        assert!(empty.diff_ids().is_empty() && empty.layer_commands().is_empty());
        assert!(matches!(
            parse::<ImageConfig>(br#"{"history":"no"}"#, "config"),
            Err(Error::BadJson { .. })
        ));
    }

    #[test]
    fn digests_map_to_blob_paths_and_nothing_else() {
        assert_eq!(blob_path("sha256:ab12").unwrap(), "blobs/sha256/ab12");
        for bad in ["sha256:../../etc", "ab12", "sha256:", ":ab", "sha256:a/b"] {
            assert!(blob_path(bad).is_err(), "{bad} accepted");
        }
    }
}
