use std::collections::HashMap;
use std::path::Path;

use crate::Error;

/// The page a row measured: the first word of its name that is a path (`/index`).
fn page_of(name: &str) -> Option<&str> {
    name.split_whitespace()
        .find(|word| word.starts_with('/'))
        .map(|word| word.trim_end_matches(','))
}

/// The benchmark table of docs/benchmarks.md from scripts/bench-http.sh's rows
/// (`| NAME | CONNECTIONS | REQ/S | P50 | P99 | RSS |`): each row gains its throughput as a share
/// of `hello`'s at the same connection count (the ceiling: a bare axum answer), and each
/// `microblog` row its multiple of the `Flask` row of the same page and connection count (the
/// original), or "not measured" when no Flask row was measured at all.
pub fn table(rows: &str) -> Result<String, String> {
    let mut parsed = Vec::new();
    for line in rows.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line
            .trim()
            .trim_start_matches('|')
            .trim_end_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let [name, connections, rps, p50, p99, rss] = cells[..] else {
            return Err(format!("not a row of six cells: `{line}`"));
        };
        let rate: f64 = rps
            .parse()
            .map_err(|_| format!("`{rps}` is not a number of requests per second in `{line}`"))?;
        parsed.push((name, connections, rps, rate, p50, p99, rss));
    }
    let ceiling: HashMap<&str, f64> = parsed
        .iter()
        .filter(|row| row.0.starts_with("hello"))
        .map(|row| (row.1, row.3))
        .collect();
    let original: HashMap<(&str, &str), f64> = parsed
        .iter()
        .filter(|row| row.0.starts_with("Flask"))
        .filter_map(|row| Some(((page_of(row.0)?, row.1), row.3)))
        .collect();
    let mut out = String::from(
        "| target | connections | req/s | of hello | × Flask | p50 | p99 | server RSS |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for (name, connections, rps, rate, p50, p99, rss) in parsed {
        let share = match ceiling.get(connections) {
            Some(&hello) if hello > 0.0 => format!("{:.0} %", 100.0 * rate / hello),
            _ => "-".to_owned(),
        };
        let flask = page_of(name).and_then(|page| original.get(&(page, connections)));
        let multiple = match flask {
            _ if !name.starts_with("microblog") => "-".to_owned(),
            Some(&flask) if flask > 0.0 => format!("{:.0}×", rate / flask),
            _ if original.is_empty() => "not measured".to_owned(),
            _ => "-".to_owned(),
        };
        out.push_str(&format!(
            "| {name} | {connections} | {rps} | {share} | {multiple} | {p50} | {p99} | {rss} |\n"
        ));
    }
    Ok(out)
}

/// `xtask http-table --rows FILE`: prints the table.
pub fn run(rows: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(rows).map_err(|source| Error::Read {
        path: rows.to_owned(),
        source,
    })?;
    let table = table(&text).map_err(|reason| Error::Measurements {
        path: rows.to_owned(),
        line: 0,
        reason,
    })?;
    print!("{table}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed table, less its "of hello" and "× Flask" columns, gives the same table back.
    #[test]
    fn the_committed_http_table_is_recomputed_from_its_rows() {
        let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/benchmarks.md");
        let text = std::fs::read_to_string(doc).unwrap();
        let section = text
            .split("<!-- bench-all:http -->")
            .nth(1)
            .and_then(|rest| rest.split("<!-- /bench-all:http -->").next())
            .unwrap();
        let committed: String = section
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| format!("{l}\n"))
            .collect();
        let rows: String = committed
            .lines()
            .skip(2)
            .map(|l| {
                let mut cells: Vec<&str> = l.split(" | ").collect();
                cells.drain(3..5);
                format!("{}\n", cells.join(" | "))
            })
            .collect();
        assert!(rows.lines().count() >= 10, "{rows}");
        assert_eq!(table(&rows).unwrap(), committed);
    }

    #[test]
    fn microblog_pages_are_a_multiple_of_the_flask_original() {
        let rows = "| hello | 16 | 40000 | 1ms | 2ms | 3 MB |\n\
                    | microblog /index, logged in | 16 | 8000 | 1ms | 2ms | 20 MB |\n\
                    | microblog /health | 16 | 20000 | 1ms | 2ms | 20 MB |\n\
                    | Flask original /index, logged in | 16 | 80 | 1s | 2s | 300 MB |\n";
        let table = table(rows).unwrap();
        assert!(
            table.contains("| microblog /index, logged in | 16 | 8000 | 20 % | 100× |"),
            "{table}"
        );
        assert!(
            table.contains("| microblog /health | 16 | 20000 | 50 % | - |"),
            "{table}"
        );
        assert!(
            table.contains("| Flask original /index, logged in | 16 | 80 | 0 % | - |"),
            "{table}"
        );
    }

    #[test]
    fn rows_without_a_ceiling_get_a_dash_and_bad_rows_are_refused() {
        let table = table("| microblog /health | 16 | 100 | 1ms | 2ms | 5 MB |\n").unwrap();
        assert!(
            table.ends_with(
                "| microblog /health | 16 | 100 | - | not measured | 1ms | 2ms | 5 MB |\n"
            ),
            "{table}"
        );
        assert!(super::table("| a | 1 | many | 1 | 2 | 3 |").is_err());
        assert!(super::table("| a | 1 |").is_err());
    }
}
