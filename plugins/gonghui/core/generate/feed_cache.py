"""Feeds kept between builds (`.cache/gonghui/feeds/`): a feed whose items did not change is read back, not
made again. Safe to delete at any time.

Making a feed is feedgen building an lxml tree and serialising it, some 3 ms each, and a site has two
feeds (RSS and Atom) for every tag, region and campaign: 7 s of a warm build at 2,000 articles went to
feeds that were the same as last time. A feed's bytes depend only on what its key holds: the format
(`FORMAT`), our package's files (`package_digest`: the code that writes them), feedgen's version, the
feed's path, its title and links, the site's name, URL and description, its `updated` time and every
item. Each feed is one file holding exactly its bytes, named by its key and its length
(`<key>.<bytes>.feed`), so the build copies it from here instead of keeping it in memory (at 100,000
articles a site has thousands of feeds); a file whose size is not the length in its name is ignored,
never trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from feedgen.version import version_full as feedgen_version

from ..cachefiles import write_whole
from ..fingerprints import fingerprint, package_digest

FORMAT = 2
SUFFIX = ".feed"


class FeedCache:
    """Feeds by content key; `prune` removes those this build did not ask for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.made = 0  # feeds made (not found) in this build, for tests and benchmarks
        self._stored: dict[str, Path] = {}  # key: its file, as found in the folder
        try:
            names = [path.name for path in folder.iterdir()] if folder.is_dir() else []
        except OSError:
            names = []
        for name in names:
            if (named := _named(name)) is not None:
                self._stored[named[0]] = folder / name

    @staticmethod
    def key(*parts: object) -> str:
        return fingerprint("feed", FORMAT, package_digest(), list(feedgen_version), *parts)

    def feed(self, key: str, make: Callable[[], bytes]) -> Path | bytes:
        """The file holding the feed stored under `key` (exactly its bytes), made and stored now if need be; the
        bytes themselves when the folder cannot be written."""
        self.used.add(key)
        kept = self._stored.get(key)
        if kept is not None and _whole(kept):
            return kept
        data = make()
        self.made += 1
        path = self.folder / f"{key}.{len(data)}{SUFFIX}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if kept is not None and kept != path:
                kept.unlink(missing_ok=True)
            write_whole(path, lambda out: out.writelines([data]))
        except OSError:
            return data  # a cache that cannot be written costs the next build time, never this one its feed
        self._stored[key] = path
        return path

    def prune(self) -> None:
        """Remove the feeds no longer asked for (a tag's last article removed, an item changed)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if (named := _named(path.name)) is not None and named[0] not in self.used:
                path.unlink(missing_ok=True)


def _named(name: str) -> tuple[str, str] | None:
    """(key, length as written) of a feed file's name `<key>.<length>.feed`; None for any other file."""
    if not name.endswith(SUFFIX):
        return None
    key, _, size = name[: -len(SUFFIX)].partition(".")
    return key, size


def _whole(path: Path) -> bool:
    """The file is as long as its name says (a cut-short or foreign file is not)."""
    named = _named(path.name)
    try:
        return named is not None and named[1].isdigit() and path.stat().st_size == int(named[1])
    except OSError:
        return False
