"""Pages and files for program records: campaigns, training, workers, regions.

Region pages roll everything up the administrative tree: a county's class
appears on its city's and its province's pages too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from . import charts, search
from .calendars import class_calendar, upcoming_calendar
from .figures import chinese_number
from .pages import GeneratedPage
from .programs.achievements import Achievement
from .programs.registry import by_region_rollup
from .programs.workers import GROUP_TITLES, LEVELS, NO_HONOR
from .regions import Region

HOME_CLASSES = 4


@dataclass(frozen=True)
class GeneratedFile:
    """A non-page output such as a calendar: a site path and its bytes."""

    path: str
    content: bytes


@dataclass
class RegionSummary:
    region: Region
    articles: list[Any]
    campaigns: list[Any]
    training: list[Any]
    workers: list[Any]
    achievements: list[Achievement]

    @property
    def count(self) -> int:
        return len(self.articles) + len(self.campaigns) + len(self.training) + len(self.workers) + len(self.achievements)


def region_summaries(site: Any) -> dict[str, RegionSummary]:
    """Everything each region has, its sub-regions' included; only regions with something."""
    regions = site.regions
    programs = site.programs

    def rolled(records: list[Any]) -> dict[str, list[Any]]:
        return by_region_rollup([(r.region, r) for r in records if r.region is not None], regions)

    articles = rolled(site.news.articles)
    campaigns = rolled(list(programs.campaigns.values()))
    training = rolled(list(programs.training.values()))
    workers = rolled(list(programs.workers.values()))
    achievements = by_region_rollup([(a.region, a) for a in programs.achievements], regions)
    codes = set(articles) | set(campaigns) | set(training) | set(workers) | set(achievements)
    return {
        code: RegionSummary(
            regions.by_code[code],
            articles.get(code, []),
            campaigns.get(code, []),
            training.get(code, []),
            workers.get(code, []),
            achievements.get(code, []),
        )
        for code in sorted(codes)
    }


def totals(achievements: list[Achievement]) -> list[tuple[str, str, float, int]]:
    """Per (metric, unit): the sum over regions of each region's latest figure, and how many regions."""
    latest: dict[tuple[str, str], dict[str, Achievement]] = defaultdict(dict)
    for item in achievements:
        key = (item.metric, item.unit)
        current = latest[key].get(item.region.code)
        if current is None or item.date >= current.date:
            latest[key][item.region.code] = item
    return [
        (metric, unit, sum(a.value for a in per_region.values()), len(per_region))
        for (metric, unit), per_region in sorted(latest.items())
    ]


def figure_charts(achievements: list[Achievement], prefix: str) -> list[str]:
    """One bar chart per unit, so bars on one scale measure the same thing."""
    by_unit: dict[str, list[Achievement]] = defaultdict(list)
    for item in achievements:
        by_unit[item.unit].append(item)
    out = []
    for number, (unit, items) in enumerate(sorted(by_unit.items()), start=1):
        if len(items) < 2:
            continue
        bars = [(f"{a.region.name}·{a.metric}", a.value) for a in items]
        out.append(
            charts.bar_chart_svg(
                bars,
                f"以“{unit}”计的工作成果",
                f"{prefix}-u{number}",
                value_format=lambda v, unit=unit: chinese_number(v, unit),
            )
        )
    return out


def program_pages(site: Any) -> list[GeneratedPage]:
    programs = site.programs
    today = site.now.date()
    pages: list[GeneratedPage] = []

    campaigns = sorted(programs.campaigns.values(), key=lambda c: (c.status_rank(today), -c.start.toordinal(), c.slug))
    pages.append(GeneratedPage("campaigns/", "专项行动", "campaigns.html", {"campaigns": campaigns}, in_nav=True))
    for campaign in campaigns:
        target_charts = [
            charts.line_chart_svg(
                [(r.date, r.value) for r in sorted(t.progress, key=lambda r: r.date)],
                f"{t.name}进度",
                f"c{index}",
                target=t.target,
                value_format=lambda v, unit=t.unit: chinese_number(v, unit),
            )
            if len(t.progress) > 1
            else ""
            for index, t in enumerate(campaign.targets, start=1)
        ]
        bars = [charts.progress_bar_svg(t.value, t.target, t.name, f"p{i}") for i, t in enumerate(campaign.targets, 1)]
        pages.append(
            GeneratedPage(
                campaign.url,
                campaign.title,
                "campaign.html",
                {"campaign": campaign, "status": campaign.status(today), "charts": target_charts, "bars": bars},
                description=campaign.summary,
                search_kind=search.KIND_CAMPAIGN,
            )
        )

    classes = sorted(programs.training.values(), key=lambda c: (c.first_start, c.slug))
    upcoming = [c for c in classes if c.is_upcoming(site.now)]
    past = sorted((c for c in classes if not c.is_upcoming(site.now)), key=lambda c: c.first_start, reverse=True)
    by_category: dict[str, list[Any]] = defaultdict(list)
    for course in upcoming:
        by_category[course.category].append(course)
    categories = sorted(by_category.items(), key=lambda kv: (kv[1][0].first_start, kv[0]))
    pages.append(
        GeneratedPage(
            "training/", "职工培训", "training_index.html", {"categories": categories, "past": past}, in_nav=True
        )
    )
    for course in classes:
        pages.append(
            GeneratedPage(
                course.url,
                course.title,
                "training.html",
                {"course": course, "status": course.status(site.now)},
                description=course.description[:120],
                search_kind=search.KIND_TRAINING,
            )
        )

    workers = sorted(programs.workers.values(), key=lambda w: (list(LEVELS).index(w.top_level) if w.top_level in LEVELS else 99, w.slug))
    groups: dict[str, list[Any]] = defaultdict(list)
    for worker in workers:
        groups[worker.top_level].append(worker)
    ordered_groups = [(GROUP_TITLES[k], groups[k]) for k in [*LEVELS, NO_HONOR] if groups.get(k)]
    worker_regions = sorted({w.region for w in workers if w.region is not None}, key=lambda r: r.code)
    pages.append(
        GeneratedPage(
            "workers/", "劳模工匠", "workers.html", {"groups": ordered_groups, "regions": worker_regions}, in_nav=True
        )
    )
    for worker in workers:
        pages.append(
            GeneratedPage(
                worker.url, worker.name, "worker.html", {"worker": worker},
                description=worker.position, search_kind=search.KIND_WORKER,
            )
        )

    summaries = site.region_summaries
    provinces = [s for s in summaries.values() if s.region.level == 1]
    provinces.sort(key=lambda s: (-s.count, s.region.code))
    tile_values = {s.region.code[:2]: s.count for s in provinces}
    pages.append(
        GeneratedPage(
            "regions/",
            "地区",
            "regions.html",
            {"provinces": provinces, "tile_values": tile_values},
            in_nav=True,
        )
    )
    for code, summary in summaries.items():
        region = summary.region
        children = [summaries[c.code] for c in site.regions.children.get(code, []) if c.code in summaries]
        pages.append(
            GeneratedPage(
                region.url,
                site.regions.full_name(region),
                "region.html",
                {
                    "summary": summary,
                    "ancestors": site.regions.ancestors(region)[:-1],
                    "children": sorted(children, key=lambda s: s.region.code),
                    "totals": totals(summary.achievements),
                    "charts": figure_charts(summary.achievements, f"r{code}"),
                },
                search_kind=search.KIND_REGION,
            )
        )
    return pages


def program_files(site: Any, site_url: str) -> list[GeneratedFile]:
    """Calendars: one .ics per class and one feed of all upcoming sessions."""
    host = urlsplit(site_url).hostname or "localhost"
    classes = sorted(site.programs.training.values(), key=lambda c: (c.first_start, c.slug))
    urls = {c.slug: urljoin(site_url, c.url) if site_url else "" for c in classes}
    files = [GeneratedFile(c.ics_url, class_calendar(c, host, site.now, urls[c.slug])) for c in classes]
    files.append(GeneratedFile("training/calendar.ics", upcoming_calendar(classes, host, site.now, urls, "职工培训日程")))
    return files


def upcoming_classes(site: Any, limit: int = HOME_CLASSES) -> list[Any]:
    classes = sorted(site.programs.training.values(), key=lambda c: (c.first_start, c.slug))
    return [c for c in classes if c.is_upcoming(site.now)][:limit]
