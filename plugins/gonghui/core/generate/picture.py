"""`<picture>` markup for photos with phone-sized copies: WebP first, the JPEG/PNG fallback in `<img>`.

`sizes` tells the browser how wide the photo is shown before it has the CSS, so it can choose a copy:
the width of a tablet's screen, at most the article column on a computer, and on a phone a little less than
its width (see COLUMN_SIZES), so a 390 px phone at device pixel ratio 2 or 3 takes the 960 px copy,
about 80 kB for a 2 MB photo. `width`/`height` give the box its shape before the file arrives.
The lead photo is above the fold: fetched first, not lazily; body images load when scrolled near.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from urllib.parse import unquote, urlsplit

from .images import IMG_RE, SRC_RE, _attr
from .responsive import WEBP, Copy, Responsive

# Phones (up to 30em = 480 px) say 320 px: at device pixel ratio 3 that asks for 960 device pixels, not the
# 1170 that would fetch the 1600 copy (4× the bytes for a sharpness nobody sees on a 6-inch screen).
# From 76.25em Material shows its sidebars; the article column measured 688 px (1280 px window, 20 px rem) and
# 757 px (1920 px, 22 px rem), so about 38rem.
COLUMN_SIZES = "(max-width: 30em) 320px, (min-width: 76.25em) 38rem, 100vw"
THUMB_SIZES = "8rem"  # listings show photos 8rem wide (gonghui.css .gh-item__photo)
FALLBACK_WIDTH = 960  # `src` for browsers without srcset: the middle copy
_PICTURE_RE = re.compile(r"<picture\b.*?</picture>", re.IGNORECASE | re.DOTALL)
_DROP_RE = re.compile(r"""\s(?:src|srcset|sizes|loading|decoding|fetchpriority)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
                      re.IGNORECASE)
_SIZE_ATTR_RE = re.compile(r"\s(?:width|height)\s*=", re.IGNORECASE)


def _srcset(base: str, copies: list[Copy]) -> str:
    return ", ".join(f"{base}{copy.name} {copy.width}w" for copy in sorted(copies, key=lambda c: c.width))


def _fallback_src(image: Responsive) -> Copy:
    fallback = sorted(image.fallback, key=lambda c: c.width)
    fitting = [c for c in fallback if c.width <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else fallback[0]


def picture_parts(image: Responsive, original_url: str) -> tuple[str, str, str]:
    """(WebP srcset, fallback srcset, fallback src), as URLs next to `original_url`, escaped for an attribute."""
    base = original_url.rsplit("/", 1)[0] + "/" if "/" in original_url else ""
    return (escape(_srcset(base, image.of(WEBP))), escape(_srcset(base, image.fallback)),
            escape(base + _fallback_src(image).name))


def picture(image: Responsive, original_url: str, img_attrs: str, sizes: str, *, lazy: bool, lead: bool = False,
            box: bool = True) -> str:
    """The `<picture>`; `img_attrs` are the `<img>`'s other attributes, already escaped (alt, title, class…)."""
    webp, fallback, src = picture_parts(image, original_url)
    sizes = escape(sizes)
    extra = f' width="{image.width}" height="{image.height}"' if box else ""
    if lazy:
        extra += ' loading="lazy" decoding="async"'
    elif lead:
        extra += ' fetchpriority="high"'
    return (f'<picture><source type="{WEBP}" srcset="{webp}" sizes="{sizes}">'
            f'<img src="{src}" srcset="{fallback}" sizes="{sizes}"{extra}{img_attrs}></picture>')


def photo_html(image: Responsive | None, original_url: str, alt: str, *, kind: str = "lead") -> str:
    """A lead photo as the templates show it: `kind` is 'lead' (article, home page) or 'thumb' (listings)."""
    lazy = kind == "thumb"
    if image is None:  # SVG, GIF: the file as it is (a listing's box keeps the 16:9 it always had)
        lazy_attrs = ' loading="lazy" width="160" height="90"' if lazy else ""
        return f'<img src="{escape(original_url)}" alt="{escape(alt)}"{lazy_attrs}>'
    sizes = THUMB_SIZES if kind == "thumb" else COLUMN_SIZES
    return picture(image, original_url, f' alt="{escape(alt)}"', sizes, lazy=lazy, lead=not lazy)


def responsive_body(html: str, page_url: str, images: dict[str, Responsive]) -> str:
    """Every `<img>` of a page body showing a photo with copies becomes a `<picture>`, loaded lazily.

    `page_url` is the page's directory URL ('news/2022/06/slug/'): relative `src` are resolved from it.
    Images already in a `<picture>` of the editor's are left as they are.
    """
    if not images or "<img" not in html.lower():
        return html
    parts: list[str] = []
    last = 0
    for match in _PICTURE_RE.finditer(html):
        parts.append(_replace_images(html[last:match.start()], page_url, images))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_replace_images(html[last:], page_url, images))
    return "".join(parts)


def _replace_images(html: str, page_url: str, images: dict[str, Responsive]) -> str:
    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _attr(SRC_RE, tag)
        image = images.get(_site_path(src, page_url)) if src else None
        if image is None or src is None:
            return tag
        rest = _DROP_RE.sub("", tag[len("<img"):]).rstrip(">").rstrip("/").rstrip()
        return picture(image, src, rest, COLUMN_SIZES, lazy=True, box=not _SIZE_ATTR_RE.search(rest))

    return IMG_RE.sub(replace, html)


def _site_path(src: str, page_url: str) -> str:
    """The site path an `src` points to, '' for another host's address."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return ""
    path = unquote(parts.path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)  # 'about.html' without directory URLs
    return posixpath.normpath(posixpath.join(folder, path))
