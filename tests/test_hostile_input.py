"""Property-based: whatever an editor writes, the core answers with problems, never a traceback."""

import yaml
from gonghui.core.load.articles import ARTICLE_FIELDS, read_article
from gonghui.core.load.records.campaigns import read_campaign
from gonghui.core.load.records.training import read_training
from gonghui.core.load.records.workers import read_worker
from gonghui.core.load.yamlsource import YamlError, load_yaml, read_front_matter
from gonghui.core.model.regions import official_table
from gonghui.core.problems import Problem, Problems, one_line
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

REGIONS = official_table()
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["2022-06-24", "2022-06-24 08:30", "六月十日", "仁怀市", "朝阳区", "\t", "\ufeff"]))
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12
)
keys = st.sampled_from(sorted(ARTICLE_FIELDS) + ["unknown", "标题", "start", "sessions", "targets", "honors", "name"])
documents = st.dictionaries(keys, values, max_size=8)
common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(documents)
def test_any_front_matter_gives_an_article_or_problems(data):
    source = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n正文\n"
    problems = Problems()
    article = read_article("news/2022/x.md", source, "content/news/2022/x.md", problems)
    assert article is not None or problems
    if article is not None and not article.broken:
        assert article.title and article.date
    for problem in problems.items:
        assert problem.path == "content/news/2022/x.md" and problem.message


# Text that is often YAML, or nearly: front matter that parses, and the ways it breaks.
YAMLISH_LINES = ["title: 标题", "date: 2022-06-24", "date: 2022-06-24 08:30", "tags: [职工, 劳模]", "- 一", "  k: v", "a: &x 1",
                 "b: *x", "title: &t [*t]", "title: '未完", 'title: "\\x"', "{", "[", "]", "? 键", ": 值", "key: |", "  正文",
                 "\tindented: 1", "title: 一\ttab", "%YAML 1.2", "!!python/object/apply:os.system [ls]", "title: !!binary AA==",
                 "title: 1", "title: true", "title: no", "title:", "---", "...", "#", "\ufeff---", "title: \x85\u2028", "\r"]
yamlish = st.lists(st.one_of(st.sampled_from(YAMLISH_LINES), st.text(max_size=12)), max_size=12).map("\n".join)


def lines_in(source: str) -> int:
    """The last line a problem may point at: YAML also ends lines at \\r, NEL and U+2028/9, as splitlines does."""
    return max(source.count("\n"), len(source.splitlines())) + 1


@common
@given(st.one_of(st.text(max_size=300), yamlish))
def test_any_text_at_all_is_handled(text):
    # The YAML layer: parsed data, or our YamlError pointing at a line of the text; never another exception.
    try:
        load_yaml(text)
    except YamlError as exc:
        assert 1 <= exc.problem.line <= lines_in(text) and exc.problem.message, exc.problem
    for source in ("---\n" + text + "\n---\n", text):
        try:
            read_front_matter(source)
        except YamlError as exc:
            expected = [Problem("x.md", exc.problem.line, one_line(exc.problem.message))]
            event("front matter refused")
        else:
            expected = None
            event("front matter read")
        # The article reader: an article, or problems saying why not, each at a line of the file.
        problems = Problems()
        article = read_article("news/2022/x.md", source, "x.md", problems)
        assert article is not None or problems, "refused without a problem"
        if expected is not None:  # the YAML error is what the editor is told, at its line
            assert article is None and problems.items == expected
        if article is not None and article.broken:
            assert problems
        if not problems:
            assert article is not None and not article.broken and article.title and article.date
        for problem in problems.items:
            assert problem.path == "x.md" and problem.message and problem.message.isprintable(), problem
            assert 1 <= problem.line <= lines_in(source), problem


@common
@given(documents)
def test_any_record_gives_a_record_or_problems(data):
    for reader in (read_campaign, read_training, read_worker):
        text = yaml.safe_dump(data, allow_unicode=True)
        try:
            parsed, _ = load_yaml(text)
        except YamlError:
            continue
        problems = Problems()
        record = reader("slug", parsed, "data/x.yml", REGIONS, problems)
        assert record is not None or problems


def test_recursive_alias_is_refused_or_handled():
    problems = Problems()
    read_article("news/2022/x.md", "---\ntitle: &a [*a]\ndate: 2022-06-24\n---\n", "x.md", problems)
    assert problems
