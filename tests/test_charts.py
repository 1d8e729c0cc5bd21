"""Build-time SVG charts: well-formed, escaped, deterministic, accessible."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from gonghui.core.generate import charts
from gonghui.core.generate.charts import line_chart_svg, progress_bar_svg
from gonghui.core.generate.regions import province_tiles
from gonghui.core.generate.tiles import PROVINCE_NAMES, TILE_LAYOUT

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>&"'
POINTS = [(dt.date(2022, 6, 1), 12.0), (dt.date(2022, 9, 1), 30.0), (dt.date(2023, 1, 15), 55.5)]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def ids(root: ET.Element) -> set[str]:
    return {el.get("id") for el in root.iter() if el.get("id")}


def all_charts(prefix: str, label: str = "标题") -> list[str]:
    return [
        progress_bar_svg(36, 100, label, prefix + "p"),
        line_chart_svg(POINTS, label, prefix + "l", target=60),
    ]


# --- progress bar ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [(36, 100, 36), (2, 3, 67), (1, 3, 33), (1, 8, 13), (150, 100, 150), (0, 100, 0), (5, 0, 0), (5, -1, 0)],
)
def test_progress_percent(value: float, target: float, expected: int) -> None:
    assert charts.progress_percent(value, target) == expected
    root = parse(progress_bar_svg(value, target, "入会率", "p"))
    assert root.find("svg:title", NS).text == f"入会率：{expected}%"


def bar_width(svg: str) -> float:
    root = parse(svg)
    (bar,) = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "gh-chart__bar"]
    (track,) = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "gh-chart__track"]
    return float(bar.get("width")) / float(track.get("width"))


def test_progress_bar_is_capped_but_text_is_not() -> None:
    assert bar_width(progress_bar_svg(36, 100, "x", "p")) == pytest.approx(0.36)
    assert bar_width(progress_bar_svg(150, 100, "x", "p")) == 1.0
    assert parse(progress_bar_svg(150, 100, "x", "p")).find("svg:title", NS).text == "x：150%"
    assert bar_width(progress_bar_svg(-5, 100, "x", "p")) == 0.0
    assert bar_width(progress_bar_svg(5, 0, "x", "p")) == 0.0


def test_progress_bar_title_and_colours() -> None:
    svg = progress_bar_svg(2, 3, "建会目标", "goal-1")
    root = parse(svg)
    assert root.find("svg:title", NS).text == "建会目标：67%"
    assert 'fill="#a3141c"' in svg and 'fill="#dddddd"' in svg


PROGRESS_GOLDEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="gh-chart gh-chart--progress" viewBox="0 0 600 16" width="100%" '
    'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="goal-1-title" font-family="inherit">'
    '<title id="goal-1-title">建会&lt;目标&gt;：67%</title>'
    '<rect class="gh-chart__track" x="0" y="0" width="600" height="16" rx="3" fill="#dddddd"/>'
    '<rect class="gh-chart__bar" x="0" y="0" width="400" height="16" rx="3" fill="#a3141c"/></svg>'
)


def test_progress_bar_golden() -> None:
    assert progress_bar_svg(2, 3, "建会<目标>", "goal-1") == PROGRESS_GOLDEN


def test_progress_bar_draws_no_text() -> None:
    # The page prints the target's name and figures beside the bar; drawn in the bar too they were said twice.
    root = parse(progress_bar_svg(2, 3, "建会目标", "goal-1"))
    assert texts(root) == []
    assert "建会目标" not in "".join(el.text or "" for el in root.iter() if el.tag != f"{SVG}title")


# --- common properties -------------------------------------------------------


@pytest.mark.parametrize("index", range(2))
def test_root_is_responsive_and_labelled(index: int) -> None:
    root = parse(all_charts("c")[index])
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("preserveAspectRatio") == "xMidYMid meet"
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox"))
    assert "gh-chart" in root.get("class").split()
    title = root.find("svg:title", NS)
    assert title is not None and title.get("id") == root.get("aria-labelledby")
    if root.get("aria-describedby"):
        assert root.find("svg:desc", NS).get("id") == root.get("aria-describedby")


@pytest.mark.parametrize("index", range(2))
def test_no_script_no_external_references(index: int) -> None:
    svg = all_charts("c")[index]
    root = parse(svg)
    assert not [el for el in root.iter() if el.tag in {f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style"}]
    assert "<script" not in svg.lower()
    assert svg.count("http") == 1  # only the namespace declaration
    assert "url(" not in svg and "@import" not in svg and "xlink:href" not in svg
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)


@pytest.mark.parametrize("index", range(2))
def test_hostile_text_is_escaped(index: int) -> None:
    svg = all_charts("h", HOSTILE)[index]
    assert "<script" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text.startswith(HOSTILE)
    assert not list(root.iter(f"{SVG}script"))


def test_hostile_value_format_and_href_are_escaped() -> None:
    svg = line_chart_svg(POINTS, "t", "l", value_format=lambda v: HOSTILE)
    assert "<script" not in svg
    assert HOSTILE in texts(parse(svg))


def test_control_characters_do_not_break_xml() -> None:
    parse(line_chart_svg([(dt.date(2022, 1, 1), 1.0)], "标题\x08", "l", value_format=lambda v: "甲\x00\x1b乙"))


def test_deterministic() -> None:
    assert all_charts("d") == all_charts("d")
    values = {code: i for i, code in enumerate(reversed(list(PROVINCE_NAMES)))}
    shuffled = dict(sorted(values.items(), key=lambda kv: kv[1] % 7))
    assert province_tiles(values) == province_tiles(shuffled)


def test_coordinates_have_at_most_one_decimal() -> None:
    svg = line_chart_svg([(dt.date(2022, 1, 1), 1 / 3), (dt.date(2022, 1, 4), 2 / 3)], "t", "l", value_format="{:.2f}".format)
    inner = svg[svg.index(">") + 1 :]  # skip the root's width="100%"
    for name in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "width", "height"):
        for value in re.findall(rf' {name}="([^"]*)"', inner):
            assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)
    for pair in re.search(r'points="([^"]*)"', svg).group(1).split():
        assert re.fullmatch(r"\d+(\.\d)?,\d+(\.\d)?", pair)


def test_ids_are_unique_across_charts_on_one_page() -> None:
    page = all_charts("a") + all_charts("b")
    seen: list[str] = []
    for svg in page:
        seen += sorted(ids(parse(svg)))
    assert len(seen) == len(set(seen))
    assert all(i.startswith(("a", "b")) for i in seen)


@pytest.mark.parametrize("prefix", ["", "1abc", "a b", "图表", 'x"y'])
def test_bad_id_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        progress_bar_svg(1, 2, "x", prefix)


def test_charts_do_not_import_mkdocs() -> None:
    source = charts.__file__
    with open(source, encoding="utf-8") as f:
        text = f.read()
    assert not re.search(r"^\s*(import|from)\s+(mkdocs|material)", text, re.M)


# --- line chart --------------------------------------------------------------


def test_empty_line_chart_is_empty_string() -> None:
    assert line_chart_svg([], "空", "l") == ""


def test_line_chart_points_dates_and_target() -> None:
    svg = line_chart_svg(list(reversed(POINTS)), "会员人数", "members", target=60, value_format=lambda v: f"{v:g}人")
    root = parse(svg)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs)  # sorted by date whatever the input order
    # Proportional to days: 92 and 136 days after the first reading.
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(92 / 228, abs=0.01)
    labels = texts(root)
    assert "2022年6月1日" in labels and "2023年1月15日" in labels
    assert "2022年9月1日" not in labels  # only first and last on the axis
    assert {"12人", "30人", "55.5人"} <= set(labels)
    assert "目标 60人" in labels
    (target,) = [el for el in root.iter(f"{SVG}line") if el.get("class") == "gh-chart__target"]
    assert target.get("stroke-dasharray")
    polyline = root.find("svg:polyline", NS)
    assert len(polyline.get("points").split()) == 3
    assert root.find("svg:desc", NS).text.startswith("2022年6月1日：12人；")


def test_line_chart_scale_includes_target_with_headroom() -> None:
    root = parse(line_chart_svg([(dt.date(2022, 1, 1), 10.0), (dt.date(2022, 2, 1), 20.0)], "t", "l", target=100))
    (target,) = [el for el in root.iter(f"{SVG}line") if el.get("class") == "gh-chart__target"]
    (axis,) = [el for el in root.iter(f"{SVG}line") if el.get("class") == "gh-chart__axis"]
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    base, top = float(axis.get("y1")), float(target.get("y1"))
    plot_height = (base - top) * 1.1  # target sits at 1/1.1 of the axis
    assert base - ys[1] == pytest.approx(plot_height * 20 / 110, abs=0.1)


def test_single_point_is_centred() -> None:
    root = parse(line_chart_svg([(dt.date(2022, 6, 1), 5.0)], "t", "l"))
    (circle,) = root.iter(f"{SVG}circle")
    width = float(root.get("viewBox").split()[2])
    assert float(circle.get("cx")) == width / 2
    assert root.find("svg:polyline", NS) is None
    assert texts(root).count("2022年6月1日") == 1


def test_all_zero_line_chart_still_renders() -> None:
    root = parse(line_chart_svg([(dt.date(2022, 6, 1), 0.0), (dt.date(2022, 7, 1), 0.0)], "t", "l"))
    assert len(list(root.iter(f"{SVG}circle"))) == 2


# --- China tile map (HTML; regions.province_tiles gives its data) ------------


def test_province_table() -> None:
    assert len(PROVINCE_NAMES) == 34
    assert PROVINCE_NAMES["61"] == "陕西省" and PROVINCE_NAMES["65"] == "新疆维吾尔自治区"
    assert TILE_LAYOUT.keys() == PROVINCE_NAMES.keys()
    cells = [(c, r) for c, r, _ in TILE_LAYOUT.values()]
    assert len(set(cells)) == 34
    assert all(0 <= c < 8 and 0 <= r < 8 for c, r in cells)  # the 8 x 8 grid of gonghui.css .gh-tilemap__grid


def test_layout_roughly_follows_geography() -> None:
    pos = {code: (c, r) for code, (c, r, _) in TILE_LAYOUT.items()}
    assert pos["65"][0] == min(c for c, _ in pos.values())  # Xinjiang westmost
    assert pos["54"][0] < pos["51"][0]  # Tibet west of Sichuan
    assert pos["23"] == (max(c for c, _ in pos.values()), 0)  # Heilongjiang north-east
    assert pos["46"][1] == max(r for _, r in pos.values())  # Hainan south
    assert pos["71"][0] > pos["35"][0] and pos["71"][1] == pos["35"][1]  # Taiwan east of Fujian
    assert pos["81"][1] > pos["44"][1] and pos["82"][1] > pos["44"][1]  # HK, Macau below Guangdong


def test_tile_map_has_34_named_tiles_on_a_one_based_grid() -> None:
    found = {t["code"]: t for t in province_tiles({"61": 5})["tiles"]}
    assert set(found) == set(PROVINCE_NAMES)
    assert found["15"]["short"] == "内蒙古" and found["23"]["short"] == "黑龙江" and found["61"]["short"] == "陕西"
    assert found["81"]["short"] == "香港" and found["61"]["name"] == "陕西省"
    assert found["61"]["count"] == 5 and found["11"]["count"] == 0
    column, row, _ = TILE_LAYOUT["61"]
    assert (found["61"]["column"], found["61"]["row"]) == (column + 1, row + 1)  # CSS grid lines start at 1


def test_buckets() -> None:
    assert [charts.bucket(n, 10) for n in (0, 1, 2, 3, 5, 8, 10)] == [0, 1, 1, 2, 3, 4, 5]
    assert charts.bucket(7, 0) == 0
    assert charts.bucket(12, 10) == 5


def test_legend_lists_reachable_buckets() -> None:
    assert [item["text"] for item in province_tiles({"61": 10})["legend"]] == ["0", "1–2", "3–4", "5–6", "7–8", "9–10"]
    assert [item["text"] for item in province_tiles({"61": 2})["legend"]] == ["0", "1", "2"]
    assert [item["text"] for item in province_tiles({})["legend"]] == ["0"]


def test_tile_colours_and_text_contrast() -> None:
    values = {"11": 0, "12": 2, "13": 4, "14": 6, "15": 8, "21": 10}
    found = {t["code"]: t for t in province_tiles(values)["tiles"]}
    assert (found["11"]["fill"], found["11"]["ink"]) == ("#f0f0f0", "#333333")
    assert found["12"]["ink"] == "#333333"  # light red, dark text
    assert (found["21"]["fill"], found["21"]["ink"]) == ("#a3141c", "#ffffff")  # darkest, white text
    fills = [found[c]["fill"] for c in ("11", "12", "13", "14", "15", "21")]
    assert len(set(fills)) == 6
    lum = [wcag_luminance(f) for f in fills]
    assert lum == sorted(lum, reverse=True)  # more projects, darker tile
    for tile in found.values():
        assert wcag_contrast(tile["fill"], tile["ink"]) >= 4.5, tile


def test_every_scale_colour_has_readable_text() -> None:
    for fill in (charts.EMPTY, *charts.SCALE):
        assert wcag_contrast(fill, charts.text_color_on(fill)) >= 4.5
    assert wcag_contrast(charts.MUTED, "#ffffff") >= 4.5


def test_legend_ranges() -> None:
    assert charts.bucket_ranges(10) == [(0, "0"), (1, "1–2"), (2, "3–4"), (3, "5–6"), (4, "7–8"), (5, "9–10")]
    assert charts.bucket_ranges(3) == [(0, "0"), (2, "1"), (4, "2"), (5, "3")]
    assert charts.bucket_ranges(0) == [(0, "0")]
    for largest in (1, 3, 7, 10, 23):
        for level, text in charts.bucket_ranges(largest)[1:]:
            low, _, high = text.partition("–")
            assert charts.bucket(int(low), largest) == level
            assert charts.bucket(int(high or low), largest) == level


def test_empty_tile_map_is_all_grey() -> None:
    assert {(t["fill"], t["ink"]) for t in province_tiles({})["tiles"]} == {("#f0f0f0", "#333333")}


# --- independent WCAG check (not the module's own helper) ---------------------


def wcag_luminance(color: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def wcag_contrast(a: str, b: str) -> float:
    la, lb = sorted((wcag_luminance(a), wcag_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
