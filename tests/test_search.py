"""Chinese search: what the Pagefind index holds, the search page and header box, and failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from browser_support import search_shards
from gonghui.core.output.progress import Progress, wants_progress
from gonghui.core.output.search import SearchIndexer, SearchIndexError
from test_programs import write_programs


@pytest.fixture
def indexed(site):
    write_programs(site)
    site.article("funing-story", title="阜宁六个100", region="阜宁县", campaigns=["liuge-yibai"],
                 date="2022-06-21", tags=["职工之家"], body="## 建会入会\n\n县总工会组织建会小分队走访新就业形态劳动者。")
    site.article("chayi", title="夜校开出茶艺课", date="2022-06-22", body="职工夜校的茶艺课很受欢迎。")
    site.write("content/about.md", "# 关于本站\n\n本站由示例总工会主办。\n")
    result = site.build(strict=True)
    assert result.ok, result.log
    return result


def by_url(result) -> dict[str, dict]:
    return {fragment["url"]: fragment for fragment in result.search_fragments()}


def test_articles_and_program_pages_are_indexed_listings_are_not(indexed):
    fragments = by_url(indexed)
    expected = {
        "/news/2022/06/funing-story/": "新闻",
        "/news/2022/06/chayi/": "新闻",
        "/campaigns/liuge-yibai/": "专项行动",
        "/training/chayi-ban/": "职工培训",
        "/workers/xu-linshou/": "劳模工匠",
        "/about/": "其他",
    }
    for url, kind in expected.items():
        assert url in fragments, f"{url} missing from the search index: {sorted(fragments)}"
        assert fragments[url]["meta"]["类型"] == kind
    assert any(url.startswith("/regions/") for url in fragments)
    for listing in ("/", "/news/", "/tags/", "/campaigns/", "/training/", "/workers/", "/regions/", "/search/"):
        assert listing not in fragments, f"listing page {listing} should not be a search result"
    assert not any(url.startswith(("/tags/", "/news/archive/", "/news/2022/06/page")) for url in fragments)


def test_result_titles_and_text_come_from_the_page_body_only(indexed):
    story = by_url(indexed)["/news/2022/06/funing-story/"]
    assert story["meta"]["title"] == "阜宁六个100"
    assert "新就业形态劳动者" in story["content"]
    # Site chrome, the 字号 switch, ¶ heading links and related-story lists are not indexed.
    for chrome in ("字号", "¶", "相关报道", "站内搜索", indexed_site_name()):
        assert chrome not in story["content"], chrome


def indexed_site_name() -> str:
    return "测试站"


def test_chinese_text_is_segmented_into_words(indexed):
    # Pagefind's extended build splits Chinese into words (marked by zero-width spaces in the
    # stored text); without it a whole sentence would be one unsearchable "word".
    story = {f["url"]: f for f in indexed.search_fragments(keep_word_breaks=True)}["/news/2022/06/chayi/"]
    words = set(story["content"].replace(" ", "\u200b").split("\u200b"))
    assert {"茶艺", "夜校", "职工"} <= words
    assert "职工夜校的茶艺课很受欢迎。" not in words


def test_search_page_and_header_box(indexed):
    page = indexed.html("search/")
    assert 'id="gh-search"' in page
    assert 'src="../pagefind/pagefind-ui.js"' in page
    assert 'href="../pagefind/pagefind-ui.css"' in page
    for url in ("", "news/2022/06/chayi/", "campaigns/liuge-yibai/"):
        html = indexed.html(url)
        assert '<form class="gh-search-form" role="search"' in html
        assert 'name="q"' in html
        assert 'class="gh-font-switch"' in html
    article = indexed.html("news/2022/06/chayi/")
    assert 'action="../../../../search/"' in article
    # Material's own search (a whole-site JSON index) is gone.
    assert not (indexed.site_dir / "search" / "search_index.json").exists()
    bundle = indexed.site_dir / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-ui.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]


def test_material_search_plugin_is_flagged_as_redundant(site):
    site.other_plugins = ["search"]
    site.article("one")
    result = site.build()
    assert result.ok
    assert "duplicates gonghui's Chinese search" in result.log


def test_pagefind_failures_are_reported_not_raised(tmp_path: Path):
    with pytest.raises(SearchIndexError, match="could not start Pagefind"):
        SearchIndexer(tmp_path / "no-such-binary")
    with pytest.raises(SearchIndexError, match="Pagefind stopped"):
        SearchIndexer(Path("/bin/true"))  # exits at once without answering


def test_search_failure_fails_the_build_and_keeps_the_old_site(site, monkeypatch):
    site.article("one")
    assert site.build().ok
    before = (site.root / "site" / "index.html").read_bytes()
    monkeypatch.setattr("gonghui.core.output.search.pagefind_executable", lambda: Path("/bin/true"))
    result = site.build()
    assert not result.ok
    assert "search index: Pagefind stopped" in result.log
    assert "Traceback" not in result.log
    assert (site.root / "site" / "index.html").read_bytes() == before


def test_progress_draws_in_a_terminal_and_stays_quiet_otherwise(monkeypatch):
    stream = io.StringIO()
    progress = Progress("写出页面", 3, stream=stream, enabled=True)
    for _ in range(3):
        progress.advance()
    progress.finish()
    assert "写出页面 3/3 页（100%）" in stream.getvalue()
    assert stream.getvalue().endswith("\n")

    quiet = io.StringIO()
    progress = Progress("写出页面", 3, stream=quiet, enabled=False)
    progress.advance(3)
    progress.finish()
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GONGHUI_NO_PROGRESS", raising=False)
    assert wants_progress(Terminal())
    assert not wants_progress(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wants_progress(Terminal())


def test_timings_file_for_the_benchmark(site, tmp_path, monkeypatch):
    timings = tmp_path / "timings.json"
    monkeypatch.setenv("GONGHUI_TIMINGS", str(timings))
    site.article("one")
    site.article("two")
    assert site.build().ok
    data = json.loads(timings.read_text(encoding="utf-8"))
    assert data["articles"] == 2
    assert data["pages"] > 2
    assert {"load", "plan", "files", "render", "head", "search_index"} <= set(data["phases"])
    assert data["own_seconds"] == pytest.approx(sum(data["phases"].values()), abs=0.01)


def test_a_large_index_is_cut_into_equal_shards_that_the_search_page_merges(site):
    write_programs(site)
    site.article("funing-story", title="阜宁六个100", region="阜宁县", body="县总工会组织建会小分队。")
    for number in range(7):
        site.article(f"story-{number}", title=f"第{number}篇", body=f"第{number}篇正文，职工书屋。")
    site.plugin_options["search_shard_pages"] = 4
    first = site.build(strict=True)
    assert first.ok, first.log
    shards = search_shards(first.site_dir)
    indexed = [url for urls in shards.values() for url in urls]
    assert len(indexed) == len(set(indexed)), "a page is in two shards"
    assert {f"/news/2022/06/story-{n}/" for n in range(7)} <= set(indexed)
    expected_count = -(-len(indexed) // 4)
    assert len(shards) == expected_count >= 3
    sizes = sorted(len(urls) for urls in shards.values())
    assert sizes[-1] <= 4 and sizes[-1] - sizes[0] <= 1, sizes  # equal shards, none over the limit
    assert f"{len(indexed)} 页" in first.log and f"{expected_count} 个分片" in first.log
    bundle = first.site_dir / "pagefind"
    listed = json.loads((bundle / "gonghui-shards.json").read_text(encoding="utf-8"))["bundles"]
    assert listed == sorted(folder for folder in shards if folder), listed
    assert (bundle / "pagefind.js").is_file()
    for folder in listed:  # the other shards hold index data only; the first bundle's scripts read them
        assert (bundle / folder / "pagefind-entry.json").is_file()
        assert not list((bundle / folder).glob("*.js")), folder
    # The same site gives the same shards, byte for byte.
    snapshot = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    second = site.build(strict=True)
    assert second.ok, second.log
    again = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert again == snapshot


def test_a_small_index_is_one_bundle(indexed):
    bundle = indexed.site_dir / "pagefind"
    assert json.loads((bundle / "gonghui-shards.json").read_text(encoding="utf-8")) == {"bundles": []}
    assert list(search_shards(indexed.site_dir)) == [""]


def test_shard_size_must_be_positive(site):
    site.article("one")
    site.plugin_options["search_shard_pages"] = 0
    run = site.cli("build")
    assert run.returncode != 0
    assert "option 'search_shard_pages': expected a whole number, at least 1; got 0" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr + run.stdout
