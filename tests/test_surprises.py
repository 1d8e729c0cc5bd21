"""Silent surprises become warnings (GH130-GH135), and records named by their Chinese name get their slug (GH140-GH141)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

from conftest import SiteFactory
from gonghui.cli import main
from gonghui.core.options import PluginOptions
from gonghui.core.pipeline import check_project
from gonghui.core.project import Project
from gonghui.core.text.timeutil import BEIJING

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=BEIJING)
WORKER = "name: 王建国\nregion: 仁怀市\n"


def _check(root: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    project = Project(root, root / "content", "https://example.org/", "测试站", "", PluginOptions.from_values({}))
    result = check_project(project, NOW)
    return [str(p) for p in result.problems.sorted()], [str(p) for p in result.problems.sorted_warnings()]


def _article(front: str, body: str = "正文第一段。") -> str:
    return f"---\ntitle: 标题\ndate: 2022-06-24\n{front}---\n\n{body}\n"


def test_full_width_comma_in_tags(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {"content/news/2022/x.md": _article("tags:\n  - 建会\n  - 甲，乙\n")})
    assert errors == []
    assert warnings == ["content/news/2022/x.md:6: GH131 标签“甲，乙”里有全角逗号“，”，会被当成一个标签；分开写成 [甲, 乙] "
                        "(full-width comma in a list)"]


def test_full_width_comma_in_campaign_tags(tmp_path: Path) -> None:
    campaign = "title: 建会行动\norganizer: 仁怀市总工会\nstart: 2022-01-01\ntags: [建会，入会]\n"
    errors, warnings = _check(tmp_path, {"data/campaigns/jianhui.yml": campaign})
    assert errors == []
    assert warnings == ["data/campaigns/jianhui.yml:4: GH131 标签“建会，入会”里有全角逗号“，”，会被当成一个标签；分开写成 [建会, 入会] "
                        "(full-width comma in a list)"]


def test_full_width_comma_in_references(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "data/workers/wang-jianguo.yml": WORKER,
        "content/news/2022/x.md": _article("workers: [王建国，zhao-hong]\n"),
    })
    assert errors == ["content/news/2022/x.md:4: GH132 workers 里的“王建国，zhao-hong”有全角逗号“，”，会被当成一项；"
                      "分开写成 [wang-jianguo, zhao-hong] (full-width comma in a list)"]


def test_value_cut_by_comment(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "content/news/2022/x.md": "---\ntitle: 第3届 #1号选手登场\ndate: 2022-06-24\nsummary: 要点  # 编辑备注\n---\n\n正文。\n",
        "data/workers/wang-jianguo.yml": "name: 王建国\nbio: |\n  第一段 #不是注释\nposition: 班长 #2\n",
    })
    assert errors == []
    assert warnings == [
        "content/news/2022/x.md:2: GH133 “title”的值在“ #”处断开：YAML 把“#1号选手登场”当作注释丢掉了，只剩“第3届”；"
        "整个值加引号：title: \"第3届 #1号选手登场\" (value cut by a YAML comment)",
        "data/workers/wang-jianguo.yml:4: GH133 “position”的值在“ #”处断开：YAML 把“#2”当作注释丢掉了，只剩“班长”；"
        "整个值加引号：position: \"班长 #2\" (value cut by a YAML comment)",
    ]


def test_placeholders_in_published_articles_and_records(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "content/news/2022/x.md": _article("summary: 【待填写】阅读提示\n", "正文第一段。\n\n某某公司XXX同志说。\n"),
        "content/news/2022/draft.md": _article("draft: true\n", "【待填写】正文。"),
        "content/news/2099/later.md": "---\ntitle: 定时\ndate: 2099-01-01\n---\n\nTODO 正文。\n",
        "data/workers/wang-jianguo.yml": "name: 王建国\norganization: ○○公司  # 单位\n",
    })
    assert errors == []
    assert warnings == [
        "content/news/2022/x.md:4: GH130 还有占位文字“【待填写】”，发布前改成真实内容 (placeholder text in published content)",
        "content/news/2022/x.md:9: GH130 还有占位文字“XXX”，发布前改成真实内容 (placeholder text in published content)",
        "data/workers/wang-jianguo.yml:2: GH130 还有占位文字“○○”，发布前改成真实内容 (placeholder text in published content)",
    ]


def test_characters_no_font_shows(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "content/news/2022/x.md": _article("", "正文第一段。\n\n\uf0b7 第一条\n\x01控制\ufffd"),
        "data/workers/wang-jianguo.yml": "name: 王建国\nbio: \"\uf0a7 先进\"\n",
    })
    assert errors == []
    assert warnings == [
        "content/news/2022/x.md:8: GH134 有显示不出来的字符 U+F0B7（多半是从 Word 粘贴来的项目符号或控制字符）；"
        "删掉它，列表项用“- ”开头重新输入 (character no font shows)",
        "content/news/2022/x.md:9: GH134 有显示不出来的字符 U+0001、U+FFFD（多半是从 Word 粘贴来的项目符号或控制字符）；"
        "删掉它，列表项用“- ”开头重新输入 (character no font shows)",
        "data/workers/wang-jianguo.yml:2: GH134 有显示不出来的字符 U+F0A7（多半是从 Word 粘贴来的项目符号或控制字符）；"
        "删掉它，列表项用“- ”开头重新输入 (character no font shows)",
    ]


def test_near_duplicate_tags(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "content/news/2022/a.md": _article("tags: [劳动和技能竞赛]\n"),
        "content/news/2022/b.md": _article("tags: [劳动和技能竞赛, 医疗互助]\n"),
        "content/news/2022/c.md": _article("tags: [劳动竞赛]\n"),
    })
    assert errors == []
    assert warnings == ["content/news/2022/c.md:4: GH135 标签“劳动竞赛”和已有的“劳动和技能竞赛”（2 篇）很像；"
                        "是同一个意思就改成“劳动和技能竞赛” (near-duplicate tag)"]


def test_reference_by_chinese_name(tmp_path: Path) -> None:
    errors, warnings = _check(tmp_path, {
        "data/workers/wang-jianguo.yml": WORKER,
        "content/news/2022/x.md": _article("workers: [王建国]\ntraining: [茶艺班]\n"),
    })
    assert errors == [
        "content/news/2022/x.md:4: GH140 workers 里的“王建国”要写文件名（slug），不写名称：应为 'wang-jianguo'（王建国），"
        "写成 workers: [wang-jianguo] (field 'workers': did you mean 'wang-jianguo' (王建国)?)",
        "content/news/2022/x.md:5: GH141 training 里的“茶艺班”要写文件名（slug），data/training/ 里也没有叫这个名字的记录："
        "先运行 gonghui new training 茶艺班 新建 data/training/chayi-ban.yml，再写 training: [chayi-ban] "
        "(field 'training': no record named '茶艺班')",
    ]


def test_reference_by_missing_worker_name(tmp_path: Path) -> None:
    errors, _ = _check(tmp_path, {"content/news/2022/x.md": _article("workers: [王建国]\n")})
    assert errors == [
        "content/news/2022/x.md:4: GH141 workers 里的“王建国”要写文件名（slug），data/workers/ 里也没有叫这个名字的记录："
        "先运行 gonghui new worker 王建国 新建 data/workers/wang-jianguo.yml，再写 workers: [wang-jianguo] "
        "(field 'workers': no record named '王建国')",
    ]


PLACEHOLDER_LINE = ("content/news/2022/x.md:8: GH130 还有占位文字“【待填写】”，发布前改成真实内容 "
                    "(placeholder text in published content)")


def test_strict_build_fails_on_a_surprise(site: SiteFactory) -> None:
    site.article("x", body="正文第一段。\n\n【待填写】")
    assert site.build().ok
    result = site.build(strict=True)
    assert not result.ok
    assert PLACEHOLDER_LINE in result.log


def test_gonghui_check_prints_the_same_line(site: SiteFactory) -> None:
    site.article("x", body="正文第一段。\n\n【待填写】")
    config = site.config()
    for args, expected in ((["check"], 0), (["check", "--strict"], 1)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["-f", str(config), *args])
        assert code == expected
        assert PLACEHOLDER_LINE in out.getvalue()


def test_a_numbered_series_of_tags_is_not_a_near_duplicate(site) -> None:
    site.article("a", tags=["第1届职工技能大赛"])
    site.article("b", tags=["第2届职工技能大赛"])
    site.article("c", tags=["2022年劳动竞赛"])
    site.article("d", tags=["2023年劳动竞赛"])
    result = site.build(strict=True)
    assert result.ok, result.log
    assert "GH135" not in result.log
