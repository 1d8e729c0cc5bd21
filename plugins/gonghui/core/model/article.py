"""News articles: the content model (read by `load.articles`)."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property

import markdown

from .regions import Region

SUMMARY_LIMIT = 120


@dataclass(frozen=True)
class Author:
    name: str
    role: str = ""

    def __str__(self) -> str:
        return f"{self.role} {self.name}".strip()


@dataclass(frozen=True)
class Image:
    src: str  # site path from the content root, '/assets/…' or relative to the article
    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass
class Article:
    src_uri: str  # relative to the content folder, posix: news/2022/foo.md
    slug: str
    title: str
    date: dt.datetime
    has_time: bool
    kicker: str = ""
    subtitle: str = ""
    authors: list[Author] = field(default_factory=list)
    dateline: str = ""
    region_ref: str = ""
    region: Region | None = None
    tags: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    training: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)
    summary: str = ""
    image: Image | None = None
    draft: bool = False
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    lines: dict[str, int] = field(default_factory=dict)
    front_text: str = ""  # the front matter as written (for checks of the raw text: ` #` comments, odd characters)
    name_refs: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, value, line): a record named, not by slug
    broken: bool = False  # had problems; kept only so its references are checked too
    # For the page cache's key once the text is released: a hash of the file as read (set by the reading cache;
    # empty without it) and whether the body has raw <img> tags (their photos are looked up by our code).
    text_key: str = ""
    raw_img: bool | None = None

    @cached_property  # asked for by every link to the article; date and slug never change once read
    def url(self) -> str:
        return f"news/{self.date.year:04d}/{self.date.month:02d}/{self.slug}/"

    @cached_property  # every listing that shows the article asks; render the paragraph once
    def lede(self) -> str:
        """阅读提示 when given, else the body's first paragraph as plain text."""
        return self.summary or first_paragraph(self.body)

    def release_text(self) -> None:
        """Drop the body and front matter text once the checks are done (a build reads the file again to
        render it): at 100,000 articles they are most of what the model holds. The lede is kept."""
        _ = self.lede
        self.raw_img = "<img" in self.body.lower()
        self.body = self.front_text = ""

    @property
    def image_alt(self) -> str:
        """The lead photo's alt text wherever it is shown: its `alt`, else its caption, else the headline."""
        if self.image is None:
            return ""
        return self.image.alt or self.image.caption or self.title


# One converter, reset between uses: building a Markdown instance costs more than converting a paragraph.
_MARKDOWN = markdown.Markdown()
_BLOCK_START = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|\||>|!\[|<|```|~~~|:::|\[\^|---|===|\*\*\*)")


def first_paragraph(body: str, limit: int = SUMMARY_LIMIT) -> str:
    """The first prose paragraph of a Markdown body, as plain text, shortened."""
    block: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if block:
                break
            continue
        if not block and _BLOCK_START.match(line):
            continue
        block.append(line.strip())
    if not block:
        return ""
    rendered = _MARKDOWN.reset().convert(" ".join(block))
    plain = html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return plain


def resolve_image_src(article: Article) -> str:
    """The image's path from the content root (posix, no leading slash)."""
    assert article.image is not None
    src = article.image.src
    if src.startswith("/"):
        return posixpath.normpath(src.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(article.src_uri), src))
