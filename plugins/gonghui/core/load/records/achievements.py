"""Reading: Regional achievements: figures per region, each tied to the article reporting it."""

from __future__ import annotations

from typing import Any

from ...model.records.achievements import Achievement
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, day, number, slug, text
from .common import read_record, resolve_region

FIELDS: dict[str, Field] = {
    "region": Field(text, required=True, label="地区"),
    "date": Field(day, required=True, label="数据截至日期"),
    "metric": Field(text, required=True, label="指标"),
    "value": Field(number, required=True, label="数值", hint="写原数，如 101900；网页显示为“10.19万人”"),
    "unit": Field(text, required=True, label="单位", hint="人、家、万元……"),
    "source": Field(slug, required=True, label="出处文章", hint="一篇已发布的文章"),
    "note": Field(text, label="备注", hint="如“报道为‘2000余人’”"),
}


def read_achievements(data: Any, display: str, regions: RegionTable, problems: Problems) -> list[Achievement]:
    if data is None:
        return []
    if not isinstance(data, list):
        Ctx(display, getattr(data, "line", 1), "records", problems).fail(
            "应为成果列表，每条以 '- region: …' 开头", data
        )
        return []
    out: list[Achievement] = []
    for index, entry in enumerate(data, start=1):
        read = read_record(entry, display, FIELDS, problems, record=f"第{index}条")
        if read is None:
            continue
        values, origin = read
        region = resolve_region(values["region"], origin, regions, problems, record=f"第{index}条")
        if region is None:
            continue
        out.append(
            Achievement(
                region=region,
                date=values["date"],
                metric=values["metric"],
                value=values["value"],
                unit=values["unit"],
                source=values["source"],
                note=values.get("note", ""),
                origin=origin,
                number=index,
            )
        )
    return out
