"""Photos sized for phones: copies made, marked up, cached, deterministic; broken and huge photos refused."""

from __future__ import annotations

import io
import random
import re
import shutil
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from gonghui.cli import main
from gonghui.core.generate import responsive
from gonghui.core.generate.picture import photo_html, responsive_body
from gonghui.core.load import rasters
from gonghui.core.load.rasters import RasterError, RasterSource, open_image, read_source
from gonghui.core.problems import Problems
from PIL import Image, ImageChops

LEAD = "content/assets/images/2022/huiyi.jpg"
CHART = "content/assets/images/2022/tubiao.png"
CACHE = ".cache/gonghui/images"


def lead_photo(width: int = 3000, height: int = 2000, seed: int = 16) -> bytes:
    """A photo-like JPEG of about 2 MB: colour gradients under grain from a fixed seed (the same bytes every run)."""
    rng = random.Random(seed)
    across = Image.linear_gradient("L").resize((width, height))
    down = Image.linear_gradient("L").rotate(90).resize((width, height))
    base = Image.merge("RGB", (across, down, ImageChops.invert(across)))
    grain = Image.frombytes("RGB", (width // 2, height // 2), rng.randbytes(width // 2 * height // 2 * 3))
    photo = Image.blend(base, grain.resize((width, height), Image.Resampling.BILINEAR), 0.3)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90)
    return out.getvalue()


def chart_png(width: int = 1200, height: int = 800) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "PNG")
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height`: the size is read from the header, so no pixels are needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def photo_bytes() -> bytes:
    return lead_photo()


def write_bytes(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


BODY = "正文第一段。\n\n![会场“一角” <&>](../../assets/images/2022/tubiao.png \"图表\")\n\n![示意](../../assets/images/2022/x.svg)\n"


def photo_site(site, photo_bytes: bytes):
    write_bytes(site.root, LEAD, photo_bytes)
    write_bytes(site.root, CHART, chart_png())
    site.write("content/assets/images/2022/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>\n')
    site.article("huiyi", title="职工代表大会召开", body=BODY,
                 image={"src": "/assets/images/2022/huiyi.jpg", "caption": "会场", "alt": "代表<举手>表决"})
    return site


def widths(srcset: str) -> list[int]:
    return [int(w) for w in re.findall(r" (\d+)w", srcset)]


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def copies_in(site_dir: Path) -> dict[str, bytes]:
    folder = site_dir / "assets/images/2022"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- whole builds -------------------------------------------------------------------------------------------


def test_lead_and_body_photos_become_pictures_of_their_copies(site, photo_bytes):
    photo_site(site, photo_bytes)
    result = site.build()
    assert result.ok, result.log
    html = result.html("news/2022/06/huiyi/")
    lead, body = pictures(html)
    # The lead photo: WebP and JPEG at 480/960/1600, its box 1600×1067, fetched first, not lazily.
    assert re.search(r'<source type="image/webp" srcset="[^"]*huiyi\.[0-9a-f]{10}\.480\.webp 480w', lead)
    webp, jpeg = re.findall(r'srcset="([^"]*)"', lead)
    assert widths(webp) == widths(jpeg) == [480, 960, 1600]
    assert all(u.endswith(".webp") for u in re.findall(r"(\S+) \d+w", webp))
    assert all(u.endswith(".jpg") for u in re.findall(r"(\S+) \d+w", jpeg))
    assert 'width="1600" height="1067"' in lead and 'fetchpriority="high"' in lead
    assert "loading=" not in lead and "decoding=" not in lead
    assert 'alt="代表&lt;举手&gt;表决"' in lead
    assert re.search(r'<img src="(?:\.\./)+assets/images/2022/huiyi\.[0-9a-f]{10}\.960\.jpg"', lead)
    # The body image: never upscaled (1200 wide), PNG without transparency falls back to JPEG; lazy; alt and title kept.
    webp, jpeg = re.findall(r'srcset="([^"]*)"', body)
    assert widths(webp) == widths(jpeg) == [480, 960, 1200]
    assert 'width="1200" height="800"' in body
    assert 'loading="lazy" decoding="async"' in body and "fetchpriority" not in body
    assert 'alt="会场“一角” &lt;&amp;&gt;"' in body and 'title="图表"' in body
    # SVG is served as it is.
    assert re.search(r'<img [^>]*src="(?:\.\./)+assets/images/2022/x\.svg"', html)
    assert html.count("<picture>") == 2
    # Every copy exists and decodes at its size; the originals are still published, byte for byte.
    copies = copies_in(result.site_dir)
    assert (result.site_dir / "assets/images/2022/huiyi.jpg").read_bytes() == photo_bytes
    for name, data in copies.items():
        match = re.fullmatch(r"(huiyi|tubiao)\.[0-9a-f]{10}\.(\d+)\.(webp|jpg)", name)
        if match is None:
            assert name in {"huiyi.jpg", "tubiao.png", "x.svg"}
            continue
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == {"webp": "WEBP", "jpg": "JPEG"}[match.group(3)]
            assert image.width == int(match.group(2))
            assert image.height == round(int(match.group(2)) * (2 / 3))
            assert not image.info.get("exif") and not image.info.get("icc_profile")
    assert len(copies) == 3 + 12
    # The home page's lead and the listings' thumbnails use the copies too.
    home = result.html("")
    assert 'srcset="assets/images/2022/huiyi.' in home and 'sizes="8rem"' in result.html("news/")


def test_builds_are_byte_identical_and_reuse_the_cache(site, photo_bytes):
    photo_site(site, photo_bytes)
    before = responsive.COUNTS.processed, responsive.COUNTS.reused
    first = site.build()
    assert first.ok, first.log
    assert responsive.COUNTS.processed - before[0] == 2  # the lead photo and the chart
    made = copies_in(first.site_dir)
    html = first.html("news/2022/06/huiyi/")
    entries = {p: p.read_bytes() for p in (site.root / CACHE).rglob("*") if p.is_file()}
    assert len(entries) == 2 * 7  # six copies and a manifest each

    second = site.build()
    assert second.ok, second.log
    assert responsive.COUNTS.processed - before[0] == 2, "the second build made copies again instead of reusing them"
    assert responsive.COUNTS.reused - before[1] == 2
    assert copies_in(second.site_dir) == made and second.html("news/2022/06/huiyi/") == html
    assert {p: p.read_bytes() for p in (site.root / CACHE).rglob("*") if p.is_file()} == entries

    shutil.rmtree(site.root / ".cache")  # safe to delete: the next build makes the same bytes again
    third = site.build()
    assert third.ok, third.log
    assert responsive.COUNTS.processed - before[0] == 4
    assert copies_in(third.site_dir) == made and third.html("news/2022/06/huiyi/") == html


def test_a_damaged_cache_entry_is_redone(site, photo_bytes):
    photo_site(site, photo_bytes)
    assert site.build().ok
    (entry,) = [p.parent for p in (site.root / CACHE).glob("*/manifest.json") if (p.parent / "1600.webp").exists()]
    (entry / "960.webp").write_bytes(b"not a picture")
    before = responsive.COUNTS.processed
    result = site.build()
    assert result.ok, result.log
    assert responsive.COUNTS.processed == before + 1 and entry.name in responsive.COUNTS.redone
    name = next(n for n in copies_in(result.site_dir) if n.startswith("huiyi.") and n.endswith(".960.webp"))
    with Image.open(result.site_dir / "assets/images/2022" / name) as image:
        assert image.size == (960, 640)
    (entry / "manifest.json").write_text("{", encoding="utf-8")  # cut off mid-write
    assert site.build().ok
    assert responsive.COUNTS.processed == before + 2 and (entry / "manifest.json").read_text(encoding="utf-8") != "{"


def broken_site(site):
    good = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(good, "JPEG")
    write_bytes(site.root, "content/assets/images/2022/cut.jpg", lead_photo(600, 400)[:20_000])
    write_bytes(site.root, "content/assets/images/2022/huge.png", huge_png(8000, 6000))
    write_bytes(site.root, "content/assets/images/2022/ok.jpg", good.getvalue())
    site.article("broken", title="坏图", image={"src": "/assets/images/2022/huge.png"},
                 body="第一段。\n\n![会场](../../assets/images/2022/cut.jpg)\n\n![好图](../../assets/images/2022/ok.jpg)\n")
    return site


CUT = ("content/news/2022/broken.md:{line}: GH437 图片 content/assets/images/2022/cut.jpg 打不开（文件不完整，像是没有传完）；"
       "应为 JPEG、PNG 或 WebP 照片。用看图软件打开确认文件完好，重新导出或重新上传原图 (image cannot be decoded)")
HUGE = ("content/news/2022/broken.md:{line}: GH438 图片 content/assets/images/2022/huge.png 有 8000×6000 像素（4,800 万像素），"
        "超过上限 4,000 万像素；缩小到长边 6000 像素以内（如 6000×4000）再放进来 (image has too many pixels)")


def _lines(site) -> tuple[int, int]:
    lines = (site.root / "content/news/2022/broken.md").read_text(encoding="utf-8").splitlines()
    return lines.index("image:") + 1, lines.index("![会场](../../assets/images/2022/cut.jpg)") + 1


def test_broken_and_huge_photos_fail_the_build_with_their_lines(site):
    broken_site(site)
    image_line, cut_line = _lines(site)
    result = site.build()
    assert not result.ok
    assert CUT.format(line=cut_line) in result.log
    assert HUGE.format(line=image_line) in result.log
    assert "发现 2 处内容问题" in result.log
    assert "Traceback" not in result.log and "DecompressionBomb" not in result.log


def test_gonghui_check_reports_the_same_photos(site, monkeypatch, capsys):
    broken_site(site)
    image_line, cut_line = _lines(site)
    site.config()
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert CUT.format(line=cut_line) in captured.out
    assert HUGE.format(line=image_line) in captured.out
    assert "Traceback" not in captured.out + captured.err


# --- the core without a build -------------------------------------------------------------------------------


def test_copy_widths_never_upscale():
    assert responsive.copy_widths(3000) == [480, 960, 1600]
    assert responsive.copy_widths(1600) == [480, 960, 1600]
    assert responsive.copy_widths(1200) == [480, 960, 1200]
    assert responsive.copy_widths(960) == [480, 960]
    assert responsive.copy_widths(300) == [300]


def _source(image: Image.Image, fmt: str, **options) -> RasterSource:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return RasterSource(Path("x"), out.getvalue())


def test_exif_orientation_is_applied_and_metadata_dropped(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise: a phone held upright
    source = _source(Image.new("RGB", (1000, 500), "blue"), "JPEG", exif=exif.tobytes())
    made = responsive.responsive("a/b.jpg", source, tmp_path, "content/a/b.jpg")
    assert (made.width, made.height) == (500, 1000)
    for copy in made.copies:
        with Image.open(made.folder / copy.file) as image:
            assert image.size == (copy.width, copy.height) and copy.width <= 500
            assert not image.getexif() and "icc_profile" not in image.info


def test_transparent_png_keeps_png_as_fallback_and_an_opaque_one_does_not(tmp_path):
    clear = Image.new("RGBA", (600, 300), (255, 0, 0, 0))
    made = responsive.responsive("logo.png", _source(clear, "PNG"), tmp_path, "logo.png")
    assert {c.mime for c in made.copies} == {responsive.WEBP, responsive.PNG}
    with Image.open(made.folder / "480.webp") as image:
        assert image.mode == "RGBA"
    opaque = Image.new("RGBA", (600, 300), (255, 0, 0, 255))
    made = responsive.responsive("chart.png", _source(opaque, "PNG"), tmp_path, "chart.png")
    assert {c.mime for c in made.copies} == {responsive.WEBP, responsive.JPEG}


def test_a_cache_that_cannot_be_written_is_a_message(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(RasterError, match=r"^GH453 图片缓存文件夹 .*cache 写不进去"):
        responsive.responsive("a.jpg", _source(Image.new("RGB", (50, 50)), "JPEG"), tmp_path / "cache", "a.jpg")


def test_make_copies_reports_each_place_that_shows_a_photo(tmp_path):
    from gonghui.core.model.site import SiteSources

    sources = SiteSources(tmp_path, tmp_path / "content", tmp_path / "data")
    write_bytes(tmp_path, "content/a.jpg", b"\xff\xd8 not really")
    problems = Problems()
    places = [("content/news/2022/x.md", 4), ("content/news/2022/y.md", 9)]
    assert responsive.make_copies({"a.jpg": places}, sources, tmp_path / "cache", problems) == {}
    assert [f"{p.path}:{p.line}" for p in problems.sorted()] == ["content/news/2022/x.md:4", "content/news/2022/y.md:9"]
    assert all(p.message.startswith("GH437 图片 content/a.jpg 打不开（不是能识别的") for p in problems.sorted())


def test_limits_are_messages_and_pillow_never_warns(tmp_path, monkeypatch):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for width, height, pixels in ((10_000, 10_000, "10,000 万像素"), (20_000, 10_000, "20,000 万像素")):
            # 100 megapixels: over Pillow's warning; 200: over its own error. Both are our GH438.
            with pytest.raises(RasterError, match=rf"^GH438 图片 p\.png 有 .*{pixels}"):
                open_image(RasterSource(Path("p.png"), huge_png(width, height)), "p.png")
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    path = write_bytes(tmp_path, "big.jpg", b"\0" * 2000)
    monkeypatch.setattr(rasters, "MAX_BYTES", 1000)
    with pytest.raises(RasterError) as refused:
        read_source(path, "content/big.jpg")
    assert str(refused.value) == ("GH439 图片 content/big.jpg 有 0.0 MB，超过上限 0.0 MB；用看图软件另存为质量 90 左右的 JPEG "
                                  "再放进来 (image file too large)")


def test_body_images_resolve_relative_and_root_paths_only_for_photos_with_copies(tmp_path):
    made = responsive.responsive("assets/p.jpg", _source(Image.new("RGB", (1000, 600)), "JPEG"), tmp_path, "p.jpg")
    images = {"assets/p.jpg": made}
    html = ('<p><img alt="甲" src="../../../../assets/p.jpg"></p><img src="/assets/p.jpg" alt="乙" width="10">'
            '<img src="https://example.org/assets/p.jpg" alt="丙"><img src="../../../../assets/q.jpg" alt="丁">'
            '<picture><img src="../../../../assets/p.jpg" alt="戊"></picture>')
    out = responsive_body(html, "news/2022/06/x/", images)
    assert out.count("<picture>") == 3  # 甲, 乙 and the editor's own
    assert '<img src="../../../../assets/p.' in out and 'alt="甲" ' not in out.split("<picture>")[1][:20]
    assert 'width="1000" height="600" loading="lazy"' in out
    assert 'alt="乙" width="10"' in out and 'width="1000"' not in out.split("乙")[0].rsplit("<picture>", 1)[1]
    assert '<img src="https://example.org/assets/p.jpg" alt="丙">' in out
    assert '<img src="../../../../assets/q.jpg" alt="丁">' in out
    assert photo_html(None, "../x.svg", '<"标题">') == '<img src="../x.svg" alt="&lt;&quot;标题&quot;&gt;">'


# --- in the browser -----------------------------------------------------------------------------------------


def test_a_phone_downloads_a_small_webp_of_the_lead_photo(site, photo_bytes):
    """A 390 px phone (device pixel ratio 2 and 3) fetches at most 120 kB of a 2 MB, 3000 px lead photo, as WebP."""
    from browser_support import PHONE, Guard, launched_chromium, serve

    photo_site(site, photo_bytes)
    result = site.build()
    assert result.ok, result.log
    with serve(result.site_dir) as base, launched_chromium() as browser:
        for ratio in (2, 3):
            context = browser.new_context(**{**PHONE, "viewport": {"width": 390, "height": 844},
                                             "device_scale_factor": ratio})
            guard = Guard(base)
            guard.attach(context)
            page = context.new_page()
            finished: list = []
            # Only collect in the handler: asking a request for its sizes there races the context's close.
            page.on("requestfinished", lambda request, into=finished: into.append(request))
            page.goto(base + "news/2022/06/huiyi/", wait_until="load")
            page.wait_for_load_state("networkidle")
            fetched = [(request.url, request.sizes()["responseBodySize"],
                        request.response().headers.get("content-type", ""))
                       for request in finished if request.resource_type == "image"]
            lead = [(url, size, kind) for url, size, kind in fetched if "/huiyi." in url]
            assert len(lead) == 1, (ratio, fetched)
            url, size, kind = lead[0]
            assert re.search(r"/huiyi\.[0-9a-f]{10}\.\d+\.webp$", url) and kind == "image/webp", (ratio, url, kind)
            assert size <= 120_000, f"ratio {ratio}: the lead photo cost {size:,} bytes ({url})"
            assert page.evaluate("document.querySelector('.gh-photo img').currentSrc") == url
            assert not guard.problems(), guard.problems()
            context.close()


def test_a_cached_article_with_an_img_tag_shows_its_edited_photos_new_copies(site):
    """A raw <img> is not a link MkDocs looks up, so the page cache keys such an article by the photos' copies."""
    write_bytes(site.root, CHART, chart_png())
    site.article("tubiao", body='正文第一段。\n\n<img src="/assets/images/2022/tubiao.png" alt="图表">\n')
    site.article("other", body="别的稿件。\n")
    first = site.build()
    assert first.ok, first.log
    before = first.html("news/2022/06/tubiao/")
    assert len(pictures(before)) == 1, before  # the <img> became a <picture> of the chart's copies
    write_bytes(site.root, CHART, chart_png(1600, 900))  # the same name, new pixels: new copies
    second = site.build()
    assert second.ok, second.log
    after = second.html("news/2022/06/tubiao/")
    named = set(re.findall(r"tubiao[\w.-]*\.(?:png|webp|jpg)", after))
    assert after != before and named, after
    assert all((second.site_dir / "assets/images/2022" / name).is_file() for name in named), named
