"""Reading: Training classes (培训班, 职工夜校): sessions, places, registration."""

from __future__ import annotations

from typing import Any

from ...model.records.training import Registration, Session, TrainingClass
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, day, list_of, mapping, text, when, whole, wrong
from .common import non_negative, read_placed_record, url


def _session(value: Any, ctx: Ctx) -> Session | None:
    def build(v: dict[str, Any], c: Ctx) -> Session | None:
        start, end = v["start"][0], v["end"][0]
        if end <= start:
            c.child("end").wrong(f"应晚于开始时间 {start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}")
            return None
        return Session(start, end, v.get("topic", ""), v.get("teacher", ""), c.line)

    return mapping(
        {
            "start": Field(when, required=True),
            "end": Field(when, required=True),
            "topic": Field(text),
            "teacher": Field(text),
        },
        build,
    )(value, ctx)


def _registration(value: Any, ctx: Ctx) -> Registration | None:
    return mapping(
        {"url": Field(url), "phone": Field(text), "deadline": Field(day)},
        lambda v, c: Registration(v.get("url", ""), v.get("phone", ""), v.get("deadline")),
    )(value, ctx)


FIELDS = {
    "title": Field(text, required=True),
    "category": Field(text, required=True),
    "organizer": Field(text, required=True),
    "region": Field(text),
    "venue": Field(text, required=True),
    "address": Field(text),
    "fee": Field(non_negative, required=True),
    "capacity": Field(whole, required=True),
    "enrolled": Field(whole),
    "audience": Field(text),
    "registration": Field(_registration),
    "sessions": Field(list_of(_session, allow_single=False), required=True),
    "description": Field(text),
}


def read_training(slug: str, data: Any, display: str, regions: RegionTable, problems: Problems) -> TrainingClass | None:
    before = len(problems)
    read = read_placed_record(data, display, FIELDS, regions, problems)
    if read is None:
        return None
    values, origin, region = read
    sessions = sorted(values["sessions"], key=lambda s: s.start)
    if not sessions:
        problems.add(display, origin.line("sessions"), wrong("sessions", "应至少有一次课", "（空）"))
    capacity, enrolled = values["capacity"], values.get("enrolled", 0)
    if capacity == 0:
        problems.add(display, origin.line("capacity"), wrong("capacity", "应为大于 0 的名额数", "0"))
    if enrolled > capacity:
        problems.add(
            display, origin.line("enrolled"), wrong("enrolled", f"应不超过名额 capacity {capacity}", str(enrolled))
        )
    if len(problems) != before:
        return None
    return TrainingClass(
        slug=slug,
        title=values["title"],
        category=values["category"],
        organizer=values["organizer"],
        region=region,
        venue=values["venue"],
        address=values.get("address", ""),
        fee=values["fee"],
        capacity=capacity,
        enrolled=enrolled,
        audience=values.get("audience", ""),
        registration=values.get("registration", Registration()),
        sessions=sessions,
        description=values.get("description", ""),
        origin=origin,
    )
