"""`mkdocs serve --dirty` (scripts/serve.sh): a saved article shows without rebuilding the site."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture(params=["os-events"])
def serving(site, tmp_path, request):
    """`mkdocs serve --dirty` on the fixture site; param "polling" keeps MkDocs' own polling file watcher."""
    for name in ("one", "two", "three"):
        site.article(name, title=f"稿件{name}", body=f"{name}的第一段。\n\n{name}的第二段。")
    site.article("draft", title="草稿稿件", draft=True)
    site.write("overrides/article_footer.html", '<p class="gh-test-footer">本站页脚TEMPLATE0</p>\n')
    site.plugin_options["templates_dir"] = "overrides"
    site.config()
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GONGHUI_POLLING_WATCHER", None)
    if request.param == "polling":
        env["GONGHUI_POLLING_WATCHER"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-v", "-a", f"127.0.0.1:{port}"],
        cwd=site.root, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "news/2022/06/one/", "稿件one")
        yield site, base, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def edit(site, name: str, old: str, new: str) -> None:
    """Save an article with one piece of text replaced, as an editor would."""
    path = site.root / f"content/news/2022/{name}.md"
    time.sleep(1.1)  # file times must move past the previous build's
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("serving", ["os-events", "polling"], indirect=True)
def test_body_edit_rebuilds_only_that_article(serving, request):
    site, base, log = serving
    edit(site, "two", "two的第二段。", "two的第二段，已修改MARKER1。")
    wait_for(base + "news/2022/06/two/", "MARKER1")
    assert "预览：只重建改动的 1 篇文章和 0 个列表页" in log_text(log)
    polling = request.node.callspec.params["serving"] == "polling"
    assert ("预览：用系统的文件变动通知" in log_text(log)) != polling
    # Drafts show in preview, with their banner.
    assert "草稿：仅在本地预览中可见" in fetch(base + "news/2022/06/draft/")


def test_first_paragraph_edit_updates_the_listings_that_show_it(serving):
    site, base, log = serving
    edit(site, "one", "one的第一段。", "one的新导语MARKER2。")
    wait_for(base + "news/", "one的新导语MARKER2")
    assert "MARKER2" in fetch(base + "news/2022/06/one/")
    assert "预览：只重建改动的 1 篇文章和" in log_text(log)


def indexed_pages(base: str) -> int:
    entry = json.loads(fetch(base + "pagefind/pagefind-entry.json"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_front_matter_edit_takes_the_full_path(serving):
    site, base, log = serving
    before = indexed_pages(base)
    edit(site, "three", "title: 稿件three", "title: 新标题MARKER3")
    wait_for(base + "news/", "新标题MARKER3")
    assert "MARKER3" in fetch(base + "news/2022/06/three/")
    assert "预览：只重建" not in log_text(log)
    # A dirty rebuild renders only changed pages; the search index keeps every page the first build indexed.
    assert before >= 4 and indexed_pages(base) == before


def test_a_body_edit_is_checked_like_a_build(serving):
    site, base, log = serving
    edit(site, "two", "two的第二段。", "two的第二段。\n\n![](/assets/none.svg)\n\n<script>alert(1)</script>MARKER8")
    wait_for(base + "news/2022/06/two/", "MARKER8")
    text = log_text(log)
    assert "预览：只重建改动的 1 篇文章" in text
    assert "content/news/2022/two.md:" in text and "GH424 图片 /assets/none.svg 没有替代文字" in text
    assert "GH420 删去了不安全的 HTML <script>" in text


def test_kept_rebuilds_in_a_row_and_after_a_full_one(serving):
    # Kept rebuilds reuse the last build's pages: every later save must still show, and so must the earlier ones.
    site, base, log = serving
    edit(site, "two", "two的第二段。", "two的第二段MARKER4。")
    wait_for(base + "news/2022/06/two/", "MARKER4")
    edit(site, "three", "three的第二段。", "three的第二段MARKER5。")
    wait_for(base + "news/2022/06/three/", "MARKER5")
    assert "MARKER4" in fetch(base + "news/2022/06/two/")
    edit(site, "one", "title: 稿件one", "title: 稿件one改MARKER6")  # front matter: the full path
    wait_for(base + "news/", "稿件one改MARKER6")
    edit(site, "two", "two的第二段MARKER4。", "two的第二段MARKER7。")  # kept again, after the full build
    wait_for(base + "news/2022/06/two/", "MARKER7")
    assert "MARKER5" in fetch(base + "news/2022/06/three/")
    assert "稿件one改MARKER6" in fetch(base + "news/2022/06/one/")
    assert log_text(log).count("预览：只重建改动的 1 篇文章") == 3


def test_an_edited_override_template_shows_without_restarting(serving):
    site, base, log = serving
    assert "本站页脚TEMPLATE0" in fetch(base + "news/2022/06/one/")  # templates_dir overrides gonghui's own
    time.sleep(1.1)
    site.write("overrides/article_footer.html", '<p class="gh-test-footer">本站页脚TEMPLATE1</p>\n')
    wait_for(base + "news/2022/06/one/", "TEMPLATE1")  # watched, and a full rebuild: every article uses it
    assert "TEMPLATE1" in fetch(base + "news/2022/06/two/")
    assert "预览：只重建" not in log_text(log)
