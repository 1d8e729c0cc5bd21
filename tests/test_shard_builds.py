"""Search shards indexed side by side (`core/output/shard_builds.py`, `search_feeder.ShardedIndex`).

The scheduler is tested on its own with jobs that wait for the test to let them go, so what runs at once is seen,
not timed; then the real feeder indexes the same pages with room for one shard at a time and with room for all,
and the index must come out the same, file for file.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from gonghui.core.output import search_feeder
from gonghui.core.output.search import pagefind_executable, search_document
from gonghui.core.output.search_feeder import ShardedIndex, unpack
from gonghui.core.output.shard_builds import ShardBuilds, ahead
from gonghui.core.output.spilled_pages import SpilledPages


class Gate:
    """Jobs that report when they start and finish only when the test opens their gate."""

    def __init__(self) -> None:
        self.running: set[str] = set()
        self.started: list[str] = []
        self.seen = threading.Condition()
        self.gates: dict[str, threading.Event] = {}

    def job(self, name: str, fail: bool = False):
        self.gates[name] = threading.Event()

        def work() -> str:
            with self.seen:
                self.running.add(name)
                self.started.append(name)
                self.seen.notify_all()
            self.gates[name].wait(10)
            with self.seen:
                self.running.discard(name)
            if fail:
                raise OSError(f"{name} failed")
            return name

        return work

    def wait_started(self, count: int) -> None:
        with self.seen:
            assert self.seen.wait_for(lambda: len(self.started) >= count, 10), self.started


def test_shards_run_side_by_side_only_within_the_page_budget():
    gate, builds = Gate(), ShardBuilds(budget_pages=100)
    big = builds.submit(80, gate.job("big"))
    gate.wait_started(1)
    second = builds.submit(60, gate.job("second"))  # 80 + 60 > 100: waits for the big one
    small = builds.submit(20, gate.job("small"))  # 80 + 20 fits: starts beside it, ahead of the one waiting
    gate.wait_started(2)
    assert gate.started == ["big", "small"] and gate.running == {"big", "small"}
    gate.gates["small"].set()
    assert builds.wait(small) == "small"
    assert gate.started == ["big", "small"], "the waiting shard started before there was room"
    gate.gates["big"].set()
    gate.wait_started(3)
    assert gate.started[2] == "second"
    gate.gates["second"].set()
    builds.wait_all()
    assert [builds.wait(job) for job in (big, second, small)] == ["big", "second", "small"]


def test_a_shard_larger_than_the_budget_still_runs_alone():
    gate, builds = Gate(), ShardBuilds(budget_pages=10)
    first = builds.submit(50, gate.job("first"))
    builds.submit(50, gate.job("next"))
    gate.wait_started(1)
    assert gate.running == {"first"}
    gate.gates["first"].set()
    builds.wait(first)
    gate.wait_started(2)
    gate.gates["next"].set()
    builds.wait_all()
    assert gate.started == ["first", "next"]


def test_a_failed_shard_is_reported_to_whoever_waits():
    gate, builds = Gate(), ShardBuilds(budget_pages=10)
    job = builds.submit(5, gate.job("broken", fail=True))
    assert builds.failure() is None
    gate.gates["broken"].set()
    with pytest.raises(OSError, match="broken failed"):
        builds.wait(job)
    assert isinstance(builds.failure(), OSError)
    with pytest.raises(OSError):
        builds.wait_all()


def test_ahead_keeps_order_raises_at_the_failing_item_and_stops_when_dropped():
    assert list(ahead(lambda n: n * n, range(100), depth=3)) == [n * n for n in range(100)]

    def brittle(n: int) -> int:
        if n == 5:
            raise ValueError("item 5")
        return n

    got: list[int] = []
    with pytest.raises(ValueError, match="item 5"):
        for value in ahead(brittle, range(10), depth=2):
            got.append(value)
    assert got == [0, 1, 2, 3, 4]

    made: list[int] = []
    stream = ahead(lambda n: made.append(n) or n, range(10_000), depth=2)
    assert next(stream) == 0
    stream.close()  # the consumer stops: the thread stops soon after, having made only a few
    for thread in threading.enumerate():
        if thread.name == "search-tokens":
            thread.join(5)
    assert len(made) < 10


def _documents() -> list[tuple[str, str, str, str]]:
    """Pages of three kinds (news in two years), enough for several shards of 3."""
    pages = []
    for number in range(9):
        year = "2021" if number < 5 else "2022"
        html = search_document(f"<p>第{number}篇：县总工会组织建会小分队，职工书屋开放。</p>", f"第{number}篇", "新闻")
        pages.append((html, f"/news/{year}/{number:02d}/", "news", year))
    for number in range(4):
        html = search_document(f"<p>劳模{number}号，技能比武第一名。</p>", f"劳模{number}", "劳模工匠")
        pages.append((html, f"/workers/w{number}/", "worker", ""))
    return pages


def _index(folder: Path, budget: int, at_once: int, spilled: int | None = None) -> dict[str, bytes]:
    """The index of `_documents`, with `at_once` shards side by side (0: not checked); with `spilled` (> 0), a
    Pagefind is kept busy until every page is in, so each full shard must wait, and that many pages must have
    been parked on disk."""
    index = ShardedIndex(str(pagefind_executable()), max_pages=3)
    index.builds.budget_pages = budget
    busy = threading.Event()
    try:
        if spilled:
            index.builds.submit(budget, lambda: busy.wait(10))  # stands for a shard Pagefind is still indexing
        counts: dict[tuple[str, str], int] = {}
        for _html, _url, kind, part in _documents():
            counts[kind, part] = counts.get((kind, part), 0) + 1
        index.expect([[kind, part, n] for (kind, part), n in counts.items()])
        for html, url, kind, part in _documents():
            index.add(html, url, kind, part)
        assert spilled is None or index.spilled == spilled
        busy.set()
        index.write(folder)
    finally:
        busy.set()
        index.close()
    assert index.built == len(index.bundles()) >= 5
    assert all(job.work is None for job in index.builds._jobs)  # an indexed shard's pages are let go, not kept
    if at_once:
        assert (index.builds.most_at_once > 1) if at_once > 1 else (index.builds.most_at_once == 1)
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_shards_indexed_side_by_side_give_the_same_index_as_one_by_one(tmp_path: Path):
    one_by_one = _index(tmp_path / "one", budget=1, at_once=1)
    side_by_side = _index(tmp_path / "all", budget=100, at_once=2)
    assert one_by_one.keys() == side_by_side.keys()
    assert [name for name in one_by_one if one_by_one[name] != side_by_side[name]] == []


def test_shards_waiting_for_a_pagefind_park_their_pages_on_disk_and_give_the_same_index(tmp_path: Path):
    """A cold build at 100,000 articles outruns Pagefind: full shards waiting their turn keep their pages in a
    temporary file, not in the feeder's memory, and the index is the same file for file."""
    in_memory = _index(tmp_path / "memory", budget=100, at_once=2, spilled=0)  # room for all: none waits
    parked = _index(tmp_path / "parked", budget=3, at_once=0, spilled=len(_documents()))
    assert in_memory.keys() == parked.keys()
    assert [name for name in in_memory if in_memory[name] != parked[name]] == []


def test_parked_pages_come_back_in_order_once_and_leave_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    pages = [(bytes([n]) * n, f"/news/2024/{n:02d}/页{n}/") for n in range(50)] + [(b"", "")]
    parked = SpilledPages(iter(pages))
    assert len(parked) == len(pages)
    assert list(tmp_path.iterdir()) == []  # the file has no name: nothing to leave behind
    assert list(parked) == pages
    assert parked._file.closed  # read once, then closed


def test_each_indexed_shard_gives_its_freed_memory_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each shard is indexed in a thread of its own, whose freed memory the C library keeps: given back after each."""
    given_back: list[bool] = []
    monkeypatch.setattr(search_feeder, "give_back_freed_memory", lambda collect=True: given_back.append(collect) or True)
    _index(tmp_path / "index", budget=100, at_once=2)
    assert len(given_back) >= 5 and not any(given_back)  # one per shard, without a full collection


def test_pages_waiting_for_their_shard_are_kept_packed():
    """A cold build makes pages faster than one Pagefind indexes them: those waiting are kept compressed."""
    index = ShardedIndex(str(pagefind_executable()), max_pages=100)
    try:
        pages = _documents()[:3]
        for html, url, kind, part in pages:
            index.add(html, url, kind, part)
        waiting = index.parts["news", "2021"].waiting
        assert [url for _packed, url in waiting] == [url for _html, url, _kind, _part in pages]
        assert all(isinstance(packed, bytes) and len(packed) < len(html.encode()) for (packed, _), (html, *_) in
                   zip(waiting, pages, strict=True))
        assert [unpack(packed) for packed, _url in waiting] == [html for html, *_ in pages]
    finally:
        index.close()
