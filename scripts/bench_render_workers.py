#!/usr/bin/env python3
"""Issue 17: `mkdocs build` of the synthetic site with article pages rendered serially and by worker processes.

Generates the benchmark's site of N articles once (benchlib.generate, same seed as bench.py), then times
cold `mkdocs build`s alternating GONGHUI_RENDER_WORKERS=1 and the given worker counts, each in a fresh
measuring process (wall time, peak RSS of the whole process tree: parent, workers, search feeder,
Pagefind), and prints the median per setting; `--check` also compares the sites file by file.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python scripts/bench_render_workers.py --size 10000 --runs 2 --keep /tmp/bench-rw
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchlib.generate import generate, write_site
from benchlib.measure import timed_build
from benchlib.words import Pinyin, pick_regions

SEED = 20240601


def same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ (or exist on one side only) between two site folders."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    differ += [name for name in sorted(files_a & files_b) if not filecmp.cmp(a / name, b / name, shallow=False)]
    return differ


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", default="2", help="comma-separated worker counts to compare with 1")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR (reused when it holds the site already)")
    parser.add_argument("--check", action="store_true", help="compare each setting's site with the serial one")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    root = Path(args.keep or tempfile.mkdtemp(prefix="gonghui-rw-")).resolve()
    site = root / f"n{args.size}" / "ours"
    if not (site / "mkdocs.yml").is_file():
        regions, _ = pick_regions()
        spec = generate(args.size, SEED, regions, Pinyin())
        write_site(spec, root / f"n{args.size}")
        shutil.rmtree(root / f"n{args.size}" / "baseline", ignore_errors=True)
        print(f"generated {args.size} articles in {site}", flush=True)
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    settings = ["1", *[w.strip() for w in args.workers.split(",") if w.strip()]]
    results: dict[str, list[dict]] = {w: [] for w in settings}
    for run in range(args.runs):
        for workers in settings if run % 2 == 0 else list(reversed(settings)):  # alternate the order
            os.environ["GONGHUI_RENDER_WORKERS"] = workers
            result = timed_build(site, f"w{workers}-run{run}", logs, timings=False, quiet_wait=20)
            if result["rc"] != 0:
                print(result.get("error", ""), file=sys.stderr)
                return 1
            results[workers].append(result)
            print(f"workers={workers} run {run}: {result['wall']:.1f} s, tree peak {result['tree_peak_bytes'] / 2**20:.0f} MB, "
                  f"user+sys {result['user'] + result['sys']:.1f} s", flush=True)
            if args.check:
                kept = root / f"site-w{workers}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(site / "site", kept)
    if args.check:
        for workers in settings[1:]:
            differ = same_tree(root / "site-w1", root / f"site-w{workers}")
            print(f"workers={workers} vs 1: {'identical' if not differ else f'{len(differ)} files differ: {differ[:5]}'}")
    summary = {w: {"wall_median_s": round(statistics.median(r["wall"] for r in rs), 1),
                   "tree_peak_mb_median": round(statistics.median(r["tree_peak_bytes"] for r in rs) / 2**20),
                   "cpu_s_median": round(statistics.median(r["user"] + r["sys"] for r in rs), 1)}
               for w, rs in results.items()}
    print(json.dumps(summary, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "runs": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
