"""Search shards indexed side by side, within one memory budget (used by `search_feeder`).

Each shard is indexed by a Pagefind process of its own, so shards need not wait for one another: a warm
build that changed an old year and the current one indexes both at once, and the region and program
shards, whose pages come last, need not wait behind a year of news. What bounds them is memory: Pagefind
holds a shard's whole index until it writes it (about 0.75 MB a page), so shards run side by side only
while their pages together stay within `budget_pages` (the site's `search_shard_pages`, the most one
shard may have); a shard larger than what is free waits for the ones running. A shard whose pages are in
may start ahead of an earlier one that does not fit yet (its files go to its own place in the index, so
the index is the same whatever the order). Standard library only: the feeder must start fast.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class ShardJob(Generic[Result]):
    """One shard to index: its page count, and once done its result or the error that stopped it."""

    def __init__(self, pages: int, work: Callable[[], Result]) -> None:
        self.pages = pages
        self.work: Callable[[], Result] | None = work  # let go once run: it holds the shard's pages
        self.result: Result | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()


class ShardBuilds(Generic[Result]):
    """Runs submitted shard jobs in threads, in submission order as far as the page budget allows."""

    def __init__(self, budget_pages: int) -> None:
        self.budget_pages = max(1, budget_pages)
        self._lock = threading.Lock()
        self._waiting: list[ShardJob[Result]] = []
        self._running_pages = 0
        self._running = 0
        self.most_at_once = 0  # the most shards that ran side by side (reported with the index)
        self._jobs: list[ShardJob[Result]] = []
        self._failed: BaseException | None = None  # the first error of a finished job

    def submit(self, pages: int, work: Callable[[], Result]) -> ShardJob[Result]:
        job = ShardJob(pages, work)
        with self._lock:
            self._jobs.append(job)
            self._waiting.append(job)
            self._start_what_fits()
        return job

    def would_wait(self, pages: int) -> bool:
        """Whether a shard of `pages` submitted now would wait for others (its pages can then be parked on disk)."""
        with self._lock:
            return bool(self._waiting) or (self._running > 0 and self._running_pages + pages > self.budget_pages)

    def _start_what_fits(self) -> None:
        """Start waiting jobs, first come first, while their pages fit beside the running ones (lock held)."""
        for job in list(self._waiting):
            if self._running and self._running_pages + job.pages > self.budget_pages:
                continue
            self._waiting.remove(job)
            self._running += 1
            self._running_pages += job.pages
            self.most_at_once = max(self.most_at_once, self._running)
            threading.Thread(target=self._run, args=(job,), name="pagefind-shard", daemon=True).start()

    def _run(self, job: ShardJob[Result]) -> None:
        work, job.work = job.work, None  # a finished job is kept for its result: not its pages, 65 shards' at 100,000
        assert work is not None
        try:
            job.result = work()
        except BaseException as exc:  # handed to whoever waits for it (`failure`, `wait`)
            job.error = exc
        del work
        with self._lock:
            self._running -= 1
            self._running_pages -= job.pages
            if job.error is not None and self._failed is None:
                self._failed = job.error
            job.done.set()
            self._start_what_fits()

    def failure(self) -> BaseException | None:
        """The first error of a finished job, if any (checked as each page comes in, to stop early)."""
        return self._failed

    def wait(self, job: ShardJob[Result]) -> Result:
        job.done.wait()
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def wait_all(self) -> None:
        """Every submitted job finished; the first error (in submission order) raised."""
        for job in list(self._jobs):
            self.wait(job)


def ahead(make: Callable[[Item], Result], items: Iterable[Item], depth: int = 32) -> Iterator[Result]:
    """`make(item)` for each item, made in a thread of its own up to `depth` items ahead of the consumer.

    The feeder cuts the next pages into tokens while Pagefind reads the last one (the two use different
    cores when one is free). An error in `make` is raised to the consumer at that item; a consumer that
    stops early stops the thread.
    """
    ready: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def offer(message: tuple[bool, object]) -> bool:
        """Hand one message over; False once the consumer has stopped."""
        while not stopped.is_set():
            try:
                ready.put(message, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer((True, make(item))):
                    return
        except BaseException as exc:
            offer((False, exc))
            return
        offer((False, None))

    thread = threading.Thread(target=produce, name="search-tokens", daemon=True)
    thread.start()
    try:
        while True:
            ok, value = ready.get()
            if ok:
                yield value  # type: ignore[misc]  # a Result: only `make`'s results are sent with True
            elif value is None:
                return
            else:
                raise value  # type: ignore[misc]  # an exception from `make`
    finally:
        stopped.set()
