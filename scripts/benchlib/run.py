"""One size, both sites: generate, write, then measure ours and the baseline in the same order every time.

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

from .generate import generate, write_site
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


def run_size(result: dict[str, Any], args: argparse.Namespace, root: Path, regions: list[str], pinyin: Pinyin,
             browser: tuple[bool, str], checkpoint: Callable[[], None]) -> None:
    """Measure one size; fills `result` as it goes (calling `checkpoint` after each step)."""
    n = result["n"]
    t0 = time.perf_counter()
    spec = generate(n, args.seed, regions, pinyin)
    t1 = time.perf_counter()
    size_root = root / f"n{n}"
    ours, base = write_site(spec, size_root)
    t2 = time.perf_counter()
    result["generation"] = {
        **spec.counts, "body_chars_avg": round(spec.chars / max(n, 1)), "generate_s": round(t1 - t0, 2),
        "write_s": round(t2 - t1, 2), "folder": str(size_root),
    }
    print(f"\n== N={n}: generated {n} articles ({spec.counts['campaigns']} campaigns, {spec.counts['training']} "
          f"training classes, {spec.counts['workers']} workers, {spec.counts['achievement_files']} achievement files; "
          f"avg {result['generation']['body_chars_avg']} chars) in {t1 - t0:.1f} s + {t2 - t1:.1f} s writing "
          f"(both sites) → {size_root}", flush=True)
    logs = size_root / "logs"
    logs.mkdir(exist_ok=True)
    edit_index = n // 2
    rel, _front, _body, ours_url = spec.articles[edit_index]
    base_url = spec.baseline_urls[edit_index]

    for name, site, url in (("ours", ours, ours_url), ("baseline", base, base_url)):
        if args.only and args.only != name:
            continue
        is_ours = name == "ours"
        r: dict[str, Any] = {}
        result[name] = r
        progress(f"{name}: cold build")
        r["cold"] = timed_build(site, f"{name}-cold", logs, timings=is_ours, quiet_wait=args.quiet_wait)
        checkpoint()
        if r["cold"]["rc"] != 0:
            print(r["cold"].get("error", ""), file=sys.stderr)
            continue
        progress(f"{name}: cold build {r['cold']['wall']:.1f} s; sizes and search downloads")
        size, count = folder_size(site / "site")
        r["output"] = {"bytes": size, "files": count}
        r["search"] = search_report(site / "site", is_ours, browser)
        article = site / "content" / rel
        original = article.read_text(encoding="utf-8")
        append_paragraph(article, f"WARM{n}")
        progress(f"{name}: warm build after editing one article")
        r["warm_edit"] = timed_build(site, f"{name}-warm-edit", logs, timings=is_ours, quiet_wait=args.quiet_wait)
        checkpoint()
        record = site / "published-urls.txt"  # ours keeps it; the added article must not stay in it
        record_before = record.read_bytes() if record.is_file() else None
        added = new_article(site, spec, n)
        progress(f"{name}: warm build after adding one article")
        r["warm_add"] = timed_build(site, f"{name}-warm-add", logs, timings=is_ours, quiet_wait=args.quiet_wait)
        article.write_text(original, encoding="utf-8")
        added.unlink()
        if record_before is not None:
            record.write_bytes(record_before)
        checkpoint()
        if args.serve == "none" or (args.serve == "ours" and not is_ours):
            continue
        for dirty in (False, True):
            mode = "serve --dirty" if dirty else "serve"
            progress(f"{name}: {mode}: start, edit, wait for the marker")
            r[mode.replace(" --", "_")] = measure_serve(
                site, article, url, dirty, logs, f"{name}-{mode.replace(' --', '-')}", args.serve_timeout,
                args.quiet_wait)
            checkpoint()
    result["ratios"] = ratios(result)
    if not args.keep:
        shutil.rmtree(size_root, ignore_errors=True)


def progress(text: str) -> None:
    """A timestamped line, flushed at once: a long run is watched as it goes."""
    print(f"   [{time.strftime('%H:%M:%S')}] {text}", flush=True)
