"""Compressed copies of a built site's text files (`name.gz` beside `name`), for nginx's `gzip_static`.

Written by the build when the plugin option `precompress: true` is set. The copies are made at the highest level
once per build, so the server never compresses a page per request; they carry no file name or time (mtime 0),
so an unchanged file gives the same `.gz` byte for byte and a deploy does not upload it again.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from .policy import COMPRESSIBLE, ending

MIN_BYTES = 256  # smaller files gain nothing


def precompress(site_dir: Path) -> int:
    """Write or refresh `X.gz` beside every compressible file X of `site_dir`; returns how many were written."""
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or ending(path.name) not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) >= len(data):
            continue
        target = path.with_name(path.name + ".gz")
        if target.is_file() and target.read_bytes() == packed:
            continue
        target.write_bytes(packed)
        written += 1
    return written
