"""Permanent URLs: every published URL keeps working, or the build says why not.

The project keeps a committed record of the URLs it has published (articles
and program records). A build that would drop one fails, naming the URL and
the likely cause, unless `data/redirects.yml` sends it somewhere; declared
redirects become real redirect pages.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.yamlsource import load_yaml_reported
from ..model.site import SiteModel
from ..problems import Problems


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


def read_redirects(path: Path, display: str, problems: Problems) -> tuple[dict[str, str], dict[str, int]]:
    if not path.is_file():
        return {}, {}
    data = load_yaml_reported(path.read_text(encoding="utf-8"), display, problems)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        problems.add(display, 1, "expected a mapping of old URL to new URL, like '/news/2022/06/old/': /news/2022/06/new/")
        return {}, {}
    redirects, lines = {}, {}
    for old, new in data.items():
        line = data.line_of(old) if hasattr(data, "line_of") else 1
        if not isinstance(new, str) or not new.strip():
            problems.add(display, line, f"redirect {old!r}: expected the new URL as text, got {new!r}")
            continue
        redirects[_normal(str(old))] = _normal(new)
        lines[_normal(str(old))] = line
    return redirects, lines


def check_urls(
    site: SiteModel, page_urls: set[str], record: dict[str, int], redirects: dict[str, str], redirect_lines: dict[str, int],
    record_display: str, redirects_display: str, problems: Problems,
) -> UrlCheck:
    """Every recorded URL must still be published or redirected; redirects must lead somewhere."""
    current = permanent_urls(site)
    all_pages = set(current) | {"/" + p for p in page_urls}
    for old, new in redirects.items():
        line = redirect_lines.get(old, 1)
        if old in current:
            problems.add(redirects_display, line, f"redirect {old}: that URL is still published; remove the redirect")
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
