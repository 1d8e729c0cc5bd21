"""Machine-readable output: `api/programs.json` and `robots.txt`.

The JSON lists every program record with absolute page URLs, ISO dates
(datetimes in Beijing time, +08:00) and regions as {code, name, full_name}.
Keys come in a fixed order and records are sorted, so the same content and
build date give the same bytes. `<`, `>`, `&`, U+2028 and U+2029 are written
as \\uXXXX escapes, so the file is safe to inline into HTML.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model.records.achievements import Achievement
from ..model.records.campaigns import Campaign
from ..model.records.training import TrainingClass
from ..model.records.workers import Worker
from ..model.regions import Region
from ..model.site import SiteModel
from ..text.timeutil import BEIJING
from .feeds import absolute_url
from .pages import FileKind, GeneratedFile

EXPORT_PATH = "api/programs.json"
ROBOTS_PATH = "robots.txt"

Json = dict[str, Any]


def _moment(value: dt.datetime) -> str:
    return value.astimezone(BEIJING).isoformat()


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _region(site: SiteModel, region: Region | None) -> Json | None:
    if region is None:
        return None
    return {"code": region.code, "name": region.name, "full_name": site.regions.full_name(region)}


def _article_urls(articles: list[Any], site_url: str) -> list[str]:
    return [absolute_url(site_url, a.url) for a in articles]


def _campaign(site: SiteModel, campaign: Campaign, site_url: str) -> Json:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "url": absolute_url(site_url, campaign.url),
        "organizer": campaign.organizer,
        "region": _region(site, campaign.region),
        "start": _day(campaign.start),
        "end": _day(campaign.end),
        "status": campaign.status(site.now.date()),
        "summary": campaign.summary,
        "description": campaign.description,
        "tags": list(campaign.tags),
        "targets": [
            {
                "name": t.name,
                "unit": t.unit,
                "target": t.target,
                "value": t.value,  # the latest reading
                "percent": t.percent,
                "progress": [{"date": _day(r.date), "value": r.value} for r in sorted(t.progress, key=lambda r: r.date)],
            }
            for t in campaign.targets
        ],
        "articles": _article_urls(campaign.articles, site_url),
    }


def _training(site: SiteModel, course: TrainingClass, site_url: str) -> Json:
    registration = course.registration
    return {
        "slug": course.slug,
        "title": course.title,
        "url": absolute_url(site_url, course.url),
        "calendar": absolute_url(site_url, course.ics_url),
        "category": course.category,
        "organizer": course.organizer,
        "region": _region(site, course.region),
        "venue": course.venue,
        "address": course.address,
        "fee": course.fee,
        "capacity": course.capacity,
        "enrolled": course.enrolled,
        "places_left": course.places_left,
        "status": course.status(site.now),
        "audience": course.audience,
        "registration": {
            "url": registration.url,
            "phone": registration.phone,
            "deadline": _day(registration.deadline),
        },
        "sessions": [
            {"start": _moment(s.start), "end": _moment(s.end), "topic": s.topic, "teacher": s.teacher}
            for s in course.sessions
        ],
        "description": course.description,
        "articles": _article_urls(course.articles, site_url),
    }


def _worker(site: SiteModel, worker: Worker, site_url: str) -> Json:
    return {
        "slug": worker.slug,
        "name": worker.name,
        "url": absolute_url(site_url, worker.url),
        "honors": [
            {"title": h.title, "level": h.level, "level_label": h.level_label, "year": h.year}
            for h in worker.honors_by_year()
        ],
        "organization": worker.organization,
        "position": worker.position,
        "region": _region(site, worker.region),
        "industry": worker.industry,
        "photo": absolute_url(site_url, worker.photo) if worker.photo else None,
        "bio": worker.bio,
        "articles": _article_urls(worker.articles, site_url),
    }


def _achievement(site: SiteModel, item: Achievement, site_url: str) -> Json:
    article = item.article
    return {
        "region": _region(site, item.region),
        "date": _day(item.date),
        "metric": item.metric,
        "value": item.value,
        "unit": item.unit,
        "note": item.note,
        "source": {
            "slug": item.source,
            "title": article.title if article is not None else None,
            "url": absolute_url(site_url, article.url) if article is not None else None,
        },
    }


def programs_data(site: SiteModel, site_url: str) -> Json:
    programs = site.programs

    def ordered(records: dict[str, Any]) -> list[Any]:
        return [records[slug] for slug in sorted(records)]

    return {
        "generated": _moment(site.now),
        "campaigns": [_campaign(site, c, site_url) for c in ordered(programs.campaigns)],
        "training": [_training(site, c, site_url) for c in ordered(programs.training)],
        "workers": [_worker(site, w, site_url) for w in ordered(programs.workers)],
        # Already sorted by date, region and metric when loaded.
        "achievements": [_achievement(site, a, site_url) for a in programs.achievements],
    }


# Characters escaped as \uXXXX so the JSON can be inlined in HTML (<script>, <!--, ]]>, &…;) and in
# JavaScript (U+2028/U+2029 end a line there). They only occur inside strings, so the JSON means the same.
_INLINE_SAFE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})


def programs_json(site: SiteModel, site_url: str) -> GeneratedFile:
    text = json.dumps(programs_data(site, site_url), ensure_ascii=False, indent=1).translate(_INLINE_SAFE) + "\n"
    return GeneratedFile(EXPORT_PATH, text.encode("utf-8"), FileKind.EXPORT)


def robots_txt(site_url: str) -> GeneratedFile:
    # Crawlers read robots.txt only at a host's root; under a sub-path this file is harmless but unread.
    lines = ["User-agent: *", "Allow: /"]
    if site_url:  # the Sitemap line must be an absolute URL
        lines += ["", f"Sitemap: {absolute_url(site_url, 'sitemap.xml')}"]
    return GeneratedFile(ROBOTS_PATH, ("\n".join(lines) + "\n").encode("utf-8"), FileKind.ROBOTS)
