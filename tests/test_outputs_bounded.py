"""A build reads only the project and writes only the site (issue 13).

Redirects are site paths no page owns, nothing is written outside the output folder, editors' pages
and records never collide with generated ones, and temporary folders of killed builds do not pile up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _folder(root: Path, name: str, age: float = 0) -> Path:
    path = root / name
    (path / "news").mkdir(parents=True)
    (path / "news" / "index.html").write_text("half a site", encoding="utf-8")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_temporary_folders_of_dead_builds_are_removed(site):
    site.article("one")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead = _folder(site.root, f".site.building-{_dead_pid()}-k1ll3d")
        running = _folder(site.root, f".site.building-{live.pid}-running")
        unnamed_old = _folder(site.root, ".site.building-abc123", age=2 * 3600)
        unnamed_new = _folder(site.root, ".site.building-def456")
        swap_old = _folder(site.root, ".site.old-xyz", age=2 * 3600)
        unrelated = _folder(site.root, ".site.building-notes", age=0)  # a fresh folder naming no process
        assert site.build().ok
        assert not dead.exists() and not unnamed_old.exists() and not swap_old.exists()
        assert running.is_dir() and unnamed_new.is_dir() and unrelated.is_dir(), "a running build's folder stays"
        assert (site.root / "site" / "index.html").is_file()
    finally:
        live.kill()
        live.wait()
    # The live build's folder goes once its process is gone.
    assert site.build().ok
    assert not running.exists()


# --- Redirects: site paths no page owns ----------------------------------------------------------

BAD_REDIRECTS = """\
/: /news/
/../../tmp/x/: /news/
/news//a/: /news/
/old?id=3: /news/
/old/#top: /news/
news/no-slash/: /news/
/旧/地址/: /news/
/search/: /news/
/tags/: /news/
/news/: /tags/
/about/: /news/
/pagefind/x/: /news/
/fine/: javascript:alert(1)
/fine2/: //evil.example/
/dup/: /news/
/dup: /tags/
/ok/: /news/
"""


def test_redirects_must_be_site_paths_no_page_owns(site):
    site.article("one", tags=["工会"])
    site.write("content/about.md", "# 关于\n")
    site.write("data/redirects.yml", BAD_REDIRECTS)
    root_index = Path("/index.html")
    existed = root_index.exists()
    result = site.build()
    assert not result.ok
    expected = {
        1: "GH252 跳转 '/'：首页不能设跳转",
        2: "GH252 跳转 '/../../tmp/x/'：站内路径里不能有 . 或 .. 这样的一段",
        3: "GH252 跳转 '/news//a/'：站内路径只能由英文字母",
        4: "GH252 跳转 '/old?id=3'：跳转页不能带 ?… 或 #…",
        5: "GH252 跳转 '/old/#top'：跳转页不能带 ?… 或 #…，只写路径",
        6: "GH252 跳转 'news/no-slash/'：旧网址应是以 / 开头的站内路径",
        7: "GH252 跳转 '/旧/地址/'：站内路径只能由英文字母",
        8: "GH256 跳转 /search/：这个网址是 gonghui 生成的页面",
        9: "GH256 跳转 /tags/：这个网址是 gonghui 生成的页面",
        10: "GH256 跳转 /news/：这个网址是 gonghui 生成的页面",
        11: "GH256 跳转 /about/：这个网址是页面 content/about.md",
        12: "GH256 跳转 /pagefind/x/：/pagefind/ 下的文件由构建生成",
        13: "GH254 跳转 '/fine/'：新网址 'javascript:alert(1)' 不合格：应是以 / 开头的站内路径",
        14: "GH254 跳转 '/fine2/'：新网址 '//evil.example/' 不合格：应是以 / 开头的站内路径",
        16: "GH255 跳转 '/dup'：/dup/ 在第 15 行已经设过跳转，只留一条",
    }
    for line, message in expected.items():
        assert f"data/redirects.yml:{line}: {message}" in result.log, (line, result.log)
    assert "data/redirects.yml:15:" not in result.log and "data/redirects.yml:17:" not in result.log
    assert root_index.exists() == existed, "nothing at the file system root"
    assert not (site.root.parent / "tmp").exists(), "nothing beside the project"


def test_refused_redirects_are_not_recorded(tmp_path):
    from gonghui.core.check.urls import read_redirects
    from gonghui.core.problems import Problems

    path = tmp_path / "redirects.yml"
    path.write_text(BAD_REDIRECTS, encoding="utf-8")
    problems = Problems()
    redirects, lines = read_redirects(path, "data/redirects.yml", problems)
    # Only well-formed keys get as far as the ownership check (which drops owned ones too).
    assert set(redirects) == {"/search/", "/tags/", "/news/", "/about/", "/pagefind/x/", "/dup/", "/ok/"}
    assert lines["/dup/"] == 15


def test_a_good_redirect_still_works(site):
    site.article("one")
    site.write("data/redirects.yml", "/old/page/: /news/2022/06/one/\n/away/: https://example.com/x/\n")
    result = site.build()
    assert result.ok, result.log
    assert 'url=../../news/2022/06/one/' in result.html("old/page/")
    assert 'url=https://example.com/x/' in result.html("away/")
    record = (site.root / "published-urls.txt").read_text(encoding="utf-8")
    assert "/old/page/\n" in record and "/away/\n" in record


# --- Nothing is written outside the output folder ------------------------------------------------

def test_the_plan_refuses_paths_outside_the_site():
    import pytest
    from gonghui.core.generate.pages import FileKind, GeneratedFile, GeneratedPage, PageKind
    from gonghui.core.generate.plan import SitePlan
    from gonghui.core.generate.redirects import redirect_files
    from gonghui.core.text.paths import OutputPathError, check_output_path, safe_path

    home = GeneratedPage("", "首页", "home.html", PageKind.HOME)
    for url in ("../x/", "/etc/", "a//b/", "a\\b/", "a/\x00/", "./"):
        with pytest.raises(OutputPathError):
            SitePlan([home, GeneratedPage(url, "t", "listing.html", PageKind.NEWS)], [])
    plan = SitePlan([home], [])
    for redirect in ({"/": "/news/"}, {"/../../tmp/x/": "/news/"}, {"/a/../../../b/": "/"}):
        with pytest.raises(OutputPathError):
            plan.files = redirect_files(redirect)
    for path in ("/etc/passwd", "../x", "a/../../x", "C:/x", "", "index.html/x"):
        with pytest.raises(OutputPathError):
            plan.files = [GeneratedFile(path, b"x", FileKind.EXPORT)]
    with pytest.raises(OutputPathError, match="where the home page"):
        plan.files = [GeneratedFile("index.html", b"x", FileKind.REDIRECT)]
    with pytest.raises(OutputPathError, match="inside the file"):
        plan.files = [GeneratedFile("training/calendar.ics", b"x", FileKind.CALENDAR),
                      GeneratedFile("training/calendar.ics/index.html", b"x", FileKind.REDIRECT)]
    assert check_output_path("news/2022/06/a/index.html") == "news/2022/06/a/index.html"
    assert safe_path(Path("/srv/site"), "a/b.html") == Path("/srv/site/a/b.html").resolve()


def test_slugs_cannot_leave_the_site(site):
    site.article("one")
    site.write("content/news/2022/evil.md", "---\ntitle: 坏\ndate: 2022-06-02\nslug: ../../../../tmp/evil\n---\n正文\n")
    site.write("data/campaigns/ok.yml", "title: 行动\nregion: '110000'\nstart: 2022-01-01\nend: 2022-12-31\n"
                                        "slug: ../../../tmp/evil2\n")
    result = site.build()
    assert not result.ok
    assert "content/news/2022/evil.md:4:" in result.log
    assert not (site.root.parent / "tmp").exists() and not Path("/tmp/evil").exists()


def test_no_redirect_writes_outside_the_site(site):
    """Alone (targets valid), `/` once wrote /index.html at the file system root and `..` beside the project."""
    site.article("one")
    site.write("data/redirects.yml", "/: /news/2022/06/one/\n/../../tmp/x/: /news/2022/06/one/\n")
    root_index = Path("/index.html")
    existed = root_index.exists()
    result = site.cli("build")
    assert result.returncode != 0, result.stderr
    assert "data/redirects.yml:1: GH252 跳转 '/'：首页不能设跳转" in result.stderr
    assert "data/redirects.yml:2: GH252 跳转 '/../../tmp/x/'：站内路径里不能有 . 或 .. 这样的一段" in result.stderr
    assert root_index.exists() == existed, "nothing at the file system root"
    assert not (site.root.parent / "tmp").exists() and not (site.root / "tmp").exists(), "nothing beside the site"
    assert "/\n" not in (site.root / "published-urls.txt").read_text(encoding="utf-8") if (
        site.root / "published-urls.txt").exists() else True


# --- Collisions with generated pages and files are errors ----------------------------------------

def test_editor_pages_at_generated_urls_are_errors(site):
    site.article("one", tags=["工会"])
    site.write("content/news.md", "# 新闻\n\n秘密文字甲\n")
    site.write("content/tags/gong-hui.md", "# 标签\n")
    site.write("content/search/index.md", "# 搜索\n")
    site.write("content/index.md", "# 首页\n")
    site.write("content/about.md", "# 关于\n")  # fine
    result = site.build()
    assert not result.ok
    for path, url in (("content/news.md", "/news/"), ("content/tags/gong-hui.md", "/tags/gong-hui/"),
                      ("content/search/index.md", "/search/"), ("content/index.md", "/")):
        assert f"{path}:1: GH451 这一页的网址会是 {url}，而 gonghui 要在这里生成" in result.log, (path, result.log)
        assert "给文件改名或换个文件夹" in result.log
    assert "content/about.md" not in result.log


def test_record_slugs_that_name_generated_files_are_errors(site):
    site.article("one")
    from test_programs import CLASS

    site.write("data/training/calendar.yml", CLASS)
    result = site.build()
    assert not result.ok
    assert "calendar.yml:1: GH30" not in result.log, "a valid class otherwise"
    assert ("data/training/calendar.yml:1: GH311 slug 'calendar' 是保留的：gonghui 会生成 training/calendar.ics"
            in result.log), result.log
