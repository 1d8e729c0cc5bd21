"""Checks across files: what articles name (regions, records, images, attachments) exists, URLs are unique."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from ..load.site import Inputs
from ..model.article import Article, resolve_image_src
from ..model.site import SiteSources
from ..problems import Problems, suggest


def check_references(sources: SiteSources, inputs: Inputs, problems: Problems) -> None:
    """Each article's region, program records, lead photo and body files must exist."""
    articles, regions, programs = inputs.articles, inputs.regions, inputs.programs
    content_root = sources.content_dir.resolve()
    for article in articles.values():
        display = sources.display(sources.content_dir / article.src_uri)
        if article.region_ref:
            region, reason = regions.resolve(article.region_ref)
            if region is None:
                problems.add(display, article.lines.get("region", 1), f"field 'region': {reason}")
            article.region = region
        for kind in ("campaigns", "training", "workers"):
            known = programs.slugs(kind)
            for slug in getattr(article, kind):
                if slug not in known:
                    hint = suggest(slug, known) or (
                        f" (none exist yet; add data/{kind}/{slug}.yml)" if not known else ""
                    )
                    problems.add(
                        display,
                        article.lines.get(kind, 1),
                        f"field '{kind}': no record {slug!r} in data/{kind}/{hint}",
                    )
        _check_body_files(sources, article, display, problems)
        if article.image is not None:
            target = resolve_image_src(article)
            full = _resolved(sources.content_dir / target)
            line = article.lines.get("image", 1)
            if full is None:
                problems.add(display, line, f"field 'image.src': {article.image.src!r} is not a file path")
            elif target.startswith("..") or not str(full).startswith(str(content_root) + os.sep):
                problems.add(display, line, f"field 'image.src': {article.image.src!r} points outside the content folder")
            elif not full.is_file():
                problems.add(
                    display,
                    line,
                    f"field 'image.src': no file {posixpath.join(sources.display(sources.content_dir), target)!r}",
                )


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
            problems.add(display, number, f"link {target!r} is not a file path")
        elif full != root and not str(full).startswith(str(root) + os.sep):
            problems.add(display, number, f"link {target!r} points outside the content folder")
        elif posixpath.splitext(target)[1].lower() not in _PAGE_SUFFIXES and not full.is_file():
            problems.add(display, number, f"link {target!r}: no such file in the content folder")


def check_unique_urls(sources: SiteSources, published: list[Article], problems: Problems) -> None:
    seen_url: dict[str, Article] = {}
    seen_slug: dict[str, Article] = {}
    for article in sorted(published, key=lambda a: a.src_uri):
        display = sources.display(sources.content_dir / article.src_uri)
        line = article.lines.get("slug", article.lines.get("date", 1))
        first = seen_slug.get(article.slug)
        if first is not None:
            other = sources.display(sources.content_dir / first.src_uri)
            same_url = first.url == article.url
            what = f"URL /{article.url}" if same_url else f"slug {article.slug!r}"
            problems.add(display, line, f"duplicate {what}: {other} already uses it; set a different 'slug:'")
            continue
        seen_slug[article.slug] = article
        seen_url[article.url] = article
