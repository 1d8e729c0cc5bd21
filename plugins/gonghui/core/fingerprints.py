"""Content hashes for the build caches: the same parts give the same key in every process and on every machine."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the gonghui package: code, templates, theme, styles
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _plain(value: object) -> str:
    """A value JSON cannot write, as text that is the same in every process (no memory addresses)."""
    name = getattr(value, "__qualname__", None)
    if callable(value) and name:
        return f"{getattr(value, '__module__', '')}.{name}"
    return _ADDRESS.sub("", repr(value))


def fingerprint(*parts: object) -> str:
    """A hex digest of the parts (text, bytes or JSON-able values), each length-prefixed so none runs into the next."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = json.dumps(part, ensure_ascii=False, sort_keys=True, default=_plain).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def folder_digest(folder: Path) -> list[tuple[str, str]]:
    """Each file under `folder` (not Python's caches) with the hash of its bytes, in name order."""
    if not folder.is_dir():
        return []
    return [(str(path.relative_to(folder)), fingerprint(path.read_bytes()))
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]


@lru_cache(maxsize=1)
def package_digest() -> str:
    """The gonghui package's files: any change to our code or templates changes every key made with it."""
    return fingerprint(folder_digest(PACKAGE_DIR))
