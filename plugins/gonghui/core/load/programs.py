"""Reading every program record file of `data/`: one reader per record kind."""

from __future__ import annotations

from pathlib import Path

from ..model.programs import KINDS, ProgramData
from ..model.regions import RegionTable
from ..model.site import SiteSources
from ..problems import Problems
from .fields import SLUG_RE
from .records.achievements import read_achievements
from .records.campaigns import read_campaign
from .records.common import read_yaml_file
from .records.training import read_training
from .records.workers import read_worker

# Slugs whose record page or file would land on a generated one: training/calendar.ics is every class's calendar.
RESERVED_SLUGS = {"training": {"calendar": "training/calendar.ics (the calendar of all classes)"}}
_READERS = {"campaigns": read_campaign, "training": read_training, "workers": read_worker}


def _record_files(data_dir: Path, files: list[str], folder: str) -> list[Path]:
    """The record files directly in `data/<folder>/` (`.yml` or `.yaml`, any case), from the inventory."""
    return [data_dir / rel for rel in files if rel.startswith(folder + "/") and rel.count("/") == 1]


def load_programs(sources: SiteSources, regions: RegionTable, problems: Problems, files: list[str]) -> ProgramData:
    data = ProgramData()
    for kind in KINDS:
        seen: dict[str, Path] = {}
        for path in _record_files(sources.data_dir, files, kind):
            display = sources.display(path)
            slug = path.stem
            if not SLUG_RE.match(slug):
                problems.add(display, 1, f"file name {slug!r} is not an ASCII slug; rename it like 'renhuai-jianhui.yml'")
                continue
            if slug in RESERVED_SLUGS.get(kind, {}):
                problems.add(display, 1, f"slug {slug!r} is reserved: gonghui writes {RESERVED_SLUGS[kind][slug]}; "
                             f"rename the file, e.g. '{slug}-2024.yml'")
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
    for path in _record_files(sources.data_dir, files, "achievements"):
        display = sources.display(path)
        raw = read_yaml_file(path, display, problems)
        data.achievements.extend(read_achievements(raw, display, regions, problems))
    data.achievements.sort(key=lambda a: (a.date, a.region.code, a.metric))
    return data
