"""Everything a build outputs besides editors' own pages: the site plan."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .export import programs_json, robots_txt
from .feeds import SiteInfo, feed_files
from .pages import GeneratedPage, news_pages
from .program_pages import GeneratedFile, program_files, program_pages, upcoming_classes
from .site import SiteModel


@dataclass
class SitePlan:
    pages: list[GeneratedPage]
    files: list[GeneratedFile]


def plan_site(
    site: SiteModel, page_size: int, site_url: str, site_name: str = "", site_description: str = ""
) -> SitePlan:
    pages = news_pages(site, page_size)
    pages[0].context["classes"] = upcoming_classes(site)  # the home page shows the next classes
    pages.extend(program_pages(site))
    pages.append(GeneratedPage("search/", "搜索", "search.html"))
    files = program_files(site, site_url)
    # Feeds need a title; without the site's name, its host name is the next best thing.
    info = SiteInfo(site_url, site_name or urlsplit(site_url).hostname or "gonghui", site_description)
    files.extend(feed_files(site, info))
    files.append(programs_json(site, site_url))
    files.append(robots_txt(site_url))
    return SitePlan(pages, files)
