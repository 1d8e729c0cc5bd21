"""MkDocs' Markdown rendering of a page, without its per-page costs (issue 17's per-page savings).

`Page.render` in MkDocs 1.6 builds a new Python-Markdown converter, with every extension, for every page:
about a millisecond a page, more than converting a short article. Two cheaper paths, each giving exactly
what `Page.render` gives (`tests/test_page_render.py` compares both on the sample site and 200 articles):

- An article or editor's page is converted by one converter per build, `reset()` between pages, with
  MkDocs' own per-page processors registered afresh. Only when every configured extension is one of
  Python-Markdown's own that clear their state in `reset()`; any other extension keeps MkDocs' way.
- A page gonghui generates (its file is front matter only; its content comes from our templates) is not
  converted at all: the results of converting an empty text are set directly.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# Python-Markdown's extensions whose state is per conversion or cleared by `Markdown.reset()`.
RESETTING = {"abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "legacy_attrs", "legacy_em",
             "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks"}


def _short(name: object) -> str:
    return str(name).removeprefix("markdown.extensions.") if isinstance(name, str) else ""


class SharedConverter:
    """One Python-Markdown converter for a build's pages, or None where an extension might carry state over."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.usable = all(_short(name) in RESETTING for name in config.markdown_extensions)
        self._md: markdown.Markdown | None = None

    def get(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(extensions=self.config["markdown_extensions"],
                                         extension_configs=self.config["mdx_configs"] or {})
        return self._md.reset()


class _Compact:
    """A page's Markdown and HTML kept compressed while it waits for the theme (issue 17: memory).

    MkDocs reads every page (Markdown to HTML) before it writes any, so a build holds the whole site's text at
    once: about 2 GB at 100,000 articles. Kept as zlib (level 1) UTF-8 they take about a sixth; each is
    compressed when set and decompressed when read (the theme reads a page's HTML once). That costs about
    0.3 ms a page, so only sites of `COMPACT_PAGES` pages or more keep their pages so.
    """

    @property
    def markdown(self) -> str | None:
        return _unpack(self.__dict__.get("gh_markdown"))

    @markdown.setter
    def markdown(self, value: str | None) -> None:
        self.__dict__["gh_markdown"] = _pack(value)

    @property
    def content(self) -> str | None:
        return _unpack(self.__dict__.get("gh_content"))

    @content.setter
    def content(self, value: str | None) -> None:
        self.__dict__["gh_content"] = _pack(value)


def _pack(text: str | None) -> bytes | str | None:
    if text is None or len(text) < 512:
        return text
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def _unpack(kept: bytes | str | None) -> str | None:
    return zlib.decompress(kept).decode("utf-8", "surrogatepass") if isinstance(kept, bytes) else kept


class _Shared:
    """Mixed into a page's class: `Page.render` (MkDocs 1.6.1) with the build's converter."""

    gonghui_converter: SharedConverter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        page: Any = self
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = page.gonghui_converter.get()
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors


class _Empty:
    """Mixed into a generated page's class: what converting its empty text would give."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        page: Any = self
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}


_MADE: dict[tuple[type, ...], type] = {}
COMPACT_PAGES = 20000  # a site of this many pages keeps them compressed until the theme renders them


def mix_into(page: Page, *mixins: type) -> None:
    """Give one page the behaviour of `mixins` (before its own class's): the cheaper renderings here change a page
    this way. Its own class is `type(page).__mro__[1 +
    len(mixins)]` afterwards."""
    base = type(page)
    made = _MADE.get((*mixins, base))
    if made is None:
        name = "".join(mixin.__name__.strip("_") for mixin in mixins) + base.__name__
        made = _MADE[(*mixins, base)] = type(name, (*mixins, base), {})
    kept = {name: page.__dict__.pop(name, None) for name in ("markdown", "content")}
    page.__class__ = made
    for name, value in kept.items():  # through _Compact's properties, when it is one of the mixins
        setattr(page, name, value)


def _swap(page: Page, mixin: type, compact: bool = False) -> None:
    mix_into(page, *((_Compact, mixin) if compact else (mixin,)))


def render_cheaply(page: Page, markdown_text: str, generated: bool, converter: SharedConverter | None,
                   compact: bool = False) -> None:
    """`on_page_markdown`, for a page this process renders: take the cheaper path that gives the same result.

    `compact`: keep its Markdown and HTML compressed until the theme reads them (a site of `COMPACT_PAGES` pages).
    """
    if type(page) is not Page:  # a subclass of another plugin's, or one of ours already: leave it
        return
    if generated and not markdown_text.strip():
        _swap(page, _Empty, compact)
    elif converter is not None and converter.usable:
        page.gonghui_converter = converter  # type: ignore[attr-defined]
        _swap(page, _Shared, compact)
