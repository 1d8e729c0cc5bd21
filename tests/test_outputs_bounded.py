"""A build reads only the project and writes only the site (issue 13).

Redirects are site paths no page owns, nothing is written outside the output folder, editors' pages
and records never collide with generated ones, and temporary folders of killed builds do not pile up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _folder(root: Path, name: str, age: float = 0) -> Path:
    path = root / name
    (path / "news").mkdir(parents=True)
    (path / "news" / "index.html").write_text("half a site", encoding="utf-8")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_temporary_folders_of_dead_builds_are_removed(site):
    site.article("one")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead = _folder(site.root, f".site.building-{_dead_pid()}-k1ll3d")
        running = _folder(site.root, f".site.building-{live.pid}-running")
        unnamed_old = _folder(site.root, ".site.building-abc123", age=2 * 3600)
        unnamed_new = _folder(site.root, ".site.building-def456")
        swap_old = _folder(site.root, ".site.old-xyz", age=2 * 3600)
        unrelated = _folder(site.root, ".site.building-notes", age=0)  # a fresh folder naming no process
        assert site.build().ok
        assert not dead.exists() and not unnamed_old.exists() and not swap_old.exists()
        assert running.is_dir() and unnamed_new.is_dir() and unrelated.is_dir(), "a running build's folder stays"
        assert (site.root / "site" / "index.html").is_file()
    finally:
        live.kill()
        live.wait()
    # The live build's folder goes once its process is gone.
    assert site.build().ok
    assert not running.exists()
