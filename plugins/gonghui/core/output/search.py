"""Chinese full-text search: a Pagefind index written next to the built pages.

Pagefind splits the index into small chunks, so a reader's first query downloads a
few hundred kB whatever the archive's size (figures in the README); the Chinese text
reaches it already cut into overlapping two-character tokens (`search_text`). Articles and program pages are indexed,
not listings; only their own content, never navigation or other site chrome.

Indexing runs beside the build from its start: as soon as a page's content is
rendered, a small document of just that content (`search_document`) is handed over
(`SearchIndexer.add`) to a feeder process (`search_feeder`), which passes pages to
Pagefind one at a time in build order (so the index is reproducible) and cuts the
site into shards of at most `pages_per_shard` pages, one Pagefind process after the
other (so memory stays bounded). MkDocs' thread only queues the document; a writer
thread sends queued documents to the feeder in batches.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from ..generate.pages import SEARCH_KIND_KEYS, SearchDate
from ..messages import define
from .search_text import INDEX_LANGUAGE, without_ignored

BUNDLE_DIR = "pagefind"
# Pagefind needs about 0.75 MB per page at its peak (our two-character tokens): 2,000 pages are about
# 1.5 GB. Each further shard adds about 35–50 kB to a reader's first query (its metadata and index chunk).
PAGES_PER_SHARD = 2000
UNDATED = "0000-00-00"
# The id of the title indexed after a page's text (`search_document`); assets/gonghui-search.js knows it too.
TITLE_ID = "gh-search-title"
FIRST_H1 = re.compile(r"<h1(?P<attributes>(?:\s[^>]*)?)>(?P<inner>.*?)</h1\s*>", re.S | re.I)
H1_ID = re.compile(r"""\sid\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)

SEARCH_FAILED = define("GH480", "搜索索引没能建成，这次构建不发布，网站保持原样；请把后面的原因转给网站管理员：{reason}",
                       "Pagefind（站内搜索）出错：没装好、中途退出或报告了问题")


SEARCH_PLUGIN = define("GH481", "plugins 里的 search 插件和 gonghui 的中文搜索（Pagefind）重复，而且它的索引随文章越来越大；"
                       "从 plugins 里删掉 - search (the search plugin duplicates gonghui's Chinese search)",
                       "mkdocs.yml 的 plugins 里还留着 MkDocs 自带的 search 插件（运维设置）")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says what it reported."""


@dataclass(frozen=True)
class SearchIndexReport:
    pages: int
    words: int
    shards: int
    seconds: float
    built: int = 0  # shards indexed by Pagefind in this build
    reused: int = 0  # shards taken from the shard cache
    linked: int = 0  # files the same as the live site's, linked from it
    at_once: int = 0  # the most shards Pagefind indexed side by side
    spilled: int = 0  # pages parked on disk while their shard waited for a Pagefind (`spilled_pages`)
    notes: list[str] = field(default_factory=list)


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the `pagefind_bin_extended` wheel (nothing downloaded)."""
    import pagefind_bin_extended

    return Path(pagefind_bin_extended.get_executable())


def kind_key(kind: str) -> str:
    """The name a kind of page (新闻 …) has in the shard list and on the search page (news …)."""
    return SEARCH_KIND_KEYS.get(kind, kind)


def search_message(html: str, url: str, kind: str, part: str = "") -> bytes:
    """One page's search document as the feeder reads it: a line of JSON. The page cache keeps it so, and a warm
    build sends it again as it is (no decoding and encoding 10,000 documents)."""
    message = {"url": url, "html": html, "kind": kind_key(kind), "part": part}
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def search_document(content_html: str, title: str, kind: str, date: SearchDate | None = None) -> str:
    """What Pagefind reads for one page: its rendered content and its title, cut for search.

    `title` is plain text. The page's title heading, its first <h1> (an article's headline) or one made
    from `title` when it has none (as the theme adds it), goes AFTER the content, marked with TITLE_ID
    (`title_last`). The feeder cuts the text into the tokens `search_text` describes (in its own
    process: it is a millisecond or two a page); title, kind and date go in as they are, for results.
    Every page has a date to sort by (Pagefind leaves pages without one out of a sorted search): an
    undated page sorts last. The date is in the metadata as `date` too, for merging sorted shards.
    What Pagefind is told to leave out (`data-pagefind-ignore`: a programme's latest stories) is left out
    of the document already (`without_ignored`), so that such a part changing does not change it.
    """
    content_html, heading = title_last(without_ignored(content_html), title)
    sort_key = date.key if date else UNDATED
    meta = [("title", title), ("类型", kind), ("date", sort_key)] + ([("日期", date.label)] if date and date.label else [])
    fields = "".join(f'<span data-pagefind-meta="{escape(key)}:{escape(value)}"></span>' for key, value in meta)
    return (
        f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body><main data-pagefind-body>{fields}<span data-pagefind-sort="date:{escape(sort_key)}"></span>'
        f"{content_html}{heading}</main></body></html>"
    )


def title_last(content_html: str, title: str) -> tuple[str, str]:
    """(the content without its first <h1>, that heading with the id TITLE_ID; made from `title` if none).

    Pagefind numbers a page's words in order and stores each word's positions on the page. A title in
    front moves every word of the text when its length changes, so an edited title rewrote every index
    chunk holding any word of the page (25 files of a redeploy); after the text, only the chunks of the
    title's own words change. As an <h1> it keeps its weight (Pagefind ranks by weight and frequency,
    not position), it claims its pairs first (`search_text.index_html`), and the search page leaves it
    out of excerpts (a result shows its title above the excerpt).
    """
    found = FIRST_H1.search(content_html)
    if found is None:
        return content_html, f'<h1 id="{TITLE_ID}">{escape(title)}</h1>'
    attributes = H1_ID.sub("", found["attributes"])
    heading = f'<h1 id="{TITLE_ID}"{attributes}>{found["inner"]}</h1>'
    return content_html[: found.start()] + content_html[found.end():], heading


class SearchIndexer:
    """Indexes pages handed over during the build; `write` puts the index into the site."""

    def __init__(self, executable: Path | None = None, pages_per_shard: int = PAGES_PER_SHARD,
                 cache_dir: Path | None = None) -> None:
        self.started = time.perf_counter()
        package_root = str(Path(__file__).resolve().parents[2])  # so the feeder imports this gonghui
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "gonghui.core.output.search_feeder",
                   str(executable or pagefind_executable()), str(pages_per_shard), str(cache_dir or "")]
        try:
            self._feeder = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise SearchIndexError(f"search index: could not start its feeder ({exc})") from None
        self._queue: queue.SimpleQueue[dict[str, Any] | bytes | None] = queue.SimpleQueue()
        self._send_error = ""
        try:
            self._answer()  # {"ready": true} once Pagefind runs
        except SearchIndexError:
            self.close()
            raise
        self._writer = threading.Thread(target=self._send, name="pagefind-feed", daemon=True)
        self._writer.start()

    def expect(self, pages_by_part: dict[tuple[str, str], int]) -> None:
        """How many pages of each kind (新闻, 劳模工匠 …) and part (a year of news) will be added, in the order their
        shards are to be listed, so that shards come out the same size."""
        self._queue.put({"expect": [[kind_key(kind), part, n] for (kind, part), n in pages_by_part.items()]})

    def add(self, html: str, url: str, kind: str, part: str = "") -> None:
        """Queue one page's search document under its site-absolute URL, e.g. /news/2022/06/x/, with its
        kind (新闻, 劳模工匠 …) and part (an article's year): each is indexed in shards of its own."""
        self._queue.put(search_message(html, url, kind, part))

    def add_message(self, message: bytes) -> None:
        """Queue one page's search document as `search_message` made it."""
        self._queue.put(message)

    def write(self, site_dir: Path, previous_site: Path | None = None) -> SearchIndexReport:
        """Wait for every page to be indexed, write `site_dir/pagefind/`, stop the feeder. Files the same as in
        `previous_site` (the live site) are linked from it."""
        try:
            previous = str(previous_site / BUNDLE_DIR) if previous_site is not None else None
            self._queue.put({"finish": str(site_dir / BUNDLE_DIR), "previous": previous})
            self._queue.put(None)
            self._writer.join()
            reply = self._answer()
        finally:
            self.close()
        return SearchIndexReport(reply["pages"], reply["words"], reply["shards"], time.perf_counter() - self.started,
                                 reply.get("built", 0), reply.get("reused", 0), linked=reply.get("linked", 0),
                                 at_once=reply.get("at_once", 0), spilled=reply.get("spilled", 0),
                                 notes=reply.get("notes", []))

    def close(self) -> None:
        """Stop the feeder and its Pagefind (also when the build failed or was interrupted)."""
        if self._feeder.poll() is None:
            self._feeder.kill()
        self._feeder.wait()
        for stream in (self._feeder.stdin, self._feeder.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass

    def _send(self) -> None:
        """Writer thread: queued messages to the feeder, as many per write as are waiting."""
        stdin = self._feeder.stdin
        assert stdin is not None
        done = False
        while not done:
            batch = [self._queue.get()]
            while len(batch) < 256:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if batch[-1] is None:
                done = True
                batch.pop()
            try:
                stdin.write(b"".join(m if isinstance(m, bytes) else json.dumps(m, ensure_ascii=False).encode("utf-8") + b"\n"
                                     for m in batch))
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError) as exc:  # the feeder stopped; its answer says why
                self._send_error = str(exc)
                return

    def _answer(self) -> dict[str, Any]:
        stdout = self._feeder.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise SearchIndexError(f"search index: its feeder stopped ({self._send_error or 'no answer'})")
        answer = json.loads(line)
        if "error" in answer:
            raise SearchIndexError(f"search index: {answer['error']}")
        return answer
