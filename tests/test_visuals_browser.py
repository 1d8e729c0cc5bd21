"""Finished visuals in a real browser (issue 16): chart labels never clipped, data tables readable on a phone,
no page wider than a 390 px phone, key facts first. Every page of the sample site that has a chart or a table
is checked, at 390 and 1280 px.

Measures rendered boxes and computed styles, so it holds whatever fonts are installed (without a CJK font
Chinese is drawn as same-width boxes, which still take the room the text takes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import Guard, build_sample_site

WIDTHS = {"phone": 390, "desktop": 1280}

# Boxes of every piece of chart text, and of the chart holding it: the <svg> or the HTML bar chart's figure.
# HTML text is measured by a Range (the text's own extent, even where a box clips it), and every box between the
# text and the chart that clips (overflow not visible) counts as the frame too.
CHART_BOXES_JS = """() => {
    const out = [];
    const charts = document.querySelectorAll('.md-content svg.gh-chart, .md-content figure.gh-bars');
    const edges = r => [r.left, r.right, r.top, r.bottom];
    for (const chart of charts) {
        const c = chart.getBoundingClientRect();
        const parts = chart.querySelectorAll('text, .gh-bars__title, .gh-bars__label, .gh-bars__value');
        for (const el of parts) {
            let r = el.getBoundingClientRect();
            if (!(el instanceof SVGElement)) {
                const range = document.createRange();
                range.selectNodeContents(el);
                r = range.getBoundingClientRect();
            }
            if (r.width === 0 && r.height === 0) continue;
            const frames = [edges(c)];
            for (let a = el; a && a !== chart; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') frames.push(edges(a.getBoundingClientRect()));
            }
            out.push({text: el.textContent.trim().slice(0, 30), frames: frames, box: edges(r)});
        }
    }
    return {count: charts.length, parts: out, width: window.innerWidth};
}"""

# Each data table: its scrolling box, first-column widths, padding, borders, zebra rows, numbers' alignment.
TABLES_JS = """() => Array.from(document.querySelectorAll('.md-content table.gh-table')).map(table => {
    let box = table;  // the nearest box that scrolls sideways: the wrapper, or the table itself
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const first = Array.from(table.querySelectorAll('tbody tr > :first-child'));
    const cells = Array.from(table.querySelectorAll('th, td'));
    const rows = Array.from(table.querySelectorAll('tbody tr'));
    const bodyFont = parseFloat(getComputedStyle(rows.length ? rows[0].children[0] : table).fontSize);
    const styled = c => { const s = getComputedStyle(c); return {
        padding: Math.min(parseFloat(s.paddingLeft), parseFloat(s.paddingRight), parseFloat(s.paddingTop)),
        border: Math.max(parseFloat(s.borderBottomWidth), parseFloat(s.borderRightWidth),
                         parseFloat(s.borderTopWidth), parseFloat(s.borderLeftWidth))}; };
    return {
        caption: (table.caption ? table.caption.textContent : '').trim(),
        box: box ? {tag: box.tagName.toLowerCase(), cls: box.className, scrollWidth: box.scrollWidth,
                    clientWidth: box.clientWidth, tabindex: box.getAttribute('tabindex')} : null,
        tableWidth: table.scrollWidth,
        font: bodyFont,
        firstWidths: first.map(c => c.getBoundingClientRect().width),
        firstSticky: first.concat(Array.from(table.querySelectorAll('thead tr > :first-child')))
            .every(c => getComputedStyle(c).position === 'sticky' && getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)'),
        cells: cells.map(styled),
        tableBorder: parseFloat(getComputedStyle(table).borderTopWidth),
        zebra: rows.slice(0, 2).map(r => getComputedStyle(r.children[r.children.length - 1]).backgroundColor),
        numbers: Array.from(table.querySelectorAll('td.gh-num, th.gh-num')).map(c => getComputedStyle(c).textAlign),
    };
})"""


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return build_sample_site(tmp_path_factory.mktemp("visuals-site"))


def pages_with(site_dir: Path, *needles: str) -> list[str]:
    """Site-relative URLs of the built pages whose HTML contains any of `needles`."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if any(n in html for n in needles):
            folder = path.parent.relative_to(site_dir).as_posix()
            found.append("" if folder == "." else folder + "/")
    return found


@pytest.fixture(scope="module")
def chart_pages(site_dir) -> list[str]:
    found = pages_with(site_dir, 'class="gh-chart', 'class="gh-bars"')
    assert any(u.startswith("regions/") for u in found) and any(u.startswith("campaigns/") for u in found), found
    return found


@pytest.fixture(scope="module")
def table_pages(site_dir) -> list[str]:
    found = pages_with(site_dir, "<table")
    kinds = {u.split("/")[0] for u in found}
    assert {"campaigns", "training", "regions"} <= kinds, kinds
    return found


def open_page(browser, base: str, width: int):
    """A page in a fresh context at `width`, every request to another host aborted; returns (page, guard)."""
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone,
                                  locale="zh-CN", service_workers="block")
    guard = Guard(base)
    guard.attach(context)
    return context.new_page(), guard


def visit(page, base: str, url: str) -> None:
    response = page.goto(base + url, wait_until="load")
    assert response is not None and response.status == 200, f"/{url}: HTTP {response and response.status}"


def outside(box: list[float], frame: list[float], tolerance: float = 0.5) -> bool:
    left, right, top, bottom = box
    f_left, f_right, f_top, f_bottom = frame
    return (left < f_left - tolerance or right > f_right + tolerance
            or top < f_top - tolerance or bottom > f_bottom + tolerance)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_chart_labels_are_never_clipped(browser, base, chart_pages, width):
    """Every label and value of every chart lies inside its chart, and the chart inside the screen."""
    page, guard = open_page(browser, base, width)
    clipped, checked = [], 0
    for url in chart_pages:
        visit(page, base, url)
        found = page.evaluate(CHART_BOXES_JS)
        assert found["count"] > 0, f"/{url}: no chart drawn"
        for part in found["parts"]:
            checked += 1
            screen = [0, found["width"], -1e9, 1e9]
            if any(outside(part["box"], frame) for frame in [*part["frames"], screen]):
                clipped.append(f"/{url}: {part['text']!r} at {[round(x) for x in part['box']]}, "
                               f"within {[[round(x) for x in f] for f in part['frames']]}, screen width {found['width']}")
    assert checked > 20, "too few chart labels found to trust this test"
    assert not clipped, f"chart text cut off at {width} px:\n" + "\n".join(clipped[:20])
    assert not guard.problems(), guard.problems()
    page.context.close()


def test_bar_chart_labels_are_readable_on_a_phone(browser, base, chart_pages):
    # Text drawn inside a scaled-down SVG shrank to 7 px on a phone; the HTML bars keep the page's text size.
    page, _ = open_page(browser, base, WIDTHS["phone"])
    sizes = []
    for url in chart_pages:
        visit(page, base, url)
        sizes += page.eval_on_selector_all(".gh-bars__label", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes, "no HTML bar chart on any page"
    assert min(sizes) >= 14, f"bar labels as small as {min(sizes)} px at 390 px"
    page.context.close()


def test_no_page_scrolls_sideways_at_390px(browser, base, site_dir):
    """Every page of the sample site fits a 390 px phone: wide tables scroll inside themselves, not the page.

    Not admin/ (as in test_accessibility): the editing desk is Decap CMS's app for staff, tested by
    tests/test_desk_browser.py; served from 127.0.0.1 it asks for the local desk server (127.0.0.1:8081),
    which this guard blocks whenever the app gets that far before the next page loads."""
    page, guard = open_page(browser, base, WIDTHS["phone"])
    wide = []
    for url in [url for url in pages_with(site_dir, "<html") if url != "admin/"]:
        visit(page, base, url)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            wide.append(f"/{url}: {widths[0]} px wide")
    assert not wide, "pages wider than a 390 px phone:\n" + "\n".join(wide)
    assert not guard.problems(), guard.problems()
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_tables_are_styled_and_scroll_inside_their_box(browser, base, table_pages, width):
    page, _ = open_page(browser, base, width)
    bad, scrolled = [], 0
    for url in table_pages:
        visit(page, base, url)
        for n, t in enumerate(page.evaluate(TABLES_JS), start=1):
            where = f"/{url} table {n} ({t['caption'][:20]!r})"
            if not t["caption"]:
                bad.append(f"{where}: no caption")
            box = t["box"]
            if box is None:
                bad.append(f"{where}: no box around it scrolls sideways")
            elif box["scrollWidth"] > box["clientWidth"] + 1:
                scrolled += 1
                if box["tag"] != "table" and box["tabindex"] != "0":
                    bad.append(f"{where}: its scrolling box cannot take keyboard focus")
            narrow = [w for w in t["firstWidths"] if w < 4 * t["font"]]
            if narrow:
                bad.append(f"{where}: first column only {min(narrow):.0f} px, under 4 characters of {t['font']} px")
            if not t["firstSticky"]:
                bad.append(f"{where}: first column not sticky with a background")
            thin = [c for c in t["cells"] if c["padding"] < 4]
            if thin:
                bad.append(f"{where}: {len(thin)} cells with under 4 px padding")
            if not (t["tableBorder"] > 0 and all(c["border"] > 0 for c in t["cells"][:-1])):
                bad.append(f"{where}: cells or table without borders")
            if len(t["zebra"]) == 2 and t["zebra"][0] == t["zebra"][1]:
                bad.append(f"{where}: rows not striped ({t['zebra']})")
            if any(align not in ("right", "end") for align in t["numbers"]):
                bad.append(f"{where}: numbers not right-aligned ({t['numbers']})")
    assert not bad, f"tables at {width} px:\n" + "\n".join(bad[:25])
    if width == WIDTHS["phone"]:
        assert scrolled > 0, "no table needed to scroll at 390 px: the scrolling is untested"
    page.context.close()


# The key facts a reader looks for first, right under the page's title.
FACTS = {
    "campaigns/renhuai-jianhui-xiaofendui-2022/": ["状态", "主办", "时间", "地区", "进度"],
    "training/huaibei-yexiao-shufa-2027/": ["状态", "时间", "地点", "名额"],
    "workers/xu-linshou/": ["荣誉", "单位", "地区"],
    "regions/520382/": ["报道", "专项行动"],
}


@pytest.mark.parametrize("url", FACTS, ids=[u.split("/")[0] for u in FACTS])
def test_key_facts_come_first(browser, base, site_dir, url):
    if not (site_dir / url / "index.html").is_file():
        pytest.fail(f"/{url} is not in the sample site any more: pick another page of its kind")
    page, _ = open_page(browser, base, WIDTHS["phone"])
    visit(page, base, url)
    facts = page.evaluate("""() => {
        const dl = document.querySelector('.md-content dl.gh-facts');
        if (!dl) return null;
        const h1 = document.querySelector('.md-content h1');
        const after = el => h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
        const before = Array.from(document.querySelectorAll('.md-content h2, .md-content table, .md-content .gh-chart'))
            .filter(el => after(el) && (dl.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING));
        return {terms: Array.from(dl.querySelectorAll('dt')).map(dt => dt.textContent.trim()),
                display: getComputedStyle(dl).display, columns: getComputedStyle(dl).gridTemplateColumns.split(' ').length,
                first: after(dl) > 0 && before.length === 0, top: dl.getBoundingClientRect().top};
    }""")
    assert facts is not None, f"/{url}: no key-facts list"
    assert facts["first"], f"/{url}: the key facts are not the first thing after the title"
    missing = [t for t in FACTS[url] if t not in facts["terms"]]
    assert not missing, f"/{url}: key facts lack {missing} (have {facts['terms']})"
    assert facts["display"] == "grid" and facts["columns"] >= 2, f"/{url}: facts not a compact grid at 390 px: {facts}"
    assert facts["top"] < 800, f"/{url}: key facts start below the first screen ({facts['top']:.0f} px)"
    page.context.close()
