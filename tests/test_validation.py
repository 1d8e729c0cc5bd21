"""Bad input gives one clear line per problem, all at once, and a failed build."""


import pytest


def problems_of(result) -> list[str]:
    assert not result.ok, "the build should fail"
    return [line for line in result.log.splitlines() if line.startswith("content/") or line.startswith("data/")
            or (": " in line and (".md:" in line or ".yml:" in line))]


def message_lines(result) -> str:
    assert not result.ok
    return result.log


GOLDEN = [
    (
        "bad date",
        "---\ntitle: 标题\ndate: 六月十日\n---\n正文\n",
        "content/news/2022/bad.md:3: GH301 字段 'date'：应为日期或时间，如 2022-06-24 或 2022-06-24 08:30，实际写的是 '六月十日' "
        "(wrong value)",
    ),
    (
        "missing title",
        "---\ndate: 2022-06-24\n---\n正文\n",
        "content/news/2022/bad.md:2: GH303 缺少必填字段 'title' (is required but missing)",
    ),
    (
        "unknown field with a hint",
        "---\ntitle: 标题\ndate: 2022-06-24\nsubtitel: 副题\n---\n",
        "content/news/2022/bad.md:4: GH302 字段 'subtitel' 不认识（是不是 'subtitle'",
    ),
    (
        "region nobody has",
        "---\ntitle: 标题\ndate: 2022-06-24\nregion: 仁怀\n---\n",
        "content/news/2022/bad.md:4: GH401 字段 region 的地区有误：没有名为 '仁怀' 的行政区划（是不是 '仁怀市'？） (field 'region')",
    ),
    (
        "ambiguous region",
        "---\ntitle: 标题\ndate: 2022-06-24\nregion: 朝阳区\n---\n",
        "content/news/2022/bad.md:4: GH401 字段 region 的地区有误：名称 '朝阳区' 有 2 个行政区划共用，"
        "请改写成所指那一个的代码：110105 北京市朝阳区; 220104 吉林省长春市朝阳区 (field 'region')",
    ),
    (
        "unknown campaign",
        "---\ntitle: 标题\ndate: 2022-06-24\ncampaigns: [liuge-yibai]\n---\n",
        "content/news/2022/bad.md:4: GH402 campaigns 里的 'liuge-yibai' 在 data/campaigns/ 里没有对应的记录",
    ),
    (
        "wrong type",
        "---\ntitle: 标题\ndate: 2022-06-24\ndraft: 是\n---\n",
        "content/news/2022/bad.md:4: GH301 字段 'draft'：应为 true 或 false，实际写的是 '是' (wrong value)",
    ),
    (
        "author without a name",
        "---\ntitle: 标题\ndate: 2022-06-24\nauthors:\n  - 李丰\n  - {role: 本报记者}\n---\n",
        "content/news/2022/bad.md:6: GH303 缺少必填字段 'authors[2].name' (is required but missing)",
    ),
    (
        "YAML syntax",
        "---\ntitle: [标题\ndate: 2022-06-24\n---\n",
        "content/news/2022/bad.md:",
    ),
    (
        "tab indentation",
        "---\ntitle: 标题\ndate: 2022-06-24\ntags:\n\t- 建会入会\n---\n",
        "content/news/2022/bad.md:5: GH106 缩进里有 Tab 键；YAML 缩进只能用空格，把 Tab 换成两个空格 (a tab is used for indentation)",
    ),
    (
        "duplicate key",
        "---\ntitle: 标题\ndate: 2022-06-24\ntitle: 又一个标题\n---\n",
        "content/news/2022/bad.md:4: GH442 字段 'title' 写了两次，第 2 行已经有了；删掉其中一个 (duplicate key)",
    ),
    (
        "no front matter",
        "正文而已\n",
        "content/news/2022/bad.md:1: GH446 文件开头没有头信息：第一行要是 ---，写完字段后再用一行 "
        "--- 结束 (expected YAML front matter between '---' lines)",
    ),
]


@pytest.mark.parametrize("name,source,expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_messages(site, name, source, expected):
    site.write("content/news/2022/bad.md", source)
    result = site.build()
    assert not result.ok
    assert expected in result.log


def test_all_problems_reported_together_and_site_untouched(site):
    site.article("good", title="好稿")
    assert site.build().ok
    marker = site.root / "site" / "index.html"
    before = marker.read_text(encoding="utf-8")
    site.write("content/news/2022/a.md", "---\ntitle: 甲\ndate: 六月十日\n---\n")
    site.write("content/news/2022/b.md", "---\ndate: 2022-06-01\nregion: 不存在县\n---\n")
    site.write("content/news/2022/c.md", "---\ntitle: 丙\ndate: 2022-06-01\nimage: {src: ../../../../etc/passwd}\n---\n")
    result = site.build()
    assert not result.ok
    assert "content/news/2022/a.md:3: GH301 字段 'date'" in result.log
    assert "content/news/2022/b.md:2: GH303 缺少必填字段 'title'" in result.log
    assert "content/news/2022/b.md:3: GH401 字段 region" in result.log
    assert "content/news/2022/c.md:4: GH404 题图 image.src 的 '../../../../etc/passwd' 指向 content 文件夹之外" in result.log
    assert "发现 4 处内容问题" in result.log
    assert marker.read_text(encoding="utf-8") == before, "a failed build must leave the previous site alone"


def test_duplicate_slug_is_an_error(site):
    site.article("same", title="一")
    site.write("content/news/2021/same.md", "---\ntitle: 二\ndate: 2021-01-01\n---\n")
    result = site.build()
    assert not result.ok
    assert "content/news/2022/same.md:3: GH409 slug 'same' 已被 content/news/2021/same.md 使用" in result.log


def test_duplicate_url_is_an_error(site):
    site.article("first", slug="shared", date="2022-06-01")
    site.article("second", slug="shared", date="2022-06-02")
    result = site.build()
    assert "GH410 网址 /news/2022/06/shared/ 已被" in result.log


def test_non_ascii_file_name_needs_a_slug(site):
    site.write("content/news/2022/建会.md", "---\ntitle: 标题\ndate: 2022-06-24\n---\n")
    result = site.build()
    assert "GH305 文件名 '建会' 不是英文 slug" in result.log


def test_missing_image_is_an_error(site):
    site.article("pic", image={"src": "/assets/none.jpg", "caption": "说明"})
    result = site.build()
    assert "GH405 题图文件 'content/assets/none.jpg' 不存在" in result.log


def test_cli_fails_without_traceback_even_without_strict(site):
    site.write("content/news/2022/bad.md", "---\ntitle: 标题\ndate: 六月十日\n---\n")
    run = site.cli("build")
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "content/news/2022/bad.md:3: GH301 字段 'date'" in output
    assert "Traceback" not in output


def test_not_utf8_is_reported(site):
    path = site.root / "content/news/2022/gbk.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("---\ntitle: 标题\ndate: 2022-06-24\n---\n".encode("gbk"))
    result = site.build()
    assert "content/news/2022/gbk.md:2: GH341 文件不是 UTF-8 编码的文本" in result.log


def test_alias_bomb_refused(site):
    lines = ["---", "title: 标题", "date: 2022-06-24", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for n in range(1, 10):
        name = f"l{n}"
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines += ["tags: *l9", "---", ""]
    site.write("content/news/2022/bomb.md", "\n".join(lines))
    result = site.build()
    assert not result.ok
    assert "可能是恶意的“别名炸弹”，不予读取" in result.log


def test_body_files_must_exist_inside_the_content_folder(site):
    site.write("content/files/guide.pdf", "%PDF-1.4")
    body = ("正文。\n\n![图](../../assets/missing.jpg)\n\n[办法](/files/guide.pdf) [越界](../../../../etc/passwd)\n\n"
            "[另一篇](other.md) [站内页](/campaigns/x/)\n")
    path = site.article("links", body=body)
    site.article("other")
    result = site.build()
    assert not result.ok
    start = path.read_text(encoding="utf-8").split("\n").index("正文。") + 1
    assert f"content/news/2022/links.md:{start + 2}: GH408 链接 '../../assets/missing.jpg' 指向的文件不存在" in result.log
    assert f"content/news/2022/links.md:{start + 4}: GH407 链接 '../../../../etc/passwd' 指向 content 文件夹之外" in result.log
    assert "guide.pdf" not in result.log and "other.md" not in result.log and "campaigns/x" not in result.log


def test_the_build_never_writes_into_content_or_data(site):
    site.write("data/workers/w.yml", "name: 某某\n")
    site.article("a", workers=["w"])
    def snapshot():
        return {p: p.stat().st_mtime_ns for d in ("content", "data") for p in (site.root / d).rglob("*")}
    before = snapshot()
    assert site.build().ok
    assert snapshot() == before
