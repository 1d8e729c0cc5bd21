"""Phone-sized copies of photos: 480, 960 and 1600 px wide, WebP with a JPEG (or PNG) fallback, cached.

Readers are mostly on phones: a 3000 px, 2 MB photo shown 390 px wide wastes seconds of mobile data.
Copies are never upscaled (only widths below the original's, plus the original's width capped at 1600).
They carry no metadata (no EXIF, no ICC: colours are converted to sRGB, the EXIF orientation applied),
so the same photo gives the same bytes; their names hold a hash of the source and settings, so a CDN
may cache them forever. The work is kept in `.cache/gonghui/images/<key>/` under the project: a manifest
with every copy's SHA-256, checked before reuse, so a damaged entry is redone and the folder can be
deleted at any time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ..load.rasters import SETTINGS_VERSION, RasterError, RasterSource, manifest_path, open_image, read_source
from ..messages import define, say
from ..model.site import SiteSources
from ..problems import Problems

WIDTHS = (480, 960, 1600)
WEBP = "image/webp"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP_OPTIONS = {"quality": 75, "method": 4}  # method 6 saves ~10 % more for 3× the time
JPEG_OPTIONS = {"quality": 80, "optimize": True, "progressive": True}
PNG_OPTIONS = {"optimize": True}
_SUFFIX = {WEBP: "webp", JPEG: "jpg", PNG: "png"}
_SAFE_STEM = re.compile(r"[^A-Za-z0-9_-]+")

CACHE_FAILED = define(
    "GH453", "图片缓存文件夹 {folder} 写不进去；检查它的权限和磁盘空间，或删掉它重新构建；解决不了请把这条信息转给网站管理员 "
    "(image cache not writable)", "构建时写不进图片缓存 .cache/gonghui/images/",
)


@dataclass(frozen=True)
class Copy:
    name: str  # file name in the site, next to the original: <stem>.<hash>.<width>.<suffix>
    file: str  # file name in the cache entry: <width>.<suffix>
    width: int
    height: int
    mime: str
    sha256: str


@dataclass(frozen=True)
class Responsive:
    """A photo's copies: where they come from, where they are cached, and the size its box takes."""

    src_uri: str  # the original, as a content path (its copies sit in the same folder of the site)
    width: int  # of the largest copy: the width and height attributes, so the page does not jump
    height: int
    copies: tuple[Copy, ...]
    folder: Path  # the cache entry holding the copies

    def of(self, mime: str) -> list[Copy]:
        return [c for c in self.copies if c.mime == mime]

    @property
    def fallback(self) -> list[Copy]:
        return [c for c in self.copies if c.mime != WEBP]

    def site_path(self, copy: Copy) -> str:
        return posixpath.join(posixpath.dirname(self.src_uri), copy.name)


@dataclass
class Counts:
    """What this process did: tests tell a cached build from one that redid the work."""

    processed: int = 0
    reused: int = 0
    seconds: float = 0.0  # spent in `make_copies`, cache lookups included
    redone: list[str] = field(default_factory=list)  # cache entries found damaged


COUNTS = Counts()


def copy_widths(width: int) -> list[int]:
    """480/960/1600 below the original's width, and the original's own width capped at 1600: never upscaled."""
    top = min(width, WIDTHS[-1])
    return sorted({w for w in WIDTHS if w < top} | {top})


def responsive(src_uri: str, source: RasterSource, cache_root: Path, shown: str) -> Responsive:
    """The copies of one photo, from the cache when a verified entry is there, else made and cached."""
    key = source.key
    folder = cache_root / key
    cached = _read_entry(folder, src_uri, key)
    if cached is not None:
        COUNTS.reused += 1
        return cached
    if folder.exists():
        COUNTS.redone.append(key)
    image = open_image(source, shown)  # RasterError for the editor
    made = _make(image)
    COUNTS.processed += 1
    _write_entry(cache_root, key, made)
    entry = _read_entry(folder, src_uri, key)
    if entry is None:  # the cache folder is not writable or was changed under us: a clear error, not a traceback
        raise RasterError(say(CACHE_FAILED, folder=cache_root))
    return entry


def _stem(src_uri: str, key: str) -> str:
    stem = _SAFE_STEM.sub("-", posixpath.splitext(posixpath.basename(src_uri))[0]).strip("-")[:40] or "image"
    return f"{stem}.{key[:10]}"


def _encode(image: Image.Image, mime: str) -> bytes:
    out = io.BytesIO()
    if mime == WEBP:
        image.save(out, "WEBP", **WEBP_OPTIONS)
    elif mime == JPEG:
        image.save(out, "JPEG", **JPEG_OPTIONS)
    else:
        image.save(out, "PNG", **PNG_OPTIONS)
    return out.getvalue()


def _make(image: Image.Image) -> list[tuple[Copy, bytes]]:
    prepared = image  # upright, sRGB, RGB or RGBA, no metadata: `open_image`
    fallback = PNG if prepared.mode == "RGBA" else JPEG
    width, height = prepared.size
    made: list[tuple[Copy, bytes]] = []
    for w in copy_widths(width):
        h = max(1, round(height * w / width))
        sized = prepared if w == width else prepared.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for mime in (WEBP, fallback):
            data = _encode(sized, mime)
            file = f"{w}.{_SUFFIX[mime]}"
            made.append((Copy(file, file, w, h, mime, hashlib.sha256(data).hexdigest()), data))
    return made


def _write_entry(cache_root: Path, key: str, made: list[tuple[Copy, bytes]]) -> None:
    """Write into a fresh folder and move it in place: a build stopped halfway leaves no half entry."""
    try:
        cache_root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache_root))
        for copy, data in made:
            (work / copy.file).write_bytes(data)
        manifest = {"settings": SETTINGS_VERSION,
                    "copies": [[c.file, c.width, c.height, c.mime, c.sha256] for c, _ in made]}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        folder = cache_root / key
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except OSError:
        return  # reported by the caller, which finds no entry


def _read_entry(folder: Path, src_uri: str, key: str) -> Responsive | None:
    """The cached copies, each file checked against its hash; None when anything is missing or different."""
    stem = _stem(src_uri, key)
    try:
        manifest = json.loads(manifest_path(folder.parent, key).read_text(encoding="utf-8"))
        if manifest.get("settings") != SETTINGS_VERSION:
            return None
        copies = tuple(Copy(f"{stem}.{f}", str(f), int(w), int(h), str(m), str(s))
                       for f, w, h, m, s in manifest["copies"])
        if not copies or any(c.mime not in _SUFFIX or c.file != f"{c.width}.{_SUFFIX[c.mime]}" for c in copies):
            return None
        for copy in copies:
            if hashlib.sha256((folder / copy.file).read_bytes()).hexdigest() != copy.sha256:
                return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    largest = max(copies, key=lambda c: c.width)
    return Responsive(src_uri, largest.width, largest.height, copies, folder)


def make_copies(
    uses: dict[str, list[tuple[str, int]]], sources: SiteSources, cache_root: Path, problems: Problems,
) -> dict[str, Responsive]:
    """The copies of every photo in `uses` (content path → where it is shown); a photo that fails is a problem
    at each of its places (the check already read every one, so this happens only if a file changed meanwhile)."""
    images: dict[str, Responsive] = {}
    started = time.perf_counter()
    for uri, places in sorted(uses.items()):
        shown = sources.display_content(uri)
        try:
            images[uri] = responsive(uri, read_source(sources.content_dir / uri, shown), cache_root, shown)
        except RasterError as exc:
            for display, line in places:
                problems.add(display, line, str(exc))
    COUNTS.seconds += time.perf_counter() - started
    return images
