"""Feeds (RSS, Atom), <head> metadata, robots.txt and the JSON export."""

import email.utils
import html
import json
import re
from pathlib import Path

import feedparser
import pytest
from conftest import SiteFactory
from gonghui.core.generate import feeds
from test_programs import ACHIEVEMENTS, CAMPAIGN, CLASS, WORKER

BASE = "https://example.org/"
HOSTILE = '<script>alert("x")</script> ]]> & 甲\r\n乙'
LEDE = "三个行动带动会员增长 & 工会服务提质。"


def fill(site: SiteFactory) -> SiteFactory:
    site.write("data/campaigns/liuge-yibai.yml", CAMPAIGN)
    site.write("data/training/chayi-ban.yml", CLASS)
    site.write("data/workers/xu-linshou.yml", WORKER)
    site.write("data/achievements/funing.yml", ACHIEVEMENTS)
    site.write("content/assets/images/photo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.article(
        "funing-story", title="阜宁六个100", region="阜宁县", campaigns=["liuge-yibai"], training=["chayi-ban"],
        workers=["xu-linshou"], date="2022-06-21 08:30", tags=["职工之家", "建会入会"], summary=LEDE,
        authors=[{"name": "李丰", "role": "本报记者"}, "王强"], image={"src": "/assets/images/photo.svg", "caption": "图"},
    )
    site.article("gaomi-story", title="高密种子工程", region="高密市", date="2022-06-23", tags=["职工之家"])
    site.article("older", title="旧闻", date="2021-03-02", year=2021)
    site.article("secret-draft", title="草稿 DRAFT-7f3a9", draft=True, body="DRAFT-7f3a9 正文。")
    site.article("scheduled", title="定时 FUTURE-51c2", date="2027-01-01", year=2027, body="FUTURE-51c2 正文。")
    return site


@pytest.fixture
def built(site):
    result = fill(site).build()
    assert result.ok, result.log
    return result


def parse(result, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((result.site_dir / path).read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return parsed


def feed_paths(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.xml") if p.name in ("feed.xml", "atom.xml"))


def titles(parsed) -> list[str]:
    return [e.title for e in parsed.entries]


def test_every_feed_parses_and_the_expected_ones_exist(built):
    paths = feed_paths(built.site_dir)
    tag = "tags/zhi-gong-zhi-jia/"
    for base in ["", "news/", "campaigns/", "training/", "campaigns/liuge-yibai/", tag,
                 "regions/320923/", "regions/320900/", "regions/320000/", "regions/370785/", "regions/340600/"]:
        assert f"{base}feed.xml" in paths and f"{base}atom.xml" in paths, base
    for path in paths:
        parsed = parse(built, path)
        assert parsed.version == ("atom10" if path.endswith("atom.xml") else "rss20"), path
        assert parsed.feed.language == "zh-CN", path
    assert "regions/110000/feed.xml" not in paths  # no page, no feed
    assert "workers/feed.xml" not in paths


def test_news_feed_items_links_dates_and_order(built):
    rss = parse(built, "news/feed.xml")
    assert titles(rss) == ["高密种子工程", "阜宁六个100", "旧闻"]
    first = rss.entries[1]
    link = BASE + "news/2022/06/funing-story/"
    assert first.link == link and first.id == link
    raw = (built.site_dir / "news/feed.xml").read_text(encoding="utf-8")
    assert f'<guid isPermaLink="true">{link}</guid>' in raw
    assert first.published == "Tue, 21 Jun 2022 08:30:00 +0800"
    # RSS readers take <description> as HTML: the lede goes in escaped and displays as itself.
    assert first.summary_detail.type == "text/html" and html.unescape(first.summary) == LEDE
    assert [a.name for a in first.authors] == ["李丰", "王强"]
    assert rss.feed.link == BASE + "news/"
    # lastBuildDate is the newest item's date, not the clock.
    assert rss.feed.updated == rss.entries[0].published == "Thu, 23 Jun 2022 00:00:00 +0800"
    atom = parse(built, "news/atom.xml")
    assert titles(atom) == titles(rss)
    assert atom.entries[1].published == atom.entries[1].updated == "2022-06-21T08:30:00+08:00"
    assert atom.entries[1].summary == LEDE
    assert atom.feed.updated == "2022-06-23T00:00:00+08:00"
    assert atom.feed.id == BASE + "news/"
    raw = (built.site_dir / "news/atom.xml").read_text(encoding="utf-8")
    assert '<link href="https://example.org/news/atom.xml" rel="self"/>' in raw


def test_site_feed_mixes_news_and_records_newest_first(built):
    rss = parse(built, "feed.xml")
    assert titles(rss) == ["职工夜校茶艺班", "高密种子工程", "阜宁六个100", "“六个100”行动", "旧闻"]
    dates = [email.utils.parsedate_to_datetime(e.published) for e in rss.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(e.published.endswith("+0800") for e in rss.entries)
    # The class starts after the build date; the feed's own date never runs ahead of the build: it is the
    # newest item that has come (高密种子工程), never the clock.
    assert rss.feed.updated == "Thu, 23 Jun 2022 00:00:00 +0800"


def test_section_feeds_list_records_with_their_dates(built):
    campaigns = parse(built, "campaigns/atom.xml")
    assert titles(campaigns) == ["“六个100”行动"]
    entry = campaigns.entries[0]
    assert entry.link == BASE + "campaigns/liuge-yibai/"
    assert entry.published == "2022-01-01T00:00:00+08:00"
    assert entry.summary == "量化工会工作目标。"
    assert entry.author == "阜宁县总工会"
    training = parse(built, "training/feed.xml")
    assert titles(training) == ["职工夜校茶艺班"]
    assert training.entries[0].published == "Tue, 05 Jan 2027 19:00:00 +0800"  # the first session
    assert training.entries[0].summary == "课程介绍。"


def test_tag_region_and_campaign_feeds_hold_their_articles(built):
    assert titles(parse(built, "tags/zhi-gong-zhi-jia/feed.xml")) == ["高密种子工程", "阜宁六个100"]
    assert titles(parse(built, "tags/jian-hui-ru-hui/atom.xml")) == ["阜宁六个100"]
    assert titles(parse(built, "campaigns/liuge-yibai/feed.xml")) == ["阜宁六个100"]
    assert titles(parse(built, "regions/320000/feed.xml")) == ["阜宁六个100"]  # 江苏省, rolled up from 阜宁县
    assert titles(parse(built, "regions/370000/feed.xml")) == ["高密种子工程"]
    region = parse(built, "regions/340600/feed.xml")  # 淮北市: only a class, no articles yet
    assert region.entries == [] and region.feed.updated == "Thu, 23 Jun 2022 00:00:00 +0800"  # the site's as_of
    assert parse(built, "regions/320923/atom.xml").feed.title == "测试站 · 地区：江苏省盐城市阜宁县"


def test_drafts_and_scheduled_articles_never_reach_any_output(built):
    for path, text in built.all_text().items():
        if path.endswith((".xml", ".json", ".txt")):
            assert "DRAFT-7f3a9" not in text and "FUTURE-51c2" not in text, path


def test_feeds_stop_at_the_limit(site, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LIMIT", 2)
    result = fill(site).build()
    assert titles(parse(result, "news/feed.xml")) == ["高密种子工程", "阜宁六个100"]
    assert len(parse(result, "feed.xml").entries) == 2


def test_hostile_title_is_escaped_by_the_feed_writer_and_the_head(site):
    site.article("evil", title=HOSTILE, date="2022-06-25", summary="提示 <b>粗</b> & 完")
    result = site.build()
    assert result.ok, result.log
    for path in ("feed.xml", "atom.xml", "news/feed.xml", "news/atom.xml"):
        raw = (result.site_dir / path).read_text(encoding="utf-8")
        assert "<script" not in raw and "]]>" not in raw, path
        entry = parse(result, path).entries[0]
        assert entry.title == HOSTILE, path
        summary = html.unescape(entry.summary) if path.endswith("feed.xml") else entry.summary
        assert summary == "提示 <b>粗</b> & 完", path
    page = result.html("news/2022/06/evil/")
    head = page[: page.index("</head>")]
    assert "<script>alert" not in page
    assert '<meta property="og:title" content="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ]]&gt; &amp; 甲' in head
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in head


def meta(page: str, key: str) -> list[str]:
    head = page[: page.index("</head>")]
    return re.findall(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', head)


def alternates(page: str) -> list[tuple[str, str]]:
    head = page[: page.index("</head>")]
    return re.findall(r'<link rel="alternate feed" type="(application/(?:rss|atom)\+xml)" title="[^"]*" href="([^"]*)"', head)


def test_article_head_has_open_graph_and_feed_links(built):
    page = built.html("news/2022/06/funing-story/")
    assert meta(page, "description") == [LEDE.replace("&", "&amp;")]  # one, not Material's too
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == ["阜宁六个100"]
    assert meta(page, "og:url") == [BASE + "news/2022/06/funing-story/"]
    assert meta(page, "og:image") == [BASE + "assets/images/photo.svg"]
    assert meta(page, "og:site_name") == ["测试站"] and meta(page, "og:locale") == ["zh_CN"]
    assert meta(page, "article:published_time") == ["2022-06-21T08:30:00+08:00"]
    assert alternates(page) == [
        ("application/rss+xml", "../../../../feed.xml"),
        ("application/atom+xml", "../../../../atom.xml"),
        ("application/rss+xml", "../../../feed.xml"),
        ("application/atom+xml", "../../../atom.xml"),
    ]
    plain = built.html("news/2022/06/gaomi-story/")
    assert meta(plain, "og:image") == [] and meta(plain, "description") == ["正文第一段。"]


def test_every_page_links_the_site_feed_and_its_own(built):
    pages = {
        "": [],
        "tags/zhi-gong-zhi-jia/": ["feed.xml", "atom.xml"],
        "campaigns/": ["feed.xml", "atom.xml"],
        "campaigns/liuge-yibai/": ["feed.xml", "atom.xml"],
        "training/chayi-ban/": ["../feed.xml", "../atom.xml"],
        "regions/320923/": ["feed.xml", "atom.xml"],
        "workers/xu-linshou/": [],
        "regions/": [],
    }
    for url, own in pages.items():
        page = built.html(url)
        hrefs = [href for _type, href in alternates(page)]
        up = "../" * url.count("/")
        assert hrefs == [f"{up}feed.xml", f"{up}atom.xml", *own], url
        assert len(meta(page, "description")) <= 1, url
        assert meta(page, "og:type") == ["website"], url
        assert meta(page, "og:url") == [BASE + url], url
    assert meta(built.html("campaigns/liuge-yibai/"), "description") == ["量化工会工作目标。"]
    assert meta(built.html("workers/xu-linshou/"), "description") == ["带领村民发展特色种植。"]
    assert meta(built.html(""), "og:title") == ["测试站"]


def test_editors_own_page_keeps_its_description_escaped_once(site):
    site.write("content/about.md", '---\ndescription: 关于 "我们" & <他们>\n---\n# 关于本站\n\n正文。\n')
    result = site.build()
    assert result.ok, result.log
    page = result.html("about/")
    assert meta(page, "description") == ["关于 &#34;我们&#34; &amp; &lt;他们&gt;"]
    assert meta(page, "og:title") == ["关于本站"] and "<title>关于本站 - 测试站</title>" in page
    assert [href for _type, href in alternates(page)] == ["../feed.xml", "../atom.xml"]
    assert "og:type" not in result.html("404.html")  # no page context: Material's own head


def test_robots_txt_points_at_the_sitemap(built):
    robots = (built.site_dir / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    assert (built.site_dir / "sitemap.xml").is_file()


def test_json_export_lists_every_record(built):
    data = json.loads((built.site_dir / "api/programs.json").read_text(encoding="utf-8"))
    assert list(data) == ["generated", "campaigns", "training", "workers", "achievements"]
    assert data["generated"] == "2026-11-24T23:59:59+08:00"
    [campaign] = data["campaigns"]
    assert campaign["url"] == BASE + "campaigns/liuge-yibai/"
    assert campaign["region"] == {"code": "320923", "name": "阜宁县", "full_name": "江苏省盐城市阜宁县"}
    assert campaign["start"] == "2022-01-01" and campaign["end"] == "2022-12-31" and campaign["status"] == "已结束"
    target = campaign["targets"][0]
    assert target["progress"] == [{"date": "2022-03-01", "value": 20}, {"date": "2022-06-01", "value": 36}]
    assert target["value"] == 36 and target["percent"] == 36
    assert campaign["articles"] == [BASE + "news/2022/06/funing-story/"]
    [course] = data["training"]
    assert [(s["start"], s["end"], s["topic"]) for s in course["sessions"]] == [
        ("2027-01-05T19:00:00+08:00", "2027-01-05T21:00:00+08:00", "茶艺基础"),
        ("2027-01-12T19:00:00+08:00", "2027-01-12T21:00:00+08:00", "冲泡技法"),
    ]
    assert course["registration"]["deadline"] == "2026-12-20" and course["places_left"] == 18
    assert course["calendar"] == BASE + "training/chayi-ban.ics"
    [worker] = data["workers"]
    assert [(h["title"], h["level"], h["year"]) for h in worker["honors"]] == [
        ("全国劳动模范", "national", 2020), ("市级劳动模范", "municipal", 2015)
    ]
    assert worker["region"]["full_name"] == "山东省潍坊市高密市"
    assert len(data["achievements"]) == 4
    first = data["achievements"][0]
    assert first["source"] == {"slug": "funing-story", "title": "阜宁六个100", "url": BASE + "news/2022/06/funing-story/"}
    assert {a["value"] for a in data["achievements"]} == {2000, 101900, 15000, 2305}
    raw = (built.site_dir / "api/programs.json").read_text(encoding="utf-8")
    assert "阜宁县" in raw and "\\u" not in raw  # readable UTF-8


def test_same_content_and_build_date_give_identical_files(tmp_path):
    outputs = []
    for name in ("one", "two"):
        root = tmp_path / name
        root.mkdir()
        result = fill(SiteFactory(root)).build()
        assert result.ok, result.log
        paths = [*feed_paths(result.site_dir), "api/programs.json", "robots.txt"]
        outputs.append({p: (result.site_dir / p).read_bytes() for p in paths})
    assert len(outputs[0]) > 20
    assert outputs[0] == outputs[1]


def test_feed_cache_gives_the_same_bytes_and_makes_only_changed_feeds(tmp_path, monkeypatch):
    # .cache/gonghui/feeds/ (generate/feed_cache.py): a warm build reads unchanged feeds back. Its feeds must be
    # byte-identical to a build without the cache; after one article's title changes, only the feeds that list
    # it are made again; a corrupt cache file is made again, never served.
    made: list[int] = []
    prune = feeds.FeedCache.prune
    monkeypatch.setattr(feeds.FeedCache, "prune", lambda self: (made.append(self.made), prune(self))[1])

    def build(root: Path, title: str = "高密种子工程", **options) -> dict[str, bytes]:
        factory = fill(SiteFactory(root))
        factory.plugin_options.update(options)
        factory.article("gaomi-story", title=title, region="高密市", date="2022-06-23", tags=["职工之家"])
        result = factory.build()
        assert result.ok, result.log
        return {p: (result.site_dir / p).read_bytes() for p in feed_paths(result.site_dir)}

    (tmp_path / "plain").mkdir()
    (tmp_path / "cached").mkdir()
    plain = build(tmp_path / "plain", build_cache=False)
    assert made == []  # no cache, nothing kept
    cold = build(tmp_path / "cached")
    warm = build(tmp_path / "cached")
    assert cold == warm == plain and len(plain) > 20
    assert made == [len(plain), 0]
    stored = sorted((tmp_path / "cached/.cache/gonghui/feeds").glob("*.feed"))
    assert len(stored) == len(plain)
    stored[0].write_bytes(stored[0].read_bytes()[:-40])  # cut short: refused and made again
    assert build(tmp_path / "cached") == plain and made[-1] == 1
    retitled = build(tmp_path / "cached", title="高密种子工程（更正）")
    changed = {path for path in plain if retitled[path] != plain[path]}
    assert changed and all("高密种子工程（更正）" in retitled[path].decode() for path in changed)
    assert made[-1] == len(changed) < len(plain)
    assert len(list((tmp_path / "cached/.cache/gonghui/feeds").glob("*.feed"))) == len(plain)  # the old ones pruned


def test_a_later_build_of_an_unchanged_site_writes_the_same_feeds_and_calendars(tmp_path):
    # Nightly builds run at another hour every night: feeds and calendars carry the site's `as_of` (the newest
    # moment that has come), not the clock, so a deploy of a site where nothing happened uploads none of them.
    # Once the class's first session has begun, its calendars say so (DTSTAMP) and the feeds list it as come.
    def build(name: str, build_date: str) -> dict[str, bytes]:
        (tmp_path / name).mkdir()
        factory = fill(SiteFactory(tmp_path / name))
        factory.plugin_options["build_date"] = build_date
        result = factory.build()
        assert result.ok, result.log
        paths = [*feed_paths(result.site_dir), *(p.relative_to(result.site_dir).as_posix()
                                                  for p in result.site_dir.rglob("*.ics"))]
        return {path: (result.site_dir / path).read_bytes() for path in paths}

    night = build("night", "2026-11-24 02:00")
    next_night = build("next", "2026-11-25 03:17")
    assert len(night) > 20 and any(path.endswith(".ics") for path in night)
    assert next_night == night
    started = build("started", "2027-01-06 02:00")  # the class's first session was on 5 January, 19:00
    changed = {path for path in night if started[path] != night[path]}
    assert "training/chayi-ban.ics" in changed and "training/feed.xml" in changed
    assert b"DTSTAMP:20270105T" in started["training/chayi-ban.ics"]


def test_a_kept_feed_is_a_file_of_exactly_its_bytes_that_the_build_copies(tmp_path):
    # At 100,000 articles a site has thousands of feeds: the build copies each from the cache instead of
    # holding its bytes in memory until MkDocs writes the files.
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return "<rss>职工之家</rss>".encode()

    folder = tmp_path / "feeds"
    first = feeds.FeedCache(folder).feed("k1", make)
    assert isinstance(first, Path) and first.read_bytes() == make() and len(calls) == 2
    again = feeds.FeedCache(folder).feed("k1", make)  # a later build finds it by its key
    assert again == first and len(calls) == 2
    first.write_bytes(first.read_bytes()[:-3])  # cut short: made again, never copied as it is
    remade = feeds.FeedCache(folder).feed("k1", make)
    assert isinstance(remade, Path) and remade.read_bytes() == make() and len(calls) == 4
    (tmp_path / "blocked").write_text("a file where the folder should be")
    assert feeds.FeedCache(tmp_path / "blocked" / "feeds").feed("k2", make) == make()  # no cache: the bytes
