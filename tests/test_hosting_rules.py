"""The rules of `core.hosting` that need no server: deploy targets, addressing, header classes, upload tiers."""

from __future__ import annotations

import gzip

import pytest
from gonghui.core.hosting.policy import DAY, REFRESH, YEAR, cache_control, content_type, upload_tier
from gonghui.core.hosting.precompress import precompress
from gonghui.core.hosting.s3 import Target, addressing_for, parse_target
from gonghui.core.hosting.sitefiles import HostingError


@pytest.mark.parametrize("text,bucket,prefix", [
    ("s3://news-site", "news-site", ""),
    ("s3://news-site/", "news-site", ""),
    ("s3://news-site/zhigong", "news-site", "zhigong/"),
    ("s3://news.example-1250000000/a/b/", "news.example-1250000000", "a/b/"),
])
def test_targets(text, bucket, prefix):
    assert parse_target(text) == Target(bucket, prefix)
    assert parse_target(text).website_root == "/" + prefix


@pytest.mark.parametrize("text", ["news-site", "s3://", "s3://ab", "s3://UPPER", "s3://a_b_c", "s3://x..y", "s3://ok-bucket/../x",
                                  "s3://ok-bucket/a\nb"])
def test_bad_targets(text):
    with pytest.raises(HostingError):
        parse_target(text)


@pytest.mark.parametrize("endpoint,choice,style", [
    ("https://s3.oss-cn-hangzhou.aliyuncs.com", "auto", "virtual"),
    ("https://cos.ap-guangzhou.myqcloud.com", "auto", "virtual"),
    ("https://obs.cn-north-4.myhuaweicloud.com", "auto", "virtual"),
    ("http://127.0.0.1:9000", "auto", "path"),
    ("http://127.0.0.1:9000", "virtual", "virtual"),
    (None, "auto", "auto"),
    ("", "auto", "auto"),
])
def test_addressing(endpoint, choice, style):
    assert addressing_for(endpoint, choice) == style


@pytest.mark.parametrize("key,kind,cache", [
    ("index.html", "text/html; charset=utf-8", REFRESH),
    ("news/feed.xml", "application/rss+xml; charset=utf-8", REFRESH),
    ("tags/x/atom.xml", "application/atom+xml; charset=utf-8", REFRESH),
    ("training/calendar.ics", "text/calendar; charset=utf-8", REFRESH),
    ("assets/stylesheets/main.57a0d79d.min.css", "text/css; charset=utf-8", YEAR),
    ("assets/images/news/x.0123456789.960.webp", "image/webp", YEAR),
    ("pagefind/shard-2/fragment/und-x-bigram_744d529.pf_fragment", "application/octet-stream", YEAR),
    ("assets/images/news/photo.jpg", "image/jpeg", DAY),
    ("assets/gonghui/gonghui.js", "text/javascript; charset=utf-8", REFRESH),
    ("CNAME", "application/octet-stream", REFRESH),
])
def test_header_classes(key, kind, cache):
    assert (content_type(key), cache_control(key)) == (kind, cache)


def test_tiers_put_what_is_pointed_at_before_what_points():
    order = ["pagefind/index/und-x-bigram_1.pf_index", "assets/gonghui/gonghui.js", "pagefind/pagefind-entry.json",
             "news/index.html", "index.html"]
    assert [upload_tier(k) for k in order] == sorted(upload_tier(k) for k in order)
    assert len({upload_tier(k) for k in order}) == 5


def test_precompress_is_deterministic_and_skips_small_and_binary_files(tmp_path):
    (tmp_path / "index.html").write_text("<p>职工新闻</p>" * 100, encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + b"\0" * 2000)
    assert precompress(tmp_path) == 1
    packed = (tmp_path / "index.html.gz").read_bytes()
    assert gzip.decompress(packed) == (tmp_path / "index.html").read_bytes()
    assert packed[4:8] == b"\0\0\0\0", "no time stamp: the same page gives the same bytes"
    assert precompress(tmp_path) == 0, "an unchanged file is not written again"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index.html.gz", "photo.png", "tiny.css"]
