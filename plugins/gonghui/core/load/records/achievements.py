"""Reading: Regional achievements: figures per region, each tied to the article reporting it."""

from __future__ import annotations

from typing import Any

from ...model.records.achievements import Achievement
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, day, number, slug, text
from .common import read_record, resolve_region

FIELDS = {
    "region": Field(text, required=True),
    "date": Field(day, required=True),
    "metric": Field(text, required=True),
    "value": Field(number, required=True),
    "unit": Field(text, required=True),
    "source": Field(slug, required=True),
    "note": Field(text),
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
