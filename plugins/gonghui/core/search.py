"""Chinese full-text search: a Pagefind index written next to the built pages.

Pagefind's extended build segments Chinese into words and splits the index into
small chunks, so a reader's first query downloads a few hundred kB whatever the
archive's size (figures in the README). Articles and program pages are indexed,
not listings; only their own content, never navigation or other site chrome.

Indexing runs in Pagefind's own process from the start of the build: as soon as
a page's content is rendered, a small document of just that content (`search_document`)
is handed over (`SearchIndexer.add`), so Pagefind works on the second core while
MkDocs goes on with the rest, instead of reading the finished site afterwards.
Pages go to Pagefind one at a time, in build order, from a sender thread: Pagefind
handles overlapping requests concurrently, and its index (file names included)
depends on the order pages arrive, so the same site must always arrive the same way. We speak Pagefind's
service protocol (base64 JSON messages separated by commas, the one its Python
package uses) directly, because that package's reader takes one reply per
0.1 s, which is 17 minutes for 10,000 pages.
"""

from __future__ import annotations

import base64
import json
import queue
from html import escape
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLE_DIR = "pagefind"

# What a search result is, kept as the result's 类型 metadata. Not a Pagefind filter: Pagefind
# writes filters in a different order on each run (a Rust HashMap), which breaks reproducible builds.
KIND_ARTICLE = "新闻"
KIND_CAMPAIGN = "专项行动"
KIND_TRAINING = "职工培训"
KIND_WORKER = "劳模工匠"
KIND_REGION = "地区"
KIND_PAGE = "其他"

# Inside indexed pages, what is not the page's own text: Markdown's ¶ heading links.
EXCLUDE_SELECTORS = (".headerlink",)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says what it reported."""


@dataclass(frozen=True)
class SearchIndexReport:
    pages: int
    words: int
    seconds: float


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the `pagefind_bin_extended` wheel (nothing downloaded)."""
    import pagefind_bin_extended

    return Path(pagefind_bin_extended.get_executable())


def search_document(content_html: str, title: str, kind: str) -> str:
    """What Pagefind reads for one page: its rendered content under its title, with its `kind`.

    `title` is plain text. Pages whose content has no <h1> get one, as the theme adds it.
    """
    heading = "" if "<h1" in content_html else f"<h1>{escape(title)}</h1>"
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body><main data-pagefind-body data-pagefind-meta="类型:{escape(kind)}">{heading}{content_html}</main></body></html>'
    )


class SearchIndexer:
    """One Pagefind service process fed page by page; `write` finishes the index on disk."""

    def __init__(self, executable: Path | None = None) -> None:
        self.started = time.perf_counter()
        self.pages = 0
        self.words = 0
        self.errors: list[str] = []
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._lock = threading.Condition()
        self._reader_failed = ""
        command = [str(executable or pagefind_executable()), "--service"]
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
        except OSError as exc:
            raise SearchIndexError(f"search index: could not start Pagefind ({exc})") from None
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_pages, name="pagefind-pages", daemon=True)
        self._reader = threading.Thread(target=self._read_replies, name="pagefind-replies", daemon=True)
        self._reader.start()
        config = {"exclude_selectors": list(EXCLUDE_SELECTORS)}
        try:
            reply = self._wait(self._send({"type": "NewIndex", "config": config}))
        except SearchIndexError:
            self.close()  # a service that answers but cannot start an index must not be left running
            raise
        self._index_id = reply["index_id"]
        self._sender.start()

    def add(self, html: str, url: str) -> None:
        """Queue one page's search document under its site-absolute URL, e.g. /news/2022/06/x/."""
        self._queue.put((html, url))

    def _send_pages(self) -> None:
        while (item := self._queue.get()) is not None:
            html, url = item
            payload = {"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None}
            try:
                reply = self._wait(self._send(payload))
            except SearchIndexError as exc:
                self.errors.append(str(exc))
                return
            self.pages += 1
            self.words += int(reply.get("page_word_count") or 0)

    def write(self, site_dir: Path) -> SearchIndexReport:
        """Wait for every page, write `site_dir/pagefind/`, stop the service."""
        try:
            self._queue.put(None)
            self._sender.join()
            if self.errors:
                raise SearchIndexError("search index: Pagefind could not index " + "; ".join(self.errors[:5]))
            # GetFiles, not WriteFiles: Pagefind answers WriteFiles before its files are complete, and
            # stopping the service then can leave them truncated. We write what it hands back.
            reply = self._wait(self._send({"type": "GetFiles", "index_id": self._index_id}))
        finally:
            self.close()
        bundle = site_dir / BUNDLE_DIR
        for item in reply.get("files") or []:
            path = (bundle / item["path"]).resolve()
            if not path.is_relative_to(bundle.resolve()):
                raise SearchIndexError(f"search index: Pagefind returned a file outside its folder: {item['path']}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(item["content"]))
        return SearchIndexReport(self.pages, self.words, time.perf_counter() - self.started)

    def close(self) -> None:
        if self._sender.is_alive():
            self._queue.put(None)
        if self._process.poll() is None:
            if self._process.stdin:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _send(self, payload: dict[str, Any]) -> int:
        """Write one request; its reply is picked up with `_wait`."""
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise SearchIndexError(f"search index: Pagefind stopped ({self._reader_failed or 'no reply'})") from None
        return self._next_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._lock:
            self._lock.wait_for(lambda: message_id in self._replies or bool(self._reader_failed))
            reply = self._replies.pop(message_id, None)
        if reply is None:
            raise SearchIndexError(f"search index: Pagefind stopped ({self._reader_failed})")
        if reply.get("type") == "Error":
            raise SearchIndexError(f"search index: Pagefind reported: {reply.get('message')}")
        return reply

    def _read_replies(self) -> None:
        assert self._process.stdout is not None
        pending: list[bytes] = []  # pieces of a reply not yet complete (the file list runs to many MB)
        buffer = b""
        try:
            while chunk := self._process.stdout.read1(1 << 20):
                if b"," not in chunk:
                    pending.append(chunk)
                    continue
                *messages, rest = chunk.split(b",")
                messages[0] = b"".join(pending) + messages[0]
                pending = [rest]
                for message in messages:
                    self._handle(json.loads(base64.b64decode(message)))
            buffer = b"".join(pending)
            failure = "the service exited" + (f": {buffer[:300]!r}" if buffer.strip() else "")
        except (ValueError, KeyError) as exc:  # not our protocol: Pagefind printed something else
            failure = f"unreadable reply ({exc})"
        with self._lock:
            self._reader_failed = failure
            self._lock.notify_all()

    def _handle(self, reply: dict[str, Any]) -> None:
        with self._lock:
            self._replies[reply.get("message_id")] = reply.get("payload") or {}
            self._lock.notify_all()
