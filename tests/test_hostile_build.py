"""Property-based whole builds: hostile front matter and data files give a correct site or file:line problems.

Each example writes a small project into a fresh temporary folder and runs a real MkDocs build. The build must
either succeed with the right output (the page at its URL, its title escaped and intact, well-formed XML, JSON
that is safe to inline) or stop with our problem report, every entry one `file:line: message` line about a file
we wrote — never an exception or a traceback. Input that is valid by construction must build; input broken by
construction (a bad value, a missing or unknown key, tabs, duplicate keys, bytes that are not UTF-8) must be
refused. Set GONGHUI_HOSTILE_EXAMPLES to run more examples than the default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from conftest import BUILD_DATE, Result, SiteFactory
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("GONGHUI_HOSTILE_EXAMPLES", "30"))
hostile = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------------------------------------------------------
# Values: odd Unicode, markup, YAML and Jinja syntax, control characters, huge strings, deep nesting.

ODD = [
    "\u200f", "\u202e", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\x85", "\u3000",  # RTL, zero-width, breaks
    "\U0001f600", "\U00020000", "\U0010fffd", "e\u0301", "\u0301", "\u0e49\u0e49\u0e49",  # astral, combining
    "\x00", "\x07", "\x1b", "\ufffe", "\r", "\r\n", "\n", "\t",  # control characters (YAML writes them escaped)
    "<script>alert(1)</script>", "</script>", '"onerror=alert(1) x="', "]]>", "<!--", "&amp;", "&#0;",
    "javascript:alert(1)", "{{ config }}", "{% raw %}", "${x}", "'", '"', "\\", "#", ": ", "- ", "*a", "&a", "!!str",
    "---", "...", "%TAG", "@", "`", "|", ">", "?", "[", "{",
]
CJK = ["职工", "仁怀市", "建会入会", "劳模", "工匠", "培训", "A", "1", " "]
LONGEST = 20_000  # fields.MAX_TEXT
piece = st.one_of(st.sampled_from(ODD), st.sampled_from(CJK), st.text(min_size=1, max_size=4))
good_text = st.one_of(st.lists(piece, min_size=1, max_size=6).map("".join), st.just("职" * LONGEST)).filter(str.strip)


def deep(levels: int) -> Any:
    value: Any = "底"
    for n in range(levels):
        value = [value] if n % 2 else {"k": value}
    return value


# Each value below is wrong wherever a field of that type is expected.
BAD_TEXT = [[], ["列表"], {"键": "值"}, True, False, "职" * (LONGEST + 1), "   ", "\u3000\n", deep(40)]
BAD_WHEN = ["2022-02-30", "六月十日", "2022/06/24", 20220624, True, ["2022-06-24"], {"y": 2022}, "2022-06-24T25:00",
            "0001-01-01 00:00+08:01", "9999-12-31 23:59-10:00"]
BAD_DAY = BAD_WHEN + ["2022-06-24 08:30"]
BAD_NUMBER = ["十", "1", True, [1], {"n": 1}, float("nan"), float("inf"), float("-inf")]
BAD_REGION = ["不存在的县", "999999", "朝阳区", ["仁怀市"]]
BAD_TAGS = [[["标签"]], {"a": 1}, [True], [deep(10)]]
REGIONS = ["仁怀市", "贵州省", "大连市", "520382"]
EDGE_DATES = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2024, 2, 29)]
dates = st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.sampled_from(EDGE_DATES))
plain_dates = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(-1e12, 1e12, allow_nan=False))
positives = st.one_of(st.integers(1, 10**12), st.floats(1e-6, 1e12))


def optional(draw, record: dict, key: str, strategy: st.SearchStrategy) -> None:
    if draw(st.booleans()):
        record[key] = draw(strategy)


# ---------------------------------------------------------------------------------------------------------------
# Writing a document, and the ways an editor's file goes wrong.


def scalar(value: str) -> str:
    """One YAML double-quoted scalar that reads back as exactly `value`."""
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**9).rstrip("\n")


def dump(data: Any, alias: tuple[str, str] | None = None) -> str:
    """YAML for `data`; with `alias` (a, b) the value of a is written once as an anchor, b is an alias of it."""
    if alias is not None:
        source, target = alias
        rest = {k: v for k, v in data.items() if k not in alias}
        head = yaml.safe_dump(rest, allow_unicode=True, sort_keys=False, width=10**9) if rest else ""
        return head + f"{source}: &v {scalar(data[source])}\n{target}: *v\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


def _tab(text: str) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("  "):
            lines[index] = "\t" + line[2:]
            return "\n".join(lines)
    return text + "extra:\n\t- 1\n"


def _duplicate(text: str) -> str:
    if text.startswith("- "):  # a list of records: a duplicate key in the first one
        first, _, rest = text.partition("\n")
        return f"{first}\n  note: 一\n  note: 二\n{rest}"
    return text + "dup: 1\ndup: 2\n"


def _same(text: str) -> str:
    return text


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


# form -> (change to the YAML text, the whole file's text to bytes, does the file stay valid)
FORMS: dict[str, tuple[Callable[[str], str], Callable[[str], bytes], bool]] = {
    "plain": (_same, _utf8, True),
    "bom": (_same, lambda t: ("\ufeff" + t).encode("utf-8"), True),
    "crlf": (_same, lambda t: t.replace("\n", "\r\n").encode("utf-8"), True),
    "tab": (_tab, _utf8, False),
    "duplicate-key": (_duplicate, _utf8, False),
    "gb18030": (_same, lambda t: t.encode("utf-8") + "职工\n".encode("gb18030"), False),
    "utf-16": (_same, lambda t: t.encode("utf-16"), False),
}
forms = st.one_of(st.just("plain"), st.sampled_from(sorted(FORMS)))  # about 70% stay valid


# ---------------------------------------------------------------------------------------------------------------
# Building and judging.

PROBLEM = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<message>\S.*)$")
REPORT = re.compile(r"^ERROR: 发现 (\d+) 处内容问题 \(\d+ problem\(s\) in content\):$")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"/>'


@contextmanager
def build(files: dict[str, bytes]) -> Iterator[Result]:
    """Write `files` into a fresh project folder and build it; the folder lives until the block ends."""
    with tempfile.TemporaryDirectory(prefix="gonghui-hostile-") as folder:
        site = SiteFactory(Path(folder))
        for rel, content in files.items():
            path = site.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield site.build()  # any exception fails the test: only our problem report may stop a build


def last_line(content: bytes) -> int:
    text = content.decode("utf-8", errors="replace")
    return max(text.count("\n"), len(text.splitlines())) + 1


def refused(result: Result, files: dict[str, bytes]) -> list[tuple[str, int, str]]:
    """A failed build's report, checked: each entry is one `file:line: message` line about a file we wrote."""
    assert not result.ok, "broken input was accepted"
    assert "Traceback" not in result.log, result.log
    lines = result.log.splitlines()
    starts = [i for i, line in enumerate(lines) if REPORT.match(line)]
    assert starts, f"the build failed without our problem report:\n{result.log}"
    count = int(REPORT.match(lines[starts[0]]).group(1))
    entries = lines[starts[0] + 1 : starts[0] + 1 + count]
    assert lines[starts[0] + 1 + count].startswith("ABORT:"), f"not {count} one-line entries:\n{result.log}"
    found = []
    for entry in entries:
        match = PROBLEM.match(entry)
        assert match, f"not a 'file:line: message' entry: {entry!r}"
        path, line = match["path"], int(match["line"])
        assert path in files and 1 <= line <= last_line(files[path]), f"wrong file or line: {entry!r}"
        found.append((path, line, match["message"]))
    return found


class Texts(HTMLParser):
    """The text of every element with a given tag (and class), character references resolved."""

    def __init__(self, tag: str, cls: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.cls, self.depth, self.found = tag, cls, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == self.tag
        elif tag == self.tag and (self.cls is None or self.cls in (dict(attrs).get("class") or "").split()):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth and tag == self.tag:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def as_html(text: str) -> str:
    """How a reader's HTML parser sees text: CR and CRLF are read as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def texts(html: str, tag: str, cls: str | None = None) -> list[str]:
    parser = Texts(tag, cls)
    parser.feed(html)
    parser.close()
    return parser.found


def built(result: Result) -> dict[str, Any]:
    """What every successful build must give: well-formed XML, inline-safe JSON. Returns the JSON export."""
    assert result.ok, result.log
    assert "Traceback" not in result.log, result.log
    xml_files = list(result.site_dir.rglob("*.xml"))
    assert len(xml_files) >= 5  # sitemap and feeds
    for path in xml_files:
        ET.parse(path)
    raw = (result.site_dir / "api/programs.json").read_bytes()
    for sequence in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert sequence not in raw, f"api/programs.json carries a raw {sequence!r}"
    return json.loads(raw)


def h1(result: Result, url: str) -> list[str]:
    assert result.exists(url), url
    return texts(result.html(url), "h1")


# ---------------------------------------------------------------------------------------------------------------
# Breaking a valid document.


@dataclass(frozen=True)
class Schema:
    required: tuple[str, ...]
    bad: dict[str, list]  # field -> values each of which is wrong there


@st.composite
def broken(draw, record: dict, schema: Schema) -> dict:
    """`record` with one to three things wrong: a bad value, a required key missing, an unknown key."""
    record = dict(record)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["bad value", "bad value", "missing", "unknown"]))
        if how == "missing":
            del_key = draw(st.sampled_from(schema.required))
            record.pop(del_key, None)
        elif how == "unknown":
            record[draw(st.sampled_from(["标题", "Title", "titel", "x\ny", "\u202e", "null", "1", "descripton"]))] = "未知"
        else:
            key = draw(st.sampled_from(sorted(schema.bad)))
            record[key] = draw(st.sampled_from(schema.bad[key]))
    return record


# ---------------------------------------------------------------------------------------------------------------
# Articles.

NOW = dt.datetime.fromisoformat(BUILD_DATE + " 23:59:59+08:00")
ARTICLE = Schema(
    required=("title", "date"),
    bad={
        "title": BAD_TEXT, "kicker": BAD_TEXT, "subtitle": BAD_TEXT, "dateline": BAD_TEXT, "summary": BAD_TEXT,
        "date": BAD_WHEN, "tags": BAD_TAGS, "region": BAD_REGION, "draft": ["yes", "no", 1, "true "],
        "authors": [[{"role": "记者"}], [{"name": ["x"]}], {"name": "张三"}, [True], [{"name": "张三", "岗位": "记者"}]],
        "slug": ["Renhuai", "建会", "a--b", "-a", "a_b", 7, "a" * 201, "a-" * 300 + "a"],
        "image": [{"src": "/assets/missing.png"}, {"src": "../../../etc/passwd"}, {"caption": "无图"},
                  {"src": "/assets/p\x00.svg"}, "/assets/p\x00.svg", ["/assets/p.svg"], {"src": "/assets/p.svg", "x": 1}],
        "campaigns": [["no-such-campaign"], ["Not A Slug"]], "workers": [{"a": 1}], "training": [[["x"]]],
    },
)


@st.composite
def article(draw) -> dict:
    moment = draw(dates)
    front: dict[str, Any] = {
        "title": draw(good_text),
        "date": f"{moment} 08:30" if draw(st.booleans()) else moment.isoformat(),
    }
    for key in ("kicker", "subtitle", "dateline", "summary"):
        optional(draw, front, key, good_text)
    author = st.one_of(good_text, st.fixed_dictionaries({"name": good_text}, optional={"role": good_text}))
    optional(draw, front, "authors", st.lists(author, min_size=1, max_size=3))
    optional(draw, front, "tags", st.lists(good_text, min_size=1, max_size=3, unique_by=str.strip))
    optional(draw, front, "region", st.sampled_from(REGIONS))
    optional(draw, front, "draft", st.booleans())
    optional(draw, front, "slug", st.sampled_from(["renhuai-jianhui", "a", "x-2022", "a" * 200]))
    optional(draw, front, "image", st.fixed_dictionaries(
        {"src": st.sampled_from(["/assets/p.svg", "../../assets/p.svg"])},
        optional={"caption": good_text, "credit": good_text, "alt": good_text}))
    return front


GOOD_BODIES = [
    "正文第一段，有**强调**。",
    "[外链](https://example.org/?a=1&b=<2>) 与 [图](/assets/p.svg)\n\n## 小标题 \u202e\u200b\U0001f600",
    '<script>alert(1)</script>\n\n<p onclick="alert(2)">点</p>\n\n[x](javascript:alert(3))',  # removed with a warning
    "\u2028正文\x85第二行\r\n\r\n" + "长" * 5000,
    "",
]
BAD_BODIES = ["[坏链接](a\x00b.png)", "![图](../../../../etc/passwd.png)", "[附件](missing.pdf)", '<img src="no\x00.png">']


@st.composite
def article_case(draw) -> tuple[dict, tuple[str, str] | None, bool]:
    """(front matter, alias, valid)"""
    front = draw(article())
    if draw(st.sampled_from(["valid", "valid", "broken"])) == "broken":
        return draw(broken(front, ARTICLE)), None, False
    alias = ("title", "dateline") if "dateline" not in front and draw(st.booleans()) else None
    return front, alias, True


GOOD, BAD = (GOOD_BODIES[0], True), (BAD_BODIES[0], False)
DAY = {"title": "标题", "date": "2022-06-24"}


@hostile
# Once tracebacks; kept as fixed examples: a tag or slug too long for a folder name (OSError), a NUL in a path
# (ValueError), an offset before year 1 (OverflowError), a key with a line break (a report line split in two).
@example(({**DAY, "tags": ["职" * LONGEST], "slug": "a" * 200}, None, True), "plain", GOOD)
@example(({**DAY, "slug": "a" * 201}, None, False), "plain", GOOD)
@example(({**DAY, "image": {"src": "/assets/p\x00.svg"}}, None, False), "plain", GOOD)
@example((DAY, None, True), "plain", BAD)
@example(({**DAY, "date": "0001-01-01 00:00+08:01"}, None, False), "plain", GOOD)
@example(({**DAY, "x\ny": "未知", "\u202e": "未知"}, None, False), "crlf", GOOD)
@example(({**DAY, "title": "\u200f\x85\u200f"}, None, True), "bom", GOOD)  # PyYAML writes NEL raw; it reads as a space
@example(({**DAY, "title": "\x00"}, None, True), "plain", GOOD)  # nothing XML can carry: the feed item needs a title still
@given(article_case(), forms, st.one_of(st.sampled_from(GOOD_BODIES).map(lambda b: (b, True)),
                                        st.sampled_from(GOOD_BODIES).map(lambda b: (b, True)),
                                        st.sampled_from(BAD_BODIES).map(lambda b: (b, False))))
def test_any_front_matter_builds_correctly_or_is_refused_with_file_and_line(case, form, body):
    front, alias, valid = case
    change, encode, form_ok = FORMS[form]
    rel = "content/news/2022/hostile.md"
    files = {rel: encode("---\n" + change(dump(front, alias)) + "---\n\n" + body[0] + "\n"), "content/assets/p.svg": SVG}
    note(f"{form}: {files[rel][:3000]!r}")
    with build(files) as result:
        if not (valid and form_ok and body[1]):
            assert rel in {path for path, _, _ in refused(result, files)}
            event("refused")
            return
        event("built")
        meant = yaml.safe_load(dump(front, alias))  # PyYAML may write a value differently (NEL folds to a space)
        data = built(result)
        assert data["campaigns"] == data["training"] == data["workers"] == data["achievements"] == []
        moment = dt.datetime.fromisoformat(front["date"]).replace(tzinfo=NOW.tzinfo)
        url = f"news/{moment.year:04d}/{moment.month:02d}/{front.get('slug', 'hostile')}/"
        published = not front.get("draft", False) and moment <= NOW
        assert result.exists(url) == published
        if published:
            title = as_html(meant["title"].strip())
            html = result.html(url)
            assert texts(html, "h1", "gh-headline__title") == [title]
            assert texts(html, "title") == [f"{title} - 测试站"]
            if alias is not None:
                assert texts(html, "span", "gh-meta__dateline") == [title]
            items = ET.parse(result.site_dir / "feed.xml").getroot().iter("item")
            assert [item.findtext("link") for item in items] == [f"https://example.org/{url}"]


# ---------------------------------------------------------------------------------------------------------------
# Data files: campaigns, training classes, workers, achievements.

CAMPAIGN = Schema(
    required=("title", "organizer", "start"),
    bad={
        "title": BAD_TEXT, "organizer": BAD_TEXT, "summary": BAD_TEXT, "description": BAD_TEXT, "region": BAD_REGION,
        "start": BAD_DAY, "end": BAD_DAY + ["1980-01-01"], "tags": BAD_TAGS,
        "targets": ["一个目标", {"name": "x"}, [{"name": "x"}], [{"name": "x", "unit": "个", "target": 0}],
                    [{"name": "x", "unit": "个", "target": 5, "progress": [{"date": "1980-01-01", "value": 1}]}],
                    [{"name": "x", "unit": "个", "target": 5, "progress": {"date": "2000-01-01", "value": 1}}],
                    [{"name": "x", "unit": "个", "target": float("nan")}], [deep(30)]],
    },
)
TRAINING = Schema(
    required=("title", "category", "organizer", "venue", "fee", "capacity", "sessions"),
    bad={
        "title": BAD_TEXT, "category": BAD_TEXT, "organizer": BAD_TEXT, "venue": BAD_TEXT, "address": BAD_TEXT,
        "audience": BAD_TEXT, "description": BAD_TEXT, "region": BAD_REGION,
        "fee": BAD_NUMBER + [-1], "capacity": [0, -1, 1.5, "3", True, [1]], "enrolled": [-1, 10**9, 1.5, "3", True],
        "registration": ["电话", {"url": "javascript:alert(1)"}, {"url": "ftp://x"}, {"url": "https://a b"},
                         {"phone": ["x"]}, {"deadline": "明天"}, {"网址": "https://x"}],
        "sessions": ["一次", [], [{"start": "2027-01-01 10:00", "end": "2027-01-01 09:00"}], [{"start": "x", "end": "y"}],
                     [{"start": "2027-01-01 10:00"}], [{"start": "2027-01-01 10:00", "end": "2027-01-01 11:00", "x": 1}]],
    },
)
WORKER = Schema(
    required=("name",),
    bad={
        "name": BAD_TEXT, "organization": BAD_TEXT, "position": BAD_TEXT, "industry": BAD_TEXT, "bio": BAD_TEXT,
        "photo": BAD_TEXT, "region": BAD_REGION,
        "honors": ["劳模", {"title": "x"}, [{"title": "x", "level": "宇宙级", "year": 2020}],
                   [{"title": "x", "level": "national", "year": 1800}], [{"level": "national", "year": 2020}],
                   [{"title": "x", "level": ["national"], "year": "2020"}]],
    },
)
ACHIEVEMENT = Schema(
    required=("region", "date", "metric", "value", "unit", "source"),
    bad={
        "region": BAD_REGION + [None], "date": BAD_DAY, "metric": BAD_TEXT, "unit": BAD_TEXT, "note": BAD_TEXT,
        "value": BAD_NUMBER, "source": ["Not A Slug", "no-such-article", 7, ["src"]],
    },
)


@st.composite
def campaign(draw) -> dict:
    start = draw(plain_dates)
    record: dict[str, Any] = {"title": draw(good_text), "organizer": draw(good_text), "start": start.isoformat()}
    end = start + dt.timedelta(days=draw(st.integers(0, 2000))) if draw(st.booleans()) else None
    if end is not None:
        record["end"] = end.isoformat()
    for key in ("summary", "description"):
        optional(draw, record, key, good_text)
    optional(draw, record, "region", st.sampled_from(REGIONS))
    optional(draw, record, "tags", st.lists(good_text, min_size=1, max_size=3))
    span = (end - start).days if end else 3000
    reading = st.builds(lambda days, value: {"date": (start + dt.timedelta(days=days)).isoformat(), "value": value},
                        st.integers(0, span), numbers)
    target = st.fixed_dictionaries({"name": good_text, "unit": good_text, "target": positives},
                                   optional={"progress": st.lists(reading, max_size=3)})
    optional(draw, record, "targets", st.lists(target, min_size=1, max_size=3))
    return record


@st.composite
def training(draw) -> dict:
    def moment(day: dt.date, minutes: int) -> str:
        return f"{dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M}"

    session = st.builds(lambda day, at, length: {"start": moment(day, at), "end": moment(day, at + length)},
                        plain_dates, st.integers(0, 1439), st.integers(1, 600))
    sessions = draw(st.lists(session, min_size=1, max_size=3))
    for item in sessions:
        optional(draw, item, "topic", good_text)
        optional(draw, item, "teacher", good_text)
    capacity = draw(st.integers(1, 10**6))
    record: dict[str, Any] = {
        "title": draw(good_text), "category": draw(good_text), "organizer": draw(good_text), "venue": draw(good_text),
        "fee": draw(st.one_of(st.just(0), st.integers(0, 10**6), st.floats(0, 1e6))), "capacity": capacity,
        "sessions": sessions,
    }
    for key in ("address", "audience", "description"):
        optional(draw, record, key, good_text)
    optional(draw, record, "region", st.sampled_from(REGIONS))
    optional(draw, record, "enrolled", st.integers(0, capacity))
    optional(draw, record, "registration", st.fixed_dictionaries({}, optional={
        "url": st.sampled_from(["https://example.org/报名?a=1&b=<2>", "http://x.example/\u202e"]),
        "phone": good_text, "deadline": plain_dates.map(dt.date.isoformat)}))
    return record


@st.composite
def worker(draw) -> dict:
    record: dict[str, Any] = {"name": draw(good_text)}
    for key in ("organization", "position", "industry", "bio", "photo"):
        optional(draw, record, key, good_text)
    optional(draw, record, "region", st.sampled_from(REGIONS))
    level = st.sampled_from(["national", "provincial", "municipal", "county", "industry", "全国", "省部级", " 行业 "])
    honor = st.fixed_dictionaries({"title": good_text, "level": level, "year": st.integers(1949, 2100)})
    optional(draw, record, "honors", st.lists(honor, max_size=3))
    return record


@st.composite
def achievement(draw) -> dict:
    record: dict[str, Any] = {
        "region": draw(st.sampled_from(REGIONS)), "date": draw(plain_dates).isoformat(), "metric": draw(good_text),
        "value": draw(numbers), "unit": draw(good_text), "source": "src",
    }
    optional(draw, record, "note", good_text)
    return record


@dataclass(frozen=True)
class Kind:
    folder: str
    schema: Schema
    valid: st.SearchStrategy
    alias: tuple[str, str] | None  # (text field, optional text field): `a: &v "…"` then `b: *v`
    heading: str | None  # the key shown as the page's <h1>


KINDS = {
    "campaigns": Kind("campaigns", CAMPAIGN, campaign(), ("title", "summary"), "title"),
    "training": Kind("training", TRAINING, training(), ("title", "audience"), "title"),
    "workers": Kind("workers", WORKER, worker(), ("name", "position"), "name"),
    "achievements": Kind("achievements", ACHIEVEMENT, achievement(), None, None),
}
SOURCE_ARTICLE = "---\ntitle: 来源稿\ndate: 2022-06-01\n{refs}---\n\n正文。\n"


@st.composite
def data_case(draw) -> tuple[str, str, bool]:
    """(kind, YAML text, valid)"""
    kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    records = [draw(kind.valid) for _ in range(draw(st.integers(1, 2)) if kind.folder == "achievements" else 1)]
    valid = draw(st.sampled_from(["valid", "valid", "broken"])) == "valid"
    if not valid:
        index = draw(st.integers(0, len(records) - 1))
        records[index] = draw(broken(records[index], kind.schema))
    if kind.folder == "achievements":
        if valid and draw(st.booleans()):
            records.append(records[0])  # the same object twice: safe_dump writes an anchor and an alias
        return kind.folder, dump(records), valid
    record = records[0]
    aliased = valid and kind.alias[1] not in record and draw(st.booleans())
    return kind.folder, dump(record, kind.alias if aliased else None), valid


@hostile
@given(data_case(), forms)
def test_any_data_file_builds_correctly_or_is_refused_with_file_and_line(case, form):
    folder, text, valid = case
    change, encode, form_ok = FORMS[form]
    rel = f"data/{folder}/hostile-record.yml"
    refs = "" if folder == "achievements" else f"{folder}: [hostile-record]\n"
    article_rel = "content/news/2022/src.md"
    files = {rel: encode(change(text)), article_rel: SOURCE_ARTICLE.format(refs=refs).encode()}
    note(f"{form}: {files[rel][:3000]!r}")
    with build(files) as result:
        if not (valid and form_ok):
            assert {path for path, _, _ in refused(result, files)} == {rel}
            event("refused")
            return
        event(f"built {folder}")
        data = yaml.safe_load(text)  # what the file means, as PyYAML reads it (NEL in a scalar folds to a space)
        export = built(result)
        article_url = "https://example.org/news/2022/06/src/"
        if folder == "achievements":
            # Figures dated after the build moment are held back until then (check/schedule.py).
            due = [r for r in data if str(r["date"]) <= BUILD_DATE]
            assert sorted(a["metric"] for a in export["achievements"]) == sorted(r["metric"].strip() for r in due)
            assert all(a["source"] == {"slug": "src", "title": "来源稿", "url": article_url} for a in export["achievements"])
            for item in export["achievements"]:
                assert result.exists(f"regions/{item['region']['code']}/")
            return
        [record] = export[folder]
        heading = data[KINDS[folder].heading].strip()
        assert record["slug"] == "hostile-record" and record[KINDS[folder].heading] == heading
        assert record["articles"] == [article_url]
        assert h1(result, f"{folder}/hostile-record/") == [as_html(heading)]
        source, target = KINDS[folder].alias
        assert record[target] == data.get(target, "").strip()
        if folder == "training":
            calendar = icalendar.Calendar.from_ical((result.site_dir / "training/hostile-record.ics").read_bytes())
            assert len(calendar.walk("VEVENT")) == len(data["sessions"])
            assert [s["topic"] for s in record["sessions"]] == [
                s.get("topic", "").strip() for s in sorted(data["sessions"], key=lambda s: s["start"])]


# ---------------------------------------------------------------------------------------------------------------
# Alias bombs and deep nesting: refused at once with our message, before anything expands them.

LAUGHS = "".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
        *(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)
# 2 aliases a level, 30 levels: 60 aliases (under the limit) but 2**30 leaves if anything walked the tree.
DOUBLING = "l0: &l0 [x]\n" + "".join(f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}]\n" for n in range(1, 31))


def alias_line(text: str, number: int, offset: int = 0) -> int:
    """The line of the `number`-th alias (*name) in `text`."""
    seen = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        for _ in re.finditer(r"\*[a-z]", line):
            seen += 1
            if seen == number:
                return line_no + offset
    raise AssertionError("fewer aliases than asked")


@pytest.mark.parametrize("where", ["data/campaigns/bomb.yml", "data/achievements/bomb.yml", "content/news/2022/bomb.md"])
def test_billion_laughs_is_refused_at_the_65th_alias(where):
    if where.endswith(".md"):
        text, offset = f"---\ntitle: 炸弹\ndate: 2022-06-01\n{LAUGHS}---\n正文\n", 3
    else:
        text, offset = LAUGHS, 0
    files = {where: text.encode()}
    with build(files) as result:
        problems = refused(result, files)
        assert problems == [(where, alias_line(LAUGHS, 65, offset),
                             "GH440 YAML 别名（*名字）超过 64 个，可能是恶意的“别名炸弹”，"
                             "不予读取；把重复的内容直接写出来 (too many YAML aliases)")]


@pytest.mark.parametrize("where", ["data/workers/bomb.yml", "content/news/2022/bomb.md"])
def test_exponential_aliases_under_the_limit_are_never_expanded(where):
    text = f"---\ntitle: 炸弹\ndate: 2022-06-01\n{DOUBLING}---\n" if where.endswith(".md") else f"name: 劳模\n{DOUBLING}"
    files = {where: text.encode()}
    with build(files) as result:
        problems = refused(result, files)
        # Each l<n> is reported as an unknown field at its own line, without walking its 2**n leaves.
        levels = [number for number, line in enumerate(text.splitlines(), start=1) if re.match(r"l\d+: &", line)]
        assert len(levels) == 31
        assert sorted(line for _, line, _ in problems) == levels
        assert all(re.match(r"GH302 字段 'l\d+' 不认识", message) for _, _, message in problems)


@pytest.mark.parametrize("where", ["data/training/deep.yml", "content/news/2022/deep.md"])
def test_nesting_too_deep_for_the_parser_is_a_problem(where):
    nested = "title: " + "[" * 20_000 + "]" * 20_000 + "\n"
    files = {where: (f"---\n{nested}---\n" if where.endswith(".md") else nested).encode()}
    with build(files) as result:
        # Refused by our depth limit before libyaml sees it, at the line where the limit was passed.
        [(path, line, message)] = refused(result, files)
        assert (path, line) == (where, 2 if where.endswith(".md") else 1)
        assert message.startswith("GH443 嵌套超过 50 层")


# ---------------------------------------------------------------------------------------------------------------
# Bad numbers, every run: each bad value of each number field, in a file of its own, refused at its line.
# (Above, Hypothesis draws one bad field out of many, so a given bad number comes up in few runs.)

NUMBER_RECORDS = {  # folder -> a valid record; the number fields are on lines of their own
    "training": "title: 茶艺班\ncategory: 茶艺\norganizer: 总工会\nvenue: 职工之家\nfee: 0\ncapacity: 40\nenrolled: 0\n"
                "sessions:\n  - start: 2027-01-01 19:00\n    end: 2027-01-01 21:00\n",
    "campaigns": "title: 六个100\norganizer: 总工会\nstart: 2022-01-01\ntargets:\n  - name: 建会\n    unit: 家\n"
                 "    target: 100\n    progress:\n      - date: 2022-06-01\n        value: 10\n",
    "workers": "name: 徐林寿\nhonors:\n  - title: 全国劳动模范\n    level: national\n    year: 2015\n",
    "achievements": "- region: 仁怀市\n  date: 2022-06-01\n  metric: 新建工会\n  value: 12\n  unit: 家\n  source: src\n",
}
# field -> (folder, the line `key: value` holding it, the field as messages name it: list items count from 1)
NUMBER_FIELDS = {
    "fee": ("training", "fee: 0", "fee"),
    "capacity": ("training", "capacity: 40", "capacity"),
    "enrolled": ("training", "enrolled: 0", "enrolled"),
    "target": ("campaigns", "    target: 100", "targets[1].target"),
    "progress-value": ("campaigns", "        value: 10", "targets[1].progress[1].value"),
    "year": ("workers", "    year: 2015", "honors[1].year"),
    "value": ("achievements", "  value: 12", "value"),
}
NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO = ".nan", ".inf", "-.inf", "十", '"3"', "true", "false"
BAD_NUMBERS = {  # field -> values written as YAML, each wrong there
    "fee": ["-1", "-0.5", NAN, ".NaN", INF, MINUS_INF, TEXT, QUOTED, YES, NO, "[1]"],
    "capacity": ["0", "-1", "1.5", NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO],
    "enrolled": ["-1", "41", "1.5", NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO],  # 41: more than the capacity, 40
    "target": ["0", "-1", NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO],
    "progress-value": [NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO],
    "year": ["-1", "1800", "2015.5", NAN, INF, MINUS_INF, TEXT, '"2015"', YES, NO],
    "value": [NAN, INF, MINUS_INF, TEXT, QUOTED, YES, NO, "{n: 1}"],
}
BAD_NUMBER_CASES = [
    pytest.param(name, value, id=f"{name}={value}") for name, values in BAD_NUMBERS.items() for value in values
]


def bad_number_file(name: str, value: str) -> tuple[str, str, int]:
    """(path, text, line of the bad value): the valid record of its folder with this one field set to `value`."""
    folder, line_text, _ = NUMBER_FIELDS[name]
    lines = NUMBER_RECORDS[folder].splitlines()
    line = lines.index(line_text) + 1
    lines[line - 1] = f"{line_text.split(':')[0]}: {value}"
    slug = f"{name}-{hashlib.sha1(value.encode()).hexdigest()[:8]}"  # a file of its own for each case
    return f"data/{folder}/{slug}.yml", "\n".join(lines) + "\n", line


@pytest.fixture(scope="module")
def bad_numbers() -> Iterator[tuple[dict[str, bytes], list[tuple[str, int, str]]]]:
    """One build of every case, each in its own file: (files, the problem report's entries)."""
    files = {"content/news/2022/src.md": SOURCE_ARTICLE.format(refs="").encode()}
    for folder, text in NUMBER_RECORDS.items():  # the valid records: each problem below is its case's own
        files[f"data/{folder}/valid.yml"] = text.encode()
    valid = set(files)
    for case in BAD_NUMBER_CASES:
        path, text, _ = bad_number_file(*case.values)
        assert path not in files, path
        files[path] = text.encode()
    with build(files) as result:  # refused: the build fails with our report, no traceback, each entry file:line
        problems = refused(result, files)
        assert not [problem for problem in problems if problem[0] in valid], problems
        yield files, problems


@pytest.mark.parametrize("name,value", BAD_NUMBER_CASES)
def test_a_bad_number_is_refused_at_its_line(bad_numbers, name, value):
    files, problems = bad_numbers
    path, _, line = bad_number_file(name, value)
    field = NUMBER_FIELDS[name][2]
    found = [(at, message) for where, at, message in problems if where == path]
    assert len(found) == 1, f"{path} ({name}: {value}) gives {found}"
    assert found[0][0] == line, found
    assert re.match(rf"GH301 (第\d+条，)?字段 '{re.escape(field)}'：应", found[0][1]), found
