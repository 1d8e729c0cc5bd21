"""The process that feeds Pagefind: `python -m gonghui.core.search_feeder PAGEFIND MAX_PAGES [CACHE_DIR]`.

It runs beside the build (started by `search.SearchIndexer`) for two reasons:

- Pages must reach Pagefind one at a time, each after the last one's reply, for a reproducible
  index (Pagefind handles overlapping requests concurrently, and its files depend on the order
  pages arrive). Waiting on replies from a thread of the MkDocs process was slow: that thread
  needs the GIL for every reply, and the busy build thread holds it for 5 ms at a time, so
  pages went through at about 100 a second instead of 450. Here nothing competes for it.
- Pagefind holds a whole index in memory until it writes it (about 0.75 MB per page at the
  peak with our two-character tokens: 1.5 GB for a shard of 2,000). So the site is indexed in shards of at most MAX_PAGES
  pages, one Pagefind process after the other; each finished shard's files wait here, already
  compressed (a full shard that must wait for a Pagefind parks its pages in a temporary file:
  `spilled_pages`), and Pagefind's work is spread over the build instead of piling up at its end. Each
  kind of page has shards of its own (see ShardedIndex).
  The browser merges the shards (`mergeIndex`; `gonghui-search.js` reads the list of shard folders).

Messages in, one JSON object per line on stdin:
  {"expect": [[KIND, PART, N], ...]}  how many pages of each kind (and part: a year of news) the build will
                                     index (shards are then balanced)
  {"url", "html", "kind", "part"}    one page's search document, its kind (news, worker …) and part
  {"finish": OUT_DIR, "previous": DIR} write every shard under OUT_DIR (files the same as in DIR, the live
                                     site's bundle, are linked from there), report, exit
Messages out, one JSON line on stdout: {"ready": true} once Pagefind runs, then
{"pages", "words", "shards", "built", "reused", "linked", "notes", "at_once", "spilled"} after `finish`,
or {"error": ...} at the first failure.
With a CACHE_DIR (third argument), a shard whose pages were all indexed before in the same order is
taken from there (`shard_cache`) instead of being indexed again.
End of stdin without `finish` (the build stopped) exits without writing anything.
It also cuts each page's Chinese into search tokens (`search_text.index_html`) before Pagefind
reads it: that is most of the indexing work in Python, and here it runs beside the build.
Standard library only (and `search_text`, which is too): it must start fast and never import MkDocs.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from gonghui.core.output.memory import give_back_freed_memory
from gonghui.core.output.pagefind_service import FeedError, PagefindService
from gonghui.core.output.reuse import PreviousSite
from gonghui.core.output.search_text import index_html
from gonghui.core.output.shard_builds import ShardBuilds, ShardJob, ahead
from gonghui.core.output.shard_cache import ShardCache, ShardFiles, ShardKey, code_key
from gonghui.core.output.spilled_pages import SpilledPages

# In the first bundle: the other bundles' folders (for mergeIndex) and the kind of page of each shard.
SHARD_LIST = "gonghui-shards.json"
# Pagefind's scripts, styles and WebAssembly: the first bundle has them; the others need only index data.
SCRIPT_SUFFIXES = (".js", ".css", ".pagefind")


def pack(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8", "surrogatepass"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def shard_sizes(expected_pages: int, max_pages: int) -> list[int]:
    """As few shards as `max_pages` allows, as equal as can be, and a small last one when there are several:
    5,000 pages at most 2,000 → 1,584 + 1,583 + 1,583 + 250.

    A shard's index is built when its last page has arrived, and the last shard's pages arrive until the
    build's end, which then waits for it: a shard of an eighth of the size keeps that wait short.
    """
    if expected_pages <= max_pages:
        return [expected_pages]
    tail = max(1, max_pages // 8)
    count = math.ceil((expected_pages - tail) / max_pages)
    base, extra = divmod(expected_pages - tail, count)
    return [base + 1 if number < extra else base for number in range(count)] + [tail]


def year_shard_sizes(expected_pages: int, max_pages: int) -> list[int]:
    """A year of news: one shard when it fits, else shards of seven eighths of `max_pages` each from the year's
    oldest story, and what is left in the last: 5,000 pages at most 2,000 → 1,750 + 1,750 + 1,500.

    The stories come oldest first (`offstage.newest_year_first`), so new ones join the last shard and every
    earlier shard keeps its pages: a warm build indexes only the last shard of the current year again, where
    equal shards (`shard_sizes`) all moved when a story was added (all seven of a year of 12,000 stories).
    Seven eighths keeps a shard, and its Pagefind, smaller than the limit, with room for the year to grow.
    """
    if expected_pages <= max_pages:
        return [expected_pages]
    size = max(1, max_pages - max_pages // 8)
    full, rest = divmod(expected_pages, size)
    return [size] * full + ([rest] if rest else [])


def shard_folder(number: int) -> str:
    """Where shard `number` (from 1) goes inside the bundle folder: the first is the bundle itself."""
    return "" if number == 1 else f"shard-{number}/"


# What indexing one shard gives: its files (or its key in the shard cache, where they were kept) and its words.
Built = tuple[ShardFiles | str, int]


class PartShards:
    """The shards of one part of the site: a kind of page (news, worker …), for news one year of it.

    A shard's pages wait here until it is full; then it is taken from the shard cache when the same pages
    were indexed before, else fed to a Pagefind of its own, whose files are kept and cached.
    """

    def __init__(self, kind: str, max_pages: int, key_base: str) -> None:
        self.kind = kind
        self.max_pages = max_pages
        self.key_base = key_base
        self.planned: list[int] = []  # shard sizes, once the expected page count is known
        self.finished: list[ShardFiles | str | ShardJob[Built]] = []  # files, a shard-cache key, or still indexing
        # (search document, url) of the shard being filled, the document compressed (`pack`). A full shard that must
        # wait for a Pagefind parks its pages in a temporary file (`SpilledPages`): a cold build at 100,000 articles
        # makes pages faster than Pagefind indexes them (some 30,000 pages waiting at the end of the articles, about
        # 1 GB as text, a third of it packed, which the feeder held in memory before)
        self.waiting: list[tuple[bytes, str]] = []

    def current_size(self) -> int:
        number = len(self.finished)  # the current shard's index in `planned`
        return max(1, self.planned[number]) if number < len(self.planned) else self.max_pages


class ShardedIndex:
    """Pages cut into shards by kind, news by year, and within those into shards of at most `max_pages`.

    One kind to a shard, so that the search page can narrow results to a kind: each shard is merged
    with its kind as a filter that exists only in the browser (`mergeFilter`; Pagefind writes filters
    given in the pages in a different order on each run), and each shard has one sort key (date; with
    several, the order of Pagefind's files changes from run to run too). News is cut by year so that a
    new or edited article changes the shards of its year only: the others come from the shard cache.
    """

    def __init__(self, executable: str, max_pages: int, cache: ShardCache | None = None) -> None:
        self.executable = executable
        self.max_pages = max_pages
        self.cache = cache
        self.pages = 0
        self.words = 0
        self.built = 0
        self.spilled = 0  # pages parked on disk while their shard waited for a Pagefind
        self.linked = 0  # files of the written index linked from the live site's (unchanged)
        self.parts: dict[tuple[str, str], PartShards] = {}  # in the order the build announced them, then of arrival
        self.builds: ShardBuilds[Built] = ShardBuilds(max_pages)  # shards side by side, within max_pages at once
        self._lock = threading.Lock()  # the spare service and the shard cache, shared by the shards' threads
        self._spare: PagefindService | None = PagefindService(executable)  # fails early if Pagefind can't run
        try:
            self.key_base = code_key(executable) if cache is not None else ""
        except OSError as exc:
            self.close()
            raise FeedError(f"could not read Pagefind ({exc})") from None

    def expect(self, pages_by_part: list[list[Any]]) -> None:
        for kind, part, pages in pages_by_part:
            sizes = year_shard_sizes if part else shard_sizes  # a part is a year of news
            self._part(str(kind), str(part)).planned = sizes(int(pages), self.max_pages)

    def _part(self, kind: str, part: str) -> PartShards:
        if (kind, part) not in self.parts:
            self.parts[kind, part] = PartShards(kind, self.max_pages, self.key_base)
        return self.parts[kind, part]

    def _service(self) -> PagefindService:
        with self._lock:
            spare, self._spare = self._spare, None
        return spare or PagefindService(self.executable)

    def add(self, html: str, url: str, kind: str, part: str = "") -> None:
        shards = self._part(kind, part)
        shards.waiting.append((pack(html), url))
        self.pages += 1
        if len(shards.waiting) >= shards.current_size():
            self._finish(shards)  # its pages are all here: build it now, beside the build, not at the end
        failed = self.builds.failure()
        if failed is not None:
            raise failed

    def _finish(self, shards: PartShards) -> None:
        if not shards.waiting:
            return
        pages, shards.waiting = shards.waiting, []
        key = None
        if self.cache is not None:
            running = ShardKey(self.key_base, shards.kind)
            for packed, url in pages:
                running.add(zlib.decompress(packed), url)  # the document's bytes, as `pack` encoded them
            key = running.hexdigest()
            with self._lock:
                stored = self.cache.load(key)
                if stored is not None:
                    shards.finished.append(key)  # read again when the index is written: 100,000 pages' would not fit
                    self.words += stored[1]
                    return
        source: list[tuple[bytes, str]] | SpilledPages = pages
        if self.builds.would_wait(len(pages)):
            source = SpilledPages(pages)
            self.spilled += len(pages)
        handed = [source]  # `_index` takes the pages out: once indexed, nothing holds them
        shards.finished.append(self.builds.submit(len(source), lambda: self._index(handed, key)))

    def _index(self, handed: list[list[tuple[bytes, str]] | SpilledPages], key: str | None) -> Built:
        """One shard indexed by a Pagefind of its own (in a thread of `builds`), its files kept in the shard cache."""
        pages = handed.pop()
        service = self._service()
        words = 0
        try:
            documents = ahead(lambda page: (index_html(unpack(page[0])), page[1]), pages)
            for document, url in documents:
                words += service.add(document, url)
            files = service.files()
        finally:
            service.close()
            if isinstance(pages, SpilledPages):
                pages.close()
        del pages
        with self._lock:
            self.built += 1
            self.words += words
            kept: Built = (files, words)
            if self.cache is not None and key is not None and self.cache.store(key, files, words):
                kept = (key, words)  # read back when the index is written
        del files
        give_back_freed_memory(collect=False)  # each shard's thread allocates apart: the C library kept the freed pages
        return kept

    def bundles(self) -> list[tuple[str, ShardFiles | str]]:
        """(kind, files or shard-cache key) of every finished shard, in the order their folders are numbered."""
        return [(shards.kind, self._kept(files)) for shards in self.parts.values() for files in shards.finished]

    def _kept(self, finished: ShardFiles | str | ShardJob[Built]) -> ShardFiles | str:
        return self.builds.wait(finished)[0] if isinstance(finished, ShardJob) else finished

    def _files(self, kept: ShardFiles | str) -> ShardFiles:
        if not isinstance(kept, str):
            return kept
        stored = self.cache.load(kept, count=False) if self.cache is not None else None
        if stored is None:
            raise FeedError(f"the search shard {kept} in the shard cache changed while the site was built")
        return stored[0]

    def write(self, out_dir: Path, previous: Path | None = None) -> None:
        """Every shard's files under `out_dir` (the first shard's bundle), and the list of shards; a file the same
        as in `previous` (the live site's bundle) is linked from there (`reuse.PreviousSite`)."""
        for shards in self.parts.values():
            self._finish(shards)
        self.builds.wait_all()
        bundles = self.bundles()
        if not bundles:  # a site with nothing to index gets an empty bundle
            service = self._service()
            try:
                bundles = [("", service.files())]
            finally:
                service.close()
        root = out_dir.resolve()
        output = PreviousSite(previous, root)
        for number, (_kind, kept) in enumerate(bundles, start=1):
            folder = root / shard_folder(number)
            for name, content in self._files(kept):
                if number > 1 and name.endswith(SCRIPT_SUFFIXES):
                    continue
                path = (folder / name).resolve()
                if not path.is_relative_to(root):
                    raise FeedError(f"Pagefind returned a file outside its folder: {name}")
                output.write(content, path)
        listing = {"bundles": [shard_folder(n) for n in range(2, len(bundles) + 1)], "kinds": [k for k, _ in bundles]}
        output.write((json.dumps(listing, ensure_ascii=False) + "\n").encode("utf-8"), root / SHARD_LIST)
        self.linked = output.linked
        if self.cache is not None:
            self.cache.prune()

    @property
    def shard_count(self) -> int:
        return max(1, len(self.bundles()))

    def close(self) -> None:
        if self._spare is not None:
            self._spare.close()
        self._spare = None


def run(executable: str, max_pages: int, requests: BinaryIO, answer: BinaryIO, cache_dir: str = "") -> int:
    def say(message: dict[str, Any]) -> None:
        answer.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
        answer.flush()

    try:
        index = ShardedIndex(executable, max_pages, ShardCache(Path(cache_dir)) if cache_dir else None)
    except FeedError as exc:
        say({"error": str(exc)})
        return 1
    say({"ready": True})
    try:
        for line in requests:
            request = json.loads(line)
            if "url" in request:
                index.add(request["html"], request["url"], str(request.get("kind") or ""), str(request.get("part") or ""))
            elif "expect" in request:
                index.expect(request["expect"])
            elif "finish" in request:
                index.write(Path(request["finish"]), Path(request["previous"]) if request.get("previous") else None)
                cache = index.cache
                say({"pages": index.pages, "words": index.words, "shards": index.shard_count, "built": index.built,
                     "reused": cache.reused if cache else 0, "linked": index.linked, "notes": cache.notes if cache else [],
                     "at_once": index.builds.most_at_once, "spilled": index.spilled})
                return 0
        return 1  # the build went away without asking for the index
    except (FeedError, OSError) as exc:
        say({"error": str(exc)})
        return 1
    finally:
        index.close()


def main() -> None:
    executable, max_pages = sys.argv[1], int(sys.argv[2])
    cache_dir = sys.argv[3] if len(sys.argv) > 3 else ""
    try:
        code = run(executable, max_pages, sys.stdin.buffer, sys.stdout.buffer, cache_dir)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole build; the build reports it
        code = 130
    except BrokenPipeError:  # the build is gone
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
