"""Field converters shared by articles and program records.

Each converter takes the raw YAML value and a `Ctx` saying where it came
from; it returns the clean value, or None after reporting a problem in the
house format: `path:line: GH301 字段 'x'：应为…，实际写的是 …`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..messages import define, say
from ..problems import Problems, describe, hint
from ..text.timeutil import parse_day, parse_when
from .yamlsource import LinedDict, LinedList

T = TypeVar("T")
Converter = Callable[[Any, "Ctx"], Any]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 20_000
MAX_SLUG = 200  # a slug becomes a folder name, which may have at most 255 bytes

WRONG = define("GH301", "{record}{where}{expected}，实际写的是 {found} (wrong value)",
               "字段的值类型或写法不对：消息里的“应为…”说明要怎么写")
UNKNOWN = define("GH302", "{record}字段 '{field}' 不认识{hint}；可用的字段：{known} (unknown field)",
                 "字段名拼错了，或这种文件、记录没有这个字段")
MISSING = define("GH303", "{record}缺少必填字段 '{field}' (is required but missing)",
                 "必填字段没写或值为空；行号指向头信息（或记录）的第一行")


def record_prefix(record: str) -> str:
    """'第3条，' before a message about one record of a list file; '' for a whole file."""
    return f"{record}，" if record else ""


def field_at(field: str) -> str:
    """'字段 'x'：' naming the field a message is about; '' for a whole mapping."""
    return f"字段 '{field}'：" if field else ""


def wrong(field: str, expected: str, shown: str, record: str = "") -> str:
    """The GH301 message: field `field` should be `expected` (Chinese, '应为…') but is `shown`."""
    return say(WRONG, record=record_prefix(record), where=field_at(field), expected=expected, found=shown)


@dataclass
class Ctx:
    """Where a value sits: file, line, and a label such as field 'authors[2].role'."""

    path: str
    line: int
    field: str
    problems: Problems
    record: str = ""

    def fail(self, expected: str, found: object) -> None:
        """Report GH301: `expected` is Chinese ('应为…'); `found` is the value as written."""
        self.wrong(expected, describe(found))

    def wrong(self, expected: str, shown: str) -> None:
        """Report GH301 with the found value already put into words."""
        self.problems.add(self.path, self.line, wrong(self.field, expected, shown, self.record))

    def unknown(self, key: str, known: dict[str, Any]) -> None:
        self.problems.add(self.path, self.line, say(UNKNOWN, record=record_prefix(self.record), field=self.field,
                                                    hint=hint(key, known), known=", ".join(known)))

    def missing(self) -> None:
        self.problems.add(self.path, self.line, say(MISSING, record=record_prefix(self.record), field=self.field))

    def child(self, name: str, line: int | None = None) -> Ctx:
        sep = "" if (name.startswith("[") or not self.field) else "."
        return Ctx(self.path, line or self.line, f"{self.field}{sep}{name}", self.problems, self.record)


def text(value: Any, ctx: Ctx) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        ctx.fail("应为文字", value)
        return None
    result = str(value).strip()
    if not result:
        ctx.fail("应为文字", value)
        return None
    if len(result) > MAX_TEXT:
        ctx.wrong(f"应为不超过 {MAX_TEXT} 个字符的文字", f"{len(result)} 个字符")
        return None
    return result


def slug(value: Any, ctx: Ctx) -> str | None:
    if isinstance(value, str) and SLUG_RE.match(value.strip()) and len(value.strip()) <= MAX_SLUG:
        return value.strip()
    ctx.fail(f"应为英文 slug：小写字母、数字和连字符，如 'renhuai-jianhui'，最多 {MAX_SLUG} 个字符", value)
    return None


def boolean(value: Any, ctx: Ctx) -> bool | None:
    if isinstance(value, bool):
        return value
    ctx.fail("应为 true 或 false", value)
    return None


def when(value: Any, ctx: Ctx) -> tuple | None:
    parsed = parse_when(value)
    if parsed is None:
        ctx.fail("应为日期或时间，如 2022-06-24 或 2022-06-24 08:30", value)
    return parsed


def day(value: Any, ctx: Ctx):
    parsed = parse_day(value)
    if parsed is None:
        ctx.fail("应为日期，如 2022-06-24", value)
    return parsed


def number(value: Any, ctx: Ctx) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.fail("应为数字", value)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        ctx.fail("应为有限的数字", value)
        return None
    return value


def whole(value: Any, ctx: Ctx) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.fail("应为整数（0、1、2 …）", value)
        return None
    return value


@dataclass(frozen=True)
class ListOf:
    """A list whose items each pass `item`; a lone scalar counts as a one-item list when `allow_single`.

    A class rather than a closure so the editing desk (core/desk) can read what the items are.
    """

    item: Converter
    allow_single: bool = True

    def __call__(self, value: Any, ctx: Ctx) -> list | None:
        if value is None:
            return []
        if not isinstance(value, list):
            if self.allow_single and not isinstance(value, dict):
                value = [value]
            else:
                ctx.fail("应为列表", value)
                return None
        lines = value.item_lines if isinstance(value, LinedList) else []
        out = []
        for index, entry in enumerate(value):
            line = lines[index] if index < len(lines) else ctx.line
            result = self.item(entry, ctx.child(f"[{index + 1}]", line))
            if result is not None:
                out.append(result)
        return out


def list_of(item: Converter, *, allow_single: bool = True) -> ListOf:
    return ListOf(item, allow_single)


@dataclass(frozen=True)
class Choice:
    """One of a few keys; its Chinese label (the desk's option text) is accepted too."""

    options: dict[str, str]  # key -> label

    def __call__(self, value: Any, ctx: Ctx) -> str | None:
        if isinstance(value, str):
            key = value.strip()
            if key in self.options:
                return key
            for option, label in self.options.items():
                if key == label:
                    return option
        choices = "、".join(f"{k}（{v}）" for k, v in self.options.items())
        ctx.fail(f"应为以下之一：{choices}", value)
        return None


@dataclass(frozen=True)
class Field:
    """One field: how it is checked, and what the editing desk (core/desk) shows an editor for it."""

    convert: Converter
    required: bool = False
    label: str = ""  # Chinese, as the README's field tables name it
    hint: str = ""  # one line under the field in the desk
    markdown: bool = False  # the text is Markdown (the desk offers its Markdown editor)


class MappingReader:
    """Reads a mapping against a field table: unknown keys, missing keys, types."""

    def __init__(self, data: Any, ctx: Ctx, fields: dict[str, Field]) -> None:
        self.ctx = ctx
        self.fields = fields
        self.ok = isinstance(data, dict)
        self.data: dict = data if self.ok else {}
        if not self.ok:
            ctx.fail("应为一组字段（字段名: 值）", data)

    def line_of(self, key: str) -> int:
        if isinstance(self.data, LinedDict):
            return self.data.line_of(key)
        return self.ctx.line

    def read(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.ok:
            return out
        for key in self.data:
            if key not in self.fields:
                sub = self.ctx.child(str(key), self.line_of(key))
                sub.unknown(str(key), self.fields)
        for name, spec in self.fields.items():
            sub = self.ctx.child(name, self.line_of(name))
            if name not in self.data or self.data[name] is None or self.data[name] == "":
                if spec.required:
                    sub.missing()
                continue
            value = spec.convert(self.data[name], sub)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class Mapping:
    """A nested mapping: reads `fields`, then builds an object from them.

    `from_text` accepts a lone text instead (an author's bare name, an image's bare path).
    """

    fields: dict[str, Field]
    build: Callable[[dict[str, Any], Ctx], Any]
    from_text: Callable[[str], Any] | None = None

    def __call__(self, value: Any, ctx: Ctx) -> Any:
        if self.from_text is not None and isinstance(value, str):
            checked = text(value, ctx)
            return self.from_text(checked) if checked else None
        if isinstance(value, LinedDict):
            ctx = Ctx(ctx.path, value.line, ctx.field, ctx.problems, ctx.record)
        before = len(ctx.problems)
        reader = MappingReader(value, ctx, self.fields)
        values = reader.read()
        if len(ctx.problems) != before:
            return None
        return self.build(values, ctx)


def mapping(
    fields: dict[str, Field], build: Callable[[dict[str, Any], Ctx], Any], from_text: Callable[[str], Any] | None = None
) -> Mapping:
    return Mapping(fields, build, from_text)


def top_ctx(path: str, problems: Problems, record: str = "") -> Ctx:
    """A context for a document's top-level mapping; `field` is set per key by MappingReader."""
    return Ctx(path, 1, "", problems, record)
