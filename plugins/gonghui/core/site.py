"""Loading a whole site: regions, program records and articles, checked together.

`load_site` reads the content and data folders, validates everything, and
either returns a `SiteModel` or raises `ContentError` with every problem of
the build at once.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article, read_article, resolve_image_src
from .news import NewsIndex, is_published
from .problems import ContentError, Problems, suggest
from .program_pages import RegionSummary, region_summaries
from .programs import ProgramData, load_programs
from .regions import RegionTable, load_region_table


@dataclass(frozen=True)
class SiteSources:
    """Where a site's files are: the project root, its content and data folders."""

    root: Path
    content_dir: Path
    data_dir: Path

    def display(self, path: Path) -> str:
        """A path as editors see it: relative to the project root, with '/'."""
        if path.is_absolute() and self.root.is_absolute() and ".." not in path.parts:
            try:  # the usual case, without asking the file system (called for every file read)
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class SiteModel:
    sources: SiteSources
    now: dt.datetime
    regions: RegionTable
    programs: ProgramData
    news: NewsIndex
    all_articles: dict[str, Article]  # by src_uri, including hidden ones
    hidden: set[str] = field(default_factory=set)  # src_uris of drafts and scheduled articles
    region_summaries: dict[str, RegionSummary] = field(default_factory=dict)  # regions that have anything

    def article_for(self, src_uri: str) -> Article | None:
        article = self.all_articles.get(src_uri)
        return None if article is None or src_uri in self.hidden else article


def _read_text(path: Path, display: str, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(display, 0, f"cannot read the file: {exc.strerror}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(display, line, "the file is not UTF-8 text; save it as UTF-8 (UTF-8 编码)")
        return None


def iter_article_files(content_dir: Path) -> list[Path]:
    news = content_dir / "news"
    if not news.is_dir():
        return []
    return sorted(p for p in news.rglob("*.md") if p.is_file())


def load_site(sources: SiteSources, now: dt.datetime, preview: bool = False) -> SiteModel:
    """Load and check everything. `preview` (mkdocs serve) also shows drafts and scheduled articles."""
    problems = Problems()
    regions_file = sources.data_dir / "regions.yml"
    regions_text = _read_text(regions_file, sources.display(regions_file), problems) if regions_file.is_file() else None
    regions = load_region_table(sources.display(regions_file), regions_text, problems)
    programs = load_programs(sources, regions, problems)

    articles: dict[str, Article] = {}
    for path in iter_article_files(sources.content_dir):
        display = sources.display(path)
        src_uri = path.relative_to(sources.content_dir).as_posix()
        source = _read_text(path, display, problems)
        if source is None:
            continue
        article = read_article(src_uri, source, display, problems)
        if article is not None:
            articles[src_uri] = article

    _check_references(sources, articles, regions, programs, problems)
    hidden = set() if preview else {uri for uri, a in articles.items() if not is_published(a, now)}
    published = [a for uri, a in articles.items() if uri not in hidden and not a.broken]
    _check_unique_urls(sources, published, problems)
    programs.check_sources(sources, {a.slug: a for a in published}, problems)
    if problems:
        raise ContentError(problems)
    news = NewsIndex.build(published)
    programs.link_articles(news)
    site = SiteModel(sources, now, regions, programs, news, articles, hidden)
    site.region_summaries = region_summaries(site)
    return site


def _check_references(
    sources: SiteSources,
    articles: dict[str, Article],
    regions: RegionTable,
    programs: ProgramData,
    problems: Problems,
) -> None:
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


_LOCAL_TARGET = re.compile(r"""\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*["']([^"']+)["']""")
_PAGE_SUFFIXES = {"", ".md", ".html", ".htm"}


def _check_body_files(sources: SiteSources, article: Article, display: str, problems: Problems) -> None:
    """Images and attachments a body points to must exist inside the content folder."""
    root = sources.content_dir.resolve()
    folder = (sources.content_dir / article.src_uri).parent
    for number, line in enumerate(article.body.splitlines(), start=article.body_line):
        for match in _LOCAL_TARGET.finditer(line):
            target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
            if not target or ":" in target or target.startswith("//"):
                continue  # an anchor, a web address or mailto:
            path = (sources.content_dir / target.lstrip("/")) if target.startswith("/") else folder / target
            full = _resolved(path)
            if full is None:
                problems.add(display, number, f"link {target!r} is not a file path")
            elif full != root and not str(full).startswith(str(root) + os.sep):
                problems.add(display, number, f"link {target!r} points outside the content folder")
            elif posixpath.splitext(target)[1].lower() not in _PAGE_SUFFIXES and not full.is_file():
                problems.add(display, number, f"link {target!r}: no such file in the content folder")


def _check_unique_urls(sources: SiteSources, published: list[Article], problems: Problems) -> None:
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
