"""Each region with everything under it: the roll-up county → city → province."""

from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .news import NewsIndex
from .programs import ProgramData, by_region_rollup, records_with_region
from .records.achievements import Achievement
from .records.campaigns import Campaign
from .records.training import TrainingClass
from .records.workers import Worker
from .regions import Region, RegionTable


@dataclass
class RegionSummary:
    region: Region
    articles: list[Article]
    campaigns: list[Campaign]
    training: list[TrainingClass]
    workers: list[Worker]
    achievements: list[Achievement]

    @property
    def count(self) -> int:
        return len(self.articles) + len(self.campaigns) + len(self.training) + len(self.workers) + len(self.achievements)


def region_summaries(regions: RegionTable, news: NewsIndex, programs: ProgramData) -> dict[str, RegionSummary]:
    """Everything each region has, its sub-regions' included; only regions with something."""
    articles = by_region_rollup(records_with_region(news.articles), regions)
    campaigns = by_region_rollup(records_with_region(programs.campaigns.values()), regions)
    training = by_region_rollup(records_with_region(programs.training.values()), regions)
    workers = by_region_rollup(records_with_region(programs.workers.values()), regions)
    achievements = by_region_rollup(((a.region, a) for a in programs.achievements), regions)
    codes = set(articles) | set(campaigns) | set(training) | set(workers) | set(achievements)
    return {
        code: RegionSummary(
            regions.by_code[code],
            articles.get(code, []),
            campaigns.get(code, []),
            training.get(code, []),
            workers.get(code, []),
            achievements.get(code, []),
        )
        for code in sorted(codes)
    }
