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
