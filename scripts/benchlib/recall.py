"""Search recall: for each query, the pages whose indexed text contains it, and the pages the search page finds.

The right answer comes from the index itself: every fragment Pagefind stored (all bundles), read back into the
page's text with `search_text.readable`. A query should find a page when that text contains the query (spaces
and letter case aside). The found pages come from Chromium running the site's own search script
(`window.ghSearch`, assets/gonghui-search.js) on /search/, so the query is cut exactly as a reader's is.
Used by scripts/search_recall.py (figures for the README) and tests/test_search_recall.py (per-query asserts).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gonghui.core.output.search_text import readable

# (query, what it is). Over the repository's own sample site: every kind of thing a reader types.
SAMPLE_QUERIES: list[tuple[str, str]] = [
    ("高密市总工会", "organisation"), ("仁怀市总工会", "organisation"), ("阜宁县总工会", "organisation"),
    ("青铜峡市总工会", "organisation"), ("中铁十一局", "organisation"), ("味来酒业", "organisation"),
    ("总工会", "organisation part"), ("工会", "common word"), ("职工", "common word"), ("会", "one character"),
    ("高密", "place part"), ("高密市", "place"), ("仁怀市", "place"), ("仁怀", "place part"), ("阜宁县", "place"),
    ("青铜峡", "place part"), ("淮北市", "place"), ("合肥", "place part"), ("大连", "place part"), ("陕西", "place part"),
    ("英德", "place part"), ("陈世元", "person"), ("赵洪", "person"), ("马学礼", "person"), ("樊勇超", "person"),
    ("建会小分队", "programme"), ("六个100", "programme with digits"), ("5号线", "digits and Chinese"),
    ("攻坚60天", "digits and Chinese"), ("种子孵化工程", "programme"), ("职工夜校", "programme"),
    ("茶艺", "programme part"), ("劳动竞赛", "programme part"), ("医疗互助", "programme part"),
    ("法院+工会", "with punctuation"), ("“法院+工会”", "with punctuation"), ("1.5亿元", "figure"),
    ("48万元", "figure"), ("高密 总工会", "typed with a space"), ("仁怀市 建会", "typed with a space"),
    ("新就业形态劳动者", "common phrase"), ("职工书屋", "common phrase"), ("产改", "common word"),
    ("劳模", "common word"), ("愁薪事", "headline part"),
]

# Over the synthetic 10,000-article site of scripts/bench.py (its word pools are in benchlib/words.py).
BENCH_QUERIES: list[tuple[str, str]] = [
    ("总工会", "organisation part"), ("工会", "common word"), ("会", "one character"), ("职工", "common word"),
    ("高密市总工会", "organisation"), ("仁怀市总工会", "organisation"), ("大连市总工会", "organisation"),
    ("总工会职工服务中心", "organisation part"), ("困难职工帮扶中心", "organisation part"), ("产业工会", "organisation part"),
    ("集团有限公司", "organisation part"), ("高密市", "place"), ("仁怀市", "place"), ("阜宁县", "place"),
    ("青铜峡市", "place"), ("淮北", "place part"), ("合肥市", "place"), ("英德", "place part"), ("陕西省", "place"),
    ("金秋助学", "programme"), ("夏送清凉", "programme"), ("冬送温暖", "programme"), ("职工医疗互助", "programme"),
    ("户外劳动者驿站", "programme part"), ("工资集体协商", "programme"), ("新就业形态劳动者入会", "programme"),
    ("劳模创新工作室", "programme part"), ("安康杯", "programme part"), ("外卖送餐员", "people"),
    ("网约车司机", "people"), ("环卫工人", "people"), ("港口装卸工", "people"), ("茶艺", "skill"),
    ("无人机操作", "skill"), ("工业机器人运维", "skill"), ("面点制作", "skill"), ("心里踏实多了", "quote part"),
    ("燃眉之急", "quote part"), ("娘家人", "headline part"), ("小驿站 大温暖", "typed with a space"),
    ("以赛促学", "headline part"), ("神经末梢", "headline part"), ("工会主席", "role"), ("劳动模范", "role"),
    ("白酒酿造", "industry"), ("新能源", "industry"),
]

def normalized(text: str) -> str:
    """What a query is matched against: lower case, runs of spaces as one (blocks are apart by a space)."""
    return " ".join(text.split()).lower()


@dataclass
class IndexedPage:
    url: str
    text: str  # read back from the stored tokens
    searchable: str = field(init=False)

    def __post_init__(self) -> None:
        self.searchable = normalized(self.text)


def indexed_pages(site_dir: Path) -> dict[str, IndexedPage]:
    """Every fragment of every bundle under site/pagefind/, by its hash (what a search result's id is)."""
    pages: dict[str, IndexedPage] = {}
    for fragment in sorted((site_dir / "pagefind").rglob("*.pf_fragment")):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(text[len("pagefind_dcd"):])
        pages[fragment.stem] = IndexedPage(record["url"], readable(record["content"]))
    return pages


def expected_urls(pages: dict[str, IndexedPage], query: str) -> set[str]:
    """Pages that contain the query; typed with spaces, pages that contain each of its parts (a reader who
    types 高密 总工会 wants pages that say both)."""
    parts = [normalized(part) for part in query.split()]
    return {page.url for page in pages.values() if all(part in page.searchable for part in parts)}


# Runs on /search/: every result's id for each query, in the order shown (relevance).
FIND_JS = """async (queries) => {
  const index = await window.ghSearch.ready();
  const out = {};
  for (const query of queries) {
    const terms = window.ghSearch.queryTerms(query).join(" ");
    const found = await window.ghSearch.resultStream(index, terms, "", "");
    out[query] = found.ids;
  }
  return out;
}"""


@dataclass
class QueryRecall:
    query: str
    kind: str
    expected: set[str]
    found: list[str]  # URLs in result order

    @property
    def missed(self) -> set[str]:
        return self.expected - set(self.found)

    @property
    def recall(self) -> float:
        return 1.0 if not self.expected else len(self.expected & set(self.found)) / len(self.expected)

    @property
    def extra(self) -> int:
        """Results whose text does not contain the query as one string (its parts apart)."""
        return len(set(self.found) - self.expected)


def measure_recall(page: Any, base: str, site_dir: Path, queries: list[tuple[str, str]]) -> list[QueryRecall]:
    """Run every query on the site's search page (`page` is a Playwright page; `base` the site's URL)."""
    pages = indexed_pages(site_dir)
    page.goto(base + "search/", wait_until="load")
    page.wait_for_function("() => window.ghSearch !== undefined")
    ids: dict[str, list[str]] = page.evaluate(FIND_JS, [query for query, _ in queries])
    out = []
    for query, kind in queries:
        found = [pages[i].url if i in pages else f"?{i}" for i in ids[query]]
        out.append(QueryRecall(query, kind, expected_urls(pages, query), found))
    return out


def summary(results: list[QueryRecall]) -> dict[str, Any]:
    """Overall recall (pages found / pages that contain the query, over all queries) and what was missed."""
    expected = sum(len(r.expected) for r in results)
    found = sum(len(r.expected) - len(r.missed) for r in results)
    return {
        "queries": len(results),
        "queries_on_site": sum(1 for r in results if r.expected),
        "recall": found / expected if expected else 1.0,
        "pages_expected": expected,
        "pages_found": found,
        "empty": [r.query for r in results if r.expected and not r.found],
        "missed": {r.query: sorted(r.missed) for r in results if r.missed},
        "extra_results": sum(r.extra for r in results),
    }
