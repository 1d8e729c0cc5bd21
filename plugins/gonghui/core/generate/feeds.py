"""RSS 2.0 and Atom feeds: the whole site, its sections, tags, campaigns and regions.

Feeds are written with feedgen, which does all the XML escaping. They depend
only on the site model: a feed's lastBuildDate/updated is its newest item's
date, never the clock, so the same content and build date give byte-identical
feeds. Drafts and scheduled articles are not in the news index, so they never
reach a feed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from feedgen.feed import FeedGenerator

from ..model.article import Article
from ..model.records.campaigns import Campaign
from ..model.records.training import TrainingClass
from ..model.site import SiteModel
from ..text.timeutil import BEIJING
from .feed_cache import FeedCache
from .feed_refs import CAMPAIGNS_FEED, NEWS_FEED, SITE_FEED, TRAINING_FEED, FeedRef, campaign_feed, region_feed, tag_feed
from .pages import FileKind, GeneratedFile

FEED_LIMIT = 50  # newest items per feed; older ones stay reachable through the listing pages

# Characters XML 1.0 cannot carry at all (lxml refuses them); YAML's "\x01" escapes could produce them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class SiteInfo:
    """Site-wide settings from the engine's config that feeds and page metadata need."""

    site_url: str  # absolute, ends with '/'; '' when the site has none
    site_name: str
    site_description: str = ""


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str  # site-relative
    date: dt.datetime  # aware
    summary: str = ""
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    ref: FeedRef
    items: list[FeedItem]  # newest first, at most FEED_LIMIT


def absolute_url(site_url: str, path: str) -> str:
    """site_url + a site-relative path; root-relative ('/news/…') when the site has no URL."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def article_item(article: Article) -> FeedItem:
    return FeedItem(article.title, article.url, article.date, article.lede, tuple(a.name for a in article.authors))


def campaign_item(campaign: Campaign) -> FeedItem:
    start = dt.datetime(campaign.start.year, campaign.start.month, campaign.start.day, tzinfo=BEIJING)
    return FeedItem(campaign.title, campaign.url, start, campaign.lede, (campaign.organizer,))


def training_item(course: TrainingClass) -> FeedItem:
    return FeedItem(course.title, course.url, course.first_start, course.lede, (course.organizer,))


def newest(items: Iterable[FeedItem]) -> list[FeedItem]:
    # URL breaks ties so equal dates still give one fixed order.
    return sorted(items, key=lambda i: (i.date, i.url), reverse=True)[:FEED_LIMIT]


def site_feeds(site: SiteModel) -> list[Feed]:
    """Every feed of the site, in a fixed order."""
    news = site.news
    programs = site.programs

    def of_articles(articles: list[Article]) -> list[FeedItem]:
        return newest(article_item(a) for a in articles[:FEED_LIMIT])  # index lists are newest first already

    records = [campaign_item(c) for c in programs.campaigns.values()]
    classes = [training_item(c) for c in programs.training.values()]
    feeds = [
        # The whole site: news plus campaigns and classes as they are announced.
        Feed(SITE_FEED, newest([*of_articles(news.articles), *records, *classes])),
        Feed(NEWS_FEED, of_articles(news.articles)),
        Feed(CAMPAIGNS_FEED, newest(records)),
        Feed(TRAINING_FEED, newest(classes)),
    ]
    for slug in sorted(programs.campaigns):
        campaign = programs.campaigns[slug]
        feeds.append(Feed(campaign_feed(campaign), of_articles(campaign.articles)))
    for code, summary in site.region_summaries.items():
        feeds.append(Feed(region_feed(site.regions, code), of_articles(summary.articles)))
    for tag, tag_slug in sorted(news.tag_slugs.items(), key=lambda kv: kv[1]):
        feeds.append(Feed(tag_feed(tag, tag_slug), of_articles(news.by_tag.get(tag, []))))
    return feeds


def feed_updated(feed: Feed, now: dt.datetime, as_of: dt.datetime) -> dt.datetime:
    """The newest item's date that has come by the build (a class may start next month); with none, the site's
    `as_of`: never the clock, so a later build of the same site writes the same feed."""
    return max((item.date for item in feed.items if item.date <= now), default=as_of)


def _xml_text(value: str) -> str:
    return _XML_INVALID.sub("", value)


def _generator(feed: Feed, info: SiteInfo, now: dt.datetime, as_of: dt.datetime, self_path: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # RSS <author> needs an e-mail; dc:creator takes names
    title = _xml_text(feed.ref.title(info.site_name))
    page = absolute_url(info.site_url, feed.ref.base)
    fg.id(page)
    fg.title(title)
    fg.link(href=absolute_url(info.site_url, self_path), rel="self")
    fg.link(href=page, rel="alternate")  # feedgen's RSS <link> is the last link added
    fg.description(_xml_text(info.site_description) or title)
    fg.language("zh-CN")
    fg.author({"name": _xml_text(info.site_name)})  # Atom: entries without their own authors inherit this
    fg.updated(feed_updated(feed, now, as_of))
    for item in feed.items:
        link = absolute_url(info.site_url, item.url)
        entry = fg.add_entry(order="append")
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(_xml_text(item.title) or link)  # a title of nothing XML can carry ('\x00'): feedgen needs one
        entry.link(href=link)
        if item.summary:
            summary = _xml_text(item.summary)
            entry.summary(summary)  # Atom: type text
            entry.description(html.escape(summary, quote=False))  # RSS readers take <description> as HTML
        entry.published(item.date)
        entry.updated(item.date)
        authors = [_xml_text(name) for name in item.authors if name]
        if authors:
            entry.author([{"name": name} for name in authors])
            entry.dc.dc_creator(authors)
    return fg


def rss_bytes(feed: Feed, info: SiteInfo, now: dt.datetime, as_of: dt.datetime) -> bytes:
    return _generator(feed, info, now, as_of, feed.ref.rss_path).rss_str(pretty=True)


def atom_bytes(feed: Feed, info: SiteInfo, now: dt.datetime, as_of: dt.datetime) -> bytes:
    return _generator(feed, info, now, as_of, feed.ref.atom_path).atom_str(pretty=True)


def feed_files(site: SiteModel, info: SiteInfo, cache: FeedCache | None = None) -> list[GeneratedFile]:
    """Every feed, RSS and Atom; with `cache`, a feed whose key is unchanged is read back, not made again."""
    files: list[GeneratedFile] = []
    for feed in site_feeds(site):
        shown = None if cache is None else _feed_key_parts(feed, info, site.now, site.as_of)  # RSS and Atom alike
        for path, write in ((feed.ref.rss_path, rss_bytes), (feed.ref.atom_path, atom_bytes)):
            make = partial(write, feed, info, site.now, site.as_of)
            kept = make() if cache is None else cache.feed(FeedCache.key(path, shown), make)
            if isinstance(kept, bytes):
                files.append(GeneratedFile(path, kept, FileKind.FEED))
            else:  # copied from the cache by the build: not held in memory
                files.append(GeneratedFile(path, b"", FileKind.FEED, source=kept))
    if cache is not None:
        cache.prune()
    return files


def _feed_key_parts(feed: Feed, info: SiteInfo, now: dt.datetime, as_of: dt.datetime) -> list[object]:
    """Everything a feed's bytes come from besides its path (`feed_cache`): its links and title, the site, its
    time, its items."""
    items = [(i.title, i.url, i.date.isoformat(), i.summary, list(i.authors)) for i in feed.items]
    return [feed.ref.base, feed.ref.title(info.site_name), info.site_url, info.site_name, info.site_description,
            feed_updated(feed, now, as_of).isoformat(), items]
