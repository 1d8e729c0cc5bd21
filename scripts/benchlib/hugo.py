"""The second baseline: the same generated articles as a Hugo site, built with the system's `hugo` (Debian's package).

Hugo reads the articles' Markdown and YAML front matter as they are; the site has its own minimal layouts (no theme
is downloaded): a page per article, the news section paginated 20 to a page (as ours), a page per tag (paginated)
and the list of tags, the home page with the latest articles, and what Hugo adds by default (RSS feeds of the home
page, the section and each tag; sitemap.xml). It has no search index, no program, region or month pages and no
photo copies: the comparison is of rendering the same articles into roughly the same listing pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .generate import SVG, SiteSpec

DATE_TIME = re.compile(r"date: (\d{4}-\d\d-\d\d) (\d\d:\d\d)")

HUGO_TOML = """baseURL = "https://news.example.org.cn/"
title = "职工新闻网（Hugo 基准）"
defaultContentLanguage = "zh-cn"
languageCode = "zh-CN"
hasCJKLanguage = true
paginate = 20
disableKinds = []
[taxonomies]
  tag = "tags"
[permalinks]
  news = "/news/:year/:month/:filename/"
[markup.goldmark.renderer]
  unsafe = false
"""

BASEOF = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/news/" | relURL }}">新闻</a> <a href="{{ "/tags/" | relURL }}">标签</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>© {{ now.Year }} {{ .Site.Title }}</footer>
</body>
</html>
"""

# One line of a listing: title, date, region and the summary Hugo cuts from the body (as ours shows the lede).
ITEM = """<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04" }}">{{ .Date.Format "2006年1月2日" }}</time>
{{ with .Params.region }} · {{ . }}{{ end }}</p>
<p>{{ with .Params.summary }}{{ . }}{{ else }}{{ .Summary }}{{ end }}</p></article>
"""

PAGER = """{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav class="pager">
{{ if .HasPrev }}<a href="{{ .Prev.URL }}">上一页</a>{{ end }} 第 {{ .PageNumber }} / {{ .TotalPages }} 页
{{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a>{{ end }}</nav>{{ end }}{{ end }}
"""

SINGLE = """{{ define "main" }}<article>
{{ with .Params.kicker }}<p class="kicker">{{ . }}</p>{{ end }}
<h1>{{ .Title }}</h1>
{{ with .Params.subtitle }}<p class="subtitle">{{ . }}</p>{{ end }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04" }}">{{ .Date.Format "2006年1月2日 15:04" }}</time>
{{ range .Params.authors }} {{ .role }}：{{ .name }}{{ end }}{{ with .Params.region }} · {{ . }}{{ end }}</p>
{{ with .Params.image }}<figure><img src="{{ .src | relURL }}" alt=""><figcaption>{{ .caption }}</figcaption></figure>{{ end }}
<p class="dateline">{{ .Params.dateline }}</p>
{{ .Content }}
{{ with .GetTerms "tags" }}<p class="tags">{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}
</article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}""" + ITEM + """{{ end }}
""" + PAGER + """{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range first 20 (where .Site.RegularPages "Section" "news") }}""" + ITEM + """{{ end }}
<p><a href="{{ "/news/" | relURL }}">更多新闻</a></p>{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,  # the news section and each tag (term) page, paginated
    "_default/terms.html": TERMS,  # /tags/: every tag with its count
    "index.html": HOME,
}


def hugo_available() -> tuple[str | None, str]:
    """(path of `hugo`, its version line), or (None, why the Hugo column is skipped)."""
    path = shutil.which("hugo")
    if not path:
        return None, "hugo not found (Debian: apt-get install hugo): the Hugo column is skipped"
    try:
        out = subprocess.run([path, "version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"hugo does not run ({exc}): the Hugo column is skipped"
    line = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 or not line:
        return None, f"`hugo version` failed (exit {out.returncode}): the Hugo column is skipped"
    return path, line[0]


def write_hugo_site(spec: SiteSpec, root: Path) -> Path:
    """root/hugo: hugo.toml, the layouts above, content/_index.md, content/news/_index.md and every article."""
    site = root / "hugo"
    if site.exists():
        shutil.rmtree(site)
    for rel, text in LAYOUTS.items():
        path = site / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    images = site / "static" / "assets" / "images" / "bench"
    images.mkdir(parents=True)
    (images / "bench-a.svg").write_text(SVG.format("#a3141c"), encoding="utf-8")
    (images / "bench-b.svg").write_text(SVG.format("#0b4f9c"), encoding="utf-8")
    content = site / "content"
    (content / "news").mkdir(parents=True)
    (content / "_index.md").write_text("---\ntitle: 职工新闻网\n---\n", encoding="utf-8")
    (content / "news" / "_index.md").write_text("---\ntitle: 新闻\n---\n", encoding="utf-8")
    made: set[Path] = set()
    for rel, front, body, _url in spec.articles:
        path = content / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(f"---\n{hugo_front(front)}\n---\n\n{body}", encoding="utf-8")
    return site


def hugo_front(front: str) -> str:
    """The front matter with one change: `date: 2024-03-10 09:30` becomes RFC 3339 in Beijing time.

    Hugo 0.111 reads a date without seconds as the zero time (year 1), which would put three articles in four under
    /news/1/01/; a date alone (`2024-03-10`) it reads as it is.
    """
    lines = []
    for line in front.splitlines():
        m = DATE_TIME.fullmatch(line)
        lines.append(f"date: {m[1]}T{m[2]}:00+08:00" if m else line)
    return "\n".join(lines)


def hugo_url(ours_url: str) -> str:
    """An article's address in the Hugo site: the permalink pattern above gives ours (/news/YYYY/MM/slug/)."""
    return ours_url


def clean_hugo(site: Path) -> None:
    """Before a cold build: no public/ and no resources/ (Hugo's own cache of processed resources)."""
    for name in ("public", "resources"):
        shutil.rmtree(site / name, ignore_errors=True)
