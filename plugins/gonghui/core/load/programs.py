"""Reading every program record file of `data/`: one reader per record kind."""

from __future__ import annotations

from pathlib import Path

from ..messages import define, say
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
RESERVED_SLUGS = {"training": {"calendar": "training/calendar.ics（所有培训班的日历）"}}
NOT_SLUG = define("GH310", "文件名 {slug!r} 不是英文 slug（小写字母、数字、连字符）；改名为 'renhuai-jianhui.yml' 这样的名字 "
                  "(file name is not an ASCII slug)", "data/ 里记录文件的文件名有中文、大写字母、空格等")
RESERVED = define("GH311", "slug {slug!r} 是保留的：gonghui 会生成 {what}；把文件改名，例如 '{slug}-2024.yml' (reserved slug)",
                  "记录文件名和 gonghui 生成的文件重名（如 training/calendar.yml）")
DUPLICATE = define("GH312", "slug {slug!r} 重复：{other} 用了同一个名字；给其中一个文件改名 (duplicate slug)",
                   "同一类记录有两个同名文件（如 x.yml 和 x.yaml）")
EMPTY = define("GH313", "文件是空的；应写上这条记录的字段 (the file is empty)", "data/ 里的记录文件没有内容")
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
                problems.add(display, 1, say(NOT_SLUG, slug=slug))
                continue
            if slug in RESERVED_SLUGS.get(kind, {}):
                problems.add(display, 1, say(RESERVED, slug=slug, what=RESERVED_SLUGS[kind][slug]))
                continue
            if slug in seen:
                problems.add(display, 1, say(DUPLICATE, slug=slug, other=sources.display(seen[slug])))
                continue
            seen[slug] = path
            data.known[kind].add(slug)
            raw = read_yaml_file(path, display, problems)
            if raw is None:
                if not path.read_bytes().strip():
                    problems.add(display, 1, say(EMPTY))
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
