//! Tar fixtures built in memory, hostile names included (the tar crate's own path setters refuse
//! `..`, so names are written into the headers by hand).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// A tar archive under construction, in memory.
pub struct Tar(tar::Builder<Vec<u8>>);

impl Default for Tar {
    fn default() -> Self {
        Self::new()
    }
}

impl Tar {
    pub fn new() -> Self {
        Self(tar::Builder::new(Vec::new()))
    }

    pub fn file(self, name: &str, data: &[u8]) -> Self {
        self.entry(name, tar::EntryType::Regular, data, None)
    }

    pub fn dir(self, name: &str) -> Self {
        self.entry(name, tar::EntryType::Directory, b"", None)
    }

    pub fn symlink(self, name: &str, target: &str) -> Self {
        self.entry(name, tar::EntryType::Symlink, b"", Some(target))
    }

    pub fn hardlink(self, name: &str, target: &str) -> Self {
        self.entry(name, tar::EntryType::Link, b"", Some(target))
    }

    fn entry(mut self, name: &str, kind: tar::EntryType, data: &[u8], link: Option<&str>) -> Self {
        let name = name.as_bytes();
        if name.len() > 100 {
            // A GNU long-name entry carries the name; the real header holds its first 100 bytes.
            let mut long = tar::Header::new_gnu();
            long.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
            long.set_entry_type(tar::EntryType::GNULongName);
            long.set_size(name.len() as u64 + 1);
            long.set_cksum();
            let mut data = name.to_vec();
            data.push(0);
            self.0.append(&long, data.as_slice()).unwrap();
        }
        let mut header = tar::Header::new_gnu();
        let short = &name[..name.len().min(100)];
        header.as_gnu_mut().unwrap().name[..short.len()].copy_from_slice(short);
        header.set_entry_type(kind);
        header.set_mode(if kind == tar::EntryType::Directory {
            0o755
        } else {
            0o644
        });
        header.set_size(data.len() as u64);
        if let Some(link) = link {
            header.set_link_name(link).unwrap();
        }
        header.set_cksum();
        self.0.append(&header, data).unwrap();
        self
    }

    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner().unwrap()
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A made-up digest for `bytes` (a hash, not SHA-256: only consistency matters here).
pub fn digest(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let h = hasher.finish();
    format!("sha256:{h:016x}{h:016x}{h:016x}{h:016x}")
}

fn hex(digest: &str) -> &str {
    digest.strip_prefix("sha256:").unwrap()
}

/// An image config: `steps` are (created_by, empty_layer); one diff id per layer.
pub fn config(steps: &[(&str, bool)], layers: &[Vec<u8>]) -> Vec<u8> {
    let history: Vec<serde_json::Value> = steps
        .iter()
        .map(|(created_by, empty)| {
            if *empty {
                serde_json::json!({"created_by": created_by, "empty_layer": true})
            } else {
                serde_json::json!({"created_by": created_by})
            }
        })
        .collect();
    let diff_ids: Vec<String> = layers.iter().map(|l| digest(l)).collect();
    serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64",
        "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }))
    .unwrap()
}

/// A classic `docker save` archive (Engine < 25) of one image tagged `test:latest`: layers first,
/// then the config, then manifest.json, as the engine writes them.
pub fn classic_archive(layers: &[Vec<u8>], steps: &[(&str, bool)]) -> Vec<u8> {
    let config = config(steps, layers);
    let config_name = format!("{}.json", hex(&digest(&config)));
    let mut tar = Tar::new();
    let mut paths = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let id = format!("{i:064}");
        tar = tar
            .dir(&id)
            .file(&format!("{id}/VERSION"), b"1.0")
            .file(&format!("{id}/json"), b"{}")
            .file(&format!("{id}/layer.tar"), layer);
        paths.push(format!("{id}/layer.tar"));
    }
    let manifest = serde_json::json!([
        {"Config": config_name, "RepoTags": ["test:latest"], "Layers": paths}
    ]);
    tar.file(&config_name, &config)
        .file("manifest.json", manifest.to_string().as_bytes())
        .file("repositories", b"{}")
        .finish()
}

/// An OCI archive (Engine 25+ or other tools) of one image, index.json first; layers gzipped
/// when asked, and a manifest.json beside index.json when asked.
pub fn oci_archive(
    layers: &[Vec<u8>],
    steps: &[(&str, bool)],
    gzipped: bool,
    manifest_json: bool,
) -> Vec<u8> {
    let config = config(steps, layers);
    let blobs: Vec<Vec<u8>> = layers
        .iter()
        .map(|l| if gzipped { gzip(l) } else { l.clone() })
        .collect();
    let media_type = if gzipped {
        "application/vnd.oci.image.layer.v1.tar+gzip"
    } else {
        "application/vnd.oci.image.layer.v1.tar"
    };
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(&config), "size": config.len()},
        "layers": blobs.iter().map(|b| serde_json::json!({"mediaType": media_type, "digest": digest(b), "size": b.len()})).collect::<Vec<_>>(),
    }))
    .unwrap();
    let index = serde_json::json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest(&manifest),
            "size": manifest.len(),
            "annotations": {"io.containerd.image.name": "docker.io/library/test:oci"},
        }],
    });
    let mut tar = Tar::new()
        .file("index.json", index.to_string().as_bytes())
        .file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#)
        .dir("blobs")
        .dir("blobs/sha256");
    for blob in blobs.iter().chain([&config, &manifest]) {
        tar = tar.file(&format!("blobs/sha256/{}", hex(&digest(blob))), blob);
    }
    if manifest_json {
        let list = serde_json::json!([{
            "Config": format!("blobs/sha256/{}", hex(&digest(&config))),
            "RepoTags": ["test:from-manifest-json"],
            "Layers": blobs.iter().map(|b| format!("blobs/sha256/{}", hex(&digest(b)))).collect::<Vec<_>>(),
        }]);
        tar = tar.file("manifest.json", list.to_string().as_bytes());
    }
    tar.finish()
}
