"""A site's region table: the official divisions plus `data/regions.yml` additions."""

from __future__ import annotations

from typing import Any

from ..messages import define, say
from ..model.regions import Region, RegionTable, official_table
from ..problems import Problems
from .fields import Ctx, Field, MappingReader, field_at, record_prefix, slug, text
from .records.common import BAD_REGION
from .yamlsource import LinedList, load_yaml_reported

EXTRA_FIELDS = {
    "name": Field(text, required=True),
    "id": Field(slug, required=True),
    "parent": Field(text, required=True),
}


NOT_A_LIST = define("GH320", "regions.yml 应为补充地区的列表，如 '- {{name: 仁怀经济开发区, id: renhuai-jkq, parent: 仁怀市}}' "
                    "(expected a list of additions)", "data/regions.yml 不是列表")
ID_USED = define("GH322", "第{number}项补充，字段 'id'：{id!r} 已被使用，换一个 (id already used)",
                 "补充地区的 id 和官方代码或另一项补充重复")


def load_region_table(path: str, source: str | None, problems: Problems) -> RegionTable:
    """The official table plus `data/regions.yml` additions (when the file exists)."""
    table = official_table()
    if source is None:
        return table
    data = load_yaml_reported(source, path, problems)
    if data is None:
        return table
    if not isinstance(data, list):
        problems.add(path, 1, say(NOT_A_LIST))
        return table
    lines = data.item_lines if isinstance(data, LinedList) else [1] * len(data)
    for index, entry in enumerate(data):
        ctx = Ctx(path, lines[index], "", problems, f"第{index + 1}项补充")
        values: dict[str, Any] = MappingReader(entry, ctx, EXTRA_FIELDS).read()
        if len(values) < 3:
            continue
        line = entry.line_of("parent") if hasattr(entry, "line_of") else lines[index]
        parent, reason = table.resolve(values["parent"])
        if parent is None:
            problems.add(path, line, say(BAD_REGION, record=record_prefix(ctx.record), where=field_at("parent"), reason=reason))
            continue
        if values["id"] in table.by_code:
            problems.add(path, entry.line_of("id"), say(ID_USED, number=index + 1, id=values["id"]))
            continue
        table.add(Region(code=values["id"], name=values["name"], level=4, parent_code=parent.code))
    return table
