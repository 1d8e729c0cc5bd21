"""Fast previews: after an editor saves an article's text, rebuild that article only.

`mkdocs serve --dirty` (what scripts/serve.sh runs) rebuilds pages whose source
changed, plus every generated page. When the only change since the last build
is the body of existing articles (their front matter untouched), the site model,
listings, feeds and search index of the last build still hold, so the adapter
keeps them and rebuilds just those articles. Any other change (front matter,
data, files added or removed, settings) takes the full path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.yamlsource import split_front_matter
from ..model.article import Article
from ..model.site import SiteModel

Stamp = tuple[int, int]  # mtime in ns, size


def stamp_tree(roots: Iterable[Path]) -> dict[str, Stamp]:
    """Every file under `roots` with its modification time and size."""
    stamps: dict[str, Stamp] = {}
    pending = [str(root) for root in roots if root.is_dir()]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file():
                    info = entry.stat()
                    stamps[entry.path] = (info.st_mtime_ns, info.st_size)
    return stamps


def _split_file(path: str) -> tuple[str, str, int] | None:
    """An article file as (front matter, body, body_line); None when unreadable or without front matter."""
    try:
        return split_front_matter(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


@dataclass
class PreviewState:
    """What the last full build of this `mkdocs serve` process saw."""

    stamps: dict[str, Stamp]
    article_paths: dict[str, str]  # absolute path -> src_uri, for every article file
    front_texts: dict[str, str] = field(default_factory=dict)  # absolute path -> front matter text

    @classmethod
    def after_full_build(cls, stamps: dict[str, Stamp], article_paths: dict[str, str]) -> PreviewState:
        texts = {path: split[0] for path in article_paths if (split := _split_file(path)) is not None}
        return cls(stamps, article_paths, texts)

    def body_only_changes(self, stamps: dict[str, Stamp], settings_unchanged: bool) -> dict[str, tuple[str, int]] | None:
        """Changed articles (path -> (body, body_line)) when only bodies changed; None when a full build is needed."""
        if not settings_unchanged or stamps.keys() != self.stamps.keys():
            return None
        changed = [path for path, stamp in stamps.items() if self.stamps[path] != stamp]
        bodies: dict[str, tuple[str, int]] = {}
        for path in changed:
            if path not in self.article_paths:
                return None
            split = _split_file(path)
            if split is None or split[0] != self.front_texts.get(path):
                return None
            bodies[path] = (split[1], split[2])
        self.stamps = stamps
        return bodies


def apply_bodies(
    site: SiteModel, state: PreviewState, bodies: dict[str, tuple[str, int]]
) -> tuple[set[str], list[Article]]:
    """Put new bodies into the kept site model; return their src_uris and the articles whose lede changed."""
    changed: set[str] = set()
    new_ledes: list[Article] = []
    for path, (body, body_line) in bodies.items():
        src_uri = state.article_paths[path]
        article = site.all_articles[src_uri]
        old_lede = article.lede
        article.body, article.body_line = body, body_line
        article.__dict__.pop("lede", None)  # a cached_property: computed again from the new body
        changed.add(src_uri)
        if article.lede != old_lede:
            new_ledes.append(article)
    return changed, new_ledes


def shows_any(context: dict[str, Any], articles: list[Article]) -> bool:
    """Whether a generated page's data lists one of `articles` (directly, in a list, or in a summary's .articles)."""
    wanted = {id(a) for a in articles}
    for value in context.values():
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if id(item) in wanted:
                return True
            nested = getattr(item, "articles", None)
            if isinstance(nested, list) and any(id(a) in wanted for a in nested):
                return True
    return False
