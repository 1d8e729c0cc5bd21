"""Atomic site output: build into a temporary sibling folder, swap in when complete.

A failed or interrupted build leaves the previous site untouched and no
temporary folder behind; readers never see a half-written site. A build that
was killed outright (SIGKILL, power loss) cannot clean up after itself: its
folder names its process, and the next build removes it once that process is gone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType

# A leftover folder that names no process (made before folders carried the builder's PID) is removed
# once it has not changed for this long; no build keeps its top folder unchanged that long.
UNNAMED_STALE_SECONDS = 3600


class AtomicOutput:
    def __init__(self, final_dir: Path) -> None:
        self.final_dir = final_dir.resolve()
        self.final_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_folders(self.final_dir)
        prefix = f".{self.final_dir.name}.building-{os.getpid()}-"
        self.work_dir = Path(tempfile.mkdtemp(prefix=prefix, dir=self.final_dir.parent))
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


def remove_stale_folders(final_dir: Path) -> list[Path]:
    """Remove the temporary folders of builds that died without cleaning up; return them.

    `.site.building-<pid>-…` goes when process <pid> is gone; a folder of a running build (this
    process or a concurrent one) stays. `.site.old-…` (a swap interrupted between its renames) and
    folders that name no process go once they have not changed for an hour.
    """
    removed = []
    for path in final_dir.parent.glob(f".{final_dir.name}.*-*"):
        kind, _, rest = path.name[len(final_dir.name) + 2 :].partition("-")
        if kind not in ("building", "old") or not path.is_dir() or path.is_symlink():
            continue
        pid_text = rest.split("-", 1)[0] if kind == "building" and "-" in rest else ""
        if pid_text.isdigit():
            stale = not _process_alive(int(pid_text))
        else:
            stale = _unchanged_for(path, UNNAMED_STALE_SECONDS)
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; keep the folder
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no process can have
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _unchanged_for(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False
