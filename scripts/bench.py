#!/usr/bin/env python3
"""Issue 6 and 17 benchmark: our build (gonghui plugin) against plain MkDocs + Material and against Hugo.

For each size N it generates a deterministic synthetic site of N Chinese news
articles (plus program data in proportion), builds it with our mkdocs.yml
("ours"), with plain MkDocs + Material and its default `search` plugin
("baseline") and, when the system has `hugo` (Debian: apt-get install hugo), as
a Hugo site with minimal layouts of its own ("hugo": articles, the paginated
news list, tag pages; no search index, no program pages). It reports: cold
build time (ours without .cache/, Hugo without public/ and resources/) and the
peak memory of each build's whole process tree; issue 17's warm build after
adding 20 articles and editing one (caches kept); warm rebuilds after editing
and after adding one article; edit-to-preview time in `mkdocs serve` (plain and
--dirty); our code's share of the build (GONGHUI_TIMINGS) and its time per
1,000 articles between sizes; output size, search index size and the bytes a
reader downloads for a first query; and issue 17's ratios against its targets.

Run it with the project's venv (it imports the plugin's region table and uses
Playwright, when present, to measure search downloads in Chromium):

    NO_MKDOCS_2_WARNING=1 .venv/bin/python scripts/bench.py --sizes 200
    .venv/bin/python scripts/bench.py                      # 1000,10000
    .venv/bin/python scripts/bench.py --sizes 100000 --skip-baseline --serve none --json bench-100k.json
    .venv/bin/python scripts/bench.py --sizes 1000 --json bench.json --keep /tmp/bench

This file parses the arguments and runs the sizes; the stages are in benchlib/
(words, generate, hugo, measure, search, run, report). Standard library only, plus what the
venv already has (PyYAML, pypinyin, playwright); each is optional and the script
says when it does without.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

# Run as a script, Python puts this folder first on sys.path: benchlib imports as a package from here.
from benchlib.measure import measure_child
from benchlib.report import machine_info, print_report, ratios, write_json
from benchlib.run import run_size
from benchlib.search import browser_available
from benchlib.words import Pinyin, pick_regions

SEED = 20240601


def parse_args(argv: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated article counts (default: %(default)s; 100000 as a run of its own)")
    parser.add_argument("--only", choices=("ours", "baseline", "hugo"), help="build only one of the three sites")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="do not write or build plain MkDocs + Material (e.g. at 100,000 articles)")
    parser.add_argument("--skip-hugo", action="store_true", help="do not write or build the Hugo site")
    parser.add_argument("--skip-rebuilds", action="store_true",
                        help="only the cold and the warm (+20, 1 edited) builds: no one-article rebuilds (100,000)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the sites (default: a temp folder, removed)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--serve", choices=("ours", "both", "none"), default="ours",
                        help="measure edit-to-preview in mkdocs serve for ours (default), both sites, or none")
    parser.add_argument("--quiet-wait", type=float, default=30,
                        help="before each build, wait up to this many seconds for other processes to go quiet (default: %(default)s)")
    parser.add_argument("--serve-timeout", type=float, default=900, help="seconds to wait in mkdocs serve (default: %(default)s)")
    parser.add_argument("--report", metavar="FILE", help="only print the table of a JSON file an earlier run wrote")
    return parser, parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:  # the intermediate process of one timed build (measure.timed_build)
        measure_child(argv[1])
        return 0
    parser, args = parse_args(argv)
    if args.report:
        saved = json.loads(Path(args.report).read_text(encoding="utf-8"))
        print_report(saved["machine"], saved["results"])
        return 0
    args.quiet_wait = max(0.0, args.quiet_wait)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if any(n < 10 for n in sizes):
        parser.error("each size must be at least 10 articles")

    machine = machine_info()
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="gonghui-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    regions, region_source = pick_regions()
    pinyin = Pinyin()
    browser = browser_available()
    print(f"Regions: {len(regions)} from {region_source}; browser: {'Chromium + Playwright' if browser[0] else browser[1]}")
    print(f"Sites in {root}{'' if args.keep else ' (removed afterwards; --keep DIR keeps them)'}")
    results: list[dict[str, Any]] = []

    def checkpoint() -> None:  # after every measurement: an interrupted run keeps what it measured
        if args.json:
            write_json(args.json, machine, args, results)

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt  # run the clean-up below (stops any mkdocs serve) and report what we have

    signal.signal(signal.SIGTERM, on_term)
    interrupted = False
    try:
        for n in sizes:
            result: dict[str, Any] = {"n": n}
            results.append(result)
            run_size(result, args, root, regions, pinyin, browser, checkpoint)
            checkpoint()
    except KeyboardInterrupt:
        interrupted = True
        print("\nInterrupted: reporting what was measured so far.", file=sys.stderr)
        for result in results:
            result["ratios"] = ratios(result)
        checkpoint()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print_report(machine, [r for r in results if "generation" in r])
    if args.json:
        write_json(args.json, machine, args, results)
        print(f"\nJSON written to {args.json}")
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
