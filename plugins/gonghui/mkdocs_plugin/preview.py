"""`mkdocs serve --dirty`: everything a preview keeps between rebuilds, in one object.

After a full preview build it remembers what that build saw (file stamps, front matter, settings)
and its MkDocs files, pages and Jinja environment. When the next save changed only article bodies,
a *kept* rebuild reuses all of it and renders just the edited articles and the listings showing
their new lede; otherwise the build takes the full path.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.generate.plan import SitePlan
from ..core.model.site import SiteModel
from ..core.options import PluginOptions
from ..core.pipeline import article_markup_warnings
from ..core.preview.state import PreviewState, Stamp, apply_bodies, shows_any, stamp_tree
from ..core.problems import Problems
from .kept_build import KeptBuild, config_stamp, rebuilt_file, reusable_files

log = logging.getLogger("mkdocs.plugins.gonghui")


class PreviewSession:
    def __init__(self, folders: list[Path], templates_dir: Path | None) -> None:
        self.folders = folders  # content, data and the operator's templates
        self.templates_dir = templates_dir
        self.state: PreviewState | None = None
        self.settings: tuple[int, int] | None = None
        self.stamps: dict[str, Stamp] = {}
        self.kept: KeptBuild | None = None  # this rebuild keeps the last model: only these pages change
        self.rebuild_all = False  # mkdocs.yml or a template changed: every page is rendered again
        self.last_files: dict[str, File] | None = None
        self.last_env: Any = None

    def start(
        self, config: MkDocsConfig, site: SiteModel | None, plan: SitePlan | None, options: PluginOptions
    ) -> KeptBuild | None:
        """Before a rebuild: stamp the sources, and keep the last build when only article bodies changed."""
        # Taken before anything is read: a save during this build is seen by the next one.
        self.stamps = stamp_tree(self.folders)
        self.kept = None
        if self.state is not None and site is not None and plan is not None:
            bodies = self.state.body_only_changes(self.stamps, settings_unchanged=config_stamp(config) == self.settings)
            if bodies is not None:
                changed, new_ledes = apply_bodies(site, self.state, bodies)
                problems = Problems()  # what `check_project` would say about the edited bodies
                for src_uri in sorted(changed):
                    article_markup_warnings(site.sources, site.all_articles[src_uri], options.trusted_embed_hosts,
                                            problems, options.trusted_image_hosts)
                if not problems:  # a body over a limit takes the full path, which reports it and stops
                    stale = {page.src_uri for page in plan.pages if new_ledes and shows_any(page.context, new_ledes)}
                    log.info(f"预览：只重建改动的 {len(changed)} 篇文章和 {len(stale)} 个列表页")
                    for warning in problems.sorted_warnings():
                        log.warning(str(warning))
                    self.kept = KeptBuild(stale, changed)
                    # The site map and 404 page depend on no article body: keep the last ones too.
                    config.theme.static_templates.difference_update({"sitemap.xml", "404.html"})
                    return self.kept
        gc.unfreeze()  # the last model, frozen after the last full build, may now be collected
        return None

    @property
    def first_build(self) -> bool:
        return self.state is None

    def remember(self, config: MkDocsConfig, site: SiteModel) -> None:
        """After loading a full preview build: what it saw, and whether every page must be rendered again."""
        content = site.sources.content_dir
        paths = {str(content / uri): uri for uri in site.all_articles}
        last, last_settings = self.state, self.settings
        self.state = PreviewState.after_full_build(self.stamps, paths)
        self.settings = config_stamp(config)
        self.rebuild_all = last is not None and (self.settings != last_settings or self._templates_changed(last.stamps))

    def _templates_changed(self, before: dict[str, Stamp]) -> bool:
        if self.templates_dir is None:
            return False
        folder = str(self.templates_dir) + os.sep
        return {p: s for p, s in before.items() if p.startswith(folder)} != {
            p: s for p, s in self.stamps.items() if p.startswith(folder)
        }

    def mark_for_render(self, file: File) -> None:
        if self.rebuild_all and self.kept is None and file.is_documentation_page():
            rebuilt_file(file)

    def take_last_files(self) -> dict[str, File] | None:
        last, self.last_files = self.last_files, None  # set again once this build completes
        return last

    def environment(self, env: Any) -> Any:
        if self.kept is not None and self.last_env is not None:
            # Same settings and theme folders: the last environment has the theme compiled already.
            # auto_reload: a template edited since is still read again.
            env = self.last_env
        env.auto_reload = True
        self.last_env = env
        return env

    def finish(self, files: Files | None) -> None:
        self.last_files = reusable_files(files)
        if self.kept is None:
            # Kept rebuilds make few objects, but each of Python's full collections would walk the
            # millions the model and pages hold (0.6 s at 10,000 articles, every third rebuild).
            gc.freeze()

    def failed(self) -> None:
        self.last_files = self.last_env = None
