"""The theme's navigation rendered once for all the pages outside it (issue 17's per-page savings).

Material renders the sidebar navigation and the tabs for every page; for a page that is not itself in the
navigation (every article, listing and program page of a news site) nothing in them depends on the page but
the links, which are relative to it. So `theme/main.html` renders them through `gh_once(part, gh_nav_key)`:
the key is every navigation link as written from this page; pages with the same key share one rendering.
Pages in the navigation (and sites with `toc.integrate`, which puts the page's contents in the sidebar) get
no key and render both as Material does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url


class SharedNav:
    """One build's navigation renderings, by part and key."""

    def __init__(self, nav: Navigation, features: list[str]) -> None:
        self.in_nav = {page.file.src_uri for page in nav.pages}
        self.targets = sorted({"."} | {item.url for item in _links(nav.items)})
        self.off = "toc.integrate" in features
        self.rendered: dict[tuple[str, tuple[str, ...]], Markup] = {}

    def key(self, page: Page) -> tuple[str, ...] | None:
        if self.off or page.file.src_uri in self.in_nav:
            return None
        return tuple(get_relative_url(target, page.url) for target in self.targets)

    def once(self, part: str, key: tuple[str, ...], caller: Callable[[], Any]) -> Markup:
        made = self.rendered.get((part, key))
        if made is None:
            made = self.rendered[part, key] = Markup(caller())
        return made


def _links(items: list[Any]) -> list[Any]:
    found = []
    for item in items:
        if getattr(item, "children", None):
            found.extend(_links(item.children))
        elif getattr(item, "url", None) is not None:
            found.append(item)
    return found
