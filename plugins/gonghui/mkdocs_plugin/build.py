"""One full build's work for MkDocs: the core's check and plan, and the search index fed as pages render."""

from __future__ import annotations

import logging
from collections import Counter
from html import unescape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from ..core.generate.pages import SEARCH_KIND_KEYS
from ..core.generate.render import Renderer
from ..core.generate.responsive import COUNTS
from ..core.messages import say
from ..core.output.atomic import AtomicOutput
from ..core.output.search import SEARCH_FAILED, SearchIndexer, SearchIndexError, search_document
from ..core.output.timing import Timings
from ..core.output.url_record import write_record
from ..core.pipeline import OUTPUT_REFUSED, CheckedProject, check_project, plan_site, release_check_inputs
from ..core.problems import ContentError
from ..core.project import Project
from ..core.text.paths import OutputPathError
from ..core.text.timeutil import build_now
from .pages import PageRenderer

log = logging.getLogger("mkdocs.plugins.gonghui")


def check_and_plan(
    config: MkDocsConfig, project: Project, preview: bool, timings: Timings
) -> tuple[CheckedProject, PageRenderer]:
    """`check_project` as `gonghui check` runs it: warnings and notes logged, errors fail the build at once."""
    with timings.phase("load"):
        try:
            now = build_now(project.options.build_date)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        try:
            result = check_project(project, now, preview=preview)
        except OutputPathError as exc:
            raise PluginError(say(OUTPUT_REFUSED, detail=exc)) from None
    for warning in result.problems.sorted_warnings():
        log.warning(str(warning))
    for note in result.problems.sorted_notes():
        log.info(str(note))
    if result.checked is None:
        raise PluginError(result.problems.report())
    checked = result.checked
    made, reused, seconds = COUNTS.processed, COUNTS.reused, COUNTS.seconds
    with timings.phase("plan"):
        try:
            plan = plan_site(checked)
        except OutputPathError as exc:
            raise PluginError(say(OUTPUT_REFUSED, detail=exc)) from None
        except ContentError as exc:  # a photo changed since the check and no longer opens
            raise PluginError(str(exc)) from None
        if not preview:
            release_check_inputs(checked)
        if plan.images:
            log.info(f"照片手机尺寸：新做 {COUNTS.processed - made} 张，沿用缓存 {COUNTS.reused - reused} 张，"
                     f"用时 {COUNTS.seconds - seconds:.1f} 秒")
        compiled = project.template_cache if project.options.build_cache else None
        renderer = Renderer(checked.site, {"site_name": config.site_name}, project.templates_dir, plan.images, compiled)
        return checked, PageRenderer(
            checked.site, plan, renderer, project.options.trusted_embed_hosts, project.options.trusted_image_hosts
        )


def start_search(project: Project, timings: Timings, cached: bool) -> SearchIndexer:
    """Pagefind indexes each page as soon as it is rendered, in its own process (the second core).

    `cached`: shards whose pages did not change since the last build come from the shard cache.
    """
    cache_dir = project.search_cache if cached and project.options.build_cache else None
    with timings.phase("search_index"):
        try:
            return SearchIndexer(pages_per_shard=project.options.search_shard_pages, cache_dir=cache_dir)
        except SearchIndexError as exc:
            raise PluginError(say(SEARCH_FAILED, reason=exc)) from None


def write_search(search: SearchIndexer, site_dir: Path, timings: Timings, previous_site: Path | None) -> None:
    with timings.phase("search_index"):
        try:
            report = search.write(site_dir, previous_site)
        except SearchIndexError as exc:
            raise PluginError(say(SEARCH_FAILED, reason=exc)) from None
    for note in report.notes:
        log.info(note)
    reused = f"（沿用缓存 {report.reused} 个）" if report.reused else ""
    side_by_side = f"，最多 {report.at_once} 个分片同时建" if report.at_once > 1 else ""
    timings.counts.update(search_linked=report.linked, search_shards_at_once=report.at_once,
                          search_pages_spilled=report.spilled)
    log.info(f"搜索索引：{report.pages} 页，{report.words} 个词，{report.shards} 个分片{reused}{side_by_side}，"
             f"用时 {report.seconds:.1f} 秒")


def expect_search(search: SearchIndexer, pages: PageRenderer, files: list[File]) -> None:
    """How many pages of each kind the index will get, before the first: shards come out the same size."""
    parts = Counter((pages.search_kind(file.src_uri), pages.search_part(file.src_uri)) for file in files)
    search.expect({(kind, part): parts[kind, part] for kind in SEARCH_KIND_KEYS
                   for part in sorted(part for known, part in parts if known == kind)})


def index_page(html: str, page: Page, pages: PageRenderer, sink: Any, timings: Timings) -> tuple[str, ...] | None:
    """Hand a page's content as shown to the search index (`sink.add`: the indexer, or the render workers' feed)."""
    kind = pages.search_kind(page.file.src_uri)
    if not kind:
        return None
    with timings.phase("search_index"):
        content = pages.searchable(html, page.file.src_uri)
        document = search_document(content, unescape(page.title or ""), kind, pages.search_date(page.file.src_uri))
        part = pages.search_part(page.file.src_uri)
        sink.add(document, "/" + page.url, kind, part)
    return document, "/" + page.url, kind, part


# A replaced site of this many files or more is removed in the background (`AtomicOutput.commit`).
BACKGROUND_REMOVAL_FILES = 2000


def publish(output: AtomicOutput, complete: CheckedProject | None, config: MkDocsConfig | None,
            files: int = 0) -> None:
    """A complete build is swapped in and its URLs recorded; anything else is discarded. `files`: how many the
    site has, if known."""
    if complete is None:
        output.discard()
        return
    output.commit(in_background=files >= BACKGROUND_REMOVAL_FILES)
    if config is not None:
        config.site_dir = str(output.final_dir)  # gh-deploy reads it next
    write_record(complete.project.url_record, complete.urls.updated_record)
