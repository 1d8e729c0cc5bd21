"""The build reads only the project: hostile files and links in content/ and data/ (issue 13)."""

from __future__ import annotations

import contextlib
import io
import os
import time
from pathlib import Path

import pytest
from conftest import SiteFactory
from gonghui.cli import main

SVG = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><title>图</title><rect width='10' height='10'/></svg>"


def _check(site: SiteFactory) -> tuple[int, str]:
    config = site.config()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["-f", str(config), "check"])
    return code, out.getvalue()


def _published(site: SiteFactory) -> set[str]:
    return {p.relative_to(site.root / "site").as_posix() for p in (site.root / "site").rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", ["x.markdown", "x.mdown", "x.mkd", "x.MD"])
def test_a_draft_under_another_markdown_extension_is_an_error_not_a_page(site: SiteFactory, name: str) -> None:
    site.article("ok")
    site.write(f"content/news/2022/{name}", "---\ntitle: 秘密草稿\ndate: 2099-01-01\ndraft: true\n---\n\n不该发布。\n")
    result = site.build()
    assert not result.ok
    assert f"content/news/2022/{name}: GH210 Markdown 文件的扩展名必须是小写的 .md 才会被检查和发布；改名为 x.md" in result.log
    assert not (site.root / "site").exists()
    code, out = _check(site)
    assert code == 1 and f"content/news/2022/{name}: GH210 " in out


def test_backups_are_left_out_with_a_note(site: SiteFactory) -> None:
    site.article("ok")
    site.write("content/news/2022/ok.md~", "---\ntitle: 备份\ndate: 2022-06-01\n---\n\n旧稿\n")
    site.write("content/about.md.bak", "旧的关于页\n")
    result = site.build()
    assert result.ok, result.log
    assert "INFO: content/news/2022/ok.md~: GH215 备份或临时文件，不发布、不读取" in result.log
    assert not any(p.endswith(("~", ".bak")) for p in _published(site))
    assert "旧稿" not in "".join(result.all_text().values())


@pytest.mark.parametrize(("link", "target"), [
    ("content/assets/passwd.txt", "/etc/passwd"),
    ("content/assets/environ.txt", "/proc/self/environ"),
    ("content/assets/etc", "/etc"),
    ("content/news/2022/outside.md", "{outside}/story.md"),
    ("data/workers/x.yml", "/etc/hostname"),
    ("content/assets/git-config.txt", "{root}/.git/config"),
])
def test_links_outside_content_and_data_are_refused(site: SiteFactory, tmp_path: Path, link: str, target: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "story.md").write_text("---\ntitle: 外部稿件\ndate: 2022-06-01\n---\n\n外部正文\n", encoding="utf-8")
    (site.root / ".git").mkdir(exist_ok=True)
    (site.root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")
    site.article("ok")
    path = site.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target.format(outside=outside, root=site.root), path)
    result = site.build()
    assert not result.ok
    assert f"{link}: GH201 符号链接指向内容和数据文件夹以外的文件，不读取、不发布" in result.log
    assert not (site.root / "site").exists()
    for secret in ("root:", "c2VjcmV0", "外部正文", Path("/etc/hostname").read_text().strip()):
        assert secret not in result.log
    code, out = _check(site)
    assert code == 1 and f"{link}: GH201 " in out


def test_a_data_folder_linked_to_outside_is_not_read(site: SiteFactory, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "workers").mkdir(parents=True)
    (outside / "workers" / "x.yml").write_text("name: 外部机密\n", encoding="utf-8")
    site.article("ok")
    os.symlink(outside, site.root / "data")
    result = site.build()
    assert not result.ok
    assert "data: GH204 这个文件夹本身是指向项目以外的符号链接，不读取" in result.log
    assert "外部机密" not in result.log


def test_link_loops_and_dangling_links_fail_fast_without_a_traceback(site: SiteFactory) -> None:
    site.article("ok")
    os.symlink("..", site.root / "content/news/up")
    os.symlink("../..", site.root / "content/news/2022/up2")
    os.symlink("nowhere.jpg", site.root / "content/dangling.jpg")
    started = time.monotonic()
    run = site.cli("build")
    assert time.monotonic() - started < 60
    assert run.returncode == 1
    text = run.stdout + run.stderr
    assert "content/dangling.jpg: GH202 符号链接指向不存在的文件" in text
    assert "content/news/up: GH203 文件夹链接形成循环" in text
    assert "Traceback" not in text
    assert not list(site.root.glob(".site.building-*"))


def test_a_link_inside_content_is_followed(site: SiteFactory) -> None:
    site.write("content/assets/real.svg", SVG)
    os.symlink("real.svg", site.root / "content/assets/alias.svg")
    site.article("ok", body="正文。\n\n![图](/assets/alias.svg)\n")
    result = site.build()
    assert result.ok, result.log
    assert "assets/alias.svg" in _published(site)


@pytest.mark.parametrize(("path", "text", "message"), [
    ("content/assets/x/evil.html", "<script>alert(1)</script>", "GH211 内容文件夹里的 HTML、JavaScript、CSS 文件不发布"),
    ("content/assets/x/evil.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "GH213 这个 SVG 含有脚本 <script>"),
    ("content/assets/x/click.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect onclick='x()'/></svg>",
     "GH213 这个 SVG 含有事件属性 on…="),
    ("content/assets/x/track.svg", "<svg xmlns='http://www.w3.org/2000/svg'><image href='https://t.example/p.gif'/></svg>",
     "GH213 这个 SVG 含有指向其他网站的引用"),
    ("content/assets/javascripts/bundle.1234abcd.min.js", "alert(1)", "GH211 内容文件夹里的 HTML、JavaScript、CSS 文件不发布"),
    ("content/tools/run.exe", "MZ", "GH214 扩展名为 .exe 的文件不发布"),
])
def test_files_that_could_run_code_are_refused(site: SiteFactory, path: str, text: str, message: str) -> None:
    site.article("ok")
    site.write(path, text)
    result = site.build()
    assert not result.ok
    assert f"{path}: {message}" in result.log


def test_web_files_need_the_option_and_never_replace_the_theme(site: SiteFactory) -> None:
    site.article("ok")
    site.write("content/baidu_verify_abc.html", "abc")
    site.plugin_options["allow_web_files"] = True
    result = site.build()
    assert result.ok, result.log
    assert "baidu_verify_abc.html" in _published(site)
    site.write("content/assets/javascripts/bundle.1234abcd.min.js", "alert(1)")
    result = site.build()
    assert not result.ok
    assert "content/assets/javascripts/bundle.1234abcd.min.js: GH212 这个位置属于主题、搜索或插件" in result.log


def test_a_scheduled_articles_files_wait_for_it(site: SiteFactory) -> None:
    site.write("content/assets/2026/photo.svg", SVG)
    site.write("content/files/plan.pdf", "%PDF-1.4 计划\n")
    site.write("content/assets/2022/old.svg", SVG)
    site.write("content/assets/unused.svg", SVG)
    site.article("old", image="/assets/2022/old.svg")
    site.article("future", year=2026, date="2026-12-01 08:00", image="/assets/2026/photo.svg",
                 body="正文。\n\n[计划全文](/files/plan.pdf)\n")
    result = site.build()
    assert result.ok, result.log
    published = _published(site)
    assert "assets/2022/old.svg" in published
    assert not {"assets/2026/photo.svg", "files/plan.pdf", "assets/unused.svg"} & published
    assert "content/assets/2026/photo.svg: GH220 引用它的文章 news/2026/future.md 还没发布" in result.log
    assert "content/assets/unused.svg: GH221 没有已发布的页面引用它" in result.log
    site.plugin_options["build_date"] = "2026-12-02"
    site.plugin_options["public_files"] = ["assets/unused.*"]
    later = site.build()
    assert later.ok, later.log
    assert {"assets/2026/photo.svg", "files/plan.pdf", "assets/unused.svg"} <= _published(site)


def test_reference_style_links_stay_inside_content(site: SiteFactory) -> None:
    site.article("ref", body="正文见[附件][a]。\n\n[a]: ../../../../etc/passwd\n")
    result = site.build()
    assert not result.ok
    assert "GH407 链接 '../../../../etc/passwd' 指向 content 文件夹之外" in result.log


def test_record_files_may_end_in_upper_case_yml(site: SiteFactory) -> None:
    site.article("ok", workers=["chen-shiyuan"])
    site.write("data/workers/chen-shiyuan.YML", "name: 陈世元\n")
    result = site.build()
    assert result.ok, result.log
    assert result.exists("workers/chen-shiyuan/")


def test_a_page_naming_a_missing_template_gets_a_message_not_a_traceback(site: SiteFactory) -> None:
    site.article("ok")
    site.write("content/about.md", "---\ntitle: 关于\ntemplate: nonexist.html\n---\n\n关于我们。\n")
    result = site.build()
    assert not result.ok
    assert "content/about.md:3: GH231 字段 'template'：主题里没有模板 nonexist.html" in result.log
    assert "Traceback" not in result.log
    code, out = _check(site)
    assert code == 1 and "content/about.md:3: GH231 " in out
    site.write("content/about.md", "---\ntitle: 关于\ntemplate: main.html\n---\n\n关于我们。\n")
    assert site.build().ok


def test_tags_that_look_the_same_are_one_tag(site: SiteFactory) -> None:
    composed, decomposed = "\u00e9\u5de5\u4f1a", "e\u0301\u5de5\u4f1a"  # é工会, written two ways
    site.article("one", tags=[composed])
    site.article("two", tags=[decomposed])
    result = site.build()
    assert result.ok, result.log
    tag_pages = [p for p in (site.root / "site" / "tags").iterdir() if p.is_dir()]
    assert len(tag_pages) == 1
    listing = result.html(f"tags/{tag_pages[0].name}/")
    assert "标题one" in listing and "标题two" in listing
