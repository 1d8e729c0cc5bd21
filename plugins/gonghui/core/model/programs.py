"""All program records of a site, the protocol every record kind follows, and the region roll-up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from .article import Article
from .news import NewsIndex
from .records.achievements import Achievement
from .records.campaigns import Campaign
from .records.origin import Origin
from .records.training import TrainingClass
from .records.workers import Worker
from .regions import Region, RegionTable

KINDS = ("campaigns", "training", "workers")
KIND_LABELS = {"campaigns": "专项行动", "training": "培训班", "workers": "劳模工匠"}

T = TypeVar("T")


class ProgramRecord(Protocol):
    """What every record kind (campaign, class, worker) offers pages, feeds, links and checks."""

    kind_label: ClassVar[str]
    slug: str
    region: Region | None
    origin: Origin
    articles: list[Article]

    @property
    def title(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def lede(self) -> str:
        """One plain-text line about the record: its summary, else its Markdown text's first paragraph."""
        ...


@dataclass
class ProgramData:
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    training: dict[str, TrainingClass] = field(default_factory=dict)
    workers: dict[str, Worker] = field(default_factory=dict)
    achievements: list[Achievement] = field(default_factory=list)
    known: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})

    def slugs(self, kind: str) -> set[str]:
        """Every slug with a file, valid or not (so one bad record is not reported twice)."""
        return self.known[kind]

    def of_kind(self, kind: str) -> dict[str, ProgramRecord]:
        records: dict[str, ProgramRecord] = getattr(self, kind)
        return records

    def link_articles(self, news: NewsIndex) -> None:
        for kind in KINDS:
            for slug, record in self.of_kind(kind).items():
                record.articles = news.by_program.get((kind, slug), [])

    def linked_records(self, article: Article) -> list[tuple[str, ProgramRecord]]:
        """(label, record) for every program record an article names."""
        out: list[tuple[str, ProgramRecord]] = []
        for kind in KINDS:
            records = self.of_kind(kind)
            out.extend((KIND_LABELS[kind], records[s]) for s in getattr(article, kind) if s in records)
        return out


def by_region_rollup(items: Iterable[tuple[Region, T]], regions: RegionTable) -> dict[str, list[T]]:
    """Map each item to its region and every ancestor: a province lists its counties' work."""
    rolled: dict[str, list[T]] = defaultdict(list)
    for region, item in items:
        for ancestor in regions.ancestors(region):
            rolled[ancestor.code].append(item)
    return dict(rolled)


def records_with_region(records: Iterable[Any]) -> list[tuple[Region, Any]]:
    return [(r.region, r) for r in records if r.region is not None]
