"""地区 pages: provinces with content, and each region with everything under it, figures summed and charted."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from ..model.records.achievements import Achievement
from ..model.site import SiteModel
from ..model.summaries import RegionSummary
from ..text.figures import chinese_number
from . import bars, charts
from .feed_refs import region_feed
from .pages import KIND_REGION, GeneratedPage, PageKind, SearchDate
from .tiles import PROVINCE_NAMES, TILE_LAYOUT


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


HEADLINE_TOTALS = 3  # a fact box, not a second table: the rest are in the tables below


def headline_totals(sums: list[tuple[str, str, float, int]]) -> list[tuple[str, str, float, int]]:
    """The region's headline figures: sums over the most regions first, then in metric order."""
    return sorted(sums, key=lambda t: (-t[3], t[0], t[1]))[:HEADLINE_TOTALS]


def figure_charts(achievements: list[Achievement], prefix: str, own_code: str = "") -> list[str]:
    """One bar chart per unit, so bars on one scale measure the same thing.

    A bar of the page's own region is labelled by its metric alone: the page's title already names the place.
    """
    by_unit: dict[str, list[Achievement]] = defaultdict(list)
    for item in achievements:
        by_unit[item.unit].append(item)
    out = []
    for number, (unit, items) in enumerate(sorted(by_unit.items()), start=1):
        if len(items) < 2:
            continue
        rows = [(a.metric if a.region.code == own_code else f"{a.region.name}·{a.metric}", a.value) for a in items]
        out.append(
            bars.bar_chart_html(
                rows,
                f"以“{unit}”计的工作成果",
                f"{prefix}-u{number}",
                value_format=partial(chinese_number, unit=unit),
            )
        )
    return out


def latest_date(summary: RegionSummary) -> SearchDate | None:
    """A region page's date in search results: its newest figure, else its newest campaign.

    Not its newest story: the page's list of stories is not what search finds on it (it is left out of the
    index, the stories have pages of their own), and with that date every new story in a region changed the
    region's search document, so the region shard was indexed again in every build that added a story."""
    days = [a.date for a in summary.achievements] or [c.start for c in summary.campaigns]
    return SearchDate.of_day(max(days)) if days else None


def province_tiles(values: dict[str, int]) -> dict[str, object]:
    """The 地区 page's tile map as data for HTML (templates/regions.html): one tile per province, placed on
    TILE_LAYOUT's grid, shaded by the chart module's buckets, plus the legend.

    HTML, not SVG: one plain link per tile whose accessible name is its visible text, tiles at least 44 CSS px
    on a phone, the page's own focus ring and 字号.
    """
    largest = max(values.values(), default=0)
    tiles = []
    for code, (column, row, short) in TILE_LAYOUT.items():
        count = values.get(code, 0)
        fill = charts.tile_fill(charts.bucket(count, largest))
        tiles.append({"code": code, "name": PROVINCE_NAMES[code], "short": short, "column": column + 1,
                      "row": row + 1, "count": count, "fill": fill, "ink": charts.text_color_on(fill)})
    legend = [{"text": text, "fill": charts.tile_fill(level)} for level, text in charts.bucket_ranges(largest)]
    return {"tiles": tiles, "legend": legend}


def region_pages(site: SiteModel) -> list[GeneratedPage]:
    summaries = site.region_summaries
    provinces = [s for s in summaries.values() if s.region.level == 1]
    provinces.sort(key=lambda s: (-s.count, s.region.code))
    tile_values = {s.region.code[:2]: s.count for s in provinces}
    pages = [
        GeneratedPage("regions/", "地区", "regions.html", PageKind.REGIONS,
                      {"provinces": provinces, "tile_values": tile_values,
                       "tile_map_data": province_tiles(tile_values)}, in_nav=True)
    ]
    for code, summary in summaries.items():
        region = summary.region
        sums = totals(summary.achievements)
        children = [summaries[c.code] for c in site.regions.children.get(code, []) if c.code in summaries]
        pages.append(
            GeneratedPage(
                region.url,
                site.regions.full_name(region),
                "region.html",
                PageKind.REGION,
                {
                    "summary": summary,
                    "ancestors": site.regions.ancestors(region)[:-1],
                    "children": sorted(children, key=lambda s: s.region.code),
                    "totals": sums,
                    "headline_totals": headline_totals(sums),
                    "charts": figure_charts(summary.achievements, f"r{code}", code),
                },
                search_kind=KIND_REGION,
                search_date=latest_date(summary),
                feed=region_feed(site.regions, code),
            )
        )
    return pages
