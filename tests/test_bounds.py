"""Bounded work (issue 13): deep nesting, quadratic markup and outside images end in our message, fast.

Work is counted, not timed: the scanners add the characters they visit to a `Counter`, and the tests
assert it stays within a few times the input. `scripts/bench_bounds.py` times the same inputs.
"""

from __future__ import annotations

import markdown
import pytest
from gonghui.core.check.limits import MAX_LIST_DEPTH, Counter, body_limit_problems
from gonghui.core.check.markup import find_missing_alt, find_outside_images, find_unsafe
from gonghui.core.generate.sanitize import sanitize_html
from gonghui.core.load.yamlsource import MAX_DEPTH, YamlError, check_bounds, load_yaml, read_front_matter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition"]
DEEP = "[" * 25_000

PATHOLOGICAL = {
    "brackets": "[" * 16_000,
    "emphasis": "*a " * 3_400 + "b" + " c*" * 3_400,
    "md_in_html": '<div markdown="1">\n\n' * 500 + "x\n\n" + "</div>\n\n" * 500,
    "lists": "".join("    " * i + "- a\n" for i in range(300)),
    "unclosed tags": "<a " * 30_000,
    "huge": "正文。\n\n" * 60_000,
}


def render(body: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(body)


# --- YAML ---------------------------------------------------------------------------------------


def test_25000_nested_brackets_in_front_matter_are_refused_before_libyaml():
    with pytest.raises(YamlError) as caught:
        read_front_matter(f"---\ntitle: 标题\ntags: {DEEP}\n---\n\n正文\n")
    assert caught.value.problem.line == 3
    assert caught.value.problem.message.startswith(f"GH443 嵌套超过 {MAX_DEPTH} 层")


@pytest.mark.parametrize("text", [
    "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH,
    "a:\n" + "".join("  " * i + "k:\n" for i in range(1, MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "k: 1\n",
])
def test_nesting_at_the_limit_is_read(text):
    load_yaml(text)


@pytest.mark.parametrize("text, line", [
    ("a: " + "[" * (MAX_DEPTH + 1), 1),
    ("x: 1\na:\n" + "".join("  " * i + "k:\n" for i in range(1, MAX_DEPTH + 2)), MAX_DEPTH + 2),
    ("- " * (MAX_DEPTH + 1) + "x", 1),
    ("a: {b: [{c: [\n" + "{" * MAX_DEPTH, 2),
])
def test_nesting_past_the_limit_names_the_line(text, line):
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.problem.line == line


def test_brackets_in_quotes_comments_and_block_scalars_do_not_count():
    data, _ = load_yaml(f'a: "{DEEP}"\nb: x # {DEEP}\nc: |\n  {DEEP}\n  - - - - -\nd: \'{DEEP}\'\n')
    assert data["a"] == DEEP and data["c"].startswith(DEEP) and data["d"] == DEEP


def test_a_yaml_file_over_the_size_limit_is_refused():
    with pytest.raises(YamlError, match="超过上限 1,000,000 字节"):
        load_yaml("a: " + "字" * 400_000)


# --- markup checks and the sanitizer -------------------------------------------------------------


def test_280_kb_of_video_tags_give_one_warning_in_linear_work():
    body = "<video>\n" * 35_000
    counter = Counter()
    findings = find_unsafe(body, [], counter)
    assert [(f.line, f.message) for f in findings] == [
        (1, "GH423 删去了 <video>：它来自不在信任名单上的网站（没有写地址）；确需嵌入，"
            "请管理员把这个网站加进 mkdocs.yml 的 trusted_embed_hosts；"
            "后面还有 34,999 处同样的问题 (removed unsafe HTML: embed from an untrusted host)")
    ]
    assert counter.visited <= 4 * len(body)
    assert "src=" not in sanitize_html(render(body))  # an embed without a trusted address requests nothing


def test_one_warning_per_kind_with_first_line():
    body = "a\n<script>x</script>\n" + "<script>y</script>\n" * 9 + '<iframe src="https://evil.example/x"></iframe>\n'
    messages = [(f.line, f.message) for f in find_unsafe(body, [])]
    assert messages == [(2, "GH420 删去了不安全的 HTML <script>：网页里不允许它运行或嵌入；"
                            "删掉这段 HTML；后面还有 9 处同样的问题 (removed unsafe HTML)"),
                        (12, "GH423 删去了 <iframe>：它来自不在信任名单上的网站（evil.example）；确需嵌入，"
                             "请管理员把这个网站加进 mkdocs.yml 的 trusted_embed_hosts "
                             "(removed unsafe HTML: embed from an untrusted host)")]


def test_video_with_a_trusted_source_child_is_kept():
    body = '<video controls>\n<source src="https://v.example/a.mp4">\n</video>\n'
    assert find_unsafe(body, ["v.example"]) == []
    assert "https://v.example/a.mp4" in sanitize_html(body, ["v.example"])
    assert "v.example" not in sanitize_html(body, [])


def test_outside_images_warn_and_are_removed():
    body = ("![统计](https://tracker.example/p.gif)\n\n<img alt=\"x\" src=\"//tracker.example/q.gif\">\n\n"
            "![本地](/assets/a.svg)\n\n![可信](https://img.example.org/b.jpg)\n")
    findings = find_outside_images(body, ["img.example.org"])
    assert [(f.line, f.message) for f in findings] == [
        (1, "GH426 图片来自别的网站（tracker.example），已删去：大陆读者可能打不开，那个网站还会知道谁在看这一页；"
            "把文件放进 content/assets/（或请管理员把这个网站加进 trusted_image_hosts）；后面还有 1 处同样的问题 "
            "(image from another host removed)")]
    html = sanitize_html(render(body), [], ["img.example.org"])
    assert "tracker.example" not in html
    assert "/assets/a.svg" in html and "https://img.example.org/b.jpg" in html


def test_an_attribute_with_a_gt_sign_does_not_smuggle_an_outside_image():
    html = sanitize_html('<p><img alt="a>b" src="https://tracker.example/p.gif"></p>')
    assert "tracker.example" not in html


def test_missing_alt_warnings_are_capped():
    body = "![](a.svg)\n" * 100
    findings = find_missing_alt(body)
    assert len(findings) == 21 and findings[-1].message.startswith("GH425 从这一行起还有 80 张图片没有替代文字")


# --- Markdown body limits ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_bodies_are_refused_with_a_line(name):
    counter = Counter()
    findings = body_limit_problems(PATHOLOGICAL[name], counter)
    assert findings and all(f.line >= 1 for f in findings)
    assert counter.visited <= 4 * len(PATHOLOGICAL[name]) + 10


UNDER = {
    "brackets": ("[" * 100 + "\n\n") * 10,
    "emphasis": "*a " * 50 + "b" + " c*" * 50,
    "md_in_html": '<div markdown="1">\n\n' * 20 + "x\n\n" + "</div>\n\n" * 20,
    "lists": "".join("    " * i + "- a\n" for i in range(MAX_LIST_DEPTH)),
    "unclosed tags": "<a " * 200,
}


@pytest.mark.parametrize("name", list(UNDER))
def test_bodies_just_under_the_limits_pass_and_render(name):
    assert body_limit_problems(UNDER[name]) == []
    render(UNDER[name])  # no RecursionError (the benchmark times these: milliseconds)


def test_sample_articles_are_far_under_the_limits():
    from pathlib import Path

    for path in Path(__file__).resolve().parent.parent.glob("content/news/*/*.md"):
        assert body_limit_problems(path.read_text(encoding="utf-8")) == [], path


# --- property: never anything but our problems, work linear in the input --------------------------

PIECES = ["[", "]", "{", "}", "*", "_", "**", "<video>", "</video>", '<div markdown="1">', "</div>", "<a ", ">",
          "- ", "    ", "\n", "\n\n", "> ", "`", "![](http://t.example/x.gif)", "<img src=//t.example/y>", "字",
          "a: ", "&x ", '"', "'", "#", "|", "1. ", "<script>", "src=", "javascript:", "!!! note\n"]


@st.composite
def structures(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 4000)), min_size=1, max_size=12))
    text = "".join(piece * count for piece, count in parts)
    return text[:100_000]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(structures())
def test_scanners_do_bounded_work_and_raise_only_our_problems(text):
    counter = Counter()
    try:
        check_bounds(text, 0, counter)
    except YamlError:
        pass
    else:
        try:
            load_yaml(text)
        except YamlError:
            pass
    findings = body_limit_problems(text, counter) + find_unsafe(text, [], counter)
    find_missing_alt(text)
    find_outside_images(text, [])
    assert counter.visited <= 12 * len(text) + 100
    if not [f for f in findings if f in body_limit_problems(text)]:
        render(text)  # what passes our limits renders without RecursionError


# --- whole builds --------------------------------------------------------------------------------


def _clean_failure(proc, root, expected):
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(root.glob(".site.building-*"))


def test_build_refuses_deep_front_matter_without_crashing(site):
    site.article("ok")
    site.write("content/news/2022/deep.md", f"---\ntitle: 深\ndate: 2022-06-24\ntags: {DEEP}\n---\n\n正文\n")
    _clean_failure(site.cli("build"), site.root, "content/news/2022/deep.md:4: GH443 嵌套超过 50 层")


def test_build_refuses_a_deep_data_file_without_crashing(site):
    site.article("ok")
    site.write("data/workers/x.yml", f"name: 某某\nhonors: {DEEP}\n")
    _clean_failure(site.cli("build"), site.root, "data/workers/x.yml:2: GH443 嵌套超过 50 层")


def test_build_refuses_a_300_level_list(site):
    site.article("lists", body=PATHOLOGICAL["lists"])
    _clean_failure(site.cli("build"), site.root, "GH432 列表（或提示框）嵌套超过 20 层")


def test_build_refuses_nested_markdown_divs_and_emphasis(site):
    site.article("divs", body=PATHOLOGICAL["md_in_html"])
    site.article("stars", body=PATHOLOGICAL["emphasis"])
    site.write("content/about.md", "# 关于\n\n" + PATHOLOGICAL["brackets"] + "\n")
    result = site.build()
    assert not result.ok and "Traceback" not in result.log
    assert 'content/news/2022/divs.md:' in result.log and 'markdown="1" 的 HTML 块嵌套超过 20 层' in result.log
    assert "GH434 强调符号（* 或 _）嵌套超过 50 层" in result.log
    assert "content/about.md:3: GH433 一段里有超过 100 个“[”没有配对的“]”" in result.log
