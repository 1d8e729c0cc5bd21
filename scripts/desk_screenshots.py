#!/usr/bin/env python3
"""Screenshots of the editing desk for the 编辑指南 (docs/screenshots/desk-*.jpg).

    .venv/bin/python scripts/desk_screenshots.py [--out docs/screenshots]

Runs the desk as tests/test_desk_browser.py does: a copy of the sample site in a temporary folder, `mkdocs serve`
and decap-server on 127.0.0.1, Debian's Chromium, requests to other hosts aborted. Shoots a new article being
written, a training class just saved, and a campaign our check rejects. Needs a CJK font
(apt-get install fonts-wqy-microhei), else Chinese shows as boxes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the same steps as the end-to-end test, written once

from browser_support import launched_chromium  # noqa: E402
from desk_support import field, fill_article, fill_training, open_desk, publish, running_desk  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        print("warning: no Chinese font: apt-get install fonts-wqy-microhei", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_desk(Path(tmp)) as desk, launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="Asia/Shanghai", locale="zh-CN")
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:")
                      else route.abort("blockedbyclient"))
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        fill_article(page, desk.site)
        page.locator("label").filter(has_text="地区").first.scroll_into_view_if_needed()
        page.screenshot(path=str(args.out / "desk-news-1280.jpg"), type="jpeg", quality=70)
        publish(page)
        page.locator("#gh-desk-report").wait_for(state="visible")
        fill_training(page, desk.site)
        publish(page)
        page.locator("#gh-desk-report").wait_for(state="visible")
        page.locator("label").filter(has_text="课次").first.scroll_into_view_if_needed()
        page.screenshot(path=str(args.out / "desk-training-1280.jpg"), type="jpeg", quality=70)
        open_desk(page, desk.site, "collections/campaigns/new")  # a mistake, and what the desk says about it
        field(page, "名称").fill("职工技能提升行动")
        field(page, "主办单位").fill("仁怀市总工会")
        field(page, "开始日期").fill("2026-12-01")
        field(page, "结束日期").fill("2026-11-01")
        publish(page)
        page.locator("#gh-desk-report.gh-bad").wait_for()
        page.screenshot(path=str(args.out / "desk-problem-1280.jpg"), type="jpeg", quality=70)
        context.close()
    print(f"wrote desk-news-1280.jpg, desk-training-1280.jpg and desk-problem-1280.jpg in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
