"""Hostile input: values are escaped for each format, unsafe HTML in bodies is removed with a warning."""

import re
from html.parser import HTMLParser

import icalendar

EVIL = '<script>alert(1)</script>"onerror="alert(2)]]>javascript:alert(3)\r\nX'


class ActiveContent(HTMLParser):
    """Collects anything that would run in a reader's browser."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.in_script = True
            self.script_start = self.getpos()

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append(f"script containing {data[:40]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False


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
    assert f"content/news/2022/unsafe.md:{body_start + 2}: removed unsafe HTML: <script>" in result.log
    assert f"content/news/2022/unsafe.md:{body_start + 4}: removed unsafe HTML: an on… event attribute" in result.log
    assert f"content/news/2022/unsafe.md:{body_start + 6}: removed unsafe HTML: a javascript: link" in result.log
    assert f"content/news/2022/unsafe.md:{body_start + 8}: removed unsafe HTML: <iframe> from an untrusted host (evil.example)" in result.log
