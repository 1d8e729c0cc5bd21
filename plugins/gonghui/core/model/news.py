"""Indexes over published articles: newest first, by tag, month and region.

Every index is built in one pass over the articles (no per-page scans), so the
cost grows linearly with the archive.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from ..text.slugs import pinyin_slug
from .article import Article

RELATED_LIMIT = 5
RELATED_CANDIDATES = 30  # nearest earlier neighbours examined per shared key
MAX_TAG_SLUG = 200  # characters of a tag's URL slug


@dataclass
class NewsIndex:
    articles: list[Article]  # published, newest first
    by_tag: dict[str, list[Article]] = field(default_factory=dict)
    by_month: dict[tuple[int, int], list[Article]] = field(default_factory=dict)
    by_region: dict[str, list[Article]] = field(default_factory=dict)  # region code, direct only
    by_program: dict[tuple[str, str], list[Article]] = field(default_factory=dict)  # (kind, slug)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)  # an article's place in `articles` (0 = newest), by URL
    recency: dict[str, int] = field(default_factory=dict)  # its place newest first, then by slug: related reports' order

    @classmethod
    def build(cls, published: list[Article]) -> NewsIndex:
        ordered = sorted(published, key=lambda a: (a.date, a.slug), reverse=True)
        by_tag: dict[str, list[Article]] = defaultdict(list)
        by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
        by_region: dict[str, list[Article]] = defaultdict(list)
        by_program: dict[tuple[str, str], list[Article]] = defaultdict(list)
        for article in ordered:
            for tag in article.tags:
                by_tag[tag].append(article)
            by_month[(article.date.year, article.date.month)].append(article)
            if article.region is not None:
                by_region[article.region.code].append(article)
            for kind in ("campaigns", "training", "workers"):
                for slug in getattr(article, kind):
                    by_program[(kind, slug)].append(article)
        return cls(
            articles=ordered,
            by_tag=dict(by_tag),
            by_month=dict(by_month),
            by_region=dict(by_region),
            by_program=dict(by_program),
            tag_slugs=tag_slug_map(by_tag),
            rank={article.url: number for number, article in enumerate(ordered)},
            recency={article.url: number for number, article in
                     enumerate(sorted(published, key=lambda a: (-a.date.timestamp(), a.slug)))},
        )

    def years(self) -> list[int]:
        return sorted({year for year, _ in self.by_month}, reverse=True)

    def months_of(self, year: int) -> list[int]:
        return sorted((m for y, m in self.by_month if y == year), reverse=True)

    def related(self, article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
        """Earlier articles sharing a campaign (weight 3), a region (2) or tags (1 each), the nearest first.

        Only earlier ones, as a newspaper's page shows the coverage that led up to a story: a published page
        then stays as it is when later stories come (builds copy it from the cache, deploys leave it alone);
        later coverage is on the campaign's, region's and tags' pages.
        """
        scores: dict[str, float] = defaultdict(float)
        pool: dict[str, Article] = {}
        rank = self.rank
        own = rank.get(article.url, -1)

        def consider(candidates: list[Article], weight: float) -> None:
            start = bisect_right(candidates, own, key=lambda other: rank.get(other.url, -1))  # lists are newest first
            for other in candidates[start:start + RELATED_CANDIDATES]:
                if other is not article:
                    scores[other.url] += weight
                    pool[other.url] = other

        for kind in ("campaigns", "training", "workers"):
            for slug in getattr(article, kind):
                consider(self.by_program.get((kind, slug), []), 3)
        if article.region is not None:
            consider(self.by_region.get(article.region.code, []), 2)
        for tag in article.tags:
            consider(self.by_tag.get(tag, []), 1)
        # Highest score first, then newest, then by slug (`recency`, worked out once: comparing dates here was
        # the slowest part of a warm build's page keys).
        recency = self.recency
        return sorted(pool.values(), key=lambda other: (-scores[other.url], recency[other.url]))[:limit]


def tag_slug_map(tags: dict[str, list[Article]] | list[str]) -> dict[str, str]:
    """An ASCII slug per tag; two tags with the same pinyin get -2, -3 in name order."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for tag in sorted(tags):
        # A folder name may have at most 255 bytes; a long tag's slug is cut (room is left for '-2').
        base = pinyin_slug(tag)[:MAX_TAG_SLUG].rstrip("-")
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        result[tag] = candidate
    return result


def is_published(article: Article, now: dt.datetime) -> bool:
    return not article.draft and article.date <= now
