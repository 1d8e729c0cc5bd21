"""Campaigns (专项行动, 劳动竞赛, 工程): quantified targets and their progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from ...text.figures import percent
from ..article import Article, first_paragraph
from ..regions import Region
from .origin import Origin


@dataclass(frozen=True)
class Reading:
    date: dt.date
    value: float
    line: int = 0
    pending: bool = False  # dated after the build moment: shown only in a preview


@dataclass
class Target:
    name: str
    unit: str
    target: float
    progress: list[Reading]

    @property
    def latest(self) -> Reading | None:
        return max(self.progress, key=lambda r: r.date) if self.progress else None

    @property
    def value(self) -> float:
        latest = self.latest
        return latest.value if latest else 0

    @property
    def percent(self) -> int:
        return percent(self.value, self.target)


@dataclass
class Campaign:
    slug: str
    title: str
    organizer: str
    region: Region | None
    start: dt.date
    end: dt.date | None
    summary: str
    description: str
    tags: list[str]
    targets: list[Target]
    origin: Origin
    articles: list[Article] = field(default_factory=list)

    kind_label: ClassVar[str] = "专项行动"

    @property
    def url(self) -> str:
        return f"campaigns/{self.slug}/"

    @property
    def lede(self) -> str:
        return self.summary or first_paragraph(self.description)

    def status(self, today: dt.date) -> str:
        if today < self.start:
            return "未开始"
        if self.end is not None and today > self.end:
            return "已结束"
        return "进行中"

    def status_rank(self, today: dt.date) -> int:
        return {"进行中": 0, "未开始": 1, "已结束": 2}[self.status(today)]
