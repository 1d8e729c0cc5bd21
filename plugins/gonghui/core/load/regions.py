"""A site's region table: the official divisions plus `data/regions.yml` additions."""

from __future__ import annotations

from typing import Any

from ..model.regions import Region, RegionTable, official_table
from ..problems import Problems
from .fields import Ctx, Field, MappingReader, slug, text
from .yamlsource import LinedList, load_yaml_reported

EXTRA_FIELDS = {
    "name": Field(text, required=True),
    "id": Field(slug, required=True),
    "parent": Field(text, required=True),
}


def load_region_table(path: str, source: str | None, problems: Problems) -> RegionTable:
    """The official table plus `data/regions.yml` additions (when the file exists)."""
    table = official_table()
    if source is None:
        return table
    data = load_yaml_reported(source, path, problems)
    if data is None:
        return table
    if not isinstance(data, list):
        problems.add(path, 1, "expected a list of additions like '- {name: 仁怀经济开发区, id: renhuai-jkq, parent: 仁怀市}'")
        return table
    lines = data.item_lines if isinstance(data, LinedList) else [1] * len(data)
    for index, entry in enumerate(data):
        ctx = Ctx(path, lines[index], "", problems, f"addition {index + 1}")
        values: dict[str, Any] = MappingReader(entry, ctx, EXTRA_FIELDS).read()
        if len(values) < 3:
            continue
        line = entry.line_of("parent") if hasattr(entry, "line_of") else lines[index]
        parent, reason = table.resolve(values["parent"])
        if parent is None:
            problems.add(path, line, f"addition {index + 1}, field 'parent': {reason}")
            continue
        if values["id"] in table.by_code:
            problems.add(path, entry.line_of("id"), f"addition {index + 1}, field 'id': {values['id']!r} is already used")
            continue
        table.add(Region(code=values["id"], name=values["name"], level=4, parent_code=parent.code))
    return table
