"""`gonghui nginx-config` run by Debian's nginx on 127.0.0.1: the built sample site served with its types, charset,
cache policy, security headers, precompressed files, 404 page and 301 redirects; hostile values refused."""

from __future__ import annotations

import gzip

import pytest
from gonghui.core.hosting.policy import cache_control, content_type
from hosting_support import fetch
from nginx_site import NEW, OLD, Served, build_precompressed, nginx_config, served_site


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    with served_site(tmp_path_factory.mktemp("nginx")) as served:
        yield served


def test_every_file_is_served_with_the_same_type_and_cache_policy_as_a_deploy_uploads(served):
    files = sorted(p.relative_to(served.site).as_posix() for p in served.site.rglob("*") if p.is_file())
    assert len(files) > 200
    for key in files:
        if key == OLD.lstrip("/") + "index.html":
            continue  # answers 301 (test_old_urls_answer_301_to_the_article)
        answer = fetch(served.base + key)
        assert answer.status == (404 if key == "404.html" else 200), key
        assert answer.body == (served.site / key).read_bytes(), key
        assert (answer.headers["content-type"], answer.headers["cache-control"]) == (content_type(key), cache_control(key)), key


@pytest.mark.parametrize("path,kind", [
    ("", "text/html; charset=utf-8"),
    ("news/", "text/html; charset=utf-8"),
    ("feed.xml", "application/rss+xml; charset=utf-8"),
    ("news/atom.xml", "application/atom+xml; charset=utf-8"),
    ("training/calendar.ics", "text/calendar; charset=utf-8"),
    ("sitemap.xml", "application/xml; charset=utf-8"),
])
def test_pages_feeds_and_calendars_have_their_types_and_security_headers(served, path, kind):
    answer = fetch(served.base + path)
    assert (answer.status, answer.headers["content-type"], answer.headers["cache-control"]) == (200, kind, "no-cache")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert "http" not in policy and "unsafe-eval'" not in policy.replace("wasm-unsafe-eval'", ""), policy


def test_old_urls_answer_301_to_the_article(served):
    for old in (OLD, OLD + "index.html"):
        answer = fetch(served.base + old.lstrip("/"))
        assert (answer.status, answer.headers["location"]) == (301, NEW), old
    assert fetch(served.base + NEW.lstrip("/")).status == 200


def test_missing_pages_get_our_404_page(served):
    answer = fetch(served.base + "news/2099/01/no-such-article/")
    assert answer.status == 404
    assert answer.body == (served.site / "404.html").read_bytes()
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert fetch(served.base + "404.html").status == 404, "the error page is not a page of its own"


def test_the_build_precompresses_text_files_and_nginx_sends_them(served):
    page = served.site / "index.html"
    packed = page.with_name("index.html.gz")
    assert gzip.decompress(packed.read_bytes()) == page.read_bytes()
    assert (served.site / "assets" / "gonghui" / "gonghui.css.gz").is_file()
    assert not list(served.site.rglob("*.png.gz")) and not list(served.site.rglob("*.pf_fragment.gz"))
    answer = fetch(served.base, {"Accept-Encoding": "gzip"})
    assert answer.headers.get("content-encoding") == "gzip"
    assert answer.body == packed.read_bytes(), "nginx sent the build's .gz file (gzip_static), not its own"
    assert "Accept-Encoding" in answer.headers.get("vary", "")
    assert fetch(served.base).body == page.read_bytes(), "a client without gzip gets the page itself"


def test_inline_scripts_are_allowed_by_hash_only(served):
    policy = fetch(served.base).headers["content-security-policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert 3 <= script_src.count("'sha256-") <= 20


HOSTILE = [
    ("/old-a/: 'https://example.org/x\";}location=/{return\"200\";}#'\n", "/old-a/"),  # quote, brace, ;
    ("/old-b/: https://example.org/$host\n", "/old-b/"),  # an nginx variable
    ("/old-c/: https://example.org/a{b}\n", "/old-c/"),
]


@pytest.mark.parametrize("redirects,old", HOSTILE, ids=["quote-brace-semicolon", "variable", "braces"])
def test_redirects_that_could_inject_directives_are_refused(tmp_path, redirects, old):
    build_precompressed(tmp_path, redirects)
    run = nginx_config(tmp_path)
    assert run.returncode == 1 and run.stdout == "", run.stdout
    assert "data/redirects.yml:1: 跳转" in run.stderr and old in run.stderr and "不能写进 nginx 配置" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("args,expected", [
    (["--server-name", "a.cn; root /etc"], "--server-name"),
    (["--listen", "80; include /etc/passwd"], "--listen"),
    (["--root", "/srv/site; autoindex on"], "--root"),
    (["--root", "relative/site"], "--root"),
])
def test_hostile_options_are_refused(served, args, expected):
    run = nginx_config(served.root, *args)
    assert run.returncode == 1 and run.stdout == ""
    assert expected in run.stderr and "Traceback" not in run.stderr


def test_nginx_config_needs_a_built_site(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    run = nginx_config(tmp_path)
    assert run.returncode == 1 and "mkdocs build" in run.stderr
