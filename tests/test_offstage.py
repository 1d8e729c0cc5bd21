"""Article pages made outside MkDocs' page loop (issue 17, `mkdocs_plugin/offstage.py`).

MkDocs keeps every page it reads until it has written them all; article pages are made one at a time instead
and let go. These tests build real sites and check what a reader, a search engine and an editor get from them:
the pages, sitemap.xml, the search index, the anchor checks; and that the build holds no article's page (nor
the HTML of MkDocs' own pages once written).
"""

from __future__ import annotations

import gc
import re
import shutil
from typing import Any

from conftest import SiteFactory
from gonghui.mkdocs_plugin import offstage
from gonghui.mkdocs_plugin import plugin as plugin_module
from gonghui.mkdocs_plugin.offstage import OffstageArticles, OffstagePage
from mkdocs.structure.pages import Page
from test_build_cache import counts
from test_render_workers import files_of

SITEMAP_LOC = re.compile(r"<loc>https://example\.org/([^<]*)</loc>")
ARTICLE = re.compile(r"news/20\d\d/a\d{3}\.md")
ARTICLE_PAGE = re.compile(r"news/20\d\d/\d\d/a\d{3}/index\.html$")


def _articles(site: SiteFactory, count: int) -> None:
    for i in range(count):
        site.article(f"a{i:03d}", year=2020 + i % 3, body=f"## 第{i}节\n\n职工书屋第{i}期开放。\n",
                     date=f"{2020 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}")


def test_the_build_holds_no_article_page_and_sitemap_lists_them_all(site: SiteFactory, monkeypatch) -> None:
    _articles(site, 30)
    seen: dict[str, object] = {}
    check_anchors = OffstageArticles.check_anchors

    def watched(self: OffstageArticles, config, files) -> None:  # on_post_build: every page is written by then
        articles = [file for file in files if ARTICLE.fullmatch(file.src_uri)]
        seen["article_pages"] = {type(file.page).__name__ for file in articles}
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, Page) and ARTICLE.fullmatch(o.file.src_uri)]
        seen["alive"] = len(alive)
        seen["offstage"] = len(self.files)
        own = [file.page for file in files if file.page is not None and not isinstance(file.page, OffstagePage)]
        seen["own_pages_holding_html"] = [page.file.src_uri for page in own if page.content is not None]
        seen["own_pages"] = len(own) > 10
        check_anchors(self, config, files)

    monkeypatch.setattr(OffstageArticles, "check_anchors", watched)
    trims: list[bool] = []
    monkeypatch.setattr(plugin_module, "TRIM_EVERY", 5)
    monkeypatch.setattr(plugin_module, "give_back_freed_memory", lambda collect=True: trims.append(collect) or True)
    result = site.build()
    assert result.ok, result.log
    # MkDocs' own pages (listings, programs) let go of their HTML once written, as the articles are let go of.
    assert seen == {"article_pages": {"OffstagePage"}, "alive": 0, "offstage": 30, "own_pages_holding_html": [],
                    "own_pages": True}
    # and what rendering them left free goes back to the system as they are written, without a full collection
    own_pages = sum(1 for path in result.site_dir.rglob("index.html") if not ARTICLE_PAGE.search(path.as_posix()))
    assert trims.count(False) >= own_pages // 5 > 2
    article_urls = {path.parent.relative_to(result.site_dir).as_posix() + "/"
                    for path in result.site_dir.glob("news/202*/*/*/index.html")}
    assert len(article_urls) == 30
    sitemap = SITEMAP_LOC.findall((result.site_dir / "sitemap.xml").read_text(encoding="utf-8"))
    assert article_urls <= set(sitemap), sorted(article_urls - set(sitemap))[:5]
    assert len(sitemap) == len(set(sitemap)) and "" in sitemap  # the home page too, each page once
    lastmod = re.search(r"<loc>https://example\.org/news/2021/02/a001/</loc>\s*<lastmod>([^<]*)</lastmod>",
                        (result.site_dir / "sitemap.xml").read_text(encoding="utf-8"))
    assert lastmod and lastmod.group(1) == "2021-02-02"  # an article's own date, as before


def test_anchor_links_to_and_from_cached_articles_are_checked_on_every_build(site: SiteFactory) -> None:
    _articles(site, 5)
    site.article("z-links", year=2021, body="[没有](a001.md#没有这节)\n")
    site.write("content/about.md", "# 关于\n\n[没有](news/2020/a003.md#也没有)\n")
    first, second = site.build(), site.build()
    assert counts(second.log)[0] > 5, second.log  # the articles came from the cache the second time
    for result in (first, second):
        assert result.ok, result.log
        assert "contains a link 'a001.md#没有这节', but the doc 'news/2021/a001.md' does not contain" in result.log
        assert "contains a link 'news/2020/a003.md#也没有', but the doc 'news/2020/a003.md' does not" in result.log


def test_an_article_in_the_navigation_is_read_by_mkdocs_and_the_site_is_the_same_warm(site: SiteFactory) -> None:
    _articles(site, 12)
    site.write("content/about.md", "# 关于\n")
    site.nav = [{"关于": "about.md"}, {"一篇": "news/2021/a004.md"}]
    cold = site.build()
    assert cold.ok, cold.log
    assert "一篇" in cold.html("news/2021/05/a004/")  # its nav entry, on its own page
    cold_files = files_of(cold.site_dir)
    warm = site.build()
    assert counts(warm.log)[0] > 10, warm.log
    assert files_of(warm.site_dir) == cold_files  # the search index too: its shard's order is the same
    texts = warm.search_texts()
    assert any("职工书屋第4期开放" in text for text in texts.values())


def test_offstage_page_has_what_sitemap_and_anchor_checks_read() -> None:
    class FakeFile:
        url = "news/2022/06/x/"
        src_uri = "news/2022/x.md"

    page = OffstagePage(FakeFile(), "https://example.org/site", "2022-06-24")  # type: ignore[arg-type]
    assert (page.canonical_url, page.abs_url, page.update_date, page.is_link) == (
        "https://example.org/site/news/2022/06/x/", "/site/news/2022/06/x/", "2022-06-24", False)
    assert page.present_anchor_ids is None  # unknown until every page is made: MkDocs' own check passes it by


def test_articles_made_before_mkdocs_reads_its_pages_are_the_same_as_made_after(tmp_path, monkeypatch) -> None:
    """With titles for the navigation in mkdocs.yml and no other plugin changing the theme's environment, article
    pages are made before MkDocs reads its own (the search index gets them from the start): the same files."""
    from gonghui.mkdocs_plugin import plugin

    sites: dict[str, object] = {}
    original = plugin.early_environment
    for when in ("early", "late"):
        site = SiteFactory(tmp_path / when)
        _articles(site, 12)
        site.write("content/about.md", "# 关于我们\n\n[一篇](news/2021/a004.md)\n")
        site.nav = [{"新闻": "news/index.md"}, {"关于": "about.md"}]
        made: list[bool] = []

        def spy(*args: Any, made: list[bool] = made, early: bool = when == "early") -> Any:
            env = original(*args) if early else None
            made.append(env is not None)
            return env

        monkeypatch.setattr(plugin, "early_environment", spy)
        result = site.build()
        assert result.ok, result.log
        assert made == [when == "early"]
        sites[when] = files_of(result.site_dir)
    early_files, late_files = sites["early"], sites["late"]
    assert early_files == late_files


def test_titles_from_the_pages_or_another_environment_plugin_make_articles_later() -> None:
    from types import SimpleNamespace

    from gonghui.mkdocs_plugin.offstage import early_environment

    ours = object()
    events: dict[str, list[object]] = {"env": [SimpleNamespace(__self__=ours)]}
    config: Any = SimpleNamespace(plugins=SimpleNamespace(events=events), theme=SimpleNamespace(get_env=lambda: "env"))
    titled, untitled = SimpleNamespace(title="关于"), SimpleNamespace()  # a title from mkdocs.yml, or from the page
    nav: Any = SimpleNamespace(pages=[titled, titled])
    assert early_environment(config, nav, ours) == "env"
    nav.pages.append(untitled)
    assert early_environment(config, nav, ours) is None
    nav.pages.pop()
    events["env"].append(SimpleNamespace(__self__=object()))  # another plugin's on_env
    assert early_environment(config, nav, ours) is None


def test_an_article_the_cache_has_not_is_made_in_its_place_so_search_documents_never_wait(
        site: SiteFactory, monkeypatch) -> None:
    """Warm, with one article edited among cached ones: it is made as soon as it is found missing, between its
    neighbours, so the search documents after it go on at once (its year's shard is indexed once its last page
    is in); the site is the same as a cold build's."""
    _articles(site, 12)
    site.nav = [{"新闻": "news/index.md"}]
    assert site.build().ok
    path = site.root / "content" / "news" / "2021" / "a004.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补记一段。\n", encoding="utf-8")
    events: list[str] = []
    take, make = OffstageArticles.take_cached, OffstageArticles.make

    def taking(self: OffstageArticles, entry_of: Any, make_now: Any = None) -> None:
        def watched_entry(file: Any, article: Any) -> Any:
            entry = entry_of(file, article)
            events.append(("hit " if entry is not None else "miss ") + file.src_uri)
            return entry
        take(self, watched_entry, make_now)

    def making(self: OffstageArticles, position: int, *args: Any) -> Any:
        events.append("make " + self.files[position].src_uri)
        return make(self, position, *args)

    monkeypatch.setattr(OffstageArticles, "take_cached", taking)
    monkeypatch.setattr(OffstageArticles, "make", making)
    warm = site.build()
    assert warm.ok, warm.log
    at = events.index("miss news/2021/a004.md")
    assert events[at + 1] == "make news/2021/a004.md" and events[at + 2].startswith("hit "), events
    assert sum(event.startswith("make ") for event in events) == 1
    years = [int(event.split("/")[1]) for event in events if event.startswith(("hit ", "miss "))]
    assert years == sorted(years, reverse=True) and len(set(years)) == 3  # the newest year's shard is complete first
    warm_files = files_of(warm.site_dir)
    shutil.rmtree(site.root / ".cache")
    monkeypatch.undo()
    cold = site.build()
    assert cold.ok, cold.log
    assert files_of(cold.site_dir) == warm_files


def test_the_search_index_is_the_same_whatever_order_the_years_come_in(site: SiteFactory, monkeypatch) -> None:
    """Articles go to search newest year first (`newest_year_first`); each year's shards get its pages oldest
    first either way, so the index is byte for byte the one the oldest year first gives."""
    _articles(site, 12)
    for year in (2020, 2021):  # first of its year among the files, last by date
        site.article(f"a000-{year}", year=year, body="年底的报道。", date=f"{year}-12-31")
    newest_first = site.build()
    assert newest_first.ok, newest_first.log
    index = {path: data for path, data in files_of(newest_first.site_dir).items() if path.startswith("pagefind/")}
    assert len(index) > 10
    shutil.rmtree(site.root / ".cache")
    seen: list[list[int]] = []

    def oldest_year_first(files: list[Any], articles: list[Any]) -> tuple[list[Any], list[Any]]:
        order = sorted(range(len(files)), key=lambda position: articles[position].date)
        seen.append([articles[position].date.year for position in order])
        return [files[position] for position in order], [articles[position] for position in order]

    monkeypatch.setattr(offstage, "newest_year_first", oldest_year_first)
    oldest_first = site.build()
    assert oldest_first.ok, oldest_first.log
    assert seen and seen[0] != sorted(seen[0], reverse=True)  # the years really came in another order
    assert {path: data for path, data in files_of(oldest_first.site_dir).items() if path.startswith("pagefind/")} == index


def test_the_model_is_out_of_the_collectors_sight_during_the_build_only(site: SiteFactory, monkeypatch) -> None:
    """The site model and plan stay to the end of a build: frozen (`gc.freeze`) once made, so the collector's full
    passes skip them, and given back to it when the build is over (a process that builds again keeps nothing)."""
    _articles(site, 6)
    frozen_at_nav: list[int] = []
    take = OffstageArticles.take_cached

    def taking(self: OffstageArticles, *args: Any) -> None:
        frozen_at_nav.append(gc.get_freeze_count())
        take(self, *args)

    monkeypatch.setattr(OffstageArticles, "take_cached", taking)
    assert gc.get_freeze_count() == 0
    assert site.build().ok
    assert frozen_at_nav and frozen_at_nav[0] > 10_000  # the model, the plan and everything loaded with them
    assert gc.get_freeze_count() == 0
