use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use serde::Serialize;

use crate::layer::{read_layer, sniff, LayerFiles, Sniffed, SNIFF_BYTES};
use crate::manifest::{self, Descriptor, ImageConfig, OciDocument, SaveManifest};
use crate::tarball::{self, Limits};
use crate::Error;

/// How a `docker save` archive is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Engines before 25: `manifest.json`, `<config>.json`, `<id>/layer.tar`.
    Classic,
    /// Engines 25 and later: `index.json`, `oci-layout`, `blobs/sha256/…` (and a manifest.json).
    Oci,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::Classic => "classic docker save layout",
            Layout::Oci => "OCI layout",
        })
    }
}

/// One layer of an image: its id, the command that made it, and its files.
#[derive(Debug)]
pub struct SavedLayer<'a> {
    /// The layer's diff id (`sha256:…` of its uncompressed tar) from the config, else its path.
    pub id: String,
    /// The history step that created it, cleaned up (see [`manifest::clean_command`]).
    pub command: String,
    pub files: &'a LayerFiles,
}

/// One image of an archive, its layers bottom first.
#[derive(Debug)]
pub struct SavedImage<'a> {
    pub name: String,
    pub layout: Layout,
    pub layers: Vec<SavedLayer<'a>>,
}

/// What was kept of one archive member: a JSON document, a layer's metadata, or why neither.
#[derive(Debug)]
enum Stored {
    Json(Vec<u8>),
    Layer(LayerFiles),
    Unusable(String),
}

#[derive(Debug)]
enum Slot {
    Member(Stored),
    /// A symlink or hard link to another member (duplicate layers, OCI's legacy paths).
    Alias(String),
}

/// What dissect keeps of a `docker save` archive after one pass over it: the JSON documents and
/// the metadata of every layer, never file contents.
#[derive(Debug)]
pub struct Archive {
    members: HashMap<String, Slot>,
    limits: Limits,
}

/// The names a chain of aliases may go through before it is taken for a loop.
const MAX_ALIASES: usize = 16;
/// How deep image indexes may nest (an index of platforms inside `index.json` is 2).
const MAX_INDEX_DEPTH: usize = 4;

/// Reads a `docker save` tar stream in one pass, layout-agnostic: every member is sniffed and
/// kept as JSON (manifests, configs) or as layer metadata; the manifests are read afterwards by
/// [`Archive::images`], so the members' order does not matter.
pub fn read_archive(reader: impl Read, limits: &Limits) -> Result<Archive, Error> {
    let mut members = HashMap::new();
    let mut layer_entries = 0u64;
    let mut json_bytes = 0u64;
    let what = "the archive";
    tarball::each_entry(
        reader,
        what,
        limits,
        limits.max_archive_entries,
        |entry, path| {
            let kind = entry.header().entry_type();
            if kind.is_symlink() || kind.is_hard_link() {
                let target = entry.link_name_bytes().unwrap_or_default().into_owned();
                let mut full = Vec::new();
                // A symlink is relative to its directory, a hard link to the archive's root.
                if kind.is_symlink() && !target.starts_with(b"/") {
                    if let Some((dir, _)) = path.rsplit_once('/') {
                        full.extend_from_slice(dir.as_bytes());
                        full.push(b'/');
                    }
                }
                full.extend_from_slice(&target);
                let resolved = tarball::normalize(&full, what, limits.max_path)?;
                members.insert(path, Slot::Alias(resolved.unwrap_or_default()));
                return Ok(());
            }
            if !kind.is_file() && !kind.is_contiguous() {
                return Ok(());
            }
            let read_error = |source| Error::Read {
                what: path.clone(),
                source,
            };
            let mut head = Vec::with_capacity(SNIFF_BYTES);
            entry
                .by_ref()
                .take(SNIFF_BYTES as u64)
                .read_to_end(&mut head)
                .map_err(read_error)?;
            let stored = match sniff(&head) {
                Sniffed::Json if entry.size() > limits.max_json => Stored::Unusable(
                    Error::JsonTooBig {
                        name: path.clone(),
                        size: entry.size(),
                        limit: limits.max_json,
                    }
                    .to_string(),
                ),
                Sniffed::Json => {
                    json_bytes = json_bytes.saturating_add(entry.size());
                    if json_bytes > limits.max_json_total {
                        return Err(Error::TooMuchJson {
                            limit: limits.max_json_total,
                        });
                    }
                    let mut bytes = head;
                    entry
                        .by_ref()
                        .take(limits.max_json)
                        .read_to_end(&mut bytes)
                        .map_err(read_error)?;
                    Stored::Json(bytes)
                }
                Sniffed::Tar | Sniffed::Gzip => {
                    let left = limits.max_entries.saturating_sub(layer_entries);
                    let layer = read_layer(head, &mut *entry, &path, limits, left)?;
                    layer_entries += layer.len();
                    Stored::Layer(layer)
                }
                Sniffed::Zstd => Stored::Unusable(
                    "it is zstd-compressed, and dissect reads plain and gzip layers only".into(),
                ),
                Sniffed::Unknown => Stored::Unusable("it is neither JSON nor a tar layer".into()),
            };
            members.insert(path, Slot::Member(stored));
            Ok(())
        },
    )?;
    Ok(Archive {
        members,
        limits: limits.clone(),
    })
}

impl Archive {
    /// The images the archive holds, as its `manifest.json` lists them, or else as its OCI
    /// `index.json` does.
    pub fn images(&self) -> Result<Vec<SavedImage<'_>>, Error> {
        let layout = if self.members.contains_key("index.json") {
            Layout::Oci
        } else {
            Layout::Classic
        };
        if self.members.contains_key("manifest.json") {
            let what = "manifest.json";
            let list: Vec<SaveManifest> = manifest::parse(self.json(what, "the archive")?, what)?;
            if list.is_empty() {
                return Err(Error::Invalid("manifest.json lists no image".into()));
            }
            self.check_count(list.len(), "images", what)?;
            list.iter()
                .map(|m| {
                    let name = m
                        .repo_tags
                        .as_ref()
                        .and_then(|tags| tags.first().cloned())
                        .unwrap_or_else(|| untagged(&m.config));
                    self.image(name, layout, &m.config, &m.layers, what)
                })
                .collect()
        } else if self.members.contains_key("index.json") {
            self.oci_images()
        } else {
            Err(Error::NotAnImageArchive)
        }
    }

    fn oci_images(&self) -> Result<Vec<SavedImage<'_>>, Error> {
        let what = "index.json";
        let index: OciDocument = manifest::parse(self.json(what, "the archive")?, what)?;
        let mut images = Vec::new();
        for descriptor in index.manifests.unwrap_or_default() {
            let name = descriptor
                .annotation("io.containerd.image.name")
                .or_else(|| descriptor.annotation("org.opencontainers.image.ref.name"))
                .map_or_else(|| untagged(&descriptor.digest), str::to_owned);
            let mut found = Vec::new();
            self.image_manifests(&descriptor, what, 0, &mut found)?;
            if found.is_empty() {
                return Err(Error::Invalid(format!(
                    "none of the manifests of {name} in index.json is in the archive"
                )));
            }
            for (config, layers) in found {
                self.check_count(images.len() + 1, "images", what)?;
                images.push(self.image(name.clone(), Layout::Oci, &config, &layers, what)?);
            }
        }
        if images.is_empty() {
            return Err(Error::Invalid("index.json lists no image".into()));
        }
        Ok(images)
    }

    /// Collects the (config, layers) blob paths of the image manifests `descriptor` leads to,
    /// through nested indexes (multi-platform lists), keeping the platforms the archive holds.
    fn image_manifests(
        &self,
        descriptor: &Descriptor,
        what: &str,
        depth: usize,
        found: &mut Vec<(String, Vec<String>)>,
    ) -> Result<(), Error> {
        if depth > MAX_INDEX_DEPTH {
            return Err(Error::Invalid(format!(
                "{what}: image indexes nest more than {MAX_INDEX_DEPTH} deep"
            )));
        }
        // BuildKit's attestations (SBOM, provenance) are stored as manifests too: not images.
        if descriptor.annotation("vnd.docker.reference.type") == Some("attestation-manifest") {
            return Ok(());
        }
        let path = manifest::blob_path(&descriptor.digest)?;
        if depth > 0 && !self.members.contains_key(&path) {
            // A platform of a multi-platform list that was not saved.
            return Ok(());
        }
        let document: OciDocument = manifest::parse(self.json(&path, what)?, &path)?;
        if let Some(children) = &document.manifests {
            for child in children {
                self.image_manifests(child, &path, depth + 1, found)?;
                self.check_count(found.len(), "images", &path)?;
            }
        } else if let Some(config) = &document.config {
            let layers = document
                .layers
                .iter()
                .flatten()
                .map(|layer| manifest::blob_path(&layer.digest))
                .collect::<Result<Vec<_>, _>>()?;
            found.push((manifest::blob_path(&config.digest)?, layers));
        } else {
            return Err(Error::Unusable {
                what: what.to_owned(),
                path,
                reason: "it is neither an image index nor an image manifest".into(),
            });
        }
        Ok(())
    }

    fn image(
        &self,
        name: String,
        layout: Layout,
        config_path: &str,
        layer_paths: &[String],
        what: &str,
    ) -> Result<SavedImage<'_>, Error> {
        self.check_count(layer_paths.len(), "layers", config_path)?;
        let config: ImageConfig = manifest::parse(self.json(config_path, what)?, config_path)?;
        let layers = layer_paths
            .iter()
            .map(|path| self.layer(path, what))
            .collect::<Result<Vec<_>, _>>()?;
        let ids = config.diff_ids();
        if !ids.is_empty() && ids.len() != layers.len() {
            return Err(Error::Invalid(format!(
                "the config {config_path} lists {} layers, and {what} {}",
                ids.len(),
                layers.len()
            )));
        }
        let mut commands = config.layer_commands().into_iter();
        let layers = layers
            .into_iter()
            .zip(layer_paths)
            .enumerate()
            .map(|(i, (files, path))| SavedLayer {
                id: ids.get(i).unwrap_or(path).clone(),
                command: commands.next().unwrap_or_default(),
                files,
            })
            .collect();
        Ok(SavedImage {
            name,
            layout,
            layers,
        })
    }

    fn check_count(&self, count: usize, things: &str, what: &str) -> Result<(), Error> {
        if count > self.limits.max_layers {
            return Err(Error::Invalid(format!(
                "{what} lists more than {} {things}",
                self.limits.max_layers
            )));
        }
        Ok(())
    }

    /// The member `path` names (as `what` does), through aliases.
    fn member(&self, path: &str, what: &str) -> Result<&Stored, Error> {
        let missing = || Error::Missing {
            what: what.to_owned(),
            path: path.to_owned(),
        };
        let mut name =
            tarball::normalize(path.as_bytes(), what, self.limits.max_path)?.ok_or_else(missing)?;
        for _ in 0..MAX_ALIASES {
            match self.members.get(&name).ok_or_else(missing)? {
                Slot::Member(stored) => return Ok(stored),
                Slot::Alias(target) => name = target.clone(),
            }
        }
        Err(Error::Unusable {
            what: what.to_owned(),
            path: path.to_owned(),
            reason: "its links go round in a loop".into(),
        })
    }

    fn json(&self, path: &str, what: &str) -> Result<&[u8], Error> {
        match self.member(path, what)? {
            Stored::Json(bytes) => Ok(bytes),
            other => Err(self.unusable(path, what, other, "JSON")),
        }
    }

    fn layer(&self, path: &str, what: &str) -> Result<&LayerFiles, Error> {
        match self.member(path, what)? {
            Stored::Layer(files) => Ok(files),
            other => Err(self.unusable(path, what, other, "a layer tar")),
        }
    }

    fn unusable(&self, path: &str, what: &str, stored: &Stored, wanted: &str) -> Error {
        let reason = match stored {
            Stored::Unusable(reason) => reason.clone(),
            Stored::Json(_) => format!("it is JSON, not {wanted}"),
            Stored::Layer(_) => format!("it is a layer tar, not {wanted}"),
        };
        Error::Unusable {
            what: what.to_owned(),
            path: path.to_owned(),
            reason,
        }
    }
}

/// A name for an untagged image: the start of its config's digest.
fn untagged(reference: &str) -> String {
    let id = reference.rsplit(['/', ':']).next().unwrap_or(reference);
    let id = id.strip_suffix(".json").unwrap_or(id);
    format!("<untagged {}>", id.chars().take(12).collect::<String>())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::testing::{classic_archive, config, digest, gzip, oci_archive, Tar};

    const STEPS: &[(&str, bool)] = &[
        ("/bin/sh -c #(nop) ADD file:abc in / ", false),
        ("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
        ("/bin/sh -c echo hi > /greeting", false),
    ];

    fn layers() -> Vec<Vec<u8>> {
        vec![
            Tar::new()
                .dir("etc")
                .file("etc/os-release", b"debian")
                .finish(),
            Tar::new().file("greeting", b"hi\n").finish(),
        ]
    }

    fn read(bytes: &[u8]) -> Result<Archive, Error> {
        read_archive(Cursor::new(bytes), &Limits::default())
    }

    fn summary(image: &SavedImage<'_>) -> (String, Layout, Vec<(String, String, u64)>) {
        let layers = image
            .layers
            .iter()
            .map(|l| (l.id.clone(), l.command.clone(), l.files.bytes()))
            .collect();
        (image.name.clone(), image.layout, layers)
    }

    fn expected_layers() -> Vec<(String, String, u64)> {
        let layers = layers();
        vec![
            (digest(&layers[0]), "ADD file:abc in /".into(), 6),
            (digest(&layers[1]), "RUN echo hi > /greeting".into(), 3),
        ]
    }

    #[test]
    fn reads_the_classic_layout() {
        let archive = read(&classic_archive(&layers(), STEPS)).unwrap();
        let images = archive.images().unwrap();
        assert_eq!(images.len(), 1);
        assert_eq!(
            summary(&images[0]),
            ("test:latest".into(), Layout::Classic, expected_layers())
        );
    }

    #[test]
    fn reads_the_oci_layout_plain_or_gzip_from_index_json() {
        for gzipped in [false, true] {
            let archive = read(&oci_archive(&layers(), STEPS, gzipped, false)).unwrap();
            let images = archive.images().unwrap();
            assert_eq!(images.len(), 1);
            let (name, layout, got) = summary(&images[0]);
            assert_eq!(
                (name.as_str(), layout),
                ("docker.io/library/test:oci", Layout::Oci)
            );
            // The ids are the config's diff ids: those of the uncompressed layers.
            assert_eq!(got, expected_layers());
            assert_eq!(images[0].layers[0].files.gzip, gzipped);
        }
    }

    #[test]
    fn prefers_manifest_json_when_the_oci_layout_has_one() {
        let archive = read(&oci_archive(&layers(), STEPS, true, true)).unwrap();
        let images = archive.images().unwrap();
        assert_eq!(
            summary(&images[0]),
            (
                "test:from-manifest-json".into(),
                Layout::Oci,
                expected_layers()
            )
        );
    }

    #[test]
    fn follows_multi_platform_indexes_and_skips_attestations_and_missing_platforms() {
        let layer = Tar::new().file("app", b"binary").finish();
        let config = config(&[("COPY app /", false)], std::slice::from_ref(&layer));
        let manifest = serde_json::json!({
            "config": {"digest": digest(&config)},
            "layers": [{"digest": digest(&layer)}],
        })
        .to_string();
        let platforms = serde_json::json!({
            "manifests": [
                {"digest": digest(manifest.as_bytes()), "platform": {"architecture": "amd64"}},
                {"digest": digest(b"arm64 manifest, not saved"), "platform": {"architecture": "arm64"}},
                {"digest": digest(b"attestation"),
                 "annotations": {"vnd.docker.reference.type": "attestation-manifest"}},
            ],
        })
        .to_string();
        let index = serde_json::json!({
            "manifests": [{
                "mediaType": "application/vnd.oci.image.index.v1+json",
                "digest": digest(platforms.as_bytes()),
                "annotations": {"org.opencontainers.image.ref.name": "multi"},
            }],
        })
        .to_string();
        let blob = |bytes: &[u8]| format!("blobs/sha256/{}", &digest(bytes)[7..]);
        let tar = Tar::new()
            .file(&blob(&layer), &layer)
            .file(&blob(&config), &config)
            .file(&blob(manifest.as_bytes()), manifest.as_bytes())
            .file(&blob(platforms.as_bytes()), platforms.as_bytes())
            .file("index.json", index.as_bytes())
            .finish();
        let archive = read(&tar).unwrap();
        let images = archive.images().unwrap();
        assert_eq!(images.len(), 1);
        assert_eq!(images[0].name, "multi");
        assert_eq!(images[0].layers[0].command, "COPY app /");
    }

    #[test]
    fn duplicate_layers_saved_as_symlinks_are_followed() {
        let layer = Tar::new().file("same", b"12345").finish();
        let steps = [("RUN a", false), ("RUN a", false)];
        let config = config(&steps, &[layer.clone(), layer.clone()]);
        let manifest = serde_json::json!([{
            "Config": "config.json",
            "Layers": ["one/layer.tar", "two/layer.tar", "three/layer.tar"],
        }]);
        let tar = Tar::new()
            .file("one/layer.tar", &layer)
            .symlink("two/layer.tar", "../one/layer.tar")
            .hardlink("three/layer.tar", "one/layer.tar")
            .file("config.json", &config)
            .file("manifest.json", manifest.to_string().as_bytes())
            .finish();
        let archive = read(&tar).unwrap();
        // Three layers against two diff ids: refused, naming both counts.
        let err = archive.images().unwrap_err().to_string();
        assert!(err.contains("lists 2 layers") && err.contains("3"), "{err}");

        let manifest = serde_json::json!([{
            "Config": "config.json", "Layers": ["one/layer.tar", "two/layer.tar"],
        }]);
        let tar = Tar::new()
            .file("one/layer.tar", &layer)
            .symlink("two/layer.tar", "../one/layer.tar")
            .file("config.json", &config)
            .file("manifest.json", manifest.to_string().as_bytes())
            .finish();
        let archive = read(&tar).unwrap();
        let images = archive.images().unwrap();
        assert!(images[0].name.starts_with("<untagged config"));
        assert_eq!(images[0].layers[1].files.bytes(), 5);
    }

    /// An archive with one layer, `config.json` and the given manifest.json.
    fn with_manifest(manifest: &str) -> Vec<u8> {
        let layer = Tar::new().file("f", b"x").finish();
        Tar::new()
            .file("l/layer.tar", &layer)
            .file(
                "config.json",
                &config(&[("RUN x", false)], std::slice::from_ref(&layer)),
            )
            .file("manifest.json", manifest.as_bytes())
            .finish()
    }

    fn images_error(bytes: &[u8]) -> Error {
        match read(bytes) {
            Ok(archive) => archive.images().map(|_| ()).unwrap_err(),
            Err(e) => e,
        }
    }

    #[test]
    fn a_manifest_naming_missing_or_wrong_members_is_a_clear_error() {
        let ok = r#"[{"Config":"config.json","Layers":["l/layer.tar"]}]"#;
        assert!(read(&with_manifest(ok)).unwrap().images().is_ok());
        let missing = r#"[{"Config":"config.json","Layers":["l/layer.tar","gone/layer.tar"]}]"#;
        assert!(matches!(
            images_error(&with_manifest(missing)),
            Error::Missing { ref path, .. } if path == "gone/layer.tar"
        ));
        let no_config = r#"[{"Config":"nope.json","Layers":["l/layer.tar"]}]"#;
        assert!(matches!(
            images_error(&with_manifest(no_config)),
            Error::Missing { .. }
        ));
        let swapped = r#"[{"Config":"l/layer.tar","Layers":["config.json"]}]"#;
        assert!(matches!(
            images_error(&with_manifest(swapped)),
            Error::Unusable { .. }
        ));
        let escape = r#"[{"Config":"../../etc/passwd","Layers":[]}]"#;
        assert!(matches!(
            images_error(&with_manifest(escape)),
            Error::PathEscapes { .. }
        ));
        for bad in [r#"{"Config":"x"}"#, "[{}]", r#"[{"Config":3}]"#, "[1,2"] {
            assert!(
                matches!(images_error(&with_manifest(bad)), Error::BadJson { .. }),
                "{bad}"
            );
        }
        assert!(matches!(
            images_error(&with_manifest("[]")),
            Error::Invalid(_)
        ));
        let too_many = format!(
            r#"[{{"Config":"config.json","Layers":[{}"l/layer.tar"]}}]"#,
            r#""l/layer.tar","#.repeat(1000)
        );
        assert!(matches!(
            images_error(&with_manifest(&too_many)),
            Error::Invalid(_)
        ));
    }

    #[test]
    fn hostile_archives_are_clear_errors() {
        let good = classic_archive(&layers(), STEPS);
        assert!(matches!(images_error(b""), Error::Truncated { .. }));
        assert!(matches!(
            images_error(&good[..good.len() / 2]),
            Error::Truncated { .. }
        ));
        // Cut at a block boundary: the tar crate alone would take it for the end.
        assert!(matches!(
            images_error(&good[..1536]),
            Error::Truncated { .. }
        ));
        assert!(matches!(
            images_error(&Tar::new().file("hello.txt", b"hi").finish()),
            Error::NotAnImageArchive
        ));
        assert!(matches!(
            images_error(&Tar::new().file("../../etc/passwd", b"x").finish()),
            Error::PathEscapes { .. }
        ));
        assert!(matches!(
            images_error(&Tar::new().symlink("a", "../../../etc").finish()),
            Error::PathEscapes { .. }
        ));
        assert!(matches!(images_error(&[0x42; 4096]), Error::Read { .. }));
        let zstd = [0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0];
        let tar = Tar::new()
            .file("l/layer.tar", &zstd)
            .file("config.json", b"{}")
            .file(
                "manifest.json",
                br#"[{"Config":"config.json","Layers":["l/layer.tar"]}]"#,
            )
            .finish();
        let err = images_error(&tar);
        assert!(err.to_string().contains("zstd"), "{err}");
        let looping = Tar::new()
            .symlink("a/layer.tar", "../b/layer.tar")
            .symlink("b/layer.tar", "../a/layer.tar")
            .file("config.json", b"{}")
            .file(
                "manifest.json",
                br#"[{"Config":"config.json","Layers":["a/layer.tar"]}]"#,
            )
            .finish();
        assert!(images_error(&looping).to_string().contains("loop"));
    }

    #[test]
    fn json_and_entry_counts_are_capped() {
        let limits = Limits {
            max_json: 100,
            max_json_total: 1000,
            max_archive_entries: 50,
            ..Limits::default()
        };
        let big = format!("[{}0]", "0,".repeat(200));
        let tar = Tar::new().file("manifest.json", big.as_bytes()).finish();
        let archive = read_archive(Cursor::new(tar), &limits).unwrap();
        let err = archive.images().map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("over the 100-byte limit"), "{err}");

        let many_json = (0..20).fold(Tar::new(), |t, i| t.file(&format!("{i}.json"), &[b'{'; 90]));
        assert!(matches!(
            read_archive(Cursor::new(many_json.finish()), &limits),
            Err(Error::TooMuchJson { limit: 1000 })
        ));
        let many = (0..60).fold(Tar::new(), |t, i| t.file(&format!("f{i}"), b""));
        assert!(matches!(
            read_archive(Cursor::new(many.finish()), &limits),
            Err(Error::TooManyEntries { limit: 50, .. })
        ));
        // The layer entry cap counts across all layers of the archive.
        let layer = (0..30)
            .fold(Tar::new(), |t, i| t.file(&format!("f{i}"), b""))
            .finish();
        let two = Tar::new()
            .file("a/layer.tar", &layer)
            .file("b/layer.tar", &layer)
            .finish();
        let tight = Limits {
            max_entries: 50,
            ..Limits::default()
        };
        assert!(matches!(
            read_archive(Cursor::new(two), &tight),
            Err(Error::TooManyEntries { .. })
        ));
    }

    #[test]
    fn bad_digests_in_an_index_are_refused() {
        let index = r#"{"manifests":[{"digest":"sha256:../../../etc/passwd"}]}"#;
        let tar = Tar::new().file("index.json", index.as_bytes()).finish();
        assert!(images_error(&tar).to_string().contains("is not a digest"));
        let index = r#"{"manifests":[{"digest":"sha256:abc"}]}"#;
        let tar = Tar::new().file("index.json", index.as_bytes()).finish();
        assert!(matches!(images_error(&tar), Error::Missing { .. }));
    }

    #[test]
    fn no_cut_or_flipped_byte_makes_it_panic() {
        for archive in [
            classic_archive(&layers(), STEPS),
            oci_archive(&layers(), STEPS, true, false),
        ] {
            for cut in (0..archive.len()).step_by(97) {
                let _ = read(&archive[..cut]).map(|a| a.images().map(|_| ()));
            }
            for at in (0..archive.len()).step_by(13) {
                let mut flipped = archive.clone();
                flipped[at] ^= 0x5a;
                let _ = read(&flipped).map(|a| a.images().map(|_| ()));
            }
        }
        let _ = gzip(b"");
    }
}
