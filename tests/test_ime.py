"""YAML a Chinese keyboard broke: the cause, at its own line, with the fixed line, instead of the parser's jargon.

Each case is what an editor typed and the exact problem line they are shown. Before the change these said
`YAML syntax error: could not find expected ':'` (a line late), `mapping values are not allowed here`,
`expected <block end>, but found '<scalar>'`, or `unknown field` for a key the keyboard glued together.
"""

from __future__ import annotations

import pytest
import yaml
from gonghui.cli import main
from gonghui.core.load.articles import read_article
from gonghui.core.load.yamlsource import YamlError, load_yaml, load_yaml_reported, read_front_matter
from gonghui.core.messages import CATALOGUE
from gonghui.core.problems import Problems
from hypothesis import given, settings
from hypothesis import strategies as st

PATH = "content/news/2022/x.md"


def article(*lines: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n正文。\n"


# (name, front matter lines, expected problem line)
GOLDEN = [
    (
        "full-width colon after a field name",
        ["title: 标题", "kicker：引题", "date: 2022-06-24"],
        f"{PATH}:3: GH101 第7个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 kicker: 引题 (full-width colon)",
    ),
    (
        "full-width colon on the last line",
        ["title: 标题", "date: 2022-06-24", "kicker：引题"],
        f"{PATH}:4: GH101 第7个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 kicker: 引题 (full-width colon)",
    ),
    (
        "full-width colon after a block scalar and an anchor, which are not blamed",
        ["title: 标题", "summary: |", "  kicker：不是字段", "  － 也不是列表", "region: &r 仁怀市", "kicker：引题"],
        f"{PATH}:7: GH101 第7个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 kicker: 引题 (full-width colon)",
    ),
    (
        "full-width colon after a list dash",
        ["title: 标题", "date: 2022-06-24", "authors:", "  - name：刘晓梅", "    role: 本报记者"],
        f"{PATH}:5: GH101 第9个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 - name: 刘晓梅 (full-width colon)",
    ),
    (
        "full-width colon in a list item that still parses",
        ["title: 标题", "date: 2022-06-24", "authors:", "  - name：刘晓梅"],
        f"{PATH}:5: GH101 第9个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，改成 - name: 刘晓梅 (full-width colon)",
    ),
    (
        "full-width colon and comma in a flow mapping (block list)",
        ["title: 标题", "date: 2022-06-24", "authors:", "  - 李丰", "  - {name：刘晓梅，role：本报记者}"],
        f"{PATH}:6: GH102 花括号里第10个字符是全角冒号“：”；要用半角冒号加空格，字段之间用半角逗号，"
        "改成 - {name: 刘晓梅, role: 本报记者} (full-width colon in a flow mapping)",
    ),
    (
        "full-width colon and comma in a flow mapping (flow list)",
        ["title: 标题", "date: 2022-06-24", "authors: [{name：刘晓梅，role：本报记者}]"],
        f"{PATH}:4: GH102 花括号里第16个字符是全角冒号“：”；要用半角冒号加空格，字段之间用半角逗号，"
        "改成 authors: [{name: 刘晓梅, role: 本报记者}] (full-width colon in a flow mapping)",
    ),
    (
        "full-width comma between fields of a flow mapping",
        ["title: 标题", "date: 2022-06-24", "authors:", "  - {name: 刘晓梅，role: 本报记者}"],
        f"{PATH}:5: GH103 花括号里第15个字符是全角逗号“，”；字段之间要用半角逗号，"
        "改成 - {name: 刘晓梅, role: 本报记者} (full-width comma in a flow mapping)",
    ),
    (
        "full-width space as the indentation of a list",
        ["title: 标题", "date: 2022-06-24", "tags:", "\u3000\u3000- 建会入会"],
        f"{PATH}:5: GH104 行首缩进里有全角空格（第1个字符）；YAML 缩进只能用半角空格，每个全角空格换成两个半角空格："
        "    - 建会入会 (full-width space U+3000 in indentation)",
    ),
    (
        "full-width space as the indentation of a field",
        ["title: 标题", "date: 2022-06-24", "image:", "  src: a.jpg", "\u3000caption: 图"],
        f"{PATH}:6: GH104 行首缩进里有全角空格（第1个字符）；YAML 缩进只能用半角空格，每个全角空格换成两个半角空格："
        "  caption: 图 (full-width space U+3000 in indentation)",
    ),
    (
        "full-width dash as a list dash",
        ["title: 标题", "date: 2022-06-24", "tags:", "  － 建会入会", "  - 劳模"],
        f"{PATH}:5: GH105 列表项前的“－”是全角符号；YAML 列表要用半角减号加空格，改成 - 建会入会 (full-width list dash)",
    ),
    (
        "full-width dash at the start of the line",
        ["title: 标题", "date: 2022-06-24", "tags:", "－ 建会入会"],
        f"{PATH}:5: GH105 列表项前的“－”是全角符号；YAML 列表要用半角减号加空格，改成 - 建会入会 (full-width list dash)",
    ),
    (
        "em dash as a list dash",
        ["title: 标题", "date: 2022-06-24", "tags:", "  — 建会入会"],
        f"{PATH}:5: GH105 列表项前的“—”是全角符号；YAML 列表要用半角减号加空格，改成 - 建会入会 (full-width list dash)",
    ),
    (
        "tab in the indentation",
        ["title: 标题", "date: 2022-06-24", "tags:", "\t- 建会入会"],
        f"{PATH}:5: GH106 缩进里有 Tab 键；YAML 缩进只能用空格，把 Tab 换成两个空格 (a tab is used for indentation)",
    ),
    (
        "Chinese quotes around a value with ': '",
        ["title: “专访: 王建国”", "date: 2022-06-24"],
        f"{PATH}:2: GH107 “”是中文引号，YAML 不把它当作引号，值里的“: ”被当作又一个字段；改成半角引号：title: '专访: 王建国' "
        "(full-width quotes)",
    ),
    (
        "value starting with a double-quoted word",
        ['title: "建会"小分队登门', "date: 2022-06-24"],
        f"{PATH}:2: GH110 值以引号 \" 开头，YAML 就把它当作引号括起的整段文字，引号后面不能再有字；"
        "把整个值再用引号括起来：title: '\"建会\"小分队登门' (value needs quotes)",
    ),
    (
        "value starting with a single-quoted word",
        ["title: '建会'小分队登门", "date: 2022-06-24"],
        f"{PATH}:2: GH110 值以引号 ' 开头，YAML 就把它当作引号括起的整段文字，引号后面不能再有字；"
        "把整个值再用引号括起来：title: \"'建会'小分队登门\" (value needs quotes)",
    ),
    (
        "value starting with [组图]",
        ["title: [组图]仁怀市总工会建会", "date: 2022-06-24"],
        f"{PATH}:2: GH111 值以 [ 开头，YAML 就把它当作列表或映射；是文字的话，把整个值用引号括起来："
        "title: '[组图]仁怀市总工会建会' (value needs quotes)",
    ),
    (
        "value with ': '",
        ["title: 专访: 王建国", "date: 2022-06-24"],
        f"{PATH}:2: GH112 值里的“: ”（半角冒号加空格）让 YAML 以为是又一个字段；把整个值用引号括起来：title: '专访: 王建国'，"
        "或改用中文冒号“：” (value needs quotes)",
    ),
    (
        "' #' cutting a flow list open",
        ["title: 标题", "date: 2022-06-24", "tags: [甲 #乙]"],
        f"{PATH}:4: GH114 “ #”后面的字被 YAML 当作注释，括号因此没有闭合；把这一项用引号括起来：tags: ['甲 #乙'] "
        "(' #' starts a comment)",
    ),
    *[
        (
            f"value starting with {char}",
            [f"title: {char}工会 发布", "date: 2022-06-24"],
            f"{PATH}:2: GH113 值不能以“{char}”开头，YAML 把它当作特殊符号；把整个值用引号括起来：title: '{char}工会 发布' "
            "(value needs quotes)",
        )
        for char in "@`%&*!|>"
    ],
    (
        "unclosed [",
        ["title: [标题", "date: 2022-06-24"],
        f"{PATH}:2: GH115 [ 没有闭合；是文字的话把整个值用引号括起来：title: '[标题'，是列表的话在末尾补上 ] "
        "(unclosed flow collection)",
    ),
    (
        "no known cause: the parser's message, in Chinese first",
        ["title: 标题", "date: 2022-06-24", "image:", "  src: a.jpg", " caption: 图"],
        f"{PATH}:6: GH120 YAML 写法错误，请检查这一行和上一行的冒号、缩进、引号和括号 "
        "(YAML syntax error: expected <block end>, but found '<block mapping start>')",
    ),
]


@pytest.mark.parametrize("name,lines,expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_article_front_matter(name, lines, expected):
    problems = Problems()
    result = read_article("news/2022/x.md", article(*lines), PATH, problems)
    assert result is None
    assert [f"{p.path}:{p.line}: {p.message}" for p in problems.items] == [expected]


@pytest.mark.parametrize("name,lines,expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_data_file(name, lines, expected):
    # The same text as a data file: no `---` line, so every line is one earlier.
    problems = Problems()
    assert load_yaml_reported("\n".join(lines) + "\n", "data/workers/x.yml", problems) is None
    path_line, message = expected.split(": ", 1)
    line = int(path_line.rsplit(":", 1)[1]) - 1
    assert [(p.path, p.line, p.message) for p in problems.items] == [("data/workers/x.yml", line, message)]


VALID = [
    "title: 仁怀市总工会：建会小分队",
    "summary: 甲，乙",
    "tags: [甲，乙]",
    "tags:\n  - 甲：乙\n  - 职工之家",
    "kicker: 【组图】仁怀市总工会建会",
    "subtitle: “建会”小分队登门",
    "dateline: 本报讯（记者 李丰）",
    "region: 仁怀市",
    "body_note: 甲 #乙",
    "authors: [{name: 刘晓梅, role: 本报记者}]",
    "note: |\n  kicker：引题\n  － 一项\n  \u3000缩进",
]


@pytest.mark.parametrize("line", VALID)
def test_valid_yaml_with_full_width_characters_reads_as_before(line):
    text = line + "\n"
    data, problems = load_yaml(text)
    assert data == yaml.safe_load(text) and problems == []
    front = read_front_matter("---\n" + text + "---\n")
    assert front.data == yaml.safe_load(text)


def test_codes_are_in_the_catalogue_within_the_range():
    ours = [code for code in CATALOGUE if "GH101" <= code <= "GH129"]
    assert {"GH101", "GH102", "GH103", "GH104", "GH105", "GH106", "GH107", "GH110", "GH111", "GH112", "GH113", "GH114",
            "GH115", "GH120"} <= set(ours)


BUILD_CASES = [case for case in GOLDEN if case[0] in {
    "full-width colon after a field name", "full-width colon and comma in a flow mapping (block list)",
    "full-width space as the indentation of a list", "full-width dash as a list dash", "value starting with [组图]",
    "value with ': '", "value starting with a double-quoted word", "no known cause: the parser's message, in Chinese first",
}]


def test_build_and_check_show_the_cause_at_its_line(site, capsys):
    assert len(BUILD_CASES) == 8
    for number, (_, lines, _) in enumerate(BUILD_CASES):
        site.write(f"content/news/2022/x{number}.md", article(*lines))
    site.write("data/workers/li-jing.yml", "name：李静\n")
    expected = [e.replace(PATH, f"content/news/2022/x{n}.md") for n, (_, _, e) in enumerate(BUILD_CASES)]
    expected.append("data/workers/li-jing.yml:1: GH101 第5个字符是全角冒号“：”；YAML 在字段名后要用半角冒号加空格，"
                    "改成 name: 李静 (full-width colon)")
    result = site.build()
    assert not result.ok
    for line in expected:
        assert line in result.log, (line, result.log)
    assert ": YAML syntax error" not in result.log  # the old, English-only form
    capsys.readouterr()
    assert main(["-f", str(site.config()), "check"]) == 1
    out = capsys.readouterr().out
    for line in expected:
        assert line in out.splitlines(), (line, out)


def test_the_guide_lists_every_code():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        if "GH101" <= code <= "GH129":
            assert f"| {code} |" in readme, code


@given(st.lists(st.sampled_from(["kicker：引题", "  - {name：刘晓梅，role：本报记者}", "\u3000- 甲", "－ 甲", "title: \"甲\"乙",
                                 "title: [组图", "title: 专访: 王", "tags: [甲 #乙]", "summary: |", "  x", "a: b", "- c",
                                 "title: “甲: 乙”", "\t- d", "title: @x", "{", "[", "：", "，"]), max_size=8).map("\n".join))
@settings(max_examples=300, deadline=None)
def test_any_mix_is_a_problem_at_one_of_its_lines_or_data(text):
    try:
        load_yaml(text)
    except YamlError as exc:
        assert 1 <= exc.problem.line <= max(1, len(text.split("\n"))) and exc.problem.message.startswith("GH1"), exc.problem


@pytest.mark.parametrize("text,line", [("a: 1\x85kicker：引题\n", 2), ("a: 1\u2028b: 专访: 王\n", 2), ("0: -\nA: \x85", 1)])
def test_lines_end_where_yaml_ends_them(text, line):
    # YAML also ends a line at NEL and U+2028/9; a value of only such a character is no value at all.
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.problem.line == line
