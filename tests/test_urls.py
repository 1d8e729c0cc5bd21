"""Relative links between site URLs: the fast segment-based version agrees with posixpath."""

from __future__ import annotations

import posixpath

from gonghui.core.text.urls import relative_url
from hypothesis import given
from hypothesis import strategies as st


def reference(target: str, current: str) -> str:
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    is_dir = target.endswith("/") or target == ""
    rel = posixpath.relpath(target.strip("/") or ".", current.strip("/") or ".")
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor


segment = st.sampled_from(["news", "2022", "06", "tags", "page", "2", "a-b", "feed.xml", "."])
url = st.lists(segment, max_size=5).map("/".join).flatmap(
    lambda path: st.sampled_from([path, path + "/", "/" + path + "/"]))


@given(url, url, st.sampled_from(["", "#top"]))
def test_matches_posixpath(target, current, anchor):
    assert relative_url(target + anchor, current) == reference(target + anchor, current)


def test_examples():
    assert relative_url("news/2022/06/foo/", "news/page/2/") == "../../2022/06/foo/"
    assert relative_url("", "news/") == "../"
    assert relative_url("news/", "news/") == "./"
    assert relative_url("feed.xml", "") == "feed.xml"
    assert relative_url("tags/#x", "tags/a/") == "../#x"
