"""iCalendar (RFC 5545) files for training classes, written with `icalendar`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

from icalendar import Calendar, Event, Timezone, vText

from ..model.records.training import Session, TrainingClass
from ..text.timeutil import BEIJING

PRODID = "-//gonghui//职工培训日历//ZH"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X- properties are not escaped like TEXT by default; vText folds CR/LF safely.
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    return cal


@cache
def _timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of `tzid` as `Calendar.add_missing_timezones` makes it: 80 ms each time, so made once."""
    try:
        return Timezone.from_tzid(tzid, first_date=Timezone.DEFAULT_FIRST_DATE, last_date=Timezone.DEFAULT_LAST_DATE)
    except ValueError:
        return None


def _add_missing_timezones(cal: Calendar) -> None:
    """`cal.add_missing_timezones()`, with each zone's component made once per process."""
    position = len(cal.timezones)
    for tzid in cal.get_missing_tzids():
        if (timezone := _timezone(tzid)) is not None:
            cal.subcomponents.insert(position, timezone)
            position += 1


def _event(course: TrainingClass, index: int, session: Session, host: str, stamp: dt.datetime, page_url: str) -> Event:
    event = Event()
    event.add("uid", f"{course.slug}-{index}@{host}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", session.start.astimezone(BEIJING))
    event.add("dtend", session.end.astimezone(BEIJING))
    summary = course.title if not session.topic else f"{course.title}：{session.topic}"
    event.add("summary", summary)
    location = "，".join(part for part in (course.venue, course.address) if part)
    if location:
        event.add("location", location)
    details = [f"主办：{course.organizer}", f"费用：{course.fee_text}"]
    if session.teacher:
        details.append(f"授课：{session.teacher}")
    if course.registration.phone:
        details.append(f"报名电话：{course.registration.phone}")
    event.add("description", "\n".join(details))
    if page_url:
        event.add("url", page_url)
    return event


def class_calendar(course: TrainingClass, host: str, stamp: dt.datetime, page_url: str = "") -> bytes:
    """One class, every session an event."""
    cal = _calendar(course.title)
    for index, session in enumerate(course.sessions, start=1):
        cal.add_component(_event(course, index, session, host, stamp, page_url))
    _add_missing_timezones(cal)
    return cal.to_ical()


def upcoming_calendar(
    courses: Iterable[TrainingClass], host: str, now: dt.datetime, stamp: dt.datetime, page_urls: dict[str, str],
    name: str,
) -> bytes:
    """Every session not over by `now`, across all classes: a feed readers subscribe to."""
    cal = _calendar(name)
    for course in courses:
        for index, session in enumerate(course.sessions, start=1):
            if session.end >= now:
                cal.add_component(_event(course, index, session, host, stamp, page_urls.get(course.slug, "")))
    _add_missing_timezones(cal)
    return cal.to_ical()
