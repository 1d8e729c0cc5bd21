"""How many files a redeploy uploads after one article's title is edited (issue 18: fewer than 30 on a
1,000-article site), by `gonghui deploy` against a real S3 server (moto, on 127.0.0.1).

The site is generated (scripts/benchlib, as the benchmarks do) with all its articles in one year: news is indexed
in a search shard per year, and one full shard of many index chunks is what makes the count meaningful. Pagefind
stores each word's positions on each page, so if the title's length moved the text's positions, every chunk
holding a word of the article would change (most of the shard's); only the chunks of the title's own words may.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import REPO, search_shards
from hosting_support import S3Server, moto_server

sys.path.insert(0, str(REPO / "scripts"))
from benchlib.generate import generate, write_site  # noqa: E402
from benchlib.measure import child_env  # noqa: E402
from benchlib.words import Pinyin, pick_regions  # noqa: E402

ARTICLES = 200
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
LIMIT = 30  # issue 18: "fewer than 30 files"
SUMMARY = re.compile(r"上传 (\d+) 个文件（([\d,]+) 字节），未变 (\d+) 个，删除 (\d+) 个")


@pytest.fixture(scope="module")
def s3(tmp_path_factory) -> S3Server:
    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path, str]:
    """(the site's folder, the edited article's file, its URL): ARTICLES articles of one year, built."""
    regions, _ = pick_regions()
    spec = generate(ARTICLES, 20240601, regions, Pinyin(), days=YEAR)
    root, _ = write_site(spec, tmp_path_factory.mktemp("edits"), baseline=False)
    build(root)
    rel, _front, _body, url = spec.articles[ARTICLES // 2]
    return root, root / "content" / rel, url


def build(root: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root, env=child_env(),
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def deploy(root: Path, s3: S3Server, *extra: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in child_env().items() if not key.startswith("AWS_")}  # not the machine's
    env.update(s3.keys.env(), AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE=os.devnull,
               AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    run = subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "-f", str(root / "mkdocs.yml"), "deploy", str(root / "site"),
         "s3://edits", "--endpoint", s3.endpoint, *extra], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def uploaded(run: subprocess.CompletedProcess) -> int:
    match = SUMMARY.search(run.stdout)
    assert match, run.stdout
    return int(match[1])


def test_a_title_edit_uploads_fewer_than_30_files_only_its_words_search_chunks_among_them(generated, s3):
    root, article, url = generated
    shard = next(folder for folder, urls in search_shards(root / "site").items() if url in urls)
    chunks = len(list((root / "site" / "pagefind" / shard / "index").glob("*.pf_index")))
    assert chunks >= 8, f"the article's search shard has {chunks} index chunks: too few to tell anything"
    s3.client().create_bucket(Bucket="edits")
    deploy(root, s3)

    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r'^title: "(.*)"$', r'title: "\1（更正）"', text, count=1, flags=re.M), encoding="utf-8")
    build(root)
    planned = [line.split(" ", 2)[2] for line in deploy(root, s3, "--dry-run").stdout.splitlines()
               if line.startswith("上传 (upload) ")]
    count = uploaded(deploy(root, s3))
    assert count == len(planned)
    search = sorted(key for key in planned if key.startswith("pagefind/"))
    # The shard's entry point and meta file, the page's fragment, the chunks of 更正 and 正 (and of a pair
    # of the text that the title's now claims first, written as one character): never most of the shard.
    assert len(search) <= 6, f"{len(search)} search files of a shard of {chunks} chunks changed: {search}"
    assert count < LIMIT, f"{count} files uploaded after a title edit: {sorted(planned)}"
