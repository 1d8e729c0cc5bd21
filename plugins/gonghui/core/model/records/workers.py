"""Model workers (劳模, 工匠, 先进个人) and their honors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..article import Article, first_paragraph
from ..regions import Region
from .origin import Origin

# Honor levels, highest first: key, Chinese label.
LEVELS: dict[str, str] = {
    "national": "全国",
    "provincial": "省部级",
    "municipal": "市级",
    "county": "县级",
    "industry": "行业",
}
NO_HONOR = "other"
GROUP_TITLES = {**{k: f"{v}荣誉" for k, v in LEVELS.items()}, NO_HONOR: "其他先进人物"}


@dataclass(frozen=True)
class Honor:
    title: str
    level: str  # a key of LEVELS
    year: int

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


@dataclass
class Worker:
    slug: str
    name: str
    honors: list[Honor]
    organization: str
    position: str
    region: Region | None
    industry: str
    photo: str
    bio: str
    origin: Origin
    articles: list[Article] = field(default_factory=list)

    kind_label: ClassVar[str] = "劳模工匠"

    @property
    def lede(self) -> str:
        return first_paragraph(self.bio)

    @property
    def title(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"workers/{self.slug}/"

    @property
    def top_level(self) -> str:
        """The highest honor level, which decides the worker's group in the directory."""
        order = list(LEVELS)
        levels = sorted(order.index(h.level) for h in self.honors)
        return order[levels[0]] if levels else NO_HONOR

    def honors_by_year(self) -> list[Honor]:
        return sorted(self.honors, key=lambda h: (-h.year, list(LEVELS).index(h.level), h.title))
