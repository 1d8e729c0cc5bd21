"""The site model: everything a build publishes, checked, with its indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .article import Article
from .news import NewsIndex
from .programs import ProgramData
from .regions import RegionTable
from .summaries import RegionSummary


@dataclass(frozen=True)
class SiteSources:
    """Where a site's files are: the project root, its content and data folders."""

    root: Path
    content_dir: Path
    data_dir: Path

    def display(self, path: Path) -> str:
        """A path as editors see it: relative to the project root, with '/'."""
        if path.is_absolute() and self.root.is_absolute() and ".." not in path.parts:
            try:  # the usual case, without asking the file system (called for every file read)
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def display_content(self, src_uri: str) -> str:
        """A file of the content folder, named by its `src_uri`, as editors see it."""
        if self._content_prefix and not src_uri.startswith("/") and ".." not in src_uri.split("/"):
            return self._content_prefix + src_uri  # called for every article on every build: no path objects
        return self.display(self.content_dir / src_uri)

    @cached_property
    def _content_prefix(self) -> str:
        """'content/' when the content folder is inside the project, as `display` writes it; else ''."""
        shown = self.display(self.content_dir)
        outside = shown in (".", "", self.content_dir.as_posix()) or shown.startswith("../")
        return "" if outside else shown.rstrip("/") + "/"


@dataclass
class SiteModel:
    sources: SiteSources
    now: dt.datetime
    preview: bool  # `serve`: drafts, scheduled articles and held-back figures are shown, marked
    regions: RegionTable
    programs: ProgramData
    news: NewsIndex
    all_articles: dict[str, Article]  # by src_uri, including hidden ones
    hidden: set[str] = field(default_factory=set)  # src_uris of drafts and scheduled articles (none in preview)
    region_summaries: dict[str, RegionSummary] = field(default_factory=dict)  # regions that have anything

    @cached_property
    def as_of(self) -> dt.datetime:
        """The newest moment of the site that has come by the build: an article's date, a campaign's start, a
        class session's start or end. Feeds (`updated` when no item has come yet) and calendars (DTSTAMP)
        are stamped with it, not the clock, so a nightly build of a site where nothing happened writes the
        same bytes and a deploy uploads nothing. The build moment when nothing has come yet."""
        moments = [a.date for a in self.news.articles]
        moments += [dt.datetime.combine(c.start, dt.time(), self.now.tzinfo) for c in self.programs.campaigns.values()]
        moments += [m for c in self.programs.training.values() for s in c.sessions for m in (s.start, s.end)]
        return max((m for m in moments if m <= self.now), default=self.now)

    def article_for(self, src_uri: str) -> Article | None:
        article = self.all_articles.get(src_uri)
        return None if article is None or src_uri in self.hidden else article
