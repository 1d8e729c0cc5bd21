"""Where a build's time goes in our own code, phase by phase.

The benchmark (scripts/bench.py) sets GONGHUI_TIMINGS to a file path and reads
the JSON the plugin writes there, to report our code's share of a build.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Timings:
    def __init__(self) -> None:
        self.phases: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] += time.perf_counter() - started

    def as_dict(self) -> dict[str, object]:
        return {
            **self.counts,
            "phases": {name: round(seconds, 4) for name, seconds in sorted(self.phases.items())},
            "own_seconds": round(sum(self.phases.values()), 4),
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
