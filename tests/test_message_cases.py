"""Exact lines for the messages no other test produces: each case is a small project run through check_project."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from gonghui.core.options import PluginOptions
from gonghui.core.pipeline import check_project
from gonghui.core.project import Project
from gonghui.core.text.timeutil import BEIJING

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=BEIJING)
ARTICLE = "---\ntitle: 建会小分队登门\ndate: 2022-06-20\nregion: 仁怀市\n---\n\n正文。\n"


def _lines(root: Path, files: dict[str, str], theme_dirs: tuple[Path, ...] = ()) -> list[str]:
    for rel, text in {"content/news/2022/renhuai-jianhui.md": ARTICLE, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = Project(root, root / "content", "https://example.org/", "测试站", "", PluginOptions.from_values({}),
                      theme_dirs=theme_dirs)
    problems = check_project(project, NOW).problems
    return [str(p) for p in (*problems.sorted(), *problems.sorted_warnings(), *problems.sorted_notes())]


@pytest.mark.parametrize(("files", "expected"), [
    ({"data/notes.txt": "备忘"}, "data/notes.txt: GH216 不是 YAML 文件（.yml），不读取 (not a YAML file)"),
    ({"data/redirects.yml": "- /old/\n- /new/\n"},
     "data/redirects.yml:1: GH250 应写成“旧网址: 新网址”的列表，如 '/news/2022/06/old/': /news/2022/06/new/ (expected a mapping)"),
    ({"data/redirects.yml": "123: /news/\n"},
     "data/redirects.yml:1: GH252 跳转 '123'：旧网址应是以 / 开头的站内路径，如 /news/2022/06/old-slug/ (not a site path)"),
    ({"data/redirects.yml": "/old/: 5\n"},
     "data/redirects.yml:1: GH253 跳转 '/old/'：新网址应写成文字，实际写的是 5 (new URL must be text)"),
    ({"data/achievements/a.yml":
      "- {region: 仁怀市, date: 2026-12-05, metric: 入会职工, value: 9876, unit: 人, source: renhuai-jianhui}\n"},
     "data/achievements/a.yml:1: GH242 第1条，地区成果“入会职工”：数据截至日期 2026年12月5日 晚于构建日期，"
     "暂不发布，到期后的下一次构建自动出现 (held back until due)"),
    ({"content/news/misc/x.md": "---\ntitle: 标题\ndate: 2022-06-01\n---\n\n正文。\n"},
     "content/news/misc/x.md:1: GH304 文章必须放在 news/<年份>/<slug>.md，例如 news/2022/renhuai-jianhui.md (article path)"),
    ({"data/workers/empty.yml": ""}, "data/workers/empty.yml:1: GH313 文件是空的；应写上这条记录的字段 (the file is empty)"),
    ({"data/regions.yml": "name: 开发区\n"},
     "data/regions.yml:1: GH320 regions.yml 应为补充地区的列表，如 '- {name: 仁怀经济开发区, id: renhuai-jkq, parent: 仁怀市}' "
     "(expected a list of additions)"),
    ({"data/regions.yml": "- {name: 开发区, id: renhuai-jkq, parent: 仁怀市}\n- {name: 另一区, id: renhuai-jkq, parent: 仁怀市}\n"},
     "data/regions.yml:2: GH322 第2项补充，字段 'id'：'renhuai-jkq' 已被使用，换一个 (id already used)"),
])
def test_message(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    assert expected in _lines(tmp_path, files)


def test_a_template_that_is_not_a_file_name(tmp_path: Path) -> None:
    lines = _lines(tmp_path, {"content/about.md": "---\ntitle: 关于\ntemplate: ../secret.html\n---\n\n关于。\n"},
                   theme_dirs=(tmp_path / "theme",))
    assert ("content/about.md:3: GH230 字段 'template'：应写模板文件名，如 main.html，实际写的是 '../secret.html' "
            "(template: expected a file name)") in lines


def test_an_unreadable_folder_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content/locked").mkdir(parents=True)
    (tmp_path / "content/assets").mkdir(parents=True)
    (tmp_path / "content/assets/x.svg").write_text("<svg/>", encoding="utf-8")
    real_scandir, real_read = os.scandir, Path.read_bytes

    def scandir(path):  # as root every folder is readable: make one fail the way a locked folder does
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def read_bytes(self):
        if self.name in ("x.svg", "locked-story.md"):
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    lines = _lines(tmp_path, {"content/news/2022/locked-story.md": ARTICLE})
    assert "content/news/2022/locked-story.md: GH340 读不了这个文件：Permission denied (cannot read the file)" in lines
    assert "content/locked: GH205 读不了这个文件夹：Permission denied (cannot read the folder)" in lines
    assert any(line.startswith("content/assets/x.svg: GH206 读不了这个文件") for line in lines), lines


def _article(body: str) -> dict[str, str]:
    return {"content/news/2022/x.md": "---\ntitle: 标题\ndate: 2022-06-01\n---\n\n" + body}


@pytest.mark.parametrize(("files", "code"), [
    (_article("正文" * 200_000), "GH430"),
    (_article("> " * 60 + "引用\n"), "GH431"),
    (_article("<a " * 300 + "\n"), "GH435"),
    (_article('<div markdown="1">\n\n' * 25 + "x\n\n" + "</div>\n\n" * 25), "GH436"),
    ({"data/workers/k.yml": "name: 李静\nbio: {[a]: 1}\n"}, "GH441"),
    ({"data/workers/big.yml": "name: 李静\nbio: " + "字" * 400_000 + "\n"}, "GH444"),
    ({"data/workers/ctl.yml": "name: 李\x07静\n"}, "GH445"),
    (_article("![图](/assets/a\x00b.jpg)\n"), "GH406"),
    ({"content/news/2022/x.md": "---\ntitle: 标题\ndate: 2022-06-01\nimage: \"/assets/a\\0b.jpg\"\n---\n\n正文。\n"}, "GH403"),
])
def test_each_code_is_produced(tmp_path: Path, files: dict[str, str], code: str) -> None:
    lines = _lines(tmp_path, files)
    assert any(f" {code} " in line for line in lines), lines


def test_a_url_record_that_is_a_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.txt").write_text("/news/\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.txt", tmp_path / "published-urls.txt")
    assert ("published-urls.txt: GH452 网址记录文件必须是普通文件，不能是符号链接；换成普通文件 "
            "(the URL record must be a plain file, not a symbolic link)") in _lines(tmp_path, {})


def test_a_refused_output_is_a_problem_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gonghui.core.pipeline as pipeline
    from gonghui.core.text.paths import OutputPathError

    def refuse(*args: object, **kwargs: object) -> None:
        raise OutputPathError("'../x/index.html'")

    monkeypatch.setattr(pipeline, "plan_pages", refuse)
    assert any(" GH450 " in line and "../x/index.html" in line for line in _lines(tmp_path, {}))


@pytest.mark.parametrize(("raw", "code"), [
    ({"publisher": 5}, "GH460"), ({"allow_web_files": "yes"}, "GH462"), ({"trusted_embed_hosts": 5}, "GH463"),
    ({"page_sise": 3}, "GH465"),
])
def test_option_messages(raw: dict[str, object], code: str) -> None:
    from gonghui.core.options import read_options

    _options, errors = read_options(raw)
    assert [message.split(" ")[0] for message in errors.values()] == [code]


def test_build_date_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    from gonghui.core.text.timeutil import build_now

    with pytest.raises(ValueError, match="^GH470 构建日期 build_date 应写成 2022-06-24 这样的日期，写的是 '明天'"):
        build_now("明天")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "昨天")
    with pytest.raises(ValueError, match="^GH471 环境变量 SOURCE_DATE_EPOCH 应为 1970 年以来的整秒数，写的是 '昨天'"):
        build_now(None)
