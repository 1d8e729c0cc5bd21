"""Chinese full-text search: a Pagefind index written next to the built pages.

Pagefind's extended build segments Chinese into words and splits the index into
small chunks, so a reader's first query downloads a few hundred kB whatever the
archive's size (figures in the README). It runs once over the finished HTML,
after every page is written; only elements marked `data-pagefind-body` are
indexed (articles and program pages, not listings).
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"

# What a search result is, shown as a filter on the search page.
KIND_ARTICLE = "新闻"
KIND_CAMPAIGN = "专项行动"
KIND_TRAINING = "职工培训"
KIND_WORKER = "劳模工匠"
KIND_REGION = "地区"
KIND_PAGE = "其他"

# Inside indexed pages, what is not the page's own text: Markdown's ¶ heading links.
EXCLUDE_SELECTORS = (".headerlink",)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message carries its own output."""


@dataclass(frozen=True)
class SearchIndexReport:
    pages: int
    words: int
    seconds: float


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the `pagefind_bin_extended` wheel (nothing downloaded)."""
    import pagefind_bin_extended

    return Path(pagefind_bin_extended.get_executable())


def build_search_index(site_dir: Path) -> SearchIndexReport:
    """Index the built site in `site_dir`, writing `site_dir/pagefind/`."""
    started = time.perf_counter()
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"search index: could not run Pagefind ({exc})") from None
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise SearchIndexError(f"search index: Pagefind failed (exit {result.returncode}):\n{output.strip()}")
    return SearchIndexReport(
        pages=_count(r"Indexed (\d+) pages?", output),
        words=_count(r"Indexed (\d+) words?", output),
        seconds=time.perf_counter() - started,
    )


def _count(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else 0
