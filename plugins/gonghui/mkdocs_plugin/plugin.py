"""MkDocs plugin: event wiring only. The pipeline is `core.pipeline`; MkDocs-specific work is in this package.

`on_pre_build` runs `check_project` (the same check as `gonghui check`) and `plan_site`; the other
events hand MkDocs the planned files and pages, render them, index them for search and write the
site atomically. `PreviewSession` keeps what `serve --dirty` reuses between rebuilds.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.generate.render import bytecode_cache
from ..core.generate.theme_markup import valid_toggles
from ..core.hosting.precompress import precompress
from ..core.model.article import Article
from ..core.output.atomic import AtomicOutput
from ..core.output.memory import freeze_long_lived, give_back_freed_memory, thaw_long_lived
from ..core.output.progress import Progress
from ..core.output.reuse import PreviousSite
from ..core.output.search import SearchIndexer
from ..core.output.timing import Timings
from ..core.pipeline import CheckedProject
from ..core.project import Project
from .build import check_and_plan, expect_search, index_page, publish, start_search, write_search
from .cached_pages import CachedPages, page_cache_for
from .config import GonghuiConfig, OptionsConfig, project_from
from .desk import add_desk, serve_desk_api
from .files import add_theme_and_assets, kept_files, site_files
from .kept_build import watch_sources
from .offstage import OffstageArticles, early_environment
from .page_render import COMPACT_PAGES, SharedConverter, render_cheaply
from .pages import PageRenderer
from .parallel import RenderWorkers, render_workers
from .preview import PreviewSession
from .reused_output import ReusedOutput
from .shared_nav import SharedNav

log = logging.getLogger("mkdocs.plugins.gonghui")
# MkDocs' own pages written between two returns of freed memory: rendering a page leaves freed blocks between
# kept ones, which the C library keeps (at 100,000 articles the build's process grew 0.7 GB over 26,000 pages).
TRIM_EVERY = 1000


class GonghuiPlugin(BasePlugin[OptionsConfig]):
    config_class = GonghuiConfig
    config_scheme = GonghuiConfig._schema

    def __init__(self) -> None:
        # MkDocs keeps this instance for every rebuild of `mkdocs serve`, so state carries over.
        self.command, self.dirty = "build", False
        self.checked: CheckedProject | None = None  # the last full build's project, model and plan
        self.pages: PageRenderer | None = None
        self.search: SearchIndexer | None = None
        self.progress: Progress | None = None
        self.timings = Timings()
        self.output: AtomicOutput | None = None  # `build`: the site is swapped in when complete
        self.mkdocs_config: MkDocsConfig | None = None
        self.preview: PreviewSession | None = None  # `serve --dirty`
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.workers: RenderWorkers | None = None  # `build`: article pages rendered by forked processes
        self.cached: CachedPages | None = None  # `build`: unchanged pages copied from the page cache
        self.offstage: OffstageArticles | None = None  # `build`: article pages made outside MkDocs' page loop
        self.shared_nav: SharedNav | None = None  # the navigation rendered once for the pages outside it
        self.converter: SharedConverter | None = None  # one Markdown converter for the build's pages
        self.reused: ReusedOutput | None = None  # `build`: files unchanged since the live site are linked from it
        self.build_complete = False
        self.frozen = False  # `build`: the model and plan are out of the garbage collector's sight (`freeze_long_lived`)
        self.written_pages = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        add_theme_and_assets(config, self.config.plugin_options())
        if self.command in ("build", "gh-deploy"):  # build into a temporary sibling folder; swapped in at the end
            self.output = AtomicOutput(Path(config.site_dir))
            config.site_dir = str(self.output.work_dir)
            self.mkdocs_config = config
            if self.config.plugin_options().build_cache:
                self.reused = ReusedOutput(PreviousSite(self.output.final_dir, self.output.work_dir))
                self.reused.install()
        if self.command == "serve" and self.dirty and self.preview is None:
            project = self._project(config)
            folders = [Path(config.docs_dir), project.sources.data_dir, project.templates_dir]
            self.preview = PreviewSession([f for f in folders if f is not None], project.templates_dir)
        return config

    def _project(self, config: MkDocsConfig) -> Project:
        return project_from(config, self.config.plugin_options())

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.timings = Timings()
        if self.preview is not None:
            with self.timings.phase("load"):
                last = self.checked
                options = self.config.plugin_options()
                if self.preview.start(config, last.site if last else None, last.plan if last else None, options):
                    return  # no new model, plan or search index: only the edited articles are rebuilt
        project = self._project(config)
        self.checked, self.pages = check_and_plan(config, project, self.command == "serve", self.timings)
        if self._full_build() is not None:  # the model and plan stay to the end: the collector need not walk them
            freeze_long_lived()
            self.frozen = True
        # A `--dirty` rebuild renders only changed pages, so it would index only those: the first one's index stays.
        if self.preview is None or self.preview.first_build:
            self.search = start_search(project, self.timings, cached=self.command in ("build", "gh-deploy"))
        self.workers = render_workers(self.checked.site, self.command, self.dirty, self.preview, project.options, self.search)
        if self.preview is not None:
            self.preview.remember(config, self.checked.site)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.checked is not None
        site, plan, publish = self.checked.site, self.checked.plan, self.checked.publish
        with self.timings.phase("files"):
            preview = self.preview
            last = preview.take_last_files() if preview is not None else None
            if preview is not None and preview.kept is not None and last is not None:
                files = kept_files(files, config, site, plan, publish, preview.kept, last)
            else:
                mark = preview.mark_for_render if preview else lambda file: None
                files = site_files(files, config, site, plan, publish, mark)
            if self.config["desk"]:  # a kept preview rebuild adds it again too
                add_desk(files, config, self._project(config), site.regions)
            self.files = files
            return files

    @event_priority(-100)  # the navigation as every plugin left it: the render workers use it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.shared_nav = SharedNav(nav, list(config.theme.get("features") or []))
        self.converter = SharedConverter(config)
        self.cached = self._page_cache(config, files, nav)
        self.offstage = self._offstage(config, files, nav)
        pages = list(files.documentation_pages())
        offstage = self.offstage.files if self.offstage is not None else []
        if self.search is not None and self.pages is not None:  # equal shards need the count up front
            expect_search(self.search, self.pages, pages + offstage)
        articles = len(self.checked.site.news.articles) if self.checked else 0
        self.timings.counts.update(articles=articles, pages=len(pages) + len(offstage))
        early = early_environment(config, nav, self) if self.offstage is not None else None
        env = self._with_template_cache(config, early) if early is not None else None
        # Made early, in this process, with the page cache: each missing article is made as soon as it is found.
        inline = env is not None and self.workers is None and self.cached is not None
        if inline and not self.dirty:  # `--dirty` rebuilds only some pages, so a count of all would mislead
            self.progress = Progress("转换页面", len(pages) + len(offstage))
        if self.offstage is not None and self.cached is not None:  # after the count: their documents go on now
            self._take_cached(config, files, nav, env if inline else None)
        if not inline:
            made_here = len(self.offstage.to_render) if self.offstage is not None and self.workers is None else 0
            self.progress = None if self.dirty else Progress("转换页面", len(pages) + made_here)
        if self.offstage is not None and env is not None:
            self._make_offstage(config, files, nav, env)
        return nav

    def _take_cached(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any | None) -> None:
        """Offstage articles from the page cache; with `env`, each one the cache has not is made at once (in file
        order, so search documents go on without waiting for it: a year's shard is indexed once its last page is)."""
        assert self.offstage is not None and self.cached is not None
        cached, progress = self.cached, self.progress

        def entry_of(file: File, article: Article) -> Any:
            with self.timings.phase("cache"):
                entry = cached.offstage_article(file, article)
            if entry is not None and progress is not None:
                progress.advance()
            return entry

        make_now = None
        if env is not None:
            self.offstage.started = True
            make_now = self.offstage.maker(config, files, nav, env)
        self.offstage.take_cached(entry_of, make_now)

    def _make_offstage(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> None:
        """The offstage article pages not in the cache: made here one by one, or by the render workers."""
        assert self.offstage is not None
        self.offstage.started = True
        if self.workers is None:
            self.offstage.make_here(config, files, nav, env)
            give_back_freed_memory()  # the article pages just made and let go
            return
        self.workers.start(self.offstage, config, files, nav, env, on_fork=lambda: setattr(self, "progress", None))
        if self.pages is not None:
            self.pages.article_parts_used()  # the workers have their copies

    def _with_template_cache(self, config: MkDocsConfig, env: Any) -> Any:
        project = self._project(config)
        if project.options.build_cache and env.bytecode_cache is None:  # the theme's templates, compiled once
            env.bytecode_cache = bytecode_cache(project.template_cache)
        return env

    def _full_build(self) -> PageRenderer | None:
        """The build's pages in `build` or `gh-deploy`, where the page cache and offstage article pages apply."""
        return self.pages if self.command in ("build", "gh-deploy") and self.preview is None else None

    def _offstage(self, config: MkDocsConfig, files: Files, nav: Navigation) -> OffstageArticles | None:
        if (pages := self._full_build()) is None:
            return None
        return OffstageArticles(pages, config, files, nav, self.search.add_message if self.search else lambda *_: None)

    def _page_cache(self, config: MkDocsConfig, files: Files, nav: Navigation) -> CachedPages | None:
        if (pages := self._full_build()) is None:
            return None
        project = self._project(config)
        if not project.options.build_cache or (cache := page_cache_for(config, project.page_cache)) is None:
            return None
        with self.timings.phase("cache"):
            cached = CachedPages(cache, pages, config, files, nav, project.templates_dir)
        if self.workers is not None:
            self.workers.log_watchers.append(cached.watch.seen)
        return cached

    @event_priority(100)  # before other plugins: the page's class is chosen before they see it
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.pages is not None:  # an offstage page is written at once: nothing to keep compressed
            offstage = self.offstage is not None and self.offstage.owns(page)
            render_cheaply(page, markdown, page.file.src_uri in self.pages.plan.generated, self.converter,
                           compact=not offstage and self.timings.counts.get("pages", 0) >= COMPACT_PAGES)
        return markdown

    @event_priority(50)
    def _render_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.pages is not None
        pages = self.pages
        with self.timings.phase("render"):
            if self.cached is not None and self.cached.listing(page, lambda: pages.head(page, config)):
                pages.settle(page)
                html = ""  # its file is written from the cache
            else:
                html = pages.content(html, page)
        if self.progress is not None:
            self.progress.advance()
        return html

    @event_priority(-100)  # the content as shown, after every other plugin changed it
    def _index_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        cached, offstage = self.cached, self.offstage
        if self.search is not None and self.pages is not None:  # a kept preview rebuild keeps the last index
            sink = offstage if offstage is not None and offstage.owns(page) else self.search
            document = index_page(html, page, self.pages, sink, self.timings)
            if cached is not None and document is not None:
                cached.remember_search(page, document)
        if cached is not None and self.pages is not None:
            pages = self.pages
            with self.timings.phase("cache"):
                cached.content(html, page, lambda: pages.head(page, config))
        return html

    on_page_content = CombinedEvent(_render_content, _index_content)

    @event_priority(-100)  # the environment as every plugin left it: the render workers use it
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env = self._with_template_cache(config, env)
        if self._full_build() is not None:  # MkDocs has read its own pages: what reading them left free goes back
            give_back_freed_memory(collect=False)
        if self.offstage is not None and self.nav is not None:
            self.offstage.open_gate()
            if not self.offstage.started:
                self._make_offstage(config, files, self.nav, env)
        if self.progress is not None:
            self.progress.finish()
            self.progress = Progress("写出页面", len(files.documentation_pages()))  # offstage pages are written
        return self.preview.environment(env) if self.preview is not None else env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.pages is not None
        if not (self.cached is not None and self.cached.skips_theme(page)):
            with self.timings.phase("head"):
                head = self.cached.head(page) if self.cached is not None else None
                context["gh_head"] = head or self.pages.head(page, config)  # type: ignore[typeddict-unknown-key]  # ours, for main.html
        if self.shared_nav is not None:
            context["gh_nav_key"] = self.shared_nav.key(page)  # type: ignore[typeddict-unknown-key]  # ours, for main.html
            context["gh_once"] = self.shared_nav.once  # type: ignore[typeddict-unknown-key]
        if self.progress is not None:
            self.progress.advance()
        return context

    def _valid_toggles(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return valid_toggles(output)  # markup of Material's base.html that no template block reaches

    @event_priority(-100)  # the page as written, after every other plugin changed it
    def _cache_output(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self.cached.output(output, page) if self.cached is not None else output
        if self._full_build() is not None:  # the page is written now: MkDocs would keep its HTML to the end
            page.title = page.title  # kept as it is: without the content MkDocs would look for it in the Markdown
            page.content = None  # (at 100,000 articles its 26,000 own pages' HTML, about 0.2 GB)
            self.written_pages += 1
            if self.written_pages % TRIM_EVERY == 0:  # what rendering them left free, back to the system
                give_back_freed_memory(collect=False)
        return output

    on_post_page = CombinedEvent(_valid_toggles, _cache_output)

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "sitemap.xml" and self.offstage is not None and self.files is not None:
            context["pages"] = self.offstage.sitemap_pages(self.files)
        return context

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is rendered from the theme alone, not as a page, so on_post_page never sees it.
        return valid_toggles(output_content) if template_name.endswith(".html") else output_content

    @event_priority(100)  # before every other plugin: the article pages are all written then
    def _join_workers(self, *, config: MkDocsConfig) -> None:
        if self.workers is not None:
            workers, self.workers = self.workers, None
            with self.timings.phase("render_workers_wait"):
                workers.finish()
        if self.offstage is not None and self.files is not None:
            self.offstage.check_anchors(config, self.files)

    @event_priority(-100)  # after every other plugin has written its files
    def _finish(self, *, config: MkDocsConfig) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        if self.cached is not None:
            cached, self.cached = self.cached, None
            cached.finish(complete=True)
        if self.search is not None:  # a kept preview rebuild leaves the last index in place
            search, self.search = self.search, None
            previous = self.reused.reuse.previous if self.reused is not None else None
            write_search(search, Path(config.site_dir), self.timings, previous)
        if self.config["precompress"] and self.command != "serve":  # issue 18: .gz copies for nginx (gzip_static)
            precompress(Path(config.site_dir))
        self._stop_reusing()
        if os.environ.get("GONGHUI_TIMINGS"):
            self.timings.write(Path(os.environ["GONGHUI_TIMINGS"]))
        if self.preview is not None:
            self.preview.finish(self.files)
        self.files = self.nav = None
        self.offstage = None
        self.build_complete = True

    on_post_build = CombinedEvent(_join_workers, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        # Also reached after on_post_build when --strict counted warnings.
        self.build_complete = False
        self.files = self.nav = None
        self.offstage = None
        self._stop_reusing()
        if self.workers is not None:
            self.workers.stop()
            self.workers = None
        if self.cached is not None:
            self.cached.finish(complete=False)
            self.cached = None
        if self.preview is not None:
            self.preview.failed()
        if self.search is not None:
            self.search.close()
            self.search = None

    def _stop_reusing(self) -> None:
        if self.reused is not None:
            reused, self.reused = self.reused, None
            reused.remove()
            if reused.reuse.linked:
                log.info(f"输出：{reused.reuse.linked} 个文件与上次相同，直接沿用；新写 {reused.reuse.written} 个")
            self.timings.counts.update(output_linked=reused.reuse.linked, output_written=reused.reuse.written)

    def on_shutdown(self) -> None:
        self._stop_reusing()
        if self.frozen:
            thaw_long_lived()
            self.frozen = False
        # The swap waits until here: MkDocs raises strict-mode failures after on_post_build.
        if self.output is not None:
            counts = self.timings.counts
            files = counts.get("output_linked", 0) + counts.get("output_written", 0) + counts.get("search_linked", 0)
            publish(self.output, self.checked if self.build_complete else None, self.mkdocs_config, files)
        self.output = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        watch_sources(server, self._project(config))
        if self.config["desk"]:
            serve_desk_api(server, lambda: self._project(config), Path(config.site_dir))
        return server
