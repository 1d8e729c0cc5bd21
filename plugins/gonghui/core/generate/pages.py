"""What a site plan is made of: pages and files, each with its kind as data.

A `GeneratedPage` says where it goes, what kind of page it is, its title, the template that draws it
and the data the template needs; a `GeneratedFile` is a non-page output (a feed, a calendar, the JSON
export, a redirect page). The engine adapter turns them into the engine's pages and files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..text.timeutil import beijing_day, chinese_date
from .feed_refs import FeedRef

# What a page is in search results, kept as the result's 类型 metadata; pages without one (listings) are
# not indexed. Not a Pagefind filter: Pagefind writes filters in a different order on each run (a Rust
# HashMap), which breaks reproducible builds: each kind is indexed in shards of its own (named by its key
# in SEARCH_KIND_KEYS), which the search page merges with the kind as a filter of its own.
KIND_ARTICLE = "新闻"
KIND_CAMPAIGN = "专项行动"
KIND_TRAINING = "职工培训"
KIND_WORKER = "劳模工匠"
KIND_REGION = "地区"
KIND_PAGE = "其他"
SEARCH_KIND_KEYS = {KIND_ARTICLE: "news", KIND_CAMPAIGN: "campaign", KIND_TRAINING: "training", KIND_WORKER: "worker",
                    KIND_REGION: "region", KIND_PAGE: "page"}


@dataclass(frozen=True)
class SearchDate:
    """A page's date in search results: `key` sorts (2022-06-24), `label` is shown (2022年6月24日)."""

    key: str
    label: str

    @classmethod
    def of_day(cls, day: dt.date | dt.datetime) -> SearchDate:
        day = beijing_day(day)
        return cls(f"{day:%Y-%m-%d}", chinese_date(day))

    @classmethod
    def of_year(cls, year: int) -> SearchDate:
        return cls(f"{year:04d}-01-01", f"{year}年")


class PageKind(StrEnum):
    HOME = "home"
    NEWS = "news"  # /news/ and its pages
    ARCHIVE = "archive"
    YEAR = "year"
    MONTH = "month"
    TAGS = "tags"
    TAG = "tag"
    CAMPAIGNS = "campaigns"
    CAMPAIGN = "campaign"
    TRAINING_LIST = "training-list"
    TRAINING = "training"
    WORKERS = "workers"
    WORKER = "worker"
    REGIONS = "regions"
    REGION = "region"
    SEARCH = "search"
    ARTICLE = "article"  # an editor's article, rendered by the engine from its Markdown
    PAGE = "page"  # an editor's own page outside news/


class FileKind(StrEnum):
    FEED = "feed"
    CALENDAR = "calendar"
    EXPORT = "export"
    ROBOTS = "robots"
    REDIRECT = "redirect"


@dataclass
class GeneratedPage:
    url: str  # site-relative directory URL, '' for the home page
    title: str
    template: str
    kind: PageKind
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    description: str = ""
    search_kind: str = ""  # indexed for search under this kind (output/search.py); listings stay out
    search_date: SearchDate | None = None  # shown with the search result, and sorted by
    feed: FeedRef | None = None  # the section, tag, campaign or region feed the page belongs to
    record: Any = None  # the campaign, class or worker the page shows

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output such as a calendar: a site path and its bytes, or a file holding exactly them
    (`source`: a feed kept in the build cache is copied from there, not held in memory)."""

    path: str
    content: bytes
    kind: FileKind
    source: Path | None = None
