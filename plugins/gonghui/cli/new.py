"""`gonghui new …`: scaffold an article or a data record, never overwriting a file."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..core.load.fields import SLUG_RE
from ..core.load.regions import load_region_table
from ..core.model.regions import RegionTable
from ..core.problems import Problems
from ..core.project import Project
from ..core.text.timeutil import BEIJING, parse_when
from . import scaffold
from .naming import person_slug, title_slug

KINDS = ("article", "campaign", "training", "worker", "achievement")
DATA_FOLDERS = {"campaign": "campaigns", "training": "training", "worker": "workers", "achievement": "achievements"}
_RENDER: dict[str, Callable[[scaffold.Fill], str]] = {
    "campaign": scaffold.campaign,
    "training": scaffold.training,
    "worker": scaffold.worker,
}


class UsageError(Exception):
    """A bad argument (date, region, slug): exit status 2."""


class Refused(Exception):
    """The target exists or would clash: exit status 1."""


def run_new(project: Project, args: argparse.Namespace) -> int:
    try:
        path, appended = _scaffold(project, args)
    except UsageError as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"未写入 (not written): {exc}", file=sys.stderr)
        return 1
    verb = "已追加示例记录到 (appended an example record to)" if appended else "已新建 (created)"
    print(f"{verb} {_shown(path)}")
    return 0


def _scaffold(project: Project, args: argparse.Namespace) -> tuple[Path, bool]:
    kind: str = args.kind
    day, time = _parse_date(getattr(args, "date", None))
    region = _check_region(project, args.region) if args.region else ""
    source = getattr(args, "source", None) or ""
    if source and not SLUG_RE.match(source):
        raise UsageError(f"--source 应为文章的 slug，如 renhuai-jianhui (expected an article slug), got {source!r}")
    if source and source not in _article_slugs(project):
        close = difflib.get_close_matches(source, sorted(_article_slugs(project)), n=3, cutoff=0.6)
        hint = f"；是不是 {'、'.join(close)}？" if close else "；先写好文章，或检查 content/news/ 里的文件名"
        raise UsageError(f"--source {source!r}：没有这个 slug 的文章{hint} (no article has this slug)")
    slug = _slug(kind, args.title, args.slug)
    fill = scaffold.Fill(args.title.strip(), slug, day, time, region, source)
    if kind == "article":
        path = project.docs_dir / "news" / str(day.year) / f"{slug}.md"
        _refuse_duplicate_article(project, path, slug)
        _create(path, scaffold.article(fill))
        return path, False
    folder = project.sources.data_dir / DATA_FOLDERS[kind]
    path = folder / f"{slug}.yml"
    if kind == "achievement":
        path = next((p for p in (path, path.with_suffix(".yaml")) if p.exists()), path)
        return path, _append_or_create(path, fill)
    for existing in (path, path.with_suffix(".yaml")):
        if existing.exists():
            raise Refused(f"{_shown(existing)} 已存在，不会覆盖；换一个 --slug (file exists; choose another --slug)")
    _create(path, _RENDER[kind](fill))
    return path, False


def _parse_date(value: str | None) -> tuple[dt.date, str]:
    """The day (and time of day, if given) in Beijing time; today when not given."""
    if not value:
        return dt.datetime.now(BEIJING).date(), ""
    parsed = parse_when(value)
    if parsed is None:
        raise UsageError(f"--date 应写成 2022-06-24 或 \"2022-06-24 08:30\" (expected a date or date and time), got {value!r}")
    moment, has_time = parsed
    return moment.date(), f"{moment:%H:%M}" if has_time else ""


def _region_table(project: Project) -> RegionTable:
    # The site's own additions count too; their problems are `check`'s business, not ours.
    extra = project.sources.data_dir / "regions.yml"
    # A link is not followed: `check` says whether it stays inside the project.
    text = extra.read_text(encoding="utf-8-sig", errors="replace") if extra.is_file() and not extra.is_symlink() else None
    return load_region_table("regions.yml", text, Problems())


def _check_region(project: Project, ref: str) -> str:
    region, reason = _region_table(project).resolve(ref)
    if region is None:
        raise UsageError(f"--region 无法识别，请写区划全称或 6 位代码 (unknown or ambiguous region): {reason}")
    return ref.strip()


def _slug(kind: str, title: str, given: str | None) -> str:
    if not title.strip():
        raise UsageError("标题不能为空 (the title is empty)")
    if given:
        if not SLUG_RE.match(given):
            raise UsageError(f"--slug 只能用小写字母、数字和连字符，如 renhuai-jianhui (expected an ASCII slug), got {given!r}")
        return given
    slug = person_slug(title) if kind == "worker" else title_slug(title)
    if not slug:
        raise UsageError(f"无法从 {title!r} 生成拼音文件名，请用 --slug 指定 (cannot make a slug; pass --slug)")
    return slug


_SLUG_LINE = re.compile(r"^slug:\s*[\"']?([a-z0-9-]+)", re.M)


def _article_slugs(project: Project) -> set[str]:
    """Every article's slug: its file name, or the `slug:` its front matter sets."""
    slugs: set[str] = set()
    for path in (project.docs_dir / "news").glob("*/*.md"):
        slugs.add(path.stem)
        try:
            head = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
        except OSError:
            continue
        match = _SLUG_LINE.search(head)
        if match:
            slugs.add(match.group(1))
    return slugs


def _refuse_duplicate_article(project: Project, path: Path, slug: str) -> None:
    """Same file, or the same slug in another year (the build would reject it)."""
    if path.exists():
        raise Refused(f"{_shown(path)} 已存在，不会覆盖；换一个 --slug (file exists; choose another --slug)")
    for other in sorted((project.docs_dir / "news").glob(f"*/{slug}.md")):
        raise Refused(f"{_shown(other)} 已经用了 slug {slug!r}；换一个 --slug (slug already used; choose another --slug)")


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # 'x' fails if the file appeared meanwhile: never overwrite.
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise Refused(f"{_shown(path)} 已存在，不会覆盖 (file exists, not overwritten)") from None


def _append_or_create(path: Path, fill: scaffold.Fill) -> bool:
    """Achievements files hold many records: add a commented example, keeping what is there."""
    if not path.exists():
        _create(path, scaffold.achievement(fill, appended=False))
        return False
    existing = path.read_bytes()
    separator = "" if not existing or existing.endswith(b"\n") else "\n"
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(separator + scaffold.achievement(fill, appended=True))
    return True


def _shown(path: Path) -> str:
    """A path the editor can use from where they are: relative to the current folder when inside it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
