"""Campaigns (专项行动, 劳动竞赛, 工程): quantified targets and their progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..fields import Ctx, Field, day, list_of, mapping, number, text
from ..figures import percent
from ..problems import Problems
from ..regions import Region, RegionTable
from .common import Origin, positive, read_record, resolve_region


@dataclass(frozen=True)
class Reading:
    date: dt.date
    value: float
    line: int = 0


@dataclass
class Target:
    name: str
    unit: str
    target: float
    progress: list[Reading]

    @property
    def latest(self) -> Reading | None:
        return max(self.progress, key=lambda r: r.date) if self.progress else None

    @property
    def value(self) -> float:
        latest = self.latest
        return latest.value if latest else 0

    @property
    def percent(self) -> int:
        return percent(self.value, self.target)


@dataclass
class Campaign:
    slug: str
    title: str
    organizer: str
    region: Region | None
    start: dt.date
    end: dt.date | None
    summary: str
    description: str
    tags: list[str]
    targets: list[Target]
    origin: Origin
    articles: list[Any] = field(default_factory=list)

    kind_label = "专项行动"

    @property
    def url(self) -> str:
        return f"campaigns/{self.slug}/"

    def status(self, today: dt.date) -> str:
        if today < self.start:
            return "未开始"
        if self.end is not None and today > self.end:
            return "已结束"
        return "进行中"

    def status_rank(self, today: dt.date) -> int:
        return {"进行中": 0, "未开始": 1, "已结束": 2}[self.status(today)]


def _reading(value: Any, ctx: Ctx) -> Reading | None:
    return mapping(
        {"date": Field(day, required=True), "value": Field(number, required=True)},
        lambda v, c: Reading(v["date"], v["value"], c.line),
    )(value, ctx)


def _target(value: Any, ctx: Ctx) -> Target | None:
    return mapping(
        {
            "name": Field(text, required=True),
            "unit": Field(text, required=True),
            "target": Field(positive, required=True),
            "progress": Field(list_of(_reading, allow_single=False)),
        },
        lambda v, c: Target(v["name"], v["unit"], v["target"], v.get("progress", [])),
    )(value, ctx)


FIELDS = {
    "title": Field(text, required=True),
    "organizer": Field(text, required=True),
    "region": Field(text),
    "start": Field(day, required=True),
    "end": Field(day),
    "summary": Field(text),
    "description": Field(text),
    "tags": Field(list_of(text)),
    "targets": Field(list_of(_target, allow_single=False)),
}


def read_campaign(slug: str, data: Any, display: str, regions: RegionTable, problems: Problems) -> Campaign | None:
    read = read_record(data, display, FIELDS, problems)
    if read is None:
        return None
    values, origin = read
    region = resolve_region(values.get("region"), origin, regions, problems)
    start, end = values["start"], values.get("end")
    ok = not (values.get("region") and region is None)
    if end is not None and end < start:
        problems.add(display, origin.line("end"), f"field 'end': expected a date on or after start {start}, got {end}")
        ok = False
    for index, target in enumerate(values.get("targets", []), start=1):
        for reading in target.progress:
            if reading.date < start or (end is not None and reading.date > end):
                span = f"{start} to {end}" if end else f"{start} or later"
                problems.add(
                    display,
                    reading.line,
                    f"field 'targets[{index}].progress': reading dated {reading.date} is outside the campaign ({span})",
                )
                ok = False
    if not ok:
        return None
    return Campaign(
        slug=slug,
        title=values["title"],
        organizer=values["organizer"],
        region=region,
        start=start,
        end=end,
        summary=values.get("summary", ""),
        description=values.get("description", ""),
        tags=values.get("tags", []),
        targets=values.get("targets", []),
        origin=origin,
    )
