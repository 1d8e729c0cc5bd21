"""One size, all sites: generate, write, then measure ours, the baseline and Hugo in the same order every time.

Each step's figures land in the size's result dict at once and `checkpoint` saves them, so an interrupted run
still reports everything it measured.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .generate import SiteSpec, generate, write_site
from .hugo import clean_hugo, hugo_available, hugo_front, write_hugo_site
from .measure import (
    append_paragraph,
    folder_size,
    measure_serve,
    new_article,
    timed_build,
)
from .report import ratios
from .search import search_report
from .words import Pinyin

WARM_ADDED = 20  # issue 17's warm build: this many new articles and one edited


def chosen_sites(args: argparse.Namespace) -> set[str]:
    """The sites to build: --only one, else all three less --skip-baseline / --skip-hugo."""
    if args.only:
        return {args.only}
    return {"ours", "baseline", "hugo"} - ({"baseline"} if args.skip_baseline else set()) - (
        {"hugo"} if args.skip_hugo else set())


def run_size(result: dict[str, Any], args: argparse.Namespace, root: Path, regions: list[str], pinyin: Pinyin,
             browser: tuple[bool, str], checkpoint: Callable[[], None]) -> None:
    """Measure one size; fills `result` as it goes (calling `checkpoint` after each step)."""
    n = result["n"]
    sites = chosen_sites(args)
    t0 = time.perf_counter()
    spec = generate(n, args.seed, regions, pinyin)
    t1 = time.perf_counter()
    size_root = root / f"n{n}"
    ours, base = write_site(spec, size_root, baseline="baseline" in sites)
    hugo_path, hugo_note = hugo_available() if "hugo" in sites else (None, "not asked for")
    hugo = write_hugo_site(spec, size_root) if hugo_path else None
    t2 = time.perf_counter()
    result["generation"] = {
        **spec.counts, "body_chars_avg": round(spec.chars / max(n, 1)), "generate_s": round(t1 - t0, 2),
        "write_s": round(t2 - t1, 2), "folder": str(size_root),
    }
    written = [s for s in ("ours", "baseline", "hugo") if s in sites and (s != "hugo" or hugo)]
    print(f"\n== N={n}: generated {n} articles ({spec.counts['campaigns']} campaigns, {spec.counts['training']} "
          f"training classes, {spec.counts['workers']} workers, {spec.counts['achievement_files']} achievement files; "
          f"avg {result['generation']['body_chars_avg']} chars) in {t1 - t0:.1f} s + {t2 - t1:.1f} s writing "
          f"({', '.join(written)}) → {size_root}", flush=True)
    if "hugo" in sites:
        result["hugo"] = {"version": hugo_note} if hugo_path else {"skipped": hugo_note}
        print(f"   Hugo: {hugo_note}", flush=True)
    logs = size_root / "logs"
    logs.mkdir(exist_ok=True)
    edit_index = n // 2
    rel, _front, _body, ours_url = spec.articles[edit_index]
    base_url = spec.baseline_urls[edit_index]
    for name, site, url in (("ours", ours, ours_url), ("baseline", base, base_url), ("hugo", hugo, ours_url)):
        if name not in sites or site is None:
            continue
        cmd = [hugo_path, "--quiet"] if name == "hugo" and hugo_path else None
        measure_site(result.setdefault(name, {}), name, site, cmd, spec, rel, url, args, logs, browser, checkpoint)
    result["ratios"] = ratios(result)
    if not args.keep:
        shutil.rmtree(size_root, ignore_errors=True)


def measure_site(r: dict[str, Any], name: str, site: Path, cmd: list[str] | None, spec: SiteSpec, rel: str, url: str,
                 args: argparse.Namespace, logs: Path, browser: tuple[bool, str], checkpoint: Callable[[], None]) -> None:
    """One site of one size: cold build (no caches), issue 17's warm build, then (MkDocs sites) the one-article
    rebuilds and `mkdocs serve`. Every edit is undone after its build."""
    n = len(spec.articles)
    is_ours, is_hugo = name == "ours", name == "hugo"

    def build(label: str) -> dict[str, Any]:
        return timed_build(site, f"{name}-{label}", logs, timings=is_ours, quiet_wait=args.quiet_wait, cmd=cmd)

    if is_hugo:
        clean_hugo(site)
        progress("hugo: cold build (deleted public/ and resources/ first)")
    else:
        shutil.rmtree(site / ".cache", ignore_errors=True)  # ours: the photo cache, Pagefind's and the build cache
        progress(f"{name}: cold build (deleted .cache/ first)")
    r["cold"] = build("cold")
    checkpoint()
    if r["cold"]["rc"] != 0:
        print(r["cold"].get("error", ""), file=sys.stderr)
        return
    progress(f"{name}: cold build {r['cold']['wall']:.1f} s; sizes{'' if is_hugo else ' and search downloads'}")
    size, count = folder_size(site / ("public" if is_hugo else "site"))
    r["output"] = {"bytes": size, "files": count}
    if not is_hugo:
        r["search"] = search_report(site / "site", is_ours, browser)
    article = site / "content" / rel
    original = article.read_text(encoding="utf-8")
    record = site / "published-urls.txt"  # ours keeps it; the added articles must not stay in it
    record_before = record.read_bytes() if record.is_file() else None

    def restore(added: list[Path]) -> None:
        article.write_text(original, encoding="utf-8")
        for path in added:
            path.unlink()
        if record_before is not None:
            record.write_bytes(record_before)

    # Issue 17's warm scenario, straight after the cold build and with its caches: 20 new articles, one edited.
    hook = hugo_front if is_hugo else None
    added = [new_article(site, spec, n, k, hook) for k in range(1, WARM_ADDED + 1)]
    append_paragraph(article, f"WARM{n}")
    progress(f"{name}: warm build after adding {WARM_ADDED} articles and editing one (caches kept)")
    r["warm_20"] = build("warm-20")
    restore(added)
    checkpoint()
    if r["warm_20"]["rc"] != 0:
        print(r["warm_20"].get("error", ""), file=sys.stderr)
    if is_hugo or args.skip_rebuilds:
        return
    append_paragraph(article, f"WARM{n}")
    progress(f"{name}: warm build after editing one article")
    r["warm_edit"] = build("warm-edit")
    article.write_text(original, encoding="utf-8")
    checkpoint()
    added = [new_article(site, spec, n)]
    progress(f"{name}: warm build after adding one article")
    r["warm_add"] = build("warm-add")
    restore(added)
    checkpoint()
    if args.serve == "none" or (args.serve == "ours" and not is_ours):
        return
    for dirty in (False, True):
        mode = "serve --dirty" if dirty else "serve"
        progress(f"{name}: {mode}: start, edit, wait for the marker")
        r[mode.replace(" --", "_")] = measure_serve(
            site, article, url, dirty, logs, f"{name}-{mode.replace(' --', '-')}", args.serve_timeout,
            args.quiet_wait)
        checkpoint()


def progress(text: str) -> None:
    """A timestamped line, flushed at once: a long run is watched as it goes."""
    print(f"   [{time.strftime('%H:%M:%S')}] {text}", flush=True)
