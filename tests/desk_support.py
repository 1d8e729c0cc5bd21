"""The editing desk as an editor runs it: `mkdocs serve` and decap-server (both on 127.0.0.1) over a copy of the site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser_support import REPO, SOURCE_DATE_EPOCH, copy_sample_project

NODE = shutil.which("node") or "/usr/bin/node"
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 120, method: str = "GET") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            data = b'{"action":"info"}' if method == "POST" else None
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@dataclass
class Desk:
    root: Path  # the copied working copy the desk writes into
    site: str  # http://127.0.0.1:<port>/ of `mkdocs serve`


@contextmanager
def running_desk(root: Path) -> Iterator[Desk]:
    """A copy of the sample site in `root`, served with its desk; both servers stopped afterwards."""
    config = copy_sample_project(root)
    site_port, desk_port = free_port(), free_port()
    text = config.read_text(encoding="utf-8")
    anchor = "  - gonghui:\n"
    assert anchor in text, "mkdocs.yml no longer configures gonghui as expected"
    config.write_text(text.replace(anchor, f"{anchor}      desk_port: {desk_port}\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    processes = [
        subprocess.Popen([NODE, str(DECAP_SERVER)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env={**env, "PORT": str(desk_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
                              "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "error"}),
        subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{site_port}", "--dirty"],
                         cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env),
    ]
    try:
        _wait(f"http://127.0.0.1:{desk_port}/api/v1", processes[0], method="POST")
        _wait(f"http://127.0.0.1:{site_port}/admin/config.yml", processes[1])
        yield Desk(root, f"http://127.0.0.1:{site_port}/")
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
