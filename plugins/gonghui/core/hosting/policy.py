"""What each published file is served as: its Content-Type, its Cache-Control, and when it goes up in a deploy.

The same rules feed the object-storage upload (`deploy`) and the nginx configuration (`nginx`), so a reader gets
the same headers from either host.
"""

from __future__ import annotations

import posixpath
import re

UTF8 = "; charset=utf-8"

# File ending -> media type. Text types get "; charset=utf-8" (TEXT below); unknown endings are octet-stream.
TYPES: dict[str, str] = {
    "html": "text/html",
    "htm": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml",
    "ics": "text/calendar",
    "txt": "text/plain",
    "csv": "text/csv",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "wasm": "application/wasm",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
    "gz": "application/gzip",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
TEXT = frozenset({"html", "htm", "css", "js", "mjs", "json", "map", "webmanifest", "xml", "ics", "txt", "csv", "svg"})
# Feeds are .xml files known by name: RSS 2.0 and Atom, at the site's root and beside every listing.
FEEDS = {"feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
# Files the build writes compressed copies of (`precompress`): text, worth compressing.
COMPRESSIBLE = frozenset(TEXT)

REFRESH = "no-cache"  # kept, but asked again every time: a new article shows at once
YEAR = "public, max-age=31536000, immutable"  # content-hashed: a changed file gets a new name
DAY = "public, max-age=86400"  # photos and documents under their own names

# A content hash in the file name: Material's `main.57a0d79d.min.css`, photo copies `name.0123456789.960.webp`.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.")
# Pagefind's index, fragments, metadata and filters are named by their content's hash.
SEARCH_CHUNK = re.compile(r"(^|/)pagefind/(.+/)?[^/]+\.pf_(fragment|index|meta|filter)$")
MEDIA = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "pdf", "doc", "docx", "xls", "xlsx",
                   "ppt", "pptx", "zip", "mp3", "mp4", "webm", "woff", "woff2", "ttf", "otf"})

# The same classes for nginx, as regular expressions on the request path ($uri).
NGINX_YEAR = (r"\.[0-9a-f]{8,}\.[^/]*$", r"/pagefind/(.+/)?[^/]+\.pf_(fragment|index|meta|filter)$")
NGINX_DAY = r"\.(" + "|".join(sorted(MEDIA)) + r")$"


def ending(path: str) -> str:
    name = posixpath.basename(path)
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def content_type(path: str) -> str:
    """The Content-Type of a site file, by its ending (and for feeds, its name)."""
    name = posixpath.basename(path).lower()
    end = ending(path)
    media = FEEDS.get(name) or TYPES.get(end, "application/octet-stream")
    return media + UTF8 if end in TEXT else media


def is_hashed(path: str) -> bool:
    """True when the file's name changes whenever its content does, so it may be cached for a year."""
    return bool(HASHED_NAME.search(posixpath.basename(path)) or SEARCH_CHUNK.search(path))


def cache_control(path: str) -> str:
    """Pages, feeds, scripts and styles under fixed names refresh at once; hashed files keep a year; media a day."""
    if is_hashed(path):
        return YEAR
    if ending(path) in MEDIA:
        return DAY
    return REFRESH


def upload_tier(path: str) -> int:
    """When a file goes up in a deploy: what other files point at goes first, what points at them last.

    0: content-hashed files and media (new names, nothing live uses them yet); 1: other scripts, styles and data;
    2: files naming other files (search entry points, feeds, sitemaps, calendars); 3: pages, the home page last of all.
    """
    end = ending(path)
    name = posixpath.basename(path)
    if end in ("html", "htm"):
        return 4 if path == "index.html" else 3
    if is_hashed(path) or end in MEDIA:
        return 0
    if name.startswith("pagefind-entry") or name == "gonghui-shards.json" or end in ("xml", "ics", "txt", "json", "gz"):
        return 2
    return 1
