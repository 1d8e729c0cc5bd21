"""劳模工匠 pages: the directory grouped by each worker's highest honor, one page per worker."""

from __future__ import annotations

from collections import defaultdict

from ..model.records.workers import GROUP_TITLES, LEVELS, NO_HONOR, Worker
from ..model.site import SiteModel
from .pages import KIND_WORKER, GeneratedPage, PageKind, SearchDate


def worker_date(worker: Worker) -> SearchDate | None:
    """A worker's date in search results: the year of the latest honour, else the newest story about them."""
    if worker.honors:
        return SearchDate.of_year(max(honor.year for honor in worker.honors))
    return SearchDate.of_day(max(article.date for article in worker.articles)) if worker.articles else None


def worker_pages(site: SiteModel) -> list[GeneratedPage]:
    order = list(LEVELS)
    workers = sorted(
        site.programs.workers.values(), key=lambda w: (order.index(w.top_level) if w.top_level in LEVELS else 99, w.slug)
    )
    groups: dict[str, list[Worker]] = defaultdict(list)
    for worker in workers:
        groups[worker.top_level].append(worker)
    ordered_groups = [(GROUP_TITLES[k], groups[k]) for k in [*LEVELS, NO_HONOR] if groups.get(k)]
    worker_regions = sorted({w.region for w in workers if w.region is not None}, key=lambda r: r.code)
    pages = [
        GeneratedPage("workers/", "劳模工匠", "workers.html", PageKind.WORKERS,
                      {"groups": ordered_groups, "regions": worker_regions}, in_nav=True)
    ]
    for worker in workers:
        pages.append(
            GeneratedPage(
                worker.url, worker.name, "worker.html", PageKind.WORKER, {"worker": worker},
                description=worker.position, search_kind=KIND_WORKER, record=worker,
                search_date=worker_date(worker),
            )
        )
    return pages
