"""Build progress for people watching a terminal; silent in CI logs and pipes.

A long build prints one self-overwriting line ("写出页面 4,120/10,245") on
stderr when stderr is a terminal and the CI variable is unset; otherwise nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

REFRESH_SECONDS = 0.2


def wants_progress(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("GONGHUI_NO_PROGRESS"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts pages through one phase of the build and redraws at most five times a second."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = wants_progress(self.stream) if enabled is None else enabled
        self._drawn_at = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn_at >= REFRESH_SECONDS or self.done >= self.total:
            self._drawn_at = now
            self._draw()

    def finish(self) -> None:
        if self.enabled and self.done:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def line(self) -> str:
        percent = 100 * self.done // self.total if self.total else 100
        return f"{self.label} {self.done:,}/{self.total:,} 页（{percent}%）"

    def _draw(self) -> None:
        self.stream.write("\r" + self.line() + "\033[K")
        self.stream.flush()
