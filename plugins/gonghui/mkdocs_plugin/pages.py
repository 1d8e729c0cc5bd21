"""What each MkDocs page shows: generated pages from our templates, editors' pages sanitized, head metadata."""

from __future__ import annotations

from html import unescape
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..core.generate.feed_refs import NEWS_FEED
from ..core.generate.feeds import SiteInfo
from ..core.generate.headmeta import HeadMeta, head_meta
from ..core.generate.images import fill_missing_alt
from ..core.generate.pages import KIND_ARTICLE, KIND_PAGE, SearchDate
from ..core.generate.picture import responsive_body
from ..core.generate.plan import SitePlan
from ..core.generate.render import Renderer
from ..core.generate.sanitize import sanitize_html
from ..core.model.article import Article, resolve_image_src
from ..core.model.regions import Region
from ..core.model.site import SiteModel

# The context `core.generate.pages.paginate` gives listing.html, besides plain values (heading, tag) that
# `listing_inputs` puts in the key as they are.
LISTING_SHOWS = {"articles", "pager", "total"}


class PageRenderer:
    """Turns each page MkDocs renders into ours; built once per (full) build."""

    def __init__(self, site: SiteModel, plan: SitePlan, renderer: Renderer, trusted_hosts: list[str],
                 image_hosts: list[str] | None = None) -> None:
        self.site = site
        self.plan = plan
        self.renderer = renderer
        self.trusted_hosts = trusted_hosts
        self.image_hosts = image_hosts or []
        self.footers: dict[str, str] = {}  # an article page's footer (related reports), until it is indexed
        self._parts: dict[str, tuple[str, str]] = {}  # an article's headline block and footer, made for its cache key

    def settle(self, page: Page) -> Article | None:
        """What other pages and sitemap.xml read from a page: its title (escaped) and date; its article, if any.

        An offstage article page (`offstage.py`) keeps only its date, the same, in its `OffstagePage`.
        """
        # Material prints page.title unescaped (MkDocs' Jinja has no autoescape); titles come from editors.
        if page.title:
            page.title = str(escape(page.title))
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = page.title
        article = self.site.article_for(page.file.src_uri)
        page.update_date = self.update_date(article)
        return article

    def update_date(self, article: Article | None) -> str:
        """sitemap.xml's lastmod: an article's own date, else the build date (not the wall clock)."""
        return f"{(article.date if article else self.site.now):%Y-%m-%d}"

    def content(self, html: str, page: Page) -> str:
        article = self.settle(page)
        generated = self.plan.generated.get(page.file.src_uri)
        if generated is not None:
            return self.renderer.render(generated.template, generated.url, title=generated.title, **generated.context)
        # Unsafe HTML and missing alt text were reported by `check_project`; here they are fixed.
        html = sanitize_html(html, self.trusted_hosts, self.image_hosts)
        html, _lacking = fill_missing_alt(html, unescape(page.title or ""))
        html = responsive_body(html, page.url, self.plan.images)  # photos: phone-sized copies, loaded lazily
        if article is not None:
            kept = self._parts.pop(page.file.src_uri, None)
            header, footer = kept if kept is not None else self.article_parts(article)
            self.footers[page.file.src_uri] = footer
            return header + html + footer
        return html

    def article_parts(self, article: Article, keep_for: str | None = None) -> tuple[str, str]:
        """An article page's headline block and footer; `keep_for` (its src_uri) keeps them for `content`."""
        parts = self.renderer.article_header(article), self.renderer.article_footer(article)
        if keep_for is not None:
            self._parts[keep_for] = parts
        return parts

    def article_inputs(self, article: Article) -> list[Any]:
        """What gonghui's own `article_header.html` and `article_footer.html` show from outside the article's file.

        For the page cache's key, instead of rendering them (a millisecond an article): the draft and scheduled
        banners, the region's name and page, the tags' pages, the lead photo's copies, the linked programs'
        titles, and each related report's line. A site with templates of its own renders them instead.
        """
        site, region = self.site, article.region
        return [
            article.draft, article.date > site.now, _region_line(site, region),
            [site.news.tag_slugs.get(tag) for tag in article.tags], self._photo_copies(article),
            [[label, record.url, record.title] for label, record in site.programs.linked_records(article)],
            [[other.url, other.title, other.kicker, other.date.isoformat(), _region_line(site, other.region),
              other.lede] for other in site.news.related(article)],
        ]

    def _photo_copies(self, article: Article) -> list[list[Any]] | None:
        if article.image is None:
            return None
        copies = self.plan.images.get(resolve_image_src(article))
        return [[c.name, c.width, c.height] for c in copies.copies] if copies is not None else None

    def listing_inputs(self, src_uri: str) -> list[Any] | None:
        """What gonghui's own `listing.html` shows on a news, month or tag page, for the page cache's key without
        rendering it: the heading, the count, the pager and each story's line (title, kicker, date, region, lede,
        thumbnail). None for any other page, and for a listing given anything else than plain values besides."""
        generated = self.plan.generated.get(src_uri)
        if generated is None or generated.template != "listing.html" or not LISTING_SHOWS <= set(generated.context):
            return None
        context, pager = generated.context, generated.context["pager"]
        more = sorted((name, value) for name, value in context.items() if name not in LISTING_SHOWS)
        if not all(value is None or isinstance(value, (str, int)) for _name, value in more):
            return None  # something the key could not see
        return [
            generated.url, generated.title, more, context["total"], pager.shown(),
            [[a.url, a.title, a.kicker, a.date.isoformat(), [a.region.code, a.region.name] if a.region else None,
              a.lede, resolve_image_src(a) if a.image else None, a.image_alt, self._photo_copies(a)]
             for a in context["articles"]],
        ]

    def article_parts_used(self, src_uri: str | None = None) -> None:
        """The page comes from the cache (or, None: every kept page went to a render worker): parts not needed."""
        if src_uri is None:
            self._parts.clear()
        else:
            self._parts.pop(src_uri, None)

    def searchable(self, html: str, src_uri: str) -> str:
        """A page's content for its search document: an article's footer of links to other pages left out.

        Search ignores it anyway (`data-pagefind-ignore`); without it, a search shard stays the same when only
        the titles in a footer change, and the shard cache keeps it.
        """
        footer = self.footers.pop(src_uri, "")
        return html[: -len(footer)] if footer and html.endswith(footer) else html

    def search_kind(self, src_uri: str) -> str:
        """What a page is in search results (类型); empty for pages not indexed, such as listings."""
        generated = self.plan.generated.get(src_uri)
        if generated is not None:
            return generated.search_kind
        return KIND_ARTICLE if self.site.article_for(src_uri) is not None else KIND_PAGE

    def search_part(self, src_uri: str) -> str:
        """Which part of its kind's index a page goes in: an article's year (old years' shards stay as they are)."""
        article = self.site.article_for(src_uri)
        return f"{article.date.year}" if article is not None and src_uri not in self.plan.generated else ""

    def search_date(self, src_uri: str) -> SearchDate | None:
        """The date a search result shows and sorts by: an article's, a program's start, a region's newest."""
        generated = self.plan.generated.get(src_uri)
        if generated is not None:
            return generated.search_date
        article = self.site.article_for(src_uri)
        return SearchDate.of_day(article.date) if article is not None else None

    def head(self, page: Page, config: MkDocsConfig) -> HeadMeta:
        """Feed links, description and Open Graph for theme/main.html, as `gh_head`."""
        info = SiteInfo(config.site_url or "", config.site_name, config.site_description or "")
        generated = self.plan.generated.get(page.file.src_uri)
        if generated is not None:
            return head_meta(page.url, info, title=generated.title, description=generated.description,
                             record=generated.record, feed=generated.feed)
        article = self.site.article_for(page.file.src_uri)
        # page.title was HTML-escaped in `content`; gh_head carries plain text.
        return head_meta(page.url, info, title=unescape(page.title or ""),
                         description=str(page.meta.get("description") or ""),
                         article=article, feed=NEWS_FEED if article is not None else None)


def _region_line(site: SiteModel, region: Region | None) -> list[Any] | None:
    return None if region is None else [region.code, region.name, region.code in site.region_summaries]
