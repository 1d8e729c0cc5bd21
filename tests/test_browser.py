"""The sample site in a real browser (issue 4): layout on desktop and phone, navigation, Chinese search, the 字号
switch, and no request to any other host. axe-core on every page and the 适老化 measurements are in test_accessibility.py.

Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) through Playwright; never a Playwright download.
One browser and one build of the repository's own site per module; each test gets fresh browser contexts whose
requests are all routed through a guard that lets only our 127.0.0.1 server through.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser_support import (
    DESKTOP,
    PHONE,
    REPO,
    Guard,
    build_sample_site,
    search_shards,
)

# Pages checked for accessibility, layout and alt text; (id, section folder, preferred record, fallback: first built).
ARTICLE = "news/2022/06/huaibei-zhigong-yexiao-chayi/"
OTHER_ARTICLE = "news/2022/06/renhuai-jianhui-xiaofendui/"
PREFERRED = {
    "campaign": ("campaigns", "gaomi-zhongzi-fuhua-gongcheng"),
    "training": ("training", "huaibei-yexiao-chayi-2022"),
    "worker": ("workers", "chen-shiyuan"),
    "region": ("regions", "340600"),
}
SHARD_PAGES = 12
MIN_TARGET = 24  # CSS px, WCAG 2.2 SC 2.5.8 Target Size (Minimum)
BODY_TEXT = "article.md-content__inner p:not([class]), article.md-content__inner :is(ul, ol):not([class]) > li"


# --------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    # Small shards, so that searching crosses several of them as on a site of many thousand pages.
    return build_sample_site(tmp_path_factory.mktemp("browser-site"), search_shard_pages=SHARD_PAGES)


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, str]:
    """Site-relative URLs of one page of each kind, found in the built site."""

    def pick(section: str, preferred: str) -> str:
        if (site_dir / section / preferred / "index.html").is_file():
            return f"{section}/{preferred}/"
        built = sorted(p.parent.name for p in (site_dir / section).glob("*/index.html"))
        assert built, f"no {section} page in the built site"
        return f"{section}/{built[0]}/"

    assert (site_dir / ARTICLE / "index.html").is_file(), f"{ARTICLE} not built"
    found = {"home": "", "article": ARTICLE}
    for kind, (section, preferred) in PREFERRED.items():
        found[kind] = pick(section, preferred)
    return found


class Browsing:
    """Opens guarded browser contexts for one test and closes them afterwards."""

    def __init__(self, browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.guards: list[Guard] = []
        self.contexts = []

    def page(self, device: dict = DESKTOP):
        context = self.browser.new_context(**device, locale="zh-CN", timezone_id="Asia/Shanghai",
                                           service_workers="block")
        context.set_default_timeout(10_000)
        guard = Guard(self.base)
        guard.attach(context)
        self.guards.append(guard)
        self.contexts.append(context)
        return context.new_page()

    def goto(self, page, url: str):
        response = page.goto(self.base + url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
        return response

    def assert_clean(self) -> None:
        """No request to another host (each was aborted), no console error, no uncaught exception."""
        problems = [problem for guard in self.guards for problem in guard.problems()]
        assert not problems, "browser problems:\n" + "\n".join(problems)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, base):
    session = Browsing(browser, base)
    yield session
    session.close()


# --------------------------------------------------------------------------------------------------- helpers


def horizontal_overflow(page) -> dict | None:
    """None when the page does not scroll sideways, else the widths and the elements sticking out."""
    return page.evaluate(
        """() => {
            const doc = document.documentElement, width = window.innerWidth;
            if (doc.scrollWidth <= width) return null;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width > 0 && r.right > width + 1) {
                    out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(r.right));
                }
            }
            return {scrollWidth: doc.scrollWidth, innerWidth: width, elements: out.slice(0, 15)};
        }"""
    )


def body_font_size(page) -> float:
    """Computed font size (px) of the article's own running text (not the lede box, captions or related links)."""
    size = page.eval_on_selector_all(
        BODY_TEXT,
        """els => {
            const body = els.filter(e => !e.closest('aside, section, header, figure, nav, .gh-meta'));
            return body.length ? parseFloat(getComputedStyle(body[0]).fontSize) : null;
        }""",
    )
    assert size, f"no article body text on {page.url}"
    return size


def article_title(url: str) -> str:
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    for path in (REPO / "content" / "news").glob(f"*/{slug}.md"):
        front = path.read_text(encoding="utf-8").split("---", 2)[1]
        return yaml.safe_load(front)["title"]
    raise AssertionError(f"no article source for {url}")


def result_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".gh-result__title a", "els => els.map(e => e.href)")
    return [urlsplit(href).path for href in hrefs]


def wait_for_result(page, expected_path: str) -> list[str]:
    """The search page's result paths once results show, pressing 'more' until `expected_path` appears (or no more)."""
    page.wait_for_selector(".gh-result__title a", timeout=15_000)
    for _ in range(10):
        paths = result_paths(page)
        if expected_path in paths:
            return paths
        more = page.locator("#gh-search-more")
        if more.count() == 0 or not more.first.is_visible():
            return paths
        more.first.click()
        page.wait_for_function("n => document.querySelectorAll('.gh-result__title a').length > n", arg=len(paths))
    return result_paths(page)


TAP_TARGETS_JS = """
(selector) => {
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || style.visibility !== 'visible' || style.pointerEvents === 'none') continue;
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(hit === el || el.contains(hit))) continue;  // covered: not something a finger can reach now
        out.push({html: el.outerHTML.slice(0, 160), width: r.width, height: r.height});
    }
    return out;
}
"""


# --------------------------------------------------------------------------------------------------- tests


def test_guard_blocks_every_other_host(browsing, base):
    """The network guard itself: anything but our server is aborted and recorded (so the other tests can trust it)."""
    page = browsing.page(DESKTOP)
    browsing.goto(page, "")
    other_port = "http://127.0.0.1:9/x.js" if not base.startswith("http://127.0.0.1:9/") else "http://127.0.0.1:10/x.js"
    outcome = page.evaluate(
        """async (urls) => {
            const out = [];
            for (const url of urls) {
                try { await fetch(url, {mode: 'no-cors'}); out.push('loaded'); } catch (e) { out.push('failed'); }
            }
            return out;
        }""",
        ["https://cdn.jsdelivr.net/npm/axe-core/axe.min.js", other_port, "http://localhost:1/"],
    )
    assert outcome == ["failed", "failed", "failed"]
    guard = browsing.guards[0]
    assert [b.split()[1] for b in guard.blocked] == ["https://cdn.jsdelivr.net/npm/axe-core/axe.min.js", other_port,
                                                     "http://localhost:1/"]
    guard.blocked.clear()
    guard.console_errors.clear()  # the aborted fetches log 'net::ERR_BLOCKED_BY_CLIENT'
    browsing.assert_clean()


def test_home_page_desktop(browsing):
    page = browsing.page(DESKTOP)
    browsing.goto(page, "")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "职工新闻网" in page.title()
    assert page.locator(".md-content a[href*='news/2022/']").count() > 0, "home page lists no 2022 article"
    assert horizontal_overflow(page) is None
    browsing.assert_clean()


def test_home_page_phone(browsing):
    page = browsing.page(PHONE)
    browsing.goto(page, "")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.evaluate("window.innerWidth") == 360
    assert page.locator(".md-content a[href*='news/2022/']").first.is_visible()
    overflow = horizontal_overflow(page)
    assert overflow is None, f"home page scrolls sideways at 360 px: {overflow}"
    browsing.assert_clean()


LIST_MARKS_JS = """() => Array.from(document.querySelectorAll('ul.gh-tags > li, ul.gh-list > li, ul.gh-cards > li'))
  .map(li => [li.parentElement.className, getComputedStyle(li).listStyleType, getComputedStyle(li).marginLeft])
  .filter(([, mark, left]) => mark !== 'none' || left !== '0px')
  .concat(Array.from(document.querySelectorAll('ul.gh-tags')).filter(ul => getComputedStyle(ul).display !== 'flex')
    .map(ul => [ul.className, 'pills not in a row (display ' + getComputedStyle(ul).display + ')', '']))"""


def test_pills_stories_and_cards_have_no_bullets_or_indent(browsing, pages):
    # Tags, sub-region pills, story lists and cards: no list bullet beside them, no indent eating a phone's width;
    # pills side by side.
    page = browsing.page(PHONE)
    found = []
    for kind, url in {**pages, "news": "news/"}.items():
        browsing.goto(page, url)
        found += [f"{kind} /{url}: ul.{cls} li has {mark}, margin-left {left}" for cls, mark, left in page.evaluate(LIST_MARKS_JS)]
    assert not found, "\n".join(found[:20])
    browsing.assert_clean()


def test_no_horizontal_scroll_at_360px(browsing, pages):
    page = browsing.page(PHONE)
    wide = {}
    for kind, url in pages.items():
        browsing.goto(page, url)
        overflow = horizontal_overflow(page)
        if overflow is not None:
            wide[f"{kind} /{url}"] = overflow
    assert wide == {}, "pages wider than a 360 px phone:\n" + "\n".join(f"{k}: {v}" for k, v in wide.items())
    browsing.assert_clean()


def test_home_to_article_and_back(browsing, base):
    page = browsing.page(DESKTOP)
    browsing.goto(page, "")
    link = page.locator(".md-content a[href*='news/2022/']:not([aria-hidden='true'])").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(re.escape(base) + r"news/2022/\d\d/[a-z0-9-]+/$"))
    target = urlsplit(page.url).path.lstrip("/")
    assert target == urlsplit(base + href).path.lstrip("/"), (href, page.url)
    assert page.locator("article h1").first.inner_text().strip() == article_title(target)
    page.go_back()
    page.wait_for_url(base)
    assert page.title().startswith("首页")
    assert page.locator(f".md-content a[href='{href}']").count() > 0
    browsing.assert_clean()


def test_every_image_has_alt_text(browsing, pages):
    page = browsing.page(DESKTOP)
    missing = []
    for kind, url in pages.items():
        browsing.goto(page, url)
        count = page.locator("img").count()
        bad = page.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).map(e => e.outerHTML)")
        missing += [f"{kind} /{url}: {html}" for html in bad]
        if kind == "article":
            assert count > 0, "the checked article should have its photo"
    assert missing == [], "images without alt text:\n" + "\n".join(missing)
    browsing.assert_clean()


def test_body_text_line_spacing(browsing, pages):
    for device in (DESKTOP, PHONE):
        page = browsing.page(device)
        browsing.goto(page, pages["article"])
        ratios = page.eval_on_selector_all(
            BODY_TEXT,
            """els => els.map(e => {
                const s = getComputedStyle(e);
                const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight);
                return [e.textContent.slice(0, 20), lh / parseFloat(s.fontSize), s.lineHeight, s.fontSize];
            })""",
        )
        assert len(ratios) >= 3, "article body paragraphs not found"
        tight = [r for r in ratios if not r[1] >= 1.5]
        assert tight == [], f"body text with line spacing below 1.5 at {device['viewport']['width']} px: {tight}"
    browsing.assert_clean()


def test_tap_targets_on_phone(browsing, pages):
    small = []
    for kind in ("home", "article"):
        page = browsing.page(PHONE)
        browsing.goto(page, pages[kind])
        header = page.evaluate(TAP_TARGETS_JS, "header.md-header a, header.md-header button, header.md-header label, "
                                               "header.md-header input, header.md-header [role=button]")
        assert header, f"no tappable control in the header of /{pages[kind]}"
        page.locator(".gh-font-switch").scroll_into_view_if_needed()
        switch = page.evaluate(TAP_TARGETS_JS, ".gh-font-switch button")
        assert len(switch) == 3, f"/{pages[kind]}: the 字号 buttons are not all visible and tappable at 360 px"
        small += [f"/{pages[kind]}: {t['width']:.0f}x{t['height']:.0f} {t['html']}" for t in header + switch
                  if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET]
    assert small == [], f"tap targets smaller than {MIN_TARGET}x{MIN_TARGET} CSS px:\n" + "\n".join(small)
    browsing.assert_clean()


# Queries whose right answer is known from content/ and data/. With the fixture's small shards the answers
# sit in different shards (test_search_answers_come_from_several_shards), so these also test the merging.
SEARCHES = [
    ("茶艺", "news/2022/06/huaibei-zhigong-yexiao-chayi/"),  # the tea-art class in Huaibei, in one article
    ("青铜峡", "news/2022/06/qingtongxia-fayuan-gonghui-tiaojie/"),  # a county named in one article
    ("陈世元", "workers/chen-shiyuan/"),  # a model worker's own page
    ("仁怀市", "regions/520382/"),  # a county's region page
]


def test_material_search_is_gone(browsing):
    page = browsing.page(DESKTOP)
    browsing.goto(page, "")
    assert page.locator(".md-search, [data-md-component=search]").count() == 0, "Material's own search is still there"
    assert page.locator("header form.gh-search-form input[name='q']").count() == 1
    browsing.assert_clean()


@pytest.mark.parametrize("query,expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_chinese_search_from_header(browsing, base, query, expected):
    page = browsing.page(DESKTOP)
    browsing.goto(page, "")
    box = page.locator("header form.gh-search-form input[name='q']")
    box.click()
    box.press_sequentially(query)
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(base) + r"search/\?"))
    parts = urlsplit(page.url)
    assert parts.path == "/search/" and parse_qs(parts.query).get("q") == [query], page.url
    assert page.locator("#gh-search").count() == 1
    paths = wait_for_result(page, "/" + expected)
    assert "/" + expected in paths, f"{query!r}: expected /{expected} among the results, got {paths}"
    browsing.assert_clean()


def test_search_answers_come_from_several_shards(site_dir):
    # What makes the header-search tests above prove that the search page merges every shard.
    shards = search_shards(site_dir)
    assert len(shards) >= 3, sorted(shards)
    holding = {folder for _, expected in SEARCHES for folder, urls in shards.items() if "/" + expected in urls}
    assert len(holding) >= 2 and holding != {""}, holding


def test_search_page_on_phone(browsing):
    query, expected = SEARCHES[0]
    page = browsing.page(PHONE)
    browsing.goto(page, "search/")
    box = page.get_by_label("搜索新闻、专项行动、职工培训、劳模工匠和地区")
    box.wait_for(state="visible")
    box.click()
    box.press_sequentially(query)
    paths = wait_for_result(page, "/" + expected)
    assert "/" + expected in paths, f"{query!r} on the phone search page: got {paths}"
    overflow = horizontal_overflow(page)
    assert overflow is None, f"search page scrolls sideways at 360 px: {overflow}"
    browsing.assert_clean()


def test_font_switch_on_every_page(browsing, pages):
    page = browsing.page(DESKTOP)
    absent = []
    for _kind, url in {**pages, "news": "news/", "search": "search/"}.items():
        browsing.goto(page, url)
        labels = {}
        for size in ("large", "medium", "small"):
            button = page.locator(f".gh-font-switch button[data-gh-font='{size}']")
            if button.count() != 1 or not button.is_visible():
                absent.append(f"/{url}: button {size} missing or hidden")
                continue
            labels[size] = button.inner_text().strip()
        if len(labels) == 3 and labels != {"large": "大", "medium": "中", "small": "小"}:
            absent.append(f"/{url}: labels {labels}")
    assert absent == [], "字号 switch:\n" + "\n".join(absent)
    browsing.assert_clean()


def test_font_switch_persists_across_pages(browsing, pages):
    page = browsing.page(DESKTOP)
    browsing.goto(page, pages["article"])
    switch = ".gh-font-switch button[data-gh-font='{}']"
    page.locator(switch.format("large")).wait_for(state="visible")
    medium = body_font_size(page)

    page.locator(switch.format("large")).click()
    page.wait_for_selector("html[data-gh-font='large']", state="attached")
    large = body_font_size(page)
    assert large > medium, f"大 should enlarge body text: {medium}px -> {large}px"
    assert page.evaluate("localStorage.getItem('gh-font-size')") == "large"
    assert page.get_attribute(switch.format("large"), "aria-pressed") == "true"

    browsing.goto(page, OTHER_ARTICLE)  # another page: the choice is still there
    assert page.get_attribute("html", "data-gh-font") == "large"
    assert body_font_size(page) == pytest.approx(large)

    page.locator(switch.format("medium")).click()
    page.wait_for_function("document.documentElement.getAttribute('data-gh-font') !== 'large'")
    back_to_medium = body_font_size(page)
    assert back_to_medium == pytest.approx(medium)
    page.locator(switch.format("small")).click()
    page.wait_for_selector("html[data-gh-font='small']", state="attached")
    assert body_font_size(page) < back_to_medium, "小 should make body text smaller than 中"
    browsing.goto(page, pages["home"])
    assert page.get_attribute("html", "data-gh-font") == "small"
    browsing.assert_clean()


def test_article_prints_without_navigation(browsing, pages):
    """The print stylesheet keeps the headline block, credits and text, and drops site chrome and controls."""
    page = browsing.page(DESKTOP)
    browsing.goto(page, pages["article"])
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries([
            '.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.gh-toolbar', '.gh-related',
            '.gh-headline__title', '.gh-meta', '.gh-lede', 'article.md-content__inner p:not([class])'
        ].map(sel => {
            const el = document.querySelector(sel);
            return [sel, el ? getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0 : null];
        }))"""
    )
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".gh-toolbar", ".gh-related"):
        assert shown[chrome] in (False, None), f"{chrome} is printed"
    for kept in (".gh-headline__title", ".gh-meta", ".gh-lede", "article.md-content__inner p:not([class])"):
        assert shown[kept] is True, f"{kept} is missing from the printout"
    assert shown[".md-header"] is False and shown[".gh-toolbar"] is False
    browsing.assert_clean()
