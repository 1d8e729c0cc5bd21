"""All program records of a site: loading, cross-checks with articles, indexes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fields import SLUG_RE
from ..problems import Problems, suggest
from .achievements import Achievement, read_achievements
from .campaigns import Campaign, read_campaign
from .common import read_yaml_file
from .training import TrainingClass, read_training
from .workers import Worker, read_worker

if TYPE_CHECKING:
    from ..news import NewsIndex
    from ..regions import RegionTable
    from ..site import SiteSources

KINDS = ("campaigns", "training", "workers")
_READERS = {"campaigns": read_campaign, "training": read_training, "workers": read_worker}
KIND_LABELS = {"campaigns": "专项行动", "training": "培训班", "workers": "劳模工匠"}


@dataclass
class ProgramData:
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    training: dict[str, TrainingClass] = field(default_factory=dict)
    workers: dict[str, Worker] = field(default_factory=dict)
    achievements: list[Achievement] = field(default_factory=list)
    known: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})

    def slugs(self, kind: str) -> set[str]:
        """Every slug with a file, valid or not (so one bad record is not reported twice)."""
        return self.known[kind]

    def of_kind(self, kind: str) -> dict[str, Any]:
        return getattr(self, kind)

    def check_sources(self, sources: SiteSources, articles: dict[str, Any], problems: Problems) -> None:
        """Each achievement's `source` must be a published article's slug."""
        for item in self.achievements:
            article = articles.get(item.source)
            if article is None:
                problems.add(
                    item.origin.path,
                    item.origin.line("source"),
                    f"field 'source': no published article has the slug {item.source!r}" + suggest(item.source, articles),
                )
            item.article = article

    def link_articles(self, news: NewsIndex) -> None:
        for kind in KINDS:
            for slug, record in self.of_kind(kind).items():
                record.articles = news.by_program.get((kind, slug), [])

    def linked_records(self, article: Any) -> list[tuple[str, Any]]:
        """(label, record) for every program record an article names."""
        out = []
        for kind in KINDS:
            records = self.of_kind(kind)
            out.extend((KIND_LABELS[kind], records[s]) for s in getattr(article, kind) if s in records)
        return out


def _record_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def load_programs(sources: SiteSources, regions: RegionTable, problems: Problems) -> ProgramData:
    data = ProgramData()
    for kind in KINDS:
        folder = sources.data_dir / kind
        if not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for path in _record_files(folder):
            display = sources.display(path)
            slug = path.stem
            if not SLUG_RE.match(slug):
                problems.add(display, 1, f"file name {slug!r} is not an ASCII slug; rename it like 'renhuai-jianhui.yml'")
                continue
            if slug in seen:
                problems.add(display, 1, f"duplicate slug {slug!r}: {sources.display(seen[slug])} has the same name")
                continue
            seen[slug] = path
            data.known[kind].add(slug)
            raw = read_yaml_file(path, display, problems)
            if raw is None:
                if not path.read_bytes().strip():
                    problems.add(display, 1, "the file is empty; expected the record's fields")
                continue
            record = _READERS[kind](slug, raw, display, regions, problems)
            if record is not None:
                data.of_kind(kind)[slug] = record
    folder = sources.data_dir / "achievements"
    if folder.is_dir():
        for path in _record_files(folder):
            display = sources.display(path)
            raw = read_yaml_file(path, display, problems)
            data.achievements.extend(read_achievements(raw, display, regions, problems))
    data.achievements.sort(key=lambda a: (a.date, a.region.code, a.metric))
    return data


def by_region_rollup(items: list[tuple[Any, Any]], regions: RegionTable) -> dict[str, list[Any]]:
    """Map each item to its region and every ancestor: a province lists its counties' work."""
    rolled: dict[str, list[Any]] = defaultdict(list)
    for region, item in items:
        for ancestor in regions.ancestors(region):
            rolled[ancestor.code].append(item)
    return dict(rolled)
