"""Articles and news views, built as real sites in tmp_path."""

import re
import shutil
import xml.etree.ElementTree as ET

import pytest


def article_main(html: str) -> str:
    return html[html.index('<article class="md-content__inner'):html.rindex("</article>")]


@pytest.fixture
def full_article(site):
    site.write("content/assets/photo.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"></svg>')
    site.article(
        "jianhui-xiaofendui",
        title="“建会小分队”来了",
        kicker="贵州仁怀市总成立专门工作团队",
        subtitle="帮助小微企业工会组织建起来",
        date="2022-06-24 08:30",
        authors=[{"name": "李丰", "role": "本报记者"}, {"name": "冯际刚", "role": "本报通讯员"}, "张三"],
        dateline="本报广州6月23日电",
        region="仁怀市",
        tags=["建会入会", "新就业形态"],
        summary="仁怀市总工会派出4支小分队。",
        image={"src": "/assets/photo.svg", "caption": "茶艺培训现场", "credit": "本报通讯员 张锋 孟宪勋 摄"},
        body="## 进驻工作薄弱区域\n\n第一段正文。\n\n## 3次登门使企业转变认识\n\n第二段。",
    )
    return site


def test_headline_block_in_newspaper_order(full_article):
    result = full_article.build()
    assert result.ok, result.log
    html = article_main(result.html("news/2022/06/jianhui-xiaofendui/"))
    kicker = html.index("贵州仁怀市总成立专门工作团队")
    title = html.index('<h1 class="gh-headline__title">“建会小分队”来了</h1>')
    subtitle = html.index("帮助小微企业工会组织建起来")
    byline = html.index("本报记者 李丰")
    body = html.index("第一段正文")
    assert kicker < title < subtitle < byline < body
    assert html.count("<h1") == 1
    assert "本报通讯员 冯际刚" in html and "张三" in html
    assert '<span class="gh-meta__dateline">本报广州6月23日电</span>' in html
    assert ">2022年6月24日 08:30</time>" in html
    assert 'datetime="2022-06-24T08:30:00+08:00"' in html
    assert "仁怀市" in html
    assert 'href="../../../../tags/jian-hui-ru-hui/">建会入会</a>' in html
    assert '<img src="../../../../assets/photo.svg" alt="茶艺培训现场">' in html
    assert '<span class="gh-photo__credit">本报通讯员 张锋 孟宪勋 摄</span>' in html
    assert html.index("阅读提示") < body
    assert "仁怀市总工会派出4支小分队。" in html


def test_chinese_headings_get_pinyin_anchors(full_article):
    html = full_article.build().html("news/2022/06/jianhui-xiaofendui/")
    assert '<h2 id="jin-zhu-gong-zuo-bo-ruo-qu-yu">进驻工作薄弱区域</h2>' in html
    assert 'id="3-ci-deng-men-shi-qi-ye-zhuan-bian-ren-shi"' in html
    assert 'id="_1"' not in html


def test_every_page_is_zh_cn(full_article):
    result = full_article.build()
    pages = [p for p in result.site_dir.rglob("*.html")]
    assert len(pages) > 5
    for page in pages:
        assert '<html lang="zh-CN"' in page.read_text(encoding="utf-8"), page


def test_url_uses_date_and_slug_override(site):
    site.article("wenjian-ming", slug="custom-slug", date="2021-12-31 23:00")
    result = site.build()
    assert result.ok, result.log
    assert result.exists("news/2021/12/custom-slug")
    assert not result.exists("news/2021/12/wenjian-ming")


def test_pagination_numbered_from_the_oldest(site):
    for day in range(1, 21):
        site.article(f"a{day}", date=f"2022-06-{day:02d}", title=f"第{day}篇")
    result = site.build()  # page_size 3 in the fixture: the base page 20..16, then pages 5 (15..13) down to 1 (3..1)
    assert result.ok, result.log
    base, fifth, first = (result.html(u) for u in ("news/", "news/page/5/", "news/page/1/"))
    assert base.index("第20篇") < base.index("第19篇") < base.index("第16篇")
    assert "第15篇" not in base and "第15篇" in fifth and "第13篇" in fifth and "第12篇" not in fifth
    assert "第3篇" in first and "第1篇" in first and "第4篇" not in first
    assert "共 20 篇" in base and "第 1 页：2022年6月1日至2022年6月3日，3 篇" in first
    assert 'rel="next" href="page/5/"' in base and 'rel="prev"' not in base.split("gh-pager", 1)[1].split("</nav>")[0]
    assert 'rel="prev" href="../../"' in fifth and 'rel="next" href="../4/"' in fifth
    assert 'rel="prev" href="../2/"' in first and 'rel="next" href=' not in first
    assert not result.exists("news/page/6")
    kept = {number: result.html(f"news/page/{number}/") for number in (1, 2)}
    for day in range(21, 24):  # three more stories: a new full page; pages away from the newest stay as they were
        site.article(f"a{day}", date=f"2022-06-{day:02d}", title=f"第{day}篇")
    shutil.rmtree(site.root / ".cache")  # rendered afresh, not taken from the page cache (whose key leaves the count out)
    again = site.build()
    assert again.ok, again.log
    assert "第15篇" in again.html("news/page/5/") and "第18篇" in again.html("news/page/6/")
    assert "第23篇" in again.html("news/") and "第19篇" in again.html("news/") and "第18篇" not in again.html("news/")
    assert {number: again.html(f"news/page/{number}/") for number in (1, 2)} == kept


def test_month_and_year_archives_and_tags(site):
    site.article("may", date="2022-05-10", tags=["职工培训"], title="五月稿")
    site.article("june", date="2022-06-10", tags=["职工培训", "建会入会"], title="六月稿")
    site.article("old", year=2021, date="2021-03-01", title="去年稿")
    result = site.build()
    assert result.ok, result.log
    june = result.html("news/2022/06/")
    assert "六月稿" in june and "五月稿" not in june
    assert "五月稿" in result.html("news/2022/05/")
    archive = result.html("news/archive/")
    assert "2022年" in archive and "2021年" in archive and 'href="../2022/06/"' in archive
    assert "6月" in result.html("news/2022/")
    tag = result.html("tags/zhi-gong-pei-xun/")
    assert "五月稿" in tag and "六月稿" in tag and "去年稿" not in tag
    tags = result.html("tags/")
    assert "职工培训" in tags and "（2）" in tags


def test_home_has_lead_story_with_photo_and_latest(site):
    site.write("content/assets/p.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.article("older-with-photo", date="2022-06-01", title="有图头条", kicker="引题文字", summary="摘要文字",
                 image={"src": "/assets/p.svg", "caption": "图片说明"})
    site.article("newest", date="2022-06-05", title="最新一篇", body="第一段是导语。\n\n第二段。")
    result = site.build()
    home = article_main(result.html(""))
    lead = home[home.index('class="gh-lead"'):home.index("最新报道")]
    assert "有图头条" in lead and "引题文字" in lead and "摘要文字" in lead and "assets/p.svg" in lead
    latest = home[home.index("最新报道"):]
    assert "最新一篇" in latest and "第一段是导语。" in latest and "第二段" not in latest


def test_related_articles_by_region_and_tags(site):
    site.article("a", date="2022-06-01", region="仁怀市", title="甲稿")
    site.article("b", date="2022-06-02", region="仁怀市", title="乙稿")
    site.article("c", date="2022-06-03", tags=["职工培训"], title="丙稿")
    site.article("d", date="2022-06-04", region="仁怀市", title="丁稿")
    result = site.build()
    html = result.html("news/2022/06/d/")
    related = html[html.index("相关报道"):]
    assert "乙稿" in related and "甲稿" in related and "丙稿" not in related
    assert related.index("乙稿") < related.index("甲稿")  # the nearest first
    # Only earlier coverage: a page does not change when later stories come (the build cache keeps it).
    html = result.html("news/2022/06/b/")
    assert "甲稿" in html[html.index("相关报道"):] and "丁稿" not in html
    assert "相关报道" not in result.html("news/2022/06/a/")


def test_drafts_and_scheduled_articles_appear_nowhere(site):
    site.article("visible", title="公开稿件")
    site.article("secret-draft", title="草稿标题XYZZY", draft=True, tags=["独有标签"], body="草稿正文QWERTY")
    site.article("scheduled", title="定时稿件PLUGH", date="2099-01-01", body="未来正文PLUGH")
    result = site.build()
    assert result.ok, result.log
    for path, text in result.all_text().items():
        for marker in ("XYZZY", "QWERTY", "PLUGH", "secret-draft", "独有标签"):
            assert marker not in text, f"{marker} leaked into {path}"
    # The search index is compressed: read it decompressed.
    fragments = result.search_fragments()
    assert "公开稿件" in [fragment["meta"]["title"] for fragment in fragments]
    for path, text in result.search_texts().items():
        for marker in ("XYZZY", "QWERTY", "PLUGH", "secret-draft", "独有标签"):
            assert marker not in text, f"{marker} leaked into the search index ({path})"


def test_sitemap_is_valid_and_lists_articles(site):
    site.article("one", date="2022-06-24")
    result = site.build()
    tree = ET.parse(result.site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert "https://example.org/news/2022/06/one/" in locs
    assert "https://example.org/" in locs
    assert all(loc.startswith("https://example.org/") for loc in locs)


def test_articles_stay_out_of_the_side_navigation(site):
    for day in range(1, 5):
        site.article(f"n{day}", date=f"2022-06-{day:02d}", title=f"导航测试{day}")
    site.nav = [{"首页": "index.md"}, {"新闻": "news/index.md"}]
    result = site.build()
    html = result.html("news/2022/06/n1/")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('<nav class="md-nav md-nav--primary"'))]
    assert "导航测试" not in nav
    assert re.search(r">\s*新闻\s*<", nav)


def test_preview_shows_drafts_with_a_banner(site):
    """`mkdocs serve` builds with command 'serve': drafts and scheduled articles appear, marked."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.article("draft-one", title="草稿预览", draft=True)
    site.article("later", title="定时预览", date="2099-01-01 08:00")
    cfg = load_config(str(site.config()))
    cfg.plugins.on_startup(command="serve", dirty=False)
    cfg.site_dir = str(site.root / "preview")
    build(cfg, serve_url="http://127.0.0.1:8000/")
    cfg.plugins.on_shutdown()
    draft = (site.root / "preview/news/2022/06/draft-one/index.html").read_text(encoding="utf-8")
    assert "草稿：仅在本地预览中可见" in draft
    later = (site.root / "preview/news/2099/01/later/index.html").read_text(encoding="utf-8")
    assert "定时发布：将于2099年1月1日 08:00发布" in later
    assert not (site.root / "published-urls.txt").exists(), "a preview never touches the URL record"


def test_sitemap_lastmod_is_the_article_date(site):
    site.article("dated", date="2022-06-24 08:30")
    result = site.build()
    sitemap = (result.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap[sitemap.index("news/2022/06/dated/"):]
    assert entry.index("<lastmod>2022-06-24</lastmod>") < entry.index("</url>")
    home = sitemap[sitemap.index("<loc>https://example.org/</loc>"):]
    assert "<lastmod>2026-11-24</lastmod>" in home[:200]


def test_an_article_page_does_not_grow_with_the_archive(site, tmp_path):
    # Issue 6: no per-page list of all articles (nav, archive widget...). Unrelated older stories must not
    # change a story's page at all, however many there are.
    def build(root, extra: int):
        other = type(site)(root)
        other.article("story", title="本篇", date="2022-06-24", region="阜宁县", tags=["职工之家"], body="正文。")
        for number in range(extra):
            other.article(f"old-{number}", year=2020, title=f"旧闻{number}", date="2020-01-15",
                          region="青铜峡市", tags=[f"旧标签{number}"], body=f"旧闻{number}正文。")
        result = other.build(strict=True)
        assert result.ok, result.log
        return result.html("news/2022/06/story/")

    few = build(tmp_path / "few", 2)
    many = build(tmp_path / "many", 40)
    assert few == many


def test_related_ranks_by_score_then_newest_then_slug():
    """The order of related reports, straight on the index: many ties of score and of date, as on a busy day."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from gonghui.core.model.news import NewsIndex

    rng = random.Random(7)
    tz = dt.timezone(dt.timedelta(hours=8))
    days = [dt.datetime(2022, 6, day, hour, tzinfo=tz) for day in (1, 2, 3) for hour in (9, 9, 18)]
    articles = [
        SimpleNamespace(url=f"/news/{n}/", slug=f"s{rng.randrange(40):02d}-{n}", date=rng.choice(days),
                        tags=rng.sample(["夜校", "书屋", "维权", "劳模"], rng.randint(0, 2)), region=None,
                        campaigns=rng.sample(["a", "b"], rng.randint(0, 1)), training=[], workers=[])
        for n in range(300)
    ]
    index = NewsIndex.build(articles)  # type: ignore[arg-type]  # the fields `related` reads
    checked = 0
    for article in articles:
        found = index.related(article)  # type: ignore[arg-type]
        own = index.rank[article.url]
        scores: dict[str, float] = {}
        lists = [(index.by_program[("campaigns", c)], 3) for c in article.campaigns]
        lists += [(index.by_tag[t], 1) for t in article.tags]
        for listed, weight in lists:  # each key's 30 nearest earlier reports (lists are newest first)
            earlier = [other for other in listed if index.rank[other.url] > own][:30]
            for other in earlier:
                scores[other.url] = scores.get(other.url, 0) + weight
        by_url = {other.url: other for other in articles}
        expected = sorted((by_url[url] for url in scores), key=lambda a: (-scores[a.url], -a.date.timestamp(), a.slug))
        assert found == expected[:5]
        checked += len(found) > 1
    assert checked > 100
