"""Every image in a built page has alt text; editors are told which of theirs lacked it."""

from __future__ import annotations

import re

from gonghui.core.generate.images import fill_missing_alt

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>\n'


def test_images_without_alt_get_caption_title_or_page_title(site):
    site.write("content/assets/a.svg", SVG)
    site.write("content/assets/b.svg", SVG)
    site.write("content/assets/c.svg", SVG)
    body = (
        "第一段。\n\n"
        "![](../../assets/a.svg)\n\n"
        '![](../../assets/b.svg "会场一角")\n\n'
        '<figure markdown>\n<img src="../../assets/c.svg">\n<figcaption>夜校<b>茶艺课</b>现场</figcaption>\n</figure>\n\n'
        "![职工在上课](../../assets/a.svg)\n"
    )
    path = site.article("photos", title="夜校一课", body=body)
    result = site.build()
    assert result.ok, result.log
    html = result.html("news/2022/06/photos/")
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    imgs = re.findall(r"<img\b", html)
    assert len(alts) == len(imgs)
    assert {"夜校一课配图", "会场一角", "夜校茶艺课现场", "职工在上课"} <= set(alts)
    lines = path.read_text(encoding="utf-8").splitlines()
    a_line = lines.index("![](../../assets/a.svg)") + 1
    # The line of that very image, and the fix with its path as the editor wrote it.
    assert (f"content/news/2022/photos.md:{a_line}: GH424 图片 ../../assets/a.svg 没有替代文字（alt，读屏软件念给看不见图片的读者）；"
            "写成 ![图片说明](../../assets/a.svg) (image has no alt text)") in result.log
    assert "b.svg 没有替代文字" in result.log and "c.svg 没有替代文字" in result.log
    assert result.log.count("没有替代文字（alt") == 3
    # Strict builds (CI) fail until the editor writes the alt text.
    assert not site.build(strict=True).ok


def test_fill_missing_alt_escapes_and_keeps_given_alt():
    html, lacking = fill_missing_alt('<img src="x.png" title="&quot;&gt;&lt;script&gt;"><img alt="已有" src="y.png">', '标"题')
    assert '<img alt="&quot;&gt;&lt;script&gt;" src="x.png"' in html
    assert '<img alt="已有" src="y.png">' in html
    assert lacking == ["x.png"]
    html, lacking = fill_missing_alt("<img src=z.png alt=''>", '标"题<')
    assert html == '<img alt="标&quot;题&lt;配图" src=z.png>'
    assert lacking == ["z.png"]
