#!/usr/bin/env python3
"""Search recall benchmark: how many of the pages that say a query the search page finds.

For a fixed list of queries (benchlib/recall.py: organisations, places, people, programmes, digits mixed with
Chinese, typed with and without spaces), it counts the pages whose indexed text contains each query and how
many of them the site's own search script finds in Chromium, and prints the recall, the queries that find
nothing, the index size and what a reader's first query downloads.

    .venv/bin/python scripts/search_recall.py                       # the repository's sample site, built here
    .venv/bin/python scripts/search_recall.py --bench 10000         # the synthetic site of scripts/bench.py
    .venv/bin/python scripts/search_recall.py --site DIR/site --queries bench   # a site already built

Figures, not a timed test: tests/test_search_recall.py asserts recall per query on the sample site.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import BUILD_MOMENT, REPO
from benchlib.measure import folder_size
from benchlib.recall import BENCH_QUERIES, SAMPLE_QUERIES, QueryRecall, measure_recall, summary
from benchlib.search import CHROMIUM, pagefind_downloads_browser, serve_folder

SEED = 20240601  # scripts/bench.py's


def build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(BUILD_MOMENT.timestamp()))}
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env,
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"build of {project} failed:\n{run.stdout}{run.stderr}")
    return time.perf_counter() - started


def sample_project(root: Path) -> Path:
    for name in ("mkdocs.yml", "content", "data", "published-urls.txt"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def bench_project(root: Path, n: int) -> Path:
    from benchlib.generate import generate, write_site
    from benchlib.words import Pinyin, pick_regions

    regions, _how = pick_regions()
    ours, _ = write_site(generate(n, SEED, regions, Pinyin()), root)
    return ours


def recall_in_browser(site_dir: Path, queries: list[tuple[str, str]]) -> list[QueryRecall]:
    from playwright.sync_api import sync_playwright

    server, port = serve_folder(site_dir)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                page.set_default_timeout(600_000)
                return measure_recall(page, f"http://127.0.0.1:{port}/", site_dir, queries)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def index_size(site_dir: Path) -> dict[str, Any]:
    bundle = site_dir / "pagefind"
    shards = json.loads((bundle / "gonghui-shards.json").read_text(encoding="utf-8"))["bundles"]
    size, files = folder_size(bundle)
    return {"bytes": size, "files": files, "bundles": len(shards) + 1}  # the first bundle is not listed


def report(name: str, results: list[QueryRecall], index: dict[str, Any], first: dict[str, Any]) -> None:
    total = summary(results)
    print(f"\n{name}: {total['queries']} queries, {total['queries_on_site']} of them on some indexed page")
    print(f"  recall {total['recall']:.4f} ({total['pages_found']} of {total['pages_expected']} pages that say the query)")
    print(f"  queries on the site that find nothing: {total['empty'] or 'none'}")
    for query, missed in total["missed"].items():
        print(f"  missed for {query!r}: {missed[:5]}{' …' if len(missed) > 5 else ''}")
    print(f"  results that hold the query's parts apart, not as one string: {total['extra_results']}")
    print(f"  index: {index['bytes'] / 1e6:.1f} MB in {index['files']} files, {index['bundles']} bundles")
    print(f"  first query ({first.get('method', '')}): {first.get('bytes_gzip', 0) / 1000:.0f} kB gzip, "
          f"{first.get('bytes', 0) / 1000:.0f} kB raw")
    print(f"  {'query':<16} {'kind':<22} {'pages':>6} {'found':>6} {'recall':>7} {'others':>7}")
    for r in results:
        print(f"  {r.query:<16} {r.kind:<22} {len(r.expected):>6} {len(r.expected) - len(r.missed):>6} {r.recall:>7.3f}"
              f" {r.extra:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--bench", type=int, metavar="N", help="generate and build the synthetic site of N articles")
    parser.add_argument("--site", type=Path, help="measure this built site folder instead of building one")
    parser.add_argument("--queries", choices=("sample", "bench"), help="which query list (default: by site)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    root = args.keep or Path(tempfile.mkdtemp(prefix="gonghui-recall-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        build_seconds = None
        if args.site:
            site_dir = args.site
        else:
            project = bench_project(root, args.bench) if args.bench else sample_project(root)
            build_seconds = build(project)
            site_dir = project / "site"
        which = args.queries or ("bench" if args.bench else "sample")
        queries = BENCH_QUERIES if which == "bench" else SAMPLE_QUERIES
        results = recall_in_browser(site_dir, queries)
        index = index_size(site_dir)
        first = pagefind_downloads_browser(site_dir)
        name = f"{'synthetic ' + str(args.bench) + '-article' if args.bench else which} site {site_dir}"
        report(name, results, index, first)
        if build_seconds is not None:
            print(f"  build: {build_seconds:.1f} s")
        if args.json:
            out = {"site": str(site_dir), "summary": summary(results), "index": index,
                   "first_query": {k: v for k, v in first.items() if k != "files"}, "build_seconds": build_seconds,
                   "queries": [{"query": r.query, "kind": r.kind, "pages": len(r.expected), "recall": r.recall}
                               for r in results]}
            args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
