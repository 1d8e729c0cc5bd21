"""One Pagefind `--service` process holding one index, spoken to synchronously (used by `search_feeder`).

Standard library only: the feeder must start fast and never import MkDocs.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from typing import Any

# Pagefind builds a shard's files on every core it finds (rayon, tokio); beside a build that keeps one
# core busy rendering, one thread for Pagefind leaves that core alone (measured in the README).
ONE_THREAD = {"RAYON_NUM_THREADS": "1", "TOKIO_WORKER_THREADS": "1"}
# Inside indexed pages, what is not the page's own text: Markdown's ¶ heading links.
EXCLUDE_SELECTORS = (".headerlink",)


class FeedError(RuntimeError):
    """Pagefind failed; the message says how, for the build's error output."""


class PagefindService:
    """One Pagefind `--service` process holding one index, spoken to synchronously.

    The protocol (the one Pagefind's Python package uses): base64-encoded JSON messages,
    each followed by a comma, both ways.
    """

    def __init__(self, executable: str) -> None:
        try:
            self._process = subprocess.Popen(
                [executable, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env={**os.environ, **ONE_THREAD},
            )
        except OSError as exc:
            raise FeedError(f"could not start Pagefind ({exc})") from None
        self._next_id = 0
        self._pending: list[bytes] = []
        self._messages: list[bytes] = []
        try:
            reply = self.request({"type": "NewIndex", "config": {"exclude_selectors": list(EXCLUDE_SELECTORS)}})
        except FeedError:
            self.close()
            raise
        self._index_id = reply["index_id"]

    def add(self, html: str, url: str) -> int:
        """Index one page; returns its word count."""
        reply = self.request(
            {"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None}
        )
        return int(reply.get("page_word_count") or 0)

    def files(self) -> list[tuple[str, bytes]]:
        """The finished index as (path in the bundle, content) pairs.

        GetFiles, not WriteFiles: Pagefind answers WriteFiles before its files are complete, and
        stopping the service then can leave them truncated.
        """
        reply = self.request({"type": "GetFiles", "index_id": self._index_id})
        return [(item["path"], base64.b64decode(item["content"])) for item in reply.get("files") or []]

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            stdin.flush()
        except (BrokenPipeError, ValueError):
            raise FeedError(f"Pagefind stopped ({self._exit_reason()})") from None
        while True:
            reply = self._next_message()
            if reply.get("message_id") != self._next_id:
                continue  # not an answer to this request
            payload = reply.get("payload") or {}
            if payload.get("type") == "Error":
                raise FeedError(f"Pagefind reported: {payload.get('message')}")
            return payload

    def _next_message(self) -> dict[str, Any]:
        stdout = self._process.stdout
        assert stdout is not None
        while not self._messages:
            chunk = stdout.read1(1 << 20)  # type: ignore[attr-defined]  # a BufferedReader: Popen without text=
            if not chunk:
                raise FeedError(f"Pagefind stopped ({self._exit_reason()})")
            if b"," not in chunk:
                self._pending.append(chunk)  # part of a long reply (a shard's files run to many MB)
                continue
            *complete, rest = chunk.split(b",")
            complete[0] = b"".join(self._pending) + complete[0]
            self._pending = [rest]
            self._messages.extend(complete)
        raw = self._messages.pop(0)
        try:
            return json.loads(base64.b64decode(raw))
        except ValueError as exc:  # not the protocol: Pagefind printed something else
            raise FeedError(f"Pagefind sent an unreadable reply ({exc}): {raw[:200]!r}") from None

    def _exit_reason(self) -> str:
        leftover = b"".join(self._pending).strip()
        return "the service exited" + (f": {leftover[:300]!r}" if leftover else "")

    def close(self) -> None:
        if self._process.poll() is None:
            if self._process.stdin:
                try:
                    self._process.stdin.close()
                except BrokenPipeError:
                    pass
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
