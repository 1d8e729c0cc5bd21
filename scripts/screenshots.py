#!/usr/bin/env python3
"""Screenshots of every page kind of the sample site, on a phone (390 px) and a desktop (1280 px).

    NO_MKDOCS_2_WARNING=1 .venv/bin/python scripts/screenshots.py                 # build, shoot into screenshots/
    .venv/bin/python scripts/screenshots.py --site /tmp/site --out /tmp/shots --kinds home,region
    .venv/bin/python scripts/screenshots.py --viewport-only --format jpeg         # small files, e.g. for docs/

Builds the repository's sample site in a temporary copy (a build rewrites published-urls.txt) with a fixed
build date, unless --site names a built site; serves it on 127.0.0.1 and drives Debian's Chromium through
Playwright (/usr/bin/chromium, or $CHROMIUM). Requests to any other host are aborted. Without a CJK font
Chinese shows as boxes: the script says so and which Debian package to install.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SOURCE_DATE_EPOCH = "1795449600"  # 2026-11-24 00:00 UTC, the build date the tests use: same pages every run
WIDTHS = (390, 1280)
HEIGHTS = {390: 844, 1280: 800}
FONT_HINT = "apt-get install fonts-noto-cjk (or the smaller fonts-wqy-microhei)"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


# --------------------------------------------------------------------------------------- pages to shoot


def _first(site: Path, pattern: str, preferred: str = "") -> str | None:
    """The site-relative URL of the preferred page matching `pattern`, else the first in order."""
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(pattern))
    if preferred in found:
        return preferred
    return found[0] if found else None


def page_urls(site: Path) -> dict[str, str]:
    """One URL per page kind found in `site` (a kind the site does not have is left out)."""
    candidates: dict[str, str | None] = {
        "home": "",
        "article": _first(site, "news/[0-9]*/[0-9]*/*/index.html", "news/2022/06/huaibei-zhigong-yexiao-chayi/"),
        "news": "news/",
        "archive": "news/archive/",
        "tags": "tags/",
        "tag": _first(site, "tags/*/index.html"),
        "campaigns": "campaigns/",
        "campaign": _first(site, "campaigns/*/index.html", "campaigns/renhuai-jianhui-xiaofendui-2022/"),
        "classes": "training/",
        "class": _first(site, "training/*/index.html", "training/huaibei-yexiao-chayi-2022/"),
        "workers": "workers/",
        "worker": _first(site, "workers/*/index.html", "workers/chen-shiyuan/"),
        "regions": "regions/",
        "region": _first(site, "regions/*/index.html", "regions/520382/"),
        "search": "search/?q=" + "%E5%B7%A5%E4%BC%9A",  # 工会
        "404": "404.html",
    }
    out = {}
    for kind, url in candidates.items():
        if url is None:
            continue
        path = site / url.split("?")[0]
        if path.is_file() or (path / "index.html").is_file():
            out[kind] = url
    return out


# --------------------------------------------------------------------------------------- build and serve


def build_site(root: Path) -> Path:
    """Copy the sample project into `root` and build it there; returns the site directory."""
    for name in ("mkdocs.yml", "content", "data", "published-urls.txt"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy(source, root / name)
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **os.environ}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=root,
                         capture_output=True, text=True, env=env, timeout=600)
    if run.returncode != 0:
        raise SystemExit("mkdocs build failed:\n" + run.stdout + run.stderr)
    return root / "site"


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Module scripts and the search index need their own types; the stdlib's table varies by platform.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL ending in '/'."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------- shoot


def cjk_font_missing() -> bool:
    """True when fontconfig knows no Chinese font (or fc-list is missing): Chinese would show as boxes."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return True
    return not listed.strip()


def shoot(site: Path, out: Path, kinds: list[str], widths: tuple[int, ...], full_page: bool, fmt: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    urls = page_urls(site)
    unknown = [k for k in kinds if k not in urls]
    if unknown:
        raise SystemExit(f"no page of kind {', '.join(unknown)} in {site}; kinds: {', '.join(urls)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for width in widths:
                phone = width < 600
                context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 800)},
                                              is_mobile=phone, has_touch=phone, device_scale_factor=1,
                                              locale="zh-CN", timezone_id="Asia/Shanghai", service_workers="block")
                # Nothing from another host: a screenshot shows what our own files draw.
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                              else route.abort("blockedbyclient"))
                page = context.new_page()
                for kind in kinds:
                    page.goto(base + urls[kind], wait_until="load")
                    if kind == "search":  # results come from a script: wait for them (or give up quietly)
                        try:
                            page.wait_for_selector(".gh-result__title a", timeout=10_000)
                        except Exception:  # noqa: BLE001 - a screenshot without results still helps
                            print(f"warning: no search results shown on {urls[kind]}", file=sys.stderr)
                    target = out / f"{kind}-{width}.{'jpg' if fmt == 'jpeg' else 'png'}"
                    extra = {"quality": 70} if fmt == "jpeg" else {}
                    page.screenshot(path=str(target), full_page=full_page, type=fmt, **extra)
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample site in a temp folder)")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="folder for the images")
    parser.add_argument("--kinds", help="comma-separated page kinds (default: all); --list shows them")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="viewport widths in CSS px")
    parser.add_argument("--viewport-only", action="store_true", help="the first screenful, not the full page")
    parser.add_argument("--format", choices=("png", "jpeg"), default="png")
    parser.add_argument("--list", action="store_true", help="print the page kinds and their URLs, then stop")
    args = parser.parse_args(argv)

    if cjk_font_missing():
        print(f"warning: no Chinese font installed (fc-list :lang=zh is empty): Chinese text will show as boxes. "
              f"On Debian/Ubuntu: {FONT_HINT}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="gonghui-shots-") as tmp:
        site = args.site or build_site(Path(tmp))
        if args.list:
            for kind, url in page_urls(site).items():
                print(f"{kind:10} /{url}")
            return 0
        kinds = args.kinds.split(",") if args.kinds else list(page_urls(site))
        widths = tuple(int(w) for w in args.widths.split(","))
        for path in shoot(site, args.out, kinds, widths, not args.viewport_only, args.format):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
