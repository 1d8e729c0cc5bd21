"""Listings in pages that stay put: the news list, month archives and tag pages.

Pages are numbered from the oldest stories. Once a numbered page is full, its address and its stories never
change as newer stories arrive, and neither do its links unless it is one of the newest few pages. The listing's
own address (the base page) shows the newest stories: those past the last full page, with the newest full page
(between `page_size` and 2 × `page_size` - 1 stories). So a build with 20 new stories renders, and a deploy
uploads, the base page and two or three pages next to it, not every page of a long list (at 100,000 articles
the news list alone has 5,000 pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model.article import Article
from .feed_refs import FeedRef
from .pages import GeneratedPage, PageKind

NEAR = 2  # numbered pages shown either side of the current one
NEWEST_LABEL = "最新"


@dataclass(frozen=True)
class PagerLink:
    label: str
    url: str | None  # None: the current page, or a gap (…) when `gap`
    gap: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a listing page sits: `number` 0 is the base page, 1 the page of the oldest stories, `last` the
    newest numbered page (0: the listing has only its base page)."""

    number: int
    last: int
    base: str

    def url_of(self, number: int) -> str:
        return self.base if number == 0 or number > self.last else f"{self.base}page/{number}/"

    @property
    def newer(self) -> str | None:  # rel="prev": the stories shown before these
        return None if self.number == 0 else self.url_of(self.number + 1)

    @property
    def older(self) -> str | None:  # rel="next"
        if self.number == 1 or self.last == 0:
            return None
        return self.url_of(self.last if self.number == 0 else self.number - 1)

    @property
    def links(self) -> tuple[PagerLink, ...]:
        """Newest first: the base page (最新), a gap, the pages near this one, a gap, page 1. Away from the
        newest pages, nothing here depends on how many pages there are, so a full page's links stay as they are."""
        if self.last == 0:
            return ()
        top = self.last + 1  # the base page's place in the row
        here = top if self.number == 0 else self.number
        high, low = min(top, here + NEAR), max(1, here - NEAR)
        links: list[PagerLink] = []
        if high < top:
            links.append(PagerLink(NEWEST_LABEL, self.base))
            if high < top - 1:
                links.append(PagerLink("…", None, gap=True))
        for place in range(high, low - 1, -1):
            label = NEWEST_LABEL if place == top else str(place)
            number = 0 if place == top else place
            links.append(PagerLink(label, None if place == here else self.url_of(number)))
        if low > 1:
            if low > 2:
                links.append(PagerLink("…", None, gap=True))
            links.append(PagerLink("1", self.url_of(1)))
        return tuple(links)

    def shown(self) -> tuple[Any, ...]:
        """Everything the pager puts on the page, for the page cache's key (the number of pages is not)."""
        return (self.number, self.base, self.newer, self.older, self.links)


def paginate(
    items: Sequence[Article], base: str, title: str, page_size: int, kind: PageKind,
    feed: FeedRef | None = None, template: str = "listing.html", **extra: Any,
) -> list[GeneratedPage]:
    """The listing's pages, base page first, then the numbered pages from the newest down; `items` newest first."""
    if page_size < 1:  # options are checked before planning; a plan never divides by zero
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    count = len(items)
    last = max(0, count // page_size - 1)  # full pages from the oldest, less the one the base page shows
    on_base = count - last * page_size
    pages = [GeneratedPage(url=base, title=title, template=template, kind=kind, feed=feed,
                           context={"articles": list(items[:on_base]), "pager": Pager(0, last, base),
                                    "total": count, **extra})]
    for number in range(last, 0, -1):
        chunk = items[count - number * page_size : count - (number - 1) * page_size]
        pager = Pager(number, last, base)
        pages.append(GeneratedPage(url=pager.url_of(number), title=f"{title}（第{number}页）", template=template,
                                   kind=kind, feed=feed,
                                   context={"articles": list(chunk), "pager": pager, "total": None, **extra}))
    return pages
