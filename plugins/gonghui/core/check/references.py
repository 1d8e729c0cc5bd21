"""Checks across files: what articles name (regions, records, images, attachments) exists, URLs are unique."""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import unicodedata
from pathlib import Path

from ..load.site import Inputs
from ..messages import define, say
from ..model.article import Article, resolve_image_src
from ..model.programs import ProgramData
from ..model.site import SiteSources
from ..problems import Problems, hint
from ..text.naming import SLUG_RE, person_slug, title_slug

BY_NAME = define(
    "GH140", "{kind} 里的“{value}”要写文件名（slug），不写名称：应为 {slug!r}（{title}），写成 {kind}: [{slug}] "
    "(field '{kind}': did you mean {slug!r} ({title})?)",
    "文章的 campaigns/training/workers 写了记录的名称（如 王建国），而不是它的文件名",
)
NO_SUCH_NAME = define(
    "GH141", "{kind} 里的“{value}”要写文件名（slug），data/{kind}/ 里也没有叫这个名字的记录：先运行 "
    "gonghui new {command} {value} 新建 data/{kind}/{slug}.yml，再写 {kind}: [{slug}] "
    "(field '{kind}': no record named {value!r})",
    "写了名称，又没有同名的记录：先新建记录",
)
FULL_WIDTH_REFS = define(
    "GH132", "{kind} 里的“{value}”有全角逗号“，”，会被当成一项；分开写成 [{fixed}] (full-width comma in a list)",
    "campaigns/training/workers 的一项里有全角逗号“，”",
)
NO_REGION = define("GH401", "字段 region 的地区有误：{reason} (field 'region')", "文章的 region 写的地区找不到，或同名的不止一个")
NO_RECORD = define(
    "GH402", "{kind} 里的 {slug!r} 在 data/{kind}/ 里没有对应的记录{hint}；要写 data/{kind}/ 里已有的文件名（不带 .yml），"
    "新的先用 gonghui new {command} 新建 (field '{kind}': no record {slug!r})",
    "文章的 campaigns/training/workers 写的 slug 没有对应的数据文件",
)
IMAGE_NOT_PATH = define(
    "GH403", "题图 image.src 的 {src!r} 不是文件路径；写 content/ 里图片的路径，如 /assets/images/2022/tu.jpg "
    "(field 'image.src': not a file path)", "题图路径里有不能出现在文件名里的字符",
)
IMAGE_OUTSIDE = define(
    "GH404", "题图 image.src 的 {src!r} 指向 content 文件夹之外；图片要放进 content/assets/，路径从那里写 "
    "(field 'image.src': points outside the content folder)", "题图路径用 ../ 跑出了 content 文件夹",
)
IMAGE_MISSING = define(
    "GH405", "题图文件 {path!r} 不存在；检查 image.src 的路径和文件名（大小写也要一致），或把图片放到这里 "
    "(field 'image.src': no such file)", "题图文件不存在",
)
LINK_NOT_PATH = define(
    "GH406", "链接 {target!r} 不是文件路径；检查这个链接或图片的地址 (link is not a file path)",
    "正文的链接或图片地址里有不能出现在文件名里的字符",
)
LINK_OUTSIDE = define(
    "GH407", "链接 {target!r} 指向 content 文件夹之外；文件要放进 content/，链接从那里写 "
    "(link points outside the content folder)", "正文的链接或图片用 ../ 跑出了 content 文件夹",
)
LINK_MISSING = define(
    "GH408", "链接 {target!r} 指向的文件不存在；检查路径和文件名（大小写也要一致），或把文件放进 content/ "
    "(no such file in the content folder)", "正文链接的图片或附件不存在",
)
DUPLICATE_SLUG = define(
    "GH409", "slug {slug!r} 已被 {other} 使用；给这一篇换一个 slug: (duplicate slug)", "两篇文章用了同一个 slug",
)
DUPLICATE_URL = define(
    "GH410", "网址 /{url} 已被 {other} 使用；给这一篇换一个 slug: (duplicate URL)",
    "两篇文章的网址相同（同年同月、同一个 slug）",
)
_COMMANDS = {"campaigns": "campaign", "training": "training", "workers": "worker"}
_LOOSE = re.compile(r"[\s\u3000“”\"'‘’《》「」()（）·•.．、-]+")


def check_references(sources: SiteSources, inputs: Inputs, problems: Problems) -> None:
    """Each article's region, program records, lead photo and body files must exist."""
    articles, regions, programs = inputs.articles, inputs.regions, inputs.programs
    content_root = sources.content_dir.resolve()
    for article in articles.values():
        display = sources.display(sources.content_dir / article.src_uri)
        if article.region_ref:
            region, reason = regions.resolve(article.region_ref)
            if region is None:
                problems.add(display, article.lines.get("region", 1), say(NO_REGION, reason=reason))
            article.region = region
        for kind in ("campaigns", "training", "workers"):
            known = programs.slugs(kind)
            for slug in getattr(article, kind):
                if slug not in known:
                    close = hint(slug, known) or (f"（data/{kind}/ 里还没有任何记录）" if not known else "")
                    problems.add(display, article.lines.get(kind, 1),
                                 say(NO_RECORD, kind=kind, slug=slug, hint=close, command=_COMMANDS[kind]))
        for kind, value, line in article.name_refs:
            problems.add(display, line, reference_by_name(kind, value, programs))
        _check_body_files(sources, article, display, problems)
        if article.image is not None:
            target = resolve_image_src(article)
            full = _resolved(sources.content_dir / target)
            line = article.lines.get("image", 1)
            if full is None:
                problems.add(display, line, say(IMAGE_NOT_PATH, src=article.image.src))
            elif target.startswith("..") or not str(full).startswith(str(content_root) + os.sep):
                problems.add(display, line, say(IMAGE_OUTSIDE, src=article.image.src))
            elif not full.is_file():
                shown = posixpath.join(sources.display(sources.content_dir), target)
                problems.add(display, line, say(IMAGE_MISSING, path=shown))


def reference_by_name(kind: str, value: str, programs: ProgramData) -> str:
    """The one message for a record named by something that is not a slug: which slug it means, or how to create it."""
    if "，" in value or "," in value:
        parts = [p.strip() for p in re.split(r"[，,]", value) if p.strip()]
        fixed = ", ".join(p if SLUG_RE.match(p) and p in programs.slugs(kind) else _slug_for(kind, p, programs)[0]
                          for p in parts)
        return say(FULL_WIDTH_REFS, kind=kind, value=value, fixed=fixed)
    slug, title = _slug_for(kind, value, programs)
    if title:
        return say(BY_NAME, kind=kind, value=value, slug=slug, title=title)
    return say(NO_SUCH_NAME, kind=kind, value=value, slug=slug, command=_COMMANDS[kind])


def _slug_for(kind: str, value: str, programs: ProgramData) -> tuple[str, str]:
    """(slug, record title) of the record `value` names; ('the slug a new file would get', '') when none does."""
    titles = {unicodedata.normalize("NFC", r.title): slug for slug, r in sorted(programs.of_kind(kind).items())}
    if value in titles:
        return titles[value], value
    loose = {_LOOSE.sub("", t): t for t in titles}
    key = _LOOSE.sub("", value)
    if key and key in loose:
        return titles[loose[key]], loose[key]
    if len(key) >= 4:  # a close title (a word more or less); short names must match: 王建国 is not 王建军
        close = [t for k, t in loose.items() if len(k) >= 4 and (key in k or k in key)]
        close = close or [loose[k] for k in difflib.get_close_matches(key, list(loose), n=1, cutoff=0.75)]
        if close:
            return titles[close[0]], close[0]
    lowered = value.lower().replace("_", "-").replace(" ", "-")
    if lowered in programs.slugs(kind):
        return lowered, programs.of_kind(kind)[lowered].title if lowered in programs.of_kind(kind) else lowered
    slug = person_slug(value) if kind == "workers" else title_slug(value)
    record = programs.of_kind(kind).get(slug)
    if record is not None:
        return slug, record.title
    return slug or "x", ""


def _resolved(path: Path) -> Path | None:
    """The absolute path, or None when it cannot name a file (a NUL character, a symlink loop)."""
    try:
        return path.resolve()
    except (ValueError, OSError, RuntimeError):
        return None


# Inline links and images `](x)`, HTML `src=`/`href=`, and reference definitions `[id]: x`.
_LOCAL_TARGET = re.compile(
    r"""\]\([ \t]*<?([^)\s>]+)|\b(?:src|href)[ \t]*=[ \t]*["']([^"'\n]+)["']|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)""",
    re.M,
)
_PAGE_SUFFIXES = {"", ".md", ".html", ".htm"}


def local_targets(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, target) for every link or image of a Markdown body that names a file of the site, not a web address."""
    found: list[tuple[int, str]] = []
    if "](" not in body and "]:" not in body and "src" not in body and "href" not in body:
        return found  # most bodies: no link to a file at all
    line, counted = first_line, 0  # lines are counted up to each match only: one pass over the body
    for match in _LOCAL_TARGET.finditer(body):
        line += body.count("\n", counted, match.start())
        counted = match.start()
        target = (match.group(1) or match.group(2) or match.group(3)).split("#", 1)[0].split("?", 1)[0]
        if target and ":" not in target and not target.startswith("//"):  # not an anchor, web address or mailto:
            found.append((line, target))
    return found


def content_path(target: str, src_uri: str) -> str:
    """A link's target as a path of the content folder: from its root when it starts with '/', else from the page's folder."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))


def _check_body_files(sources: SiteSources, article: Article, display: str, problems: Problems) -> None:
    """Images and attachments a body points to must exist inside the content folder."""
    root = sources.content_dir.resolve()
    folder = (sources.content_dir / article.src_uri).parent
    for number, target in local_targets(article.body, article.body_line):
        path = (sources.content_dir / target.lstrip("/")) if target.startswith("/") else folder / target
        full = _resolved(path)
        if full is None:
            problems.add(display, number, say(LINK_NOT_PATH, target=target))
        elif full != root and not str(full).startswith(str(root) + os.sep):
            problems.add(display, number, say(LINK_OUTSIDE, target=target))
        elif posixpath.splitext(target)[1].lower() not in _PAGE_SUFFIXES and not full.is_file():
            problems.add(display, number, say(LINK_MISSING, target=target))


def check_unique_urls(sources: SiteSources, published: list[Article], problems: Problems) -> None:
    seen_url: dict[str, Article] = {}
    seen_slug: dict[str, Article] = {}
    for article in sorted(published, key=lambda a: a.src_uri):
        display = sources.display(sources.content_dir / article.src_uri)
        line = article.lines.get("slug", article.lines.get("date", 1))
        first = seen_slug.get(article.slug)
        if first is not None:
            other = sources.display(sources.content_dir / first.src_uri)
            problems.add(display, line, say(DUPLICATE_URL, url=article.url, other=other) if first.url == article.url
                         else say(DUPLICATE_SLUG, slug=article.slug, other=other))
            continue
        seen_slug[article.slug] = article
        seen_url[article.url] = article
