"""Which files of the content folder are published: those a published page refers to, and those listed as public.

A draft's or a scheduled article's photo and attachments wait with it: they are published with the first
build that publishes a page referring to them. Each file left out gets a note, so nothing vanishes unsaid.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from ..load.inventory import Inventory, Role
from ..load.site import page_body
from ..messages import define, say
from ..model.article import resolve_image_src
from ..model.site import SiteModel
from ..problems import Problems
from .references import content_path, local_targets

WAITS = define("GH220", "引用它的文章 {article} 还没发布，这个文件随文章一起发布 (waits for its article)",
               "题图或附件只被草稿或定时发布的文章引用")
UNREFERENCED = define("GH221", "没有已发布的页面引用它，所以不发布；要发布请让管理员列入插件选项 public_files (not referenced)",
                      "content/ 里的文件没有任何页面用到")


def _referenced(body: str, src_uri: str) -> set[str]:
    return {content_path(target, src_uri) for _line, target in local_targets(body)}


def _page_body(site: SiteModel, src_uri: str) -> str:
    read = page_body(site.sources.content_dir / src_uri)
    return read[0] if read is not None else ""


def _record_texts(site: SiteModel) -> Iterable[str]:
    programs = site.programs
    for campaign in programs.campaigns.values():
        yield campaign.description
    for course in programs.training.values():
        yield course.description
    for worker in programs.workers.values():
        yield worker.bio
        if worker.photo:
            yield f"![]({worker.photo})"


def published_files(site: SiteModel, inventory: Inventory, public: list[str], problems: Problems) -> set[str]:
    """The src_uris of content files to publish: pages and articles shown, assets referred to or public, web files."""
    shown: set[str] = set()
    waiting: dict[str, str] = {}  # asset -> the unpublished article it waits for
    for uri, article in site.all_articles.items():
        refs = _referenced(article.body, uri)
        if article.image is not None:
            refs.add(resolve_image_src(article))
        if uri in site.hidden:
            for ref in refs:
                waiting.setdefault(ref, uri)
        else:
            shown |= refs | {uri}
    for uri in inventory.of_role(Role.PAGE):
        shown |= _referenced(_page_body(site, uri), uri) | {uri}
    for text in _record_texts(site):
        shown |= _referenced(text, "")
    published = shown | set(inventory.of_role(Role.WEB))
    for uri in inventory.of_role(Role.ASSET):
        if uri in shown or any(fnmatch.fnmatchcase(uri, pattern.lstrip("/")) for pattern in public):
            published.add(uri)
            continue
        display = site.sources.display_content(uri)
        if uri in waiting:
            problems.note(display, 0, say(WAITS, article=waiting[uri]))
        else:
            problems.note(display, 0, say(UNREFERENCED))
    return published & (set(inventory.content) - set(site.hidden))
