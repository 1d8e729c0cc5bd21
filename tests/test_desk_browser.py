"""End to end: an editor uses the desk at /admin/ (Decap CMS, local mode) in Chromium; what it writes passes
`gonghui check`, builds and shows on its pages. No request leaves 127.0.0.1 during the whole test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from browser_support import SOURCE_DATE_EPOCH, build_copied_site, launched_chromium
from desk_support import CAMPAIGN, CLASS, TITLE, field, fill_article, fill_training, open_desk, publish, running_desk
from gonghui.core.text.naming import title_slug


@pytest.fixture(scope="module")
def desk_session(tmp_path_factory):
    """One browser session: an article, a rejected campaign, an achievements file opened, a training class."""
    root = tmp_path_factory.mktemp("desk")
    outside: list[str] = []
    with running_desk(root) as desk, launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Shanghai",
                                      locale="zh-CN")

        def guard(route) -> None:  # both our servers are on 127.0.0.1; anything else is refused and recorded
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("dialog", lambda dialog: dialog.accept())  # “leave this page?” after a save: yes
        fill_article(page, desk.site)
        publish(page)
        report = page.locator("#gh-desk-report")
        report.wait_for(state="visible")
        news_report = report.inner_text()
        # The preview rebuilt on its own: the new article's page is there.
        preview = context.request
        url = f"{desk.site}news/2026/11/{title_slug(TITLE)}/"
        page.wait_for_function(
            "async (url) => (await fetch(url, {cache: 'no-store'})).ok", arg=url, polling=1000, timeout=120_000)
        preview_html = preview.get(url).text()

        # A campaign ending before it starts: saved, and our check's own message is shown, in red.
        open_desk(page, desk.site, "collections/campaigns/new")
        field(page, "名称").fill("测试行动")
        field(page, "主办单位").fill("仁怀市总工会")
        field(page, "开始日期").fill("2026-12-01")
        field(page, "结束日期").fill("2026-11-01")
        publish(page)
        page.wait_for_function("document.querySelector('#gh-desk-report.gh-bad') !== null")
        bad_report = report.inner_text()

        # An achievements file (a YAML list) opens with its records.
        open_desk(page, desk.site, "collections/achievements/entries/renhuai-2022")
        page.get_by_text("“建会小分队”数量：4个", exact=False).first.wait_for()
        (root / "data" / "campaigns" / f"{title_slug('测试行动')}.yml").unlink()  # the rejected one: gone again

        fill_training(page, desk.site)
        publish(page)
        report.wait_for(state="visible")
        training_report = report.inner_text()
        context.close()
        yield root, [news_report, training_report], preview_html, bad_report, outside


def test_desk_writes_files_that_pass_check_and_build(desk_session):
    root, reports, preview_html, bad_report, outside = desk_session
    assert not outside, f"the desk made requests outside 127.0.0.1: {outside}"
    assert all("检查通过" in report for report in reports), reports
    assert TITLE in preview_html, "the preview did not show the saved article"
    assert "GH301" in bad_report and "应为开始日期 start 2026-12-01 当天或之后的日期" in bad_report, bad_report
    article = root / "content" / "news" / "2026" / f"{title_slug(TITLE)}.md"
    assert article.is_file(), sorted(p.name for p in (root / "content" / "news").rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    assert f"title: {TITLE}" in text and "region: 仁怀市" in text and "renhuai-jianhui-xiaofendui-2022" in text
    assert "建会入会" in text and "本报讯" in text
    training = root / "data" / "training" / f"{title_slug(CLASS)}.yml"
    assert training.is_file(), sorted(p.name for p in (root / "data" / "training").iterdir())
    assert training.read_text(encoding="utf-8").count("start:") == 2

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    check = subprocess.run([sys.executable, "-m", "gonghui.cli", "check"], cwd=root, capture_output=True, text=True,
                           env=env, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    site = build_copied_site(root)
    pages = {p: p.read_text(encoding="utf-8") for p in site.glob("news/2026/*/*/index.html")}
    shown = [p for p, html in pages.items() if TITLE in html]
    assert shown, "the article has no page"
    assert CAMPAIGN in shown[0].read_text(encoding="utf-8")
    training_page = (site / "training" / title_slug(CLASS) / "index.html").read_text(encoding="utf-8")
    assert CLASS in training_page and "12月1日" in training_page and "12月8日" in training_page
