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

from ..messages import define, say

UNSAFE_TAG = define(
    "GH420", "删去了不安全的 HTML {tag}：网页里不允许它运行或嵌入；删掉这段 HTML (removed unsafe HTML)",
    "正文里有 <script>、<style>、<object>/<embed>、<form>（警告；构建时删去）",
)
UNSAFE_EVENT = define(
    "GH421", "删去了 HTML 标签里的 on… 事件属性（如 onclick）：它会运行脚本；删掉这个属性 (removed unsafe HTML: event attribute)",
    "HTML 标签里有 onclick 等事件属性（警告；构建时删去）",
)
UNSAFE_LINK = define(
    "GH422", "删去了 javascript: 链接：它会运行脚本；链接要写网址或文件路径 (removed unsafe HTML: javascript: link)",
    "链接或地址以 javascript:、vbscript:、data: 开头（警告；构建时删去）",
)
UNTRUSTED_EMBED = define(
    "GH423", "删去了 <{tag}>：它来自不在信任名单上的网站（{where}）；确需嵌入，请管理员把这个网站加进 mkdocs.yml 的 "
    "trusted_embed_hosts (removed unsafe HTML: embed from an untrusted host)",
    "<iframe>、<video>、<audio> 来自不在 trusted_embed_hosts 里的网站（警告；构建时删去）",
)
NO_ALT = define(
    "GH424", "图片 {src} 没有替代文字（alt，读屏软件念给看不见图片的读者）；{hint} (image has no alt text)",
    "图片没有替代文字（警告）",
)
MORE_NO_ALT = define(
    "GH425", "从这一行起还有 {count} 张图片没有替代文字（alt）；照上面的写法补上 (more images have no alt text)",
    "没有替代文字的图片超过 20 张时，其余的合成一条（警告）",
)
OUTSIDE_IMAGE = define(
    "GH426", "图片来自别的网站（{host}），已删去：大陆读者可能打不开，那个网站还会知道谁在看这一页；把文件放进 "
    "content/assets/（或请管理员把这个网站加进 trusted_image_hosts） (image from another host removed)",
    "图片地址是别的网站（警告；构建时删去）",
)

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


def with_more(message: str, more: int) -> str:
    """The message with how many more places have the same problem, before its English term."""
    if not more:
        return message
    head, sep, term = message.rpartition(" (")
    if not sep:
        return f"{message}（后面还有 {more:,} 处）"
    return f"{head}；后面还有 {more:,} 处同样的问题 ({term}"


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
            out.append(Finding(line, with_more(message, more)))
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
            where = (host_of(src) or src) if src else "没有写地址"
            once.add(tag.line, say(UNTRUSTED_EMBED, tag=tag.name, where=where))

    for tag in iter_tags(source, counter):
        if tag.closing:
            if tag.name == inside:
                if pending is not None:
                    judge(pending, None)
                pending, inside = None, ""
            continue
        if tag.name in _UNSAFE_TAGS:
            once.add(tag.line, say(UNSAFE_TAG, tag=_UNSAFE_TAGS[tag.name]))
        if _EVENT_RE.search(tag.attrs):
            once.add(tag.line, say(UNSAFE_EVENT))
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
        found.append(Finding(_line_at(source, script_urls[0].start()), with_more(say(UNSAFE_LINK), more)))
    order = [say(UNSAFE_TAG, tag=tag).split("：")[0] for tag in ("<script>", "<style>", "<object>/<embed>", "<form>")]
    order += [say(UNSAFE_EVENT).split("：")[0], say(UNSAFE_LINK).split("：")[0]]

    def rank(finding: Finding) -> tuple[int, int]:
        kind = next((i for i, what in enumerate(order) if finding.message.startswith(what + "：")), len(order))
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
            yield _Image(number, match.group(1), src, f"写成 ![图片说明]({src})")
        for match in REF_IMAGE_RE.finditer(text):
            src = references.get(match.group(2).strip().lower(), match.group(2))
            yield _Image(number, match.group(1), src, f"写成 ![图片说明][{match.group(2)}]")
        for tag in HTML_IMG_RE.findall(text):
            yield _Image(number, _attr(HTML_ALT_RE, tag) or "", _attr(HTML_SRC_RE, tag) or "", '在 <img> 标签里加上 alt="图片说明"')


def find_missing_alt(source: str, images: list[_Image] | None = None) -> list[Finding]:
    """Every image of a Markdown source that has no alt text, on its own line (the first 20; then a count)."""
    lacking = [image for image in (_images(source) if images is None else images) if not image.alt.strip()]
    found = [Finding(i.line, say(NO_ALT, src=i.src, hint=i.hint)) for i in lacking[:MAX_ALT_WARNINGS]]
    if len(lacking) > MAX_ALT_WARNINGS:
        rest = lacking[MAX_ALT_WARNINGS:]
        found.append(Finding(rest[0].line, say(MORE_NO_ALT, count=f"{len(rest):,}")))
    return found


def find_outside_images(source: str, image_hosts: Iterable[str], images: list[_Image] | None = None) -> list[Finding]:
    """Images loaded from another host: the sanitizer removes them (no request leaves the page)."""
    hosts = frozenset(h.lower() for h in image_hosts)
    once = _Once()
    for image in _images(source) if images is None else images:
        if is_outside(image.src) and not host_trusted(image.src, hosts):
            once.add(image.line, say(OUTSIDE_IMAGE, host=host_of(image.src) or image.src))
    return once.findings()


def markup_findings(body: str, trusted_hosts: Iterable[str], image_hosts: Iterable[str] = ()) -> list[Finding]:
    images = list(_images(body))  # found once for both checks
    return find_unsafe(body, trusted_hosts) + find_missing_alt(body, images) + find_outside_images(body, image_hosts, images)
