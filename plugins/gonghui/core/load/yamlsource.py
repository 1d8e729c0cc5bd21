"""Safe YAML reading that remembers line numbers and refuses surprises.

Editors' YAML is read with our own loader rather than MkDocs' (which swallows
errors): mappings remember the line of every key, duplicate keys are errors,
implicit dates are off (we parse dates ourselves, with clear messages), only
`true`/`false` are booleans (so `title: no` stays text), and alias expansion
is bounded so a "billion laughs" document is refused at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..messages import define, say
from ..problems import Problems
from .ime import FULL_COLON, SYNTAX, TAB_INDENT, diagnose

MAX_ALIASES = 64
MAX_DEPTH = 50  # nesting levels; real records nest 3 or 4. libyaml overflows its C stack near 25,000
MAX_BYTES = 1_000_000  # one data file or one article's front matter
_BLOCK_SCALAR_RE = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")


class LinedDict(dict):
    """A mapping that knows the 1-based line of each key and of itself."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LinedList(list):
    """A sequence that knows the 1-based line of each item and of itself."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str


TOO_MANY_ALIASES = define(
    "GH440", "YAML 别名（*名字）超过 {limit} 个，可能是恶意的“别名炸弹”，不予读取；把重复的内容直接写出来 "
    "(too many YAML aliases)", "YAML 文件里的别名（*名字）太多",
)
KEY_NOT_TEXT = define(
    "GH441", "字段名必须是文字，这里却是列表或映射；检查这一行冒号前面的括号 (a mapping key must be plain text)",
    "字段名写成了 [..] 或 {..}",
)
DUPLICATE_KEY = define(
    "GH442", "字段 '{key}' 写了两次，第 {first} 行已经有了；删掉其中一个 (duplicate key)", "同一个字段写了两次",
)
TOO_DEEP = define(
    "GH443", "嵌套超过 {limit} 层（真实的记录只需 3 到 4 层）；检查这里的括号和缩进 (nesting too deep)",
    "YAML 嵌套层数过多（多半是括号或缩进写乱了）",
)
FILE_TOO_LARGE = define(
    "GH444", "YAML 文字有 {size} 字节，超过上限 {limit} 字节（文件过大）；分成几个文件 (YAML text too large)",
    "YAML 文件或头信息太大",
)
UNREADABLE = define(
    "GH445", "YAML 读不了这段文字：{what}；检查有没有看不见的控制字符 (YAML error)",
    "YAML 文字里有读不了的字符（多半是控制字符）",
)
NO_FRONT_MATTER = define(
    "GH446", "文件开头没有头信息：第一行要是 ---，写完字段后再用一行 --- 结束 (expected YAML front matter between '---' lines)",
    "文章开头缺少 --- 包起来的头信息",
)


class YamlError(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class Misread(YamlError):
    """Text that parses, into something no editor means (a Chinese keyboard's mark in a syntax position)."""

    def __init__(self, line: int) -> None:
        super().__init__(YamlProblem(line, "misread"))


_GLUED_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*：")


def _misread(key_node: Any, value_node: Any, flow: bool) -> int | None:
    """The 0-based line of a key/value pair a Chinese keyboard made, or None.

    `{name：刘晓梅，role：本报记者}` is one key with no value; a key starting with U+3000 was meant indented;
    a plain value on its own line starting with `－` or `— ` was meant as a list.
    """
    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
    if not isinstance(key, str):
        return None
    if flow and _GLUED_KEY_RE.match(key) and isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not value_node.style:
        return int(key_node.start_mark.line)
    if key.startswith("\u3000") and not key_node.style:
        return int(key_node.start_mark.line)
    if (isinstance(value_node, yaml.ScalarNode) and not value_node.style
            and value_node.start_mark.line > key_node.start_mark.line
            and (value_node.value.startswith("－") or value_node.value[:2] in ("— ", "—\u3000"))):
        return int(value_node.start_mark.line)
    return None


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, line_offset: int) -> None:
        super().__init__(stream)
        self.line_offset = line_offset
        self.alias_count = 0
        self.duplicates: list[YamlProblem] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlError(
                    YamlProblem(
                        mark.line + 1 + self.line_offset,
                        say(TOO_MANY_ALIASES, limit=MAX_ALIASES),
                    )
                )
        return super().compose_node(parent, index)


# Resolvers: drop implicit timestamps, and keep only true/false as booleans.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[LinedDict]:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    yield result
    for key_node, value_node in node.value:
        misread = _misread(key_node, value_node, bool(node.flow_style))
        if misread is not None:
            raise Misread(misread + 1 + loader.line_offset)
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise YamlError(YamlProblem(key_node.start_mark.line + 1 + loader.line_offset, say(KEY_NOT_TEXT))) from None
        key = str(key) if not isinstance(key, str) else key
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            loader.duplicates.append(
                YamlProblem(line, say(DUPLICATE_KEY, key=key, first=result.key_lines[key]))
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LinedList]:
    for child in node.value:  # `- name：刘晓梅` reads as one string; a list item is never a field name and '：'
        if isinstance(child, yaml.ScalarNode) and not child.style and _GLUED_KEY_RE.match(child.value):
            raise Misread(child.start_mark.line + 1 + loader.line_offset)
    result = LinedList()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    yield result
    result.extend(loader.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with our constructors: several times faster on the common, simple text.

        It cannot count aliases as they are composed, so text with an anchor (`&`) goes to
        `_Loader`; so does any text libyaml rejects, for our usual messages.
        """

        def __init__(self, stream: str, line_offset: int) -> None:
            super().__init__(stream)
            self.line_offset = line_offset
            self.duplicates: list[YamlProblem] = []

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _FastLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
else:  # PyYAML built without libyaml
    _FastLoader = None  # type: ignore[assignment, misc]


def _load_fast(text: str, line_offset: int) -> tuple[Any, list[YamlProblem]] | None:
    """Parse with libyaml; None when the careful loader must decide (anchors, any error)."""
    if _FastLoader is None or "&" in text:
        return None
    try:
        loader = _FastLoader(text, line_offset)
        try:
            return loader.get_single_data(), loader.duplicates
        finally:
            loader.dispose()
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        return None


def _too_deep(number: int, line_offset: int) -> YamlError:
    return YamlError(YamlProblem(number + line_offset, say(TOO_DEEP, limit=MAX_DEPTH)))


def check_bounds(text: str, line_offset: int = 0, counter: Any = None) -> None:
    """Refuse, before any parser sees it, text too large or nested too deep (libyaml would overflow its stack).

    One linear pass: flow collections count their `[`/`{` (outside quotes and comments), block
    collections count the indentation levels open (and `- - -` on one line); block scalars (`|`, `>`)
    are skipped. Raises YamlError at the line where the limit is passed.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise YamlError(YamlProblem(line_offset + 1, say(FILE_TOO_LARGE, size=f"{size:,}", limit=f"{MAX_BYTES:,}")))
    flow = 0
    quote = ""
    indents: list[int] = []
    scalar_indent = -1  # inside a block scalar: lines indented more than this belong to it
    for number, line in enumerate(text.split("\n"), start=1):
        if counter is not None:
            counter.visited += len(line) + 1
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scalar_indent >= 0:
            if not stripped.strip() or indent > scalar_indent:
                continue
            scalar_indent = -1
        if not flow and not quote:
            if not stripped.strip() or stripped.startswith("#"):
                continue
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            column = indent
            while stripped.startswith(("- ", "? ")) or stripped in ("-", "?"):
                column += 2
                stripped = stripped[2:].lstrip(" ")
                column = len(line) - len(stripped)
                indents.append(column)
            if len(indents) > MAX_DEPTH:
                raise _too_deep(number, line_offset)
            if _BLOCK_SCALAR_RE.search(stripped) and "[" not in stripped and "{" not in stripped:
                scalar_indent = indent
                continue
        index = len(line) - len(stripped)
        previous = line[index - 1] if index else " "
        for char in line[index:]:
            if quote:
                if char == quote:
                    quote = ""
            elif char == "#" and previous in " \t":
                break
            elif char in "[{":
                flow += 1
                if flow > MAX_DEPTH:
                    raise _too_deep(number, line_offset)
            elif char in "]}":
                flow = max(0, flow - 1)
            elif char in "\"'" and (flow or previous in " [{,:"):
                quote = char
            previous = char
        if quote == "'" and not flow:
            pass  # a single-quoted scalar may run over lines; so may a double-quoted one


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document.

    Returns the data and any duplicate-key problems; raises YamlError for text
    that is not YAML at all. `line_offset` shifts reported lines (front matter
    starts after the opening `---`).
    """
    check_bounds(text, line_offset)
    if "\t" in text:
        for number, line_text in enumerate(text.splitlines(), start=1):
            indent = line_text[: len(line_text) - len(line_text.lstrip())]
            if "\t" in indent:
                raise YamlError(YamlProblem(number + line_offset, say(TAB_INDENT)))
    fast = _load_fast(text, line_offset)
    if fast is None:
        fast = _load_careful(text, line_offset)
    if isinstance(fast[0], str) and "：" in text:  # `name：李静` alone reads as one string, never what is meant
        found = diagnose(text)
        if found is not None and found[1].startswith(FULL_COLON):
            raise YamlError(YamlProblem(found[0] + line_offset, found[1]))
    return fast


def _load_careful(text: str, line_offset: int) -> tuple[Any, list[YamlProblem]]:
    """The pure-Python loader: counts aliases, and turns every refusal into a YamlError at its line."""
    try:
        loader = _Loader(text, line_offset)
    except yaml.YAMLError as exc:  # the reader refuses control characters up front
        raise YamlError(YamlProblem(line_offset + 1, say(UNREADABLE, what=getattr(exc, 'reason', exc)))) from None
    try:
        data = loader.get_single_data()
    except Misread as exc:
        found = diagnose(text, exc.problem.line - line_offset)
        what = found[1] if found else say(SYNTAX, what="a key with no value")
        raise YamlError(YamlProblem(found[0] + line_offset if found else exc.problem.line, what)) from None
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        found = diagnose(text, line - line_offset)
        if found is not None:  # what a Chinese keyboard (or an unquoted value) did, at its own line
            raise YamlError(YamlProblem(found[0] + line_offset, found[1])) from None
        raise YamlError(YamlProblem(line, say(SYNTAX, what=exc.problem or "invalid YAML"))) from None
    except yaml.YAMLError as exc:
        raise YamlError(YamlProblem(line_offset + 1, say(UNREADABLE, what=exc))) from None
    except RecursionError:
        raise YamlError(YamlProblem(line_offset + 1, say(TOO_DEEP, limit=MAX_DEPTH))) from None
    finally:
        loader.dispose()
    return data, loader.duplicates


@dataclass(frozen=True)
class FrontMatter:
    data: Any
    body: str
    body_line: int  # 1-based line where the body starts
    problems: list[YamlProblem]


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split `---` front matter from a Markdown body: (yaml, body, body_line), or None."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


# `mkdocs serve` rebuilds the whole site after each save; parsing YAML is most of reading an article,
# so unchanged front matter is parsed once per process. The parsed values are never modified.
_FRONT_MATTER_CACHE: dict[str, tuple[Any, list[YamlProblem]]] = {}
_FRONT_MATTER_CACHE_LIMIT = 200_000


def forget_parsed_front_matter() -> None:
    """Empty the cache above: a build, unlike `serve`, reads each article once and need not keep it."""
    _FRONT_MATTER_CACHE.clear()


def _parsed_front_matter(yaml_text: str) -> tuple[Any, list[YamlProblem]]:
    cached = _FRONT_MATTER_CACHE.get(yaml_text)
    if cached is None:
        cached = load_yaml(yaml_text, line_offset=1)  # raises YamlError: broken text is never cached
        if len(_FRONT_MATTER_CACHE) >= _FRONT_MATTER_CACHE_LIMIT:
            _FRONT_MATTER_CACHE.clear()
        _FRONT_MATTER_CACHE[yaml_text] = cached
    return cached


def read_front_matter(text: str) -> FrontMatter:
    """Parse front matter; raises YamlError when it is missing or broken."""
    split = split_front_matter(text)
    if split is None:
        raise YamlError(YamlProblem(1, say(NO_FRONT_MATTER)))
    yaml_text, body, body_line = split
    data, problems = _parsed_front_matter(yaml_text)
    if data is None:
        data = LinedDict()
        data.line, data.key_lines = 1, {}
    return FrontMatter(data, body, body_line, problems)


def load_yaml_reported(text: str, display: str, problems: Problems) -> Any:
    """`load_yaml` for a data file: syntax errors and duplicate keys go to `problems`; None on failure."""
    try:
        data, duplicates = load_yaml(text)
    except YamlError as exc:
        problems.add(display, exc.problem.line, exc.problem.message)
        return None
    for dup in duplicates:
        problems.add(display, dup.line, dup.message)
    return data
