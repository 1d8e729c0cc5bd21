#!/usr/bin/env python3
"""Issue 18 benchmark: how many files `gonghui deploy` uploads when a 1,000-article site is redeployed.

It generates the synthetic site of scripts/bench.py (same seed), builds it, starts moto's S3 server on 127.0.0.1
(from the test extra), and deploys with gonghui's own code: first deploy, an unchanged rebuild, then four edits of
one article, each rebuilt and redeployed: a paragraph appended (bench.py's edit), one character corrected, the
title changed at its end (which also changes the listings and feeds that show it), and at its start. It prints,
for each deploy, the files and bytes uploaded, the files left and deleted, and the build and deploy times, with the
uploaded files by kind (--json: every uploaded key too).

    NO_MKDOCS_2_WARNING=1 .venv/bin/python scripts/bench_deploy.py [--articles 1000] [--keep DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib.generate import generate, write_site
from benchlib.measure import append_paragraph, child_env
from benchlib.report import machine_info
from benchlib.words import Pinyin, pick_regions
from gonghui.core.hosting.deploy import Outcome, Upload, run_deploy
from gonghui.core.hosting.s3 import S3Store, parse_target
from gonghui.core.hosting.sitefiles import site_files

SEED = 20240601
BUCKET = "bench-site"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(site: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=site, env=child_env(),
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("build failed:\n" + run.stdout + run.stderr)
    return time.perf_counter() - started


def kind(key: str) -> str:
    if key.endswith(".html"):
        return "page"
    if "/pagefind/" in "/" + key:
        return "search"
    if key.endswith((".xml", ".ics", ".json")):
        return "feed/data"
    return "other"


class Counting:
    """The real S3 store, remembering the keys it was given."""

    def __init__(self, store: S3Store) -> None:
        self.store, self.keys = store, []  # type: tuple[S3Store, list[str]]

    def list(self):  # noqa: ANN201 - the Store protocol's
        return self.store.list()

    def put(self, upload: Upload) -> None:
        self.store.put(upload)
        self.keys.append(upload.file.key)

    def delete(self, keys) -> None:  # noqa: ANN001
        self.store.delete(keys)


def deploy(store: S3Store, site: Path, label: str, build_s: float, results: list[dict[str, Any]]) -> None:
    counting = Counting(store)
    started = time.perf_counter()
    outcome: Outcome = run_deploy(counting, site_files(site / "site"))
    took = time.perf_counter() - started
    kinds = dict(collections.Counter(kind(k) for k in counting.keys))
    row = {"step": label, "build_s": round(build_s, 1), "deploy_s": round(took, 1), "uploaded": outcome.uploaded,
           "uploaded_bytes": outcome.uploaded_bytes, "unchanged": outcome.unchanged, "deleted": outcome.deleted,
           "by_kind": kinds, "keys": sorted(counting.keys)}
    results.append(row)
    print(f"{label:<28} build {build_s:5.1f} s  deploy {took:5.1f} s  uploaded {outcome.uploaded:5d} "
          f"({outcome.uploaded_bytes:,} bytes)  unchanged {outcome.unchanged:5d}  deleted {outcome.deleted:3d}  {kinds}",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temp folder)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gonghui-deploy-bench-"))
    regions, _ = pick_regions()
    spec = generate(args.articles, SEED, regions, Pinyin())
    site, _ = write_site(spec, root / f"n{args.articles}", baseline=False)
    rel, _front, _body, _url = spec.articles[args.articles // 2]
    article = site / "content" / rel
    port = free_port()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: list[dict[str, Any]] = []
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        endpoint = f"http://127.0.0.1:{port}"
        store = S3Store(parse_target(f"s3://{BUCKET}"), endpoint=endpoint)
        store.client.create_bucket(Bucket=BUCKET)
        print(f"{args.articles} articles in {site}; S3 server {endpoint}", flush=True)
        deploy(store, site, "first deploy", build(site), results)
        deploy(store, site, "unchanged rebuild", build(site), results)
        append_paragraph(article, "DEPLOY")
        deploy(store, site, "one paragraph appended", build(site), results)
        text = article.read_text(encoding="utf-8")
        body_at = text.index("\n---\n", 4) + 5
        first = re.search(r"[\u4e00-\u9fff]", text[body_at:])
        assert first is not None
        at = body_at + first.start()
        article.write_text(text[:at] + ("工" if text[at] != "工" else "会") + text[at + 1:], encoding="utf-8")
        deploy(store, site, "one character corrected", build(site), results)
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r'^title: "(.*)"$', r'title: "\1（更正）"', text, count=1, flags=re.M), encoding="utf-8")
        deploy(store, site, "title changed", build(site), results)
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r'^title: "(.*)"$', r'title: "关于\1"', text, count=1, flags=re.M), encoding="utf-8")
        deploy(store, site, "title's start changed", build(site), results)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine_info(), "date": time.strftime("%Y-%m-%d"),
                                               "articles": args.articles, "results": results}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
