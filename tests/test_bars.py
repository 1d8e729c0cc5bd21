"""Bar charts as HTML (core/generate/bars.py): exact output, labels as text, bars to scale, escaped."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from gonghui.core.generate.bars import bar_chart_html, bar_share
from gonghui.core.generate.regions import figure_charts
from gonghui.core.model.records.achievements import Achievement
from gonghui.core.model.records.origin import Origin
from gonghui.core.model.regions import Region

HOSTILE = '<script>alert(1)</script>&"'
PEOPLE = "{:,.0f}人".format

GOLDEN = (
    '<figure class="gh-bars" aria-labelledby="r1-u1-title">'
    '<figcaption class="gh-bars__title" id="r1-u1-title">以“人”计的工作成果</figcaption>'
    '<ul class="gh-bars__list">'
    '<li class="gh-bars__row"><span class="gh-bars__label">仁怀市·尚未加入工会的职工</span> '
    '<span class="gh-bars__value">20,000人</span><span class="gh-bars__track" aria-hidden="true">'
    '<span class="gh-bars__bar" style="width: 100%"></span></span></li>'
    '<li class="gh-bars__row"><span class="gh-bars__label">新增工会会员</span> '
    '<span class="gh-bars__value">2,000人</span><span class="gh-bars__track" aria-hidden="true">'
    '<span class="gh-bars__bar" style="width: 10%"></span></span></li>'
    '<li class="gh-bars__row"><span class="gh-bars__label">零</span> '
    '<span class="gh-bars__value">0人</span><span class="gh-bars__track" aria-hidden="true">'
    '<span class="gh-bars__bar" style="width: 0%"></span></span></li>'
    "</ul></figure>"
)


def chart(items: list[tuple[str, float]], title: str = "t", prefix: str = "b") -> str:
    return bar_chart_html(items, title, prefix, value_format=PEOPLE)


def rows(html: str) -> list[tuple[str, str, str]]:
    """(label, value, width) of each row, read back from the markup (which is well-formed XML)."""
    root = ET.fromstring(html)
    out = []
    for li in root.iter("li"):
        label, value, track = list(li)
        out.append(("".join(label.itertext()), "".join(value.itertext()), track[0].get("style")))
    return out


def test_golden() -> None:
    items = [("仁怀市·尚未加入工会的职工", 20000.0), ("新增工会会员", 2000.0), ("零", 0.0)]
    assert chart(items, "以“人”计的工作成果", "r1-u1") == GOLDEN


def test_every_label_and_value_is_text_in_order() -> None:
    items = [("西安市总工会", 10.0), ("宝鸡市总工会", 5.0), ("咸阳市总工会", 0.0)]
    assert rows(chart(items)) == [
        ("西安市总工会", "10人", "width: 100%"),
        ("宝鸡市总工会", "5人", "width: 50%"),
        ("咸阳市总工会", "0人", "width: 0%"),
    ]


@pytest.mark.parametrize(
    ("value", "largest", "share"),
    [(1, 3, 33.33), (3, 3, 100), (0, 3, 0), (-2, 3, 0), (5, 0, 0), (5, -1, 0), (4, 3, 100)],
)
def test_bar_share_is_clamped(value: float, largest: float, share: float) -> None:
    assert bar_share(value, largest) == pytest.approx(share, abs=0.01)


def test_widths_have_at_most_one_decimal() -> None:
    widths = [w for _, _, w in rows(chart([("a", 1.0), ("b", 3.0), ("c", 2.0)]))]
    assert widths == ["width: 33.3%", "width: 100%", "width: 66.7%"]


def test_bars_are_hidden_from_screen_readers_and_the_figure_is_named() -> None:
    root = ET.fromstring(chart([("甲", 1.0)], "标题", "x1"))
    caption = root.find("figcaption")
    assert caption is not None and caption.text == "标题" and root.get("aria-labelledby") == caption.get("id")
    assert all(t.get("aria-hidden") == "true" for t in root.iter("span") if t.get("class") == "gh-bars__track")


def test_hostile_text_is_escaped() -> None:
    html = bar_chart_html([(HOSTILE, 1.0)], HOSTILE, "h", value_format=lambda v: HOSTILE)
    assert "<script" not in html
    root = ET.fromstring(html)  # still well-formed
    assert root.find("figcaption").text == HOSTILE
    assert rows(html)[0][:2] == (HOSTILE, HOSTILE)


def test_control_characters_do_not_break_markup() -> None:
    ET.fromstring(chart([("甲\x00\x1b乙", 1.0)], "标题\x08"))


@pytest.mark.parametrize("prefix", ["", "1abc", "a b", "图表", 'x"y'])
def test_bad_id_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        bar_chart_html([("a", 1.0)], "t", prefix)


def test_empty_is_empty_string() -> None:
    assert bar_chart_html([], "t", "b") == ""


def test_deterministic_and_no_script() -> None:
    items = [("甲", 1 / 3), ("乙", 2 / 3)]
    assert chart(items) == chart(items)
    assert not re.search(r"<script|\son\w+=|javascript:|url\(", chart(items), re.I)


def test_region_charts_name_the_page_region_once() -> None:
    # On 仁怀市's own page its bars say only the metric (the title names the place); a county under a city
    # keeps its name, so a city's chart still tells its places apart.
    city, county = Region("520300", "遵义市", 2, "520000"), Region("520382", "仁怀市", 3, "520300")
    origin = Origin("data/achievements/x.yml", {})

    def figure(region: Region, metric: str, value: float) -> Achievement:
        return Achievement(region, dt.date(2022, 6, 1), metric, value, "人", "story", "", origin)

    (html,) = figure_charts([figure(city, "新增会员", 30.0), figure(county, "新增会员", 20.0)], "r520300", "520300")
    assert [label for label, _, _ in rows(html)] == ["新增会员", "仁怀市·新增会员"]
