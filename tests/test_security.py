"""Hostile input: values are escaped for each format, unsafe HTML in bodies is removed with a warning."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar
import yaml

EVIL = '<script>alert(1)</script>"onerror="alert(2)]]>javascript:alert(3)\r\nX'


class ActiveContent(HTMLParser):
    """Collects anything that would run in a reader's browser."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False
        self.in_data = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script":
            # A JSON data block (the search page's tag and region names) never runs; it must still not be able
            # to end itself early, so it may hold no "<" at all (Jinja's tojson writes \u003c).
            self.in_data = dict(attrs).get("type") == "application/json"
            self.in_script = True
            self.script_start = self.getpos()

    def handle_data(self, data):
        if self.in_script and self.in_data and "<" in data:
            self.found.append(f"JSON data block with a raw '<': {data[:40]!r}")
        elif self.in_script and not self.in_data and "alert(" in data:
            self.found.append(f"script containing {data[:40]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = self.in_data = False


def active(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def test_front_matter_and_records_are_escaped_everywhere(site):
    site.write("content/assets/p.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.article(
        "evil", title=EVIL, kicker=EVIL, subtitle=EVIL, dateline=EVIL, summary=EVIL, tags=[EVIL, "普通"],
        authors=[{"name": EVIL, "role": EVIL}], image={"src": "/assets/p.svg", "caption": EVIL, "credit": EVIL},
        campaigns=["evil-campaign"], training=["evil-class"], workers=["evil-worker"], region="仁怀市",
    )
    quoted = EVIL.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    site.write("data/campaigns/evil-campaign.yml",
               f'title: "{quoted}"\norganizer: "{quoted}"\nregion: 仁怀市\nstart: 2022-01-01\nsummary: "{quoted}"\n'
               f'description: "{quoted} [link](javascript:alert(4))"\ntags: ["{quoted}"]\n'
               f'targets:\n  - {{name: "{quoted}", unit: "{quoted}", target: 10, progress: [{{date: 2022-02-01, value: 3}}]}}\n')
    site.write("data/training/evil-class.yml",
               f'title: "{quoted}"\ncategory: "{quoted}"\norganizer: "{quoted}"\nregion: 仁怀市\nvenue: "{quoted}"\n'
               f'address: "{quoted}"\nfee: 0\ncapacity: 3\naudience: "{quoted}"\n'
               f'registration: {{phone: "{quoted}"}}\n'
               f'sessions:\n  - {{start: "2027-01-01 09:00", end: "2027-01-01 10:00", topic: "{quoted}", teacher: "{quoted}"}}\n'
               f'description: "{quoted}"\n')
    site.write("data/workers/evil-worker.yml",
               f'name: "{quoted}"\nhonors: [{{title: "{quoted}", level: national, year: 2020}}]\norganization: "{quoted}"\n'
               f'position: "{quoted}"\nregion: 仁怀市\nindustry: "{quoted}"\nbio: "{quoted}"\n')
    site.write("data/achievements/evil.yml",
               f'- {{region: 仁怀市, date: 2022-06-01, metric: "{quoted}", value: 5, unit: "{quoted}", source: evil, note: "{quoted}"}}\n')
    result = site.build()
    assert result.ok, result.log
    texts = result.all_text()
    html_files = {k: v for k, v in texts.items() if k.endswith(".html")}
    assert len(html_files) > 10
    for path, html in html_files.items():
        assert active(html) == [], f"active content in {path}: {active(html)}"
    article = result.html("news/2022/06/evil/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    for ics in ("training/evil-class.ics", "training/calendar.ics"):
        cal = icalendar.Calendar.from_ical((result.site_dir / ics).read_bytes())
        assert cal.walk("VEVENT"), ics
        raw = (result.site_dir / ics).read_bytes().decode()
        assert re.search(r"^X\r?$", raw, re.M) is None, "a CRLF in a value must not start a new calendar line"
    xml_files = sorted(p for p in texts if p.endswith(".xml"))
    assert {"sitemap.xml", "feed.xml", "atom.xml", "campaigns/evil-campaign/feed.xml"} <= set(xml_files)
    for path in xml_files:
        root = ET.fromstring((result.site_dir / path).read_bytes())  # well-formed despite ]]> and CRLF
        assert not [e.tag for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "script"], path
        assert "<script" not in texts[path], f"raw markup in {path}"
    items = ET.parse(result.site_dir / "feed.xml").getroot().iter("item")
    [item_title] = [e.findtext("title") for e in items if e.findtext("link").endswith("/news/2022/06/evil/")]
    assert item_title.startswith("<script>alert(1)</script>") and "]]>" in item_title  # only as character data
    campaign_feed = ET.parse(result.site_dir / "campaigns/evil-campaign/atom.xml").getroot()
    assert "<script>alert(1)</script>" in campaign_feed.findtext("{http://www.w3.org/2005/Atom}title")
    locs = [e.text for e in ET.parse(result.site_dir / "sitemap.xml").getroot().iter() if e.tag.endswith("loc")]
    assert locs and all(loc.startswith("https://example.org/") and "<" not in loc for loc in locs)
    raw_json = (result.site_dir / "api/programs.json").read_bytes()
    assert b"<" not in raw_json and b">" not in raw_json and b"&" not in raw_json
    assert json.loads(raw_json)["campaigns"][0]["title"] == EVIL


def test_unsafe_html_in_bodies_is_removed_with_a_warning(site):
    body = (
        "第一段。\n\n"
        "<script>alert('x')</script>\n\n"
        '<p onclick="alert(1)">点我</p>\n\n'
        "[链接](javascript:alert(2))\n\n"
        '<iframe src="https://evil.example/embed"></iframe>\n\n'
        '<iframe src="https://player.bilibili.com/player.html?bvid=1"></iframe>\n'
    )
    site.plugin_options["trusted_embed_hosts"] = ["player.bilibili.com"]
    path = site.article("unsafe", body=body)
    result = site.build()
    assert result.ok
    html = result.html("news/2022/06/unsafe/")
    assert active(html) == []
    assert "evil.example" not in html
    assert 'src="https://player.bilibili.com/player.html?bvid=1"' in html
    body_start = path.read_text(encoding="utf-8").split("\n").index("第一段。") + 1
    assert f"content/news/2022/unsafe.md:{body_start + 2}: GH420 删去了不安全的 HTML <script>" in result.log
    assert f"content/news/2022/unsafe.md:{body_start + 4}: GH421 删去了 HTML 标签里的 on… 事件属性" in result.log
    assert f"content/news/2022/unsafe.md:{body_start + 6}: GH422 删去了 javascript: 链接" in result.log
    assert (f"content/news/2022/unsafe.md:{body_start + 8}: "
            "GH423 删去了 <iframe>：它来自不在信任名单上的网站（evil.example）；确需嵌入，请管理员把这个网站加进 mkdocs.yml "
            "的 trusted_embed_hosts (removed unsafe HTML: embed from an untrusted host)") in result.log


# Sequences that end a <script>, a comment, a CDATA section or a JavaScript line, and an entity.
PLANTED = '<script>alert(1)</script>"onerror=alert(1) x="]]>javascript:alert(1)\r\n</script>\u2028<!--&amp;\u2029'


def planted(name: str) -> str:
    """A distinct hostile value per field; it ends in '·' so stripping leaves it whole."""
    return f"{name}:{PLANTED}·"


class ScriptData(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.chunks: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or tag == "script"

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "script"

    def handle_data(self, data):
        if self.inside:
            self.chunks.append(data)


def test_json_export_round_trips_hostile_values_and_is_safe_to_inline(site):
    site.write("content/assets/p.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.article(
        "source", **{k: planted(f"article.{k}") for k in ("title", "kicker", "subtitle", "dateline", "summary")},
        tags=[planted("article.tag")], authors=[{"name": planted("article.author"), "role": planted("article.role")}],
        image={"src": "/assets/p.svg", "caption": planted("article.caption"), "credit": planted("article.credit"),
               "alt": planted("article.alt")},
        campaigns=["c"], training=["t"], workers=["w"], region="仁怀市",
    )
    campaign = {
        **{k: planted(f"campaign.{k}") for k in ("title", "organizer", "summary", "description")},
        "region": "仁怀市", "start": "2022-01-01", "tags": [planted("campaign.tag")],
        "targets": [{"name": planted("target.name"), "unit": planted("target.unit"), "target": 10,
                     "progress": [{"date": "2022-02-01", "value": 3}]}],
    }
    course = {
        **{k: planted(f"training.{k}") for k in ("title", "category", "organizer", "venue", "address", "audience",
                                                  "description")},
        "region": "仁怀市", "fee": 0, "capacity": 3,
        "registration": {"phone": planted("registration.phone"),
                         "url": 'https://example.org/?q=<script>alert(1)</script>&x="]]><!--'},
        "sessions": [{"start": "2027-01-01 09:00", "end": "2027-01-01 10:00", "topic": planted("session.topic"),
                      "teacher": planted("session.teacher")}],
    }
    worker = {
        **{k: planted(f"worker.{k}") for k in ("name", "organization", "position", "industry", "bio", "photo")},
        "region": "仁怀市", "honors": [{"title": planted("honor.title"), "level": "national", "year": 2020}],
    }
    figures = [{"region": "仁怀市", "date": "2022-06-01", "metric": planted("achievement.metric"), "value": 5,
                "unit": planted("achievement.unit"), "source": "source", "note": planted("achievement.note")}]
    for rel, data in (("data/campaigns/c.yml", campaign), ("data/training/t.yml", course),
                      ("data/workers/w.yml", worker), ("data/achievements/a.yml", figures)):
        site.write(rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = site.build()
    assert result.ok, result.log

    raw = (result.site_dir / "api/programs.json").read_bytes()
    for sequence in (b"<script", b"</script", b"<!--", b"]]>", b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert sequence not in raw, sequence
    assert b"\\u003c/script\\u003e" in raw  # escaped, not dropped
    data = json.loads(raw)
    [c], [t], [w], [a] = data["campaigns"], data["training"], data["workers"], data["achievements"]
    for key in ("title", "organizer", "summary", "description"):
        assert c[key] == campaign[key]
    assert c["tags"] == campaign["tags"]
    assert (c["targets"][0]["name"], c["targets"][0]["unit"]) == (planted("target.name"), planted("target.unit"))
    for key in ("title", "category", "organizer", "venue", "address", "audience", "description"):
        assert t[key] == course[key]
    assert t["registration"]["phone"] == planted("registration.phone")
    assert t["registration"]["url"] == course["registration"]["url"]
    assert (t["sessions"][0]["topic"], t["sessions"][0]["teacher"]) == (planted("session.topic"), planted("session.teacher"))
    for key in ("name", "organization", "position", "industry", "bio"):
        assert w[key] == worker[key]
    assert w["photo"] == "https://example.org/" + planted("worker.photo")
    assert w["honors"][0]["title"] == planted("honor.title")
    for key in ("metric", "unit", "note"):
        assert a[key] == figures[0][key]
    assert a["source"]["title"] == planted("article.title")

    # Inlined into a page, the whole export stays inside its <script> element and reads back the same.
    page = ScriptData()
    page.feed(f'<script type="application/json">{raw.decode()}</script><p>after</p>')
    page.close()
    assert json.loads("".join(page.chunks)) == data
