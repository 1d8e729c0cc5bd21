"""End to end: an editor uses the desk at /admin/ (Decap CMS, local mode) in Chromium; what it writes passes
`gonghui check`, builds and shows on its pages. No request leaves 127.0.0.1 during the whole test."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from browser_support import SOURCE_DATE_EPOCH, build_copied_site, launched_chromium
from desk_support import running_desk
from gonghui.core.text.naming import title_slug

TITLE = "仁怀市总工会建会小分队走进酱香酒园区"
CAMPAIGN = "仁怀市总工会“建会小分队”专项行动"
CLASS = "职工夜校茶艺进阶班"


def _field(page, label: str):
    """The input a desk field's label points at (labels carry “(可选)”; ids carry numbers)."""
    target = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}")).first.get_attribute("for")
    return page.locator(f'[id="{target}"]')


def _pick(page, label: str, typed: str, option: str) -> None:
    """A select or relation field (react-select): type, then choose the option shown."""
    _field(page, label).fill(typed)
    page.get_by_text(option, exact=True).first.click()


def _publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布", exact=True).click()


@pytest.fixture(scope="module")
def desk_session(tmp_path_factory):
    """One browser session: a news article and a training class written through the desk."""
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
        page.goto(desk.site + "admin/")
        page.get_by_role("button", name="登录").click()

        page.goto(desk.site + "admin/#/collections/news/new")
        _field(page, "主题").fill(TITLE)
        _field(page, "发布时间").fill("2026-11-20T08:30")
        _pick(page, "地区", "仁怀市", "仁怀市（遵义市）")
        _field(page, "标签").fill("建会入会, 新就业形态")
        _pick(page, "相关专项行动", "建会", CAMPAIGN)
        body = page.locator('[aria-label="markdown field"] [contenteditable="true"]').first
        body.click()
        body.type("本报讯 仁怀市总工会建会小分队走进园区，为快递员、网约车司机办理入会手续。")
        _publish(page)
        report = page.locator("#gh-desk-report")
        try:
            report.wait_for(state="visible")
        except Exception:
            page.screenshot(path="/tmp/desk3.png")
            print(page.inner_text("body")[:2000])
            raise
        news_report = report.inner_text()

        page.goto(desk.site + "admin/#/collections/training/new")
        for label, value in (("班名", CLASS), ("类别", "茶艺"), ("主办单位", "淮北市总工会"), ("地点", "淮北市职工服务中心"),
                             ("费用（元）", "0"), ("名额", "30")):
            _field(page, label).fill(value)
        for start, end in (("2026-12-01T19:00", "2026-12-01T21:00"), ("2026-12-08T19:00", "2026-12-08T21:00")):
            page.get_by_role("button", name=re.compile(r"新增\s*课次")).click()
            page.locator("label").filter(has_text=re.compile("^开始时间")).last.wait_for()
            _field_last(page, "开始时间").fill(start)
            _field_last(page, "结束时间").fill(end)
        _publish(page)
        page.wait_for_function("document.getElementById('gh-desk-report').innerText.includes('检查')")
        page.screenshot(path=str(root / "desk-training.png"))
        context.close()
        yield root, news_report, outside


def _field_last(page, label: str):
    target = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}")).last.get_attribute("for")
    return page.locator(f'[id="{target}"]')


def test_desk_writes_files_that_pass_check_and_build(desk_session):
    root, news_report, outside = desk_session
    assert not outside, f"the desk made requests outside 127.0.0.1: {outside}"
    assert "检查通过" in news_report, news_report
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
