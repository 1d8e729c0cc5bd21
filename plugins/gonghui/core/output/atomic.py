"""Atomic site output: build into a temporary sibling folder, swap in when complete.

A failed or interrupted build leaves the previous site untouched and no
temporary folder behind; readers never see a half-written site.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path
from types import FrameType


class AtomicOutput:
    def __init__(self, final_dir: Path) -> None:
        self.final_dir = final_dir.resolve()
        self.final_dir.parent.mkdir(parents=True, exist_ok=True)
        self.work_dir = Path(tempfile.mkdtemp(prefix=f".{self.final_dir.name}.building-", dir=self.final_dir.parent))
        self._done = False
        atexit.register(self.discard)
        self._previous_term = signal.getsignal(signal.SIGTERM)
        try:
            signal.signal(signal.SIGTERM, self._on_term)
        except ValueError:  # not the main thread (e.g. a test runner's worker): atexit still cleans up
            self._previous_term = None

    def _on_term(self, signum: int, frame: FrameType | None) -> None:
        # SystemExit unwinds the build, then atexit removes the work folder.
        self.discard()
        raise SystemExit(128 + signum)

    def commit(self) -> None:
        """Replace the final folder with the finished build (two renames, no copy)."""
        if self._done:
            return
        old = None
        if self.final_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.final_dir.name}.old-", dir=self.final_dir.parent))
            os.rmdir(old)
            os.replace(self.final_dir, old)
        os.replace(self.work_dir, self.final_dir)
        self._done = True
        self._restore_signal()
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        shutil.rmtree(self.work_dir, ignore_errors=True)
        self._restore_signal()

    def _restore_signal(self) -> None:
        if self._previous_term is not None:
            try:
                signal.signal(signal.SIGTERM, self._previous_term)
            except ValueError:
                pass
            self._previous_term = None
