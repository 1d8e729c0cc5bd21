"""Reading one YAML record file into checked fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...messages import define, say
from ...model.records.origin import Origin
from ...model.regions import Region, RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, MappingReader, field_at, number, record_prefix, text
from ..yamlsource import load_yaml_reported

CANNOT_READ = define("GH340", "读不了这个文件：{why} (cannot read the file)", "文件没有读取权限、读到一半出错等")
NOT_UTF8 = define("GH341", "文件不是 UTF-8 编码的文本；用编辑器另存为 UTF-8 (not UTF-8)",
                  "文件是 GBK 等其他编码保存的；行号指向第一个读不了的字节所在的行")
BAD_REGION = define("GH321", "{record}{where}{reason}；地区要写行政区划的全称或 6 位代码 (unknown region)",
                    "地区名称或代码在行政区划表里找不到，或同名地区不止一个")


def read_yaml_file(path: Path, display: str, problems: Problems) -> Any:
    """Parse a data file; problems (bad UTF-8, YAML syntax, duplicate keys) are reported."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(display, 1, say(NOT_UTF8))
        return None
    except OSError as exc:
        problems.add(display, 0, say(CANNOT_READ, why=exc.strerror))
        return None
    return load_yaml_reported(raw, display, problems)


def read_record(
    data: Any, display: str, fields: dict[str, Field], problems: Problems, record: str = ""
) -> tuple[dict[str, Any], Origin] | None:
    """Check a record's mapping against its field table; None when anything is wrong."""
    before = len(problems)
    ctx = Ctx(display, getattr(data, "line", 1) or 1, "", problems, record)
    values = MappingReader(data, ctx, fields).read()
    lines = {key: data.line_of(key) for key in data} if hasattr(data, "line_of") else {}
    if len(problems) != before:
        return None
    return values, Origin(display, lines)


def read_placed_record(
    data: Any, display: str, fields: dict[str, Field], regions: RegionTable, problems: Problems
) -> tuple[dict[str, Any], Origin, Region | None] | None:
    """A program record's checked fields, where it came from, and its region (None when unnamed or unknown)."""
    read = read_record(data, display, fields, problems)
    if read is None:
        return None
    values, origin = read
    return values, origin, resolve_region(values.get("region"), origin, regions, problems)


def resolve_region(ref: str | None, origin: Origin, regions: RegionTable, problems: Problems, record: str = "") -> Region | None:
    if not ref:
        return None
    region, reason = regions.resolve(ref)
    if region is None:
        problems.add(origin.path, origin.line("region"),
                     say(BAD_REGION, record=record_prefix(record), where=field_at("region"), reason=reason))
    return region


def positive(value: Any, ctx: Ctx) -> float | int | None:
    checked = number(value, ctx)  # refuses text, booleans, NaN and infinity
    if checked is not None and checked <= 0:
        ctx.fail("应为大于 0 的数字", value)
        return None
    return checked


def non_negative(value: Any, ctx: Ctx) -> float | int | None:
    checked = number(value, ctx)
    if checked is not None and checked < 0:
        ctx.fail("应为 0 或更大的数字", value)
        return None
    return checked


def url(value: Any, ctx: Ctx) -> str | None:
    result = text(value, ctx)
    if result is None:
        return None
    if not result.startswith(("https://", "http://")) or any(c.isspace() for c in result):
        ctx.fail("应为以 https:// 开头的网址", value)
        return None
    return result
