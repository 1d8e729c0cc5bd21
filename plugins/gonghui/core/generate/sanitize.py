"""Sanitizing rendered Markdown bodies with nh3 (the Ammonia HTML sanitizer).

Editors may write raw HTML in Markdown; scripts, event handlers, `javascript:`
links and embeds from hosts nobody trusted are removed; `check.markup` tells the
editor, with file and line, what will be removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3

from ..check.markup import EMBED_RE, SRC_RE, host_trusted

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


def sanitize_html(html: str, trusted_hosts: Iterable[str] = ()) -> str:
    """Keep ordinary article HTML; drop scripts, handlers, unsafe URLs and untrusted embeds."""
    hosts = frozenset(h.lower() for h in trusted_hosts)

    def embed(match: re.Match[str]) -> str:
        src = SRC_RE.search(match.group(0))
        return match.group(0) if src and host_trusted(src.group(1), hosts) else ""

    html = EMBED_RE.sub(embed, html)
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) | EXTRA_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
