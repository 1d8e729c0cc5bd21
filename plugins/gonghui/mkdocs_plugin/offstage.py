"""`mkdocs build` at newspaper scale: article pages made outside MkDocs' page loop (issue 17).

MkDocs reads every page (Markdown to HTML) before it writes any, so a build holds every page object with its
text until the end: the main process held 3.2 GB at 100,000 articles. And each page it reads costs its per-page
work (reading the file and its front matter, every plugin's events) even when the page cache has the page.

So every article page that is not in the navigation is *offstage*. In `on_nav` (the navigation is made, no page
is read yet) its File becomes an `OffstageFile`: not a documentation page, so MkDocs' loops and the `pages` of
its templates pass it by, while links to it still resolve. It gets an `OffstagePage`, the few values that
sitemap.xml and other pages' anchor checks read. Then:

- an article the page cache holds is written from it at once (`CachedPages.offstage_article`);
- the others are made one page at a time, each with MkDocs' own `_populate_page` and `_build_page` (every
  plugin's page events run), written and dropped: in forked render workers when there are any (`parallel.py`),
  else here in the build's process. They are made at once, before MkDocs reads its own pages, so that the search
  index (Pagefind, on the second core) gets them from the start of the build: when no other plugin changes the
  theme's environment (`on_env`) and every page in the navigation has its title from mkdocs.yml, the pages come
  out the same as later (`early_environment`). Otherwise they are made once the environment is final (`on_env`).

Search documents go on to the index in one order however they came (`InOrder`): the newest year first, each
year's oldest first, so the index is the same with and without the cache and the workers. Anchor links to and
from offstage pages are checked with MkDocs' own check once every page is made (`on_post_build`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.model.article import Article
from ..core.output.render_workers import InOrder
from ..core.output.search import search_message
from .pages import PageRenderer

GATE = "gate"  # the slot before every offstage page's: opened when MkDocs has read its own pages
Anchors = tuple[set[str] | None, dict[str, dict[str, str]] | None]  # ids in the page; its links to #anchors by file


class OffstageFile:
    """Mixed into an offstage article's File: MkDocs' loops skip it; `OffstageArticles` writes its page."""

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:  # an HTML page, not a media file for other plugins to process
        return True

    def copy_file(self, dirty: bool = False) -> None:
        pass


class OffstagePage:
    """What stays of an offstage article's page: sitemap.xml's entry and what anchor checks read."""

    __slots__ = ("file", "url", "title", "update_date", "canonical_url", "abs_url", "is_link", "present_anchor_ids",
                 "links_to_anchors")

    validate_anchor_links = Page.validate_anchor_links

    def __init__(self, file: File, site_url: str | None, update_date: str) -> None:  # MkDocs' Page is let go
        self.file = file
        self.url = file.url
        self.title: str | None = None
        self.update_date = update_date
        self.is_link = False
        self.canonical_url: str | None = None
        self.abs_url: str | None = None
        Page._set_canonical_url(self, site_url)  # type: ignore[arg-type]  # the same URLs as a page's
        self.present_anchor_ids: set[str] | None = None  # set once every page is made: checks wait till then
        self.links_to_anchors: dict[File, dict[str, str]] = {}


_MADE: dict[type, type] = {}


def _included_page(file: File) -> bool:
    """A documentation page the build publishes (MkDocs' own test for the pages it reads)."""
    return file.is_documentation_page() and InclusionLevel.is_included(file.inclusion)


def _make_offstage(file: File) -> None:
    base = type(file)
    made = _MADE.get(base)
    if made is None:
        made = _MADE[base] = type(f"Offstage{base.__name__}", (OffstageFile, base), {})
    file.__class__ = made


def _pack(item: tuple[bytes]) -> bytes:  # a search message waiting for an earlier page: about a third of its size
    return zlib.compress(item[0], 1)


def _unpack(packed: bytes) -> tuple[bytes]:
    return (zlib.decompress(packed),)


def early_environment(config: MkDocsConfig, nav: Navigation, plugin: object) -> Any | None:
    """The theme's environment for making article pages before MkDocs reads its own pages, or None when they might
    come out otherwise then: another plugin may change the environment (`on_env`), or a page in the navigation
    takes its title from its own text (MkDocs reads it only later; every page shows the navigation)."""
    if any(getattr(handler, "__self__", None) is not plugin for handler in config.plugins.events["env"]):
        return None
    if any("title" not in vars(page) for page in nav.pages):  # MkDocs sets a title from mkdocs.yml on the page
        return None
    return config.theme.get_env()


def newest_year_first(files: list[File], articles: list[Article]) -> tuple[list[File], list[Article]]:
    """The articles by year, newest first, each year's oldest first (in file order on the same date). New stories
    and most edits are in the newest year, so in a warm build its search shards are complete, and indexed, first
    instead of last; and new stories come after the year's others, so they join its last shard and leave the
    year's earlier shards as they were (`search_feeder.year_shard_sizes`). The index is the same in any order of
    the years: each year is a part of its own."""
    order = sorted(range(len(files)), key=lambda position: (-articles[position].date.year, articles[position].date))
    return [files[position] for position in order], [articles[position] for position in order]


class OffstageArticles:
    """One build's offstage article pages: which they are, how each was made, their search documents in order."""

    def __init__(self, pages: PageRenderer, config: MkDocsConfig, files: Files, nav: Navigation,
                 send_search: Callable[[bytes], Any]) -> None:
        self.files: list[File] = []
        self.articles: list[Article] = []
        nav_files = {page.file for page in nav.pages}
        in_nav = False
        for file in files:
            if not _included_page(file):
                continue
            article = pages.site.article_for(file.src_uri)
            if article is None:
                continue
            if file in nav_files:  # MkDocs reads it with the others
                in_nav = True
                continue
            self.files.append(file)
            self.articles.append(article)
        self.files, self.articles = newest_year_first(self.files, self.articles)
        self.feed = InOrder(send_search, pack=_pack, unpack=_unpack)
        if in_nav:  # articles MkDocs reads share their year's shards: theirs go first, in every build alike
            self.feed.expect(GATE)
        for position, (file, article) in enumerate(zip(self.files, self.articles, strict=True)):
            self.feed.expect(position)
            _make_offstage(file)
            file.page = OffstagePage(file, config.site_url, pages.update_date(article))  # type: ignore[assignment]
        self.offstage = set(self.files)
        self.to_render: list[int] = list(range(len(self.files)))
        self.anchors: dict[int, Anchors] = {}
        self.current: str | None = None  # the src_uri of the page being made here
        self.started = False  # made (or handed to the workers) already
        self.in_worker = False
        self.document: tuple[str, ...] | None = None

    # -- which pages ------------------------------------------------------------------------------------

    def take_cached(self, entry_of: Callable[[File, Article], Any], make_now: Callable[[int], None] | None = None) -> None:
        """The pages the page cache holds are written now (`entry_of` does, None when it has not the page); with
        `make_now`, each other page is made as soon as it is found missing, so that search documents go on in
        order without waiting (a year's search shard is complete, and indexed, as soon as its last page is)."""
        remaining = []
        for position, (file, article) in enumerate(zip(self.files, self.articles, strict=True)):
            entry = entry_of(file, article)
            if entry is None:
                if make_now is not None:
                    make_now(position)
                else:
                    remaining.append(position)
                continue
            self.anchors[position] = (set(entry.anchors) if entry.anchors is not None else None, entry.links_to_anchors)
            self.feed.fill(position, (entry.search,) if entry.search else None)
        self.to_render = remaining

    def owns(self, page: Page) -> bool:
        """The page is offstage and made in this process now: its search document comes here (`add`)."""
        return self.in_worker or page.file.src_uri == self.current

    def add(self, document: str, url: str, kind: str, part: str = "") -> None:
        self.document = (document, url, kind, part)

    def sitemap_pages(self, files: Files) -> list[File]:
        """The pages sitemap.xml lists, offstage ones included, in the same order as MkDocs would."""
        return [file for file in files if file in self.offstage or _included_page(file)]

    # -- making pages -------------------------------------------------------------------------------------

    def open_gate(self) -> None:
        """MkDocs has read its own pages (`on_env`): offstage documents may follow theirs."""
        self.feed.fill(GATE, None)

    def make(self, position: int, config: MkDocsConfig, files: Files, doc_files: Sequence[File], nav: Navigation,
             env: Any) -> tuple[tuple[str, ...] | None, Anchors]:
        """One offstage page, read, rendered and written as MkDocs would; its search document and anchors."""
        file = self.files[position]
        kept = file.page
        page = Page(None, file, config)
        self.current, self.document = file.src_uri, None
        try:
            mkdocs_build._populate_page(page, config, files)
            mkdocs_build._build_page(page, config, doc_files, nav, env)
        finally:
            self.current = None
            file.page = kept
        links = None
        if page.links_to_anchors is not None:
            links = {target.src_uri: dict(found) for target, found in page.links_to_anchors.items()}
        return self.document, (page.present_anchor_ids, links)

    def made(self, position: int, document: tuple[str, ...] | None, anchors: Anchors) -> None:
        self.anchors[position] = anchors
        self.feed.fill(position, (search_message(*document),) if document is not None else None)

    def make_here(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> None:
        """Every offstage page not in the cache, in this process, one after the other."""
        make = self.maker(config, files, nav, env)
        for position in self.to_render:
            make(position)
        self.to_render = []

    def maker(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> Callable[[int], None]:
        """Makes one offstage page, by its position, in this process."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

        def make(position: int) -> None:
            self.made(position, *self.make(position, config, files, doc_files, nav, env))

        return make

    # -- after every page ----------------------------------------------------------------------------------

    def check_anchors(self, config: MkDocsConfig, files: Files) -> None:
        """The anchor checks MkDocs could not make: links from offstage pages, and from its own pages to them."""
        for position, file in enumerate(self.files):
            page: Any = file.page
            ids, links = self.anchors.pop(position, (None, None))
            page.present_anchor_ids = ids
            page.links_to_anchors = {target: found for uri, found in (links or {}).items()
                                     if (target := files.get_file_from_path(uri)) is not None}
        level = config.validation.links.anchors
        for file in files:
            page = file.page
            if page is None or not page.links_to_anchors:
                continue
            if file in self.offstage:
                page.validate_anchor_links(files=files, log_level=level)
                continue
            if not _included_page(file):
                continue
            saved = page.links_to_anchors
            page.links_to_anchors = {target: found for target, found in saved.items() if target in self.offstage}
            try:
                page.validate_anchor_links(files=files, log_level=level)
            finally:
                page.links_to_anchors = saved
