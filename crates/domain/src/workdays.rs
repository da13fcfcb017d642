//! Swedish working days: Easter, the public holidays ("allmänna helgdagar",
//! lagen (1989:253)) plus the eves that public employers treat as days off,
//! and deadlines measured in working-day time ("moderate within 24 hours on
//! working days").
//!
//! Working-day time counts whole calendar days in Swedish local time: every
//! second of a working day counts, no second of a weekend or holiday does.
//! Daylight saving time only ever changes on a Sunday, so a working day is
//! always exactly 24 hours long, but the code does not rely on that.

use time::{Date, Month, Weekday};

use crate::clock::{stockholm_date, stockholm_instant};

const HOUR: i64 = 3600;

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian
/// algorithm, as given by Meeus). Years outside the range `time` can represent
/// give [`Date::MIN`] or [`Date::MAX`].
pub fn easter_sunday(year: i32) -> Date {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    // n / 31 is 3 (March) or 4 (April); n % 31 + 1 is at most 31.
    let month = if n / 31 == 3 {
        Month::March
    } else {
        Month::April
    };
    let day = u8::try_from(n % 31 + 1).unwrap_or(1);
    Date::from_calendar_date(year, month, day).unwrap_or(if year < 0 {
        Date::MIN
    } else {
        Date::MAX
    })
}

/// The Swedish public holidays of `year` together with the days that are in
/// practice not working days for public employers (Påskafton, Midsommarafton,
/// Julafton, Nyårsafton), with their Swedish names, sorted by date. Holidays
/// that fall on the same date (Kristi himmelsfärdsdag on Första maj, say) are
/// both listed.
pub fn swedish_public_holidays(year: i32) -> Vec<(Date, &'static str)> {
    let on = |month: Month, day: u8| Date::from_calendar_date(year, month, day).ok();
    let easter = easter_sunday(year);
    let from_easter = |days: i64| easter.checked_add(time::Duration::days(days));
    // The first `weekday` on or after `month`/`day`.
    let first = |weekday: Weekday, month: Month, day: u8| {
        let mut d = on(month, day)?;
        while d.weekday() != weekday {
            d = d.next_day()?;
        }
        Some(d)
    };
    let all = [
        (on(Month::January, 1), "Nyårsdagen"),
        (on(Month::January, 6), "Trettondedag jul"),
        (from_easter(-2), "Långfredagen"),
        (from_easter(-1), "Påskafton"),
        (from_easter(0), "Påskdagen"),
        (from_easter(1), "Annandag påsk"),
        (on(Month::May, 1), "Första maj"),
        (from_easter(39), "Kristi himmelsfärdsdag"),
        // Before Pingstdagen, which can fall on it: fixed dates first.
        (on(Month::June, 6), "Sveriges nationaldag"),
        (from_easter(49), "Pingstdagen"),
        (first(Weekday::Friday, Month::June, 19), "Midsommarafton"),
        (first(Weekday::Saturday, Month::June, 20), "Midsommardagen"),
        (
            first(Weekday::Saturday, Month::October, 31),
            "Alla helgons dag",
        ),
        (on(Month::December, 24), "Julafton"),
        (on(Month::December, 25), "Juldagen"),
        (on(Month::December, 26), "Annandag jul"),
        (on(Month::December, 31), "Nyårsafton"),
    ];
    let mut days: Vec<(Date, &'static str)> = all
        .into_iter()
        .filter_map(|(d, name)| Some((d?, name)))
        // Only the year asked for (matters only at the edges of `Date`).
        .filter(|(d, _)| d.year() == year)
        .collect();
    days.sort_by_key(|(d, _)| *d);
    days
}

/// The name of the holiday (or non-working eve) on `d`, if it is one. Where
/// two coincide, the one that comes first in [`swedish_public_holidays`].
pub fn holiday_name(d: Date) -> Option<&'static str> {
    let (month, day, weekday) = (d.month(), d.day(), d.weekday());
    let fixed = match (month, day) {
        (Month::January, 1) => Some("Nyårsdagen"),
        (Month::January, 6) => Some("Trettondedag jul"),
        (Month::May, 1) => Some("Första maj"),
        (Month::June, 6) => Some("Sveriges nationaldag"),
        (Month::December, 24) => Some("Julafton"),
        (Month::December, 25) => Some("Juldagen"),
        (Month::December, 26) => Some("Annandag jul"),
        (Month::December, 31) => Some("Nyårsafton"),
        _ => None,
    };
    // Easter falls between 22 March and 25 April, so its holidays between
    // 20 March (Långfredagen) and 13 June (Pingstdagen).
    let movable = || {
        if !matches!(
            month,
            Month::March | Month::April | Month::May | Month::June
        ) {
            return None;
        }
        let offset = (d - easter_sunday(d.year())).whole_days();
        match offset {
            -2 => Some("Långfredagen"),
            -1 => Some("Påskafton"),
            0 => Some("Påskdagen"),
            1 => Some("Annandag påsk"),
            39 => Some("Kristi himmelsfärdsdag"),
            49 => Some("Pingstdagen"),
            _ => None,
        }
    };
    let weekday_bound = || match (month, weekday) {
        (Month::June, Weekday::Friday) if (19..=25).contains(&day) => Some("Midsommarafton"),
        (Month::June, Weekday::Saturday) if (20..=26).contains(&day) => Some("Midsommardagen"),
        (Month::October, Weekday::Saturday) if day == 31 => Some("Alla helgons dag"),
        (Month::November, Weekday::Saturday) if day <= 6 => Some("Alla helgons dag"),
        _ => None,
    };
    // As in the sorted list, where on a shared date the fixed holiday (Första
    // maj, Sveriges nationaldag) comes before the movable one.
    fixed.or_else(movable).or_else(weekday_bound)
}

/// Whether `d` is a working day in Sweden: Monday to Friday and not one of
/// [`swedish_public_holidays`].
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && holiday_name(d).is_none()
}

/// The instants that the working-day arithmetic can handle: a couple of days
/// inside the range of `time::Date`.
fn bounds() -> (i64, i64) {
    let edge = |d: Date| d.midnight().assume_utc().unix_timestamp();
    (edge(Date::MIN) + 2 * 86_400, edge(Date::MAX) - 2 * 86_400)
}

/// Local midnight at the end of `d` (the start of the next day), as UTC.
fn end_of_day(d: Date) -> Option<i64> {
    d.next_day().map(|next| stockholm_instant(next, 0, 0))
}

/// The UTC instant at which `hours` hours of working-day time have passed
/// after `start_utc`: the earliest instant `t` with
/// `working_hours_between(start_utc, t) == hours`.
///
/// Only time on working days (in Swedish local time, whole calendar days)
/// counts, so a start on a weekend or holiday begins counting at the next
/// working day's local midnight. A 24 h target from Friday 15:00 is due
/// Monday 15:00; from Skärtorsdagen 15:00 it is due the Tuesday after Easter
/// at 15:00. `hours <= 0` gives `start_utc` back. The cost is linear in the
/// number of calendar days spanned.
pub fn add_working_hours(start_utc: i64, hours: i64) -> i64 {
    if hours <= 0 {
        return start_utc;
    }
    let mut remaining = hours.saturating_mul(HOUR);
    let (lo, hi) = bounds();
    // The answer is never earlier than `start_utc + remaining`; past the
    // year 9999 there are no calendar days left to count.
    if start_utc < lo || start_utc > hi || remaining > hi - start_utc {
        return start_utc.saturating_add(remaining);
    }
    let mut t = start_utc;
    let mut day = stockholm_date(t);
    loop {
        let Some(end) = end_of_day(day) else {
            return t.saturating_add(remaining);
        };
        if is_working_day(day) {
            let available = end - t;
            if remaining <= available {
                return t + remaining;
            }
            remaining -= available;
        }
        t = end;
        match day.next_day() {
            Some(next) => day = next,
            None => return t.saturating_add(remaining),
        }
    }
}

/// [`add_working_hours`] with `24 * days` hours: the same local time of day,
/// `days` working days later (for a start on a working day).
pub fn add_working_days(start_utc: i64, days: i64) -> i64 {
    add_working_hours(start_utc, days.saturating_mul(24))
}

/// Working-day time in seconds in `[start_utc, end_utc)`.
fn working_seconds_between(start_utc: i64, end_utc: i64) -> i64 {
    let (lo, hi) = bounds();
    let (start, end) = (start_utc.clamp(lo, hi), end_utc.clamp(lo, hi));
    if end <= start {
        return 0;
    }
    let mut total = 0;
    let mut t = start;
    let mut day = stockholm_date(t);
    while t < end {
        let Some(day_end) = end_of_day(day) else {
            break;
        };
        let stop = day_end.min(end);
        if is_working_day(day) {
            total += stop - t;
        }
        t = stop;
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
    }
    total
}

/// Elapsed working-day time between two instants, in whole hours (rounded
/// down); 0 when `end_utc` is not after `start_utc`. The inverse of
/// [`add_working_hours`]. The cost is linear in the number of calendar days
/// spanned.
pub fn working_hours_between(start_utc: i64, end_utc: i64) -> i64 {
    working_seconds_between(start_utc, end_utc) / HOUR
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clock::{iso_date, stockholm_offset};
    use time::macros::{date, datetime};

    fn local(d: Date, hour: u8, minute: u8) -> i64 {
        stockholm_instant(d, hour, minute)
    }

    /// Local date and wall-clock time of an instant, for readable asserts.
    fn show(utc: i64) -> String {
        let local = utc + i64::from(stockholm_offset(utc));
        let t = crate::Timestamp(local).to_datetime();
        format!("{} {:02}:{:02}", iso_date(t.date()), t.hour(), t.minute())
    }

    /// Easter by a different method (Claus Tøndering's / Oudin's), for
    /// cross-checking.
    fn easter_oudin(year: i32) -> Date {
        let g = year % 19;
        let c = year / 100;
        let h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
        let i = h - (h / 28) * (1 - (h / 28) * (29 / (h + 1)) * ((21 - g) / 11));
        let j = (year + year / 4 + i + 2 - c + c / 4) % 7;
        let l = i - j;
        let month = 3 + (l + 40) / 44;
        let day = l + 28 - 31 * (month / 4);
        Date::from_calendar_date(
            year,
            Month::try_from(u8::try_from(month).unwrap()).unwrap(),
            u8::try_from(day).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn easter_known_dates() {
        for (year, expected) in [
            (1818, date!(1818 - 03 - 22)),
            (1886, date!(1886 - 04 - 25)),
            (1943, date!(1943 - 04 - 25)),
            (1961, date!(1961 - 04 - 02)),
            (2000, date!(2000 - 04 - 23)),
            (2008, date!(2008 - 03 - 23)),
            (2011, date!(2011 - 04 - 24)),
            (2019, date!(2019 - 04 - 21)),
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2027, date!(2027 - 03 - 28)),
            (2028, date!(2028 - 04 - 16)),
            (2038, date!(2038 - 04 - 25)),
            (2285, date!(2285 - 03 - 22)),
        ] {
            assert_eq!(easter_sunday(year), expected, "{year}");
        }
    }

    #[test]
    fn easter_is_a_sunday_in_the_window_and_agrees_with_another_method() {
        for year in 1583..=4099 {
            let e = easter_sunday(year);
            assert_eq!(e.year(), year);
            assert_eq!(e.weekday(), Weekday::Sunday, "{year}");
            assert!(
                e >= Date::from_calendar_date(year, Month::March, 22).unwrap()
                    && e <= Date::from_calendar_date(year, Month::April, 25).unwrap(),
                "{year}: {e}"
            );
            assert_eq!(e, easter_oudin(year), "{year}");
        }
        // Out of range for `time`: no panic.
        let _ = easter_sunday(i32::MAX);
        let _ = easter_sunday(i32::MIN);
    }

    #[test]
    fn holidays_2026() {
        let h = swedish_public_holidays(2026);
        let listed: Vec<(String, &str)> = h.iter().map(|(d, n)| (iso_date(*d), *n)).collect();
        let expected = [
            ("2026-01-01", "Nyårsdagen"),
            ("2026-01-06", "Trettondedag jul"),
            ("2026-04-03", "Långfredagen"),
            ("2026-04-04", "Påskafton"),
            ("2026-04-05", "Påskdagen"),
            ("2026-04-06", "Annandag påsk"),
            ("2026-05-01", "Första maj"),
            ("2026-05-14", "Kristi himmelsfärdsdag"),
            ("2026-05-24", "Pingstdagen"),
            ("2026-06-06", "Sveriges nationaldag"),
            ("2026-06-19", "Midsommarafton"),
            ("2026-06-20", "Midsommardagen"),
            ("2026-10-31", "Alla helgons dag"),
            ("2026-12-24", "Julafton"),
            ("2026-12-25", "Juldagen"),
            ("2026-12-26", "Annandag jul"),
            ("2026-12-31", "Nyårsafton"),
        ];
        assert_eq!(h.len(), 17);
        assert_eq!(
            listed,
            expected
                .iter()
                .map(|(d, n)| (d.to_string(), *n))
                .collect::<Vec<_>>()
        );
        // 261 weekdays in 2026, ten holidays on them.
        let working = (1..=365)
            .map(|n| Date::from_ordinal_date(2026, n).unwrap())
            .filter(|d| is_working_day(*d))
            .count();
        assert_eq!(working, 251);
    }

    #[test]
    fn midsommar_and_alla_helgon() {
        let find = |year: i32, name: &str| {
            swedish_public_holidays(year)
                .into_iter()
                .find(|(_, n)| *n == name)
                .map(|(d, _)| d)
                .unwrap()
        };
        assert_eq!(find(2026, "Midsommarafton"), date!(2026 - 06 - 19));
        assert_eq!(find(2026, "Midsommardagen"), date!(2026 - 06 - 20));
        assert_eq!(find(2026, "Alla helgons dag"), date!(2026 - 10 - 31));
        assert_eq!(find(2025, "Midsommarafton"), date!(2025 - 06 - 20));
        assert_eq!(find(2025, "Alla helgons dag"), date!(2025 - 11 - 01));
        assert_eq!(find(2024, "Midsommarafton"), date!(2024 - 06 - 21));
        assert_eq!(find(2024, "Alla helgons dag"), date!(2024 - 11 - 02));
        assert_eq!(find(2027, "Midsommarafton"), date!(2027 - 06 - 25));
        assert_eq!(find(2027, "Alla helgons dag"), date!(2027 - 11 - 06));
        assert_eq!(find(2025, "Kristi himmelsfärdsdag"), date!(2025 - 05 - 29));
        assert_eq!(find(2025, "Pingstdagen"), date!(2025 - 06 - 08));
        for year in 1900..=2200 {
            let eve = find(year, "Midsommarafton");
            let day = find(year, "Midsommardagen");
            assert_eq!(eve.weekday(), Weekday::Friday);
            assert_eq!(eve.next_day(), Some(day));
            let saints = find(year, "Alla helgons dag");
            assert_eq!(saints.weekday(), Weekday::Saturday);
            assert!(
                saints >= date!(2000 - 10 - 31).replace_year(year).unwrap()
                    && saints <= date!(2000 - 11 - 06).replace_year(year).unwrap()
            );
        }
    }

    #[test]
    fn coinciding_holidays_are_both_listed() {
        // 2008: Easter 23 March, so Kristi himmelsfärdsdag is 1 May.
        let h = swedish_public_holidays(2008);
        let may_first: Vec<&str> = h
            .iter()
            .filter(|(d, _)| *d == date!(2008 - 05 - 01))
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(may_first, ["Första maj", "Kristi himmelsfärdsdag"]);
        assert_eq!(holiday_name(date!(2008 - 05 - 01)), Some("Första maj"));
        assert!(!is_working_day(date!(2008 - 05 - 01)));
        assert!(is_working_day(date!(2008 - 05 - 02)));
    }

    #[test]
    fn list_and_single_day_check_agree() {
        for year in 1990..=2110 {
            let list = swedish_public_holidays(year);
            assert!(list.len() == 17, "{year}");
            assert!(list.windows(2).all(|w| w[0].0 <= w[1].0), "{year} sorted");
            let days = if time::util::is_leap_year(year) {
                366
            } else {
                365
            };
            for n in 1..=days {
                let d = Date::from_ordinal_date(year, n).unwrap();
                let first_listed = list.iter().find(|(h, _)| *h == d).map(|(_, name)| *name);
                assert_eq!(holiday_name(d), first_listed, "{d}");
                let weekday = !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
                assert_eq!(is_working_day(d), weekday && first_listed.is_none(), "{d}");
            }
        }
    }

    #[test]
    fn working_days() {
        assert!(is_working_day(date!(2026 - 01 - 02))); // Friday
        assert!(!is_working_day(date!(2026 - 01 - 03))); // Saturday
        assert!(!is_working_day(date!(2026 - 01 - 04))); // Sunday
        assert!(!is_working_day(date!(2026 - 01 - 06))); // Trettondedag jul
        assert!(is_working_day(date!(2026 - 01 - 07)));
        assert!(is_working_day(date!(2026 - 04 - 02))); // Skärtorsdagen
        assert!(!is_working_day(date!(2026 - 04 - 03)));
        assert!(!is_working_day(date!(2026 - 04 - 06)));
        assert!(is_working_day(date!(2026 - 04 - 07)));
        assert!(!is_working_day(date!(2026 - 06 - 19)));
        assert!(!is_working_day(date!(2026 - 12 - 24)));
        assert!(!is_working_day(date!(2026 - 12 - 31)));
        assert!(is_working_day(date!(2026 - 12 - 30)));
        assert_eq!(holiday_name(date!(2026 - 12 - 24)), Some("Julafton"));
        assert_eq!(holiday_name(date!(2026 - 12 - 23)), None);
    }

    #[test]
    fn friday_afternoon_is_due_monday() {
        let start = local(date!(2026 - 01 - 16), 15, 0);
        assert_eq!(show(add_working_hours(start, 24)), "2026-01-19 15:00");
        assert_eq!(add_working_days(start, 1), add_working_hours(start, 24));
        assert_eq!(show(add_working_hours(start, 9)), "2026-01-17 00:00");
        assert_eq!(show(add_working_hours(start, 10)), "2026-01-19 01:00");
        assert_eq!(show(add_working_days(start, 5)), "2026-01-23 15:00");
        assert_eq!(show(add_working_days(start, 6)), "2026-01-26 15:00");
        let due = add_working_hours(start, 24);
        assert_eq!(working_hours_between(start, due), 24);
        // 30 h old: Friday 15:00 to Monday 21:00.
        assert_eq!(
            working_hours_between(start, local(date!(2026 - 01 - 19), 21, 0)),
            30
        );
        // The weekend does not count.
        assert_eq!(
            working_hours_between(start, local(date!(2026 - 01 - 18), 23, 0)),
            9
        );
    }

    #[test]
    fn easter_weekend_2026() {
        // Skärtorsdagen 15:00: Långfredagen to Annandag påsk are all off.
        let start = local(date!(2026 - 04 - 02), 15, 0);
        assert_eq!(show(add_working_hours(start, 24)), "2026-04-07 15:00");
        assert_eq!(show(add_working_days(start, 2)), "2026-04-08 15:00");
        assert_eq!(
            working_hours_between(start, local(date!(2026 - 04 - 07), 0, 0)),
            9
        );
        // A comment on Påskdagen counts from Tuesday's midnight.
        let sunday = local(date!(2026 - 04 - 05), 12, 0);
        assert_eq!(show(add_working_hours(sunday, 24)), "2026-04-08 00:00");
        assert_eq!(show(add_working_hours(sunday, 1)), "2026-04-07 01:00");
        // Midsommar and Christmas too.
        let midsommar = local(date!(2026 - 06 - 18), 15, 0);
        assert_eq!(show(add_working_hours(midsommar, 24)), "2026-06-22 15:00");
        let christmas = local(date!(2026 - 12 - 23), 15, 0);
        assert_eq!(show(add_working_hours(christmas, 24)), "2026-12-28 15:00");
        assert_eq!(show(add_working_days(christmas, 3)), "2026-12-30 15:00");
        assert_eq!(show(add_working_days(christmas, 4)), "2027-01-04 15:00");
    }

    #[test]
    fn dst_weekends() {
        // 2026-03-29: clocks go forward (last Sunday of March).
        let start = local(date!(2026 - 03 - 27), 15, 0);
        assert_eq!(start, datetime!(2026-03-27 14:00 UTC).unix_timestamp());
        let due = add_working_hours(start, 24);
        assert_eq!(show(due), "2026-03-30 15:00");
        assert_eq!(due, datetime!(2026-03-30 13:00 UTC).unix_timestamp());
        assert_eq!(due - start, 3 * 86_400 - 3600);
        assert_eq!(working_hours_between(start, due), 24);
        // Starting inside the missing hour on the Sunday itself.
        let sunday = datetime!(2026-03-29 01:30 UTC).unix_timestamp();
        assert_eq!(show(add_working_hours(sunday, 1)), "2026-03-30 01:00");
        assert_eq!(
            add_working_hours(sunday, 1),
            datetime!(2026-03-29 23:00 UTC).unix_timestamp()
        );

        // 2026-10-25: clocks go back (last Sunday of October).
        let start = local(date!(2026 - 10 - 23), 15, 0);
        assert_eq!(start, datetime!(2026-10-23 13:00 UTC).unix_timestamp());
        let due = add_working_hours(start, 24);
        assert_eq!(show(due), "2026-10-26 15:00");
        assert_eq!(due, datetime!(2026-10-26 14:00 UTC).unix_timestamp());
        assert_eq!(due - start, 3 * 86_400 + 3600);
        assert_eq!(working_hours_between(start, due), 24);
        // Starting in the repeated hour.
        let sunday = datetime!(2026-10-25 00:30 UTC).unix_timestamp();
        assert_eq!(show(add_working_hours(sunday, 2)), "2026-10-26 02:00");

        // 2025: 30 March and 26 October.
        let start = local(date!(2025 - 03 - 28), 9, 30);
        assert_eq!(show(add_working_days(start, 1)), "2025-03-31 09:30");
        let start = local(date!(2025 - 10 - 24), 9, 30);
        assert_eq!(show(add_working_days(start, 1)), "2025-10-27 09:30");
    }

    #[test]
    fn edge_cases() {
        let start = local(date!(2026 - 01 - 14), 10, 0);
        assert_eq!(add_working_hours(start, 0), start);
        assert_eq!(add_working_hours(start, -5), start);
        assert_eq!(add_working_days(start, 0), start);
        assert_eq!(working_hours_between(start, start), 0);
        assert_eq!(working_hours_between(start, start - 86_400), 0);
        // Whole hours, rounded down.
        assert_eq!(working_hours_between(start, start + 3599), 0);
        assert_eq!(working_hours_between(start, start + 3600), 1);
        assert_eq!(working_hours_between(start, start + 7199), 1);
        // Minutes survive.
        let odd = local(date!(2026 - 01 - 16), 16, 47) + 13;
        assert_eq!(add_working_hours(odd, 24) - odd, 3 * 86_400);
        // A long stretch: all of 2026's working days.
        let new_year = local(date!(2026 - 01 - 01), 0, 0);
        let next_year = local(date!(2027 - 01 - 01), 0, 0);
        assert_eq!(working_hours_between(new_year, next_year), 251 * 24);
        assert_eq!(
            show(add_working_days(new_year, 251)),
            "2026-12-31 00:00",
            "earliest instant with all of 2026's working time behind it"
        );
        assert_eq!(show(add_working_days(new_year, 252)), "2027-01-05 00:00");
        // Absurd inputs neither panic nor hang.
        let _ = add_working_hours(i64::MAX, 24);
        let _ = add_working_hours(i64::MIN, 24);
        let _ = add_working_hours(start, i64::MAX);
        assert_eq!(working_hours_between(i64::MIN, i64::MIN + 86_400), 0);
        assert_eq!(working_hours_between(i64::MAX - 86_400, i64::MAX), 0);
        // A century of working time and back.
        let century = add_working_days(start, 25_000);
        assert_eq!(working_hours_between(start, century), 25_000 * 24);
        assert!(century > start + 99 * 365 * 86_400);
    }

    /// Reference: step hour by hour (Swedish midnights are whole UTC hours).
    fn add_hours_by_stepping(start: i64, hours: i64) -> i64 {
        if hours <= 0 {
            return start;
        }
        let mut t = start;
        let mut counted = 0;
        loop {
            if is_working_day(stockholm_date(t)) {
                counted += 1;
                if counted == hours {
                    return t + HOUR;
                }
            }
            t += HOUR;
        }
    }

    #[test]
    fn every_start_hour_over_two_years() {
        let first = local(date!(2025 - 01 - 01), 0, 0);
        let last = local(date!(2027 - 01 - 01), 0, 0);
        let mut start = first;
        while start < last {
            let on_working_day = is_working_day(stockholm_date(start));
            let mut previous = start;
            for h in (0..=25).chain([48, 120]) {
                let due = add_working_hours(start, h);
                if h > 0 {
                    assert!(due > previous, "monotonic: {} +{h}", show(start));
                    assert!(due - previous >= HOUR);
                }
                assert_eq!(
                    working_hours_between(start, due),
                    h,
                    "round trip: {} +{h}",
                    show(start)
                );
                // The earliest such instant: a second earlier is short.
                if h == 1 || h == 24 {
                    assert_eq!(working_seconds_between(start, due - 1), h * HOUR - 1);
                    assert!(is_working_day(stockholm_date(due - 1)));
                }
                previous = due;
            }
            for h in [1, 25] {
                assert_eq!(
                    add_working_hours(start, h),
                    add_hours_by_stepping(start, h),
                    "{} +{h}",
                    show(start)
                );
            }
            let at_midnight = start == local(stockholm_date(start), 0, 0);
            if on_working_day && at_midnight {
                // A whole working day: due at its end.
                let end = local(stockholm_date(start).next_day().unwrap(), 0, 0);
                assert_eq!(add_working_days(start, 1), end);
            } else if on_working_day {
                // Working days are 24 h long: same wall-clock time on the
                // next working day, skipping only days off.
                let due = add_working_days(start, 1);
                assert_eq!(show(due)[11..], show(start)[11..]);
                let mut d = stockholm_date(start).next_day().unwrap();
                while !is_working_day(d) {
                    d = d.next_day().unwrap();
                }
                assert_eq!(stockholm_date(due), d);
            }
            start += HOUR;
        }
    }

    #[test]
    fn between_is_additive_and_ignores_days_off() {
        let start = local(date!(2025 - 12 - 19), 0, 0);
        let mut t = start;
        let mut total = 0;
        for _ in 0..(24 * 30) {
            let step = working_seconds_between(t, t + HOUR);
            let expected = if is_working_day(stockholm_date(t)) {
                HOUR
            } else {
                0
            };
            assert_eq!(step, expected, "{}", show(t));
            total += step;
            t += HOUR;
            assert_eq!(working_seconds_between(start, t), total);
        }
        // 19 Dec 2025 to 18 Jan 2026: 30 days, of which working: 19, 22, 23,
        // 29, 30 Dec; 2, 5, 7, 8, 9, 12, 13, 14, 15, 16 Jan.
        assert_eq!(total / (24 * HOUR), 15);
    }
}
