"""Property-based: whatever an editor writes, the core answers with problems, never a traceback."""

import yaml
from gonghui.core.load.articles import ARTICLE_FIELDS, read_article
from gonghui.core.load.records.campaigns import read_campaign
from gonghui.core.load.records.training import read_training
from gonghui.core.load.records.workers import read_worker
from gonghui.core.load.yamlsource import YamlError, load_yaml
from gonghui.core.model.regions import official_table
from gonghui.core.problems import Problems
from hypothesis import HealthCheck, given, settings
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


@common
@given(st.text(max_size=300))
def test_any_text_at_all_is_handled(text):
    problems = Problems()
    read_article("news/2022/x.md", "---\n" + text + "\n---\n", "x.md", problems)
    read_article("news/2022/x.md", text, "x.md", problems)


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
