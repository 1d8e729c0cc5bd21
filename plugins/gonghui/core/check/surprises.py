"""Warnings for what builds without a word but is not what the editor meant.

A full-width comma inside a list item, a value cut short by ` #` (YAML starts a comment there), placeholder
text left in a published story, characters no font shows, and tags that differ by a character or two.
They are warnings: the site still builds, `--strict` (and `gonghui check --strict`) fails.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..load.site import Inputs
from ..messages import define, say
from ..model.article import Article
from ..model.site import SiteSources
from ..problems import Problems

FULL_WIDTH_COMMA = define(
    "GH131", "标签“{value}”里有全角逗号“，”，会被当成一个标签；分开写成 [{fixed}] (full-width comma in a list)",
    "tags 的一项里有全角逗号“，”：整项成了一个标签",
)
COMMENT_CUT = define(
    "GH133", "“{key}”的值在“ #”处断开：YAML 把“#{rest}”当作注释丢掉了，只剩“{kept}”；整个值加引号："
    "{key}: \"{whole}\" (value cut by a YAML comment)",
    "`key: 值 #…`：空格加 # 以后的文字被当作注释，值被截短",
)
PLACEHOLDER = define(
    "GH130", "还有占位文字“{marker}”，发布前改成真实内容 (placeholder text in published content)",
    "已发布的文章或项目数据里还有【待填写】、【】、TODO、XXX、○○、×× 这类占位文字",
)
INVISIBLE = define(
    "GH134", "有显示不出来的字符 {codes}（多半是从 Word 粘贴来的项目符号或控制字符）；删掉它，列表项用“- ”开头重新输入 "
    "(character no font shows)",
    "私用区字符（如 Word 的项目符号 U+F0B7）、控制字符、替换字符 U+FFFD",
)
NEAR_TAG = define(
    "GH135", "标签“{rare}”和已有的“{common}”（{count} 篇）很像；是同一个意思就改成“{common}” (near-duplicate tag)",
    "两个标签只差一两个字，或一个包含另一个（劳动竞赛 / 劳动和技能竞赛）",
)

REFERENCE_KINDS = ("campaigns", "training", "workers")
_PLACEHOLDER = re.compile(r"【待[^】\n]{0,8}】|【】|(?<![A-Za-z])(?:TODO|XXX)(?![A-Za-z])|○○|××")
_INVISIBLE = re.compile("[\ue000-\uf8ff\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\ufffd]")
_KEY_VALUE = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[^\s#'\"\[\]{}:,-][^:#]*?):[ \t]+(?P<value>\S.*)$")
_NUMBERS = re.compile(r"[0-9０-９一二三四五六七八九十百千]+")
_BLOCK = re.compile(r"^[|>][-+0-9]*(?:\s+#.*)?$")


def check_surprises(sources: SiteSources, inputs: Inputs, unpublished: set[str], problems: Problems) -> None:
    """Warn about silent surprises in articles and program records (drafts may keep their placeholders)."""
    tag_uses: Counter[str] = Counter()
    for uri, article in inputs.articles.items():
        display = sources.display_content(uri)
        front_lines = article.front_text.split("\n")
        for number, message in _raw_text_findings(front_lines, 2):
            problems.warn(display, number, message)
        if _INVISIBLE.search(article.body):  # most bodies have none: skip the line walk
            for number, message in _invisible(article.body.split("\n"), article.body_line, controls=True):
                problems.warn(display, number, message)
        for tag in article.tags:
            if "，" in tag:
                problems.warn(display, _item_line(front_lines, 2, article.lines.get("tags", 1), tag), _comma(tag))
        if uri in unpublished or article.draft:
            continue
        tag_uses.update(article.tags)
        for number, marker in _placeholders(front_lines, 2, yaml=True):
            problems.warn(display, number, say(PLACEHOLDER, marker=marker))
        if _PLACEHOLDER.search(article.body):
            for number, marker in _placeholders(article.body.split("\n"), article.body_line, yaml=False):
                problems.warn(display, number, say(PLACEHOLDER, marker=marker))
    _check_data_files(sources, inputs, problems)
    _near_duplicate_tags(sources, inputs.articles.values(), unpublished, tag_uses, problems)


def _check_data_files(sources: SiteSources, inputs: Inputs, problems: Problems) -> None:
    """Program records are published as soon as they are committed: every check applies."""
    data_dir = sources.data_dir
    paths: list[Path] = []
    for kind in (*REFERENCE_KINDS, "achievements"):
        folder = data_dir / kind
        if folder.is_dir() and not folder.is_symlink():
            paths.extend(sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yml", ".yaml") and p.is_file()))
    tags = {sources.display(data_dir / "campaigns" / f"{slug}"): c.tags for slug, c in inputs.programs.campaigns.items()}
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the reader
        display = sources.display(path)
        lines = text.split("\n")
        for number, message in _raw_text_findings(lines, 1):
            problems.warn(display, number, message)
        for number, marker in _placeholders(lines, 1, yaml=True):
            problems.warn(display, number, say(PLACEHOLDER, marker=marker))
        for tag in tags.get(display[: -len(path.suffix)], []):
            if "，" in tag:
                problems.warn(display, _item_line(lines, 1, 1, tag), _comma(tag))


def _comma(value: str) -> str:
    fixed = ", ".join(part.strip() for part in value.split("，") if part.strip())
    return say(FULL_WIDTH_COMMA, value=value, fixed=fixed)


def _item_line(lines: list[str], first: int, start: int, item: str) -> int:
    """The line (from `start` on) where a list item is written."""
    for index in range(max(start - first, 0), len(lines)):
        if item in lines[index]:
            return index + first
    return start


def _raw_text_findings(lines: list[str], first: int) -> Iterator[tuple[int, str]]:
    """` #` cutting a plain value short, and invisible characters, in YAML text starting at line `first`."""
    block_indent = -1  # inside a `|` or `>` block scalar: its lines are text, a `#` there is kept
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        number = index + first
        yield from _invisible([line], number, controls=False)
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        match = _KEY_VALUE.match(line)
        if match is None:
            continue
        value = match.group("value")
        if _BLOCK.match(value):
            block_indent = len(match.group("indent"))
            continue
        if value[0] in "'\"[{&*!%@`#|>":
            continue
        cut = re.search(r"[ \t]+#", value)
        if cut is None:
            continue
        rest = value[cut.end():]
        if not rest.strip():
            continue
        spaces = cut.group(0)[:-1]
        if len(spaces) >= 2 and rest[0] in " \t":
            continue  # `value  # comment`: a comment written on purpose (as `gonghui new` writes them)
        kept = value[: cut.start()]
        key = match.group("key").strip()
        whole = value.replace('"', '\\"')
        yield number, say(COMMENT_CUT, key=key, rest=_short(rest), kept=kept, whole=_short(whole, 40))


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _invisible(lines: Iterable[str], first: int, *, controls: bool) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, first):
        found = _INVISIBLE.findall(line.rstrip("\r"))
        if not controls:
            found = [ch for ch in found if ord(ch) >= 0xE000]  # YAML itself refuses control characters
        if found:
            codes = "、".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(found))
            yield number, say(INVISIBLE, codes=codes)


def _placeholders(lines: list[str], first: int, *, yaml: bool) -> Iterator[tuple[int, str]]:
    fence = False
    for number, raw in enumerate(lines, first):
        line = raw.strip()
        if yaml and line.startswith("#"):
            continue  # a YAML comment is never published
        if not yaml and line.startswith(("```", "~~~")):
            fence = not fence
        if fence or "TODO" not in line and "XXX" not in line and "【" not in line and "○" not in line and "×" not in line:
            continue
        for marker in dict.fromkeys(m.group(0) for m in _PLACEHOLDER.finditer(_without_comment(line) if yaml else line)):
            yield number, marker


def _without_comment(line: str) -> str:
    """A YAML line without a trailing `  # comment` (a comment is not published; `gonghui new` writes many)."""
    cut = re.search(r"\s#\s", line)
    return line[: cut.start()] if cut else line


def _near_duplicate_tags(
    sources: SiteSources, articles: Iterable[Article], unpublished: set[str], uses: Counter[str], problems: Problems
) -> None:
    """A rarer tag that looks like a more-used one: warn where the rarer one is used, suggest the other."""
    tags = sorted(uses, key=lambda t: (-uses[t], t))
    by_char: dict[str, list[str]] = {}
    for tag in tags:
        for ch in set(tag):
            by_char.setdefault(ch, []).append(tag)
    order = {tag: rank for rank, tag in enumerate(tags)}
    better: dict[str, str] = {}
    for rank, rare in enumerate(tags):
        if len(rare) < 2:
            continue
        candidates = {t for t in by_char.get(rare[0], []) if t != rare} | {t for t in by_char.get(rare[-1], []) if t != rare}
        for common in sorted(candidates, key=lambda t: (-uses[t], t)):
            if order[common] > rank:
                continue  # the more-used (or, at equal use, the first in order) is the one to keep
            if _alike(rare, common):
                better[rare] = common
                break
    if not better:
        return
    for article in articles:
        if article.src_uri in unpublished or article.draft:
            continue
        for tag in article.tags:
            if tag in better:
                common = better[tag]
                problems.warn(sources.display_content(article.src_uri), article.lines.get("tags", 1),
                              say(NEAR_TAG, rare=tag, common=common, count=uses[common]))


def _alike(a: str, b: str) -> bool:
    if _NUMBERS.sub("0", a) == _NUMBERS.sub("0", b):
        return False  # a numbered series (第1届 / 第2届, 2022年 / 2023年) names different things
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and (short in long or (short[0] == long[0] and short[-1] == long[-1] and _subsequence(short, long))):
        return len(long) - len(short) <= 4
    if len(short) < 3 or len(long) - len(short) > 2 or len(long) > 8:
        return False
    limit = 1 if len(long) <= 4 else 2
    return _distance(a, b, limit) <= limit


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def _distance(a: str, b: str, limit: int) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
