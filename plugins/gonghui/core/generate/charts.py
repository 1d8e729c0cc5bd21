"""Build-time SVG charts: static markup, no JavaScript, no fonts or URLs.

Every chart is a self-contained `<svg>` that scales with its container
(viewBox + width="100%") and is labelled by a `<title>` for screen readers.
Colours are inline attributes so a chart still reads correctly when the
site's CSS is missing (feed readers, saved pages); the `gh-chart*` classes are
hooks for the theme. All caller text is escaped, and coordinates are rounded
to one decimal so the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from collections.abc import Callable, Iterable

PRIMARY = "#a3141c"
MUTED = "#767676"  # 4.54:1 on white: the lightest grey allowed for text
GRID = "#dddddd"
TEXT = "#333333"
WHITE = "#ffffff"
EMPTY = "#f0f0f0"

# Light to dark red for buckets 1..5 of the 地区 tile map. Each shade is far enough
# from the middle that either white or TEXT reaches 4.5:1 on it.
SCALE = ("#fbe3e4", "#f2b8bb", "#e0868c", "#c0343c", PRIMARY)

SVG_NS = "http://www.w3.org/2000/svg"

_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters XML 1.0 forbids outright; one stray byte must not break the page.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- markup helpers ----------------------------------------------------------


def _esc(text: str) -> str:
    """Escape for both text and double-quoted attributes."""
    return html.escape(_XML_INVALID_RE.sub("", str(text)), quote=True)


def _num(x: float) -> str:
    """One decimal, no trailing '.0', never '-0': stable coordinates."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _attr_value(value: object) -> str:
    if isinstance(value, float):
        return _num(value)
    return _esc(str(value))


def _el(tag: str, attrs: dict[str, object], inner: str | None = None) -> str:
    """An element; `inner` is trusted markup (already escaped)."""
    parts = "".join(f' {k}="{_attr_value(v)}"' for k, v in attrs.items() if v is not None)
    if inner is None:
        return f"<{tag}{parts}/>"
    return f"<{tag}{parts}>{inner}</{tag}>"


def _kw(attrs: dict[str, object]) -> dict[str, object]:
    """Python keywords to SVG attribute names: text_anchor -> text-anchor."""
    return {k.replace("_", "-"): v for k, v in attrs.items()}


def _text(x: float, y: float, content: str, cls: str, **attrs: object) -> str:
    """A <text> with escaped content."""
    base: dict[str, object] = {"class": cls, "x": float(x), "y": float(y)}
    base.update(_kw(attrs))
    return _el("text", base, _esc(content))


def _rect(cls: str, x: float, y: float, width: float, height: float, fill: str, **attrs: object) -> str:
    base: dict[str, object] = {"class": cls, "x": float(x), "y": float(y), "width": float(width), "height": float(height)}
    base.update(_kw(attrs))
    base["fill"] = fill
    return _el("rect", base)


def _hline(cls: str, x1: float, x2: float, y: float, stroke: str, **attrs: object) -> str:
    base: dict[str, object] = {"class": cls, "x1": float(x1), "y1": float(y), "x2": float(x2), "y2": float(y)}
    base["stroke"] = stroke
    base.update(_kw(attrs))
    return _el("line", base)


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID_RE.fullmatch(id_prefix or ""):
        raise ValueError(f"id_prefix must be ASCII letters, digits, '-' or '_', starting with a letter: {id_prefix!r}")


def _svg(kind: str, id_prefix: str, width: float, height: float, title: str, body: Iterable[str], desc: str = "") -> str:
    """The root element: responsive, labelled by its <title>, described by <desc>."""
    _check_id_prefix(id_prefix)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = _el("title", {"id": title_id}, _esc(title))
    if desc:
        head += _el("desc", {"id": desc_id}, _esc(desc))
    attrs: dict[str, object] = {
        "xmlns": SVG_NS,
        "class": f"gh-chart gh-chart--{kind}",
        "viewBox": f"0 0 {_num(width)} {_num(height)}",
        "width": "100%",
        "preserveAspectRatio": "xMidYMid meet",
        "role": "img",
        "aria-labelledby": title_id,
        "aria-describedby": desc_id if desc else None,
        "font-family": "inherit",
    }
    return _el("svg", attrs, head + "".join(body))


def chinese_date(d: datetime.date) -> str:
    """2022年6月1日: no zero padding, as in Chinese running text."""
    return f"{d.year}年{d.month}月{d.day}日"


# --- progress bar ------------------------------------------------------------

PROGRESS_W, PROGRESS_H = 600.0, 16.0


def progress_percent(value: float, target: float) -> int:
    """Whole percent rounded half up; may exceed 100. No target means 0%."""
    if target <= 0:
        return 0
    return int(value * 100 / target + 0.5)


def progress_bar_svg(value: float, target: float, label: str, id_prefix: str) -> str:
    """A horizontal bar from 0 to `target`, filled to `value` (capped at full).

    Only the bar: the page prints the target's name and figures once, as text beside it (drawn into the
    chart they were said twice, and shrank to 8 px on a phone). The <title> keeps name and percent, not
    capped, so over-fulfilment (e.g. 120%) is still told.
    """
    pct = progress_percent(value, target)
    share = 0.0 if target <= 0 else min(max(value / target, 0.0), 1.0)
    body = [
        _rect("gh-chart__track", 0, 0, PROGRESS_W, PROGRESS_H, GRID, rx=3),
        _rect("gh-chart__bar", 0, 0, PROGRESS_W * share, PROGRESS_H, PRIMARY, rx=3),
    ]
    return _svg("progress", id_prefix, PROGRESS_W, PROGRESS_H, f"{label}：{pct}%", body)


# --- line chart --------------------------------------------------------------

LINE_W, LINE_H = 600.0, 260.0
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 48.0, 552.0, 28.0, 224.0


def _x_positions(dates: list[datetime.date]) -> list[float]:
    """Proportional to days; a single day (or all the same day) sits centred."""
    span = (dates[-1] - dates[0]).days
    if span == 0:
        return [(LINE_LEFT + LINE_RIGHT) / 2] * len(dates)
    width = LINE_RIGHT - LINE_LEFT
    return [LINE_LEFT + (d - dates[0]).days * width / span for d in dates]


def _y_position(value: float, top: float) -> float:
    share = min(max(value / top, 0.0), 1.0)  # the axis starts at 0; clamp strays
    return LINE_BOTTOM - share * (LINE_BOTTOM - LINE_TOP)


def line_chart_svg(
    points: list[tuple[datetime.date, float]],
    title: str,
    id_prefix: str,
    target: float | None = None,
    value_format: Callable[[float], str] = str,
) -> str:
    """Readings over time: a polyline with a dot and value per reading.

    The y axis runs from 0 to 110% of the larger of the highest reading and
    the target, which is drawn as a dashed line. Returns "" without points.
    """
    if not points:
        return ""
    readings = sorted(points, key=lambda p: p[0])  # stable: same-day order kept
    dates = [d for d, _ in readings]
    top = max(max(v for _, v in readings), target or 0) * 1.1
    top = top if top > 0 else 1.0
    xs = _x_positions(dates)
    ys = [_y_position(v, top) for _, v in readings]

    body = [_hline("gh-chart__axis", LINE_LEFT, LINE_RIGHT, LINE_BOTTOM, GRID)]
    if target is not None:
        body += _target_line(_y_position(target, top), value_format(target))
    if len(readings) > 1:
        coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in zip(xs, ys, strict=True))
        line = {"class": "gh-chart__line", "points": coords, "fill": "none", "stroke": PRIMARY, "stroke-width": 2}
        body.append(_el("polyline", line))
    for (d, v), x, y in zip(readings, xs, ys, strict=True):
        tip = _el("title", {}, _esc(f"{chinese_date(d)}：{value_format(v)}"))
        body.append(_el("circle", {"class": "gh-chart__dot", "cx": x, "cy": y, "r": 4, "fill": PRIMARY}, tip))
        body.append(_text(x, y - 10, value_format(v), "gh-chart__value", fill=TEXT, font_size=12, text_anchor="middle"))
    body += _date_labels(dates, xs)

    desc = "；".join(f"{chinese_date(d)}：{value_format(v)}" for d, v in readings)
    if target is not None:
        desc += f"；目标：{value_format(target)}"
    return _svg("line", id_prefix, LINE_W, LINE_H, title, body, desc)


def _target_line(y: float, label: str) -> list[str]:
    line = _hline("gh-chart__target", LINE_LEFT, LINE_RIGHT, y, MUTED, stroke_dasharray="6 4")
    return [line, _text(LINE_LEFT, y - 6, f"目标 {label}", "gh-chart__target-label", fill=MUTED, font_size=12)]


def _date_labels(dates: list[datetime.date], xs: list[float]) -> list[str]:
    """First and last date only: every date would collide on a long series."""
    y = LINE_BOTTOM + 22
    if dates[0] == dates[-1]:
        return [_text(xs[0], y, chinese_date(dates[0]), "gh-chart__date", fill=MUTED, font_size=12, text_anchor="middle")]
    return [
        _text(xs[0], y, chinese_date(dates[0]), "gh-chart__date", fill=MUTED, font_size=12, text_anchor="start"),
        _text(xs[-1], y, chinese_date(dates[-1]), "gh-chart__date", fill=MUTED, font_size=12, text_anchor="end"),
    ]


# --- colours: text on fills, and the tile map's shades (regions.province_tiles) ----------------------------


def _luminance(color: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two '#rrggbb' colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color_on(fill: str) -> str:
    """White or dark text, whichever contrasts more with `fill`."""
    return WHITE if contrast_ratio(fill, WHITE) >= contrast_ratio(fill, TEXT) else TEXT


def bucket(count: int, largest: int) -> int:
    """0 for nothing, else 1..5: five equal slices of (0, largest]."""
    if count <= 0 or largest <= 0:
        return 0
    return min(len(SCALE), max(1, math.ceil(count * len(SCALE) / largest)))


def tile_fill(level: int) -> str:
    """The shade of bucket `level` (0: the empty grey)."""
    return EMPTY if level == 0 else SCALE[level - 1]


def bucket_ranges(largest: int) -> list[tuple[int, str]]:
    """Legend entries (bucket, '3–5'); buckets no whole count can reach are left out."""
    entries = [(0, "0")]
    for level in range(1, len(SCALE) + 1):
        low = largest * (level - 1) // len(SCALE) + 1
        high = largest * level // len(SCALE)
        if low <= high:
            entries.append((level, str(low) if low == high else f"{low}–{high}"))
    return entries
