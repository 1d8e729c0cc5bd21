"""`mkdocs build` with the page cache (`core.output.page_cache`): a page whose inputs did not change is not rendered.

What a page's key covers (a change to any of them renders the page again):
- the whole site's key: every installed package's version, the gonghui package's files (code, templates,
  theme, styles), the site's own templates and theme folders, mkdocs.yml as loaded (every setting, every
  plugin's options) and the navigation (titles and URLs);
- an article page (made offstage, `offstage.py`): its file's text, its URL, what its headline block and
  footer show from other files (so its related reports, programs, region and tags, and the
  titles they show), and what its links and images pointed at when it was rendered (each looked-up path
  is looked up again: a page whose link target appeared, moved or went away is rendered again; a photo's
  phone-sized copies are named by its content hash, so an edited photo counts too);
- any other page (listings, programs, regions, the editors' own pages): its content as rendered (our
  templates are cheap; the theme, about a third of a build, is what the cache saves), its title, front
  matter, table of contents, head metadata and its neighbours in the navigation.

A page that logged anything while it was rendered (a broken link, say) is not stored, so a later build
reports the same problem again. With `pymdownx.snippets` (Markdown that includes other files, which the
keys cannot see) the cache is off.
"""

from __future__ import annotations

import importlib.metadata
import logging
import sysconfig
import zlib
from collections import defaultdict
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.fingerprints import fingerprint, folder_digest, package_digest
from ..core.generate.headmeta import HeadMeta
from ..core.model.article import Article
from ..core.output.page_cache import Entry, PageCache
from ..core.output.search import search_message
from .pages import PageRenderer

log = logging.getLogger("mkdocs.plugins.gonghui")

UNCACHEABLE_EXTENSIONS = ("pymdownx.snippets",)
# The template of a page whose file is written from the cache: it renders nothing, so MkDocs writes nothing.
PLACEHOLDER_TEMPLATE = "gonghui-placeholder.html"
# Settings that are where the build runs, not what it makes.
LOCAL_SETTINGS = {"site_dir", "docs_dir", "config_file_path", "dev_addr", "watch", "strict", "plugins", "theme", "nav"}


def _installed() -> list[str]:
    return sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions())


def _nav_items(items: list[Any]) -> list[Any]:
    shown = []
    for item in items:
        if item.children:
            shown.append([item.title, _nav_items(item.children)])
            continue
        entry: list[Any] = [item.title, getattr(item, "url", None)]
        file = getattr(item, "file", None)
        if item.title is None and file is not None:  # its title comes from its first heading: its source counts
            entry.append(fingerprint(file.content_bytes))
        shown.append(entry)
    return shown


def site_key(config: MkDocsConfig, nav: Navigation, templates_dir: Path | None) -> str:
    """What every page depends on: packages, our code and templates, the site's theme folders, settings, navigation."""
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    theme_dirs = [Path(d) for d in config.theme.dirs if not Path(d).resolve().is_relative_to(installed)]
    settings = {key: value for key, value in config.items() if key not in LOCAL_SETTINGS}
    theme = {key: config.theme[key] for key in sorted(config.theme)}
    plugins = [(name, type(plugin).__module__, dict(plugin.config)) for name, plugin in config.plugins.items()]
    return fingerprint(
        _installed(), package_digest(), [folder_digest(d) for d in theme_dirs],
        folder_digest(templates_dir) if templates_dir else [],
        config.theme.name, theme, settings, plugins, _nav_items(nav.items),
    )


class QuietSkipped(logging.Filter):
    """Drops MkDocs' note that it wrote nothing for a page whose file is written from the cache."""

    def __init__(self, src_uris: Container[str]) -> None:
        super().__init__()
        self.src_uris = src_uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.levelno == logging.INFO and message.startswith("Page skipped: '"):
            return message[len("Page skipped: '"):].split("'", 1)[0] not in self.src_uris
        return True


class _Watch(logging.Handler):
    """Notes which pages logged something while MkDocs read or built them: those are not stored."""

    def __init__(self, config: MkDocsConfig) -> None:
        super().__init__(logging.INFO)
        self.config = config
        self.noisy: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.seen(record)

    def seen(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None and record.levelno >= logging.INFO:
            self.noisy.add(page.file.src_uri)


class CachedPages:
    """One build's use of the page cache: keys, hits, what a rendered page leaves behind."""

    def __init__(self, cache: PageCache, pages: PageRenderer, config: MkDocsConfig, files: Files, nav: Navigation,
                 templates_dir: Path | None) -> None:
        self.cache = cache
        self.pages = pages
        self.site_key = site_key(config, nav, templates_dir)
        self.own_templates = templates_dir is not None
        images = pages.plan.images
        self.images = {uri: [copy.name for copy in image.copies] for uri, image in images.items()}
        self.images_key = fingerprint(sorted(self.images.items()))
        self.files = files
        self.keys: dict[str, str] = {}  # pages to store once rendered
        self.hits: dict[str, Entry] = {}
        self.heads: dict[str, HeadMeta] = {}
        self.documents: dict[str, bytes] = {}  # compressed until the page is stored: 100,000 would not fit
        self.lookups: dict[str, list[list[Any]]] = defaultdict(list)
        self._find = files.get_file_from_path
        self.watch = _Watch(config)
        logging.getLogger("mkdocs").addHandler(self.watch)
        self._quiet = QuietSkipped(self.hits)
        mkdocs_build.log.addFilter(self._quiet)

        def recorded(path: str) -> File | None:  # every lookup of a page's link or image, for its entry
            found = self._find(path)
            page = getattr(config, "_current_page", None)
            if page is not None:
                self.lookups[page.file.src_uri].append([path, self._found(found)])
            return found

        files.get_file_from_path = recorded  # type: ignore[method-assign]

    def _found(self, file: File | None) -> Any:
        if file is None:
            return None
        return [file.url, self.images.get(file.src_uri)]

    def _holds(self, entry: Entry) -> bool:
        return all(self._found(self._find(path)) == found for path, found in entry.lookups)

    def _load(self, key: str, file: File) -> Entry | None:
        """The page's entry when it is in the cache and its lookups hold: its file is written now, not kept in memory."""
        src_uri = file.src_uri
        entry = self.cache.load(key)
        if entry is None or not self._holds(entry):
            self.keys[src_uri] = key
            self.cache.misses += 1
            return None
        self.cache.use(key)
        self.cache.hits += 1
        self.lookups.pop(src_uri, None)
        utils.write_file(entry.output, file.abs_dest_path)  # as MkDocs wrote it
        entry.output = b""  # at 100,000 pages, the pages' HTML would not fit in memory until MkDocs writes them
        return entry

    @staticmethod
    def _neighbours(page: Page) -> list[Any]:
        return [(p.title, p.url) if p is not None else None for p in (page.previous_page, page.next_page)]

    # -- reading pages ---------------------------------------------------------------------------

    def offstage_article(self, file: File, article: Article) -> Entry | None:
        """An offstage article page (`offstage.py`) from the cache, its file written (None: it is made, and stored)."""
        src_uri = file.src_uri
        if self.own_templates:  # a site's templates may show anything: render the parts themselves
            shown: Any = self.pages.article_parts(article, keep_for=src_uri)
        else:
            shown = self.pages.article_inputs(article)
        text_key, raw_img = article.text_key, article.raw_img
        if not text_key or raw_img is None:  # read without the reading cache, or its text kept
            text = file.content_string
            text_key, raw_img = fingerprint(text), "<img" in text.lower()
        key = fingerprint(self.site_key, "article", src_uri, file.url, text_key, shown,
                          self.images_key if raw_img else "")
        entry = self._load(key, file)
        if entry is not None:
            self.pages.article_parts_used(src_uri)
        return entry

    def content(self, html: str, page: Page, head_of: Callable[[], HeadMeta]) -> None:
        """`on_page_content`, last: any other page is taken from the cache when its content and head are unchanged."""
        if page.file.src_uri not in self.hits and page.file.src_uri not in self.keys:
            self._take(page, "page", html, head_of)

    def listing(self, page: Page, head_of: Callable[[], HeadMeta]) -> bool:
        """`on_page_content`, before our templates: a news, month or tag page whose stories' lines, pager and head
        are unchanged is taken from the cache without rendering it (True). A site's own templates may show more."""
        src_uri = page.file.src_uri
        if self.own_templates or src_uri in self.hits or src_uri in self.keys:
            return False
        shown = self.pages.listing_inputs(src_uri)
        return shown is not None and self._take(page, "listing", shown, head_of)

    def _take(self, page: Page, kind: str, shown: Any, head_of: Callable[[], HeadMeta]) -> bool:
        """A page other than an article, keyed by what it shows (`shown`), its title, front matter, table of
        contents, head and neighbours: from the cache (True, its file written), or its head kept for the theme."""
        toc = [(item.title, item.id, item.level) for item in _walk(page.toc)]
        head = head_of()
        key = fingerprint(self.site_key, kind, page.file.src_uri, page.url, shown, page.title, page.meta, toc,
                          repr(head), self._neighbours(page))
        entry = self._load(key, page.file)
        if entry is None:
            self.heads[page.file.src_uri] = head
            return False
        self.hits[page.file.src_uri] = entry
        page.meta["template"] = PLACEHOLDER_TEMPLATE
        return True

    def remember_search(self, page: Page, document: tuple[str, ...]) -> None:
        self.documents[page.file.src_uri] = zlib.compress(search_message(*document), 1)

    def head(self, page: Page) -> HeadMeta | None:
        return self.heads.pop(page.file.src_uri, None)

    def skips_theme(self, page: Page) -> bool:
        return page.file.src_uri in self.hits

    # -- building pages --------------------------------------------------------------------------

    def output(self, output: str, page: Page) -> str:
        """`on_post_page`, last: nothing for a cached page (its file is written); a rendered page's HTML is stored."""
        src_uri = page.file.src_uri
        if src_uri in self.hits:
            return ""
        key = self.keys.get(src_uri)
        if key is None or not output.strip():  # MkDocs writes no file for an empty page: nothing to keep
            return output
        self.cache.use(key)
        packed, lookups = self.documents.pop(src_uri, None), self.lookups.pop(src_uri, [])
        if src_uri not in self.watch.noisy:
            anchors = sorted(page.present_anchor_ids) if page.present_anchor_ids is not None else None
            links = {file.src_uri: dict(found) for file, found in (page.links_to_anchors or {}).items()}
            document = zlib.decompress(packed) if packed is not None else None
            written = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            self.cache.store(key, Entry(written, page._title_from_render, document, anchors, links, lookups))
        return output

    def finish(self, complete: bool) -> None:
        """After the build: the lookups are MkDocs' own again; a complete build removes the entries it did not use."""
        del self.files.get_file_from_path
        logging.getLogger("mkdocs").removeHandler(self.watch)
        mkdocs_build.log.removeFilter(self._quiet)
        if not complete:
            return
        used = set(self.keys.values()) | self.cache.used  # a worker's pages are stored in the worker
        removed = self.cache.prune(used)
        for note in self.cache.notes:
            log.info(note)
        log.info(f"页面缓存：沿用 {self.cache.hits} 页，重新渲染 {self.cache.misses} 页，清除旧页 {removed} 个")


def _walk(toc: Any) -> list[Any]:
    items = []
    for item in toc:
        items.append(item)
        items.extend(_walk(item.children))
    return items


def page_cache_for(config: MkDocsConfig, folder: Path) -> PageCache | None:
    """The cache for this build, or None where it cannot see every input."""
    if any(name in UNCACHEABLE_EXTENSIONS for name in config.markdown_extensions):
        log.info("页面缓存未启用：pymdownx.snippets 会把别的文件拼进页面，缓存看不到它们的变化")
        return None
    return PageCache(folder)
