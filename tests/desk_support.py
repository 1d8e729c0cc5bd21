"""The editing desk as an editor runs it: `mkdocs serve` and decap-server (both on 127.0.0.1) over a copy of the site."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser_support import REPO, SOURCE_DATE_EPOCH, copy_sample_project

NODE = shutil.which("node") or "/usr/bin/node"
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 120, method: str = "GET") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            data = b'{"action":"info"}' if method == "POST" else None
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@dataclass
class Desk:
    root: Path  # the copied working copy the desk writes into
    site: str  # http://127.0.0.1:<port>/ of `mkdocs serve`


@contextmanager
def running_desk(root: Path) -> Iterator[Desk]:
    """A copy of the sample site in `root`, served with its desk; both servers stopped afterwards."""
    config = copy_sample_project(root)
    site_port, desk_port = free_port(), free_port()
    text = config.read_text(encoding="utf-8")
    anchor = "  - gonghui:\n"
    assert anchor in text, "mkdocs.yml no longer configures gonghui as expected"
    config.write_text(text.replace(anchor, f"{anchor}      desk_port: {desk_port}\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    processes = [
        subprocess.Popen([NODE, str(DECAP_SERVER)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env={**env, "PORT": str(desk_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
                              "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "error"}),
        subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{site_port}", "--dirty"],
                         cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env),
    ]
    try:
        _wait(f"http://127.0.0.1:{desk_port}/api/v1", processes[0], method="POST")
        _wait(f"http://127.0.0.1:{site_port}/admin/config.yml", processes[1])
        yield Desk(root, f"http://127.0.0.1:{site_port}/")
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ------------------------------------------------------------------ what an editor does in the desk (Playwright)

TITLE = "仁怀市总工会建会小分队走进酱香酒园区"
CAMPAIGN = "仁怀市总工会“建会小分队”专项行动"
CLASS = "职工夜校茶艺进阶班"
SESSIONS = (("2026-12-01T19:00", "2026-12-01T21:00"), ("2026-12-08T19:00", "2026-12-08T21:00"))


def field(page, label: str, last: bool = False):
    """The input a desk field's label points at (labels carry “(可选)”; ids carry numbers)."""
    labels = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}"))
    target = (labels.last if last else labels.first).get_attribute("for")
    return page.locator(f'[id="{target}"]')


def pick(page, label: str, typed: str, option: str) -> None:
    """A select or relation field (react-select): type, then choose the option shown."""
    field(page, label).fill(typed)
    page.get_by_text(option, exact=True).first.click()


def publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布", exact=True).click()


def open_desk(page, site: str, where: str) -> None:
    """Load the desk afresh at `where` (a route like collections/news/new), logging in when asked.

    A fresh load, not a change of the #route: Decap may hold a route change back while it compares the saved entry
    with the one shown (our preSave handler changes what is saved), which would leave the test on the old page.
    """
    page.goto("about:blank")
    page.goto(f"{site}admin/#/{where}")
    login = page.get_by_role("button", name="登录")
    page.locator("label").or_(login).first.wait_for()
    if login.is_visible():
        login.click()


def fill_article(page, site: str) -> None:
    """A new article: Chinese title, time, region, tags, a campaign from the relation list, body."""
    open_desk(page, site, "collections/news/new")
    field(page, "主题").fill(TITLE)
    field(page, "发布时间").fill("2026-11-20T08:30")
    pick(page, "地区", "仁怀市", "仁怀市（遵义市）")
    field(page, "标签").fill("建会入会, 新就业形态")
    pick(page, "相关专项行动", "建会", CAMPAIGN)
    body = page.locator('[aria-label="markdown field"] [contenteditable="true"]').first
    body.click()
    body.type("本报讯 仁怀市总工会建会小分队走进园区，为快递员、网约车司机办理入会手续。")


def fill_training(page, site: str) -> None:
    """A new training class with two sessions."""
    open_desk(page, site, "collections/training/new")
    for label, value in (("班名", CLASS), ("类别", "茶艺"), ("主办单位", "淮北市总工会"), ("地点", "淮北市职工服务中心"),
                         ("费用（元）", "0"), ("名额", "30")):
        field(page, label).fill(value)
    for start, end in SESSIONS:
        page.get_by_role("button", name=re.compile(r"新增\s*课次")).click()
        field(page, "开始时间", last=True).fill(start)
        field(page, "结束时间", last=True).fill(end)
