"""The build cache (issue 17): a warm build copies unchanged pages and comes out byte for byte as a cold one.

Each comparison edits a project the way editors do, builds it warm (with the cache of the last build) and
builds a fresh copy of the same sources cold (no cache), then compares every file of the two sites, the
search index included. The log's count of pages taken from the cache shows the cache was really used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from browser_support import REPO, SOURCE_DATE_EPOCH, copy_sample_project
from conftest import SiteFactory
from gonghui.core.output.page_cache import FORMAT, Entry, PageCache, fingerprint
from gonghui.core.output.search import search_message
from test_render_workers import differences, files_of

COUNTS = re.compile(r"页面缓存：沿用 (\d+) 页，重新渲染 (\d+) 页")
SHARDS = re.compile(r"搜索索引：\d+ 页，\d+ 个词，(\d+) 个分片(?:（沿用缓存 (\d+) 个）)?")
SOURCES = ("mkdocs.yml", "content", "data", "published-urls.txt")


def build(project: Path, workers: int = 1, cache: bool = True) -> tuple[Path, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
           "GONGHUI_RENDER_WORKERS": str(workers)}
    if not cache:
        shutil.rmtree(project / ".cache" / "gonghui" / "pages", ignore_errors=True)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                         text=True, env=env, timeout=600)
    assert run.returncode == 0, f"build failed:\n{run.stdout}{run.stderr}"
    return project / "site", run.stdout + run.stderr


def counts(log: str) -> tuple[int, int]:
    found = COUNTS.search(log)
    assert found, f"the build did not report the page cache:\n{log}"
    return int(found.group(1)), int(found.group(2))


def cold_copy(project: Path, into: Path) -> Path:
    """The same sources in a fresh folder, built with no cache: what the warm build must equal."""
    into.mkdir()
    for name in SOURCES:
        source = project / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, into / name)
    if (project / "node_modules").exists():  # the desk's bundle (browser_support.copy_sample_project links it)
        (into / "node_modules").symlink_to((project / "node_modules").resolve())
    site, log = build(into, cache=False)
    assert counts(log)[0] == 0
    return site


def same_sites(warm: Path, cold: Path) -> None:
    found = differences(files_of(cold), files_of(warm))
    assert not found, f"{len(found)} files differ between the warm and the cold build: {found[:10]}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample site, built once (cold), so the module's tests start from its cache."""
    project = tmp_path_factory.mktemp("cached") / "project"
    project.mkdir()
    copy_sample_project(project)
    _, log = build(project)
    hits, misses = counts(log)
    assert hits == 0 and misses > 70
    return project


def test_an_unchanged_site_is_copied_whole(sample: Path, tmp_path: Path) -> None:
    site, log = build(sample)
    hits, misses = counts(log)
    assert misses == 0 and hits > 70
    assert "Page skipped" not in log  # the cached pages' files are written from the cache, not left out
    same_sites(site, cold_copy(sample, tmp_path / "cold"))


def test_editors_changes_render_only_what_they_touch(sample: Path, tmp_path: Path) -> None:
    news = sample / "content" / "news"
    articles = sorted(news.rglob("*.md"))
    articles = [path for path in articles if path.name != "index.md"]
    edited = articles[0]
    edit(edited, "\n\n", "\n\n编者按：这一段是后来补写的。\n\n")
    added = edited.with_name("houlai-buxie-de-xiaoxi.md")
    text = edited.read_text(encoding="utf-8")
    added.write_text(re.sub(r"(?m)^title: .*$", "title: 后来补写的一条消息", text, count=1), encoding="utf-8")
    campaign = sorted((sample / "data" / "campaigns").glob("*.yml"))[0]
    edit(campaign, "title: ", "title: 新")
    oldest = min(articles, key=lambda path: re.search(r"(?m)^date: (.*)$", path.read_text(encoding="utf-8")).group(1))
    edit(oldest, "title: ", "title: 改过标题的")  # it is in later stories' 相关报道
    site, log = build(sample, workers=2)  # the pages to render again go to two render workers
    hits, misses = counts(log)
    assert hits > 30 and 3 <= misses < hits, (hits, misses)
    related = [path for path in site.rglob("index.html")
               if "改过标题的" in path.read_text(encoding="utf-8").partition('class="gh-related"')[2]]
    assert related, "the retitled story shows in no 相关报道 list"
    same_sites(site, cold_copy(sample, tmp_path / "cold"))
    # What the workers rendered is in the cache now: the next build copies every page.
    site, log = build(sample)
    assert counts(log)[1] == 0


def test_a_new_story_indexes_only_its_years_search_shard_again(tmp_path: Path) -> None:
    """A new story changes its region's and its campaign's pages (their lists of the latest stories), not what
    search finds on them: their shards come from the shard cache, and only the story's year is indexed again."""
    project = tmp_path / "project"
    project.mkdir()
    copy_sample_project(project)
    build(project)
    story = project / "content" / "news" / "2022" / "funing-liuge-yibai-xingdong.md"
    text = story.read_text(encoding="utf-8")
    assert "region: 阜宁县" in text and "campaigns: [funing-liuge-yibai-xingdong]" in text
    text = re.sub(r"(?m)^title: .*$", "title: 阜宁县职工之家又添新成员", text, count=1)
    text = re.sub(r"(?m)^date: .*$", "date: 2022-06-30 09:00", text, count=1)  # the newest story of all
    (story.parent / "funing-zhigong-zhijia-xin-chengyuan.md").write_text(text, encoding="utf-8")
    site, log = build(project)
    region_page = (site / "regions" / "320923" / "index.html").read_text(encoding="utf-8")
    campaign_page = (site / "campaigns" / "funing-liuge-yibai-xingdong" / "index.html").read_text(encoding="utf-8")
    assert "阜宁县职工之家又添新成员" in region_page and "阜宁县职工之家又添新成员" in campaign_page
    found = SHARDS.search(log)
    assert found, f"the build did not report the search index:\n{log}"
    shards, reused = int(found.group(1)), int(found.group(2) or 0)
    assert shards >= 4 and reused == shards - 1, f"{shards - reused} of {shards} search shards indexed again"


def test_new_stories_index_only_the_last_search_shard_of_their_year_again(site: SiteFactory) -> None:
    """A year of many shards: new stories come after the year's others, so they join its last shard, and every
    earlier shard of the year (and of the other years and kinds) comes from the shard cache."""
    site.plugin_options["search_shard_pages"] = 4
    for number in range(13):  # 2023: shards of 4 + 4 + 4 + 1, filled oldest story first
        site.article(f"gushi-{number:02d}", year=2023, date=f"2023-{1 + number % 12:02d}-{1 + number:02d} 08:00",
                     body=f"第{number}篇：县总工会职工书屋第{number}期开放。")
    site.article("zao-nian", year=2021, date="2021-05-01 08:00", body="早年的一篇报道。")
    assert site.build().ok
    # named to come first among the files: the order that counts is the date
    site.article("an-nianmo", year=2023, date="2023-12-30 09:00", body="年底又有一篇新报道。")
    site.article("an-nianmo-2", year=2023, date="2023-12-31 09:00", body="年底的第二篇新报道。")
    warm = site.build()
    assert warm.ok, warm.log
    found = SHARDS.search(warm.log)
    assert found, f"the build did not report the search index:\n{warm.log}"
    shards, reused = int(found.group(1)), int(found.group(2) or 0)
    assert shards >= 5 and reused == shards - 1, f"{shards - reused} of {shards} search shards indexed again"


def test_each_field_a_listing_shows_is_in_its_key(site: SiteFactory) -> None:
    """News, month and tag pages are keyed by what their stories' lines show, not rendered: each shown field counts.

    Each story has a tag of its own, so its tag page shows it alone and changes only by its own edit."""
    stories = {  # name: (tag, front matter, edit: old, new, what the tag page then shows)
        "a": ("劳动竞赛", {"kicker": "引题甲"}, "引题甲", "引题改", "引题改"),
        "b": ("职工之家", {"region": "阜宁县"}, "阜宁县", "高密市", "高密市"),
        "c": ("金秋助学", {"summary": "摘要丙。"}, "摘要丙。", "摘要改。", "摘要改。"),
        "d": ("新就业形态", {"date": "2022-06-24 08:00"}, "2022-06-24", "2022-06-23", "2022年6月23日"),
        "e": ("困难职工帮扶", {"title": "标题戊"}, "标题戊", "标题改", "标题改"),
    }
    for name, (tag, front, *_edit) in stories.items():
        site.article(name, tags=[tag], **front)
    first = site.build(strict=True)
    assert first.ok, first.log
    for name, (_tag, _front, old, new, _shown) in stories.items():
        edit(site.root / f"content/news/2022/{name}.md", old, new)
    warm = site.build(strict=True)
    assert warm.ok and counts(warm.log)[0] > 0, warm.log
    warm_files = files_of(site.root / "site")
    tag_pages = [path.read_text(encoding="utf-8") for path in (site.root / "site" / "tags").glob("*/index.html")]
    for tag, _front, _old, _new, shown in stories.values():
        assert any(f"标签：{tag}" in page and shown in page for page in tag_pages), (tag, shown)
    shutil.rmtree(site.root / ".cache")
    shutil.rmtree(site.root / "site")
    cold = site.build(strict=True)
    assert cold.ok and counts(cold.log)[0] == 0, cold.log
    found = differences(files_of(site.root / "site"), warm_files)
    assert not found, f"{len(found)} files differ between the warm and the cold build: {found[:10]}"


def test_a_setting_every_page_shows_renders_them_all(sample: Path, tmp_path: Path) -> None:
    edit(sample / "mkdocs.yml", "site_name: ", "site_name: 新")
    site, log = build(sample)
    hits, misses = counts(log)
    assert hits == 0 and misses > 70
    same_sites(site, cold_copy(sample, tmp_path / "cold"))


def test_a_damaged_or_foreign_cache_is_noted_and_not_trusted(sample: Path, tmp_path: Path) -> None:
    folder = sample / ".cache" / "gonghui" / "pages"
    entries = sorted(folder.rglob("*.page"))
    entries[0].write_bytes(entries[0].read_bytes()[:-40])  # cut short, as by a full disk
    entries[1].write_bytes(entries[1].read_bytes().replace(b"\n", b"\nx", 1))  # flipped bytes
    site, log = build(sample)
    assert log.count("已损坏，已忽略") == 2, log
    assert counts(log)[1] == 2
    same_sites(site, cold_copy(sample, tmp_path / "cold"))
    (folder / "FORMAT").write_text("something else 9\n", encoding="utf-8")
    site, log = build(sample)
    assert "不是本版本写的" in log and counts(log)[0] == 0
    same_sites(site, tmp_path / "cold" / "site")


# -- links between pages, and what is never stored ---------------------------------------------


def test_a_page_whose_link_target_went_away_is_rendered_again(site: SiteFactory) -> None:
    site.article("a", body="见[另一篇](b.md)和[第三篇](c.md#xiang-qing)。")
    site.article("b")
    site.article("c", body="## 详情\n\n内容。")
    site.config()
    first = site.build(strict=True)
    assert first.ok, first.log
    assert counts(first.log) == (0, counts(first.log)[1])
    (site.root / "content/news/2022/b.md").rename(site.root / "content/news/2022/b2.md")
    site.write("data/redirects.yml", "'/news/2022/06/b/': /news/2022/06/b2/\n")
    second = site.build()
    assert "contains a link 'b.md'" in second.log, second.log
    page = (site.root / "site/news/2022/06/a/index.html").read_text(encoding="utf-8")
    assert 'href="b.md"' in page and "../c/#xiang-qing" in page
    # The page with the broken link was not stored: the next build warns again.
    third = site.build()
    assert "contains a link 'b.md'" in third.log, third.log
    edit(site.root / "content/news/2022/c.md", "## 详情", "## 细节")  # the anchor a links to is gone
    fourth = site.build()
    assert "does not contain an anchor '#xiang-qing'" in fourth.log and counts(fourth.log)[0] > 0, fourth.log


def test_the_option_turns_the_cache_off(site: SiteFactory) -> None:
    site.article("a")
    site.plugin_options["build_cache"] = False
    site.config()
    result = site.build(strict=True)
    assert result.ok and "页面缓存" not in result.log
    assert not (site.root / ".cache" / "gonghui" / "pages").exists()


# -- the store itself ---------------------------------------------------------------------------


def test_fingerprints_are_the_same_in_every_process() -> None:
    code = ("from gonghui.core.output.page_cache import fingerprint; import os\n"
            "print(fingerprint('a', b'b', {'x': [1, 2]}, os.path.join, object()))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert fingerprint("ab", "c") != fingerprint("a", "bc")


def test_entries_round_trip_and_unused_ones_are_removed(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    assert (tmp_path / "pages" / "FORMAT").read_text(encoding="utf-8").strip() == FORMAT
    message = search_message("<p>文档</p>", "/a/", "新闻", "2022")
    entry = Entry("<html>页面</html>".encode(), None, message, ["x"], {"b.md": {"y": "b.md#y"}}, [["b.md", None]])
    cache.store("ab" * 20, entry)
    cache.store("cd" * 20, entry)
    unindexed = Entry(b"<html>\n</html>", "标题", None, None)
    cache.store("ee" * 20, unindexed)
    again = PageCache(tmp_path / "pages")
    assert again.load("ab" * 20) == entry and again.load("ee" * 20) == unindexed
    assert json.loads(entry.search or b"") == {"url": "/a/", "html": "<p>文档</p>", "kind": "news", "part": "2022"}
    assert again.load("ef" * 20) is None and not again.notes
    assert again.prune({"ab" * 20, "ee" * 20}) == 1
    assert again.load("cd" * 20) is None and again.load("ab" * 20) == entry
    (tmp_path / "pages" / "ab" / f"{'ab' * 20}.page").rename(tmp_path / "pages" / "ab" / f"{'ab' * 19}ac.page")
    assert again.load("ab" * 19 + "ac") is None and again.notes  # an entry filed under another key
    # An entry whose parts are not the sizes its header line says (cut short, say) is a miss, noted.
    stored = tmp_path / "pages" / "ee" / f"{'ee' * 20}.page"
    header, _, body = stored.read_bytes().partition(b"\n")
    stored.write_bytes(header + b"\n" + zlib.compress(zlib.decompress(body)[:-3]))
    notes = len(again.notes)
    assert again.load("ee" * 20) is None and len(again.notes) == notes + 1


# -- articles read once -------------------------------------------------------------------------


def test_articles_read_from_the_cache_equal_a_fresh_reading(tmp_path: Path) -> None:
    from gonghui.core.load.articles import read_article
    from gonghui.core.load.reading_cache import ReadingCache
    from gonghui.core.problems import Problems

    def no_body_check(article, found) -> None:
        found.warn(article.src_uri, 1, "正文检查")

    sources = sorted((REPO / "content" / "news").rglob("*.md"))
    sources = [path for path in sources if path.name != "index.md"]
    texts = {path.relative_to(REPO / "content").as_posix(): path.read_text(encoding="utf-8-sig") for path in sources}
    texts["news/2022/bad-date.md"] = "---\ntitle: 坏日期\ndate: 2022-13-45\n---\n\n正文。\n"
    texts["news/2022/no-front.md"] = "只有正文，没有头信息。\n"
    path = tmp_path / "articles.json.gz"
    fresh, first = Problems(), ReadingCache(path, ["hosts"])
    read = {uri: first.read(uri, text, f"content/{uri}", fresh, read_article, no_body_check) for uri, text in texts.items()}
    assert first.parsed == len(texts)
    first.save()
    again, second = Problems(), ReadingCache(path, ["hosts"])
    cached = {uri: second.read(uri, text, f"content/{uri}", again, read_article, no_body_check)
              for uri, text in texts.items()}
    assert second.parsed == 0 and cached == read
    assert [a.lede for a in cached.values() if a] == [a.lede for a in read.values() if a]
    assert (again.items, again.warnings, again.notes) == (fresh.items, fresh.warnings, fresh.notes)
    assert fresh.items and fresh.warnings  # the bad files' errors and the body checks' warnings were kept too
    # Other settings, or an edited text, are parsed again.
    third = ReadingCache(path, ["other"])
    third.read("news/2022/no-front.md", texts["news/2022/no-front.md"], "content/news/2022/no-front.md", Problems(),
               read_article, no_body_check)
    assert third.parsed == 1
    path.write_bytes(b"not gzip")
    assert ReadingCache(path, ["hosts"]).notes


def test_gonghui_check_reports_the_same_from_the_cache(site: SiteFactory) -> None:
    from gonghui.cli import main

    site.article("a", body="正文<script>alert(1)</script>")
    site.write("content/news/2022/b.md", "---\ntitle: 乙\ndate: 2022-02-30\nregion: 不存在的县\n---\n\n正文。\n")
    site.config()

    def check(capsys_out: list[str]) -> int:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["check", "-f", str(site.root / "mkdocs.yml")])
        capsys_out.append(out.getvalue())
        return code

    outputs: list[str] = []
    assert check(outputs) == 1
    assert (site.root / ".cache" / "gonghui" / "articles.json.gz").is_file()
    assert check(outputs) == 1
    assert outputs[0] == outputs[1] and "2022-02-30" in outputs[0] and "script" in outputs[0], outputs[0]
