"""The pages we generate: home, news listings, archives and tag pages.

Each `GeneratedPage` says where it goes, its title, the template that draws
it and the data the template needs; the engine adapter turns them into pages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .articles import Article
from .urls import paginated_url

HOME_LATEST = 12


@dataclass
class Pager:
    number: int
    count: int
    base: str

    @property
    def previous(self) -> str | None:
        return paginated_url(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return paginated_url(self.base, self.number + 1) if self.number < self.count else None

    def pages(self) -> list[tuple[int, str]]:
        return [(n, paginated_url(self.base, n)) for n in range(1, self.count + 1)]


@dataclass
class GeneratedPage:
    url: str  # site-relative directory URL, '' for the home page
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    description: str = ""
    search_kind: str = ""  # indexed for search under this kind (core/search.py); listings stay out

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


def paginate(
    items: Sequence[Article], base: str, title: str, page_size: int, template: str = "listing.html", **extra: Any
) -> list[GeneratedPage]:
    count = max(1, math.ceil(len(items) / page_size))
    pages = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * page_size : number * page_size]
        heading = title if number == 1 else f"{title}（第{number}页）"
        pages.append(
            GeneratedPage(
                url=paginated_url(base, number),
                title=heading,
                template=template,
                context={"articles": list(chunk), "pager": Pager(number, count, base), "total": len(items), **extra},
            )
        )
    return pages


def news_pages(site: Any, page_size: int) -> list[GeneratedPage]:
    news = site.news
    pages: list[GeneratedPage] = []
    lead = next((a for a in news.articles if a.image is not None), news.articles[0] if news.articles else None)
    latest = [a for a in news.articles if a is not lead][:HOME_LATEST]
    pages.append(GeneratedPage("", "首页", "home.html", {"lead": lead, "latest": latest}, in_nav=True))
    listing = paginate(news.articles, "news/", "新闻", page_size, heading="全部新闻")
    listing[0].in_nav = True
    pages.extend(listing)

    archive = [(year, [(m, len(news.by_month[(year, m)])) for m in news.months_of(year)]) for year in news.years()]
    pages.append(GeneratedPage("news/archive/", "归档", "archive.html", {"archive": archive}, in_nav=True))
    for year, months in archive:
        pages.append(GeneratedPage(f"news/{year}/", f"{year}年", "year.html", {"year": year, "months": months}))
        for month, _count in months:
            items = news.by_month[(year, month)]
            pages.extend(paginate(items, f"news/{year}/{month:02d}/", f"{year}年{month}月", page_size, heading=None))

    tags = sorted(news.by_tag.items(), key=lambda kv: (-len(kv[1]), news.tag_slugs[kv[0]]))
    pages.append(GeneratedPage("tags/", "标签", "tags.html", {"tags": [(t, len(a)) for t, a in tags]}, in_nav=True))
    for tag, items in tags:
        pages.extend(paginate(items, f"tags/{news.tag_slugs[tag]}/", f"标签：{tag}", page_size, heading=None, tag=tag))
    return pages
