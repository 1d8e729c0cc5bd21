"""The `gonghui` command: scaffolds that build, refusal to overwrite, and `check`."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gonghui.cli import main
from gonghui.cli.check import escape_data, escape_property, github_annotation
from gonghui.cli.naming import person_slug, title_slug
from gonghui.core.load.articles import ARTICLE_FIELDS
from gonghui.core.load.records import achievements, campaigns, training, workers
from gonghui.core.problems import Problem
from gonghui.core.project import load_project
from gonghui.core.text.timeutil import BEIJING

GITHUB_LINE = re.compile(r"^::error file=[^,]+,line=\d+::.+$")
TITLE = "“建会小分队”登门 小微企业工会有了“主心骨”"
ARTICLE_SLUG = "jianhui-xiaofendui-dengmen"


@pytest.fixture
def cli(site, monkeypatch, capsys):
    """Run `gonghui …` in-process from the site's folder: (exit code, stdout, stderr)."""
    site.config()
    monkeypatch.chdir(site.root)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def uncomment_examples(text: str) -> str:
    """Switch on every commented example field (`# key: …`, `#   - …`), keeping explanations as comments."""
    return re.sub(r"(?m)^(\s*)# ( *)(?=[a-z_]+:|- )", r"\1\2", text)


def front_keys(text: str) -> set[str]:
    """Top-level keys, written or shown as commented examples."""
    return set(re.findall(r"(?m)^(?:# )?([a-z_]+):", text))


# --- new article --------------------------------------------------------------------------------------------


def test_new_article_is_a_draft_that_builds_and_publishes_once_draft_is_removed(site, cli):
    code, out, err = cli("new", "article", TITLE, "--region", "仁怀市", "--date", "2022-06-24 08:30")
    path = site.root / f"content/news/2022/{ARTICLE_SLUG}.md"
    assert (code, err) == (0, "")
    assert f"content/news/2022/{ARTICLE_SLUG}.md" in out
    text = path.read_text(encoding="utf-8")
    assert "draft: true" in text and "date: 2022-06-24 08:30" in text and "region: 仁怀市" in text
    assert front_keys(text) >= set(ARTICLE_FIELDS), "every front-matter field is filled in or shown as a comment"

    result = site.build()
    assert result.ok, result.log
    assert not result.exists(f"news/2022/06/{ARTICLE_SLUG}/"), "a fresh scaffold is not published"

    path.write_text(re.sub(r"(?m)^draft: true.*\n", "", text), encoding="utf-8")
    result = site.build()
    assert result.ok, result.log
    # Published with its 【待填写】 placeholders: a warning (GH130), so a --strict build (CI) refuses it.
    assert "GH130 还有占位文字“【待填写】”" in result.log and not site.build(strict=True).ok
    html = result.html(f"news/2022/06/{ARTICLE_SLUG}/")
    assert "建会小分队" in html and "仁怀市" in html


def test_new_article_defaults_to_today_in_beijing(site, cli):
    today = dt.datetime.now(BEIJING).date()
    assert cli("new", "article", "职工医疗互助活动迎来升级")[0] == 0
    path = site.root / f"content/news/{today.year}/{title_slug('职工医疗互助活动迎来升级')}.md"
    assert f"date: {today.isoformat()}  #" in path.read_text(encoding="utf-8")


def test_new_article_quotes_titles_yaml_would_misread(site, cli):
    code, _, _ = cli("new", "article", "问答: 工会 #1 怎么建", "--slug", "wenda", "--date", "2022-06-01")
    assert code == 0
    path = site.root / "content/news/2022/wenda.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    result = site.build()
    assert result.ok, result.log
    assert "问答: 工会 #1 怎么建" in result.html("news/2022/06/wenda/")


# --- new records --------------------------------------------------------------------------------------------

RECORDS = [
    ("campaign", "建会小分队行动", "campaigns", campaigns.FIELDS),
    ("training", "白酒直播销售培训班", "training", training.FIELDS),
    ("worker", "陈世元", "workers", workers.FIELDS),
]


@pytest.mark.parametrize("kind,title,folder,fields", RECORDS, ids=[r[0] for r in RECORDS])
def test_new_record_builds_as_is_and_with_every_example_switched_on(site, cli, kind, title, folder, fields):
    code, out, _ = cli("new", kind, title, *(["--date", "2026-12-01"] if kind != "worker" else []))
    assert code == 0
    written = site.root / out.split()[-1]
    assert written.parent == site.root / "data" / folder and written.suffix == ".yml"
    text = written.read_text(encoding="utf-8")
    assert front_keys(text) >= set(fields), "every field is filled in or shown as a comment"

    result = site.build()  # builds as is; its 【待填写】 placeholders are warnings (GH130) until filled in
    assert result.ok, result.log
    assert title in result.html(f"{folder}/{written.stem}/")
    assert "GH130 还有占位文字" in result.log

    written.write_text(uncomment_examples(text), encoding="utf-8")
    assert "# region:" not in written.read_text(encoding="utf-8")
    result = site.build()
    assert result.ok, result.log
    assert 'regions/520382/">仁怀市</a>' in result.html(f"{folder}/{written.stem}/"), "the region example is valid"


def test_worker_slug_is_surname_then_given_name(site, cli):
    assert cli("new", "worker", "陈世元", "--region", "仁怀市")[0] == 0
    text = (site.root / "data/workers/chen-shiyuan.yml").read_text(encoding="utf-8")
    assert "name: 陈世元" in text and "region: 仁怀市" in text


def test_region_code_is_kept_as_text(site, cli):
    assert cli("new", "campaign", "建会行动", "--region", "520382", "--date", "2022-03-01")[0] == 0
    assert 'region: "520382"' in (site.root / "data/campaigns/jianhui-xingdong.yml").read_text(encoding="utf-8")
    result = site.build()
    assert result.ok, result.log
    assert "建会行动" in result.html("regions/520382/")


def test_new_achievement_refuses_a_source_no_article_has(site, cli):
    cli("new", "article", TITLE, "--region", "仁怀市", "--date", "2022-06-24")
    code, _, err = cli("new", "achievement", "仁怀2022", "--region", "仁怀市", "--source", ARTICLE_SLUG[:-1] + "x")
    assert code == 2
    assert "没有这个 slug 的文章" in err and ARTICLE_SLUG in err  # the close real slug is suggested
    assert not (site.root / "data/achievements").exists()


def test_new_achievement_creates_then_appends_a_commented_example(site, cli):
    cli("new", "article", TITLE, "--region", "仁怀市", "--date", "2022-06-24")
    article = site.root / f"content/news/2022/{ARTICLE_SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")

    code, out, _ = cli("new", "achievement", "仁怀2022", "--region", "仁怀市", "--source", ARTICLE_SLUG, "--date", "2022-06-10")
    path = site.root / "data/achievements/renhuai-2022.yml"
    assert code == 0 and "data/achievements/renhuai-2022.yml" in out
    first = path.read_text(encoding="utf-8")
    assert set(re.findall(r"(?m)^#\s+(?:- )?([a-z_]+):", first)) >= set(achievements.FIELDS)
    result = site.build()
    assert result.ok, "a commented example publishes nothing and breaks nothing"
    assert "data/achievements/renhuai-2022.yml" not in result.log, "and says nothing: it is only a comment"

    path.write_text(uncomment_examples(first), encoding="utf-8")
    result = site.build()
    assert result.ok, result.log
    assert "【待填写】指标" in result.html("regions/520382/")
    assert "GH130 还有占位文字" in result.log

    switched_on = path.read_text(encoding="utf-8")
    code, out, _ = cli("new", "achievement", "renhuai-2022")
    assert code == 0 and "appended" in out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(switched_on) and after.count("metric:") == 2, "existing records are kept"
    assert site.build().ok


# --- new: refusals and bad arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,existing",
    [
        (["article", TITLE, "--date", "2022-06-24"], f"content/news/2022/{ARTICLE_SLUG}.md"),
        (["campaign", "建会行动"], "data/campaigns/jianhui-xingdong.yml"),
        (["training", "茶艺班", "--slug", "chayi"], "data/training/chayi.yml"),
        (["worker", "李丰"], "data/workers/li-feng.yml"),
    ],
)
def test_new_never_overwrites(site, cli, args, existing):
    path = site.write(existing, "编辑写好的内容\n")
    code, out, err = cli("new", *args)
    assert code == 1 and out == ""
    assert existing in err and "不会覆盖" in err
    assert path.read_text(encoding="utf-8") == "编辑写好的内容\n"


def test_new_article_refuses_a_slug_used_in_another_year(site, cli):
    site.write(f"content/news/2021/{ARTICLE_SLUG}.md", "---\ntitle: 旧稿\ndate: 2021-01-01\n---\n")
    code, _, err = cli("new", "article", TITLE, "--date", "2022-06-24")
    assert code == 1 and f"content/news/2021/{ARTICLE_SLUG}.md" in err
    assert not (site.root / f"content/news/2022/{ARTICLE_SLUG}.md").exists()


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--region", "仁怀"], "没有名为 '仁怀' 的行政区划（是不是 '仁怀市'？）"),
        (["--region", "朝阳区"], "110105 北京市朝阳区; 220104 吉林省长春市朝阳区"),
        (["--date", "六月十日"], "--date"),
        (["--slug", "建会"], "--slug"),
    ],
)
def test_new_rejects_bad_arguments_in_chinese_and_english(site, cli, args, expected):
    code, out, err = cli("new", "article", "标题", *args)
    assert code == 2 and out == ""
    assert expected in err and "错误" in err and "error" in err
    assert not (site.root / "content/news").exists()


def test_region_additions_from_regions_yml_are_accepted(site, cli):
    site.write("data/regions.yml", "- {name: 仁怀经济开发区, id: renhuai-jkq, parent: 仁怀市}\n")
    assert cli("new", "worker", "赵红", "--region", "仁怀经济开发区")[0] == 0
    assert site.build().ok


def test_slugs_from_titles_and_names():
    assert title_slug(TITLE) == ARTICLE_SLUG
    assert title_slug("大连职工医疗互助活动迎来升级") == "dalian-zhigong-yiliao-huzhu"
    assert title_slug("renhuai-2022") == "renhuai-2022"
    assert title_slug("！！") == ""
    assert person_slug("陈世元") == "chen-shiyuan"
    assert person_slug("欧阳海") == "ouyang-hai"


# --- check --------------------------------------------------------------------------------------------------

BROKEN = {
    "content/news/2022/bad-date.md": ("---\ntitle: 甲\ndate: 六月十日\n---\n正文\n", 3, "GH301 字段 'date'"),
    "content/news/2022/unknown-field.md": ("---\ntitle: 乙\ndate: 2022-06-01\nsumary: 提示\n---\n", 4, "GH302 字段 'sumary' 不认识"),
    "content/news/2022/bad-region.md": ("---\ntitle: 丙\ndate: 2022-06-01\nregion: 英德县\n---\n", 4, "没有名为 '英德县' 的行政区划"),
    "content/news/2022/bad-campaign.md": (
        "---\ntitle: 丁\ndate: 2022-06-01\ncampaigns: "
        "[liuge-yibai]\n---\n", 4, "GH402 campaigns 里的 'liuge-yibai' 在 data/campaigns/ 里没有对应的记录"
    ),
    "data/training/bad-class.yml": (
        "title: 班\ncategory: 茶艺\norganizer: 总工会\nvenue: 中心\nfee: 0\ncapacity: 40\nenrolled: 42\n"
        "sessions:\n  - {start: 2022-07-01 19:00, end: 2022-07-01 21:00}\n",
        7,
        "GH301 字段 'enrolled'：应不超过名额 capacity 40，实际写的是 42 (wrong value)",
    ),
}


@pytest.fixture
def broken(site):
    for rel, (text, _, _) in BROKEN.items():
        site.write(rel, text)
    return site


def test_check_lists_every_problem_with_its_line(broken, cli):
    code, out, err = cli("check")
    assert code == 1
    assert f"发现 {len(BROKEN)} 处内容问题" in out
    for rel, (_, line, message) in BROKEN.items():
        assert re.search(rf"(?m)^{re.escape(rel)}:{line}: .*{re.escape(message)}", out), (rel, out)
    assert "Traceback" not in out + err  # a traceback is printed to standard error


def test_check_github_format_gives_one_annotation_per_problem(broken, cli):
    code, out, err = cli("check", "--format", "github")
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(BROKEN)
    assert all(GITHUB_LINE.match(line) for line in lines), out
    assert "::error file=content/news/2022/bad-date.md,line=3::GH301 字段 'date'" in out
    assert "::error file=data/training/bad-class.yml,line=7::GH301 字段 'enrolled'" in out
    assert "5 problem(s)" in err


def test_github_paths_are_from_the_workspace_when_mkdocs_yml_is_in_a_subfolder(site, monkeypatch, capsys):
    site.write("content/news/2022/bad-date.md", BROKEN["content/news/2022/bad-date.md"][0])
    monkeypatch.setenv("GITHUB_WORKSPACE", str(site.root.parent))
    assert main(["check", "-f", str(site.config()), "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith(f"::error file={site.root.name}/content/news/2022/bad-date.md,line=3::")


def test_check_on_a_clean_site_says_what_it_counted(site, cli):
    site.article("good", title="好稿")
    site.article("later", title="还没到时间", date="2027-01-01")
    site.write("data/workers/li-jing.yml", "name: 李静\n")
    code, out, _ = cli("check")
    assert code == 0
    assert out.strip() == (
        "检查通过：文章 2 篇（其中 1 篇是草稿或未到发布时间），专项行动 0 项，培训班 0 个，劳模工匠 1 人，地区成果 0 条 (OK: no problems)"
    )


def test_escaping_follows_githubs_workflow_command_rules():
    assert escape_data("50%\r\nok: a,b") == "50%25%0D%0Aok: a,b"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    problem = Problem("content/x,y.md", 0, "line one\nline two")
    assert github_annotation(problem, Path("/nowhere")) == "::error file=content/x%2Cy.md,line=1::line one%0Aline two"


# --- mkdocs.yml ---------------------------------------------------------------------------------------------


def test_config_is_read_without_mkdocs_and_tolerates_python_tags(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://example.org/\ndocs_dir: docs-zh\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  token: !ENV [TOKEN, none]\n"
        "plugins:\n  - search\n  - gonghui:\n      data_dir: records\n      build_date: '2026-11-24'\n",
        encoding="utf-8",
    )
    project = load_project(tmp_path / "mkdocs.yml")
    assert project.docs_dir == tmp_path / "docs-zh"
    assert project.sources.data_dir == tmp_path / "records"
    assert (project.site_url, project.options.build_date) == ("https://example.org/", "2026-11-24")


def test_defaults_when_the_plugin_has_no_options(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search, gonghui]\n", encoding="utf-8")
    project = load_project(tmp_path / "mkdocs.yml")
    assert (project.docs_dir, project.sources.data_dir, project.options.build_date) == (tmp_path / "docs", tmp_path / "data", None)


@pytest.mark.parametrize(
    "config,expected",
    [
        (None, "找不到配置文件"),
        ("site_name: [x\n", "mkdocs.yml:2: YAML"),
        ("- just a list\n", "expected a mapping"),
        ("site_name: x\nplugins:\n  - gonghui:\n      build_date: 六月\n", "build_date"),
    ],
)
def test_unusable_config_is_a_clear_message_with_exit_2(tmp_path, monkeypatch, capsys, config, expected):
    monkeypatch.chdir(tmp_path)
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err or expected in captured.out
    assert "Traceback" not in captured.err


# --- as a real command --------------------------------------------------------------------------------------


def run_module(site, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_WORKSPACE"}
    return subprocess.run(
        [sys.executable, "-m", "gonghui.cli", *args], cwd=site.root, capture_output=True, text=True, env=env, timeout=120
    )


def test_module_entry_point_reports_problems_without_a_traceback(broken):
    broken.config()
    run = run_module(broken, "check", "--format", "github")
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert len(run.stdout.splitlines()) == len(BROKEN)
    assert all(GITHUB_LINE.match(line) for line in run.stdout.splitlines())
    new = run_module(broken, "new", "article", TITLE, "--region", "朝阳区")
    assert new.returncode == 2 and "Traceback" not in new.stderr and "110105" in new.stderr


def test_check_never_imports_mkdocs(site):
    site.article("good")
    code = (
        "import sys\nfrom gonghui.cli import main\n"
        f"status = main(['-f', {str(site.config())!r}, 'check'])\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip().splitlines()[-1] == "0 []", run.stdout + run.stderr
