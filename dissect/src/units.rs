/// Bytes for people, in decimal units as `docker images` prints them: `0 B`, `999 B`, `1.5 kB`,
/// `74.8 MB`, `1.3 GB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A ratio as a percentage with one decimal: `0.9876` is `98.8 %`.
pub fn format_percent(percent: f64) -> String {
    format!("{percent:.1} %")
}

/// Parses a byte count: a plain number, or one with a decimal (`kB`, `MB`, `GB`, `TB`) or binary
/// (`KiB`, `MiB`, `GiB`, `TiB`) unit, the `B` optional and the case ignored: `20MB`, `1.5 GiB`,
/// `512k`.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a number of bytes, like 20MB or 1048576"))?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let scale: f64 = match unit {
        "" => 1.0,
        "k" => 1e3,
        "m" => 1e6,
        "g" => 1e9,
        "t" => 1e12,
        "ki" => 1024.0,
        "mi" => 1024.0 * 1024.0,
        "gi" => 1024.0 * 1024.0 * 1024.0,
        "ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "`{text}` has an unknown unit (use kB, MB, GB, KiB, MiB, GiB)"
            ))
        }
    };
    let bytes = (number * scale).round();
    if bytes.is_finite() && bytes < u64::MAX as f64 {
        Ok(bytes as u64)
    } else {
        Err(format!("`{text}` is too many bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_print_like_docker_images() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(999), "999 B");
        assert_eq!(format_bytes(1500), "1.5 kB");
        assert_eq!(format_bytes(1_048_576), "1.0 MB");
        assert_eq!(format_bytes(999_999), "1.0 MB");
        assert_eq!(format_bytes(1_280_000_000), "1.3 GB");
        assert_eq!(format_bytes(u64::MAX), "18.4 EB");
        assert_eq!(format_percent(98.76), "98.8 %");
    }

    #[test]
    fn byte_counts_parse_with_units() {
        assert_eq!(parse_bytes("1048576"), Ok(1_048_576));
        assert_eq!(parse_bytes("20MB"), Ok(20_000_000));
        assert_eq!(parse_bytes("1.5 GiB"), Ok(1_610_612_736));
        assert_eq!(parse_bytes("512k"), Ok(512_000));
        assert_eq!(parse_bytes("1MiB"), Ok(1_048_576));
        for bad in ["", "MB", "-1", "1 XB", "1e3", "99999999999999999999999 TB"] {
            assert!(parse_bytes(bad).is_err(), "{bad} accepted");
        }
    }
}
