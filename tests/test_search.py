"""Chinese search: what the Pagefind index holds, the search page and header box, and failures."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest
from browser_support import search_shards
from gonghui.core.output.progress import Progress, wants_progress
from gonghui.core.output.search import TITLE_ID, SearchIndexer, SearchIndexError, search_document
from gonghui.core.output.search_feeder import shard_sizes, year_shard_sizes
from gonghui.core.output.search_text import SPACE_MARK, index_text, readable
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
    assert story["meta"]["日期"] == "2022年6月21日" and story["meta"]["类型"] == "新闻"
    assert "新就业形态劳动者" in story["text"]
    # Site chrome, the 字号 switch, ¶ heading links and related-story lists are not indexed.
    for chrome in ("字号", "¶", "相关报道", "站内搜索", indexed_site_name()):
        assert chrome not in story["text"], chrome


def indexed_site_name() -> str:
    return "测试站"


def test_chinese_text_is_stored_as_overlapping_two_character_tokens(indexed):
    # Not Pagefind's own word segmentation (the browser cuts queries differently): every character with
    # the next, each run's last alone; the same cut the search page gives a query.
    story = by_url(indexed)["/news/2022/06/chayi/"]
    tokens = story["content"].split()
    assert "茶艺 艺课" in story["content"] and "夜校 校的" in story["content"]
    assert all(len(token) <= 2 for token in tokens if "\u4e00" <= token[0] <= "\u9fff"), tokens
    assert "职工夜校的茶艺课很受欢迎。" in story["text"]
    entry = json.loads((indexed.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["und-x-bigram"]  # a language Pagefind neither segments nor stems


def test_the_title_is_indexed_after_the_text_so_a_new_title_moves_no_word_of_the_text(site):
    # Pagefind stores each word's position on the page: were the title first, a longer title would move every
    # word of the text, and a redeploy would upload most of the year's search index (issue 18).
    site.article("chayi", title="夜校开出茶艺课", body="职工夜校的茶艺课很受欢迎。\n\n课上学员学会了泡茶。")
    before = stored_article(site)
    site.article("chayi", title="关于职工夜校开出茶艺课的报道（更正）", body="职工夜校的茶艺课很受欢迎。\n\n课上学员学会了泡茶。")
    after = stored_article(site)
    for fragment, title in ((before, "夜校开出茶艺课"), (after, "关于职工夜校开出茶艺课的报道（更正）")):
        words = fragment["content"].split()
        anchor = next(a for a in fragment["anchors"] if a["id"] == TITLE_ID)
        title_units = {unit for unit in index_text(title).split() if re.search(r"\w", unit)}
        assert anchor["element"] == "h1" and set(words[anchor["location"]:]) - {SPACE_MARK} == title_units
        assert "职工夜校的茶艺课很受欢迎。" in readable(" ".join(words[:anchor["location"]]))
    text_before = before["content"].split()[:next(a["location"] for a in before["anchors"] if a["id"] == TITLE_ID)]
    assert after["content"].split()[:len(text_before)] == text_before  # the text: same words, same positions
    # and the title's units it kept (夜校 开出 出茶 茶艺 艺课): the same positions too (search_text.title_slots)
    title_before = {w: at for at, w in enumerate(before["content"].split()) if at >= len(text_before) and w != SPACE_MARK}
    title_after = {w: at for at, w in enumerate(after["content"].split()) if at >= len(text_before) and w != SPACE_MARK}
    kept = title_before.keys() & title_after.keys()
    assert len(kept) >= 5 and {w: title_after[w] for w in kept} == {w: title_before[w] for w in kept}
    assert after["meta"]["title"] == "关于职工夜校开出茶艺课的报道（更正）"


def stored_article(site) -> dict:
    result = site.build(strict=True)
    assert result.ok, result.log
    return by_url(result)["/news/2022/06/chayi/"]


def test_every_indexed_page_has_a_date_to_sort_by(indexed):
    # Pagefind leaves pages without the sort key out of a sorted search: undated pages sort last instead.
    dates = {url: f["meta"].get("日期") for url, f in by_url(indexed).items()}
    assert dates["/news/2022/06/chayi/"] == "2022年6月22日"
    assert dates["/campaigns/liuge-yibai/"] and dates["/training/chayi-ban/"]
    assert dates["/workers/xu-linshou/"].endswith("年") and dates["/about/"] is None
    for fragment in indexed.search_fragments():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fragment["meta"]["date"]), fragment["url"]


def test_search_page_and_header_box(indexed):
    page = indexed.html("search/")
    assert '<label class="gh-search__label" for="gh-search-input">' in page and 'id="gh-search-input"' in page
    assert 'src="../assets/gonghui/gonghui-search.js"' in page
    assert "pagefind-ui" not in page  # our own interface, not Pagefind's
    vocabulary = json.loads(re.search(r'<script type="application/json" id="gh-search-vocabulary">(.*?)</script>',
                                      page, re.S).group(1))
    assert {"name": "职工之家", "url": "tags/zhi-gong-zhi-jia/", "kind": "标签", "count": 1} in vocabulary
    assert any(entry["kind"] == "地区" and entry["name"] == "阜宁县" for entry in vocabulary)
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
    assert (bundle / "pagefind.js").is_file()


def test_material_search_plugin_is_flagged_as_redundant(site):
    site.other_plugins = ["search"]
    site.article("one")
    result = site.build()
    assert result.ok
    assert ("WARNING: mkdocs.yml: GH481 plugins 里的 search 插件和 gonghui 的中文搜索（Pagefind）重复" in result.log)


# Stand-ins for Pagefind's `--service`, each failing one way. They speak its protocol (base64 JSON
# messages, each followed by a comma) until `MODE` says otherwise.
FAKE_PAGEFIND = """#!{python}
import base64, json, sys
MODE = {mode!r}
if MODE == "garbage":  # not the protocol, with a comma in it
    sys.stdout.write("pagefind 1.0: unknown option --service, try --help\\n")
    sys.stdout.flush()
    sys.stdin.read()
    sys.exit(2)
if MODE == "prints-and-exits":  # after the first request, so that it is sent before the pipe closes
    while b"," not in sys.stdin.buffer.read1(65536):
        pass
    sys.stdout.write("error: this Pagefind has no --service\\n")
    sys.exit(1)
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    while b"," in pending:
        raw, pending = pending.split(b",", 1)
        message = json.loads(base64.b64decode(raw))
        kind = message["payload"]["type"]
        if kind == "AddFile" and MODE == "crashes-on-a-page":
            sys.exit(3)
        if kind == "NewIndex" and MODE != "refuses-index":
            payload = {{"type": "NewIndex", "index_id": 1}}
        else:
            payload = {{"type": "Error", "message": "磁盘已满 (disk full)"}}
        reply = json.dumps({{"message_id": message["message_id"], "payload": payload}})
        sys.stdout.buffer.write(base64.b64encode(reply.encode()) + b",")
        sys.stdout.buffer.flush()
"""
STOPPED = "search index: Pagefind stopped (the service exited)"
REPORTED = "search index: Pagefind reported: 磁盘已满 (disk full)"
# how Pagefind fails -> what the editor is told, and whether it fails at once (else on the first page)
PAGEFIND_FAILURES = {
    "missing": ("search index: could not start Pagefind ([Errno 2] No such file or directory", True),
    "exits-at-once": (STOPPED, True),
    "garbage": ("search index: Pagefind sent an unreadable reply", True),
    "prints-and-exits": ("search index: Pagefind stopped (the service exited: b'error: this Pagefind has no --service'", True),
    "refuses-index": (REPORTED, True),
    "fails-on-a-page": (REPORTED, False),
    "crashes-on-a-page": (STOPPED, False),
}


def failing_pagefind(folder: Path, how: str) -> Path:
    """An executable standing in for Pagefind that fails as `how` says."""
    if how == "missing":
        return folder / "no-such-binary"
    if how == "exits-at-once":
        return Path("/bin/true")
    path = folder / f"pagefind-{how}"
    path.write_text(FAKE_PAGEFIND.format(python=sys.executable, mode=how), encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("how", sorted(PAGEFIND_FAILURES))
def test_the_indexer_raises_search_index_error_saying_what_pagefind_did(tmp_path: Path, how: str):
    # SearchIndexError and no other exception: the plugin turns exactly that into a build error (below).
    message, at_once = PAGEFIND_FAILURES[how]
    executable = failing_pagefind(tmp_path, how)
    if at_once:
        with pytest.raises(SearchIndexError) as raised:
            SearchIndexer(executable)
    else:
        indexer = SearchIndexer(executable)
        indexer.expect({("新闻", ""): 1})
        indexer.add(search_document("<p>职工夜校</p>", "夜校", "新闻"), "/news/2022/06/x/", "新闻")
        with pytest.raises(SearchIndexError) as raised:
            indexer.write(tmp_path / "site")
        assert not (tmp_path / "site" / "pagefind").exists()
    assert str(raised.value).startswith(message), str(raised.value)


@pytest.mark.parametrize("how", sorted(PAGEFIND_FAILURES))
def test_pagefind_failures_are_reported_not_raised(site, monkeypatch, how):
    """A Pagefind failure is a build error with Pagefind's reason, not a traceback; the last site stays."""
    site.article("one")
    assert site.build().ok
    before = (site.root / "site" / "index.html").read_bytes()
    monkeypatch.setattr("gonghui.core.output.search.pagefind_executable", lambda: failing_pagefind(site.root, how))
    result = site.build()  # an exception other than MkDocs' Abort would fail the test here
    assert not result.ok
    message, _ = PAGEFIND_FAILURES[how]
    # Chinese first, with the code; Pagefind's own reason follows for whoever fixes it.
    assert f"ERROR: GH480 搜索索引没能建成，这次构建不发布，网站保持原样；请把后面的原因转给网站管理员：{message}" in result.log, result.log
    assert result.log.endswith("ABORT: Aborted with a BuildError!"), result.log
    assert "Traceback" not in result.log, result.log
    assert (site.root / "site" / "index.html").read_bytes() == before


def test_mkdocs_build_reports_a_pagefind_failure_without_a_traceback(site, monkeypatch, tmp_path):
    # The real command: Pagefind found through a stand-in `pagefind_bin_extended` that fails on the first page.
    shim = tmp_path / "shim"
    shim.mkdir()
    fake = failing_pagefind(shim, "fails-on-a-page")
    (shim / "pagefind_bin_extended.py").write_text(f"def get_executable():\n    return {str(fake)!r}\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(shim), os.environ.get("PYTHONPATH")])))
    site.article("one")
    run = site.cli("build")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert re.search(rf"(?m)^ERROR +- +GH480 搜索索引没能建成.*：{re.escape(REPORTED)}$", run.stderr), output
    assert "Aborted with a BuildError!" in output
    assert "Traceback" not in output, output


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
    articles = [url for urls in shards.values() for url in urls if url.startswith("/news/")]
    article_shards = [urls for urls in shards.values() if urls[0].startswith("/news/")]
    # A year of news is cut from its oldest story on, so new stories join its last shard (`year_shard_sizes`).
    assert [len(urls) for urls in article_shards] == year_shard_sizes(len(articles), 4) == [4, 4]
    assert all(len(urls) <= 4 for urls in shards.values())
    expected_count = len(shards)
    assert f"{len(indexed)} 页" in first.log and f"{expected_count} 个分片" in first.log
    bundle = first.site_dir / "pagefind"
    listing = json.loads((bundle / "gonghui-shards.json").read_text(encoding="utf-8"))
    listed = listing["bundles"]
    assert listed == sorted((folder for folder in shards if folder), key=lambda f: int(f[6:-1])), listed
    # Each kind of page has shards of its own (the search page narrows to a kind by them), articles first.
    kinds = {url: f["meta"]["类型"] for url, f in by_url(first).items()}
    keys = {"新闻": "news", "专项行动": "campaign", "职工培训": "training", "劳模工匠": "worker", "地区": "region", "其他": "page"}
    for folder, kind in zip(["", *listed], listing["kinds"], strict=True):
        assert {keys[kinds[url]] for url in shards[folder]} == {kind}, (folder, kind)
    assert listing["kinds"][0] == "news"
    assert (bundle / "pagefind.js").is_file()
    for folder in listed:  # the other shards hold index data only; the first bundle's scripts read them
        assert (bundle / folder / "pagefind-entry.json").is_file()
        assert not list((bundle / folder).glob("*.js")) and not list((bundle / folder).glob("wasm.*")), folder
    # The same site gives the same shards, byte for byte.
    snapshot = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    second = site.build(strict=True)
    assert second.ok, second.log
    again = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert again == snapshot


def test_a_small_index_is_one_shard_per_kind(indexed):
    bundle = indexed.site_dir / "pagefind"
    listing = json.loads((bundle / "gonghui-shards.json").read_text(encoding="utf-8"))
    # No kind has more pages than a shard holds: one shard each, articles first (in the bundle's own folder).
    assert listing["kinds"] == ["news", "campaign", "training", "worker", "region", "page"]
    assert listing["bundles"] == [f"shard-{n}/" for n in range(2, 7)]
    assert list(search_shards(indexed.site_dir)) == ["", *listing["bundles"]]


def test_shard_size_must_be_positive(site):
    site.article("one")
    site.plugin_options["search_shard_pages"] = 0
    run = site.cli("build")
    assert run.returncode != 0
    assert "option 'search_shard_pages': GH461 这个选项应为不小于 1 的整数，写的是 0" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr + run.stdout


@pytest.mark.parametrize("pages,sizes", [
    (1, [1]), (2000, [2000]), (2001, [1751, 250]), (5000, [1584, 1583, 1583, 250]),
    (10000, [1950, 1950, 1950, 1950, 1950, 250]),
])
def test_shard_sizes(pages, sizes):
    # As few shards as the limit allows, equal, and a small last one: the build waits for the last shard.
    assert shard_sizes(pages, 2000) == sizes


@pytest.mark.parametrize("pages,sizes", [
    (1, [1]), (2000, [2000]), (2001, [1750, 251]), (5000, [1750, 1750, 1500]), (5250, [1750, 1750, 1750]),
])
def test_a_year_of_news_is_cut_into_shards_from_its_oldest_story(pages, sizes):
    assert year_shard_sizes(pages, 2000) == sizes


def test_new_stories_leave_every_earlier_shard_of_their_year_as_it_was():
    for pages in range(2001, 14_000, 97):
        before = year_shard_sizes(pages, 2000)
        for added in (1, 20, 400):
            after = year_shard_sizes(pages + added, 2000)
            assert after[: len(before) - 1] == before[:-1], (pages, added)  # only the last shard (and new ones) differ
            assert max(after) <= 1750
