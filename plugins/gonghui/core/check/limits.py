"""Bounds on an article body, checked before MkDocs renders it with Python-Markdown.

Python-Markdown recurses once per level of nested lists, `<div markdown>` blocks and emphasis, and
spends time quadratic in the number of unmatched `[` in a paragraph and of unclosed `<tag` in a body
(measured: 16 KB of `[` took 41 s, 300 nested list levels, 500 nested `<div markdown="1">` or 10 KB of
nested `*` end in a RecursionError). One linear pass over the body finds what passes the limits below,
far above what real articles use (the sample articles nest lists 2 levels, emphasis 2, `[` 0 open), so
the build refuses such a body with the line and what to change instead of crashing or hanging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..messages import define, say
from .markup import Finding, iter_tags

MAX_BODY_BYTES = 500_000  # Python-Markdown renders 500 KB of ordinary text in about a second
MAX_LIST_DEPTH = 20  # lists and admonitions inside each other; 100 levels render in 0.06 s, 300 recurse
MAX_HTML_MARKDOWN_DEPTH = 20  # <div markdown> inside each other; 100 render in 5 ms, 500 recurse
MAX_QUOTE_DEPTH = 50  # `> > >`; 1,000 render in 0.03 s
MAX_EMPHASIS_DEPTH = 50  # open `*`/`_` in one paragraph; 200 render in 0.01 s, 5,000 recurse
MAX_OPEN_BRACKETS_PARAGRAPH = 100  # `[` without `]` in one paragraph; quadratic: 100 → 3 ms, 1,000 → 0.3 s
MAX_OPEN_BRACKETS_BODY = 1_000  # and in the whole body
MAX_UNCLOSED_TAGS = 200  # `<a` without `>` in a body; quadratic over the body: 200 → 6 ms, 1,000 → 0.15 s

TOO_LARGE = define("GH430", "正文有 {size}，超过上限 {limit}；分成几篇文章 (text too large)", "文章正文超过 500 KB")
QUOTES_TOO_DEEP = define("GH431", "引用（>）嵌套超过 {limit} 层；减少层数 (block quotes nested too deep)", "引用套引用太多层")
LISTS_TOO_DEEP = define("GH432", "列表（或提示框）嵌套超过 {limit} 层；减少缩进的层数 (lists nested too deep)",
                        "列表套列表太多层")
BRACKETS_OPEN = define(
    "GH433", "一段里有超过 {paragraph} 个“[”没有配对的“]”（或全文超过 {body} 个）；不是链接的方括号写成 \\[ "
    "(too many unmatched '[')", "方括号“[”太多没有闭合",
)
EMPHASIS_TOO_DEEP = define("GH434", "强调符号（* 或 _）嵌套超过 {limit} 层；不表示强调的星号写成 \\* "
                           "(emphasis nested too deep)", "一段里太多没有闭合的 * 或 _")
TAGS_UNCLOSED = define("GH435", "有超过 {limit} 个“<”开头的标签没有用“>”结束；不是 HTML 标签的“<”写成 &lt; "
                       "(unclosed tags)", "正文里太多“<”没有闭合")
HTML_TOO_DEEP = define("GH436", "带 markdown=\"1\" 的 HTML 块嵌套超过 {limit} 层；减少层数 "
                       "(HTML blocks with markdown nested too deep)", "带 markdown=\"1\" 的 HTML 块套得太多层")

_CONTAINER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=\s|$)|!!!|\?\?\?\+?")
_MARKDOWN_ATTR_RE = re.compile(r"\smarkdown\b", re.I)
_INLINE_SPECIAL = re.compile(r"[\\\[\]*_]")


@dataclass
class Counter:
    """Characters visited by the scanners: the work is linear when this stays within a few times the input."""

    visited: int = 0


def _kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB"


def body_limit_problems(body: str, counter: Counter | None = None) -> list[Finding]:
    """Everything in this Markdown body that would make Python-Markdown recurse too deep or take quadratic time."""
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY_BYTES:
        return [Finding(1, say(TOO_LARGE, size=_kb(size), limit=_kb(MAX_BODY_BYTES)))]
    found: dict[str, Finding] = {}

    def once(kind: str, line: int, message: str) -> None:
        found.setdefault(kind, Finding(line, message))

    _scan_lines(body, once, counter)
    _scan_tags(body, once, counter)
    return sorted(found.values(), key=lambda f: f.line)


def _scan_lines(body: str, once, counter: Counter | None) -> None:
    containers: list[int] = []
    open_body = 0
    open_paragraph = 0
    emphasis = 0
    after_blank = True
    for number, line in enumerate(body.split("\n"), start=1):
        if counter is not None:
            counter.visited += len(line) + 1
        rest = line.expandtabs(4)
        if not rest.strip():
            open_paragraph = emphasis = 0
            after_blank = True
            continue
        # Block quotes: `>` markers at the start.
        quotes = 0
        position = 0
        while True:
            stripped = len(rest) - len(rest[position:].lstrip(" "))
            if stripped < len(rest) and rest[stripped] == ">":
                quotes += 1
                position = stripped + 1
            else:
                break
        if quotes > MAX_QUOTE_DEPTH:
            once("quote", number, say(QUOTES_TOO_DEEP, limit=MAX_QUOTE_DEPTH))
        content = rest[position:]
        indent = len(content) - len(content.lstrip(" "))
        column = indent
        items: list[int] = []
        while True:
            match = _CONTAINER_RE.match(content, column)
            if match is None:
                break
            items.append(column)
            column = match.end()
            while column < len(content) and content[column] == " ":
                column += 1
        if items:
            while containers and containers[-1] >= items[0]:
                containers.pop()
            containers.extend(items)
            if len(containers) > MAX_LIST_DEPTH:
                once("list", number, say(LISTS_TOO_DEEP, limit=MAX_LIST_DEPTH))
        elif after_blank and indent == 0:
            containers.clear()
        after_blank = False
        open_paragraph, open_body, emphasis = _scan_inline(
            content[column:], number, open_paragraph, open_body, emphasis, once
        )


def _scan_inline(text: str, number: int, open_paragraph: int, open_body: int, emphasis: int, once):
    length = len(text)
    index = 0
    while index < length:
        special = _INLINE_SPECIAL.search(text, index)  # jump over plain text in C, not a character at a time
        if special is None:
            break
        index = special.start()
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            open_paragraph += 1
            open_body += 1
            if open_paragraph > MAX_OPEN_BRACKETS_PARAGRAPH or open_body > MAX_OPEN_BRACKETS_BODY:
                once("bracket", number, say(BRACKETS_OPEN, paragraph=MAX_OPEN_BRACKETS_PARAGRAPH,
                                             body=f"{MAX_OPEN_BRACKETS_BODY:,}"))
        elif char == "]":
            if open_paragraph:
                open_paragraph -= 1
                open_body -= 1
        elif char in "*_":
            end = index
            while end < length and text[end] == char:
                end += 1
            run = end - index
            before = text[index - 1] if index else " "
            after = text[end] if end < length else " "
            opens = not after.isspace()
            closes = not before.isspace()
            if closes and (emphasis or not opens):
                emphasis = max(0, emphasis - run)
            elif opens:
                emphasis += run
                if emphasis > MAX_EMPHASIS_DEPTH:
                    once("emphasis", number, say(EMPHASIS_TOO_DEEP, limit=MAX_EMPHASIS_DEPTH))
            index = end
            continue
        index += 1
    return open_paragraph, open_body, emphasis


def _scan_tags(body: str, once, counter: Counter | None) -> None:
    stack: list[str] = []
    unclosed = 0
    for tag in iter_tags(body, counter):
        if not tag.complete:
            unclosed += 1
            if unclosed > MAX_UNCLOSED_TAGS:
                once("unclosed", tag.line, say(TAGS_UNCLOSED, limit=MAX_UNCLOSED_TAGS))
            continue
        if tag.closing:
            if tag.name in stack:
                while stack.pop() != tag.name:
                    pass
        elif len(stack) <= MAX_HTML_MARKDOWN_DEPTH and _MARKDOWN_ATTR_RE.search(tag.attrs):
            stack.append(tag.name)
            if len(stack) > MAX_HTML_MARKDOWN_DEPTH:
                once("md_in_html", tag.line, say(HTML_TOO_DEEP, limit=MAX_HTML_MARKDOWN_DEPTH))
