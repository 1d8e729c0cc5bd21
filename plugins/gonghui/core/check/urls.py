"""Permanent URLs: every published URL keeps working, or the build says why not.

The project keeps a committed record of the URLs it has published (articles
and program records). A build that would drop one fails, naming the URL and
the likely cause, unless `data/redirects.yml` sends it somewhere; declared
redirects become real redirect pages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..load.site import iter_page_files
from ..load.yamlsource import load_yaml_reported
from ..model.site import SiteModel
from ..problems import Problems, describe

# A redirect's old address: a site path of ASCII letters, digits and - . _ ~ between slashes. It becomes
# a folder of the site, so nothing else: no query, fragment, %-escape, empty part or '.'/'..' part.
_SITE_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*[A-Za-z0-9._~-]*")
# Folders written by the build itself besides the planned pages: Pagefind's index and our assets.
RESERVED_FOLDERS = ("/pagefind/", "/assets/", "/search/")


@dataclass
class UrlCheck:
    record: set[str]  # URLs recorded before this build
    current: set[str]  # permanent URLs this build publishes
    redirects: dict[str, str]  # old URL -> new URL (both '/…/')

    @property
    def updated_record(self) -> set[str]:
        return self.record | self.current | set(self.redirects)


def permanent_urls(site: SiteModel) -> dict[str, Any]:
    """'/news/2022/06/foo/' -> the article or record published there."""
    urls: dict[str, Any] = {"/" + a.url: a for a in site.news.articles}
    for kind in ("campaigns", "training", "workers"):
        for record in site.programs.of_kind(kind).values():
            urls["/" + record.url] = record
    return urls


def _normal(url: str) -> str:
    url = url.strip()
    if url.startswith(("http://", "https://")):
        return url
    url = "/" + url.strip("/") + "/"
    return "/" if url == "//" else url


def site_path_problem(url: str) -> str | None:
    """Why `url` is not a site path a redirect page can be written at (None when it is)."""
    if not url.startswith("/"):
        return "expected a site path starting with '/', like /news/2022/06/old-slug/"
    if "?" in url or "#" in url:
        return "a redirect page cannot match a query (?…) or fragment (#…); give the path alone"
    if not _SITE_PATH.fullmatch(url):
        return ("expected a site path of ASCII letters, digits and - . _ ~ between single slashes "
                "(no spaces, %-escapes, Chinese characters or empty parts)")
    if any(part in (".", "..") for part in url.split("/")):
        return "a site path has no '.' or '..' parts"
    if url == "/":
        return "the home page cannot be redirected"
    return None


def target_problem(url: str) -> str | None:
    """Why `url` is not a place a redirect can send readers to (None when it is)."""
    if url.startswith(("http://", "https://")):
        parts = urlsplit(url)
        if not parts.hostname or any(ch.isspace() or ord(ch) < 32 for ch in url):
            return "expected a web address like https://example.org/page/, without spaces"
        return None
    if not url.startswith("/") or url.startswith("//"):
        return "expected a site path starting with '/' (like /news/2022/06/new-slug/) or an http(s):// address"
    if "?" in url or "#" in url:
        return "a site path here has no query (?…) or fragment (#…)"
    if any(ch.isspace() or ord(ch) < 32 for ch in url) or "//" in url or any(p in (".", "..") for p in url.split("/")):
        return "expected a site path without spaces, empty, '.' or '..' parts"
    return None


def read_redirects(path: Path, display: str, problems: Problems) -> tuple[dict[str, str], dict[str, int]]:
    if not path.is_file():
        return {}, {}
    data = load_yaml_reported(path.read_text(encoding="utf-8"), display, problems)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        problems.add(display, 1, "expected a mapping of old URL to new URL, like '/news/2022/06/old/': /news/2022/06/new/")
        return {}, {}
    redirects: dict[str, str] = {}
    lines: dict[str, int] = {}
    for old, new in data.items():
        line = data.line_of(old) if hasattr(data, "line_of") else 1
        if not isinstance(old, str):
            problems.add(display, line, f"redirect {describe(old)}: expected the old URL as text, like /news/2022/06/old/")
            continue
        shown = describe(old)
        problem = site_path_problem(old.strip())
        if problem is not None:
            problems.add(display, line, f"redirect {shown}: {problem}")
            continue
        if not isinstance(new, str) or not new.strip():
            problems.add(display, line, f"redirect {shown}: expected the new URL as text, got {describe(new)}")
            continue
        problem = target_problem(new.strip())
        if problem is not None:
            problems.add(display, line, f"redirect {shown}: the new URL {describe(new)}: {problem}")
            continue
        key = _normal(old)
        if key in redirects:
            problems.add(display, line, f"redirect {shown}: {key} is already redirected on line {lines[key]}; keep one")
            continue
        redirects[key] = new.strip() if new.strip().startswith(("http://", "https://")) else _normal(new)
        lines[key] = line
    return redirects, lines


def editor_page_urls(site: SiteModel) -> dict[str, str]:
    """'/about/' -> 'content/about.md': editors' own pages by URL (directory URLs, as the site builds them)."""
    content = site.sources.content_dir
    return {"/" + page_url(path.relative_to(content).as_posix()): site.sources.display(path) for path in iter_page_files(content)}


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a Markdown file: 'about.md' -> 'about/', 'a/index.md' -> 'a/', 'index.md' -> ''."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem + "/" if stem else ""


def check_urls(
    site: SiteModel, page_urls: set[str], record: dict[str, int], redirects: dict[str, str], redirect_lines: dict[str, int],
    record_display: str, redirects_display: str, problems: Problems,
) -> UrlCheck:
    """Every recorded URL must still be published or redirected; redirects must lead somewhere."""
    current = permanent_urls(site)
    generated = {"/" + p for p in page_urls}
    editor_pages = editor_page_urls(site) if redirects else {}
    all_pages = set(current) | generated | set(editor_pages)
    for old, new in list(redirects.items()):
        line = redirect_lines.get(old, 1)
        reserved = next((folder for folder in RESERVED_FOLDERS if old.startswith(folder)), None)
        owner = None
        if old in current:
            owner = "that URL is still published; remove the redirect"
        elif old in generated:
            owner = "that URL is a page gonghui generates; remove the redirect"
        elif old in editor_pages:
            owner = f"that URL is the page {editor_pages[old]}; remove the redirect or move the page"
        elif reserved is not None:
            owner = f"the build writes {reserved} itself; a redirect cannot be placed there"
        if owner is not None:
            problems.add(redirects_display, line, f"redirect {old}: {owner}")
            del redirects[old]  # not written, and not recorded as published
        elif not new.startswith(("http://", "https://")) and new not in all_pages:
            problems.add(redirects_display, line, f"redirect {old}: the new URL {new} does not exist in this build")
    by_slug = {a.slug: a for a in site.news.articles}
    hidden = {"/" + a.url: a for uri, a in site.all_articles.items() if uri in site.hidden}
    # A file with problems of its own is left out of the model; its URLs are not reported as gone too.
    broken = {"/news/" + a.slug for a in site.all_articles.values() if a.broken}
    for kind in ("campaigns", "training", "workers"):
        broken |= {f"/{kind}/{slug}" for slug in site.programs.slugs(kind) - set(site.programs.of_kind(kind))}
    for url in sorted(record.keys() - set(current) - set(redirects)):
        if url.startswith("/news/") and "/news/" + url.rstrip("/").rsplit("/", 1)[-1] in broken or url.rstrip("/") in broken:
            continue
        cause, moved_to = _likely_cause(url, by_slug, hidden, current)
        problems.add(record_display, record[url], f"published URL {url} would disappear: {cause}; "
                     f"declare a redirect in {redirects_display}, e.g. '{url}': {moved_to or '/new/url/'}")
    return UrlCheck(set(record), set(current), redirects)


def _likely_cause(
    url: str, by_slug: dict[str, Any], hidden: dict[str, Any], current: dict[str, Any]
) -> tuple[str, str | None]:
    """Why a recorded URL is gone, and where it went when the build knows."""
    if url in hidden:
        article = hidden[url]
        return f"its article {article.src_uri} is now a draft or dated in the future", None
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    if url.startswith("/news/") and slug in by_slug:
        moved_to = "/" + by_slug[slug].url
        return f"the article's date changed; it is now at {moved_to}", moved_to
    close = difflib.get_close_matches(url, list(current), n=1, cutoff=0.7)
    if close:
        return f"its file was renamed or its slug changed (a similar URL is {close[0]})", None
    return "its file or record was removed, renamed or given another slug", None
