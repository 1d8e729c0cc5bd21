"""scripts/screenshots.py: PNGs of the sample site's page kinds at a phone's and a desktop's width."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import REPO, build_sample_site, chromium_missing_message

SCRIPT = REPO / "scripts" / "screenshots.py"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which always comes first."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return build_sample_site(tmp_path_factory.mktemp("shots-site"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300,
                          env=env or os.environ.copy())


def test_two_page_kinds_at_both_widths(site_dir, tmp_path):
    missing = chromium_missing_message()
    if missing:
        pytest.fail(missing, pytrace=False)
    out = tmp_path / "shots"
    result = run("--site", str(site_dir), "--out", str(out), "--kinds", "region,campaign")
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == ["campaign-1280.png", "campaign-390.png", "region-1280.png", "region-390.png"]
    for name in files:
        width, height = png_size(out / name)
        assert width == int(name.split("-")[1].removesuffix(".png")), (name, width)
        assert height > 900, f"{name}: {height} px high, not the full page"  # both pages are long


def test_viewport_only_and_unknown_kind(site_dir, tmp_path):
    out = tmp_path / "shots"
    result = run("--site", str(site_dir), "--out", str(out), "--kinds", "home", "--widths", "390", "--viewport-only")
    assert result.returncode == 0, result.stdout + result.stderr
    assert png_size(out / "home-390.png") == (390, 844)
    result = run("--site", str(site_dir), "--out", str(out), "--kinds", "nonsense")
    assert result.returncode != 0 and "nonsense" in result.stderr


def test_lists_every_page_kind(site_dir):
    result = run("--site", str(site_dir), "--list")
    assert result.returncode == 0, result.stderr
    kinds = [line.split()[0] for line in result.stdout.splitlines()]
    assert kinds == ["home", "article", "news", "archive", "tags", "tag", "campaigns", "campaign", "classes", "class",
                     "workers", "worker", "regions", "region", "search", "404"]


def test_warns_without_a_chinese_font(site_dir, tmp_path):
    # No fc-list on PATH stands for a machine without fontconfig's Chinese fonts.
    env = {**os.environ, "PATH": str(tmp_path)}
    result = run("--site", str(site_dir), "--list", env=env)
    assert result.returncode == 0, result.stderr
    assert "no Chinese font" in result.stderr and "fonts-noto-cjk" in result.stderr
