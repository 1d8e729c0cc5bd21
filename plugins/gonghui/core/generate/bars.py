"""Build-time bar charts as HTML: a labelled list whose bars are drawn by CSS.

SVG text neither wraps nor grows with the page: a long label such as "仁怀市·尚未加入工会的职工" was cut off at the
chart's left edge, and a 600-unit chart shrunk onto a phone set its labels at 7 px. Here each label is ordinary
text in the page's own font size, wrapping inside its row, and the bar is a span whose width is the value's
share of the largest. Without the stylesheet (feed readers, saved pages) the chart reads as a list of
"label value" lines. The bars themselves are hidden from screen readers: the words carry the data.
All caller text is escaped; widths are rounded to one decimal so the same input gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from .charts import _XML_INVALID_RE, _check_id_prefix, _num


def _esc(text: object) -> str:
    return html.escape(_XML_INVALID_RE.sub("", str(text)), quote=True)


def bar_share(value: float, largest: float) -> float:
    """The bar's length in percent of the row: 0..100, 0 when nothing is positive."""
    if largest <= 0:
        return 0.0
    return min(max(value / largest, 0.0), 1.0) * 100


def bar_chart_html(
    items: list[tuple[str, float]],
    title: str,
    id_prefix: str,
    value_format: Callable[[float], str] = str,
) -> str:
    """Horizontal bars in the given order, scaled to the largest value; "" without items.

    A <figure> captioned by `title`, holding a list with one row per item: label, value, bar.
    """
    if not items:
        return ""
    _check_id_prefix(id_prefix)
    largest = max(v for _, v in items)
    rows = []
    for label, value in items:
        width = _num(bar_share(value, largest))
        rows.append(
            '<li class="gh-bars__row">'
            f'<span class="gh-bars__label">{_esc(label)}</span> '
            f'<span class="gh-bars__value">{_esc(value_format(value))}</span>'
            f'<span class="gh-bars__track" aria-hidden="true"><span class="gh-bars__bar" style="width: {width}%"></span></span>'
            "</li>"
        )
    title_id = f"{id_prefix}-title"
    return (
        f'<figure class="gh-bars" aria-labelledby="{title_id}">'
        f'<figcaption class="gh-bars__title" id="{title_id}">{_esc(title)}</figcaption>'
        f'<ul class="gh-bars__list">{"".join(rows)}</ul></figure>'
    )
