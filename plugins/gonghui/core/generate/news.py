"""News pages: home, the news list, the archive by year and month, tag pages."""

from __future__ import annotations

from ..model.site import SiteModel
from .feed_refs import NEWS_FEED, tag_feed
from .pages import GeneratedPage, PageKind
from .pagination import paginate

HOME_LATEST = 12


def home_page(site: SiteModel) -> GeneratedPage:
    articles = site.news.articles
    lead = next((a for a in articles if a.image is not None), articles[0] if articles else None)
    latest = [a for a in articles if a is not lead][:HOME_LATEST]
    return GeneratedPage("", "首页", "home.html", PageKind.HOME, {"lead": lead, "latest": latest}, in_nav=True)


def news_pages(site: SiteModel, page_size: int) -> list[GeneratedPage]:
    news = site.news
    listing = paginate(news.articles, "news/", "新闻", page_size, PageKind.NEWS, NEWS_FEED, heading="全部新闻")
    listing[0].in_nav = True
    pages = [*listing]
    archive = [(year, [(m, len(news.by_month[(year, m)])) for m in news.months_of(year)]) for year in news.years()]
    pages.append(
        GeneratedPage("news/archive/", "归档", "archive.html", PageKind.ARCHIVE, {"archive": archive}, in_nav=True,
                      feed=NEWS_FEED)
    )
    for year, months in archive:
        pages.append(
            GeneratedPage(f"news/{year}/", f"{year}年", "year.html", PageKind.YEAR, {"year": year, "months": months},
                          feed=NEWS_FEED)
        )
        for month, _count in months:
            items = news.by_month[(year, month)]
            pages.extend(paginate(items, f"news/{year}/{month:02d}/", f"{year}年{month}月", page_size, PageKind.MONTH,
                                  NEWS_FEED, heading=None))
    return pages


def tag_pages(site: SiteModel, page_size: int) -> list[GeneratedPage]:
    news = site.news
    tags = sorted(news.by_tag.items(), key=lambda kv: (-len(kv[1]), news.tag_slugs[kv[0]]))
    pages = [
        GeneratedPage("tags/", "标签", "tags.html", PageKind.TAGS, {"tags": [(t, len(a)) for t, a in tags]}, in_nav=True)
    ]
    for tag, items in tags:
        slug = news.tag_slugs[tag]
        pages.extend(paginate(items, f"tags/{slug}/", f"标签：{tag}", page_size, PageKind.TAG, tag_feed(tag, slug),
                              heading=None, tag=tag))
    return pages
