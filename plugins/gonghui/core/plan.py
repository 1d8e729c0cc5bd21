"""Everything a build outputs besides editors' own pages: the site plan."""

from __future__ import annotations

from dataclasses import dataclass

from .pages import GeneratedPage, news_pages
from .program_pages import GeneratedFile, program_files, program_pages, upcoming_classes
from .site import SiteModel


@dataclass
class SitePlan:
    pages: list[GeneratedPage]
    files: list[GeneratedFile]


def plan_site(site: SiteModel, page_size: int, site_url: str) -> SitePlan:
    pages = news_pages(site, page_size)
    pages[0].context["classes"] = upcoming_classes(site)  # the home page shows the next classes
    pages.extend(program_pages(site))
    return SitePlan(pages, program_files(site, site_url))
