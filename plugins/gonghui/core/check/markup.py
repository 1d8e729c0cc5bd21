"""Warnings about what editors wrote in Markdown: HTML the sanitizer removes, images without alt text.

Both are found in the Markdown source, so `gonghui check` and the build give the same lines without
rendering anything; the build's renderer (`generate.sanitize`, `generate.images`) then makes the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Embeds (<iframe>, <video>, <audio>) survive sanitizing only from the hosts in `trusted_embed_hosts`.
EMBED_RE = re.compile(r"<(iframe|video|audio)\b[^>]*>.*?</\1\s*>|<(iframe|video|audio|source)\b[^>]*/?>", re.I | re.S)
SRC_RE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


def host_trusted(url: str, hosts: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


# What an editor is told was removed, and how to find it in their source.
UNSAFE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("<script>", re.compile(r"<script\b", re.I)),
    ("<style>", re.compile(r"<style\b", re.I)),
    ("<object>/<embed>", re.compile(r"<(?:object|embed|applet)\b", re.I)),
    ("<form>", re.compile(r"<form\b", re.I)),
    ("an on… event attribute", re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)),
    ("a javascript: link", re.compile(r"""(?:(?:href|src|action)\s*=\s*["']?|\]\(<?)\s*(?:javascript|vbscript|data):""", re.I)),
]
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)[^`]*?\1")
MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
REF_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
HTML_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
HTML_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line in the Markdown body, 0 when not found
    message: str


def _line_of(source: str, pattern: re.Pattern[str]) -> int:
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else 0


def find_unsafe(source: str, trusted_hosts: Iterable[str]) -> list[Finding]:
    """What the sanitizer will remove from this Markdown source, with lines."""
    hosts = frozenset(h.lower() for h in trusted_hosts)
    found = [Finding(_line_of(source, rx), f"removed unsafe HTML: {what}") for what, rx in UNSAFE_PATTERNS if rx.search(source)]
    for match in EMBED_RE.finditer(source):
        src = SRC_RE.search(match.group(0))
        if src is None or not host_trusted(src.group(1), hosts):
            tag = (match.group(1) or match.group(2)).lower()
            where = urlsplit(src.group(1)).hostname if src else "no address"
            line = source.count("\n", 0, match.start()) + 1
            found.append(Finding(line, f"removed unsafe HTML: <{tag}> from an untrusted host ({where})"))
    return found


def _prose_lines(source: str) -> list[tuple[int, str]]:
    """Lines outside fenced code blocks, with code spans blanked (an example is not an image)."""
    out: list[tuple[int, str]] = []
    fence = ""
    for number, line in enumerate(source.splitlines(), start=1):
        opening = FENCE_RE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        out.append((number, CODE_SPAN_RE.sub("", line)))
    return out


def _attr(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(g for g in match.groups() if g is not None)


def find_missing_alt(source: str) -> list[Finding]:
    """Every image of a Markdown source that has no alt text, on its own line."""
    lines = _prose_lines(source)
    references = {m.group(1).strip().lower(): m.group(2) for _, text in lines if (m := REF_DEF_RE.match(text))}
    found: list[Finding] = []
    for number, text in lines:
        for match in MD_IMAGE_RE.finditer(text):
            if not match.group(1).strip():
                src = match.group(2)
                found.append(Finding(number, f"image {src} has no alt text (替代文字); write it as ![图片说明]({src})"))
        for match in REF_IMAGE_RE.finditer(text):
            if not match.group(1).strip():
                src = references.get(match.group(2).strip().lower(), match.group(2))
                found.append(Finding(number, f"image {src} has no alt text (替代文字); write it as ![图片说明][{match.group(2)}]"))
        for tag in HTML_IMG_RE.findall(text):
            if not (_attr(HTML_ALT_RE, tag) or "").strip():
                src = _attr(HTML_SRC_RE, tag) or ""
                found.append(Finding(number, f'image {src} has no alt text (替代文字); add alt="图片说明" to its <img> tag'))
    return found


def markup_findings(body: str, trusted_hosts: Iterable[str]) -> list[Finding]:
    return find_unsafe(body, trusted_hosts) + find_missing_alt(body)
