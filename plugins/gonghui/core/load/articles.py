"""Reading an article file: front matter checked field by field, the body kept as written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..messages import define, say
from ..model.article import Article, Author, Image
from ..problems import Problems
from .fields import MAX_SLUG, SLUG_RE, Ctx, Field, MappingReader, boolean, list_of, mapping, slug, text, top_ctx, when
from .yamlsource import YamlError, read_front_matter, split_front_matter

ARTICLE_PATH_RE = re.compile(r"^news/(\d{4})/([^/]+)\.md$")
WRONG_PLACE = define("GH304", "文章必须放在 news/<年份>/<slug>.md，例如 news/2022/renhuai-jianhui.md (article path)",
                     "news/ 里的文章不在四位年份的文件夹里，或多了一层文件夹")
FILE_NOT_SLUG = define("GH305", "文件名 {slug!r} 不是英文 slug（小写字母、数字、连字符）；把文件改名（如 renhuai-jianhui.md）"
                       "或在头信息里写 'slug:' (file name is not an ASCII slug)", "文章文件名有中文、大写字母、空格等，又没写 slug:")


def _author(value: Any, ctx: Ctx) -> Author | None:
    if isinstance(value, str):
        name = text(value, ctx)
        return Author(name) if name else None
    return mapping(
        {"name": Field(text, required=True), "role": Field(text)},
        lambda v, _ctx: Author(v["name"], v.get("role", "")),
    )(value, ctx)


def _image(value: Any, ctx: Ctx) -> Image | None:
    if isinstance(value, str):
        src = text(value, ctx)
        return Image(src) if src else None
    return mapping(
        {
            "src": Field(text, required=True),
            "caption": Field(text),
            "credit": Field(text),
            "alt": Field(text),
        },
        lambda v, _ctx: Image(v["src"], v.get("caption", ""), v.get("credit", ""), v.get("alt", "")),
    )(value, ctx)


@dataclass(frozen=True)
class _ByName:
    """A record reference that is not a slug (a name like 王建国): `check_references` says which slug it means."""

    value: str
    line: int


def _reference(value: Any, ctx: Ctx) -> str | _ByName | None:
    if isinstance(value, str) and value.strip() and not SLUG_RE.match(value.strip()) and len(value.strip()) <= MAX_SLUG:
        return _ByName(unicodedata.normalize("NFC", value.strip()), ctx.line)
    return slug(value, ctx)


REFERENCE_KINDS = ("campaigns", "training", "workers")

ARTICLE_FIELDS: dict[str, Field] = {
    "title": Field(text, required=True),
    "kicker": Field(text),
    "subtitle": Field(text),
    "date": Field(when, required=True),
    "authors": Field(list_of(_author)),
    "dateline": Field(text),
    "region": Field(text),
    "tags": Field(list_of(text)),
    "campaigns": Field(list_of(_reference)),
    "training": Field(list_of(_reference)),
    "workers": Field(list_of(_reference)),
    "summary": Field(text),
    "image": Field(_image),
    "draft": Field(boolean),
    "slug": Field(slug),
}


def read_article(src_uri: str, source: str, display_path: str, problems: Problems) -> Article | None:
    """Parse and check one article; problems go to `problems` with file and line."""
    match = ARTICLE_PATH_RE.match(src_uri)
    if match is None:
        problems.add(display_path, 1, say(WRONG_PLACE))
        return None
    try:
        front = read_front_matter(source)
    except YamlError as exc:
        problems.add(display_path, exc.problem.line, exc.problem.message)
        return None
    for dup in front.problems:
        problems.add(display_path, dup.line, dup.message)
    before = len(problems)
    reader = MappingReader(front.data, top_ctx(display_path, problems), ARTICLE_FIELDS)
    values = reader.read()
    file_slug = match.group(2)
    if "slug" not in values and not (isinstance(front.data, dict) and "slug" in front.data):
        if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", file_slug):
            problems.add(display_path, 1, say(FILE_NOT_SLUG, slug=file_slug))
    # A broken article is still returned (marked) so its other references get checked too:
    # every problem of a build is reported in one run.
    name_refs = [(kind, ref.value, ref.line) for kind in REFERENCE_KINDS
                 for ref in values.get(kind, []) if isinstance(ref, _ByName)]
    broken = len(problems) != before or bool(name_refs)  # a reference by name is an error of check_references
    split = split_front_matter(source)
    moment, has_time = values.get("date", (dt.datetime(1970, 1, 1, tzinfo=dt.UTC), False))
    data = front.data if isinstance(front.data, dict) else {}
    return Article(
        src_uri=src_uri,
        slug=str(values.get("slug", file_slug)),
        title=values.get("title", ""),
        date=moment,
        has_time=has_time,
        kicker=values.get("kicker", ""),
        subtitle=values.get("subtitle", ""),
        authors=values.get("authors", []),
        dateline=values.get("dateline", ""),
        region_ref=values.get("region", ""),
        tags=_unique([unicodedata.normalize("NFC", tag) for tag in values.get("tags", [])]),
        campaigns=_unique([r for r in values.get("campaigns", []) if isinstance(r, str)]),
        training=_unique([r for r in values.get("training", []) if isinstance(r, str)]),
        workers=_unique([r for r in values.get("workers", []) if isinstance(r, str)]),
        summary=values.get("summary", ""),
        image=values.get("image"),
        draft=values.get("draft", False),
        body=front.body,
        body_line=front.body_line,
        lines={key: data.line_of(key) for key in data} if hasattr(data, "line_of") else {},
        front_text=split[0] if split is not None else "",
        name_refs=name_refs,
        broken=broken,
    )


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
