"""Reading: Campaigns (专项行动, 劳动竞赛, 工程): quantified targets and their progress."""

from __future__ import annotations

import unicodedata
from typing import Any

from ...messages import define, say
from ...model.records.campaigns import Campaign, Reading, Target
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Field, day, list_of, mapping, number, text, wrong
from .common import positive, read_placed_record

OUTSIDE = define("GH331", "字段 'targets[{number}].progress'：读数日期 {date} 不在行动期间（{span}）内；改读数日期，或改 start/end "
                 "(reading outside the campaign)", "进度读数的日期早于行动的 start 或晚于 end")


READING_FIELDS: dict[str, Field] = {
    "date": Field(day, required=True, label="日期", hint="在行动的开始和结束日期之间"),
    "value": Field(number, required=True, label="读数"),
}
_reading = mapping(READING_FIELDS, lambda v, c: Reading(v["date"], v["value"], c.line))

TARGET_FIELDS: dict[str, Field] = {
    "name": Field(text, required=True, label="指标名", hint="如“新建工会”"),
    "unit": Field(text, required=True, label="单位", hint="如 家、人、万元"),
    "target": Field(positive, required=True, label="目标值", hint="大于 0"),
    "progress": Field(list_of(_reading, allow_single=False), label="进度读数", hint="两次以上读数时画折线图"),
}
_target = mapping(TARGET_FIELDS, lambda v, c: Target(v["name"], v["unit"], v["target"], v.get("progress", [])))

FIELDS: dict[str, Field] = {
    "title": Field(text, required=True, label="名称"),
    "organizer": Field(text, required=True, label="主办单位", hint="如“仁怀市总工会”"),
    "region": Field(text, label="地区"),
    "start": Field(day, required=True, label="开始日期"),
    "end": Field(day, label="结束日期", hint="不早于开始日期；不写表示长期开展（显示“……起”）"),
    "summary": Field(text, label="简介", hint="一段简介，显示在页面上方和列表里"),
    "description": Field(text, label="详细介绍", markdown=True),
    "tags": Field(list_of(text), label="标签", hint="用逗号分开；有文章用到的标签会链接到标签页"),
    "targets": Field(list_of(_target, allow_single=False), label="量化目标"),
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
