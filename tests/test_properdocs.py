"""The sample site builds the same with ProperDocs 1.6.7 as with MkDocs 1.6.1, file by file.

MkDocs 1.x is unmaintained and Material reaches end of life on 2027-05-05; ProperDocs continues MkDocs 1.x.
Run as `properdocs`, it points every `mkdocs.*` import at `properdocs.*` (`properdocs/replacement.py`), so
Material and our plugin, both registered as `mkdocs.plugins` entry points, load on it unchanged.

Both builds run as the real commands, each on its own copy of the project (a build rewrites
published-urls.txt and writes its site through a temporary folder beside it), with the same environment
and build date, and must produce the same files with the same bytes.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest
from browser_support import SOURCE_DATE_EPOCH, copy_sample_project

MKDOCS_VERSION = version("mkdocs")
PROPERDOCS_VERSION = version("properdocs")

# The one thing that may differ. Material's `<meta name="generator">` (our theme/main.html keeps Material's
# line) prints `mkdocs-{{ mkdocs_version }}`, and ProperDocs sets `mkdocs_version` to "ProperDocs 1.6.7"
# (properdocs/commands/build.py) where MkDocs puts "1.6.1". Only the engine's name and version differ, so
# exactly that tag is mapped back before comparing; nothing else is normalized.
GENERATOR = '<meta name="generator" content="mkdocs-{}, mkdocs-material-'
MKDOCS_GENERATOR = GENERATOR.format(MKDOCS_VERSION).encode()
PROPERDOCS_GENERATOR = GENERATOR.format(f"ProperDocs {PROPERDOCS_VERSION}").encode()


@dataclass
class Build:
    project: Path  # the copied project, with the published-urls.txt this build wrote
    site: Path
    returncode: int
    log: str


def build(engine: str, root: Path) -> Build:
    (root / "project").mkdir()
    config = copy_sample_project(root / "project")
    site = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    run = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=root, capture_output=True, text=True, env=env, timeout=600,
    )
    return Build(config.parent, site, run.returncode, run.stdout + run.stderr)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Build, Build]:
    roots = tmp_path_factory.mktemp("mkdocs"), tmp_path_factory.mktemp("properdocs")
    with ThreadPoolExecutor(2) as pool:  # two separate projects and site folders: safe side by side
        mk, pd = pool.map(build, ("mkdocs", "properdocs"), roots)
    return mk, pd


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def describe(name: str, mk: bytes, pd: bytes, lines: int = 40) -> str:
    try:
        a, b = mk.decode("utf-8"), pd.decode("utf-8")
    except UnicodeDecodeError:  # Pagefind's gzipped index, images
        at = next((i for i, (x, y) in enumerate(zip(mk, pd, strict=False)) if x != y), min(len(mk), len(pd)))
        return f"--- {name}: binary, {len(mk)} vs {len(pd)} bytes, first difference at byte {at}"
    diff = list(difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"mkdocs/{name}", f"properdocs/{name}", lineterm="", n=1))
    if not diff:
        return f"--- {name}: same lines, different line endings ({len(mk)} vs {len(pd)} bytes)"
    return "\n".join(diff[:lines])


def test_both_builds_succeed(builds):
    for engine, result in zip(("mkdocs", "properdocs"), builds, strict=True):
        assert result.returncode == 0, f"{engine} build failed:\n{result.log}"
        assert "Traceback" not in result.log, f"{engine} build logged a traceback:\n{result.log}"
        assert "Documentation built in" in result.log, result.log


def test_same_warnings(builds):
    mk, pd = builds
    warnings = [
        [line for line in result.log.splitlines() if line.startswith(("WARNING", "ERROR"))] for result in builds
    ]
    assert warnings[0] == warnings[1], f"mkdocs:\n{mk.log}\nproperdocs:\n{pd.log}"


def test_each_engine_built_its_own_site(builds):
    """Guards the comparison: each tree really is its engine's output (the generator tag names it)."""
    mk, pd = builds
    home_mk, home_pd = (mk.site / "index.html").read_bytes(), (pd.site / "index.html").read_bytes()
    assert MKDOCS_GENERATOR in home_mk and PROPERDOCS_GENERATOR not in home_mk
    assert PROPERDOCS_GENERATOR in home_pd and MKDOCS_GENERATOR not in home_pd


def test_same_files_byte_for_byte(builds):
    mk, pd = builds
    mk_files, pd_files = files_of(mk.site), files_of(pd.site)
    assert sorted(mk_files.keys() - pd_files.keys()) == [], "only in the MkDocs build"
    assert sorted(pd_files.keys() - mk_files.keys()) == [], "only in the ProperDocs build"
    # The sample site is about 300 files: 78 pages, feeds, calendars, Pagefind's index, theme assets.
    assert len(mk_files) > 200, sorted(mk_files)
    differ = []
    for name in sorted(mk_files):
        mk_bytes, pd_bytes = mk_files[name].read_bytes(), pd_files[name].read_bytes()
        if name.endswith(".html"):
            pd_bytes = pd_bytes.replace(PROPERDOCS_GENERATOR, MKDOCS_GENERATOR, 1)
        if mk_bytes != pd_bytes:
            differ.append((name, mk_bytes, pd_bytes))
    if differ:
        pytest.fail(
            f"{len(differ)} of {len(mk_files)} files differ between the MkDocs and the ProperDocs build:\n"
            + "\n".join(name for name, _, _ in differ) + "\n\n"
            + "\n\n".join(describe(*item) for item in differ[:3]),
            pytrace=False,
        )


def test_same_published_url_record(builds):
    """The plugin's record of published URLs, written beside mkdocs.yml, comes out the same too."""
    mk, pd = builds
    record = "published-urls.txt"
    assert (mk.project / record).read_bytes() == (pd.project / record).read_bytes()
