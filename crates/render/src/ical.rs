//! iCalendar (RFC 5545) feeds, written with the `icalendar` crate: plan items
//! as all-day events, scheduled posts as short timed events in UTC, so any
//! calendar app shows them in its own time zone.

use icalendar::{Calendar, Component, Event, EventLike};

/// When something happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A whole day (a plan item's due date).
    Day(time::Date),
    /// An instant (Unix seconds) lasting some minutes (a scheduled post).
    At { start: i64, minutes: i64 },
}

#[derive(Debug, Clone)]
pub struct CalEvent {
    /// Stable across feeds and edits, e.g. `plan-12@alvdal.example`.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// Where to open it (absolute).
    pub url: String,
    pub when: When,
    /// Last change (Unix seconds).
    pub modified: i64,
    pub categories: Vec<String>,
}

fn utc(ts: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

fn day(d: time::Date) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()))
        .unwrap_or_default()
}

/// A calendar named `name` with these events; `now` is the DTSTAMP.
pub fn calendar(name: &str, events: &[CalEvent], now: i64) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//Lykta//Lykta calendar//EN",
    ));
    for e in events {
        let mut ev = Event::new();
        ev.uid(&e.uid)
            .summary(&e.summary)
            .timestamp(utc(now))
            .last_modified(utc(e.modified));
        if !e.description.is_empty() {
            ev.description(&e.description);
        }
        if !e.url.is_empty() {
            ev.url(&e.url);
        }
        if !e.categories.is_empty() {
            ev.categories(&e.categories);
        }
        match e.when {
            // An all-day event ends (exclusively) the next day (RFC 5545 3.6.1).
            When::Day(d) => {
                ev.starts(day(d)).ends(day(d.next_day().unwrap_or(d)));
            }
            When::At { start, minutes } => {
                ev.starts(utc(start)).ends(utc(start + minutes * 60));
            }
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_items_are_all_day_and_posts_are_in_utc() {
        let events = [
            CalEvent {
                uid: "plan-1@example.org".into(),
                summary: "Röntgen, vecka 12; tema: strålning, säkerhet".into(),
                description: "Ansvarig: Karin".into(),
                url: "https://example.org/admin/blogs/1/plan/1".into(),
                when: When::Day(time::macros::date!(2026 - 03 - 15)),
                modified: 1_700_000_000,
                categories: vec!["blog".into(), "facebook".into()],
            },
            CalEvent {
                uid: "post-2@example.org".into(),
                summary: "Publiceras: Ny kamera".into(),
                description: String::new(),
                url: String::new(),
                when: When::At {
                    start: 1_773_565_200,
                    minutes: 15,
                },
                modified: 1_700_000_000,
                categories: vec![],
            },
        ];
        let ics = calendar("Röntgenbloggen", &events, 1_700_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20260315\r\n"), "{ics}");
        assert!(ics.contains("DTEND;VALUE=DATE:20260316\r\n"), "{ics}");
        assert!(ics.contains("DTSTART:20260315T090000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20260315T091500Z\r\n"), "{ics}");
        // Commas and semicolons in text are escaped (RFC 5545 3.3.11).
        assert!(
            ics.contains("SUMMARY:Röntgen\\, vecka 12\\; tema: strålning\\, säkerhet"),
            "{ics}"
        );
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    }
}
