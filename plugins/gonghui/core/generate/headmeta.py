"""What a page's <head> says about it: feed links, description and Open Graph.

Values are plain text; nothing is escaped here. The theme template
(`theme/main.html`) escapes every one of them, since MkDocs renders themes
with autoescaping off.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.article import Article, resolve_image_src
from ..model.programs import ProgramRecord
from ..text.timeutil import BEIJING
from .feed_refs import ATOM_TYPE, RSS_TYPE, SITE_FEED, FeedRef
from .feeds import SiteInfo, absolute_url

OG_LOCALE = "zh_CN"


@dataclass(frozen=True)
class FeedLink:
    href: str  # site-relative path of the feed file
    type: str
    title: str


@dataclass(frozen=True)
class HeadMeta:
    page_title: str  # the page's own title, for <title>
    title: str  # og:title: the page title, the site's name on the home page
    description: str
    type: str  # Open Graph type: 'article' or 'website'
    url: str  # absolute canonical URL; '' when the site has no site_url
    image: str  # absolute URL of the lead photo, or ''
    site_name: str
    published_time: str  # ISO 8601 with +08:00, articles only
    feeds: tuple[FeedLink, ...]
    locale: str = OG_LOCALE


def feed_links(own: FeedRef | None, site_name: str) -> tuple[FeedLink, ...]:
    """The whole site's feeds, then the page's own section/tag/campaign/region feeds."""
    refs: list[FeedRef] = [SITE_FEED] if own is None else [SITE_FEED, own]
    links: list[FeedLink] = []
    for ref in refs:
        title = ref.title(site_name)
        links.append(FeedLink(ref.rss_path, RSS_TYPE, f"{title} (RSS)"))
        links.append(FeedLink(ref.atom_path, ATOM_TYPE, f"{title} (Atom)"))
    return tuple(links)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def head_meta(
    url: str,
    info: SiteInfo,
    *,
    title: str = "",
    description: str = "",
    article: Article | None = None,
    record: ProgramRecord | None = None,
    feed: FeedRef | None = None,
) -> HeadMeta:
    """Head metadata for the page at site-relative `url` ('' for home, 'news/2022/06/foo/').

    `description` is the page's own (a generated page's or the page's front matter);
    an article's lede or a record's summary win over it, the site description is the fallback.
    """
    url = url.removesuffix("index.html")
    canonical = absolute_url(info.site_url, url) if info.site_url else ""
    image = published = ""
    if article is not None:
        title = article.title
        description = article.lede
        published = article.date.astimezone(BEIJING).isoformat()
        if article.image is not None and info.site_url:
            image = absolute_url(info.site_url, resolve_image_src(article))
    elif record is not None:
        description = record.lede or description
    return HeadMeta(
        page_title=title,
        title=info.site_name if url == "" or not title else title,
        description=_one_line(description or info.site_description),
        type="article" if article is not None else "website",
        url=canonical,
        image=image,
        site_name=info.site_name,
        published_time=published,
        feeds=feed_links(feed, info.site_name),
    )
