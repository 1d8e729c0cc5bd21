"""Program records (campaigns, training classes, model workers, achievements).

Placeholder registry: knows which record slugs exist so articles can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .problems import Problems

if TYPE_CHECKING:
    from .news import NewsIndex
    from .regions import RegionTable
    from .site import SiteSources

KINDS = ("campaigns", "training", "workers")


@dataclass
class ProgramData:
    records: dict[str, dict[str, object]] = field(default_factory=lambda: {k: {} for k in KINDS})

    def slugs(self, kind: str) -> set[str]:
        return set(self.records[kind])

    def check_sources(self, sources: SiteSources, articles: dict, problems: Problems) -> None:
        return None

    def link_articles(self, news: NewsIndex) -> None:
        return None


def load_programs(sources: SiteSources, regions: RegionTable, problems: Problems) -> ProgramData:
    data = ProgramData()
    for kind in KINDS:
        folder = sources.data_dir / kind
        if folder.is_dir():
            for path in sorted(folder.glob("*.yml")):
                data.records[kind][path.stem] = {}
    return data
