"""MkDocs plugin: loads the site model, places articles, adds generated pages.

Only event wiring lives here; everything it calls is in `gonghui.core`.
"""

from __future__ import annotations

import gc
import json
import logging
import os
from html import unescape
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.atomic import AtomicOutput
from ..core.feeds import SiteInfo
from ..core.headmeta import head_meta
from ..core.articles import Article
from ..core.images import file_name, fill_missing_alt, source_line_of_image
from ..core.pages import GeneratedPage
from ..core.permalinks import UrlCheck, check_urls, read_record, read_redirects, redirect_files, render_record
from ..core.plan import SitePlan, plan_site
from ..core.preview import PreviewState, Stamp, apply_bodies, shows_any, stamp_tree
from ..core.problems import ContentError, Problems
from ..core.progress import Progress
from ..core.render import Renderer
from ..core.sanitize import find_unsafe, sanitize_html
from ..core.search import KIND_ARTICLE, KIND_PAGE, SearchIndexer, SearchIndexError, search_document
from ..core.site import SiteModel, SiteSources, load_site
from ..core.slugs import heading_slug
from ..core.timeutil import build_now
from ..core.timing import Timings
from .config import GonghuiConfig
from .kept_build import (
    KeptBuild, KeptFile, config_stamp, kept_file, rebuilt_file, reusable_files, watch_natively,
)

log = logging.getLogger("mkdocs.plugins.gonghui")

CSS_URI = "assets/gonghui/gonghui.css"
JS_URI = "assets/gonghui/gonghui.js"


class GonghuiPlugin(BasePlugin[GonghuiConfig]):
    def __init__(self) -> None:
        self.site: SiteModel | None = None
        self.renderer: Renderer | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.plan: SitePlan | None = None
        self.command = "build"
        self.output: AtomicOutput | None = None
        self.build_complete = False
        self.mkdocs_config: MkDocsConfig | None = None
        self.url_check: UrlCheck | None = None
        self.timings = Timings()
        self.progress: Progress | None = None
        self.search: SearchIndexer | None = None
        self.dirty = False
        self.preview: PreviewState | None = None  # `mkdocs serve --dirty`: what the last full build saw
        self.preview_config: tuple[int, int] | None = None
        self.kept: KeptBuild | None = None  # this rebuild keeps the last model: only these pages change
        # `serve --dirty` renders only pages whose source changed; after an edit of mkdocs.yml or of the
        # operator's templates every page must be rendered again.
        self.rebuild_all = False
        # `serve --dirty`: the last build's files (with their pages) and Jinja environment, which a kept
        # rebuild reuses instead of making 13,000 File and Page objects and compiling the theme again.
        self.last_files: dict[str, File] | None = None
        self.last_env: Any = None
        self._building_files: Files | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps this instance for every rebuild of `mkdocs serve`, so state carries over.
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        theme_dir = str(resources.files("gonghui").joinpath("theme"))
        position = 1 if config.theme.custom_dir else 0
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(position, theme_dir)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
        config.extra["gonghui"] = {"publisher": self.config.publisher, "icp": self.config.icp}
        if "material/search" in config.plugins or "search" in config.plugins:
            log.warning(
                "mkdocs.yml: the `search` plugin duplicates gonghui's Chinese search (Pagefind) and writes an "
                "index that grows with every article; remove `- search` from `plugins`"
            )
        if self.command in ("build", "gh-deploy"):
            # Build into a temporary sibling folder; on_post_build swaps it in.
            self.output = AtomicOutput(Path(config.site_dir))
            config.site_dir = str(self.output.work_dir)
            self.mkdocs_config = config
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.timings = Timings()
        self.kept = None
        stamps: dict[str, Stamp] | None = None
        if self.command == "serve" and self.dirty:
            with self.timings.phase("load"):
                # Taken before anything is read: a save during this build is seen by the next one.
                stamps = self._preview_stamps(config)
                self.kept = self._keep_last_build(config, stamps)
            if self.kept is not None:
                # The site map and 404 page depend on no article body: keep the last ones too.
                config.theme.static_templates.difference_update({"sitemap.xml", "404.html"})
                return  # no new model, plan or search index: only the edited articles are rebuilt
            gc.unfreeze()  # the last model, frozen after the last full build, may now be collected
        with self.timings.phase("load"):
            self._load(config)
        with self.timings.phase("plan"):
            self._plan(config)
        if stamps is not None:
            self._remember_for_preview(config, stamps)
        # Pagefind indexes each page as soon as its content is rendered, in its own process (the second core).
        with self.timings.phase("search_index"):
            try:
                self.search = SearchIndexer(pages_per_shard=self.config.search_shard_pages)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None

    def _source_folders(self, config: MkDocsConfig) -> list[Path]:
        """Folders besides `docs_dir` whose files change the site: data, and the operator's templates."""
        root = Path(config.config_file_path).parent
        folders = [root / self.config.data_dir]
        if self.config.templates_dir:
            folders.append(root / self.config.templates_dir)
        return folders

    def _preview_stamps(self, config: MkDocsConfig) -> dict[str, Stamp]:
        return stamp_tree([Path(config.docs_dir), *self._source_folders(config)])

    def _remember_for_preview(self, config: MkDocsConfig, stamps: dict[str, Stamp]) -> None:
        """After a full preview build: what it saw, and whether every page must be rendered again."""
        assert self.site is not None
        content = self.site.sources.content_dir
        paths = {str(content / uri): uri for uri in self.site.all_articles}
        last, last_settings = self.preview, self.preview_config
        self.preview = PreviewState.after_full_build(stamps, paths)
        self.preview_config = config_stamp(config)
        self.rebuild_all = last is not None and (
            self.preview_config != last_settings or self._templates_changed(config, last.stamps, stamps)
        )

    def _templates_changed(self, config: MkDocsConfig, before: dict[str, Stamp], now: dict[str, Stamp]) -> bool:
        if not self.config.templates_dir:
            return False
        folder = str(Path(config.config_file_path).parent / self.config.templates_dir) + os.sep
        return {p: s for p, s in before.items() if p.startswith(folder)} != {
            p: s for p, s in now.items() if p.startswith(folder)
        }

    def _keep_last_build(self, config: MkDocsConfig, stamps: dict[str, Stamp]) -> KeptBuild | None:
        """When only article bodies changed since the last build, keep its model and say what to rebuild."""
        if self.preview is None or self.site is None or self.plan is None:
            return None
        bodies = self.preview.body_only_changes(stamps, settings_unchanged=config_stamp(config) == self.preview_config)
        if bodies is None:
            return None
        changed, new_ledes = apply_bodies(self.site, self.preview, bodies)
        stale = {page.src_uri for page in self.plan.pages if new_ledes and shows_any(page.context, new_ledes)}
        log.info(f"预览：只重建改动的 {len(changed)} 篇文章和 {len(stale)} 个列表页")
        return KeptBuild(stale, changed)

    def _load(self, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path).parent
        sources = SiteSources(root, Path(config.docs_dir), root / self.config.data_dir)
        try:
            now = build_now(self.config.build_date)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        try:
            self.site = load_site(sources, now, preview=self.command == "serve")
        except ContentError as exc:
            raise PluginError(str(exc)) from None

    def _plan(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        root = Path(config.config_file_path).parent
        templates = root / self.config.templates_dir if self.config.templates_dir else None
        self.renderer = Renderer(self.site, {"site_name": config.site_name}, templates)
        self.plan = plan_site(
            self.site, self.config.page_size, config.site_url or "",
            site_name=config.site_name, site_description=config.site_description or "",
        )
        self.generated = {page.src_uri: page for page in self.plan.pages}
        self.url_check = self._check_permanent_urls(root)
        self.plan.files.extend(redirect_files(self.url_check.redirects))

    def _check_permanent_urls(self, root: Path) -> UrlCheck:
        assert self.site is not None and self.plan is not None
        problems = Problems()
        record_path = root / self.config.url_record
        redirects_path = root / self.config.data_dir / "redirects.yml"
        redirects_display = self.site.sources.display(redirects_path)
        redirects, lines = read_redirects(redirects_path, redirects_display, problems)
        check = check_urls(
            self.site, {p.url for p in self.plan.pages}, read_record(record_path), redirects, lines,
            self.site.sources.display(record_path), redirects_display, problems,
        )
        if problems:
            raise PluginError(ContentError(problems).args[0])
        return check

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        with self.timings.phase("files"):
            last, self.last_files = self.last_files, None  # set again once this build completes
            if self.kept is not None and last is not None:
                files = self._kept_files(files, config, self.kept, last)
            else:
                files = self._files(files, config)
            self._building_files = files
            return files

    def _kept_files(self, files: Files, config: MkDocsConfig, kept: KeptBuild, last: dict[str, File]) -> Files:
        """A kept rebuild: the last build's File objects (and their pages) for all but the edited articles.

        The kept build saw the same files and settings as the last one, so only the edited articles and
        the listings showing a new lede get new File objects; MkDocs skips every other (unmodified) one.
        """
        assert self.site is not None and self.plan is not None
        kept_files: list[File] = []
        for file in files:
            if file.src_uri in self.site.hidden:
                continue
            old = last.get(file.src_uri)
            if old is not None and old.page is not None and file.src_uri not in kept.changed:
                kept_files.append(kept_file(old))
                continue
            self._place_article(file)
            kept_files.append(file)
        for src_uri, page in self.generated.items():
            old = last.get(src_uri)
            if src_uri in kept.stale_pages or old is None:
                kept_files.append(_page_file(File.generated, config, page))
            else:
                kept_files.append(kept_file(old))
        for uri in [output.path for output in self.plan.files] + [CSS_URI, JS_URI]:
            if uri in last:
                kept_files.append(kept_file(last[uri]))
        return Files(kept_files)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        kept = self.kept
        # A kept build rewrites none of the generated pages and files except listings showing a new lede.
        generated_file = File.generated if kept is None else KeptFile.generated
        for file in list(files):
            if file.src_uri in self.site.hidden:
                files.remove(file)
                continue
            if self.rebuild_all and kept is None and file.is_documentation_page():
                rebuilt_file(file)
            self._place_article(file)
        for src_uri, page in self.generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.warning(f"{src_uri} is generated by gonghui; the file in the content folder is ignored")
                files.remove(existing)
            make = File.generated if kept is not None and src_uri in kept.stale_pages else generated_file
            files.append(_page_file(make, config, page))
        assert self.plan is not None
        for output in self.plan.files:
            files.append(generated_file(config, output.path, content=output.content))
        for uri, name in ((CSS_URI, "gonghui.css"), (JS_URI, "gonghui.js")):
            content = resources.files("gonghui").joinpath("assets", name).read_bytes()
            files.append(generated_file(config, uri, content=content))
        return files

    def _place_article(self, file: File) -> None:
        """An article's page goes to its dated URL, out of the side navigation."""
        assert self.site is not None
        article = self.site.article_for(file.src_uri)
        if article is not None:
            file.dest_uri = article.url + "index.html"
            file.url = article.url
            file.inclusion = InclusionLevel.NOT_IN_NAV

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        pages = list(files.documentation_pages())
        total = len(pages)
        if self.search is not None:  # equal shards need the count up front
            self.search.expect(sum(1 for file in pages if self._search_kind(file.src_uri)))
        self.timings.counts.update(articles=len(self.site.news.articles) if self.site else 0, pages=total)
        # `--dirty` rebuilds only some pages, so a count of all of them would mislead.
        self.progress = None if self.dirty else Progress("转换页面", total)
        return nav

    @event_priority(50)
    def _render_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        with self.timings.phase("render"):
            html = self._page_content(html, page)
        if self.progress is not None:
            self.progress.advance()
        return html

    def _page_content(self, html: str, page: Page) -> str:
        assert self.site is not None and self.renderer is not None
        # Material prints page.title unescaped (MkDocs' Jinja has no autoescape); titles come from editors.
        if page.title:
            page.title = str(escape(page.title))
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = page.title
        # sitemap.xml lastmod: an article's own date, else the build date (not the wall clock).
        article = self.site.article_for(page.file.src_uri)
        page.update_date = f"{(article.date if article else self.site.now):%Y-%m-%d}"
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            return self.renderer.render(
                generated.template, generated.url, title=generated.title, **generated.context
            )
        html = self._sanitized(html, page, article)
        if article is not None:
            return self.renderer.article_header(article) + html + self.renderer.article_footer(article)
        return html

    def _sanitized(self, html: str, page: Page, article: Article | None) -> str:
        """Editors' Markdown pages lose unsafe HTML and gain missing alt text; each is a warning with file and line."""
        assert self.site is not None
        source = page.markdown or ""
        offset = 0
        if article is not None:
            source, offset = article.body, article.body_line - 1
        display = self.site.sources.display(Path(page.file.abs_src_path or page.file.src_uri))
        for removal in find_unsafe(source, self.config.trusted_embed_hosts):
            line = removal.line + offset if removal.line else 0
            log.warning(f"{display}:{line}: removed unsafe HTML: {removal.what}")
        html, lacking = fill_missing_alt(sanitize_html(html, self.config.trusted_embed_hosts), unescape(page.title or ""))
        for src in lacking:
            line = source_line_of_image(source, src)
            line = line + offset if line else 0
            log.warning(f"{display}:{line}: image {src} has no alt text (替代文字); write it as ![图片说明]({file_name(src)})")
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.progress is not None:
            self.progress.finish()
            self.progress = Progress("写出页面", self.progress.total)
        if self.command == "serve" and self.dirty:
            if self.kept is not None and self.last_env is not None:
                # Same settings and theme folders: the last environment has the theme compiled already.
                # auto_reload: a template edited since is still read again.
                env = self.last_env
            env.auto_reload = True
            self.last_env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        with self.timings.phase("head"):
            self._page_context(context, page, config)
        if self.progress is not None:
            self.progress.advance()
        return context

    def _page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig) -> None:
        """Feed links, description and Open Graph for theme/main.html, as `gh_head`."""
        assert self.site is not None
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            title, description = generated.title, generated.description
        else:
            # page.title was HTML-escaped in on_page_content; gh_head carries plain text.
            title = unescape(page.title or "")
            description = str(page.meta.get("description") or "")
        info = SiteInfo(config.site_url or "", config.site_name, config.site_description or "")
        context["gh_head"] = head_meta(
            page.url,
            self.site,
            info,
            title=title,
            description=description,
            article=self.site.article_for(page.file.src_uri),
        )

    def _search_kind(self, src_uri: str) -> str:
        """What a page is in search results (类型); empty for pages not indexed, such as listings."""
        assert self.site is not None
        generated = self.generated.get(src_uri)
        if generated is not None:
            return generated.search_kind
        if self.site.article_for(src_uri) is not None:
            return KIND_ARTICLE
        return KIND_PAGE

    @event_priority(-100)  # the content as shown, after every other plugin changed it
    def _index_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.search is None:  # a kept preview rebuild: the last index stays
            return html
        kind = self._search_kind(page.file.src_uri)
        if kind:
            with self.timings.phase("search_index"):
                self.search.add(search_document(html, unescape(page.title or ""), kind), "/" + page.url)
        return html

    on_page_content = CombinedEvent(_render_content, _index_content)

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        if self.search is not None:  # a kept preview rebuild leaves the last index in place
            with self.timings.phase("search_index"):
                try:
                    report = self.search.write(Path(config.site_dir))
                except SearchIndexError as exc:
                    raise PluginError(str(exc)) from None
                finally:
                    self.search = None
            log.info(
                f"搜索索引：{report.pages} 页，{report.words} 个词，{report.shards} 个分片，用时 {report.seconds:.1f} 秒"
            )
        timings_path = os.environ.get("GONGHUI_TIMINGS")
        if timings_path:
            self.timings.write(Path(timings_path))
        if self.command == "serve" and self.dirty:
            self.last_files = reusable_files(self._building_files)
            if self.kept is None:
                # Kept rebuilds make few objects, but each of Python's full collections would walk the
                # millions the model and pages hold (0.6 s at 10,000 articles, every third rebuild).
                gc.freeze()
        self._building_files = None
        self.build_complete = True

    def on_build_error(self, *, error: Exception) -> None:
        # Also reached after on_post_build when --strict counted warnings.
        self.build_complete = False
        self.last_files = self.last_env = self._building_files = None
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_shutdown(self) -> None:
        # The swap waits until here: MkDocs raises strict-mode failures after on_post_build.
        if self.output is not None:
            if self.build_complete:
                self.output.commit()
                self.mkdocs_config.site_dir = str(self.output.final_dir)  # gh-deploy reads it next
                self._update_url_record()
            else:
                self.output.discard()
            self.output = None

    def _update_url_record(self) -> None:
        """After a complete build, remember every URL it published (the file is committed)."""
        if self.url_check is None or self.mkdocs_config is None:
            return
        path = Path(self.mkdocs_config.config_file_path).parent / self.config.url_record
        text = render_record(self.url_check.updated_record)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self._source_folders(config):
            if folder.is_dir():
                server.watch(str(folder))
        watch_natively(server)
        return server


def _page_file(make: Any, config: MkDocsConfig, page: GeneratedPage) -> File:
    """The MkDocs file of a generated page; `make` is File.generated or a subclass's."""
    inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
    return make(config, page.src_uri, content=_front_matter(page), inclusion=inclusion)


def _front_matter(page: GeneratedPage) -> str:
    # JSON strings are valid YAML scalars, so any title is quoted safely.
    return f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\nhide: [toc]\n---\n"
