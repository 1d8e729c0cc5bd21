"""The page cache: a rendered page kept between builds under a content hash of everything it was made from.

`mkdocs build` asks for a page by its key (a hash of its source, the data shown on it, the templates,
the settings and the code: `mkdocs_plugin/cached_pages.py` makes the keys). A page found here is not
rendered again: its stored HTML is written, its stored search document indexed. A key is never a file
time, so a cache restored by CI on another machine is as good as a local one.

Each entry is one file, `<key[:2]>/<key>.page`: a header line naming the format and the key, then the
entry zlib-compressed (zlib's checksum finds damage): a line of JSON (title, anchors, links, lookups and the
sizes of the two parts after it), the page's search message and its HTML file, both as bytes, so a warm
build writes and sends them as they are, without decoding and encoding them. An entry that does not read back whole,
or names another key, is a miss and is noted, never trusted. A folder written by another version of
this format (its `FORMAT` file differs) is emptied with a note. Entries no build used are removed after
a complete build, so the folder holds about one copy of the site (compressed about 8:1).
The folder may be deleted at any time; the next build is then a cold one.
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cachefiles import read_whole, write_whole
from ..fingerprints import fingerprint

__all__ = ["FORMAT", "Entry", "PageCache", "fingerprint"]

FORMAT = "gonghui-page-cache 2"
SUFFIX = ".page"


@dataclass
class Entry:
    """What a rendered page leaves for the next build."""

    output: bytes  # the page's HTML file, as written
    title: str | None = None  # a title taken from the page's first heading, if that is where it came from
    search: bytes | None = None  # its search document as the feeder reads it (`search.search_message`), or None
    anchors: list[str] | None = None  # the ids in the page (other pages' links to #anchors are checked against them)
    links_to_anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # target file: {anchor: link}
    lookups: list[list[Any]] = field(default_factory=list)  # [path looked up, what was found] while rendering


class PageCache:
    """One build's view of the cache folder: entries read, entries written, entries used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.stored = 0
        self.notes: list[str] = []
        self.writable = True
        self._buckets: set[str] = set()  # sub-folders known to exist
        self._prepare()

    def _prepare(self) -> None:
        marker = self.folder / "FORMAT"
        try:
            found = marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
        except (OSError, UnicodeDecodeError):
            found = "?"
        try:
            if found != FORMAT:
                if self.folder.exists():
                    self.notes.append(f"页面缓存 {self.folder} 不是本版本写的（{found or '没有 FORMAT 文件'}），已清空重建")
                    shutil.rmtree(self.folder)
                self.folder.mkdir(parents=True, exist_ok=True)
                marker.write_text(FORMAT + "\n", encoding="utf-8")
        except OSError as exc:
            self.notes.append(f"页面缓存 {self.folder} 不可用（{exc.strerror or exc}），这次全部重新渲染")
            self.writable = False

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def load(self, key: str) -> Entry | None:
        """The entry stored under `key`, checked; None when there is none or it does not read back whole."""
        if not self.writable:
            return None
        path = self._path(key)
        try:
            data = read_whole(path) or b""
        except OSError:
            return None
        try:
            header, _, body = data.partition(b"\n")
            if header.decode("ascii") != f"{FORMAT} {key}":
                raise ValueError("header")
            meta_line, _, parts = zlib.decompress(body).partition(b"\n")
            fields = json.loads(meta_line)
            search_size, output_size = fields.pop("sizes")
            if search_size + output_size != len(parts):
                raise ValueError("sizes")
            search = parts[:search_size] if search_size else None
            entry = Entry(output=parts[search_size:], search=search, **fields)
        except (ValueError, TypeError, UnicodeDecodeError, zlib.error):
            self.notes.append(f"页面缓存里的 {path.name} 已损坏，已忽略并重新渲染这一页")
            return None
        return entry

    def use(self, key: str) -> None:
        """Keep `key` past this build's clean-up (its page was found here, or is rendered and stored now)."""
        self.used.add(key)

    def store(self, key: str, entry: Entry) -> None:
        """Write an entry (atomically: a reader sees the whole file or none). Safe from a forked render worker."""
        if not self.writable:
            return
        path = self._path(key)
        search = entry.search or b""
        fields = {name: value for name, value in vars(entry).items() if name not in ("output", "search")}
        meta_line = json.dumps({**fields, "sizes": [len(search), len(entry.output)]}, ensure_ascii=False).encode("utf-8")
        body = zlib.compress(b"".join([meta_line, b"\n", search, entry.output]), 1)
        try:
            if key[:2] not in self._buckets:
                path.parent.mkdir(exist_ok=True)
                self._buckets.add(key[:2])
            write_whole(path, lambda out: out.writelines([f"{FORMAT} {key}\n".encode("ascii"), body]))
        except OSError as exc:
            self.notes.append(f"页面缓存写不进 {path.parent}（{exc.strerror or exc}），下次构建会重新渲染")
            self.writable = False
            return
        self.stored += 1

    def prune(self, keep: Iterable[str] | None = None) -> int:
        """Remove the entries this build did not use (after a complete build); how many were removed."""
        if not self.writable:
            return 0
        kept = self.used if keep is None else set(keep)
        removed = 0
        for bucket in self.folder.iterdir():
            if not bucket.is_dir():
                continue
            for path in bucket.iterdir():
                if path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] in kept:
                    continue
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed
