"""Feeds kept between builds (`.cache/gonghui/feeds/`): a feed whose items did not change is read back, not
made again. Safe to delete at any time.

Making a feed is feedgen building an lxml tree and serialising it, some 3 ms each, and a site has two
feeds (RSS and Atom) for every tag, region and campaign: 7 s of a warm build at 2,000 articles went to
feeds that were the same as last time. A feed's bytes depend only on what its key holds: the format
(`FORMAT`), our package's files (`package_digest`: the code that writes them), feedgen's version, the
feed's path, its title and links, the site's name, URL and description, its `updated` time and every
item. A file whose first line does not name its key and its length is ignored, never trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from feedgen.version import version_full as feedgen_version

from ..cachefiles import write_whole
from ..fingerprints import fingerprint, package_digest

FORMAT = 1
SUFFIX = ".feed"


class FeedCache:
    """Feeds by content key; `prune` removes those this build did not ask for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.made = 0  # feeds made (not found) in this build, for tests and benchmarks

    @staticmethod
    def key(*parts: object) -> str:
        return fingerprint("feed", FORMAT, package_digest(), list(feedgen_version), *parts)

    def feed(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The feed stored under `key`, or `make()`'s bytes, stored for the next build."""
        self.used.add(key)
        path = self.folder / f"{key}{SUFFIX}"
        kept = self._read(path, key)
        if kept is not None:
            return kept
        data = make()
        self.made += 1
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(path, lambda out: _write(out, key, data))
        except OSError:
            pass  # a cache that cannot be written costs the next build time, never this one its feed
        return data

    def prune(self) -> None:
        """Remove the feeds no longer asked for (a tag's last article removed, an item changed)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] not in self.used:
                path.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path, key: str) -> bytes | None:
        try:
            stored = path.read_bytes()
        except OSError:
            return None
        header, _, data = stored.partition(b"\n")
        return data if header + b"\n" == _header(key, data) else None


def _write(out: BinaryIO, key: str, data: bytes) -> None:
    out.write(_header(key, data) + data)


def _header(key: str, data: bytes) -> bytes:
    return f"gonghui-feed {key} {len(data)}\n".encode("ascii")
