"""Articles read in an earlier build or `gonghui check`, kept by a hash of their text: each file is parsed once.

Reading one article on its own (its front matter and fields, its body's size limits and markup) is most of
a check at newspaper scale, about a millisecond an article. What it finds depends only on the file's path
and text, the code and the trusted-host settings, so it is kept in `.cache/gonghui/articles.json.gz`: the
article's fields and the problems found, under a hash of all of those. The file is still read every time
(its text is the key); only an article whose text (or the code, or the settings) changed is parsed again.
Checks across files (references, unique URLs, schedules) are not kept: they run on every check.

JSON, not pickle: a cache restored from elsewhere (CI's) can hold no code. An entry that does not read back
is parsed again; a file that does not read back is ignored with a note. The file is rewritten after a
check that parsed anything, with only the articles read in it, so it holds about the archive once.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..cachefiles import write_whole
from ..fingerprints import fingerprint, package_digest
from ..model.article import Article, Author, Image
from ..problems import Problem, Problems

FORMAT = "gonghui-articles 1"
LEVELS = ("items", "warnings", "notes")

Reader = Callable[[str, str, str, Problems], "Article | None"]


def _article_data(article: Article) -> dict[str, Any]:
    return {
        "src_uri": article.src_uri, "slug": article.slug, "title": article.title, "date": article.date.isoformat(),
        "has_time": article.has_time, "kicker": article.kicker, "subtitle": article.subtitle,
        "authors": [[a.name, a.role] for a in article.authors], "dateline": article.dateline,
        "region_ref": article.region_ref, "tags": article.tags, "campaigns": article.campaigns,
        "training": article.training, "workers": article.workers, "summary": article.summary,
        "image": None if article.image is None else [article.image.src, article.image.caption, article.image.credit,
                                                      article.image.alt],
        "draft": article.draft, "body_line": article.body_line, "lines": article.lines,
        "front_text": article.front_text, "name_refs": [list(ref) for ref in article.name_refs],
        "broken": article.broken,
    }


def _article(data: dict[str, Any], body: str) -> Article:
    image = data["image"]
    return Article(
        src_uri=data["src_uri"], slug=data["slug"], title=data["title"], date=dt.datetime.fromisoformat(data["date"]),
        has_time=data["has_time"], kicker=data["kicker"], subtitle=data["subtitle"],
        authors=[Author(name, role) for name, role in data["authors"]], dateline=data["dateline"],
        region_ref=data["region_ref"], tags=data["tags"], campaigns=data["campaigns"], training=data["training"],
        workers=data["workers"], summary=data["summary"], image=None if image is None else Image(*image),
        draft=data["draft"], body=body, body_line=data["body_line"], lines=data["lines"],
        front_text=data["front_text"], name_refs=[(kind, value, line) for kind, value, line in data["name_refs"]],
        broken=data["broken"],
    )


def _body_of(source: str, body_line: int) -> str:
    """The text from line `body_line` on, as `read_front_matter` gives the body."""
    start = 0
    for _ in range(body_line - 1):
        start = source.index("\n", start) + 1
    return source[start:]


class ReadingCache:
    """One check's use of the kept articles: found ones are taken, the others parsed and kept."""

    def __init__(self, path: Path, settings: object) -> None:
        self.path = path
        self.base = fingerprint(FORMAT, package_digest(), settings)
        self.kept: dict[str, Any] = {}
        self.fresh: dict[str, Any] = {}
        self.parsed = 0
        self.notes: list[str] = []
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") == FORMAT and data.get("base") == self.base:
                self.kept = data["articles"]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, EOFError, AttributeError, KeyError, TypeError):
            self.notes.append(f"文章缓存 {path.name} 读不出来，已忽略，这次全部重新读")

    def read(self, src_uri: str, source: str, display: str, problems: Problems, reader: Reader,
             check_body: Callable[[Article, Problems], None]) -> Article | None:
        """The article of `source` and its problems (into `problems`), from the cache or from `reader` + `check_body`."""
        key = fingerprint(self.base, src_uri, display, source)
        entry = self.kept.get(src_uri)
        if entry is not None and entry.get("key") == key:
            try:
                article = None if entry["article"] is None else _article(entry["article"], _body_of(
                    source, entry["article"]["body_line"]))
                found = [(level, Problem(path, line, message)) for level, path, line, message in entry["problems"]]
            except (ValueError, KeyError, TypeError):
                article = None
                entry = None
            if entry is not None:
                for level, problem in found:
                    getattr(problems, LEVELS[level]).append(problem)
                if article is not None and entry.get("lede") is not None:
                    article.__dict__["lede"] = entry["lede"]
                self.fresh[src_uri] = entry
                if article is not None:
                    article.text_key = key
                return article
        own = Problems()
        article = reader(src_uri, source, display, own)
        if article is not None:
            check_body(article, own)
            article.text_key = key
        problems.extend(own)
        self.parsed += 1
        found_all = [[level, p.path, p.line, p.message] for level, name in enumerate(LEVELS)
                     for p in getattr(own, name)]
        self.fresh[src_uri] = {"key": key, "article": None if article is None else _article_data(article),
                               "problems": found_all, "lede": None if article is None else article.lede}
        return article

    def save(self) -> None:
        """Rewrite the file when anything was parsed or went away; notes any failure, never raises."""
        if self.parsed == 0 and self.fresh.keys() == self.kept.keys():
            return
        data = {"format": FORMAT, "base": self.base, "articles": self.fresh}

        def dump(out: BinaryIO) -> None:
            # json.dumps, not json.dump: dump streams through the pure-Python encoder (2.3 s at 2,000 articles),
            # dumps uses the C one. The text (front matter and findings, under 1 KB an article) is held only while
            # it is written.
            with gzip.open(out, "wb", compresslevel=1) as handle:
                handle.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(self.path, dump)
        except OSError as exc:
            self.notes.append(f"文章缓存写不进 {self.path.parent}（{exc.strerror or exc}）")
