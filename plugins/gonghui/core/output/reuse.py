"""Files of the previous site that a build would write again byte for byte are hard-linked, not written.

A build writes into a fresh folder beside the live site (`atomic.AtomicOutput`), so a warm build used to create
every one of its files anew and then delete every file of the old site: on a 10,000-article site that is 13,000
files made and 13,000 removed, most of them the same bytes as before. Here each file is compared with the file
at the same path in the live site (a size check, then the bytes, from the operating system's cache) and, when it
is the same, linked into the new folder: one directory entry instead of a file, and removing the old site then
drops only directory entries. The comparison is of content, so the new site is byte-identical to one written in
full, whatever happened to the old one.

The live site is never written to: a file of the new folder is only ever replaced (unlinked, then written), never
opened for writing in place, since a linked file shares its bytes with the live site until the swap.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..cachefiles import read_whole


@dataclass
class PreviousSite:
    """The live site (`previous`, None for a first build) and the folder the build writes (`work`)."""

    previous: Path | None
    work: Path
    linked: int = 0
    written: int = 0
    _work_prefix: str = field(init=False, default="")
    _folders: set[str] = field(init=False, default_factory=set)  # made in this build: 4,800 makedirs took 1.2 s

    def __post_init__(self) -> None:
        self.work = self.work.resolve()
        self._work_prefix = str(self.work) + os.sep
        if self.previous is not None and not self.previous.is_dir():
            self.previous = None

    def _counterpart(self, dest: str | os.PathLike[str]) -> Path | None:
        """The file at `dest`'s place in the live site, if `dest` is in the build's folder."""
        if self.previous is None:
            return None
        path = os.path.abspath(dest)
        if not path.startswith(self._work_prefix):
            return None
        return self.previous / path[len(self._work_prefix):]

    def _folder_of(self, dest: str | os.PathLike[str]) -> None:
        folder = os.path.dirname(dest)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def write(self, content: bytes, dest: str | os.PathLike[str]) -> None:
        """Put `content` at `dest`: linked from the live site when it holds the same bytes there, else written."""
        old = self._counterpart(dest)
        self._folder_of(dest)
        if old is not None:
            _unlink(dest)
            if _holds(old, content) and _link(old, dest):
                self.linked += 1
                return
        with open(dest, "wb") as out:
            out.write(content)
        self.written += 1

    def copy(self, source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
        """Copy the file `source` to `dest` (a file path), linking the live site's copy when it is the same."""
        old = self._counterpart(dest)
        self._folder_of(dest)
        if os.path.exists(dest) and os.path.samefile(source, dest):
            return  # a plugin wrote straight into the build's folder (MkDocs allows it)
        if old is not None:
            _unlink(dest)
            if _same_files(old, source) and _link(old, dest):
                self.linked += 1
                return
        shutil.copyfile(source, dest)
        self.written += 1


def _unlink(path: str | os.PathLike[str]) -> None:
    """A file written earlier in this build may be a link into the live site: replace it, never write into it."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _holds(path: Path, content: bytes) -> bool:
    try:
        return read_whole(path, size=len(content)) == content  # a file of another size is not read
    except OSError:
        return False


def _same_files(old: Path, source: str | os.PathLike[str]) -> bool:
    try:
        if old.stat().st_size != os.stat(source).st_size:
            return False
        return old.read_bytes() == Path(source).read_bytes()
    except OSError:
        return False


def _link(old: Path, dest: str | os.PathLike[str]) -> bool:
    """Hard-link; False where the file system cannot (another device, no links): the caller writes instead."""
    try:
        os.link(old, dest)
    except OSError:
        return False
    return True
