"""Warnings about what editors wrote in Markdown: HTML the sanitizer removes, images without alt text,
images from other hosts.

All are found in the Markdown source, so `gonghui check` and the build give the same lines without
rendering anything; the build's renderer (`generate.sanitize`, `generate.images`) then makes the fix.
Every scan here is linear in the body: tags are cut at the next `<` or `>` (never a backtracking
`.*?` over the rest of the body), and each kind of warning is reported once per file, at its first
line, with a count of the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

# Embeds (<iframe>, <video>, <audio>, <source>) survive sanitizing only from the hosts in `trusted_embed_hosts`.
EMBED_TAGS = frozenset({"iframe", "video", "audio"})
SRC_RE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
# A tag: `<`, a name, then anything up to the next `<` or `>`; `>?` always matches, so nothing backtracks.
TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)(>?)")


class _Counts(Protocol):
    visited: int


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_trusted(url: str, hosts: frozenset[str]) -> bool:
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in hosts)


def is_outside(url: str) -> bool:
    """An address on another host: `http(s)://…` or `//host/…`."""
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "//"))


@dataclass(frozen=True)
class Tag:
    line: int
    name: str  # lower case
    closing: bool
    attrs: str
    complete: bool  # ended by `>`, not by the next `<` or the end of the text


def iter_tags(source: str, counter: _Counts | None = None) -> Iterator[Tag]:
    """Every tag-like `<name …>` of a text, in one linear pass."""
    line = 1
    last = 0
    for match in TAG_RE.finditer(source):
        line += source.count("\n", last, match.start())
        last = match.start()
        if counter is not None:
            counter.visited += match.end() - match.start()
        yield Tag(line, match.group(2).lower(), bool(match.group(1)), match.group(3), bool(match.group(4)))
    if counter is not None:
        counter.visited += len(source)


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line in the Markdown body, 0 when not found
    message: str


class _Once:
    """One finding per message, at its first line, with the count of the others."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.count: dict[str, int] = {}

    def add(self, line: int, message: str) -> None:
        self.first.setdefault(message, line)
        self.count[message] = self.count.get(message, 0) + 1

    def findings(self) -> list[Finding]:
        out = []
        for message, line in self.first.items():
            more = self.count[message] - 1
            out.append(Finding(line, f"{message} (and {more:,} more)" if more else message))
        return out


_UNSAFE_TAGS = {
    "script": "<script>",
    "style": "<style>",
    "object": "<object>/<embed>",
    "embed": "<object>/<embed>",
    "applet": "<object>/<embed>",
    "form": "<form>",
}
_EVENT_RE = re.compile(r"\son[a-z]+\s*=", re.I)
# `\s*` runs are never tried two ways (`(?:["']\s*)?`), so a long run of spaces is crossed once.
_SCRIPT_URL_RE = re.compile(r"""(?:(?:href|src|action)\s*=\s*(?:["']\s*)?|\]\(<?\s*)(?:javascript|vbscript|data):""", re.I)


def _line_at(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


def find_unsafe(source: str, trusted_hosts: Iterable[str], counter: _Counts | None = None) -> list[Finding]:
    """What the sanitizer will remove from this Markdown source, with lines."""
    hosts = frozenset(h.lower() for h in trusted_hosts)
    once = _Once()
    script_urls = list(_SCRIPT_URL_RE.finditer(source))
    if counter is not None:
        counter.visited += len(source)
    pending: Tag | None = None  # an embed without src of its own: a <source> inside may give one
    inside = ""  # the embed we are in, whose <source> tags are judged with it

    def judge(tag: Tag, src: str | None) -> None:
        if src is None or not host_trusted(src, hosts):
            where = (host_of(src) or src) if src else "no address"
            once.add(tag.line, f"removed unsafe HTML: <{tag.name}> from an untrusted host ({where})")

    for tag in iter_tags(source, counter):
        if tag.closing:
            if tag.name == inside:
                if pending is not None:
                    judge(pending, None)
                pending, inside = None, ""
            continue
        if tag.name in _UNSAFE_TAGS:
            once.add(tag.line, f"removed unsafe HTML: {_UNSAFE_TAGS[tag.name]}")
        if _EVENT_RE.search(tag.attrs):
            once.add(tag.line, "removed unsafe HTML: an on… event attribute")
        if tag.name not in EMBED_TAGS and tag.name != "source":
            continue
        src_match = SRC_RE.search(tag.attrs)
        src = src_match.group(1) if src_match else None
        if tag.name == "source" and inside:
            if pending is not None:
                judge(pending, src)
                pending = None
            continue
        if pending is not None:
            judge(pending, None)
            pending = None
        if tag.name in EMBED_TAGS and not tag.attrs.rstrip().endswith("/"):
            inside = tag.name
            if src is None:
                pending = tag
                continue
        judge(tag, src)
    if pending is not None:
        judge(pending, None)
    found = once.findings()
    if script_urls:
        more = len(script_urls) - 1
        message = "removed unsafe HTML: a javascript: link"
        found.append(Finding(_line_at(source, script_urls[0].start()), f"{message} (and {more:,} more)" if more else message))
    order = ["<script>", "<style>", "<object>/<embed>", "<form>", "an on… event attribute", "a javascript: link"]

    def rank(finding: Finding) -> tuple[int, int]:
        kind = next((i for i, what in enumerate(order) if finding.message.startswith(f"removed unsafe HTML: {what}")), len(order))
        return kind, finding.line

    return sorted(found, key=rank)


FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
MD_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]\(\s*<?([^)\s>]+)")
REF_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]\[([^\[\]]*)\]")
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_IMG_RE = re.compile(r"<img\b[^<>]*>", re.I)
HTML_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
HTML_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
MAX_ALT_WARNINGS = 20  # images without alt text named one by one; the rest are counted


def blank_code_spans(line: str) -> str:
    """The line with `code spans` removed, in linear time (a run of n backticks closes at the next run of n)."""
    if "`" not in line:
        return line
    runs: list[tuple[int, int]] = []  # (start, length)
    index = 0
    while (index := line.find("`", index)) != -1:
        end = index
        while end < len(line) and line[end] == "`":
            end += 1
        runs.append((index, end - index))
        index = end
    by_length: dict[int, list[int]] = {}
    for number in range(len(runs) - 1, -1, -1):
        by_length.setdefault(runs[number][1], []).append(number)  # popped from the end: in order
    out: list[str] = []
    kept = 0
    number = 0
    while number < len(runs):
        start, length = runs[number]
        same = by_length[length]
        while same and same[-1] <= number:
            same.pop()
        if not same:
            number += 1
            continue
        closing = same.pop()
        out.append(line[kept:start])
        kept = runs[closing][0] + length
        number = closing + 1
    out.append(line[kept:])
    return "".join(out)


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
        out.append((number, blank_code_spans(line)))
    return out


def _attr(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(g for g in match.groups() if g is not None)


@dataclass(frozen=True)
class _Image:
    line: int
    alt: str
    src: str
    hint: str  # how to write the alt text in this form


def _images(source: str) -> Iterator[_Image]:
    if "![" not in source and "<img" not in source.lower():
        return  # most bodies: no image at all, no need to walk their lines
    lines = _prose_lines(source)
    references = {m.group(1).strip().lower(): m.group(2) for _, text in lines if (m := REF_DEF_RE.match(text))}
    for number, text in lines:
        for match in MD_IMAGE_RE.finditer(text):
            src = match.group(2)
            yield _Image(number, match.group(1), src, f"write it as ![图片说明]({src})")
        for match in REF_IMAGE_RE.finditer(text):
            src = references.get(match.group(2).strip().lower(), match.group(2))
            yield _Image(number, match.group(1), src, f"write it as ![图片说明][{match.group(2)}]")
        for tag in HTML_IMG_RE.findall(text):
            yield _Image(number, _attr(HTML_ALT_RE, tag) or "", _attr(HTML_SRC_RE, tag) or "", 'add alt="图片说明" to its <img> tag')


def find_missing_alt(source: str, images: list[_Image] | None = None) -> list[Finding]:
    """Every image of a Markdown source that has no alt text, on its own line (the first 20; then a count)."""
    lacking = [image for image in (_images(source) if images is None else images) if not image.alt.strip()]
    found = [Finding(i.line, f"image {i.src} has no alt text (替代文字); {i.hint}") for i in lacking[:MAX_ALT_WARNINGS]]
    if len(lacking) > MAX_ALT_WARNINGS:
        rest = lacking[MAX_ALT_WARNINGS:]
        found.append(Finding(rest[0].line, f"{len(rest):,} more images have no alt text (替代文字), from this line on"))
    return found


def find_outside_images(source: str, image_hosts: Iterable[str], images: list[_Image] | None = None) -> list[Finding]:
    """Images loaded from another host: the sanitizer removes them (no request leaves the page)."""
    hosts = frozenset(h.lower() for h in image_hosts)
    once = _Once()
    for image in _images(source) if images is None else images:
        if is_outside(image.src) and not host_trusted(image.src, hosts):
            once.add(image.line, f"image from another host ({host_of(image.src) or image.src}) removed: readers in "
                     "mainland China may not reach it and that host learns who reads the page; put the file in "
                     "content/assets/ (or list the host in trusted_image_hosts)")
    return once.findings()


def markup_findings(body: str, trusted_hosts: Iterable[str], image_hosts: Iterable[str] = ()) -> list[Finding]:
    images = list(_images(body))  # found once for both checks
    return find_unsafe(body, trusted_hosts) + find_missing_alt(body, images) + find_outside_images(body, image_hosts, images)
