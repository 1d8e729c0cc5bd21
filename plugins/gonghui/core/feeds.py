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
from typing import Any

from feedgen.feed import FeedGenerator

from .articles import Article, first_paragraph
from .program_pages import GeneratedFile
from .timeutil import BEIJING

FEED_LIMIT = 50  # newest items per feed; older ones stay reachable through the listing pages
RSS_NAME = "feed.xml"
ATOM_NAME = "atom.xml"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"

# Characters XML 1.0 cannot carry at all (lxml refuses them); YAML's "\x01" escapes could produce them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class SiteInfo:
    """Site-wide settings from the engine's config that feeds and page metadata need."""

    site_url: str  # absolute, ends with '/'; '' when the site has none
    site_name: str
    site_description: str = ""


@dataclass(frozen=True)
class FeedRef:
    """Where a feed lives: its page's folder (`base`) and what it is about."""

    base: str  # site-relative folder: '' for the whole site, 'news/', 'tags/<slug>/' …
    label: str  # '' for the whole site, else '新闻', '标签：医疗互助' …

    @property
    def rss_path(self) -> str:
        return self.base + RSS_NAME

    @property
    def atom_path(self) -> str:
        return self.base + ATOM_NAME

    def title(self, site_name: str) -> str:
        return f"{site_name} · {self.label}" if self.label else site_name


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


SITE_FEED = FeedRef("", "")
NEWS_FEED = FeedRef("news/", "新闻")
CAMPAIGNS_FEED = FeedRef("campaigns/", "专项行动")
TRAINING_FEED = FeedRef("training/", "职工培训")


def absolute_url(site_url: str, path: str) -> str:
    """site_url + a site-relative path; root-relative ('/news/…') when the site has no URL."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def tag_feed(tag: str, tag_slug: str) -> FeedRef:
    return FeedRef(f"tags/{tag_slug}/", f"标签：{tag}")


def campaign_feed(campaign: Any) -> FeedRef:
    return FeedRef(campaign.url, f"专项行动：{campaign.title}")


def region_feed(site: Any, code: str) -> FeedRef:
    region = site.regions.by_code[code]
    return FeedRef(region.url, f"地区：{site.regions.full_name(region)}")


def page_feed(url: str, site: Any) -> FeedRef | None:
    """The section, tag, campaign or region feed a page (directory URL) belongs to, if any."""
    parts = url.strip("/").split("/")
    section, name = parts[0], parts[1] if len(parts) > 1 else ""
    if section == "news":
        return NEWS_FEED
    if section == "training":
        return TRAINING_FEED
    if section == "campaigns":
        if not name:
            return CAMPAIGNS_FEED
        campaign = site.programs.campaigns.get(name)
        return campaign_feed(campaign) if campaign is not None else None
    if section == "tags" and name:
        tag = next((t for t, s in site.news.tag_slugs.items() if s == name), None)
        return tag_feed(tag, name) if tag is not None else None
    if section == "regions" and name in site.region_summaries:
        return region_feed(site, name)
    return None


def record_summary(record: Any) -> str:
    """A plain-text line about a program record: its summary, else its Markdown text's first paragraph."""
    summary = getattr(record, "summary", "")
    if summary:
        return summary
    for attr in ("description", "bio"):
        text = getattr(record, attr, "")
        if text:
            return first_paragraph(text)
    return ""


def article_item(article: Article) -> FeedItem:
    return FeedItem(article.title, article.url, article.date, article.lede, tuple(a.name for a in article.authors))


def campaign_item(campaign: Any) -> FeedItem:
    start = dt.datetime(campaign.start.year, campaign.start.month, campaign.start.day, tzinfo=BEIJING)
    return FeedItem(campaign.title, campaign.url, start, record_summary(campaign), (campaign.organizer,))


def training_item(course: Any) -> FeedItem:
    return FeedItem(course.title, course.url, course.first_start, record_summary(course), (course.organizer,))


def newest(items: Iterable[FeedItem]) -> list[FeedItem]:
    # URL breaks ties so equal dates still give one fixed order.
    return sorted(items, key=lambda i: (i.date, i.url), reverse=True)[:FEED_LIMIT]


def site_feeds(site: Any) -> list[Feed]:
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
        feeds.append(Feed(region_feed(site, code), of_articles(summary.articles)))
    for tag, tag_slug in sorted(news.tag_slugs.items(), key=lambda kv: kv[1]):
        feeds.append(Feed(tag_feed(tag, tag_slug), of_articles(news.by_tag.get(tag, []))))
    return feeds


def feed_updated(feed: Feed, now: dt.datetime) -> dt.datetime:
    """The newest item's date, but never after the build (a class may start next month); empty: the build date."""
    if not feed.items:
        return now
    return min(feed.items[0].date, now)


def _xml_text(value: str) -> str:
    return _XML_INVALID.sub("", value)


def _generator(feed: Feed, info: SiteInfo, now: dt.datetime, self_path: str) -> FeedGenerator:
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
    fg.updated(feed_updated(feed, now))
    for item in feed.items:
        link = absolute_url(info.site_url, item.url)
        entry = fg.add_entry(order="append")
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(_xml_text(item.title))
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


def rss_bytes(feed: Feed, info: SiteInfo, now: dt.datetime) -> bytes:
    return _generator(feed, info, now, feed.ref.rss_path).rss_str(pretty=True)


def atom_bytes(feed: Feed, info: SiteInfo, now: dt.datetime) -> bytes:
    return _generator(feed, info, now, feed.ref.atom_path).atom_str(pretty=True)


def feed_files(site: Any, info: SiteInfo) -> list[GeneratedFile]:
    files: list[GeneratedFile] = []
    for feed in site_feeds(site):
        files.append(GeneratedFile(feed.ref.rss_path, rss_bytes(feed, info, site.now)))
        files.append(GeneratedFile(feed.ref.atom_path, atom_bytes(feed, info, site.now)))
    return files
