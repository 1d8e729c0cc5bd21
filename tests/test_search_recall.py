"""Chinese search in Chromium on the sample site (issue 15): every page that says a query is found, results read
as Chinese with their kind and date, a reader narrows by kind and sorts by date, and an empty search suggests.

The site is built with small index shards, so that every search merges several bundles per kind, as on a site
of many thousand articles. The query list and the right answers come from scripts/benchlib/recall.py, which the
recall benchmark (scripts/search_recall.py) uses too.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import quote, urlsplit

import pytest
from browser_support import DESKTOP, PHONE, REPO, Guard, build_sample_site, serve
from gonghui.core.output.search_text import query_terms, readable

sys.path.insert(0, str(REPO / "scripts"))
from benchlib.recall import SAMPLE_QUERIES, QueryRecall, indexed_pages, measure_recall  # noqa: E402

SHARD_PAGES = 12


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    return build_sample_site(tmp_path_factory.mktemp("search-site"), search_shard_pages=SHARD_PAGES)


@pytest.fixture(scope="module")
def whole_base(tmp_path_factory):
    """The sample site with its index in one shard, as a site of up to 2,000 pages has it: Pagefind scores
    pages against the other pages of their shard, so ranking is tested where every page is in one."""
    with serve(build_sample_site(tmp_path_factory.mktemp("search-site-whole"))) as url:
        yield url


@pytest.fixture
def open_page(browser):
    """A guarded page (no request leaves 127.0.0.1, no console error) for one test."""
    contexts, guards = [], []

    def make(device=DESKTOP):
        context = browser.new_context(**device, locale="zh-CN", timezone_id="Asia/Shanghai", service_workers="block")
        context.set_default_timeout(15_000)
        guard = Guard("http://127.0.0.1:")  # either test site, nothing else
        guard.attach(context)
        contexts.append(context)
        guards.append(guard)
        return context.new_page()

    yield make
    problems = [problem for guard in guards for problem in guard.problems()]
    for context in contexts:
        context.close()
    assert not problems, "browser problems:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def recall(browser, base, site_dir) -> dict[str, QueryRecall]:
    context = browser.new_context(locale="zh-CN")
    try:
        results = measure_recall(context.new_page(), base, site_dir, SAMPLE_QUERIES)
    finally:
        context.close()
    return {r.query: r for r in results}


def test_the_shards_are_many(site_dir):
    import json

    others = json.loads((site_dir / "pagefind" / "gonghui-shards.json").read_text(encoding="utf-8"))["bundles"]
    assert len(others) >= 3, others


@pytest.mark.parametrize("query", [q for q, _ in SAMPLE_QUERIES])
def test_every_page_that_says_the_query_is_found(recall, query):
    result = recall[query]
    assert result.expected, f"{query!r} is on no indexed page of the sample site: the query list needs a new query"
    assert not result.missed, f"{query!r}: {len(result.missed)} of {len(result.expected)} pages not found: {sorted(result.missed)}"


def test_overall_recall(recall):
    expected = sum(len(r.expected) for r in recall.values())
    found = sum(len(r.expected) - len(r.missed) for r in recall.values())
    assert len(recall) >= 40 and expected >= 300
    assert found / expected == 1.0


# ---------------------------------------------------------------------------------------- the page's script


PARITY_TEXTS = ["高密市总工会", "Model Worker 陈世元", "第 1 届", "“法院+工会”联手", "1.5亿元", "六个100行动", "𠀋𠀌", "a & b <c>",
                "合肥地铁5号线 e-mail", "小驿站 大温暖"]


def test_the_page_cuts_queries_and_reads_tokens_as_python_does(open_page, base):
    from gonghui.core.output.search_text import index_text

    page = open_page()
    page.goto(base + "search/")
    page.wait_for_function("() => window.ghSearch !== undefined")
    for text in PARITY_TEXTS:
        assert page.evaluate("t => window.ghSearch.queryTerms(t)", text) == query_terms(text), text
        stored = index_text(text)
        assert page.evaluate("t => window.ghSearch.readable(t)", stored) == readable(stored), text


def search(page, base, query, kind="", sort=""):
    url = f"{base}search/?q={quote(query)}" + (f"&kind={quote(kind)}" if kind else "") + (f"&sort={sort}" if sort else "")
    page.goto(url)
    page.wait_for_function("() => { const s = document.getElementById('gh-search-status').textContent;"
                           " return s && !s.startsWith('正在'); }")
    return page.locator("#gh-search-status").inner_text()


def shown(page) -> list[dict]:
    return page.eval_on_selector_all(".gh-result", """els => els.map(el => ({
        url: new URL(el.querySelector('.gh-result__title a').href).pathname,
        title: el.querySelector('.gh-result__title').innerText,
        kind: el.querySelector('.gh-result__kind').innerText,
        date: (el.querySelector('time') || {}).textContent || '',
        datetime: (el.querySelector('time') || {dateTime: ''}).dateTime,
        excerpt: el.querySelector('.gh-result__excerpt').innerText,
        marks: Array.from(el.querySelectorAll('.gh-result__excerpt mark')).map(m => m.textContent),
    }))""")


def show_all(page) -> list[dict]:
    for _ in range(20):
        more = page.locator("#gh-search-more")
        if not more.is_visible():
            break
        count = page.locator(".gh-result").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.gh-result').length > n", arg=count)
    return shown(page)


def test_results_read_as_chinese_with_title_kind_and_date(open_page, base, site_dir):
    texts = {page.url: " ".join(page.text.split()) for page in indexed_pages(site_dir).values()}
    page = open_page()
    status = search(page, base, "建会小分队")
    items = show_all(page)
    assert status == f"找到{len(items)}个结果。" and len(items) >= 5
    for item in items:
        assert item["title"] and item["kind"] in {"新闻", "专项行动", "职工培训", "劳模工匠", "地区", "其他"}, item
        if item["kind"] != "其他":
            assert re.fullmatch(r"\d{4}年(\d{1,2}月\d{1,2}日)?", item["date"]), item
        # The excerpt is the page's own text (no token soup, no separators), with the query marked in it.
        excerpt = item["excerpt"].strip()
        assert excerpt and excerpt in texts[item["url"]], (item["url"], excerpt)
        assert "\u200c" not in excerpt and "建会 会小" not in excerpt
    assert any(mark == "建会小分队" for item in items for mark in item["marks"]), items


def test_the_excerpt_comes_from_the_text_not_the_title(open_page, base):
    # The title is indexed after the text and weighs the most: Pagefind's own excerpt would be the story's last
    # lines and its title. The result shows the title above; the excerpt is where the text says the query.
    page = open_page()
    search(page, base, "农民工")
    item = next(i for i in show_all(page) if i["url"] == "/news/2022/06/qingtongxia-fayuan-gonghui-tiaojie/")
    assert "".join(item["title"].split()) == "“法院+工会”联手化解农民工“愁薪事”"
    assert "愁薪事" not in item["excerpt"] and "农民工" in item["marks"], item


def test_a_reader_narrows_to_one_kind(open_page, base):
    page = open_page()
    search(page, base, "工会")
    everything = show_all(page)
    counts = {kind: sum(1 for item in everything if item["kind"] == kind) for kind in ("新闻", "劳模工匠", "地区")}
    option = page.locator("#gh-search-kind option[value='劳模工匠']").inner_text()
    assert option == f"劳模工匠（{counts['劳模工匠']}）"
    page.select_option("#gh-search-kind", "劳模工匠")
    page.wait_for_function("() => document.getElementById('gh-search-status').textContent.includes('（劳模工匠）')")
    narrowed = show_all(page)
    assert narrowed and {item["kind"] for item in narrowed} == {"劳模工匠"}
    assert len(narrowed) == counts["劳模工匠"]
    assert "kind=%E5%8A%B3%E6%A8%A1%E5%B7%A5%E5%8C%A0" in page.url  # the address keeps the choice


def test_newest_first_across_shards(open_page, base):
    page = open_page()
    search(page, base, "工会", kind="新闻", sort="date")
    items = show_all(page)
    days = [item["datetime"] for item in items]
    assert len(days) >= 6 and days == sorted(days, reverse=True), days
    search(page, base, "工会", sort="date")
    mixed = [item["datetime"] or "0000" for item in show_all(page)]
    assert mixed == sorted(mixed, reverse=True), mixed
    relevance = [item["datetime"] for item in (search(page, base, "工会") and show_all(page))]
    assert relevance != sorted(relevance, reverse=True)  # the default order really is another one


def test_a_name_finds_its_own_page_first_then_the_stories(open_page, whole_base):
    base = whole_base
    page = open_page()
    search(page, base, "陈世元")
    items = shown(page)
    assert items[0]["url"] == "/workers/chen-shiyuan/", items
    assert [item["kind"] for item in items[1:]] == ["新闻"] * (len(items) - 1), items
    search(page, base, "仁怀市")  # a place: its region page near the top (its name is its heading)
    assert "/regions/520382/" in [item["url"] for item in shown(page)[:3]]


def test_a_page_that_says_it_more_ranks_higher(open_page, whole_base, site_dir):
    base = whole_base
    pages = {p.url: p.text for p in indexed_pages(site_dir).values()}
    page = open_page()
    search(page, base, "茶艺")
    items = shown(page)
    counts = [pages[item["url"]].count("茶艺") for item in items if item["kind"] == "新闻"]
    assert counts and counts[0] == max(counts), counts


def test_an_empty_search_suggests_words_and_pages(open_page, base):
    page = open_page()
    status = search(page, base, "仁怀市火星基地")
    assert status.startswith("没有找到包含“仁怀市火星基地”的页面")
    page.wait_for_selector("#gh-search-suggest:not([hidden])")
    suggest = page.locator("#gh-search-suggest")
    assert suggest.get_by_role("link", name="地区：仁怀市").count() == 1
    word = suggest.get_by_role("button", name=re.compile(r"^仁怀市（\d+）$"))
    assert word.count() == 1
    word.click()
    page.wait_for_function("() => document.getElementById('gh-search-status').textContent.startsWith('找到')")
    assert page.locator("#gh-search-input").input_value() == "仁怀市"
    status = search(page, base, "鲲鹏翱翔")  # no page has even a part of it
    assert status == "没有找到包含“鲲鹏翱翔”的页面。"
    assert page.locator(".gh-result").count() == 0


def test_typing_in_the_labelled_box_searches(open_page, base):
    page = open_page(PHONE)
    page.goto(base + "search/")
    box = page.get_by_label("搜索新闻、专项行动、职工培训、劳模工匠和地区")
    box.press_sequentially("高密 总工会")
    page.wait_for_selector(".gh-result")
    assert "q=%E9%AB%98%E5%AF%86+%E6%80%BB%E5%B7%A5%E4%BC%9A" in page.url
    assert "/campaigns/gaomi-zhongzi-fuhua-gongcheng/" in [item["url"] for item in show_all(page)]
    # On a phone the results use the whole width: they start where the search box starts (no list indent).
    box_left = box.bounding_box()["x"]
    assert abs(page.locator(".gh-result").first.bounding_box()["x"] - box_left) < 2


def test_search_page_has_no_serious_axe_violations(open_page, base):
    from axe_playwright_python.sync_playwright import Axe

    for device in (DESKTOP, PHONE):
        page = open_page(device)
        search(page, base, "工会")
        violations = Axe().run(page).response["violations"]
        serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations if v.get("impact") in ("serious", "critical")]
        assert not serious, serious
        assert not [v["id"] for v in violations if v["id"].startswith("label")], violations


def test_header_box_lands_on_results(open_page, base):
    page = open_page()
    page.goto(base)
    box = page.locator("header form.gh-search-form input[name='q']")
    box.fill("樊勇超")
    box.press("Enter")
    page.wait_for_selector(".gh-result")
    assert urlsplit(page.url).path == "/search/"
    assert shown(page)[0]["url"].startswith("/news/")


def test_typing_with_a_chinese_input_method_searches_once_the_characters_are_chosen(open_page, base):
    # Chromium's own input-method events (DevTools Input.imeSetComposition): while the reader spells
    # "chayi" in pinyin nothing is searched; choosing 茶艺 searches at once.
    page = open_page()
    page.goto(base + "search/")
    page.wait_for_function("() => window.ghSearch !== undefined")
    page.locator("#gh-search-input").focus()
    ime = page.context.new_cdp_session(page)
    for typed in ("c", "ch", "cha", "chay", "chayi"):
        ime.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
    page.wait_for_timeout(800)  # longer than the search page waits after a keystroke
    assert page.locator("#gh-search-input").input_value() == "chayi"
    assert page.locator("#gh-search-status").inner_text() == "", "searched while the pinyin was being typed"
    ime.send("Input.insertText", {"text": "茶艺"})
    page.wait_for_selector(".gh-result")
    assert page.locator("#gh-search-input").input_value() == "茶艺"
    assert "/news/2022/06/huaibei-zhigong-yexiao-chayi/" in [item["url"] for item in show_all(page)]
