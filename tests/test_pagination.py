"""Listings numbered from the oldest stories (`core/generate/pagination.py`), without a build: every story on one
page, the links walk every page, and a full page stays the same when newer stories arrive."""

from __future__ import annotations

from typing import Any

import pytest
from gonghui.core.generate.pages import PageKind
from gonghui.core.generate.pagination import Pager, paginate


def _listing(count: int, size: int) -> list[Any]:
    """`count` stories, newest first (stand-ins: paginate only slices them)."""
    return paginate([f"s{n}" for n in range(count, 0, -1)], "news/", "新闻", size, PageKind.NEWS)  # type: ignore[arg-type]


def _view(page: Any) -> tuple[Any, ...]:
    """Everything a listing page shows that depends on the pagination."""
    return (page.url, page.title, page.context["articles"], page.context["total"], page.context["pager"].shown())


@pytest.mark.parametrize("size", [1, 2, 3, 20])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 19, 20, 21, 39, 40, 41, 59, 60, 61, 207])
def test_every_story_once_newest_first_and_links_walk_every_page(count: int, size: int) -> None:
    pages = _listing(count, size)
    shown = [story for page in pages for story in page.context["articles"]]
    assert shown == [f"s{n}" for n in range(count, 0, -1)]
    base, numbered = pages[0], pages[1:]
    assert base.url == "news/" and base.context["total"] == count
    assert len(base.context["articles"]) == count if count < 2 * size else size <= len(base.context["articles"]) < 2 * size
    assert all(len(page.context["articles"]) == size for page in numbered)  # numbered pages are always full
    assert [page.url for page in numbered] == [f"news/page/{n}/" for n in range(len(numbered), 0, -1)]
    by_url = {page.url: page for page in pages}
    walk, url = [], "news/"
    while url is not None:  # 下一页 from the base page to the oldest
        walk.append(url)
        url = by_url[url].context["pager"].older
    assert walk == [page.url for page in pages]
    back, url = [], pages[-1].url
    while url is not None:  # 上一页 back to the base page
        back.append(url)
        url = by_url[url].context["pager"].newer
    assert back == walk[::-1]
    for page in pages:
        pager: Pager = page.context["pager"]
        links = pager.links
        current = [link for link in links if link.url is None and not link.gap]
        assert (len(current) == 1) if numbered else (links == ())
        targets = [link.url for link in links if link.url is not None]
        assert all(target in by_url for target in targets)
        if numbered:  # the newest and the oldest page are always one click away
            assert "news/page/1/" in targets or pager.number == 1
            assert "news/" in targets or pager.number == 0


@pytest.mark.parametrize("added", [1, 3, 20, 21, 45])
@pytest.mark.parametrize("count", [100, 1000, 10_000 // 20 * 20 + 7])
def test_full_pages_stay_the_same_as_stories_are_added(count: int, added: int) -> None:
    """What makes a warm build cheap: of a long list, only the base page and the few newest pages change."""
    size = 20
    before = {page.url: _view(page) for page in _listing(count, size)}
    after = {page.url: _view(page) for page in _listing(count + added, size)}
    changed = [url for url, view in after.items() if before.get(url) != view]
    assert "news/" in changed
    new_pages = (count + added) // size - count // size
    assert len(changed) <= 1 + new_pages + 3  # the base page, the new pages, and the three below them
    assert all(url in after for url in before)  # no page goes away


def test_links_near_the_middle_of_a_long_list() -> None:
    pages = {page.url: page for page in _listing(200, 10)}  # pages 1..19 and the base page
    pager = pages["news/page/9/"].context["pager"]
    assert [(link.label, link.url) for link in pager.links] == [
        ("最新", "news/"), ("…", None), ("11", "news/page/11/"), ("10", "news/page/10/"), ("9", None),
        ("8", "news/page/8/"), ("7", "news/page/7/"), ("…", None), ("1", "news/page/1/")]
    assert pager.newer == "news/page/10/" and pager.older == "news/page/8/"
    base = pages["news/"].context["pager"]
    assert [(link.label, link.url) for link in base.links] == [
        ("最新", None), ("19", "news/page/19/"), ("18", "news/page/18/"), ("…", None), ("1", "news/page/1/")]
    assert base.newer is None and base.older == "news/page/19/"
    assert pages["news/page/1/"].title == "新闻（第1页）" and pages["news/page/1/"].context["total"] is None
