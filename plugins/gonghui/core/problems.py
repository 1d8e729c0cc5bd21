"""Editor-facing problems: collected for a whole build, reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing in one file, pointing at the line an editor must look at."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass
class Problems:
    """Collects a whole build's problems instead of stopping at the first one.

    Errors (`add`) fail the build; warnings (`warn`) are printed and fail only `--strict`; notes (`note`)
    say what the build left out on purpose, such as figures held back until their story is published.
    `len()` and truth count errors only, so a reader can tell whether its own record added one.
    """

    items: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Problem(one_line(path), line or 0, one_line(message)))

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.warnings.append(Problem(one_line(path), line or 0, one_line(message)))

    def note(self, path: str, line: int | None, message: str) -> None:
        self.notes.append(Problem(one_line(path), line or 0, one_line(message)))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)
        self.warnings.extend(other.warnings)
        self.notes.extend(other.notes)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def sorted_warnings(self) -> list[Problem]:
        return sorted(set(self.warnings))

    def sorted_notes(self) -> list[Problem]:
        return sorted(set(self.notes))

    def report(self) -> str:
        lines = [str(p) for p in self.sorted()]
        count = len(lines)
        return "\n".join([f"发现 {count} 处内容问题 ({count} problem(s) in content):", *lines])


class ContentError(Exception):
    """Raised when content has problems; carries every problem of the build."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.report())
        self.problems = problems


def one_line(text: str) -> str:
    """Text with line breaks and other invisible characters escaped as repr() shows them.

    A key or file name may contain a newline or a right-to-left mark; the report stays one `file:line: …` per line.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def describe(value: object, limit: int = 60) -> str:
    """Show what an editor wrote, quoted and shortened, for '实际写的是 …' (GH301) messages."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean …?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + ", ".join(repr(c) for c in close) + "?)"


def hint(word: str, choices: Iterable[str]) -> str:
    """A Chinese '（是不是 …？）' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "（是不是 " + "、".join(repr(c) for c in close) + "？）"
