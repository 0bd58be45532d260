use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::chart::{self, Bar};
use crate::cli::SizeReportArgs;
use crate::docker::{docker, inspect, is_stand_in};
use crate::{date, dockerfile, table, Error};

/// What scripts/build-ladder.sh measured for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    /// The file of `Dockerfiles/` it was built from.
    pub dockerfile: String,
    pub tag: String,
    /// The three build times, in seconds, as the script wrote them.
    pub build: String,
    pub rebuild: String,
    pub edit: String,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tag: String,
    /// The final stage's image, and the stand-ins it was built on.
    pub base: String,
    pub stand_in: bool,
    pub bytes: u64,
    pub layers: String,
    pub user: String,
    pub healthcheck: String,
    pub times: [String; 3],
}

impl Row {
    fn megabytes(&self) -> f64 {
        self.bytes as f64 / 1e6
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.tag.clone(),
            self.base.clone(),
            format!("{:.2} MB", self.megabytes()),
            self.layers.clone(),
            self.user.clone(),
            self.healthcheck.clone(),
            seconds(&self.times[0]),
            seconds(&self.times[1]),
            seconds(&self.times[2]),
        ]
    }
}

/// A time column: seconds, or `-` for a time not measured (build-ladder.sh's quick mode skips
/// the rebuild after an edit).
fn seconds(time: &str) -> String {
    if time == NOT_TIMED {
        "not timed (--full)".to_owned()
    } else {
        format!("{time} s")
    }
}

/// How the measurements file says a time was not measured.
const NOT_TIMED: &str = "-";

/// Reads the measurements file: `DOCKERFILE|TAG|BUILD|REBUILD|EDIT` per line, EDIT `-` when
/// the rebuild after an edit was not timed.
pub fn read_measurements(path: &Path) -> Result<Vec<Measurement>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let bad = |line: usize, reason: String| Error::Measurements {
        path: path.to_owned(),
        line,
        reason,
    };
    let mut found = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('|').collect();
        let [dockerfile, tag, build, rebuild, edit] = fields[..] else {
            return Err(bad(
                n + 1,
                format!("expected DOCKERFILE|TAG|BUILD|REBUILD|EDIT, got `{line}`"),
            ));
        };
        let edit_timed = edit != NOT_TIMED;
        for time in [build, rebuild]
            .into_iter()
            .chain(edit_timed.then_some(edit))
        {
            if time.parse::<f64>().is_err() {
                return Err(bad(n + 1, format!("`{time}` is not a number of seconds")));
            }
        }
        if dockerfile.is_empty() || dockerfile.contains('/') || tag.is_empty() {
            return Err(bad(
                n + 1,
                format!("bad Dockerfile name or tag in `{line}`"),
            ));
        }
        found.push(Measurement {
            dockerfile: dockerfile.to_owned(),
            tag: tag.to_owned(),
            build: build.to_owned(),
            rebuild: rebuild.to_owned(),
            edit: edit.to_owned(),
        });
    }
    if found.is_empty() {
        return Err(bad(0, "no image in it".to_owned()));
    }
    Ok(found)
}

/// The row of a measured image: what its Dockerfile builds on, and what the engine says of it.
fn row(root: &Path, m: &Measurement) -> Result<Row, Error> {
    let path = root.join("Dockerfiles").join(&m.dockerfile);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let bases = dockerfile::bases(&text);
    let stand_ins: Vec<&str> = bases
        .images
        .iter()
        .map(String::as_str)
        .filter(|image| is_stand_in(image))
        .collect();
    let mut base = bases.last.clone();
    if !stand_ins.is_empty() {
        base = format!("{base} (built on stand-in: {})", stand_ins.join(" "));
    }
    let size = inspect(&m.tag, "{{.Size}}")?;
    let bytes = size.parse().map_err(|_| Error::Docker {
        command: format!("image inspect {}", m.tag),
        stderr: format!("a size that is not a number: `{size}`"),
    })?;
    let user = inspect(&m.tag, "{{.Config.User}}")?;
    let healthcheck = inspect(
        &m.tag,
        r#"{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}"#,
    )?;
    Ok(Row {
        tag: m.tag.clone(),
        base,
        stand_in: !stand_ins.is_empty(),
        bytes,
        layers: inspect(&m.tag, "{{len .RootFS.Layers}}")?,
        user: if user.is_empty() { "root".into() } else { user },
        healthcheck: if healthcheck.is_empty() {
            "none".into()
        } else {
            healthcheck
        },
        times: [m.build.clone(), m.rebuild.clone(), m.edit.clone()],
    })
}

/// The header of the first time column.
fn build_label(cold: bool) -> &'static str {
    if cold {
        "cold build"
    } else {
        "build, cache allowed"
    }
}

/// docs/size-report.md: how it was made, the table, and dissect's comparison.
pub fn markdown(rows: &[Row], dissected: &str, cold: bool, made: &str) -> String {
    let mut md = String::new();
    md.push_str("# Image size report\n\n");
    let _ = writeln!(md, "Made by `scripts/build-ladder.sh` on {made}.");
    md.push_str(
        "Sizes are uncompressed, as `docker images` shows them. \"built on stand-in\" marks images whose\n\
         base images were built locally by `scripts/seed-base-images.sh` because none could be pulled.\n\n\
         ![Image sizes](size-report.svg)\n\n",
    );
    if cold {
        md.push_str(
            "Cold build: `docker build --no-cache`, each image on its own (the rungs that share a build stage\n\
             each compile it again; in a normal build 04–06 reuse 03's layers and take under a second).\n",
        );
    } else {
        md.push_str(
            "Build: `docker build` with the layer cache allowed, so it depends on what was built before\n\
             (`scripts/build-ladder.sh --cold` measures cold builds).\n",
        );
    }
    md.push_str(
        "Rebuild after a microblog edit: the same build with a line added to `microblog/src/routes/main.rs`\n\
         (in a copy of the context): the images that do not contain microblog do not recompile.\n\n",
    );
    let _ = writeln!(
        md,
        "| image | base | size | layers | user | healthcheck | {} | rebuild, no change | rebuild after a microblog edit |",
        build_label(cold)
    );
    md.push_str("|---|---|---:|---:|---|---|---:|---:|---:|\n");
    for row in rows {
        let _ = writeln!(md, "| {} |", row.cells().join(" | "));
    }
    md.push_str(
        "\n## Layers, files and wasted space\n\n\
         `dissect compare` (this repository's layer analyzer, `dissect/`) on the same images: files in\n\
         all layers, bytes that a later layer overwrites or deletes (wasted), and efficiency, as dive counts it.\n\n\
         ```\n",
    );
    md.push_str(dissected);
    md.push_str("```\n");
    md
}

/// The table as the terminal shows it, columns aligned.
pub fn terminal_table(rows: &[Row], cold: bool) -> String {
    let mut cells = vec![[
        "IMAGE",
        "BASE",
        "SIZE",
        "LAYERS",
        "USER",
        "HEALTHCHECK",
        &build_label(cold).to_uppercase(),
        "NO CHANGE",
        "EDIT",
    ]
    .map(str::to_owned)
    .to_vec()];
    cells.extend(rows.iter().map(Row::cells));
    table::align(&cells)
}

/// `dissect compare` on the images, through the dissect library (it runs `docker save`).
fn dissect_compare(tags: &[&str]) -> Result<String, Error> {
    let mut args = vec!["dissect", "compare"];
    for tag in tags {
        args.extend(["--image", tag]);
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dissect::cli::run(args, &mut out, &mut err);
    if code == dissect::cli::EXIT_OK {
        Ok(String::from_utf8_lossy(&out).into_owned())
    } else {
        Err(Error::Dissect(
            String::from_utf8_lossy(&err).trim().to_owned(),
        ))
    }
}

fn write(path: PathBuf, text: &str) -> Result<(), Error> {
    std::fs::write(&path, text).map_err(|source| Error::Write { path, source })
}

/// `xtask size-report`: writes docs/size-report.md and docs/size-report.svg, and prints the
/// table and dissect's comparison.
pub fn run(args: &SizeReportArgs) -> Result<(), Error> {
    let measurements = read_measurements(&args.measurements)?;
    let rows = measurements
        .iter()
        .map(|m| row(&args.root, m))
        .collect::<Result<Vec<_>, _>>()?;
    let tags: Vec<&str> = rows.iter().map(|r| r.tag.as_str()).collect();
    let dissected = dissect_compare(&tags)?;
    let today = date::today();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let engine = docker(&["version", "-f", "{{.Server.Version}}"])?;
    let made = format!("{today}, {cores} cores, Docker Engine {engine}");
    let docs = args.root.join("docs");
    std::fs::create_dir_all(&docs).map_err(|source| Error::Write {
        path: docs.clone(),
        source,
    })?;
    write(
        docs.join("size-report.md"),
        &markdown(&rows, &dissected, args.cold, &made),
    )?;
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| Bar {
            name: r.tag.clone(),
            // The chart draws the sizes the table prints, to the hundredth.
            megabytes: format!("{:.2}", r.megabytes()).parse().unwrap_or(0.0),
            stand_in: r.stand_in,
        })
        .collect();
    write(docs.join("size-report.svg"), &chart::svg(&bars, &today))?;
    print!("\n{}\n{dissected}", terminal_table(&rows, args.cold));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            tag: "healthapp".into(),
            base: "scratch (built on stand-in: rust:1-slim-bookworm)".into(),
            stand_in: true,
            bytes: 1_510_000,
            layers: "1".into(),
            user: "65532:65532".into(),
            healthcheck: "CMD /healthapp check".into(),
            times: ["41.5".into(), "0.2".into(), "0.7".into()],
        }
    }

    #[test]
    fn measurements_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        std::fs::write(
            &path,
            "healthapp|healthapp|41.5|0.2|0.7\n07-static|microblog:07-static|170.9|0.3|47.6\n",
        )
        .unwrap();
        let found = read_measurements(&path).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].tag, "microblog:07-static");
        for bad in [
            "healthapp|healthapp|41.5|0.2\n",
            "healthapp|healthapp|x|0.2|0.7\n",
            "healthapp|healthapp|-|0.2|0.7\n",
            "../x|t|1|1|1\n",
            "",
        ] {
            std::fs::write(&path, bad).unwrap();
            assert!(read_measurements(&path).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_rebuild_after_an_edit_may_be_left_untimed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        std::fs::write(&path, "healthapp|healthapp|41.5|0.2|-\n").unwrap();
        let found = read_measurements(&path).unwrap();
        let mut quick = row();
        quick.times[2] = found[0].edit.clone();
        assert!(
            quick.cells()[8].contains("not timed"),
            "{:?}",
            quick.cells()
        );
    }

    #[test]
    fn the_markdown_has_the_table_and_dissects_output() {
        let md = markdown(
            &[row()],
            "  image  size\n",
            true,
            "2026-11-24, 2 cores, Docker Engine 20.10.24",
        );
        assert!(md.starts_with("# Image size report\n\nMade by `scripts/build-ladder.sh` on 2026-11-24, 2 cores, Docker Engine 20.10.24.\n"));
        assert!(md.contains("| image | base | size | layers | user | healthcheck | cold build | rebuild, no change | rebuild after a microblog edit |\n"));
        assert!(md.contains("\n| healthapp | scratch (built on stand-in: rust:1-slim-bookworm) | 1.51 MB | 1 | 65532:65532 | CMD /healthapp check | 41.5 s | 0.2 s | 0.7 s |\n"));
        assert!(md.ends_with("```\n  image  size\n```\n"));
        assert!(markdown(&[row()], "", false, "x").contains("| build, cache allowed |"));
    }

    #[test]
    fn the_terminal_table_is_aligned_with_an_uppercase_header() {
        let text = terminal_table(&[row()], false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("IMAGE      BASE"), "{text}");
        assert!(lines[0].contains("BUILD, CACHE ALLOWED"), "{text}");
        assert_eq!(lines[0].find("SIZE"), lines[1].find("1.51 MB"));
    }
}
