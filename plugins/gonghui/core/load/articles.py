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


AUTHOR_FIELDS: dict[str, Field] = {
    "name": Field(text, required=True, label="姓名"),
    "role": Field(text, label="身份", hint="如“本报记者”“本报通讯员”；相邻同身份的人合并成一行"),
}
_author = mapping(AUTHOR_FIELDS, lambda v, _ctx: Author(v["name"], v.get("role", "")), from_text=Author)

IMAGE_FIELDS: dict[str, Field] = {
    "src": Field(text, required=True, label="图片文件",
                 hint="以 / 开头表示从 content/ 算起，如 /assets/images/2022/renhuai.jpg；文件必须在 content/ 里"),
    "caption": Field(text, label="图片说明"),
    "credit": Field(text, label="摄影署名", hint="如“本报记者 某某 摄”"),
    "alt": Field(text, label="替代文字", hint="给读屏软件的文字；不写则用图片说明，再不写用标题"),
}
_image = mapping(
    IMAGE_FIELDS, lambda v, _ctx: Image(v["src"], v.get("caption", ""), v.get("credit", ""), v.get("alt", "")), from_text=Image
)


@dataclass(frozen=True)
class _ByName:
    """A record reference that is not a slug (a name like 王建国): `check_references` says which slug it means."""

    value: str
    line: int


def reference(value: Any, ctx: Ctx) -> str | _ByName | None:
    if isinstance(value, str) and value.strip() and not SLUG_RE.match(value.strip()) and len(value.strip()) <= MAX_SLUG:
        return _ByName(unicodedata.normalize("NFC", value.strip()), ctx.line)
    return slug(value, ctx)


REFERENCE_KINDS = ("campaigns", "training", "workers")

ARTICLE_FIELDS: dict[str, Field] = {
    "title": Field(text, required=True, label="主题", hint="主标题，也是网页标题"),
    "kicker": Field(text, label="引题", hint="显示在主题上方"),
    "subtitle": Field(text, label="副题", hint="显示在主题下方"),
    "date": Field(when, required=True, label="发布时间",
                  hint="北京时间；决定网址中的年月、排序和定时发布，晚于构建日期的稿件到时才发布"),
    "authors": Field(list_of(_author), label="署名"),
    "dateline": Field(text, label="电头", hint="如“本报讯”“本报广州6月23日电”"),
    "region": Field(text, label="地区", hint="行政区划；文章会出现在该地区及其上级地区的页面上"),
    "tags": Field(list_of(text), label="标签", hint="用逗号分开，如 医疗互助, 困难职工帮扶"),
    "campaigns": Field(list_of(reference), label="相关专项行动"),
    "training": Field(list_of(reference), label="相关培训班"),
    "workers": Field(list_of(reference), label="相关劳模工匠"),
    "summary": Field(text, label="阅读提示",
                     hint="标题下方的提示框，也是列表页摘要；不写时列表页取正文第一段"),
    "image": Field(_image, label="题图", hint="有图的最新文章会成为首页头条"),
    "draft": Field(boolean, label="草稿", hint="打开时不发布；写完、审核后关掉才会发布"),
    "slug": Field(slug, label="网址名（slug）",
                  hint="网址的最后一段，默认就是文件名，一般不用写；只能用小写字母、数字和连字符"),
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
