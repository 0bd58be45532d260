//! The one clock. Every time the app stores (milliseconds), signs into a token or a session
//! (seconds) or shows (a date) is read here, so the three never disagree.

use time::OffsetDateTime;

/// Now, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Now as the database stores times: Unix milliseconds, UTC.
pub fn now_millis() -> i64 {
    millis(now())
}

/// Now in Unix seconds, as signed tokens and the session carry it.
pub fn now_seconds() -> i64 {
    now().unix_timestamp()
}

/// `at` in Unix milliseconds.
pub fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// A stored time (Unix milliseconds, UTC); the epoch for one out of range.
pub fn from_millis(millis: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_units_agree() {
        let at = now();
        assert_eq!(
            from_millis(millis(at)).unix_timestamp(),
            at.unix_timestamp()
        );
        assert!((now_millis() / 1000 - now_seconds()).abs() <= 1);
        assert_eq!(from_millis(i64::MAX), OffsetDateTime::UNIX_EPOCH);
    }
}
