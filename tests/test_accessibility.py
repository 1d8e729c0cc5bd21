"""Accessibility of the sample site in Chromium (issue 16): axe-core on every built page, and the MIIT 2021 适老化
rules for websites (互联网网站适老化通用设计规范) measured in the browser at the 字号 switch's 大 setting.

axe-core (from axe-playwright-python) runs on every `.html` file of the built site at 1280 and 390 px, at the
default 字号; no serious or critical violation is allowed. Besides axe's default rules, the experimental
`label-content-name-mismatch` (a control's accessible name contains its visible text, WCAG 2.5.3) is switched on.

The 适老化 tests open one page of each kind (and a few more) at 1280 and 390 px after a reader has pressed 大 in
the 字号 switch (the choice is kept in localStorage, so every later page of the browser context has it):

* body text: every visible text on the page (the content area with the 字号 switch, and header, tabs, navigation and
  footer as well) is at least 18 CSS px; charts and the tile map are graphics whose figures the page repeats in
  tables at full size, so text inside `<svg>` and `.gh-tilemap` is left out; each page's h1 (the article's headline) is at least 30 px (the
  home page's h1, the site's name, is for screen readers only);
* line spacing (行距): line-height / font-size >= 1.3 for every text block (p, li, dt, dd, td, th, figcaption,
  caption, blockquote, h1-h4) in the content area; a `normal` line-height counts as failing;
* paragraph spacing (段落间距至少为行距的1.3倍): read as WCAG 1.4.8 (where MIIT's rule comes from, with 1.5) and
  its technique C21 read it: the distance from the last line of one paragraph to the first line of the next is at
  least 1.3 times the distance between two lines inside a paragraph, i.e. (line-height + gap) / line-height >= 1.3,
  measured between consecutive body paragraphs from their boxes in the page;
* contrast: every visible text node's element, anywhere on the page (header, tabs, footer included), against its
  effective background (the first opaque background up its ancestors, translucent ones blended on the way, the
  opacity of the elements in between applied to the text): >= 4.5:1, or >= 3:1 for large text as WCAG defines it
  (>= 24 px, or bold and >= 18.66 px). Text in SVG (charts, tested in test_charts.py) and inactive controls
  (`disabled`, `aria-disabled="true"`, which WCAG 1.4.3 exempts) are left out;
* tap targets on the phone: every link, button, input, select, summary, `[role=button]`, focusable element and
  every label that works a Material toggle (a hidden checkbox) is at least 44 x 44 CSS px. Inline links inside
  running text (a link sharing its paragraph, list item or cell with other text) are exempt, as WCAG 2.5.5 exempts
  inline targets; so are controls off screen to the side (the closed navigation drawer) and invisible ones; the
  drawer's links are measured once it is opened;
* keyboard: Tab from the top of the page to its end; each focused element is on screen and shows a focus ring
  (computed outline-style not none and outline-width >= 2 px, or a box-shadow); every visible link, button and
  input is reached; focus leaves the page at the end or wraps round to the first control (no trap: nothing else is
  focused twice);
* no motion: nothing animates by itself after load (no running animation or transition longer than 0.2 s, no
  text or scroll position changing on its own — no carousel), both with
  `prefers-reduced-motion: reduce` emulated and without; with it emulated, no element has a transition or an
  animation longer than 0.2 s at all; no `<video autoplay>`, `<audio autoplay>`, `<marquee>` or `<blink>`, and no
  `<meta http-equiv=refresh>` except on redirect pages (a refresh after 0 s on a page with no content of its own).
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from a11y_support import DECLARED_MOTION_JS, FOCUSABLE_JS, FOCUSED_JS, MEASURE_JS, MOTION_JS, STILL_JS, Reader
from browser_support import DESKTOP, PHONE, build_sample_site, format_violations

PHONE_390 = {**PHONE, "viewport": {"width": 390, "height": 844}}
DEVICES = {"1280": DESKTOP, "390": PHONE_390}
BLOCKING_IMPACTS = ("critical", "serious")
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}

MIN_BODY_PX = 18.0
MIN_H1_PX = 30.0
MIN_LINE_SPACING = 1.3
MIN_PARAGRAPH_SPACING = 1.3
MIN_CONTRAST, MIN_CONTRAST_LARGE = 4.5, 3.0
MIN_TARGET = 44.0  # CSS px: WCAG 2.5.5 Target Size (Enhanced), the 适老化 rules' own figure
MIN_POINTER_TARGET = 24.0  # CSS px on the desktop: WCAG 2.2 SC 2.5.8 Target Size (Minimum)
MAX_MOTION_S = 0.2

# One page of each kind, and a few more (site-relative URL, or None to find the first built one in a section).
KINDS: dict[str, str] = {
    "home": "",
    "article": "news/2022/06/huaibei-zhigong-yexiao-chayi/",
    "news list": "news/",
    "archive": "news/archive/",
    "month": "news/2022/06/",
    "campaign list": "campaigns/",
    "campaign": "campaigns/gaomi-zhongzi-fuhua-gongcheng/",
    "training list": "training/",
    "training": "training/huaibei-yexiao-chayi-2022/",
    "worker list": "workers/",
    "worker": "workers/chen-shiyuan/",
    "region list": "regions/",
    "region": "regions/340600/",
    "tags": "tags/",
    "tag": "tags/zhi-gong-ye-xiao/",
    "search": "search/?q=茶艺",
    "404": "404.html",
}


# --------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return build_sample_site(tmp_path_factory.mktemp("a11y-site"))


@pytest.fixture(scope="module")
def html_urls(site_dir) -> list[str]:
    """Every HTML file of the built site, as the URL it is served at."""
    # Not admin/: the editing desk is Decap CMS's app for staff (tests/test_desk_browser.py), and on this plain server
    # it looks for its local backend, decap-server, which only scripts/serve.sh starts.
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.parent.name != "admin")
    assert len(files) > 50, f"only {len(files)} html files built"
    return [f.removesuffix("index.html") for f in files]


# --------------------------------------------------------------------------------------------------- axe, every page


@pytest.mark.parametrize("width", DEVICES)
def test_no_serious_axe_violations_on_any_page(browser, base, html_urls, width):
    """axe-core on every HTML file of the site; one page object per width, reused from page to page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reader = Reader(browser, base, DEVICES[width])
    report, checked = [], 0
    started = time.monotonic()
    try:
        for url in html_urls:
            reader.goto(url)
            results = axe.run(reader.page, options=AXE_OPTIONS)
            assert str(reader.page.evaluate("typeof axe === 'object' && axe.version")).startswith("4."), "axe not loaded"
            checked += 1
            blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
            if blocking:
                report.append(format_violations(f"{width}px /{url}", blocking))
        reader.assert_clean()
    finally:
        reader.close()
    print(f"axe at {width} px: {checked} pages in {time.monotonic() - started:.1f} s")
    assert checked == len(html_urls)
    assert not report, "critical/serious axe-core violations:\n" + "\n".join(report)


# --------------------------------------------------------------------------------------------------- 适老化 measurements

@pytest.fixture(scope="module", params=list(DEVICES))
def measured(request, browser, base):
    """(width, {kind: measurements}, drawer targets) at 大, every page of KINDS opened in one context for this width;
    on the phone also the tap targets of the opened navigation drawer."""
    width = request.param
    reader = Reader(browser, base, DEVICES[width])
    try:
        reader.goto("")
        reader.choose_large()
        out = {}
        for kind, url in KINDS.items():
            reader.open_kind(kind, url)
            found = reader.page.evaluate(MEASURE_JS, [MIN_TARGET])
            assert found["font"] == "large", f"/{url}: the 大 setting did not carry over ({found['font']})"
            out[kind] = found
        drawer = []
        if DEVICES[width].get("is_mobile"):
            # The navigation drawer, opened as a reader opens it: its links are tap targets too.
            reader.goto(KINDS["article"])
            reader.page.locator("label.md-header__button[for='__drawer']").click()
            reader.page.wait_for_timeout(400)
            drawer = [t for t in reader.page.evaluate(MEASURE_JS, [MIN_TARGET])["targets"] if "md-nav" in t["el"]]
            assert len(drawer) >= 8, f"the opened drawer shows {len(drawer)} links"
        reader.assert_clean()
    finally:
        reader.close()
    return width, out, drawer


def _where(width: str, kind: str) -> str:
    return f"{width}px {kind} /{KINDS[kind]}"


def test_body_text_at_least_18px_and_headline_30px(measured):
    width, pages, _ = measured
    small, headings = [], []
    for kind, found in pages.items():
        assert any(s["content"] for s in found["sizes"]), f"{_where(width, kind)}: no text in the content area"
        small += [f"{_where(width, kind)}: {s['size']:.1f}px {s['el']} {s['text']!r}" for s in found["sizes"]
                  if s["size"] < MIN_BODY_PX - 0.01]
        if not found["h1"]:
            headings.append(f"{_where(width, kind)}: no h1")
        headings += [f"{_where(width, kind)}: h1 {h['size']:.1f}px {h['text']!r}" for h in found["h1"]
                     if h["shown"] and h["size"] < MIN_H1_PX - 0.01]
    body = min(s["size"] for s in pages["article"]["sizes"] if s["content"])
    print(f"{width}px at 大: smallest text {min(s['size'] for f in pages.values() for s in f['sizes']):.1f}px, "
          f"article text from {body:.1f}px, headline {pages['article']['h1'][0]['size']:.1f}px")
    assert not small, f"text below {MIN_BODY_PX}px at 大:\n" + "\n".join(small[:40])
    assert not headings, f"h1 below {MIN_H1_PX}px at 大:\n" + "\n".join(headings)


def test_line_spacing_at_least_1_3(measured):
    width, pages, _ = measured
    tight = [f"{_where(width, kind)}: {b['ratio']:.2f} ({b['lineHeight']} / {b['size']}px) {b['el']} {b['text']!r}"
             for kind, found in pages.items() for b in found["blocks"] if not b["ratio"] >= MIN_LINE_SPACING]
    print(f"{width}px at 大: smallest line spacing "
          f"{min(b['ratio'] for f in pages.values() for b in f['blocks']):.2f}")
    assert not tight, f"line spacing below {MIN_LINE_SPACING}:\n" + "\n".join(tight[:40])


def test_paragraph_spacing_at_least_1_3_lines(measured):
    width, pages, _ = measured
    pairs = [(kind, p) for kind, found in pages.items() for p in found["paragraphs"]]
    assert len(pages["article"]["paragraphs"]) >= 2, "the article should have consecutive body paragraphs"
    tight = [f"{_where(width, kind)}: {p['ratio']:.2f} (gap {p['gap']:.1f}px, line {p['lineHeight']:.1f}px) {p['text']!r}"
             for kind, p in pairs if not p["ratio"] >= MIN_PARAGRAPH_SPACING]
    print(f"{width}px at 大: smallest paragraph spacing {min(p['ratio'] for _, p in pairs):.2f} lines "
          f"over {len(pairs)} paragraph breaks")
    assert not tight, f"paragraph spacing below {MIN_PARAGRAPH_SPACING} lines:\n" + "\n".join(tight[:40])


def test_text_contrast(measured):
    width, pages, _ = measured
    low = []
    for kind, found in pages.items():
        assert len(found["contrast"]) >= 3, f"{_where(width, kind)}: too little text measured"
        for c in found["contrast"]:
            need = MIN_CONTRAST_LARGE if c["large"] else MIN_CONTRAST
            if c["ratio"] < need - 0.005:
                low.append(f"{_where(width, kind)}: {c['ratio']:.2f} < {need} ({c['fg']} on {c['bg']}, "
                           f"{c['size']:.0f}px) {c['el']} {c['text']!r}")
    lowest = min((c for f in pages.values() for c in f["contrast"]), key=lambda c: c["ratio"])
    print(f"{width}px at 大: lowest contrast {lowest['ratio']:.2f}:1 ({lowest['fg']} on {lowest['bg']}, "
          f"{lowest['size']:.0f}px) {lowest['el']}")
    assert not low, "text below its contrast minimum:\n" + "\n".join(low[:40])


def test_tap_targets_big_enough(measured):
    """44 x 44 CSS px on the phone (MIIT 适老化; WCAG 2.5.5); on the desktop, where a mouse points, 24 x 24
    (WCAG 2.2's 2.5.8 minimum): Material's tabs stay one line of text high there."""
    width, pages, drawer = measured
    minimum = MIN_TARGET if DEVICES[width].get("is_mobile") else MIN_POINTER_TARGET
    def too_small(t: dict) -> bool:
        return t["width"] < minimum - 0.01 or t["height"] < minimum - 0.01
    small = [f"{_where(width, kind)}: {t['width']:.0f}x{t['height']:.0f} {t['el']} {t['text']!r}"
             for kind, found in pages.items() for t in found["targets"] if too_small(t)]
    small += [f"{width}px drawer open: {t['width']:.0f}x{t['height']:.0f} {t['el']} {t['text']!r}"
              for t in drawer if too_small(t)]
    count = sum(len(f["targets"]) for f in pages.values())
    smallest = min((t for f in pages.values() for t in f["targets"]), key=lambda t: min(t["width"], t["height"]))
    print(f"{width}px at 大: {count} tap targets (+ {len(drawer)} in the open drawer), "
          f"smallest {smallest['width']:.0f}x{smallest['height']:.0f} {smallest['el']}")
    assert all(f["targets"] for f in pages.values())
    assert not small, f"tap targets below {minimum:.0f}x{minimum:.0f} CSS px:\n" + "\n".join(small[:60])


# --------------------------------------------------------------------------------------------------- keyboard

@pytest.mark.parametrize("width", DEVICES)
def test_keyboard_reaches_everything_with_a_visible_ring(browser, base, width):
    reader = Reader(browser, base, DEVICES[width])
    problems, presses = [], 0
    try:
        reader.goto("")
        reader.choose_large()
        for kind, url in KINDS.items():
            reader.open_kind(kind, url)
            page = reader.page
            expected = page.evaluate(FOCUSABLE_JS)
            page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
            seen: list[str] = []
            left = False
            for _ in range(len(expected) + 15):
                page.keyboard.press("Tab")
                presses += 1
                info = page.evaluate(FOCUSED_JS)
                if info is not None and not (info["onScreen"] and info["ring"]):
                    page.wait_for_timeout(350)  # a skip link or ¶ fading in (Material's 250 ms transitions)
                    info = page.evaluate(FOCUSED_JS)
                if info is None:
                    left = True
                    break
                if seen and info["key"] == seen[0]:
                    left = True  # wrapped round to the first control: the whole page was passed through
                    break
                if info["key"] in seen:
                    problems.append(f"{_where(width, kind)}: focus came back to {info['what']} (trap or loop)")
                    left = True
                    break
                seen.append(info["key"])
                if not info["onScreen"]:
                    problems.append(f"{_where(width, kind)}: focused but not on screen: {info['what']}")
                elif not info["ring"]:
                    problems.append(f"{_where(width, kind)}: no focus ring ({info['outline']}): {info['what']}")
            if not left:
                problems.append(f"{_where(width, kind)}: focus never left the page after {len(expected) + 15} Tabs (trap)")
            missed = [key for key in expected if key not in seen]
            if missed:
                names = page.evaluate("keys => keys.map(k => document.querySelector(`[data-gh-key='${k}']`).outerHTML.slice(0, 120))",
                                      missed[:10])
                problems.append(f"{_where(width, kind)}: {len(missed)} controls never reached by Tab: " + "; ".join(names))
        reader.assert_clean()
    finally:
        reader.close()
    print(f"keyboard at {width} px: {presses} Tab presses over {len(KINDS)} pages")
    assert not problems, "keyboard:\n" + "\n".join(problems[:60])


# --------------------------------------------------------------------------------------------------- motion

@pytest.mark.parametrize("reduced_motion", ["reduce", "no-preference"])
def test_nothing_moves_by_itself(browser, base, reduced_motion):
    reader = Reader(browser, base, DESKTOP, reduced_motion=reduced_motion)
    problems = []
    try:
        reader.goto("")
        reader.choose_large()
        for kind, url in KINDS.items():
            reader.open_kind(kind, url)
            page = reader.page
            before = page.evaluate(STILL_JS)
            page.wait_for_timeout(600 if kind != "home" else 2500)
            problems += [f"{kind} /{url}: animation running after load: {a}" for a in page.evaluate(MOTION_JS, MAX_MOTION_S)]
            if page.evaluate(STILL_JS) != before:
                problems.append(f"{kind} /{url}: the page changed by itself after load (carousel, ticker?)")
            if reduced_motion == "reduce":
                problems += [f"{kind} /{url}: with reduced motion: {m}" for m in page.evaluate(DECLARED_MOTION_JS, MAX_MOTION_S)[:10]]
        reader.assert_clean()
    finally:
        reader.close()
    assert not problems, "motion:\n" + "\n".join(problems[:60])


class _MotionTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.refresh: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("video", "audio") and "autoplay" in a:
            self.found.append(f"<{tag} autoplay>")
        if tag in ("marquee", "blink"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.refresh.append(a.get("content") or "")


def motion_problems(text: str) -> list[str]:
    """Autoplaying media, marquees and blinks, and refreshes other than a redirect page's, in one HTML file."""
    parser = _MotionTags()
    parser.feed(text)
    problems = list(parser.found)
    for content in parser.refresh:
        if not (re.match(r"\s*0\s*;\s*url=", content, re.I) and "<article" not in text):
            problems.append(f"<meta http-equiv=refresh content={content!r}> on a page that is not a redirect")
    return problems


def test_motion_tags_are_found():
    # The check below can fail: each of these pages breaks the rule once; a redirect page does not.
    article = "<article><p>正文</p></article>"
    assert motion_problems(f"<video src=a.mp4 autoplay></video>{article}") == ["<video autoplay>"]
    assert motion_problems("<audio autoplay src=a.mp3></audio>") == ["<audio autoplay>"]
    assert motion_problems("<marquee>通知</marquee><blink>!</blink>") == ["<marquee>", "<blink>"]
    assert motion_problems(f'<meta http-equiv="Refresh" content="30">{article}') != []
    assert motion_problems(f'<meta http-equiv="refresh" content="0; url=../new/">{article}') != []
    assert motion_problems('<meta http-equiv="refresh" content="0; url=../new/"><a href="../new/">新地址</a>') == []
    assert motion_problems(f"<video src=a.mp4 controls></video>{article}") == []


def test_no_autoplay_marquee_or_refresh_in_any_page(site_dir, html_urls):
    problems = []
    for url in html_urls:
        path = site_dir / (url + "index.html" if url.endswith("/") or not url else url)
        problems += [f"/{url}: {problem}" for problem in motion_problems(path.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)
