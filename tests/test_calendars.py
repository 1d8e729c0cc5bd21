"""Calendars carry the VTIMEZONE that `icalendar` would add, made once per build rather than once per file."""

from __future__ import annotations

import datetime as dt

from gonghui.core.generate.calendars import _add_missing_timezones, _calendar
from gonghui.core.text.timeutil import BEIJING
from icalendar import Calendar, Event


def calendar_with_sessions() -> Calendar:
    cal = _calendar("职工培训日程")
    for day in (3, 10):
        event = Event()
        event.add("uid", f"session-{day}@example.org")
        event.add("dtstart", dt.datetime(2022, 6, day, 19, 0, tzinfo=BEIJING))
        event.add("dtend", dt.datetime(2022, 6, day, 21, 0, tzinfo=BEIJING))
        cal.add_component(event)
    return cal


def test_the_shared_timezone_is_the_one_icalendar_adds() -> None:
    ours, theirs = calendar_with_sessions(), calendar_with_sessions()
    _add_missing_timezones(ours)
    theirs.add_missing_timezones()
    assert b"BEGIN:VTIMEZONE" in ours.to_ical()
    assert ours.to_ical() == theirs.to_ical()
    again = calendar_with_sessions()
    _add_missing_timezones(again)
    assert again.to_ical() == theirs.to_ical()
