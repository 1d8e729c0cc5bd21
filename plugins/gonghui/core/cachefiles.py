"""Writing a build-cache file whole or not at all: a reader (another build, a render worker) sees the old file,
the new one, or none, never half of one."""

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
