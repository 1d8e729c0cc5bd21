"""Published URLs never silently disappear; declared redirects become real redirect pages."""


def test_removing_a_published_article_fails_until_redirected(site):
    site.article("old-story", title="旧稿", date="2022-06-01")
    site.article("new-story", title="新稿", date="2022-06-02")
    assert site.build().ok
    record = (site.root / "published-urls.txt").read_text(encoding="utf-8")
    assert "/news/2022/06/old-story/\n" in record and "/news/2022/06/new-story/\n" in record

    (site.root / "content/news/2022/old-story.md").unlink()
    result = site.build()
    assert not result.ok
    line = record.splitlines().index("/news/2022/06/old-story/") + 1
    assert f"published-urls.txt:{line}: GH258 发布过的网址 /news/2022/06/old-story/ 将会消失" in result.log
    assert "请在 data/redirects.yml 里声明跳转" in result.log
    assert (site.root / "site/news/2022/06/old-story/index.html").is_file(), "the old site stays until fixed"

    site.write("data/redirects.yml", "/news/2022/06/old-story/: /news/2022/06/new-story/\n")
    result = site.build()
    assert result.ok, result.log
    page = result.html("news/2022/06/old-story/")
    assert '<meta http-equiv="refresh" content="0; url=../new-story/">' in page
    assert '<a href="../new-story/">' in page
    assert "/news/2022/06/old-story/" in (site.root / "published-urls.txt").read_text(encoding="utf-8")


def test_a_changed_date_names_the_new_url(site):
    site.article("moving", date="2022-06-01")
    assert site.build().ok
    site.article("moving", date="2022-07-01")
    result = site.build()
    assert ("GH258 发布过的网址 /news/2022/06/moving/ 将会消失：文章的日期改了，"
            "现在的网址是 /news/2022/07/moving/") in result.log


def test_a_story_turned_draft_is_named(site):
    site.article("pulled", date="2022-06-01")
    assert site.build().ok
    site.article("pulled", date="2022-06-01", draft=True)
    result = site.build()
    assert "文章 news/2022/pulled.md 改成了草稿或定时发布" in result.log


def test_redirect_to_nowhere_is_an_error(site):
    site.article("real")
    site.write("data/redirects.yml", "/news/2020/01/gone/: /news/2020/01/also-gone/\n")
    result = site.build()
    assert ("data/redirects.yml:1: GH257 跳转 /news/2020/01/gone/："
            "新网址 /news/2020/01/also-gone/ 在这次构建里不存在") in result.log
