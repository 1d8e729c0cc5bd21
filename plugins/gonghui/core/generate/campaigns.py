"""专项行动 pages: the list and one page per campaign, with progress bars and charts."""

from __future__ import annotations

from functools import partial

from ..model.records.campaigns import Campaign
from ..model.site import SiteModel
from ..text.figures import chinese_number
from . import charts
from .feed_refs import CAMPAIGNS_FEED, campaign_feed
from .pages import KIND_CAMPAIGN, GeneratedPage, PageKind, SearchDate


def _target_charts(campaign: Campaign) -> list[str]:
    """A line chart per target with two readings or more ('' keeps the targets' numbering)."""
    return [
        charts.line_chart_svg(
            [(r.date, r.value) for r in sorted(t.progress, key=lambda r: r.date)],
            f"{t.name}进度",
            f"c{index}",
            target=t.target,
            value_format=partial(chinese_number, unit=t.unit),
        )
        if len(t.progress) > 1
        else ""
        for index, t in enumerate(campaign.targets, start=1)
    ]


def progress_headline(campaign: Campaign) -> str:
    """The fact box's one line on progress: one target's percent, or the range over several.

    Names no target (each is named once, by its heading below); '' before any reading.
    """
    measured = [t for t in campaign.targets if t.latest]
    if not measured:
        return ""
    newest = charts.chinese_date(max(t.latest.date for t in measured if t.latest))
    if len(campaign.targets) == 1:
        return f"完成目标的{measured[0].percent}%（截至{newest}）"
    low, high = min(t.percent for t in measured), max(t.percent for t in measured)
    share = f"{low}%" if low == high else f"{low}%至{high}%"
    return f"{len(campaign.targets)}项目标，完成{share}（截至{newest}）"


def campaign_pages(site: SiteModel) -> list[GeneratedPage]:
    today = site.now.date()
    campaigns = sorted(
        site.programs.campaigns.values(), key=lambda c: (c.status_rank(today), -c.start.toordinal(), c.slug)
    )
    pages = [
        GeneratedPage("campaigns/", "专项行动", "campaigns.html", PageKind.CAMPAIGNS, {"campaigns": campaigns},
                      in_nav=True, feed=CAMPAIGNS_FEED)
    ]
    for campaign in campaigns:
        bars = [charts.progress_bar_svg(t.value, t.target, t.name, f"p{i}") for i, t in enumerate(campaign.targets, 1)]
        pages.append(
            GeneratedPage(
                campaign.url,
                campaign.title,
                "campaign.html",
                PageKind.CAMPAIGN,
                {"campaign": campaign, "status": campaign.status(today), "charts": _target_charts(campaign), "bars": bars,
                 "headline": progress_headline(campaign)},
                description=campaign.summary,
                search_kind=KIND_CAMPAIGN,
                search_date=SearchDate.of_day(campaign.start),
                feed=campaign_feed(campaign),
                record=campaign,
            )
        )
    return pages
