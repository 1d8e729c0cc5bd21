"""Photos (JPEG, PNG, WebP) read with Pillow, within limits: a broken or huge file is an editor's message, not a crash.

The build makes phone-sized copies of lead photos and body images (`generate.responsive`); `check.rasters`
reads each one here first, so `gonghui check` and the build refuse the same files with the same words.
Pillow's own decompression-bomb guard (a warning from 89 megapixels, an error from 179) never shows:
our pixel limit is lower and checked from the header, before any pixel is decoded.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps

from ..messages import define, say

RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})  # SVG and GIF (animations) are served as they are
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; decoded as RGBA that is 160 MB of memory
MAX_BYTES = 30_000_000  # the largest phone or camera JPEG is about 25 MB
# Part of every cache key and copy name: bump it whenever the copies would come out different (sizes, quality,
# encoder settings); Pillow's version is in it because its bundled encoders decide the bytes.
SETTINGS_VERSION = f"1:480,960,1600:webp75m4:jpeg80q:png-opt:pillow{PIL.__version__}"

UNREADABLE = define(
    "GH437", "图片 {path} 打不开（{detail}）；应为 JPEG、PNG 或 WebP 照片。用看图软件打开确认文件完好，重新导出或重新上传原图 "
    "(image cannot be decoded)", "题图或正文图片文件损坏、不完整，或不是 JPEG/PNG/WebP",
)
TOO_MANY_PIXELS = define(
    "GH438", "图片 {path} 有 {pixels}，超过上限 {limit}；缩小到长边 6000 像素以内（如 6000×4000）再放进来 "
    "(image has too many pixels)", "图片像素超过 4000 万",
)
TOO_MANY_BYTES = define(
    "GH439", "图片 {path} 有 {size}，超过上限 {limit}；用看图软件另存为质量 90 左右的 JPEG 再放进来 "
    "(image file too large)", "图片文件超过 30 MB",
)


class RasterError(Exception):
    """Why a photo cannot be used; the message is the editor's (code first)."""


@dataclass(frozen=True)
class RasterSource:
    """A photo's bytes as committed, and what they hash to with the current settings."""

    path: Path
    data: bytes

    @property
    def key(self) -> str:
        """Cache key and the hash in copies' file names: the bytes and the settings, never file times."""
        digest = hashlib.sha256(SETTINGS_VERSION.encode() + b"\0" + self.data)
        return digest.hexdigest()[:32]


def manifest_path(cache_root: Path, key: str) -> Path:
    """Where the cache entry of a photo lists its copies (`generate.responsive` writes it once they are made)."""
    return cache_root / key / "manifest.json"


def is_raster(path: str) -> bool:
    return Path(path).suffix.lower() in RASTER_SUFFIXES


def _pixels(count: int) -> str:
    return f"{count // 10_000:,} 万像素"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def read_source(path: Path, shown: str) -> RasterSource:
    """The file's bytes, refused over the byte limit before they are read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RasterError(say(TOO_MANY_BYTES, path=shown, size=_mb(size), limit=_mb(MAX_BYTES)))
        return RasterSource(path, path.read_bytes())
    except OSError as exc:
        raise RasterError(say(UNREADABLE, path=shown, detail=f"读不出文件：{exc.strerror or exc}")) from None


def open_image(source: RasterSource, shown: str, *, decode: bool = True) -> Image.Image:
    """With `decode`, the image ready for copies: every pixel read (a cut-off file shows here), upright (EXIF
    orientation applied), sRGB, RGB or RGBA; else only its header read, for its size."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(source.data), formats=FORMATS)
        except Image.DecompressionBombError as exc:  # over 179 megapixels: Pillow refuses before we see the size
            found = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = _pixels(int(found.group(1))) if found else "超过 1.79 亿像素"
            raise RasterError(say(TOO_MANY_PIXELS, path=shown, pixels=pixels, limit=_pixels(MAX_PIXELS))) from None
        except Exception:  # noqa: BLE001  any decoder's complaint about a hostile file: the editor's message, no traceback
            raise RasterError(say(UNREADABLE, path=shown, detail="不是能识别的 JPEG、PNG 或 WebP 文件")) from None
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise RasterError(say(TOO_MANY_PIXELS, path=shown, pixels=f"{width}×{height} 像素（{_pixels(width * height)}）",
                                  limit=_pixels(MAX_PIXELS)))
        if width < 1 or height < 1:
            raise RasterError(say(UNREADABLE, path=shown, detail="宽或高是 0 像素"))
        if not decode:
            return image
        try:
            image.load()
            return _prepare(ImageOps.exif_transpose(image))
        except Exception as exc:  # noqa: BLE001  truncated data, a bad EXIF block…: never a traceback
            raise RasterError(say(UNREADABLE, path=shown, detail=_why(exc))) from None


def _why(exc: Exception) -> str:
    text = str(exc).lower()
    if "truncated" in text or isinstance(exc, EOFError):
        return "文件不完整，像是没有传完"
    return "图像数据损坏"


def _prepare(image: Image.Image) -> Image.Image:
    """RGB (or RGBA when something is transparent) in sRGB, with no metadata left to copy into the output."""
    alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    converted: Image.Image | None = None
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            converted = ImageCms.profileToProfile(image, source_profile, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # an odd profile: the pixels as they are, like a browser without colour management
    result = converted if converted is not None else image.convert(mode)
    if alpha:
        extrema = result.getchannel("A").getextrema()
        if extrema[0] == 255:  # an alpha channel that is opaque everywhere: a plain photo
            result = result.convert("RGB")
    result.info = {}
    return result
