use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use crate::Error;

/// What the benchmark scripts read from wrk's `--latency` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrk {
    /// Requests per second, to the unit.
    pub rate: String,
    pub p50: String,
    pub p99: String,
    /// Non-2xx or 3xx answers, plus one per kind of socket error.
    pub errors: u64,
}

/// Reads wrk's output; `None` when it lacks a figure (wrk failed before measuring).
pub fn parse_wrk(output: &str) -> Option<Wrk> {
    let mut rate = None;
    let (mut p50, mut p99) = (None, None);
    let mut errors = 0;
    for line in output.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value, ..] => {
                rate = value.parse::<f64>().ok().map(|v| format!("{v:.0}"));
            }
            ["50%", value, ..] => p50 = Some((*value).to_owned()),
            ["99%", value, ..] => p99 = Some((*value).to_owned()),
            ["Socket", "errors:", ..] => errors += 1,
            [.., last] if line.contains("Non-2xx or 3xx responses:") => {
                errors += last.parse::<u64>().unwrap_or(1);
            }
            _ => {}
        }
    }
    Some(Wrk {
        rate: rate?,
        p50: p50?,
        p99: p99?,
        errors,
    })
}

/// A field of /proc/PID/status in kB (`VmRSS`, `VmHWM`), as MB to the tenth.
pub fn status_mb(status: &str, key: &str) -> Option<String> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let kb: f64 = rest.split_whitespace().next()?.parse().ok()?;
        Some(format!("{:.1}", kb / 1024.0))
    })
}

/// `xtask wrk-row`: one Markdown row from wrk's output on standard input, with the resident
/// memory of the server process now and at its peak.
pub fn wrk_row(name: &str, connections: u32, pid: u32) -> Result<(), Error> {
    let mut output = String::new();
    std::io::stdin()
        .read_to_string(&mut output)
        .map_err(|e| Error::Bench(format!("cannot read wrk's output: {e}")))?;
    let wrk = parse_wrk(&output).ok_or_else(|| {
        Error::Bench(format!(
            "{name} at {connections} connections: wrk printed no figures:\n{output}"
        ))
    })?;
    if wrk.errors > 0 {
        return Err(Error::Bench(format!(
            "{output}\n{name} at {connections} connections: errors or non-2xx answers"
        )));
    }
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone().into(),
        source,
    })?;
    let mb =
        |key| status_mb(&status, key).ok_or_else(|| Error::Bench(format!("no {key} in {path}")));
    println!(
        "| {name} | {connections} | {} | {} | {} | {} MB (peak {} MB) |",
        wrk.rate,
        wrk.p50,
        wrk.p99,
        mb("VmRSS")?,
        mb("VmHWM")?
    );
    Ok(())
}

/// Mebibytes from `docker stats`' memory column (`3.5MiB / 23.4GiB`), to the tenth.
pub fn docker_mib(usage: &str) -> Option<String> {
    let used = usage.split_whitespace().next()?;
    let at = used.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = used.split_at(at);
    let value: f64 = number.parse().ok()?;
    let mib = match unit {
        "B" => value / 1_048_576.0,
        "KiB" | "kB" => value / 1024.0,
        "MiB" | "MB" => value,
        "GiB" | "GB" => value * 1024.0,
        _ => return None,
    };
    Some(format!("{mib:.1}"))
}

/// `median UNIT (min–max)` of the values: whole milliseconds for `ms`, tenths otherwise.
pub fn summary(unit: &str, values: &[f64]) -> Option<String> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let (first, last) = (*sorted.first()?, *sorted.last()?);
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some(if unit == "ms" {
        // Whole milliseconds, cut as printf's %d cuts.
        format!(
            "{} {unit} ({}–{})",
            median.trunc(),
            first.trunc(),
            last.trunc()
        )
    } else {
        format!("{median:.1} {unit} ({first:.1}–{last:.1})")
    })
}

/// The median, minimum and maximum of hyperfine's first result (`--export-json`), in ms.
pub fn hyperfine_ms(json: &str) -> Option<(f64, f64, f64)> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let result = value.get("results")?.get(0)?;
    let seconds = |key: &str| result.get(key)?.as_f64().map(|s| s * 1000.0);
    Some((seconds("median")?, seconds("min")?, seconds("max")?))
}

/// `xtask hyperfine-row`: one Markdown row of the cowsay benchmark from hyperfine's JSON.
pub fn hyperfine_row(label: &str, shown: &str, runs: u32, json: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(json).map_err(|source| Error::Read {
        path: json.to_owned(),
        source,
    })?;
    let (median, min, max) = hyperfine_ms(&text).ok_or_else(|| {
        Error::Bench(format!(
            "{}: no results[0] with median, min and max",
            json.display()
        ))
    })?;
    let mut row = String::new();
    let _ = write!(
        row,
        "| {label} | `{shown}` | {runs} | {median:.2} ms | {min:.2}–{max:.2} ms |"
    );
    println!("{row}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 1s test @ http://127.0.0.1:3000/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   124.33us   1.22ms  42.56ms   99.71%
  Latency Distribution
     50%  128.00us
     75%  140.00us
     90%  155.00us
     99%   42.56ms
  3618 requests in 1.00s, 445.30KB read
Requests/sec:   3617.52
Transfer/sec:    445.15KB
";

    #[test]
    fn wrk_figures_are_read_and_errors_counted() {
        assert_eq!(
            parse_wrk(WRK),
            Some(Wrk {
                rate: "3618".into(),
                p50: "128.00us".into(),
                p99: "42.56ms".into(),
                errors: 0
            })
        );
        let failing = format!(
            "{WRK}  Socket errors: connect 0, read 2, write 0, timeout 0\n  Non-2xx or 3xx responses: 12\n"
        );
        assert_eq!(parse_wrk(&failing).unwrap().errors, 13);
        assert_eq!(parse_wrk("unable to connect to 127.0.0.1:1\n"), None);
    }

    #[test]
    fn proc_status_memory_in_mb() {
        let status = "Name:\thello\nVmHWM:\t    6144 kB\nVmRSS:\t    5990 kB\n";
        assert_eq!(status_mb(status, "VmRSS").as_deref(), Some("5.8"));
        assert_eq!(status_mb(status, "VmHWM").as_deref(), Some("6.0"));
        assert_eq!(status_mb(status, "VmSwap"), None);
    }

    #[test]
    fn docker_stats_memory_in_mib() {
        assert_eq!(docker_mib("3.5MiB / 23.4GiB").as_deref(), Some("3.5"));
        assert_eq!(docker_mib("512KiB / 1GiB").as_deref(), Some("0.5"));
        assert_eq!(docker_mib("1.5GiB / 2GiB").as_deref(), Some("1536.0"));
        assert_eq!(docker_mib("2097152B / 1GiB").as_deref(), Some("2.0"));
        assert_eq!(docker_mib("--"), None);
        assert_eq!(docker_mib("3.5XB / 1GiB"), None);
    }

    #[test]
    fn summaries_are_median_and_range() {
        assert_eq!(
            summary("ms", &[320.0, 250.0, 900.0]).as_deref(),
            Some("320 ms (250–900)")
        );
        assert_eq!(
            summary("ms", &[301.0, 250.0, 900.0, 310.0]).as_deref(),
            Some("305 ms (250–900)")
        );
        assert_eq!(
            summary("MiB", &[3.45, 3.5, 3.7]).as_deref(),
            Some("3.5 MiB (3.5–3.7)")
        );
        assert_eq!(summary("ms", &[]), None);
    }

    #[test]
    fn hyperfine_results_in_ms() {
        let json =
            r#"{"results":[{"command":"cowsay hi","median":0.00123,"min":0.0011,"max":0.0042}]}"#;
        let (median, min, max) = hyperfine_ms(json).unwrap();
        assert_eq!(format!("{median:.2} {min:.2} {max:.2}"), "1.23 1.10 4.20");
        assert_eq!(hyperfine_ms(r#"{"results":[]}"#), None);
        assert_eq!(hyperfine_ms("not json"), None);
    }
}
