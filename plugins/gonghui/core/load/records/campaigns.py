"""Reading: Campaigns (专项行动, 劳动竞赛, 工程): quantified targets and their progress."""

from __future__ import annotations

import unicodedata
from typing import Any

from ...messages import define, say
from ...model.records.campaigns import Campaign, Reading, Target
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, day, list_of, mapping, number, text, wrong
from .common import positive, read_placed_record

OUTSIDE = define("GH331", "字段 'targets[{number}].progress'：读数日期 {date} 不在行动期间（{span}）内；改读数日期，或改 start/end "
                 "(reading outside the campaign)", "进度读数的日期早于行动的 start 或晚于 end")


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
    read = read_placed_record(data, display, FIELDS, regions, problems)
    if read is None:
        return None
    values, origin, region = read
    start, end = values["start"], values.get("end")
    ok = not (values.get("region") and region is None)
    if end is not None and end < start:
        problems.add(display, origin.line("end"), wrong("end", f"应为开始日期 start {start} 当天或之后的日期", str(end)))
        ok = False
    for index, target in enumerate(values.get("targets", []), start=1):
        for reading in target.progress:
            if reading.date < start or (end is not None and reading.date > end):
                span = f"{start} 至 {end}" if end else f"{start} 及以后"
                problems.add(
                    display,
                    reading.line,
                    say(OUTSIDE, number=index, date=reading.date, span=span),
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
        tags=[unicodedata.normalize("NFC", tag) for tag in values.get("tags", [])],
        targets=values.get("targets", []),
        origin=origin,
    )
