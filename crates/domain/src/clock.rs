//! Time, injected: the server uses [`SystemClock`], tests a [`ManualClock`].

use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that only moves when told to.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: i64) -> Self {
        ManualClock(AtomicI64::new(start))
    }
    pub fn set(&self, t: i64) {
        self.0.store(t, Ordering::SeqCst)
    }
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Swedish local time's offset from UTC in seconds at the instant `utc`:
/// CET (+1 h), or CEST (+2 h) from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October (EU rule).
pub fn stockholm_offset(utc: i64) -> i32 {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(utc) else {
        return 3600;
    };
    let year = t.year();
    let switch = |month: time::Month| -> i64 {
        // The last Sunday of the month, at 01:00 UTC.
        let mut d = time::Date::from_calendar_date(year, month, 31).unwrap_or(time::Date::MIN);
        while d.weekday() != time::Weekday::Sunday {
            d = d.previous_day().unwrap_or(time::Date::MIN);
        }
        d.with_hms(1, 0, 0)
            .map(|dt| dt.assume_utc().unix_timestamp())
            .unwrap_or(0)
    };
    if utc >= switch(time::Month::March) && utc < switch(time::Month::October) {
        7200
    } else {
        3600
    }
}

/// Read a local Swedish wall-clock time ("2026-03-29T10:00") as UTC seconds.
pub fn stockholm_local_to_utc(input: &str) -> Result<i64, crate::Invalid> {
    // Try winter time first, then check that the result really is winter time.
    let winter = crate::Timestamp::parse_local(input, 60)?.0;
    if stockholm_offset(winter) == 3600 {
        Ok(winter)
    } else {
        Ok(winter - 3600)
    }
}

/// The calendar date in Sweden at the instant `utc`.
pub fn stockholm_date(utc: i64) -> time::Date {
    let local = utc + i64::from(stockholm_offset(utc));
    crate::Timestamp(local).to_datetime().date()
}

/// The UTC instant of a Swedish wall-clock time on a date.
pub fn stockholm_instant(date: time::Date, hour: u8, minute: u8) -> i64 {
    let naive = date
        .with_hms(hour, minute, 0)
        .map(|dt| dt.assume_utc().unix_timestamp())
        .unwrap_or(0);
    // Correct with the offset in force then (stable except in the switch hour).
    naive - i64::from(stockholm_offset(naive - 3600))
}

/// Read a calendar date, `YYYY-MM-DD` (the value of an `<input type="date">`).
pub fn parse_date(input: &str) -> Result<time::Date, crate::Invalid> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(input.trim(), &format).map_err(|_| crate::Invalid { key: "error-date" })
}

/// A date as `YYYY-MM-DD`.
pub fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_sweden() {
        // 2026-06-30 22:30 UTC is already 1 July in Stockholm (CEST).
        let t = time::macros::datetime!(2026-06-30 22:30 UTC).unix_timestamp();
        assert_eq!(iso_date(stockholm_date(t)), "2026-07-01");
        let d = parse_date("2026-07-01").unwrap();
        assert_eq!(stockholm_instant(d, 0, 30), t);
        let winter = parse_date("2026-01-15").unwrap();
        assert_eq!(
            stockholm_instant(winter, 8, 0),
            time::macros::datetime!(2026-01-15 07:00 UTC).unix_timestamp()
        );
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("15/1/2026").is_err());
    }

    #[test]
    fn summer_and_winter_time() {
        // 2026-03-29 00:59 UTC is still winter; 01:00 UTC is summer.
        assert_eq!(stockholm_offset(1_774_745_940), 3600);
        assert_eq!(stockholm_offset(1_774_746_000), 7200);
        // 2026-10-25 01:00 UTC back to winter.
        assert_eq!(stockholm_offset(1_792_890_000 - 1), 7200);
        assert_eq!(stockholm_offset(1_792_890_000), 3600);
        assert_eq!(
            stockholm_local_to_utc("2026-07-01T12:00").unwrap(),
            1_782_900_000
        );
        assert_eq!(
            stockholm_local_to_utc("2026-01-01T12:00").unwrap(),
            1_767_265_200
        );
    }
}
