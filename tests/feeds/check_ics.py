#!/usr/bin/env python3
"""Check an iCalendar feed the way a calendar app reads it, with the independent `icalendar` parser.

    python check_ics.py URL      (use .venv-test/bin/python: needs icalendar)

Fails (exit 1) unless the text parses (RFC 5545), is a VCALENDAR with VERSION 2.0 and a PRODID, and
every VEVENT has UID, DTSTAMP, DTSTART and SUMMARY, with DTEND (if any) after DTSTART. Prints a JSON
object {"name": ..., "events": [{"uid", "summary", "start", "all_day", "categories"}]}; exit 2 on
usage or network errors.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.request

import icalendar


def fail(msg: str) -> None:
    print(f"check_ics: {msg}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
            ctype = r.headers.get("Content-Type", "")
            raw = r.read()
    except OSError as e:
        print(f"check_ics: cannot fetch {sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(2)
    if not ctype.startswith("text/calendar"):
        fail(f"Content-Type is {ctype!r}, not text/calendar")
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except ValueError as e:
        fail(f"does not parse: {e}")
    if cal.name != "VCALENDAR":
        fail(f"top component is {cal.name}")
    if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
        fail("VERSION 2.0 and PRODID are required")
    events = []
    for ev in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if ev.get(prop) is None:
                fail(f"a VEVENT lacks {prop}: {ev.to_ical()!r}")
        start = ev.decoded("DTSTART")
        if ev.get("DTEND") is not None and ev.decoded("DTEND") <= start:
            fail(f"{ev['UID']}: DTEND is not after DTSTART")
        all_day = isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        cats = []
        for c in ev.get("CATEGORIES", []) if isinstance(ev.get("CATEGORIES"), list) else [ev.get("CATEGORIES")] if ev.get("CATEGORIES") else []:
            cats.extend(str(x) for x in c.cats)
        events.append({
            "uid": str(ev["UID"]),
            "summary": str(ev["SUMMARY"]),
            "start": start.isoformat(),
            "all_day": all_day,
            "categories": cats,
        })
    print(json.dumps({"name": str(cal.get("NAME", "")), "events": events}, ensure_ascii=False))


if __name__ == "__main__":
    main()
