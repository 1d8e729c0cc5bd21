"""Reading: Model workers (劳模, 工匠, 先进个人) and their honors."""

from __future__ import annotations

from typing import Any

from ...model.records.workers import LEVELS, Honor, Worker
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Choice, Ctx, Field, list_of, mapping, text, whole
from .common import read_placed_record


def year(value: Any, ctx: Ctx) -> int | None:
    checked = whole(value, ctx)
    if checked is not None and not 1949 <= checked <= 2100:
        ctx.fail("应为 1949 到 2100 之间的年份，如 2015", value)
        return None
    return checked


HONOR_FIELDS: dict[str, Field] = {
    "title": Field(text, required=True, label="称号", hint="如“全国劳动模范”"),
    "level": Field(Choice(LEVELS), required=True, label="级别"),
    "year": Field(year, required=True, label="年份", hint="1949–2100"),
}
_honor = mapping(HONOR_FIELDS, lambda v, c: Honor(v["title"], v["level"], v["year"]))

FIELDS: dict[str, Field] = {
    "name": Field(text, required=True, label="姓名"),
    "honors": Field(list_of(_honor, allow_single=False), label="荣誉"),
    "organization": Field(text, label="单位"),
    "position": Field(text, label="职务"),
    "region": Field(text, label="地区"),
    "industry": Field(text, label="行业"),
    "photo": Field(text, label="照片", hint="从 content/ 算起的路径，如 /assets/images/workers/li-jing.jpg"),
    "bio": Field(text, label="事迹简介", markdown=True),
}

def read_worker(slug: str, data: Any, display: str, regions: RegionTable, problems: Problems) -> Worker | None:
    read = read_placed_record(data, display, FIELDS, regions, problems)
    if read is None:
        return None
    values, origin, region = read
    if values.get("region") and region is None:
        return None
    return Worker(
        slug=slug,
        name=values["name"],
        honors=values.get("honors", []),
        organization=values.get("organization", ""),
        position=values.get("position", ""),
        region=region,
        industry=values.get("industry", ""),
        photo=values.get("photo", ""),
        bio=values.get("bio", ""),
        origin=origin,
    )
