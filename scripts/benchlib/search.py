"""Search index sizes and what a reader downloads for a first query, ours (Pagefind) and the baseline (lunr).

Ours is measured in Chromium (Playwright) loading /search/?q=工会 from a local server, counting each /pagefind/
response once; without Chromium it is estimated from the bundle's files, and the method says which.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import QUERY
from .measure import folder_size

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Response

CHROMIUM = "/usr/bin/chromium"  # Debian's, as the browser tests use it (scripts/test.sh installs it)


def gz_size(path: Path) -> int:
    """Bytes on the wire with gzip (level 6, as a typical server), never more than the file itself."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's chunks are gzip already
        return len(data)
    return min(len(data), len(gzip.compress(data, 6)))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site as a static server, plus a blank page to run pagefind.js on when /search/ cannot."""

    harness = b""

    def do_GET(self) -> None:  # http.server's name
        if self.path.split("?", 1)[0] == "/__bench_search__.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.harness)))
            self.end_headers()
            self.wfile.write(self.harness)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the benchmark prints its own lines
        pass


HARNESS = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head>
<body><p>Pagefind harness</p></body></html>"""

HARNESS_JS = """async (query) => {
  const pf = await import('/pagefind/pagefind.js');
  if (pf.init) await pf.init();
  const search = await pf.search(query);
  const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  return {results: search.results.length, first: data.map(d => d.url)};
}"""


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Handler, directory=str(folder))
    _Handler.harness = HARNESS.encode("utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def classify(name: str) -> str:
    """The kind of a Pagefind file, by its name; "ui" is the search box's own script and styles."""
    if name.endswith(".pf_index"):
        return "index"
    if name.endswith(".pf_fragment"):
        return "fragment"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.endswith(".pf_filter"):
        return "filter"
    if name.startswith("wasm."):
        return "wasm"
    if name in ("pagefind-entry.json", "gonghui-shards.json"):
        return "entry"
    if name in ("pagefind.js", "pagefind-worker.js"):
        return name
    if name.startswith(("pagefind-ui", "pagefind-component-ui")):
        return "ui"
    return "other"


def browser_available() -> tuple[bool, str]:
    """(True, "") when Chromium and Playwright are both there, else (False, what is missing)."""
    if not Path(CHROMIUM).exists():
        return False, f"no {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return False, f"playwright not importable ({exc})"
    return True, ""


def pagefind_downloads_browser(site_dir: Path) -> dict[str, Any]:
    """Load /search/?q=工会 in Chromium; sum /pagefind/ responses. Falls back to a pagefind.js harness page."""
    from playwright.sync_api import sync_playwright

    server, port = serve_folder(site_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            try:
                fetched: list[str] = []
                how = ""
                if (site_dir / "search" / "index.html").is_file():
                    fetched = _record_pagefind(browser, f"{base}/search/?q={urllib.parse.quote(QUERY)}", None)
                    how = "exact: Chromium loading /search/?q=工会"
                if not any(path.endswith(".pf_index") for path in fetched):
                    why = ("the search page ran no query" if fetched or how
                           else "no /search/ page")
                    fetched = _record_pagefind(browser, f"{base}/__bench_search__.html", QUERY)
                    how = f"exact: Chromium, pagefind.js API search + 5 result fragments on a harness page ({why})"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return summarize_downloads(site_dir, fetched, how)


def _record_pagefind(browser: Browser, url: str, harness_query: str | None) -> list[str]:
    """/pagefind/ paths fetched by `url` (and by a pagefind.js search for `harness_query`), until 2 s pass quietly."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    last = [time.perf_counter()]

    def on_response(response: Response) -> None:
        path = urllib.parse.urlparse(response.url).path
        if path.startswith("/pagefind/") and response.status == 200:
            seen.append(urllib.parse.unquote(path))
            last[0] = time.perf_counter()

    page.on("response", on_response)
    try:
        page.goto(url, wait_until="networkidle", timeout=60_000)
        if harness_query is not None:
            page.evaluate(HARNESS_JS, harness_query)
        started = time.perf_counter()
        while time.perf_counter() - last[0] < 2.0 and time.perf_counter() - started < 30:
            page.wait_for_timeout(250)
    finally:
        context.close()
    return list(dict.fromkeys(seen))


def summarize_downloads(site_dir: Path, paths: list[str], how: str) -> dict[str, Any]:
    """Raw and gzip bytes of the fetched files by kind; the UI's files are left out of "bytes" (cached once)."""
    by_kind: dict[str, int] = {}
    total = total_gz = ui_gz = 0
    files: list[dict[str, Any]] = []
    for path in paths:
        file = site_dir / path.lstrip("/")
        if not file.is_file():
            continue
        size = file.stat().st_size
        kind = classify(file.name)
        by_kind[kind] = by_kind.get(kind, 0) + size
        files.append({"path": path, "bytes": size, "kind": kind})
        total += size
        zipped = gz_size(file)
        total_gz += zipped
        if kind == "ui":
            ui_gz += zipped
    return {"method": how, "bytes": total - by_kind.get("ui", 0), "bytes_gzip": total_gz - ui_gz,
            "bytes_with_ui": total, "bytes_gzip_with_ui": total_gz, "by_kind": by_kind, "files": files}


def pagefind_downloads_estimate(site_dir: Path, why: str) -> dict[str, Any]:
    """pagefind.js (+ worker) + entry + wasm + meta of the main language + the largest index chunk + 5 average fragments."""
    bundle = site_dir / "pagefind"
    entry_path = bundle / "pagefind-entry.json"
    parts: dict[str, int] = {}
    for script in ("pagefind.js", "pagefind-worker.js"):  # Pagefind 1.5 searches in a web worker
        if (bundle / script).is_file():
            parts[script] = (bundle / script).stat().st_size
    wasm: Path | None = None
    meta: Path | None = None
    if entry_path.is_file():
        parts["entry"] = entry_path.stat().st_size
        try:
            languages = json.loads(entry_path.read_text(encoding="utf-8")).get("languages", {})
            _lang, info = max(languages.items(), key=lambda kv: kv[1].get("page_count", 0))
            wasm = bundle / f"wasm.{info.get('wasm') or 'unknown'}.pagefind"
            meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        except (ValueError, KeyError, json.JSONDecodeError):
            pass
    for key, path, pattern in (("wasm", wasm, "wasm.*.pagefind"), ("meta", meta, "pagefind.*.pf_meta")):
        if path is None or not path.is_file():
            found = sorted(bundle.glob(pattern), key=lambda p: p.stat().st_size, reverse=True)
            path = found[0] if found else None
        if path is not None:
            parts[key] = path.stat().st_size
    chunks = [p.stat().st_size for p in (bundle / "index").glob("*.pf_index")]
    fragments = [p.stat().st_size for p in (bundle / "fragment").glob("*.pf_fragment")]
    if chunks:
        parts["index (largest chunk)"] = max(chunks)
    if fragments:
        parts["fragment (5 × average)"] = int(5 * sum(fragments) / len(fragments))
    return {"method": f"APPROXIMATION ({why}): pagefind.js (+ pagefind-worker.js) + entry + wasm + meta + "
                      "largest index chunk + 5 average fragments",
            "bytes": sum(parts.values()), "by_kind": parts}


def search_report(site_dir: Path, ours: bool, use_browser: tuple[bool, str]) -> dict[str, Any]:
    """Index size and first-query downloads: Pagefind's bundle for ours, else Material's lunr index and worker."""
    out: dict[str, Any] = {}
    bundle = site_dir / "pagefind"
    lunr_index = site_dir / "search" / "search_index.json"
    workers = [p for p in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.js")
               if not p.name.endswith(".map")]
    if ours and bundle.is_dir():
        size, count = folder_size(bundle)
        shards = len(list(bundle.rglob("pagefind-entry.json")))
        out["index"] = {"what": f"site/pagefind/ ({shards} shard{'s' if shards != 1 else ''})", "bytes": size,
                        "files": count, "shards": shards}
        ok, why = use_browser
        if ok:
            try:
                out["first_query"] = pagefind_downloads_browser(site_dir)
            except Exception as exc:  # noqa: BLE001 - a browser failure must not stop the benchmark
                out["first_query"] = pagefind_downloads_estimate(site_dir, f"browser failed: {exc}")
        else:
            out["first_query"] = pagefind_downloads_estimate(site_dir, why)
    elif lunr_index.is_file():
        size = lunr_index.stat().st_size
        what = "site/search/search_index.json" + ("" if not ours else " (Material lunr; no site/pagefind/ yet)")
        out["index"] = {"what": what, "bytes": size, "files": 1}
        files = [lunr_index] + workers
        out["first_query"] = {
            "method": "search_index.json + Material's search worker JS" + (" (lunr; no Pagefind yet)" if ours else ""),
            "bytes": sum(p.stat().st_size for p in files),
            "bytes_gzip": sum(gz_size(p) for p in files),
            "by_kind": {p.name: p.stat().st_size for p in files},
        }
    else:
        out["index"] = None
        out["first_query"] = None
    return out
