"""Reading a project's inputs: the region table, program records and article files.

Every file is read and checked on its own here; checks across files (references, unique URLs,
schedules) are in `check/`. Problems are collected, never raised, so a build reports them all at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..messages import say
from ..model.article import Article
from ..model.programs import ProgramData
from ..model.regions import RegionTable
from ..model.site import SiteSources
from ..problems import Problems
from .articles import read_article
from .inventory import Inventory, Role
from .programs import load_programs
from .reading_cache import ReadingCache
from .records.common import CANNOT_READ, NOT_UTF8
from .regions import load_region_table
from .yamlsource import split_front_matter


@dataclass
class Inputs:
    """What a project's files say, each file checked on its own."""

    regions: RegionTable
    programs: ProgramData
    articles: dict[str, Article]  # by src_uri; broken ones too, marked, so their references are checked
    pages: list[str]  # editors' own pages (Markdown outside news/), by src_uri


def read_text(path: Path, display: str, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(display, 0, say(CANNOT_READ, why=exc.strerror))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(display, line, say(NOT_UTF8))
        return None


def page_body(path: Path) -> tuple[str, int] | None:
    """An editor's page as (body, line where the body starts); None when it cannot be read (MkDocs says so itself)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    split = split_front_matter(text)
    return (split[1], split[2]) if split is not None else (text, 1)


def load_inputs(sources: SiteSources, inventory: Inventory, problems: Problems,
                check_body: Callable[[Article, Problems], None], reading: ReadingCache | None = None) -> Inputs:
    """Every input file, read and checked on its own; `check_body` checks an article's body (markup, limits).

    With `reading`, an article whose text did not change since it was last read is taken from that cache.
    """
    regions_file = sources.data_dir / "regions.yml"
    regions_display = sources.display(regions_file)
    regions_text = read_text(regions_file, regions_display, problems) if "regions.yml" in inventory.data else None
    regions = load_region_table(regions_display, regions_text, problems)
    programs = load_programs(sources, regions, problems, sorted(inventory.data))
    articles: dict[str, Article] = {}
    for path in (sources.content_dir / uri for uri in inventory.of_role(Role.ARTICLE)):
        display = sources.display(path)
        src_uri = path.relative_to(sources.content_dir).as_posix()
        source = read_text(path, display, problems)
        if source is None:
            continue
        if reading is not None:
            article = reading.read(src_uri, source, display, problems, read_article, check_body)
        else:
            article = read_article(src_uri, source, display, problems)
            if article is not None:
                check_body(article, problems)
        if article is not None:
            articles[src_uri] = article
    return Inputs(regions, programs, articles, inventory.of_role(Role.PAGE))
