"""The navigation rendered once for the pages outside it (issue 17): every page comes out as Material renders it.

The sample site is built twice in this process: as it is, and with every page rendering its own sidebar and
tabs (no key, so Material's path). Every file of the two sites must be the same, and the first build must
really have shared: far fewer renderings of the navigation than pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import SOURCE_DATE_EPOCH, copy_sample_project
from gonghui.mkdocs_plugin.shared_nav import SharedNav
from test_page_render import build_here
from test_render_workers import differences, files_of


def test_shared_navigation_is_what_each_page_would_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setenv("GONGHUI_RENDER_WORKERS", "1")
    renderings: list[tuple[str, tuple[str, ...]]] = []
    once = SharedNav.once

    def counting(self: SharedNav, part: str, key: tuple[str, ...], caller):  # type: ignore[no-untyped-def]
        if (part, key) not in self.rendered:
            renderings.append((part, key))
        return once(self, part, key, caller)

    monkeypatch.setattr(SharedNav, "once", counting)
    for name in ("shared", "own"):
        (tmp_path / name).mkdir()
        copy_sample_project(tmp_path / name)
    shared, shared_log = build_here(tmp_path / "shared", caplog)
    pages = len(list(shared.rglob("*.html")))
    assert renderings and len(renderings) * 3 < pages, (len(renderings), pages)
    monkeypatch.setattr(SharedNav, "key", lambda self, page: None)
    own, own_log = build_here(tmp_path / "own", caplog)
    found = differences(files_of(own), files_of(shared))
    assert not found, f"{len(found)} files differ: {found[:10]}"
    assert shared_log == own_log
