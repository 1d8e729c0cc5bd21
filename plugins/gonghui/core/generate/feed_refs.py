"""Where each feed lives and what it is called: the whole site, sections, tags, campaigns, regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.records.campaigns import Campaign
    from ..model.regions import RegionTable

RSS_NAME = "feed.xml"
ATOM_NAME = "atom.xml"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class FeedRef:
    """Where a feed lives: its page's folder (`base`) and what it is about."""

    base: str  # site-relative folder: '' for the whole site, 'news/', 'tags/<slug>/' …
    label: str  # '' for the whole site, else '新闻', '标签：医疗互助' …

    @property
    def rss_path(self) -> str:
        return self.base + RSS_NAME

    @property
    def atom_path(self) -> str:
        return self.base + ATOM_NAME

    def title(self, site_name: str) -> str:
        return f"{site_name} · {self.label}" if self.label else site_name


SITE_FEED = FeedRef("", "")
NEWS_FEED = FeedRef("news/", "新闻")
CAMPAIGNS_FEED = FeedRef("campaigns/", "专项行动")
TRAINING_FEED = FeedRef("training/", "职工培训")


def tag_feed(tag: str, tag_slug: str) -> FeedRef:
    return FeedRef(f"tags/{tag_slug}/", f"标签：{tag}")


def campaign_feed(campaign: Campaign) -> FeedRef:
    return FeedRef(campaign.url, f"专项行动：{campaign.title}")


def region_feed(regions: RegionTable, code: str) -> FeedRef:
    region = regions.by_code[code]
    return FeedRef(region.url, f"地区：{regions.full_name(region)}")
