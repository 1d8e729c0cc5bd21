"""One pipeline: `gonghui check` reports what the build reports; scheduled stories hold back their figures."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SiteFactory
from gonghui.cli import main
from gonghui.core.model.site import SiteSources

PROBLEM_LINE = re.compile(r"^(?:ERROR: |WARNING: |INFO: )?(\S+:\d+: .+)$")

CAMPAIGN = """\
title: 仁怀建会行动
organizer: 仁怀市总工会
region: 仁怀市
start: 2022-01-01
targets:
  - name: 走访企业
    unit: 家
    target: 1000
    progress:
      - {date: 2022-06-10, value: 420}
      - {date: 2026-11-30, value: 777}
"""


def _base(site: SiteFactory) -> None:
    site.article("renhuai-jianhui", title="建会小分队登门", date="2022-06-20", region="仁怀市")
    site.write("data/campaigns/renhuai-jianhui.yml", CAMPAIGN)


def _check_lines(site: SiteFactory) -> tuple[int, set[str]]:
    config = site.config()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["-f", str(config), "check"])
    return code, _problem_lines(out.getvalue())


def _problem_lines(text: str) -> set[str]:
    return {m.group(1) for line in text.splitlines() if (m := PROBLEM_LINE.match(line))}


def _moved_article(site: SiteFactory) -> None:
    site.write("published-urls.txt", "/news/2022/06/renhuai-jianhui/\n")
    site.article("renhuai-jianhui", title="建会小分队登门", date="2022-07-01", region="仁怀市")


def _bad_redirect(site: SiteFactory) -> None:
    site.write("data/redirects.yml", "/news/2021/01/old/: /news/2099/01/nowhere/\n")


def _unsafe_html(site: SiteFactory) -> None:
    site.article("unsafe", body="第一段。\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil.example/x\"></iframe>\n")


def _no_alt(site: SiteFactory) -> None:
    site.write("content/assets/a.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    site.article("photo", body="第一段。\n\n![](/assets/a.svg)\n\n```\n![](/assets/in-code.svg)\n```\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n\n# 关于我们\n\n<img src=\"assets/a.svg\">\n")


def _unknown_field(site: SiteFactory) -> None:
    site.article("typo", sumary="拼错的字段")


def _missing_source(site: SiteFactory) -> None:
    site.write("data/achievements/a.yml",
               "- {region: 仁怀市, date: 2022-06-10, metric: 走访企业, value: 420, unit: 家, source: renhuai-jianhu}\n")


def _shadowed_page(site: SiteFactory) -> None:
    site.write("content/index.md", "# 首页\n")


def _infinite_fee(site: SiteFactory) -> None:
    site.write("data/training/bad.yml", "title: 班\ncategory: 茶艺\norganizer: 总工会\nvenue: 中心\nfee: .inf\n"
               "capacity: .nan\nsessions:\n  - {start: 2022-07-01 19:00, end: 2022-07-01 21:00}\n")


# Each bad project, and the start of a line both tools must print for it.
CASES: dict[str, tuple[Callable[[SiteFactory], None], str]] = {
    "article date changed": (_moved_article, "published-urls.txt:1: GH258 发布过的网址 /news/2022/06/renhuai-jianhui/"),
    "redirect to nowhere": (_bad_redirect, "data/redirects.yml:1: GH257 跳转 /news/2021/01/old/：新网址"),
    "unsafe HTML": (_unsafe_html, "content/news/2022/unsafe.md:10: GH423 删去了 <iframe>"),
    "images without alt": (_no_alt, "content/news/2022/photo.md:8: GH424 图片 /assets/a.svg 没有替代文字"),
    "unknown field": (_unknown_field, "content/news/2022/typo.md:2: GH302 字段 'sumary' 不认识"),
    "missing source": (_missing_source, "data/achievements/a.yml:1: GH243 第1条，字段 'source'"),
    "generated page shadowed": (_shadowed_page, "content/index.md:1: GH451 这一页的网址会是 /，而 gonghui 要在这里生成 home 页"),
    "infinite fee, NaN capacity": (_infinite_fee, "data/training/bad.yml:5: GH301 字段 'fee'：应为有限的数字"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_report_the_same_problem_lines(site: SiteFactory, case: str) -> None:
    _base(site)
    make, expected = CASES[case]
    make(site)
    code, checked = _check_lines(site)
    result = site.build()
    built = _problem_lines(result.log)
    assert any(line.startswith(expected) for line in checked), checked
    assert checked == built
    assert code == (0 if result.ok else 1)
    assert "Traceback" not in result.log


def test_parity_table_finds_each_mistake_at_its_line(site: SiteFactory) -> None:
    _base(site)
    _moved_article(site)
    _unsafe_html(site)
    _no_alt(site)
    _infinite_fee(site)
    code, lines = _check_lines(site)
    assert code == 1
    assert ("published-urls.txt:1: GH258 发布过的网址 /news/2022/06/renhuai-jianhui/ 将会消失：文章的日期改了，"
            "现在的网址是 /news/2022/07/renhuai-jianhui/；请在 data/redirects.yml 里声明跳转，例如 "
            "'/news/2022/06/renhuai-jianhui/': /news/2022/07/renhuai-jianhui/ (published URL would disappear)") in lines
    assert any(line.startswith("content/news/2022/unsafe.md:8: GH420 删去了不安全的 HTML <script>") for line in lines)
    assert any(line.startswith("content/news/2022/photo.md:8: GH424 图片 /assets/a.svg 没有替代文字") for line in lines)
    assert not any("in-code.svg has no alt" in line for line in lines)  # an example in a code block is no image
    assert any(line.startswith("content/about.md:7: GH424 图片 assets/a.svg 没有替代文字") for line in lines)
    assert "data/training/bad.yml:5: GH301 字段 'fee'：应为有限的数字，实际写的是 inf (wrong value)" in lines
    assert "data/training/bad.yml:6: GH301 字段 'capacity'：应为整数（0、1、2 …），实际写的是 nan (wrong value)" in lines


@pytest.mark.parametrize(("option", "value", "message"), [
    ("page_size", 0, "GH461 这个选项应为不小于 1 的整数，写的是 0"),
    ("search_shard_pages", -5, "GH461 这个选项应为不小于 1 的整数，写的是 -5"),
    ("build_date", "明天", "GH464 这个选项应为日期，如 \"2026-11-24\" 或 \"2026-11-24 08:00\"，写的是 '明天'"),
])
def test_bad_options_fail_check_and_build_with_the_same_message(site: SiteFactory, option: str, value: object,
                                                                 message: str) -> None:
    _base(site)
    site.plugin_options[option] = value
    config = site.config()
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["-f", str(config), "check"])
    assert code == 2
    assert re.search(rf"mkdocs\.yml:\d+: plugins\.gonghui\.{option}: {re.escape(message)}", err.getvalue())
    run = site.cli("build")
    assert run.returncode != 0
    assert f"option '{option}': {message}" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_unquoted_build_date_means_the_same_in_check_and_build(site: SiteFactory) -> None:
    _base(site)
    site.plugin_options["build_date"] = __import__("datetime").date(2026, 11, 24)
    code, _lines = _check_lines(site)
    assert code == 0
    assert site.cli("build").returncode == 0


SCHEDULED = dict(title="明日见报：仁怀新建工会120家", date="2026-12-01 08:00", region="仁怀市")
FIGURES = ("- {region: 仁怀市, date: 2022-06-10, metric: 走访企业, value: 420, unit: 家, source: renhuai-jianhui}\n"
           "- {region: 仁怀市, date: 2026-11-20, metric: 新建工会, value: 120, unit: 家, source: renhuai-mingri}\n"
           "- {region: 英德市, date: 2026-11-20, metric: 新增会员, value: 3456, unit: 人, source: renhuai-mingri}\n"
           "- {region: 仁怀市, date: 2026-12-05, metric: 入会职工, value: 9876, unit: 人, source: renhuai-jianhui}\n")


def _all_output(result) -> str:
    """Every page, feed, calendar, export and search-index file (not the scripts, whose numbers are code)."""
    ours = [text for path, text in result.all_text().items() if not path.endswith((".js", ".css"))]
    return "\n".join([*ours, *result.search_texts().values()])


def test_scheduled_story_holds_back_its_figures_until_it_is_out(site: SiteFactory) -> None:
    _base(site)
    site.article("renhuai-mingri", **SCHEDULED)
    site.write("data/achievements/renhuai.yml", FIGURES)
    result = site.build()
    assert result.ok, result.log
    everything = _all_output(result)
    for trace in ("renhuai-mingri", "明日见报", "新建工会", "新增会员", "3,456", "3456", "入会职工", "9876", "9,876",
                  "777"):
        assert trace not in everything, trace
    assert not result.exists("regions/441881/")  # 英德市 had nothing but the held-back figure
    assert "走访企业" in result.html("regions/520382/")  # the published story's figure stays
    notes = [line for line in result.log.splitlines() if line.startswith("INFO: data/")]
    assert len(notes) == 4, result.log  # three figures and one reading, each with file and line
    assert any("data/achievements/renhuai.yml:2: GH241 第2条" in n and "定时于2026年12月1日 08:00发布" in n for n in notes)

    site.plugin_options["build_date"] = "2026-12-06"
    later = site.build()
    assert later.ok, later.log
    everything = _all_output(later)
    for trace in ("renhuai-mingri", "明日见报", "新建工会", "新增会员", "入会职工", "777"):
        assert trace in everything, trace
    assert later.exists("regions/441881/")
    assert "INFO: data/" not in later.log


def test_a_draft_source_is_held_back_and_a_missing_one_is_an_error(site: SiteFactory) -> None:
    _base(site)
    site.article("caogao", title="草稿里的数字", draft=True)
    site.write("data/achievements/a.yml",
               "- {region: 仁怀市, date: 2022-06-10, metric: 草稿数字, value: 5, unit: 个, source: caogao}\n")
    result = site.build()
    assert result.ok, result.log
    assert "草稿数字" not in _all_output(result)
    assert "GH240 第1条，地区成果“草稿数字”：出处文章 news/2022/caogao.md 还是草稿" in result.log
    site.write("data/achievements/a.yml",
               "- {region: 仁怀市, date: 2022-06-10, metric: 草稿数字, value: 5, unit: 个, source: meiyou}\n")
    assert not site.build().ok


@pytest.mark.parametrize("root, content", [("/p", "/p/content"), ("/p", "/p"), ("/p", "/q/content"),
                                           ("/p", "/p/a/b"), ("rel", "rel/content")])
def test_a_content_file_is_named_as_editors_see_it_without_path_objects(root: str, content: str) -> None:
    """`display_content` (every article, every build) takes a short cut; it must name each file as `display` does."""
    sources = SiteSources(Path(root), Path(content), Path(root) / "data")
    for uri in ["news/2022/a.md", "index.md", "../x.md", "a/../b.md", "/abs.md"]:
        assert sources.display_content(uri) == sources.display(sources.content_dir / uri), uri


def test_a_build_frees_the_articles_text_after_planning_and_keeps_their_ledes(site: SiteFactory) -> None:
    # release_check_inputs: the body and front matter text are only for the checks (the build reads the file
    # again to render it); what listings, feeds and related reports show must stay.
    import datetime as dt

    from gonghui.core.load import yamlsource
    from gonghui.core.pipeline import check_project, release_check_inputs
    from gonghui.core.project import load_project

    site.article("chayi", title="夜校开出茶艺课", body="职工夜校的茶艺课很受欢迎。\n\n第二段。")
    site.article("gaomi", title="高密种子工程", summary="阅读提示在此。")
    project = load_project(site.config())
    checked = check_project(project, dt.datetime(2023, 1, 1, tzinfo=dt.UTC)).checked
    assert checked is not None
    articles = checked.site.all_articles
    assert articles["news/2022/chayi.md"].body and yamlsource._FRONT_MATTER_CACHE
    release_check_inputs(checked)
    assert all(a.body == a.front_text == "" for a in articles.values())
    assert articles["news/2022/chayi.md"].lede == "职工夜校的茶艺课很受欢迎。"
    assert articles["news/2022/gaomi.md"].lede == "阅读提示在此。"
    assert not yamlsource._FRONT_MATTER_CACHE


def test_freed_memory_is_given_back_to_the_system_on_linux():
    """After the checks a build frees every article's text; the C library is asked to return the free pages."""
    import platform

    from gonghui.core.output.memory import give_back_freed_memory

    assert give_back_freed_memory() is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
