"""How many files a redeploy uploads after one article's title is edited (issue 18: fewer than 30 on a
1,000-article site, measured by scripts/bench_deploy.py), by `gonghui deploy` against a real S3 server (moto).

The site is generated (scripts/benchlib, as the benchmarks do) with all its articles in one year: news is indexed
in a search shard per year, and one full shard of many index chunks is what makes the count meaningful. Pagefind
stores each word's positions on each page, so if the title's length moved the text's positions, every chunk
holding a word of the article would change (most of the shard's); only the chunks of the title's new words may.
How many pages and feeds show an article depends on the article (its tags, region, related reports): the test
checks that those are exactly what is uploaded besides the search files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import REPO, search_shards
from gonghui.core.output.search_text import readable
from hosting_support import DEPLOY_SUMMARY, S3Server

sys.path.insert(0, str(REPO / "scripts"))
from benchlib.generate import generate, write_site  # noqa: E402
from benchlib.measure import child_env  # noqa: E402
from benchlib.words import Pinyin, pick_regions  # noqa: E402

ARTICLES = 200
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
NEW_TITLE = "（更正）"  # appended to the title
NEW_START = "关于"  # then put before it


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
    match = DEPLOY_SUMMARY.search(run.stdout)
    assert match, run.stdout
    return int(match[1])


def edit_and_redeploy(root: Path, s3: S3Server, article: Path, edit: Callable[[str], str]) -> list[str]:
    """The keys a redeploy uploads after `edit` changed the article's file and the site was rebuilt."""
    article.write_text(edit(article.read_text(encoding="utf-8")), encoding="utf-8")
    build(root)
    planned = [line.split(" ", 2)[2] for line in deploy(root, s3, "--dry-run").stdout.splitlines()
               if line.startswith("上传 (upload) ")]
    assert uploaded(deploy(root, s3)) == len(planned)
    return sorted(planned)


def correct_first_character(text: str) -> str:
    """One character of the first paragraph replaced by another: the text keeps its length."""
    body_at = text.index("\n---\n", 4) + 5
    at = body_at + re.search(r"[\u4e00-\u9fff]", text[body_at:]).start()  # type: ignore[union-attr]
    return text[:at] + ("工" if text[at] != "工" else "会") + text[at + 1:]


def append_to_title(text: str) -> str:
    return re.sub(r'^title: "(.*)"$', rf'title: "\1{NEW_TITLE}"', text, count=1, flags=re.M)


def prepend_to_title(text: str) -> str:
    return re.sub(r'^title: "(.*)"$', rf'title: "{NEW_START}\1"', text, count=1, flags=re.M)


def test_a_title_edit_uploads_what_a_one_character_fix_does_and_its_new_words_search_chunks(generated, s3):
    root, article, url = generated
    shard = next(folder for folder, urls in search_shards(root / "site").items() if url in urls)
    chunks = len(list((root / "site" / "pagefind" / shard / "index").glob("*.pf_index")))
    assert chunks >= 8, f"the article's search shard has {chunks} index chunks: too few to tell anything"
    s3.client().create_bucket(Bucket="edits")
    deploy(root, s3)

    fixed = edit_and_redeploy(root, s3, article, correct_first_character)
    for edit, new_words in ((append_to_title, NEW_TITLE), (prepend_to_title, NEW_START)):
        retitled = edit_and_redeploy(root, s3, article, edit)
        search = [key for key in retitled if key.startswith("pagefind/")]
        shown = [key for key in retitled if key not in search]
        # Pages and feeds: those that show the new title, no other (listings, related reports, feeds, programs.json).
        assert all(new_words in shows(root / "site" / key) for key in shown), (edit.__name__, shown)
        assert {key for key in fixed if not key.startswith("pagefind/")} <= set(shown)
        # The article's shard: its entry point and meta file, the page's fragment, the chunks of the new units
        # (更正 and 正, or 关于 and the pair it makes with the title's first character; one more when an index
        # chunk's boundary moves). Never most of the shard, as when the title moved the whole text, nor the
        # chunks of every unit of the title, as when a title kept in reading order moved at its start.
        own = [key for key in search if bundle_of(key) == shard]
        assert len(own) <= 7, f"{edit.__name__}: {len(own)} search files of a shard of {chunks} chunks changed: {own}"
        # Other shards change only where another indexed page shows the title (a region page's figures cite it).
        for other in {bundle_of(key) for key in search} - {shard}:
            fragments = [key for key in search if bundle_of(key) == other and key.endswith(".pf_fragment")]
            assert any(new_words in fragment_text(root / "site" / key) for key in fragments), (other, search)


def bundle_of(key: str) -> str:
    """The shard folder a search file is in, as `search_shards` names it ('' for the first)."""
    found = re.match(r"pagefind/(shard-\d+/)", key)
    return found[1] if found else ""


def fragment_text(path: Path) -> str:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return readable(json.loads(text[len("pagefind_dcd"):])["content"])


def shows(path: Path) -> str:
    """A page's or feed's text, a JSON file's strings as they read."""
    text = path.read_text(encoding="utf-8")
    return json.dumps(json.loads(text), ensure_ascii=False) if path.suffix == ".json" else text
