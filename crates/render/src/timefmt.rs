//! Date formatting that cannot fail: out-of-range values are clamped instead of erroring.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{OffsetDateTime, UtcOffset};

/// Whole seconds, an offset of whole minutes, and a year in `min_year..=9999`, so the
/// well-known formats accept it.
fn normalise(dt: OffsetDateTime, min_year: i32) -> OffsetDateTime {
    let lo = time::Date::from_calendar_date(min_year, time::Month::January, 1)
        .map(|d| d.midnight().assume_utc())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let hi = time::Date::from_calendar_date(9999, time::Month::December, 31)
        .ok()
        .and_then(|d| d.with_hms(23, 59, 59).ok())
        .map(|d| d.assume_utc())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // `OffsetDateTime` compares instants, whatever the offsets.
    if dt < lo {
        return lo;
    }
    if dt > hi {
        return hi;
    }
    let dt = dt.replace_nanosecond(0).unwrap_or(dt);
    let local_ok = dt.offset().seconds_past_minute() == 0 && (min_year..=9999).contains(&dt.year());
    if local_ok {
        dt
    } else {
        dt.checked_to_offset(UtcOffset::UTC).unwrap_or(lo)
    }
}

/// RFC 3339 (also a valid W3C datetime), whole seconds, e.g. `2024-05-01T09:30:00+02:00`.
pub(crate) fn rfc3339(dt: OffsetDateTime) -> String {
    normalise(dt, 0)
        .format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// RFC 2822, as RSS wants it, e.g. `Wed, 01 May 2024 09:30:00 +0200`.
pub(crate) fn rfc2822(dt: OffsetDateTime) -> String {
    normalise(dt, 1900)
        .format(&Rfc2822)
        .unwrap_or_else(|_| String::from("Thu, 01 Jan 1970 00:00:00 +0000"))
}

/// The same instant and offset as a chrono value (for `atom_syndication`), whole seconds.
pub(crate) fn to_chrono(dt: OffsetDateTime) -> chrono::DateTime<chrono::FixedOffset> {
    let dt = normalise(dt, 0);
    let utc = chrono::DateTime::from_timestamp(dt.unix_timestamp(), 0).unwrap_or_default();
    match chrono::FixedOffset::east_opt(dt.offset().whole_seconds()) {
        Some(offset) => utc.with_timezone(&offset),
        None => utc.fixed_offset(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_and_keeps_offset() {
        let dt = datetime!(2024-05-01 09:30:15.5 +02:00);
        assert_eq!(rfc3339(dt), "2024-05-01T09:30:15+02:00");
        assert_eq!(rfc2822(dt), "Wed, 01 May 2024 09:30:15 +0200");
        assert_eq!(to_chrono(dt).to_rfc3339(), "2024-05-01T09:30:15+02:00");
    }

    #[test]
    fn clamps_instead_of_failing() {
        assert_eq!(
            rfc2822(datetime!(1800-01-01 00:00 UTC)),
            "Mon, 01 Jan 1900 00:00:00 +0000"
        );
        assert_eq!(
            rfc3339(datetime!(2024-01-01 00:00 +01:00:30)),
            "2023-12-31T22:59:30Z"
        );
        assert_eq!(rfc3339(OffsetDateTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }
}
