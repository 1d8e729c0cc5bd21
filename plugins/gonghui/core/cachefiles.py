"""Writing a build-cache file whole or not at all: a reader (another build, a render worker) sees the old file,
the new one, or none, never half of one. And reading one in a single call."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_whole(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """`write` fills a temporary file beside `path` (named for this process), which then replaces `path`.

    OSError when it cannot; the temporary file is removed then.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def read_whole(path: str | os.PathLike[str], size: int | None = None) -> bytes | None:
    """The file's bytes: one open, one fstat, one read, without pathlib's and io's layers (a warm build reads two
    files for each of its 10,000 cached pages: the entry, and the live site's copy to link). With `size`, None
    when the file has another size (it is not read)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        length = os.fstat(descriptor).st_size
        if size is not None and length != size:
            return None
        chunks = []
        while length > 0:
            chunk = os.read(descriptor, length)
            if not chunk:
                break
            chunks.append(chunk)
            length -= len(chunk)
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    finally:
        os.close(descriptor)
