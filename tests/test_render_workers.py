"""Article pages rendered by worker processes (issue 17): the site comes out the same, byte for byte.

Each comparison builds the same project twice, once with GONGHUI_RENDER_WORKERS=1 / `render_workers: 1`
(MkDocs renders every page itself, as before) and once with several workers, and compares every file of the
two `site/` folders, Pagefind's index included. Failures in a worker fail the build as they would serially.
"""

from __future__ import annotations

import inspect
import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from browser_support import SOURCE_DATE_EPOCH, copy_sample_project
from conftest import SiteFactory
from gonghui.core.options import read_options
from gonghui.core.output.render_workers import InOrder, WorkerCountError, assign, worker_count
from test_properdocs import MKDOCS_GENERATOR, PROPERDOCS_GENERATOR

PARALLEL_NOTE = "个进程并行渲染"


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(serial: dict[str, bytes], parallel: dict[str, bytes]) -> list[str]:
    only = sorted(serial.keys() ^ parallel.keys())
    return [f"only in one: {name}" for name in only] + [
        name for name in sorted(serial.keys() & parallel.keys()) if serial[name] != parallel[name]]


# -- the sample site, both ways and with ProperDocs ------------------------------------------------


def build_sample(root: Path, engine: str, workers: int) -> tuple[Path, str]:
    (root / "project").mkdir()
    config = copy_sample_project(root / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
           "GONGHUI_RENDER_WORKERS": str(workers)}
    run = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(root / "site")],
                         cwd=root, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, f"{engine} with {workers} workers failed:\n{run.stdout}{run.stderr}"
    return root / "site", run.stdout + run.stderr


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    wanted = {"serial": ("mkdocs", 1), "parallel": ("mkdocs", 3), "properdocs": ("properdocs", 2)}
    roots = {name: tmp_path_factory.mktemp(name) for name in wanted}
    with ThreadPoolExecutor(3) as pool:
        done = {name: pool.submit(build_sample, roots[name], *how) for name, how in wanted.items()}
        return {name: future.result() for name, future in done.items()}


def test_sample_site_is_the_same_rendered_by_workers(sample_builds):
    (serial, serial_log), (parallel, parallel_log) = sample_builds["serial"], sample_builds["parallel"]
    assert PARALLEL_NOTE not in serial_log, serial_log
    assert f"由 3 {PARALLEL_NOTE}" in parallel_log, parallel_log  # the workers really rendered the articles
    a, b = files_of(serial), files_of(parallel)
    assert len(a) > 200 and any(name.startswith("pagefind/") for name in a), sorted(a)
    assert differences(a, b) == []
    warnings = [[line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
                for log in (serial_log, parallel_log)]
    assert warnings[0] == warnings[1]


def test_properdocs_renders_the_sample_site_with_workers_the_same(sample_builds):
    (serial, _), (properdocs, log) = sample_builds["serial"], sample_builds["properdocs"]
    assert f"由 2 {PARALLEL_NOTE}" in log, log
    a = files_of(serial)
    b = {name: data.replace(PROPERDOCS_GENERATOR, MKDOCS_GENERATOR, 1) if name.endswith(".html") else data
         for name, data in files_of(properdocs).items()}
    assert MKDOCS_GENERATOR in a["index.html"]
    assert differences(a, b) == []


# -- 200 small articles, in-process builds ---------------------------------------------------------


def many_articles(root: Path, workers: int, count: int = 200) -> SiteFactory:
    site = SiteFactory(root)
    site.plugin_options["render_workers"] = workers
    for i in range(count):
        year = 2020 + i % 3
        body = f"## 第{i}节\n\n职工夜校第{i}期开课，[上一篇](a{i - 1:03d}.md)。\n\n" if i else "正文第一段。\n"
        site.article(f"a{i:03d}", year=year, body=body, date=f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     tags=[f"标签{i % 7}"])
    # Links to anchors from a page to articles and between articles: MkDocs checks them after the pages.
    site.write("content/about.md", "# 关于\n\n[有](news/2020/a003.md#第3节) [没有](news/2020/a003.md#没有这节)\n")
    site.article("z-anchors", year=2022, body="[有](a001.md#第1节) [没有](a001.md#没有这节)\n")
    return site


@pytest.fixture(scope="module")
def many_builds(tmp_path_factory):
    results = {}
    for workers in (1, 3):
        site = many_articles(tmp_path_factory.mktemp(f"many{workers}"), workers)
        site.nav = None
        results[workers] = site.build(strict=False)
    return results


def test_many_articles_are_the_same_rendered_by_workers(many_builds):
    serial, parallel = many_builds[1], many_builds[3]
    assert serial.ok and parallel.ok, serial.log + parallel.log
    assert PARALLEL_NOTE not in serial.log and f"201 篇，由 3 {PARALLEL_NOTE}" in parallel.log, parallel.log
    a, b = files_of(serial.site_dir), files_of(parallel.site_dir)
    assert sum(name.startswith("news/20") and name.endswith("/index.html") for name in a) > 200
    assert differences(a, b) == []


def test_log_is_the_same_rendered_by_workers(many_builds):
    """Every line an editor sees (anchor checks included), whatever process found it; only the order may differ."""
    def lines(log: str) -> list[str]:
        return sorted(line for line in log.splitlines()
                      if not any(part in line for part in (PARALLEL_NOTE, "用时", "built in", "directory:")))

    serial, parallel = many_builds[1], many_builds[3]
    assert lines(serial.log) == lines(parallel.log)
    assert "没有这节" in serial.log, serial.log  # the anchor checks ran and reported
    assert "Page skipped" not in parallel.log


# -- failures in a worker ----------------------------------------------------------------------------


def _fail_on(monkeypatch, src_uri: str, failure) -> None:
    from gonghui.mkdocs_plugin.pages import PageRenderer

    content = PageRenderer.content

    def failing(self, html, page):
        if page.file.src_uri == src_uri:
            failure()
        return content(self, html, page)

    monkeypatch.setattr(PageRenderer, "content", failing)


def _small(root: Path, workers: int) -> SiteFactory:
    site = SiteFactory(root)
    site.plugin_options["render_workers"] = workers
    site.plugin_options["build_cache"] = False  # the failures are injected into rendering: every page must render
    for i in range(40):
        site.article(f"b{i:02d}", body=f"第{i}篇正文。")
    return site


@pytest.mark.parametrize("workers", [1, 3])
def test_an_error_in_a_worker_fails_the_build_as_serially(tmp_path, monkeypatch, workers):
    from mkdocs.exceptions import PluginError

    site = _small(tmp_path, workers)
    assert site.build().ok
    before = files_of(site.root / "site")

    def fail() -> None:
        raise PluginError("GH999 这篇文章渲染失败（测试）")

    _fail_on(monkeypatch, "news/2022/b25.md", fail)
    result = site.build()
    assert not result.ok
    # MkDocs names the page, our message follows; no traceback; the last site stays as it was.
    assert "ERROR: Error reading page 'news/2022/b25.md':\nERROR: GH999 这篇文章渲染失败（测试）\n" in result.log + "\n"
    assert result.log.endswith("ABORT: Aborted with a BuildError!"), result.log
    assert "Traceback" not in result.log, result.log
    assert files_of(site.root / "site") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_a_worker_that_dies_fails_the_build(tmp_path, monkeypatch):
    site = _small(tmp_path, 2)
    assert site.build().ok
    before = files_of(site.root / "site")
    _fail_on(monkeypatch, "news/2022/b30.md", lambda: os._exit(3))
    result = site.build()
    assert not result.ok
    assert ("ERROR: GH482 渲染文章页面的工作进程意外退出（news/2022/b30.md 没有写出；退出码 3），这次构建不发布，网站保持原样；"
            "可在 mkdocs.yml 里给 gonghui 写 render_workers: 1 改用单进程构建 (a render worker stopped)") in result.log, result.log
    assert "Traceback" not in result.log, result.log
    assert files_of(site.root / "site") == before


@pytest.mark.parametrize("workers", [1, 3])
def test_strict_counts_warnings_found_in_workers(tmp_path, monkeypatch, workers):
    site = _small(tmp_path, workers)
    assert site.build(strict=True).ok
    before = files_of(site.root / "site")
    _fail_on(monkeypatch, "news/2022/b17.md",
             lambda: logging.getLogger("mkdocs.plugins.gonghui").warning("GH998 这篇文章有个警告（测试）"))
    result = site.build(strict=True)
    assert not result.ok
    assert result.log.count("WARNING: GH998 这篇文章有个警告（测试）") == 1, result.log
    assert result.log.endswith("ABORT: Aborted with 1 warnings in strict mode!"), result.log
    assert files_of(site.root / "site") == before  # not published


# -- the parts -----------------------------------------------------------------------------------------


def test_mkdocs_page_functions_keep_their_signatures():
    """The workers call these private functions of MkDocs and ProperDocs; a change must be noticed here."""
    import mkdocs.commands.build as mk
    import properdocs.commands.build as pd

    for module in (mk, pd):
        assert list(inspect.signature(module._populate_page).parameters) == ["page", "config", "files", "dirty"]
        assert list(inspect.signature(module._build_page).parameters) == [
            "page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
        assert "Page skipped: '" in inspect.getsource(module._build_page)  # the note hidden for placeholder pages


def test_worker_count_from_option_environment_and_cores():
    assert worker_count(0, {}, cpus=4) == 3  # one core is left to the search index
    assert worker_count(0, {}, cpus=2) == 1  # two cores: serial (measured no faster with two workers)
    assert worker_count(0, {}, cpus=None) >= 1
    assert worker_count(3, {}, cpus=4) == 3
    assert worker_count(3, {"GONGHUI_RENDER_WORKERS": "1"}, cpus=4) == 1
    with pytest.raises(WorkerCountError) as raised:
        worker_count(0, {"GONGHUI_RENDER_WORKERS": "两个"})
    assert str(raised.value) == "GH483 环境变量 GONGHUI_RENDER_WORKERS 应为不小于 1 的整数，写的是 '两个' (expected a whole number)"
    options, errors = read_options({"render_workers": -1})
    assert errors == {"render_workers": "GH461 这个选项应为不小于 0 的整数，写的是 -1 (expected a whole number, at least 0)"}
    assert read_options({"render_workers": 2})[0].render_workers == 2


def test_chunks_are_dealt_in_turn():
    assert assign(20, 2, chunk=2) == [[0, 1, 4, 5, 8, 9, 12, 13, 16, 17], [2, 3, 6, 7, 10, 11, 14, 15, 18, 19]]
    assert assign(5, 2, chunk=16) == [[0, 2, 4], [1, 3]]  # a small site: single pages in turn
    assert assign(3, 4) == [[0], [1], [2], []]
    assert [len(share) for share in assign(10000, 2)] == [5008, 4992]  # chunks of 16
    shares = assign(1000, 3)
    assert sorted(i for share in shares for i in share) == list(range(1000))


def test_in_order_waits_for_the_earliest_missing():
    sent: list[str] = []
    feed = InOrder(sent.append)
    feed.add("p0")
    feed.expect(0)
    feed.add("p1")
    feed.expect(1)
    feed.expect(2)
    feed.add("p2")
    assert sent == ["p0"]
    feed.fill(1, ("a1",))
    assert sent == ["p0"]
    feed.fill(0, ("a0",))
    assert sent == ["p0", "a0", "p1", "a1"]
    feed.fill(2, None)  # nothing to index for this one
    assert sent == ["p0", "a0", "p1", "a1", "p2"] and feed.waiting == 0


def test_the_serial_path_stays_for_serve_and_dirty_builds():
    from gonghui.core.options import PluginOptions
    from gonghui.mkdocs_plugin.parallel import render_workers

    options = PluginOptions.from_values({"render_workers": 4})
    search: Any = object()
    model: Any = None
    assert render_workers(model, "serve", False, None, options, search) is None
    assert render_workers(model, "build", True, None, options, search) is None
    assert render_workers(model, "build", False, None, PluginOptions.from_values({"render_workers": 1}), search) is None


def test_in_order_keeps_a_waiting_item_packed():
    sent: list[tuple[str, ...]] = []
    packed: list[tuple[str, ...]] = []

    def pack(item: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        packed.append(item)
        return ("packed", item)

    feed = InOrder(lambda *item: sent.append(item), pack=pack, unpack=lambda kept: kept[1])
    feed.expect(0)
    feed.expect(1)
    feed.fill(1, ("b",))  # waits for 0: kept packed
    assert sent == [] and packed == [("b",)]
    feed.fill(0, ("a",))  # the earliest missing: passed on as it is, then the waiting one unpacked
    assert sent == [("a",), ("b",)] and packed == [("b",)] and feed.waiting == 0
