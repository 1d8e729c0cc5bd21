"""Field converters shared by articles and program records.

Each converter takes the raw YAML value and a `Ctx` saying where it came
from; it returns the clean value, or None after reporting a problem in the
house format: `path:line: field 'x': expected …, got …`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..problems import Problems, describe, suggest
from ..text.timeutil import parse_day, parse_when
from .yamlsource import LinedDict, LinedList

T = TypeVar("T")
Converter = Callable[[Any, "Ctx"], Any]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 20_000
MAX_SLUG = 200  # a slug becomes a folder name, which may have at most 255 bytes


@dataclass
class Ctx:
    """Where a value sits: file, line, and a label such as field 'authors[2].role'."""

    path: str
    line: int
    field: str
    problems: Problems
    record: str = ""

    def fail(self, expected: str, found: object) -> None:
        self.error(f"expected {expected}, got {describe(found)}")

    def error(self, message: str) -> None:
        prefix = f"{self.record}, " if self.record else ""
        self.problems.add(self.path, self.line, f"{prefix}field '{self.field}': {message}")

    def child(self, name: str, line: int | None = None) -> Ctx:
        sep = "" if (name.startswith("[") or not self.field) else "."
        return Ctx(self.path, line or self.line, f"{self.field}{sep}{name}", self.problems, self.record)


def text(value: Any, ctx: Ctx) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        ctx.fail("text", value)
        return None
    result = str(value).strip()
    if not result:
        ctx.fail("text", value)
        return None
    if len(result) > MAX_TEXT:
        ctx.error(f"expected at most {MAX_TEXT} characters, got {len(result)}")
        return None
    return result


def slug(value: Any, ctx: Ctx) -> str | None:
    if isinstance(value, str) and SLUG_RE.match(value.strip()) and len(value.strip()) <= MAX_SLUG:
        return value.strip()
    ctx.fail(f"an ASCII slug of lowercase letters, digits and hyphens like 'renhuai-jianhui', at most {MAX_SLUG} characters", value)
    return None


def boolean(value: Any, ctx: Ctx) -> bool | None:
    if isinstance(value, bool):
        return value
    ctx.fail("true or false", value)
    return None


def when(value: Any, ctx: Ctx) -> tuple | None:
    parsed = parse_when(value)
    if parsed is None:
        ctx.fail("a date like 2022-06-24 or a time like 2022-06-24 08:30", value)
    return parsed


def day(value: Any, ctx: Ctx):
    parsed = parse_day(value)
    if parsed is None:
        ctx.fail("a date like 2022-06-24", value)
    return parsed


def number(value: Any, ctx: Ctx) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.fail("a number", value)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        ctx.fail("a finite number", value)
        return None
    return value


def whole(value: Any, ctx: Ctx) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.fail("a whole number (0, 1, 2 …)", value)
        return None
    return value


def list_of(item: Converter, *, allow_single: bool = True) -> Converter:
    """A list whose items each pass `item`; a lone scalar counts as a one-item list."""

    def convert(value: Any, ctx: Ctx) -> list | None:
        if value is None:
            return []
        if not isinstance(value, list):
            if allow_single and not isinstance(value, dict):
                value = [value]
            else:
                ctx.fail("a list", value)
                return None
        lines = value.item_lines if isinstance(value, LinedList) else []
        out = []
        for index, entry in enumerate(value):
            line = lines[index] if index < len(lines) else ctx.line
            result = item(entry, ctx.child(f"[{index + 1}]", line))
            if result is not None:
                out.append(result)
        return out

    return convert


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False


class MappingReader:
    """Reads a mapping against a field table: unknown keys, missing keys, types."""

    def __init__(self, data: Any, ctx: Ctx, fields: dict[str, Field]) -> None:
        self.ctx = ctx
        self.fields = fields
        self.ok = isinstance(data, dict)
        self.data: dict = data if self.ok else {}
        if not self.ok:
            ctx.fail("a mapping of fields (key: value)", data)

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
                sub.error("unknown field" + suggest(str(key), self.fields) + "; known fields: " + ", ".join(self.fields))
        for name, spec in self.fields.items():
            sub = self.ctx.child(name, self.line_of(name))
            if name not in self.data or self.data[name] is None or self.data[name] == "":
                if spec.required:
                    sub.error("is required but missing")
                continue
            value = spec.convert(self.data[name], sub)
            if value is not None:
                out[name] = value
        return out


def mapping(fields: dict[str, Field], build: Callable[[dict[str, Any], Ctx], Any]) -> Converter:
    """A nested mapping converter: reads fields, then builds an object from them."""

    def convert(value: Any, ctx: Ctx) -> Any:
        if isinstance(value, LinedDict):
            ctx = Ctx(ctx.path, value.line, ctx.field, ctx.problems, ctx.record)
        before = len(ctx.problems)
        reader = MappingReader(value, ctx, fields)
        values = reader.read()
        if len(ctx.problems) != before:
            return None
        return build(values, ctx)

    return convert


def top_ctx(path: str, problems: Problems, record: str = "") -> Ctx:
    """A context for a document's top-level mapping; `field` is set per key by MappingReader."""
    return Ctx(path, 1, "", problems, record)
