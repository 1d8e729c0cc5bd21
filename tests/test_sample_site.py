"""The project's own site: builds strictly, links resolve, nothing loads from outside."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import build_sample_site

REPO = Path(__file__).resolve().parent.parent


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append((tag, name, value))
            if name == "id":
                self.ids.add(value)
            if name == "rel" and value in ("stylesheet", "preconnect", "preload", "icon"):
                pass


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_sample_site(tmp_path_factory.mktemp("sample"))


def parsed(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_sample_articles_all_built(built):
    articles = sorted(p.parent.name for p in (built / "news" / "2022" / "06").glob("*/index.html"))
    assert len(articles) == 9


def test_no_broken_internal_links_or_anchors(built):
    pages = list(built.rglob("*.html"))
    ids = {p: parsed(p).ids for p in pages}
    broken = []
    for page in pages:
        for _tag, _attr, value in parsed(page).links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("//", "mailto:", "tel:")):
                continue
            base = built if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built)}: {value}")
                continue
            if parts.fragment and target.suffix == ".html" and target in ids and parts.fragment not in ids[target]:
                if parts.fragment not in ("__skip",):
                    broken.append(f"{page.relative_to(built)}: {value} (no such anchor)")
    assert broken == []


SITE_HOST = "news.example.org.cn"  # site_url in mkdocs.yml: canonical links point there
RESOURCE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""")
# The editing desk's Decap CMS bundle (admin/decap-cms.js) holds code that loads from other hosts, each run only when
# config.yml asks for it, which ours never does (tests/test_desk_config.py checks; tests/test_desk_browser.py sees
# no such request): "//:0" blanks an image, no request.
DECAP_DORMANT = {
    '.src="//:0"': "resets an <img> after measuring it: no request",
    "https://uploadcare.com/": "the Uploadcare media library: only with media_library: uploadcare",
    "https://www.openstreetmap.org/copyright": "attribution link of the map widget, which we never use",
    "https://media-library.cloudinary.com/": "the Cloudinary media library: only with media_library: cloudinary",
}


def test_nothing_loads_from_outside_hosts(built):
    offenders = []
    for path in built.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            for tag, attr, value in parsed(path).links:
                is_link = tag == "a"
                own_site = urlsplit(value).hostname == SITE_HOST
                if value.startswith(("http://", "https://", "//")) and not is_link and not own_site:
                    offenders.append(f"{path.relative_to(built)}: <{tag} {attr}={value}>")
        else:
            for match in RESOURCE.finditer(text):
                found = text[match.start() - 2:match.end() + 40]
                if path.parent.name == "admin" and path.name.endswith("decap-cms.js"):
                    if any(dormant in found for dormant in DECAP_DORMANT):
                        continue
                offenders.append(f"{path.relative_to(built)}: {found}")
    for hosts in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com"):
        for path in built.rglob("*.html"):
            assert hosts not in path.read_text(encoding="utf-8"), f"{hosts} in {path}"
    assert offenders == []


def test_every_page_declares_zh_cn(built):
    for path in built.rglob("*.html"):
        assert '<html lang="zh-CN"' in path.read_text(encoding="utf-8"), path


def test_footer_shows_publisher_and_icp(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "主办：" in html and "ICP备" in html


class HeadingParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_headings_never_skip_a_level(built):
    # Screen-reader users move by headings; a list of stories right under the page's <h1> must use <h2>.
    skips = []
    for path in sorted(built.rglob("*.html")):
        parser = HeadingParser()
        parser.feed(path.read_text(encoding="utf-8"))
        for before, after in zip([0, *parser.levels], parser.levels, strict=False):
            if after > before + 1:
                skips.append(f"{path.relative_to(built)}: h{before} → h{after}")
                break
    assert not skips, "\n".join(skips)
