"""Freed memory given back to the operating system, so that a large build's resident memory falls with it.

Python frees an article's text (about 6 kB, allocated with the C library's `malloc`) when the checks no longer
need it, but the C library keeps freed blocks for later use, so the build's resident memory stays at the
checks' peak. `malloc_trim` returns whole free pages. Only with the GNU C library (Linux); elsewhere nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back_freed_memory(collect: bool = True) -> bool:
    """Collect garbage (unless not `collect`: a full collection walks every object, about a second at 100,000
    articles) and return free memory to the system; False where the C library cannot."""
    if collect:
        gc.collect()
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def freeze_long_lived() -> None:
    """Move every object alive now (the site model and plan, kept to the build's end) out of the collector's sight,
    so that its full collections need not walk them again. Measured in a warm build at 10,000 articles it changed
    little (eight or nine full collections, about 1.0 s in all, with and without it): the objects MkDocs and the
    page cache make later are most of what those collections walk. Not measured apart at 100,000 articles. The
    garbage of the checks was collected just before (`release_check_inputs`)."""
    gc.freeze()


def thaw_long_lived() -> None:
    """After the build: the frozen objects are collected again as usual (a process that builds again, `serve`
    or a test, does not keep the last build's model for ever)."""
    gc.unfreeze()
