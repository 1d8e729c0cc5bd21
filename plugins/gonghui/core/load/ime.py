"""What a Chinese keyboard puts into YAML: found, when the text does not parse, at its line, with the fix.

A Chinese input method types `：` for `:`, `，` for `,`, `－` or `—` for `-`, the full-width space U+3000 and
`“”` for quotes; editors also start a title with `"…"`, `[组图]` or write `专访: 王建国`, which YAML reads as
its own syntax. `diagnose` looks at the text line by line for these, in YAML's syntax positions only (keys,
list dashes, indentation, the start of a value, flow mappings), and names the first one with the fixed line.
It is called only for text that fails to parse (or is read into something no editor means, see yamlsource),
so valid YAML, with full-width characters inside values, is never affected.
"""

from __future__ import annotations

import re

from ..messages import define, say

FULL_COLON = define("GH101", "第{column}个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 {fixed} (full-width colon)",
                    "字段名后用了中文冒号“：”，如 kicker：引题")
FLOW_COLON = define("GH102", "花括号里第{column}个字符是全角冒号“：”；要用半角冒号加空格{comma}，改成 {fixed} "
                    "(full-width colon in a flow mapping)", "花括号 {…} 里用了中文冒号“：”（和中文逗号“，”）")
FLOW_COMMA = define("GH103", "花括号里第{column}个字符是全角逗号“，”；字段之间要用半角逗号，改成 {fixed} "
                    "(full-width comma in a flow mapping)", "花括号 {…} 里字段之间用了中文逗号“，”")
IDEO_SPACE = define("GH104", "行首缩进里有全角空格（第{column}个字符）；YAML 缩进只能用半角空格，每个全角空格换成两个半角空格：{fixed} "
                    "(full-width space U+3000 in indentation)", "缩进里用了中文全角空格")
FULL_DASH = define("GH105", "列表项前的“{dash}”是全角符号；YAML 列表要用半角减号加空格，改成 {fixed} (full-width list dash)",
                   "列表项前用了“－”或“—”，不是半角减号 -")
TAB_INDENT = define("GH106", "缩进里有 Tab 键；YAML 缩进只能用空格，把 Tab 换成两个空格 (a tab is used for indentation)",
                    "缩进里用了 Tab")
CN_QUOTES = define("GH107", "“”是中文引号，YAML 不把它当作引号，{problem}；改成半角引号：{fixed} (full-width quotes)",
                   "想用引号括起值，却用了中文引号“”")
OPEN_QUOTE = define("GH110", "值以引号 {quote} 开头，YAML 就把它当作引号括起的整段文字，引号后面不能再有字；"
                    "把整个值再用引号括起来：{fixed} (value needs quotes)", "值以引号开头、后面还有字，如 title: \"建会\"小分队")
OPEN_BRACKET = define("GH111", "值以 {bracket} 开头，YAML 就把它当作列表或映射；是文字的话，把整个值用引号括起来：{fixed} "
                      "(value needs quotes)", "值以 [ 或 { 开头，如 title: [组图]仁怀…")
COLON_IN_VALUE = define("GH112", "值里的“: ”（半角冒号加空格）让 YAML 以为是又一个字段；把整个值用引号括起来：{fixed}，"
                        "或改用中文冒号“：” (value needs quotes)", "值里有半角冒号加空格，如 title: 专访: 王建国")
INDICATOR = define("GH113", "值不能以“{char}”开头，YAML 把它当作特殊符号；把整个值用引号括起来：{fixed} (value needs quotes)",
                   "值以 @ ` % & * ! | > 等符号开头")
HASH_IN_FLOW = define("GH114", "“ #”后面的字被 YAML 当作注释，括号因此没有闭合；把这一项用引号括起来：{fixed} "
                      "(' #' starts a comment)", "方括号里的一项含有“ #”")
UNCLOSED = define("GH115", "{bracket} 没有闭合；是文字的话把整个值用引号括起来：{fixed}，是列表的话在末尾补上 {closer} "
                  "(unclosed flow collection)", "值以 [ 或 { 开头却没有闭合")
SYNTAX = define("GH120", "YAML 写法错误，请检查这一行和上一行的冒号、缩进、引号和括号 (YAML syntax error: {what})",
                "找不到更具体原因的 YAML 错误")

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_DASHES = r"(?:-[ \t]+)*"
# `kicker：引题`, `- name：刘晓梅`: an ASCII field name, then a full-width colon.
_BLOCK_COLON_RE = re.compile(rf"^([ ]*{_DASHES})({_KEY})[ \t\u3000]*：[ \t\u3000]*(.*)$")
_PAIR_RE = re.compile(rf"^([ ]*{_DASHES})({_KEY}):(?:[ \t]+(.*))?$")
_FLOW_KEY_RE = re.compile(rf"([{{,，][ \t\u3000]*)({_KEY})[ \t\u3000]*([：:])[ \t\u3000]*")
_INDICATORS = "@`%&*!|>"


def _quoted(value: str) -> str:
    """`value` as one YAML quoted scalar that reads back as itself."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fix_flow(segment: str) -> str:
    """`{name：刘晓梅，role：本报记者}` -> `{name: 刘晓梅, role: 本报记者}`."""
    fixed = _FLOW_KEY_RE.sub(lambda m: ("，" == m.group(1)[0] and ", " or m.group(1)[0] + (" " if m.group(1)[0] == "," else ""))
                             + m.group(2) + ": ", segment)
    return fixed.replace("{ ", "{")


def _value_cause(line: str) -> str | None:
    """A `key: value` line whose value YAML reads as syntax: the message, or None."""
    match = _PAIR_RE.match(line)
    if match is None or not match.group(3):
        return None
    head, key, value = match.group(1), match.group(2), match.group(3).rstrip()
    if not value or value.startswith("#"):
        return None

    def fixed(new_value: str) -> str:
        return f"{head.strip()} {key}: {new_value}".strip()

    first = value[0]
    if first in "\"'":
        end = _quote_end(value)
        if end is not None and value[end + 1 :].strip() and not value[end + 1 :].lstrip().startswith("#"):
            return say(OPEN_QUOTE, quote=first * 2 if False else first, fixed=fixed(_quoted(value)))
        return None
    if first in "[{":
        close = _bracket_end(value)
        rest = value[close + 1 :].strip() if close is not None else ""
        if close is not None and rest and not rest.startswith("#"):
            return say(OPEN_BRACKET, bracket=first, fixed=fixed(_quoted(value)))
        if " #" in value:
            before, _, after = value.partition(" #")
            start = max(before.rfind(","), 0) + 1
            stop = min([i for i in (after.find(","), after.find("]"), after.find("}")) if i >= 0] or [len(after)])
            item = (before[start:] + " #" + after[:stop]).strip()
            return say(HASH_IN_FLOW, fixed=fixed(value.replace(item, _quoted(item), 1)))
        if close is None:
            return say(UNCLOSED, bracket=first, closer="]" if first == "[" else "}", fixed=fixed(_quoted(value)))
        return None
    if first == "“" and (": " in value or " #" in value):
        problem = "值里的“: ”被当作又一个字段" if ": " in value else "“ #”后面的字被当作注释"
        inner = value[1:-1] if value.endswith("”") else value[1:]
        return say(CN_QUOTES, problem=problem, fixed=fixed(_quoted(inner)))
    if (first in _INDICATORS or (first in "-?:" and value[1:2] in (" ", ""))) and not _VALID_START_RE.match(value):
        return say(INDICATOR, char=first, fixed=fixed(_quoted(value)))
    text = value.split(" #")[0].rstrip()
    if ": " in text or text.endswith(":"):
        return say(COLON_IN_VALUE, fixed=fixed(_quoted(text)))
    return None


# What YAML means by these starts, correctly written: a block scalar header, an anchor, alias or tag.
_VALID_START_RE = re.compile(r"^(?:[|>][-+0-9]*\s*(?:#.*)?|[&*][A-Za-z0-9_-]+(?:\s.*)?|![!A-Za-z0-9_-]*(?:\s.*)?)$")


def _quote_end(value: str) -> int | None:
    quote = value[0]
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _bracket_end(value: str) -> int | None:
    depth = 0
    quote = ""
    for index, char in enumerate(value):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or value[index - 1] in " [{,"):
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
    return None


def line_cause(line: str) -> str | None:
    """The message for what a Chinese keyboard (or an unquoted value) did to one line, or None."""
    body = line.lstrip(" \t\u3000")
    indent = line[: len(line) - len(body)]
    if not body or body.startswith("#"):
        return None
    if "\t" in indent:
        return say(TAB_INDENT)
    if "\u3000" in indent:
        spaces = indent.replace("\u3000", "  ")
        return say(IDEO_SPACE, column=indent.index("\u3000") + 1, fixed=spaces + body)
    if body[0] == "－" or (body[0] in "—–" and body[1:2] in (" ", "\u3000", "")):
        dash_end = 1
        while body[dash_end : dash_end + 1] == body[0]:  # `——`
            dash_end += 1
        return say(FULL_DASH, dash=body[:dash_end], fixed="- " + body[dash_end:].lstrip(" \u3000"))
    match = _BLOCK_COLON_RE.match(line)
    if match is not None:
        head, key, value = match.groups()
        column = line.index("：", len(head) + len(key)) + 1
        return say(FULL_COLON, column=column, fixed=f"{head}{key}: {value}".strip() if value else f"{head}{key}:".strip())
    brace = line.find("{")
    if brace >= 0:
        segment = line[brace:]
        flow = [m for m in _FLOW_KEY_RE.finditer(segment) if m.group(3) == "：" or m.group(1)[0] == "，"]
        if flow:
            first = flow[0]
            fixed = line[:brace].strip() + _fix_flow(segment)
            fixed = re.sub(r"^(-|[A-Za-z_][\w-]*:)(?=[\[{])", r"\1 ", fixed)
            if first.group(3) == "：":
                column = brace + first.start(3) + 1
                comma = "，字段之间用半角逗号" if "，" in segment else ""
                return say(FLOW_COLON, column=column, comma=comma, fixed=fixed)
            return say(FLOW_COMMA, column=brace + first.start(1) + 1, fixed=fixed)
    return _value_cause(line)


_BLOCK_SCALAR_RE = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")
_LINE_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # where YAML ends a line


def diagnose(text: str, error_line: int | None = None) -> tuple[int, str] | None:
    """The first line (1-based, in `text`) with a known cause, and its message; None when no known cause.

    Lines up to the parser's `error_line` are preferred: the parser stops at or after the mistake.
    Lines inside block scalars (`|`, `>`) are text, not syntax, and are skipped.
    """
    found: list[tuple[int, str]] = []
    scalar_indent = -1
    for number, line in enumerate(_LINE_BREAK_RE.split(text), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scalar_indent >= 0:
            if not stripped.strip() or indent > scalar_indent:
                continue
            scalar_indent = -1
        cause = line_cause(line)
        if cause is not None:
            if error_line is None or number <= error_line:
                return number, cause
            found.append((number, cause))
        elif _BLOCK_SCALAR_RE.search(stripped) and "[" not in stripped and "{" not in stripped:
            scalar_indent = indent
    return found[0] if found else None
