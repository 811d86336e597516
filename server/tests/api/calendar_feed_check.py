"""Reads an iCalendar feed on stdin with PyPI `icalendar` (an independent parser) and prints
its events as JSON: uid, dtstamp, dtstart (ISO), summary, sequence. The parser is lenient,
so every event's UID, DTSTAMP and DTSTART are asserted here, and a timed DTSTART must be in
UTC: a missing one exits non-zero with the reason on stderr."""
import datetime
import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
assert calendar.get("VERSION") == "2.0", "VERSION:2.0 missing"
assert calendar.get("PRODID"), "PRODID missing"
events = []
for event in calendar.walk("VEVENT"):
    for required in ("UID", "DTSTAMP", "DTSTART"):
        assert event.get(required) is not None, f"an event without {required}: {event.to_ical()!r}"
    start = event.decoded("DTSTART")
    stamp = event.decoded("DTSTAMP")
    assert isinstance(stamp, datetime.datetime) and stamp.utcoffset() == datetime.timedelta(0), "DTSTAMP not UTC"
    if isinstance(start, datetime.datetime):
        assert start.utcoffset() == datetime.timedelta(0), "a timed DTSTART not in UTC"
        assert event.get("DURATION") is not None or event.get("DTEND") is not None, "a timed event without an end"
    else:
        assert isinstance(event.decoded("DTEND"), datetime.date), "an all-day event without DTEND"
    events.append({
        "uid": str(event.get("UID")),
        "dtstamp": stamp.isoformat(),
        "dtstart": start.isoformat(),
        "summary": str(event.get("SUMMARY")),
        "sequence": int(event.get("SEQUENCE", 0)),
    })
json.dump(events, sys.stdout)
