"""The site plan: every page and file a build writes, each with its kind.

`plan_pages` is cheap (page objects with their data, no HTML); `plan_site` adds every file (feeds,
calendars, the JSON export, robots.txt, redirect pages), which are rendered here. The engine adapter
renders the pages and writes the files; nothing is recognised by its URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model.article import Article
from ..model.site import SiteModel
from ..text.paths import OutputPathError, check_output_tree
from .campaigns import campaign_pages
from .export import programs_json, robots_txt
from .feed_cache import FeedCache
from .feed_refs import NEWS_FEED, FeedRef
from .feeds import SiteInfo, feed_files
from .news import home_page, news_pages, tag_pages
from .pages import KIND_ARTICLE, GeneratedFile, GeneratedPage, PageKind
from .redirects import redirect_files
from .regions import region_pages
from .responsive import Responsive
from .search_page import search_page
from .training import calendar_files, training_pages, upcoming_classes
from .workers import worker_pages


@dataclass(frozen=True)
class ArticlePage:
    """An article, rendered by the engine from its Markdown at its dated URL."""

    article: Article
    kind: PageKind = PageKind.ARTICLE
    search_kind: str = KIND_ARTICLE
    feed: FeedRef = NEWS_FEED

    @property
    def url(self) -> str:
        return self.article.url

    @property
    def src_uri(self) -> str:
        return self.article.src_uri


@dataclass
class SitePlan:
    """Every page and file of a build. Each lands inside the site folder, once: a page URL or file path
    that would leave it (absolute, `..`) or land on another output raises `OutputPathError`, whenever
    the pages or the files are set."""

    pages: list[GeneratedPage]
    articles: list[ArticlePage]
    files: list[GeneratedFile] = field(default_factory=list)
    images: dict[str, Responsive] = field(default_factory=dict)  # photos with phone-sized copies, by content path

    def __post_init__(self) -> None:
        self.generated = {page.src_uri: page for page in self.pages}
        self.article_pages = {page.src_uri: page for page in self.articles}
        self._page_paths = _output_paths(
            [(page.url + "index.html", f"the {page.kind} page {page.url or '(home)'}") for page in self.pages]
            + [(page.url + "index.html", f"the article {page.src_uri}") for page in self.articles]
        )
        check_output_tree(self._page_paths)
        self.files = self.files  # checked by __setattr__

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "files" and "_page_paths" in self.__dict__:
            paths = _output_paths([(f.path, f"the {f.kind} file {f.path}") for f in value], dict(self._page_paths))
            check_output_tree(paths)
        super().__setattr__(name, value)

    def image_copies(self) -> dict[str, Path]:
        """Each copy's site path and its file in the image cache (a photo shown twice is copied once)."""
        return {image.site_path(copy): image.folder / copy.file
                for _uri, image in sorted(self.images.items()) for copy in image.copies}

    def page_urls(self) -> set[str]:
        return {page.url for page in self.pages} | {page.url for page in self.articles}


def _output_paths(outputs: list[tuple[str, str]], into: dict[str, str] | None = None) -> dict[str, str]:
    paths = {} if into is None else into
    for path, owner in outputs:
        if not isinstance(path, str) or path in paths:
            raise OutputPathError(f"{owner} would be written at {path!r}, where {paths.get(path, 'another output')} is")
        paths[path] = owner
    return paths


def plan_pages(site: SiteModel, page_size: int) -> SitePlan:
    """Every page of the site, in build order: generated pages (with their data), then articles."""
    home = home_page(site)
    home.context["classes"] = upcoming_classes(site)  # the home page shows the next classes
    pages = [
        home,
        *news_pages(site, page_size),
        *tag_pages(site, page_size),
        *campaign_pages(site),
        *training_pages(site),
        *worker_pages(site),
        *region_pages(site),
        search_page(site),
    ]
    articles = [ArticlePage(site.all_articles[uri]) for uri in sorted(site.all_articles) if uri not in site.hidden]
    return SitePlan(pages, articles)


def plan_files(site: SiteModel, info: SiteInfo, redirects: dict[str, str],
               feed_cache: FeedCache | None = None) -> list[GeneratedFile]:
    """Every file that is not a page: calendars, feeds (kept in `feed_cache` if given), the JSON export,
    robots.txt, redirect pages."""
    # Feeds need a title; without the site's name, its host name is the next best thing.
    if not info.site_name:
        info = SiteInfo(info.site_url, urlsplit(info.site_url).hostname or "gonghui", info.site_description)
    return [
        *calendar_files(site, info.site_url),
        *feed_files(site, info, feed_cache),
        programs_json(site, info.site_url),
        robots_txt(info.site_url),
        *redirect_files(redirects),
    ]
