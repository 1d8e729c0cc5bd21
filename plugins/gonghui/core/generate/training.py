"""职工培训 pages and calendars: the class list, one page and one .ics per class, all upcoming sessions."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urljoin, urlsplit

from ..model.records.training import TrainingClass
from ..model.site import SiteModel
from .calendars import class_calendar, upcoming_calendar
from .feed_refs import TRAINING_FEED
from .pages import KIND_TRAINING, FileKind, GeneratedFile, GeneratedPage, PageKind, SearchDate

HOME_CLASSES = 4


def _classes(site: SiteModel) -> list[TrainingClass]:
    return sorted(site.programs.training.values(), key=lambda c: (c.first_start, c.slug))


def training_pages(site: SiteModel) -> list[GeneratedPage]:
    classes = _classes(site)
    upcoming = [c for c in classes if c.is_upcoming(site.now)]
    past = sorted((c for c in classes if not c.is_upcoming(site.now)), key=lambda c: c.first_start, reverse=True)
    by_category: dict[str, list[TrainingClass]] = defaultdict(list)
    for course in upcoming:
        by_category[course.category].append(course)
    categories = sorted(by_category.items(), key=lambda kv: (kv[1][0].first_start, kv[0]))
    pages = [
        GeneratedPage("training/", "职工培训", "training_index.html", PageKind.TRAINING_LIST,
                      {"categories": categories, "past": past}, in_nav=True, feed=TRAINING_FEED)
    ]
    for course in classes:
        pages.append(
            GeneratedPage(
                course.url,
                course.title,
                "training.html",
                PageKind.TRAINING,
                {"course": course, "status": course.status(site.now)},
                description=course.description[:120],
                search_kind=KIND_TRAINING,
                search_date=SearchDate.of_day(course.first_start),
                feed=TRAINING_FEED,
                record=course,
            )
        )
    return pages


def calendar_files(site: SiteModel, site_url: str) -> list[GeneratedFile]:
    """Calendars: one .ics per class and one feed of all upcoming sessions."""
    host = urlsplit(site_url).hostname or "localhost"
    classes = _classes(site)
    urls = {c.slug: urljoin(site_url, c.url) if site_url else "" for c in classes}
    # DTSTAMP: when the site's information last changed as far as the build can tell (`SiteModel.as_of`), not
    # the clock, so a nightly build of an unchanged site rewrites no calendar.
    files = [GeneratedFile(c.ics_url, class_calendar(c, host, site.as_of, urls[c.slug]), FileKind.CALENDAR) for c in classes]
    calendar = upcoming_calendar(classes, host, site.now, site.as_of, urls, "职工培训日程")
    files.append(GeneratedFile("training/calendar.ics", calendar, FileKind.CALENDAR))
    return files


def upcoming_classes(site: SiteModel, limit: int = HOME_CLASSES) -> list[TrainingClass]:
    return [c for c in _classes(site) if c.is_upcoming(site.now)][:limit]
