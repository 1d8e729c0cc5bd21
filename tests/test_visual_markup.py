"""Markup of the finished visuals (issue 16), read from the built sample site: each name printed once, every data
table captioned and in its scrolling box, key facts as a <dl> right under the title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser_support import REPO, build_sample_site


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return build_sample_site(tmp_path_factory.mktemp("markup-site"))


def content(site_dir: Path, url: str) -> str:
    html = (site_dir / url / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


def visible_text(html: str) -> str:
    """What a sighted reader sees: no tags, no SVG <title>/<desc> (for screen readers), no visually hidden text.

    An SVG's <text> is seen, so a name drawn into a chart as well as printed beside it counts twice."""
    html = re.sub(r"<(title|desc)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<span class="gh-visually-hidden">[^<]*</span>', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def campaigns() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) | {"slug": p.stem} for p in sorted((REPO / "data" / "campaigns").glob("*.yml"))]


@pytest.mark.parametrize("campaign", campaigns(), ids=lambda c: c["slug"])
def test_each_target_is_named_once(site_dir, campaign):
    html = content(site_dir, f"campaigns/{campaign['slug']}")
    targets = re.search(r'<section class="gh-targets".*?</section>', html, re.S)
    assert targets, "no targets section"
    shown = visible_text(targets.group(0))
    for target in campaign.get("targets", []):
        name = target["name"]
        others = [t["name"] for t in campaign["targets"] if t["name"] != name and name in t["name"]]
        count = shown.count(name) - sum(shown.count(o) for o in others)  # "走访企业" inside "“建会小分队”走访企业"
        assert count == 1, f"{name!r} shown {count} times in the targets section"
        assert f"<h3>{name}</h3>" in targets.group(0)


def test_region_page_does_not_repeat_its_own_name(site_dir):
    html = content(site_dir, "regions/520382")  # 仁怀市
    charts = "".join(re.findall(r'<figure class="gh-bars".*?</figure>', html, re.S))
    assert 'class="gh-bars__label"' in charts
    assert "仁怀市" not in visible_text(charts), "the region's own bars repeat its name"
    related = re.search(r'<section class="gh-related".*?</section>', html, re.S).group(0)
    assert 'class="gh-item__meta"' in related and "· 仁怀市" not in related
    city = content(site_dir, "regions/520300")  # 遵义市: its county's name is news there
    assert "仁怀市·" in visible_text(city) and "· 仁怀市" in city


def test_tables_are_captioned_and_wrapped(site_dir):
    found = 0
    for kind in ("campaigns", "training", "workers", "regions"):
        for page in sorted((site_dir / kind).glob("**/index.html")):  # the list page too
            html = content(site_dir, page.parent.relative_to(site_dir).as_posix())
            for match in re.finditer(r'<div class="gh-table-wrap" role="region" aria-labelledby="([^"]+)" tabindex="0">'
                                     r'\s*<table class="gh-table">\s*<caption id="([^"]+)">', html):
                assert match.group(1) == match.group(2)
                found += 1
            assert html.count("<table") == len(re.findall(r'gh-table-wrap"[^>]*>\s*<table', html)), f"{page}: a table outside a wrapper"
            ids = re.findall(r'\sid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), f"{page}: duplicate ids"
    assert found >= 10


@pytest.mark.parametrize("url", ["campaigns/renhuai-jianhui-xiaofendui-2022", "training/huaibei-yexiao-shufa-2027",
                                 "workers/xu-linshou", "regions/520382"])
def test_key_facts_right_under_the_title(site_dir, url):
    html = content(site_dir, url)
    h1 = html.index("</h1>")
    facts = html.find('<dl class="gh-facts"')
    assert facts > h1, "no key facts after the title"
    between = html[h1:facts]
    assert not re.search(r"<h[2-6]|<table|<section", between), f"something comes before the key facts: {between[:200]}"
