"""Sanitizing rendered Markdown bodies with nh3 (the Ammonia HTML sanitizer).

Editors may write raw HTML in Markdown; scripts, event handlers, `javascript:`
links and embeds from hosts nobody trusted are removed, and each removal is
reported with the file and line so the editor knows what happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3

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
EMBED_RE = re.compile(r"<(iframe|video|audio)\b[^>]*>.*?</\1\s*>|<(iframe|video|audio|source)\b[^>]*/?>", re.I | re.S)
SRC_RE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)

# What an editor is told was removed, and how to find it in their source.
UNSAFE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("<script>", re.compile(r"<script\b", re.I)),
    ("<style>", re.compile(r"<style\b", re.I)),
    ("<object>/<embed>", re.compile(r"<(?:object|embed|applet)\b", re.I)),
    ("<form>", re.compile(r"<form\b", re.I)),
    ("an on… event attribute", re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)),
    ("a javascript: link", re.compile(r"""(?:(?:href|src|action)\s*=\s*["']?|\]\(<?)\s*(?:javascript|vbscript|data):""", re.I)),
]


@dataclass(frozen=True)
class Removal:
    what: str
    line: int  # 1-based line in the Markdown body, 0 when not found


def _host_trusted(url: str, hosts: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def _line_of(source: str, pattern: re.Pattern[str]) -> int:
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else 0


def find_unsafe(source: str, trusted_hosts: Iterable[str]) -> list[Removal]:
    """What the sanitizer will remove from this Markdown source, with lines."""
    hosts = frozenset(h.lower() for h in trusted_hosts)
    found = [Removal(what, _line_of(source, rx)) for what, rx in UNSAFE_PATTERNS if rx.search(source)]
    for match in EMBED_RE.finditer(source):
        src = SRC_RE.search(match.group(0))
        if src is None or not _host_trusted(src.group(1), hosts):
            tag = (match.group(1) or match.group(2)).lower()
            where = urlsplit(src.group(1)).hostname if src else "no address"
            found.append(Removal(f"<{tag}> from an untrusted host ({where})", source.count("\n", 0, match.start()) + 1))
    return found


def sanitize_html(html: str, trusted_hosts: Iterable[str] = ()) -> str:
    """Keep ordinary article HTML; drop scripts, handlers, unsafe URLs and untrusted embeds."""
    hosts = frozenset(h.lower() for h in trusted_hosts)

    def embed(match: re.Match[str]) -> str:
        src = SRC_RE.search(match.group(0))
        return match.group(0) if src and _host_trusted(src.group(1), hosts) else ""

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
