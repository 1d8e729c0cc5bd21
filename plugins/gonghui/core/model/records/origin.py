"""Where a record came from, kept for messages about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a record came from, for messages: its file and the line of each field."""

    path: str
    lines: dict[str, int]

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)
