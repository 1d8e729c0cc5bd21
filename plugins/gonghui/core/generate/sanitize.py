"""Sanitizing rendered Markdown bodies with nh3 (the Ammonia HTML sanitizer).

Editors may write raw HTML in Markdown; scripts, event handlers, `javascript:`
links, embeds from hosts nobody trusted and images from other hosts are removed;
`check.markup` tells the editor, with file and line, what will be removed.

Addresses are judged inside nh3's own parser (`attribute_filter`), so no pattern runs
over the whole body: an untrusted embed or image loses its address (no request leaves
the page), and an `<img>` left without one is dropped by a linear pass over nh3's
well-formed output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3

from ..check.markup import EMBED_TAGS, host_trusted, is_outside

EXTRA_TAGS = {"iframe", "video", "audio", "source", "section", "picture"}
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "width", "height", "allowfullscreen", "frameborder", "loading"},
    "video": {"src", "controls", "poster", "width", "height", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type", "srcset", "media"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# nh3 writes every attribute value in double quotes (a `>` inside one is kept as is).
_IMG_RE = re.compile(r'<img\b((?:[^<>"]|"[^"]*")*)>')
_SRC_ATTR_RE = re.compile(r'\ssrc="')


def sanitize_html(html: str, trusted_hosts: Iterable[str] = (), image_hosts: Iterable[str] = ()) -> str:
    """Keep ordinary article HTML; drop scripts, handlers, unsafe URLs, untrusted embeds and outside images."""
    embed_hosts = frozenset(h.lower() for h in trusted_hosts)
    picture_hosts = frozenset(h.lower() for h in image_hosts)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("src", "poster", "srcset"):
            urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
            if element in EMBED_TAGS or (element == "source" and attribute == "src"):
                return value if urls and all(host_trusted(url, embed_hosts) for url in urls) else None
            if any(is_outside(url) and not host_trusted(url, picture_hosts) for url in urls):
                return None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) | EXTRA_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    if "<img" not in cleaned:
        return cleaned
    return _IMG_RE.sub(lambda m: m.group(0) if _SRC_ATTR_RE.search(m.group(1)) else "", cleaned)
