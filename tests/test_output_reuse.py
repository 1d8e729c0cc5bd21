"""Unchanged files of the live site are hard-linked into the next build (issue 17), and the live site is never
written to: `core.output.reuse.PreviousSite` directly, then real builds of the sample site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import SOURCE_DATE_EPOCH, copy_sample_project
from gonghui.core.output import atomic
from gonghui.core.output.atomic import AtomicOutput, remove_stale_folders
from gonghui.core.output.reuse import PreviousSite
from test_render_workers import files_of


@pytest.fixture
def live(tmp_path: Path) -> tuple[Path, Path]:
    previous, work = tmp_path / "site", tmp_path / ".site.building"
    (previous / "news").mkdir(parents=True)
    (previous / "news" / "index.html").write_bytes("<h1>旧闻</h1>".encode())
    (previous / "style.css").write_bytes(b"body{}")
    work.mkdir()
    return previous, work


def test_the_same_bytes_are_linked_and_other_bytes_written(live: tuple[Path, Path]) -> None:
    previous, work = live
    output = PreviousSite(previous, work)
    output.write("<h1>旧闻</h1>".encode(), work / "news" / "index.html")
    output.write(b"body{color:red}", work / "style.css")
    output.write(b"new", work / "new" / "index.html")
    assert (output.linked, output.written) == (1, 2)
    assert os.path.samefile(work / "news" / "index.html", previous / "news" / "index.html")
    assert not os.path.samefile(work / "style.css", previous / "style.css")
    assert (work / "style.css").read_bytes() == b"body{color:red}"
    assert (previous / "style.css").read_bytes() == b"body{}"


def test_empty_and_same_sized_files_are_compared_by_their_bytes(live: tuple[Path, Path]) -> None:
    previous, work = live
    (previous / "empty.txt").write_bytes(b"")
    (previous / "same-size.css").write_bytes(b"body{}")
    output = PreviousSite(previous, work)
    output.write(b"", work / "style.css")  # empty where the live file is not: written, not linked
    output.write(b"", work / "empty.txt")  # empty where the live file is empty too: linked
    output.write(b"div{}", work / "news" / "index.html")  # another size
    output.write(b"html{}", work / "same-size.css")  # the same size, other bytes
    assert (output.linked, output.written) == (1, 3)
    assert (work / "style.css").read_bytes() == b"" and (previous / "style.css").read_bytes() == b"body{}"
    assert os.path.samefile(work / "empty.txt", previous / "empty.txt")
    assert (work / "same-size.css").read_bytes() == b"html{}"


def test_a_linked_file_written_again_leaves_the_live_site_alone(live: tuple[Path, Path]) -> None:
    previous, work = live
    output = PreviousSite(previous, work)
    output.write("<h1>旧闻</h1>".encode(), work / "news" / "index.html")
    output.write("<h1>改过</h1>".encode(), work / "news" / "index.html")  # e.g. a plugin writes the page again
    assert (previous / "news" / "index.html").read_bytes() == "<h1>旧闻</h1>".encode()
    assert (work / "news" / "index.html").read_bytes() == "<h1>改过</h1>".encode()


def test_copies_compare_the_source_file(live: tuple[Path, Path], tmp_path: Path) -> None:
    previous, work = live
    same, other = tmp_path / "same.css", tmp_path / "other.css"
    same.write_bytes(b"body{}")
    other.write_bytes(b"body{ }")
    output = PreviousSite(previous, work)
    output.copy(same, work / "style.css")
    assert os.path.samefile(work / "style.css", previous / "style.css")
    output.copy(other, work / "style.css")
    assert (work / "style.css").read_bytes() == b"body{ }"
    assert (previous / "style.css").read_bytes() == b"body{}"
    assert (output.linked, output.written) == (1, 1)
    output.copy(work / "style.css", work / "style.css")  # a plugin wrote straight into the build's folder
    assert (work / "style.css").read_bytes() == b"body{ }"


def test_a_first_build_and_files_elsewhere_are_written(tmp_path: Path, live: tuple[Path, Path]) -> None:
    _previous, work = live
    first = PreviousSite(tmp_path / "no-site-yet", work)
    first.write(b"body{}", work / "style.css")
    assert (first.linked, first.written) == (0, 1) and first.previous is None
    elsewhere = PreviousSite(live[0], work)
    elsewhere.write(b"body{}", tmp_path / "outside" / "style.css")  # not in the build's folder: not compared
    assert elsewhere.linked == 0 and (tmp_path / "outside" / "style.css").read_bytes() == b"body{}"


def inodes_of(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_ino for path in site.rglob("*") if path.is_file()}


def build(project: Path, *extra: str) -> tuple[int, str, dict[str, object]]:
    timings = project / "timings.json"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
           "GONGHUI_RENDER_WORKERS": "1", "GONGHUI_TIMINGS": str(timings)}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", *extra], cwd=project, capture_output=True, text=True,
                         env=env, timeout=600)
    counts = json.loads(timings.read_text(encoding="utf-8")) if timings.is_file() else {}
    timings.unlink(missing_ok=True)
    return run.returncode, run.stdout + run.stderr, counts


def test_a_warm_build_links_what_did_not_change_and_a_failed_one_leaves_the_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_sample_project(project)
    code, log, counts = build(project)
    assert code == 0, log
    assert counts["output_linked"] == 0 and counts["search_linked"] == 0  # nothing to link from
    # The theme's templates and ours, compiled once, for the next build (Jinja's bytecode cache).
    assert len(list((project / ".cache" / "gonghui" / "templates").glob("*.cache"))) > 20
    before, inodes = files_of(project / "site"), inodes_of(project / "site")

    code, log, counts = build(project)
    assert code == 0, log
    assert files_of(project / "site") == before
    # A linked file keeps its inode. Every file is linked but the one MkDocs gzips itself.
    now = inodes_of(project / "site")
    assert sorted(path for path in now if now[path] != inodes[path]) == ["sitemap.xml.gz"]
    assert counts["output_written"] == 0, counts
    assert counts["output_linked"] + counts["search_linked"] == len(before) - 1, (counts, len(before))

    # A build that fails at its very end (--strict, after every file was written or linked) keeps the live
    # site as it was, byte for byte, and leaves no folder of its own behind.
    article = next((project / "content" / "news").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n\n[断链](no-such-page.md)\n", encoding="utf-8")
    code, log, counts = build(project, "--strict")
    assert code != 0, log
    assert counts["output_linked"] > 0, counts
    assert files_of(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def test_a_large_replaced_site_is_removed_in_the_background(tmp_path: Path) -> None:
    """The swap does not wait for the old site's removal: a process of its own does it, named in its folder."""
    final = tmp_path / "site"
    for n in range(300):
        (final / f"d{n}").mkdir(parents=True)
        (final / f"d{n}" / "index.html").write_text("旧", encoding="utf-8")
    output = AtomicOutput(final)
    (output.work_dir / "index.html").write_text("新", encoding="utf-8")
    before = len(atomic._REMOVERS)
    output.commit(in_background=True)
    assert (final / "index.html").read_text(encoding="utf-8") == "新" and not (final / "d0").exists()
    assert len(atomic._REMOVERS) == before + 1
    remover = atomic._REMOVERS[-1]
    # Python has not even started in the remover yet: the old site is still there, named by its remover.
    assert [p.name.split("-")[1] for p in tmp_path.glob(".site.old-*")] == [str(remover.pid)]
    assert remove_stale_folders(final) == []  # a later build leaves a working remover's folder alone
    assert remover.wait(timeout=60) == 0
    assert list(tmp_path.glob(".site.old-*")) == []
    # One whose remover was stopped goes with the next build.
    stopped = tmp_path / f".site.old-{remover.pid}-stopped"
    (stopped / "news").mkdir(parents=True)
    assert remove_stale_folders(final) == [stopped] and not stopped.exists()
