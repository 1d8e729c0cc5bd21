"""How search cuts Chinese (core/output/search_text.py), without a build: the same units when indexing and
asking, every substring of a page found by its tokens, stored tokens read back as the page's own text."""

from __future__ import annotations

import re

import pytest
from gonghui.core.output.search_text import (
    MOST_PER_PAGE,
    SPACE_MARK,
    TITLE_SLOTS,
    cut,
    index_html,
    index_text,
    query_terms,
    readable,
    title_slots,
    without_ignored,
)
from hypothesis import given, settings
from hypothesis import strategies as st

CASES = [
    # text, its index tokens
    ("高密市总工会", "高密 密市 市总 总工 工会 会"),
    ("仁怀市", "仁怀 怀市 市"),
    ("建会小分队。", "建会 会小 小分 分队 队 。"),
    ("会", "会"),
    ("六个100行动", "六个 个 100 行动 动"),
    ("合肥地铁5号线", "合肥 肥地 地铁 铁 5 号线 线"),
    ("1.5亿元", "1.5 亿元 元"),
    ("Model Worker 陈世元", f"Model Worker {SPACE_MARK} 陈世 世元 元"),
    ("第 1 届", f"第 {SPACE_MARK} 1 {SPACE_MARK} 届"),
    ("“法院+工会”联手", "“ 法院 院 +工会 ” 联手 手".replace("+工会", "+ 工会 会")),
    ("𠀋𠀌", "𠀋𠀌 𠀌"),  # characters beyond the BMP (Extension B) are Chinese too
]


@pytest.mark.parametrize("text,tokens", CASES, ids=[c[0] for c in CASES])
def test_index_tokens(text, tokens):
    assert index_text(text) == tokens
    assert readable(index_text(text)) == text


QUERIES = [
    ("高密市总工会", ["高密", "密市", "市总", "总工", "工会"]),
    ("工会", ["工会"]),
    ("会", ["会"]),
    ("高密 市总工会", ["高密", "市总", "总工", "工会"]),  # typed with a space: the same units minus the one across it
    ("六个100", ["六个", "100"]),
    ("5号线", ["5", "号线"]),
    ("1.5亿元", ["15", "亿元"]),  # Pagefind indexes 1.5 as 15
    ("《工人日报》", ["工人", "人日", "日报"]),  # punctuation is not searched
    ("Model", ["model"]),
    ("“”，。", []),
]


@pytest.mark.parametrize("query,terms", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_terms(query, terms):
    assert query_terms(query) == terms


def test_inline_elements_do_not_break_a_run_and_blocks_do():
    html = ('<h2 id="jian-hui" class="x">建会<strong>小分队</strong>走访</h2><p>高密市<a href="/x/">总工会</a></p>'
            '<script>var s = "中文";</script><p>a &amp; b &lt;c&gt;</p>')
    out = index_html(html)
    # 队走 crosses </strong>: the token goes with 队, in the element; 会小 with 会, before it.
    assert f'<h2 id="jian-hui"> 建会 会小 <strong> 小分 分队 队走 </strong> 走访 访 {SPACE_MARK} </h2>' in out
    assert "<p> 高密 密市 市总 <a> 总工 工会 会 " in out
    assert "script" not in out and "中文" not in out  # Pagefind does not index scripts
    assert "<p> a &amp; b &lt;c&gt;" in out  # entities stay escaped
    # Read back, the blocks are apart and each reads as written.
    stored = " ".join(re.sub(r"<[^>]+>", " ", out).split())
    assert readable(stored) == "建会小分队走访 高密市总工会 a &amp; b &lt;c&gt; "


def test_the_document_keeps_only_what_pagefind_reads():
    document = ('<!doctype html><html lang="und-x-bigram"><head><meta charset="utf-8"><title>标题</title></head>'
                '<body><main data-pagefind-body><span data-pagefind-meta="title:标题, 二"></span>'
                '<h1 class="gh-headline" data-pagefind-weight="10">标题</h1><!-- note --><img src="a.jpg" alt="图">'
                "<p class='x' style='color:red'>正文<em>内容</em></p></main></body></html>")
    assert index_html(document) == (
        '<!doctype html><html lang="und-x-bigram"><body><main data-pagefind-body>'
        '<span data-pagefind-meta="title:标题, 二"></span><h1 data-pagefind-weight="10"> '
        + " ".join(title_slots(["标题", "题", SPACE_MARK])) + " </h1><img>"
        "<p> 正文 文内 <em> 内容 容 \u200c </em></p></main></body></html>")


# Hypothesis: texts of Chinese, letters, digits, punctuation and spaces, as editors write them.
CHUNKS = st.sampled_from(["工", "会", "高", "密", "市", "总", "建", "队", "𠀋", "5", "100", "1.5", "Model", "号", "线",
                          "，", "。", "“", "”", "+", " ", "  ", "\n", "·", "e-mail", "_x"])
TEXTS = st.lists(CHUNKS, min_size=1, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_stored_tokens_read_back_as_the_text(text):
    expected = " ".join(text.split())  # runs of whitespace read back as one space, none at the ends
    assert readable(index_text(text)) == expected


def indexed_words(text: str) -> set[str]:
    """The words Pagefind keeps from our tokens: letters, digits and _, lowercased."""
    return {w for w in (re.sub(r"[^\w]", "", token).lower() for _, token in cut(text)) if w}


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_every_query_that_occurs_in_a_text_finds_it(text, data):
    # A query is any stretch of the text that starts where a piece starts (a word is found by its beginning).
    starts = [m.start() for m in re.finditer(r"[\u4e00-\u9fff\U00020000-\U0003134f]|(?<![\w.+-])[\w]", text)]
    if not starts:
        return
    start = data.draw(st.sampled_from(starts))
    end = data.draw(st.integers(start + 1, len(text)))
    query = text[start:end]
    words = indexed_words(text)
    for term in query_terms(query):
        assert any(word.startswith(term) for word in words), (query, term, sorted(words))


def test_a_page_indexes_each_pair_at_its_first_occurrences_only():
    # 工会 said ten times: three occurrences find and rank the page; the rest are single characters, which
    # read back the same and keep the common pair's index (what a reader downloads for 工会) small.
    html = "<h1>总工会</h1><p>" + "县总工会，" * 9 + "</p>"
    out = index_html(html)
    stored = re.sub(r"<[^>]+>", " ", out).split()
    assert stored.count("工会") == MOST_PER_PAGE == 3 and stored.count("总工") == 3
    assert stored.count("县总") == 3 and stored.count("县") == 6
    text = re.sub(r"<[^>]+>", " ", out.split("</h1>")[1]).split()
    assert readable(" ".join(text)) == "县总工会，" * 9 + " "
    assert index_html(html) == out  # the count starts again for every page


def test_what_pagefind_ignores_is_dropped_and_uses_up_nothing():
    # A region page's lists are data-pagefind-ignore: were 高密市 counted there, its indexed mentions below
    # would be single characters and the page would not be found by 高密市.
    html = ('<nav data-pagefind-ignore>高密市 › <a href="/x/">高密市</a><div><div>高密市</div></div>高密市</nav>'
            '<section data-pagefind-ignore="all"><p>高密市</p></section><br data-pagefind-ignore><p>高密市总工会</p>')
    assert index_html(html) == "<br data-pagefind-ignore><p> 高密 密市 市总 总工 工会 会 \u200c </p>"


def test_what_pagefind_leaves_out_of_a_page_is_dropped():
    # A region page's chart (SVG) names the place in its title and labels; Pagefind does not index SVG.
    chart = '<svg><title>高密市</title><desc>高密市</desc><text>高密市</text><text>高密市</text></svg>'
    assert index_html(chart + '<form><label>高密市</label></form><p>高密市</p>') == "<p> 高密 密市 市 \u200c </p>"



def test_the_title_claims_its_pairs_first_wherever_it_is():
    # The title goes after the text (search.title_last) but weighs the most: its pairs are indexed whole,
    # and the text's first occurrences come after them, as when it came first.
    text = "<p>" + "县总工会，" * 4 + "</p>"
    first, last = index_html("<h1>总工会</h1>" + text), index_html(text + '<h1 id="t">总工会</h1>')
    assert last == re.sub(r"(<h1>.*</h1>)(.*)", r'\2\1', first).replace("<h1>", '<h1 id="t">')
    title = re.search(r'<h1 id="t">(.*)</h1>', last)
    assert title and title.group(1).split() == title_slots(["总工", "工会", "会", SPACE_MARK])
    assert sorted(set(title.group(1).split())) == sorted(["总工", "工会", "会", SPACE_MARK])


def positions(html: str) -> dict[str, int]:
    """Each indexed token of the title's first occurrence: its position among the page's words."""
    words = re.sub(r"<[^>]*>", " ", html).split()
    start = len(re.sub(r"<[^>]*>", " ", html.split("<h1")[0]).split())
    return {word: at for at, word in reversed(list(enumerate(words))) if at >= start and word != SPACE_MARK}


@pytest.mark.parametrize("edited", [
    "关于职工夜校开出茶艺课的报道",  # words added at the start
    "职工夜校开出茶艺课（更正）",  # at the end
    "职工夜校今年开出茶艺课",  # in the middle
    "夜校开出茶艺课",  # the start cut
])
def test_a_title_edited_anywhere_moves_none_of_the_units_it_kept(edited):
    # Pagefind stores each unit's positions and a moved unit rewrites its index chunk, which a redeploy
    # uploads (issue 18): a unit of the title keeps its position whatever else of the title changes.
    text = "<p>职工夜校的茶艺课很受欢迎。</p>"
    before = positions(index_html(text + '<h1 id="t">职工夜校开出茶艺课</h1>'))
    after = positions(index_html(text + f'<h1 id="t">{edited}</h1>'))
    kept = set(before) & set(after)
    assert len(kept) >= 6
    assert {unit: after[unit] for unit in kept} == {unit: before[unit] for unit in kept}
    assert set(after) == set(index_text(edited).split()) - {"，", "（", "）", SPACE_MARK}


def test_title_slots_hold_every_unit_once_and_grow_for_a_long_title():
    units = index_text("全国五一劳动奖章获得者许林寿").split()
    placed = title_slots(units)
    assert sorted(token for token in placed if token != SPACE_MARK) == sorted(units)
    assert len(placed) <= TITLE_SLOTS + 1 and placed[-1] == SPACE_MARK
    long_title = index_text("关于" + "职工书屋" * 10).split()  # 42 units; 职工 and the others said 10 times: each occurrence its slot
    placed = title_slots(long_title)
    assert sorted(token for token in placed if token != SPACE_MARK) == sorted(long_title)
    assert TITLE_SLOTS < len(placed) <= 2 * TITLE_SLOTS + 1


IGNORED_PARTS = [
    '<p>阜宁县总工会</p><section class="gh-related" data-pagefind-ignore><h2>相关报道</h2><ul><li><a href="/x/">新报道</a>'
    '</li></ul></section><p>职工之家</p>',
    '<div data-pagefind-ignore><div>里层<div>更里层</div></div>仍在外层里</div>尾巴<em>强调</em>',  # nested, same element
    '前文<img data-pagefind-ignore alt="图"> 后文',  # a void element has no content to leave out
    '<nav data-pagefind-ignore="all">上级地区</nav><h1>迎泽区</h1><dl data-pagefind-ignore><dt>人口</dt></dl>',
    "<p>没有要略去的部分</p>",
]


@pytest.mark.parametrize("html", IGNORED_PARTS)
def test_parts_pagefind_leaves_out_are_left_out_of_the_document_and_nothing_else(html):
    stripped = without_ignored(html)
    assert index_html(stripped) == index_html(html)  # Pagefind reads the same
    assert "新报道" not in stripped and "里层" not in stripped and "人口" not in stripped and "上级地区" not in stripped
    assert without_ignored(stripped) == stripped
    changed = html.replace("新报道", "又一篇新报道").replace("更里层", "换了").replace("人口", "面积")
    assert without_ignored(changed) == stripped  # a new story in the list does not change the document
