"""Reading: Model workers (劳模, 工匠, 先进个人) and their honors."""

from __future__ import annotations

from typing import Any

from ...model.records.workers import LEVELS, Honor, Worker
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, list_of, mapping, text, whole
from .common import read_placed_record

_BY_LABEL = {label: key for key, label in LEVELS.items()}


def _level(value: Any, ctx: Ctx) -> str | None:
    if isinstance(value, str):
        key = value.strip()
        if key in LEVELS:
            return key
        if key in _BY_LABEL:
            return _BY_LABEL[key]
    choices = "、".join(f"{k}（{v}）" for k, v in LEVELS.items())
    ctx.fail(f"应为以下之一：{choices}", value)
    return None


def _year(value: Any, ctx: Ctx) -> int | None:
    year = whole(value, ctx)
    if year is not None and not 1949 <= year <= 2100:
        ctx.fail("应为 1949 到 2100 之间的年份，如 2015", value)
        return None
    return year


def _honor(value: Any, ctx: Ctx) -> Honor | None:
    return mapping(
        {"title": Field(text, required=True), "level": Field(_level, required=True), "year": Field(_year, required=True)},
        lambda v, c: Honor(v["title"], v["level"], v["year"]),
    )(value, ctx)


FIELDS = {
    "name": Field(text, required=True),
    "honors": Field(list_of(_honor, allow_single=False)),
    "organization": Field(text),
    "position": Field(text),
    "region": Field(text),
    "industry": Field(text),
    "photo": Field(text),
    "bio": Field(text),
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
