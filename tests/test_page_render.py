"""Markdown rendered without a converter per page (issue 17): every page comes out as MkDocs' `Page.render` makes it.

The sample site and a site of 200 varied articles (Chinese and repeated headings, tables, admonitions,
Markdown inside HTML, attributes, raw HTML with ids, links to other articles' sections, a broken link) are
each built twice in this process: as they are, and with every page rendered by MkDocs' own `Page.render`.
Every file and every log line must be the same.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from browser_support import SOURCE_DATE_EPOCH, copy_sample_project
from gonghui.mkdocs_plugin import page_render
from test_render_workers import differences, files_of

BODY = """## 第{n}节 工会服务

职工夜校第{n}期开课。[上一篇](a{prev:03d}.md#di-{prev}-jie-gong-hui-fu-wu){{: .gh-link }}

## 第{n}节 工会服务

| 项目 | 人数 |
|---|---|
| 培训 | {n} |

!!! note "提示"
    报名截止前请联系工会。

<div markdown="1" id="box-{n}">
**加粗** 与 *强调*
</div>

<p id="raw-{n}">原始 HTML 段落</p>
"""


def build_here(project: Path, caplog: pytest.LogCaptureFixture) -> tuple[Path, list[str]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    caplog.clear()
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and "building" not in r.getMessage()
             and "Documentation built" not in r.getMessage() and "用时" not in r.getMessage()]
    return project / "site", lines


def many_articles(root: Path) -> None:
    copy_sample_project(root)
    for n in range(200):
        text = BODY.format(n=n, prev=max(n - 1, 0))
        if n == 7:
            text += "\n[不存在的稿件](meiyou.md) 和[标签页的一节](../../tags/index.md#meiyou-zhe-jie)\n"
        if n == 8:  # a reference definition belongs to its own page: the next page's [参考] stays text
            text += "\n见[参考]。\n\n[参考]: https://www.acftu.org/\n"
        if n == 9:
            text += "\n见[参考]。\n"
        front = {"title": f"第{n}篇", "date": f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}", "tags": [f"标签{n % 5}"]}
        path = root / "content" / "news" / "2021" / f"a{n:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + text, encoding="utf-8")


@pytest.mark.parametrize("site", ["sample", "many", "many-compact"])
def test_pages_render_as_mkdocs_renders_them(site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """"many-compact": the pages are also kept compressed until the theme reads them, as on a site of 20,000."""
    if site == "many-compact":
        monkeypatch.setattr("gonghui.mkdocs_plugin.plugin.COMPACT_PAGES", 0)
        packed: list[int] = []
        pack = page_render._pack
        monkeypatch.setattr(page_render, "_pack", lambda text: (packed.append(1), pack(text))[1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setenv("GONGHUI_RENDER_WORKERS", "1")
    caplog.set_level(logging.INFO, logger="mkdocs")
    for name in ("cheap", "mkdocs"):
        (tmp_path / name).mkdir()
        (many_articles if site.startswith("many") else copy_sample_project)(tmp_path / name)
    swaps: list[str] = []
    swap = page_render._swap
    monkeypatch.setattr(page_render, "_swap",
                        lambda page, mixin, compact=False: (swaps.append(mixin.__name__), swap(page, mixin, compact)))
    cheap, cheap_log = build_here(tmp_path / "cheap", caplog)
    assert swaps.count("_Shared") >= 9 and swaps.count("_Empty") >= 50, (swaps.count("_Shared"), swaps.count("_Empty"))
    if site == "many-compact":
        assert len(packed) > 400  # each page's Markdown and HTML went through the compressed store
    monkeypatch.setattr(page_render, "render_cheaply", lambda *args, **kwargs: None)
    monkeypatch.setattr("gonghui.mkdocs_plugin.plugin.render_cheaply", lambda *args, **kwargs: None)
    own, own_log = build_here(tmp_path / "mkdocs", caplog)
    found = differences(files_of(own), files_of(cheap))
    assert not found, f"{len(found)} files differ: {found[:10]}"
    assert cheap_log == own_log
    if site.startswith("many"):
        assert any("meiyou.md" in line for line in own_log), own_log
        assert any("meiyou-zhe-jie" in line for line in own_log), own_log
        page = (cheap / "news" / "2021" / "10" / "a009" / "index.html").read_text(encoding="utf-8")
        assert "见[参考]。" in page


def test_an_extension_that_keeps_state_keeps_mkdocs_way() -> None:
    class Config(dict):
        markdown_extensions = ["toc", "pymdownx.snippets"]

    assert not page_render.SharedConverter(Config()).usable  # type: ignore[arg-type]
    Config.markdown_extensions = ["toc", "markdown.extensions.tables", "admonition"]
    assert page_render.SharedConverter(Config()).usable  # type: ignore[arg-type]
