"""The search page: the kinds a reader can narrow to, and the tag and region pages it suggests when a
query finds nothing (the page's script matches their names against the query)."""

from __future__ import annotations

from typing import Any

from ..model.site import SiteModel
from .pages import SEARCH_KIND_KEYS, GeneratedPage, PageKind


def search_vocabulary(site: SiteModel) -> list[dict[str, Any]]:
    """Every tag and region page by name, the most used first."""
    news = site.news
    tags = sorted(((len(items), f"tags/{news.tag_slugs[tag]}/", tag) for tag, items in news.by_tag.items()),
                  key=lambda t: (-t[0], t[1]))
    regions = sorted(((s.count, s.region.url, s.region.name) for s in site.region_summaries.values()),
                     key=lambda t: (-t[0], t[1]))
    return ([{"name": name, "url": url, "kind": "标签", "count": count} for count, url, name in tags]
            + [{"name": name, "url": url, "kind": "地区", "count": count} for count, url, name in regions])


def search_page(site: SiteModel) -> GeneratedPage:
    return GeneratedPage("search/", "搜索", "search.html", PageKind.SEARCH,
                         {"kinds": list(SEARCH_KIND_KEYS.items()), "vocabulary": search_vocabulary(site)})
