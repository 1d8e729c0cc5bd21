"""The sample site built with `precompress: true` and a redirect, served by Debian's nginx with the configuration
`gonghui nginx-config` prints: shared by tests/test_nginx.py and tests/test_browser_nginx.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser_support import build_copied_site, copy_sample_project
from hosting_support import free_port, nginx_server

OLD = "/news/2022/06/old-chayi/"
NEW = "/news/2022/06/huaibei-zhigong-yexiao-chayi/"


@dataclass(frozen=True)
class Served:
    root: Path  # the project (mkdocs.yml)
    site: Path  # the built site
    base: str  # 'http://127.0.0.1:PORT/'
    config: str  # what nginx-config printed


def nginx_config(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gonghui.cli", "-f", str(root / "mkdocs.yml"), "nginx-config", *args],
                          capture_output=True, text=True, timeout=120)


def build_precompressed(root: Path, redirects: str = f"{OLD}: {NEW}\n") -> Path:
    copy_sample_project(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - gonghui:\n"
    assert anchor in text, "mkdocs.yml no longer configures gonghui as expected"
    config.write_text(text.replace(anchor, f"{anchor}      precompress: true\n"), encoding="utf-8")
    (root / "data" / "redirects.yml").write_text(redirects, encoding="utf-8")
    return build_copied_site(root)


@contextmanager
def served_site(folder: Path) -> Iterator[Served]:
    root = folder / "project"
    root.mkdir()
    site = build_precompressed(root)
    port = free_port()
    run = nginx_config(root, "--listen", f"127.0.0.1:{port}", "--server-name", "news.example.org.cn")
    assert run.returncode == 0, run.stderr
    with nginx_server(run.stdout, folder / "nginx", port) as base:
        yield Served(root, site, base, run.stdout)
