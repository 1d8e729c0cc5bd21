"""Rendering article pages in worker processes: how many, which pages each takes, results put back in order.

The engine side (`mkdocs_plugin/parallel.py`) forks the workers; this module holds what needs no engine:
the number of workers (option `render_workers`, environment `GONGHUI_RENDER_WORKERS`), the split of the
article pages into interleaved chunks, and `InOrder`, which hands results on in page order however the
workers' answers arrive (the search index depends on the order pages are added).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from ..messages import define, say

# Pages a worker renders in a row before taking its next chunk: small enough that the workers' answers
# arrive nearly in page order (the search feed waits for the earliest missing page), large enough to batch.
CHUNK_PAGES = 16
ENVIRONMENT = "GONGHUI_RENDER_WORKERS"

WORKER_STOPPED = define(
    "GH482", "渲染文章页面的工作进程意外退出（{detail}），这次构建不发布，网站保持原样；"
    "可在 mkdocs.yml 里给 gonghui 写 render_workers: 1 改用单进程构建 (a render worker stopped)",
    "并行渲染文章页面的工作进程中途退出（多半是内存不够被系统结束）")
BAD_ENVIRONMENT = define(
    "GH483", "环境变量 GONGHUI_RENDER_WORKERS 应为不小于 1 的整数，写的是 {got!r} (expected a whole number)",
    "构建环境里 GONGHUI_RENDER_WORKERS 设错了（运维设置）")


class WorkerCountError(ValueError):
    """GONGHUI_RENDER_WORKERS is set to something that is not a whole number of at least 1."""


def worker_count(option: int, environ: Mapping[str, str] | None = None, cpus: int | None = None) -> int:
    """How many processes render article pages: the environment, else the option; 0 means one per core but one.

    One core is left to the search index (its feeder and Pagefind take about one core through the build), so
    with 0 a 2-core machine renders serially: measured at 10,000 articles there, two workers were no faster
    (README, "Article pages in parallel"). 1 means none are started: MkDocs renders every page itself.
    """
    text = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip()
    if text:
        try:
            wanted = int(text)
        except ValueError:
            wanted = 0
        if wanted < 1:
            raise WorkerCountError(say(BAD_ENVIRONMENT, got=text))
        return wanted
    if option >= 1:
        return option
    return max(1, (cpus if cpus is not None else (os.cpu_count() or 1)) - 1)


def assign(count: int, workers: int, chunk: int = CHUNK_PAGES) -> list[list[int]]:
    """Page positions 0..count-1 for each worker: chunk 0 to the first, chunk 1 to the second, and round again.

    A small site gets smaller chunks (down to single pages), so that every worker has several.
    """
    chunk = max(1, min(chunk, count // (workers * 4)))
    shares: list[list[int]] = [[] for _ in range(workers)]
    for number, start in enumerate(range(0, count, chunk)):
        shares[number % workers].extend(range(start, min(start + chunk, count)))
    return shares


class InOrder:
    """Passes items on in the order they were announced: ready ones (`add`) and awaited ones (`expect` a key).

    An item added while an awaited one before it is still missing waits; `fill(key, item)` supplies an
    awaited item (None: nothing to pass on) and passes on everything now in order. An item that has to wait is
    kept as `pack(item)` when given (search documents, compressed), and `unpack` gives it back.
    """

    def __init__(self, send: Callable[..., Any], pack: Callable[[tuple[Any, ...]], Any] | None = None,
                 unpack: Callable[[Any], tuple[Any, ...]] | None = None) -> None:
        self.send = send
        self._pack = pack or (lambda item: item)
        self._unpack = unpack or (lambda kept: kept)
        self._slots: deque[tuple[bool, Any]] = deque()  # (awaited, key or kept item)
        self._filled: dict[Any, Any] = {}  # key: kept item, or None

    def add(self, *item: Any) -> None:
        if self._slots:
            self._slots.append((False, self._pack(item)))
        else:
            self.send(*item)

    def expect(self, key: Any) -> None:
        self._slots.append((True, key))

    def fill(self, key: Any, item: tuple[Any, ...] | None) -> None:
        if self._slots and self._slots[0] == (True, key):  # the earliest missing: passed on without waiting
            self._slots.popleft()
            if item is not None:
                self.send(*item)
        else:
            self._filled[key] = None if item is None else self._pack(item)
        while self._slots:
            awaited, value = self._slots[0]
            if awaited:
                if value not in self._filled:
                    return
                value = self._filled.pop(value)
            if value is not None:
                self.send(*self._unpack(value))
            self._slots.popleft()

    @property
    def waiting(self) -> int:
        return len(self._slots)
