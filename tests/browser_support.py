"""Helpers for the browser tests: build the sample site, serve it, drive Debian's Chromium, guard the network.

Chromium is the distribution's own (`/usr/bin/chromium`, override with the environment variable CHROMIUM);
Playwright's downloaded browsers are never used (`playwright install` is not part of this project).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
SOURCE_DATE_EPOCH = "1795449600"  # 2026-11-24 00:00 UTC, the build date the other sample-site tests use

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def chromium_missing_message() -> str | None:
    """Why the browser tests cannot run, or None when Chromium is there."""
    path = Path(CHROMIUM)
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"Chromium not found at {CHROMIUM}. The browser tests drive the system Chromium, not a Playwright download: "
        "install it with `apt-get install chromium` (scripts/test.sh does this when run as root on Debian/Ubuntu), "
        "or point the environment variable CHROMIUM at a Chromium binary."
    )


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, closed afterwards; the test fails, saying how to install it, without it."""
    missing = chromium_missing_message()
    if missing:
        pytest.fail(missing, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def copy_sample_project(root: Path) -> Path:
    """Copy the repository's own site sources into `root` (a build rewrites published-urls.txt), return mkdocs.yml."""
    for name in ("mkdocs.yml", "content", "data", "published-urls.txt"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    # The sample site has the editing desk (desk: true), whose bundle the build copies from node_modules/.
    (root / "node_modules").symlink_to(REPO / "node_modules")
    return root / "mkdocs.yml"


def build_sample_site(root: Path, search_shard_pages: int | None = None) -> Path:
    """Copy the repository's own site sources into `root`, build them with a fixed build date, return the site dir.

    `search_shard_pages` makes even this small site's search index come in several shards.
    """
    copy_sample_project(root)
    if search_shard_pages is not None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        anchor = "  - gonghui:\n"
        assert anchor in text, "mkdocs.yml no longer configures gonghui as expected"
        config.write_text(text.replace(anchor, f"{anchor}      search_shard_pages: {search_shard_pages}\n"), encoding="utf-8")
    return build_copied_site(root)


def build_copied_site(root: Path) -> Path:
    """Build a copy made by `copy_sample_project` (`mkdocs build --strict`, fixed build date), return the site dir."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                         text=True, env=env, timeout=600)
    if run.returncode != 0:
        raise AssertionError("mkdocs build of the sample site failed:\n" + run.stdout + run.stderr)
    return root / "site"


def search_shards(site_dir: Path) -> dict[str, list[str]]:
    """URLs indexed in each bundle folder under site/pagefind/ ('' is the first)."""
    bundle = site_dir / "pagefind"
    out: dict[str, list[str]] = {}
    for entry in sorted(bundle.rglob("pagefind-entry.json")):
        folder = entry.parent.relative_to(bundle).as_posix()
        folder = "" if folder == "." else folder + "/"
        urls = []
        for fragment in sorted((entry.parent / "fragment").glob("*.pf_fragment")):
            text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
            urls.append(json.loads(text[len("pagefind_dcd"):])["url"])
        out[folder] = urls
    return out



class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".ics": "text/calendar; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):  # noqa: A002 - keep pytest output clean
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a background thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Guard:
    """Watches one browser context: blocks every request not to our server, records console errors."""

    base: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(f"{route.request.method} {url}")
            route.abort("blockedbyclient")

    def _watch_page(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _console(self, page, msg) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "") if isinstance(msg.location, dict) else ""
            self.console_errors.append(f"{page.url}: {msg.text} [{where}]")

    def problems(self) -> list[str]:
        return ([f"request to another host (blocked): {b}" for b in self.blocked]
                + [f"console error: {c}" for c in self.console_errors]
                + [f"page error: {e}" for e in self.page_errors])


def format_violations(where: str, violations: list[dict]) -> str:
    """axe-core violations, compact enough to read and fix from a CI log."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v.get('impact')}] {v['id']}: {v.get('help')} ({v.get('helpUrl')})")
        last_summary = None
        nodes = v.get("nodes", [])
        for node in nodes[:12]:
            html = " ".join((node.get("html") or "").split())
            lines.append(f"    {', '.join(map(str, node.get('target', [])))}  {html[:160]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary and summary != last_summary:
                lines.append(f"        {summary[:400]}")
                last_summary = summary
        if len(nodes) > 12:
            lines.append(f"    ... and {len(nodes) - 12} more elements")
    return "\n".join(lines)
