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

from ..load.yamlsource import load_yaml_reported
from ..messages import define, say
from ..model.site import SiteModel
from ..problems import Problems, describe

NOT_MAPPING = define("GH250", "应写成“旧网址: 新网址”的列表，如 '/news/2022/06/old/': /news/2022/06/new/ (expected a mapping)",
                     "data/redirects.yml 不是“旧网址: 新网址”的形式")
BAD_OLD = define("GH252", "跳转 {old}：{why} (not a site path)", "旧网址不是合格的站内路径")
NEW_NOT_TEXT = define("GH253", "跳转 {old}：新网址应写成文字，实际写的是 {new} (new URL must be text)", "新网址没写或不是文字")
BAD_NEW = define("GH254", "跳转 {old}：新网址 {new} 不合格：{why} (bad new URL)", "新网址不是站内路径或 http(s) 网址")
DUPLICATE = define("GH255", "跳转 {old}：{key} 在第 {line} 行已经设过跳转，只留一条 (duplicate redirect)", "同一个旧网址写了两次")
OWNED = define("GH256", "跳转 {old}：{why} (URL owned by a page)", "旧网址上还有页面，或属于构建生成的位置")
NO_TARGET = define("GH257", "跳转 {old}：新网址 {new} 在这次构建里不存在；检查拼写，或指向现有页面 (redirect target missing)",
                   "新网址不是本站现有的页面")
GONE = define("GH258", "发布过的网址 {url} 将会消失：{cause}；请在 {redirects} 里声明跳转，例如 {example} "
              "(published URL would disappear)", "发布过的网址在这次构建里没有了")


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
        return "旧网址应是以 / 开头的站内路径，如 /news/2022/06/old-slug/"
    if "?" in url or "#" in url:
        return "跳转页不能带 ?… 或 #…，只写路径"
    if not _SITE_PATH.fullmatch(url):
        return "站内路径只能由英文字母、数字和 - . _ ~ 组成，用单个 / 分隔（不能有空格、%编码、汉字或空的一段）"
    if any(part in (".", "..") for part in url.split("/")):
        return "站内路径里不能有 . 或 .. 这样的一段"
    if url == "/":
        return "首页不能设跳转"
    return None


def target_problem(url: str) -> str | None:
    """Why `url` is not a place a redirect can send readers to (None when it is)."""
    if url.startswith(("http://", "https://")):
        parts = urlsplit(url)
        if not parts.hostname or any(ch.isspace() or ord(ch) < 32 for ch in url):
            return "应是完整的网址，如 https://example.org/page/，不能有空格"
        return None
    if not url.startswith("/") or url.startswith("//"):
        return "应是以 / 开头的站内路径（如 /news/2022/06/new-slug/）或 http(s):// 网址"
    if "?" in url or "#" in url:
        return "站内路径不能带 ?… 或 #…"
    if any(ch.isspace() or ord(ch) < 32 for ch in url) or "//" in url or any(p in (".", "..") for p in url.split("/")):
        return "站内路径不能有空格、空的一段、. 或 .."
    return None


def read_redirects(path: Path, display: str, problems: Problems) -> tuple[dict[str, str], dict[str, int]]:
    if not path.is_file():
        return {}, {}
    data = load_yaml_reported(path.read_text(encoding="utf-8"), display, problems)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        problems.add(display, 1, say(NOT_MAPPING))
        return {}, {}
    redirects: dict[str, str] = {}
    lines: dict[str, int] = {}
    for old, new in data.items():  # our YAML reader makes every key text
        line = data.line_of(old) if hasattr(data, "line_of") else 1
        shown = describe(old)
        problem = site_path_problem(old.strip())
        if problem is not None:
            problems.add(display, line, say(BAD_OLD, old=shown, why=problem))
            continue
        if not isinstance(new, str) or not new.strip():
            problems.add(display, line, say(NEW_NOT_TEXT, old=shown, new=describe(new)))
            continue
        problem = target_problem(new.strip())
        if problem is not None:
            problems.add(display, line, say(BAD_NEW, old=shown, new=describe(new), why=problem))
            continue
        key = _normal(old)
        if key in redirects:
            problems.add(display, line, say(DUPLICATE, old=shown, key=key, line=lines[key]))
            continue
        redirects[key] = new.strip() if new.strip().startswith(("http://", "https://")) else _normal(new)
        lines[key] = line
    return redirects, lines


def editor_page_urls(site: SiteModel, pages: list[str]) -> dict[str, str]:
    """'/about/' -> 'content/about.md': editors' own pages by URL (directory URLs, as the site builds them)."""
    return {"/" + page_url(uri): site.sources.display_content(uri) for uri in pages}


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a Markdown file: 'about.md' -> 'about/', 'a/index.md' -> 'a/', 'index.md' -> ''."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem + "/" if stem else ""


def check_urls(
    site: SiteModel, page_urls: set[str], record: dict[str, int], redirects: dict[str, str], redirect_lines: dict[str, int],
    record_display: str, redirects_display: str, problems: Problems, pages: list[str],
) -> UrlCheck:
    """Every recorded URL must still be published or redirected; redirects must lead somewhere."""
    current = permanent_urls(site)
    generated = {"/" + p for p in page_urls}
    editor_pages = editor_page_urls(site, pages) if redirects else {}
    all_pages = set(current) | generated | set(editor_pages)
    for old, new in list(redirects.items()):
        line = redirect_lines.get(old, 1)
        reserved = next((folder for folder in RESERVED_FOLDERS if old.startswith(folder)), None)
        owner = None
        if old in current:
            owner = "这个网址仍然有页面，删掉这条跳转"
        elif old in generated:
            owner = "这个网址是 gonghui 生成的页面，删掉这条跳转"
        elif old in editor_pages:
            owner = f"这个网址是页面 {editor_pages[old]}，删掉这条跳转或移走那个页面"
        elif reserved is not None:
            owner = f"{reserved} 下的文件由构建生成，不能在那里设跳转"
        if owner is not None:
            problems.add(redirects_display, line, say(OWNED, old=old, why=owner))
            del redirects[old]  # not written, and not recorded as published
        elif not new.startswith(("http://", "https://")) and new not in all_pages:
            problems.add(redirects_display, line, say(NO_TARGET, old=old, new=new))
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
        problems.add(record_display, record[url], say(GONE, url=url, cause=cause, redirects=redirects_display,
                                                      example=f"'{url}': {moved_to or '/新网址/'}"))
    return UrlCheck(set(record), set(current), redirects)


def _likely_cause(
    url: str, by_slug: dict[str, Any], hidden: dict[str, Any], current: dict[str, Any]
) -> tuple[str, str | None]:
    """Why a recorded URL is gone, and where it went when the build knows."""
    if url in hidden:
        article = hidden[url]
        return f"文章 {article.src_uri} 改成了草稿或定时发布", None
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    if url.startswith("/news/") and slug in by_slug:
        moved_to = "/" + by_slug[slug].url
        return f"文章的日期改了，现在的网址是 {moved_to}", moved_to
    close = difflib.get_close_matches(url, list(current), n=1, cutoff=0.7)
    if close:
        return f"文件改了名或 slug 改了（相近的网址是 {close[0]}）", None
    return "文件或记录被删除、改名或换了 slug", None
