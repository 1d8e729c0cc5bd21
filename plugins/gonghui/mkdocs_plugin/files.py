"""The site plan as MkDocs files: articles at their dated URLs, generated pages and files added."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.generate.pages import GeneratedPage
from ..core.generate.plan import SitePlan
from ..core.messages import say
from ..core.model.site import SiteModel
from ..core.options import PluginOptions
from ..core.output.search import SEARCH_PLUGIN
from ..core.text.paths import check_output_path
from ..core.text.slugs import heading_slug
from .kept_build import KeptBuild, kept_file

log = logging.getLogger("mkdocs.plugins.gonghui")

CSS_URI = "assets/gonghui/gonghui.css"
JS_URI = "assets/gonghui/gonghui.js"
# Only the search page loads these two.
SEARCH_JS = ("gonghui-search-text.js", "gonghui-search.js")
ASSETS = ((CSS_URI, "gonghui.css"), (JS_URI, "gonghui.js"), *((f"assets/gonghui/{name}", name) for name in SEARCH_JS))

MakeFile = Callable[..., File]  # File.generated or a subclass's


def add_theme_and_assets(config: MkDocsConfig, options: PluginOptions) -> None:
    """Our theme overrides after the site's own `custom_dir`, our CSS and JS, pinyin heading anchors."""
    theme_dir = str(resources.files("gonghui").joinpath("theme"))
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    if CSS_URI not in config.extra_css:
        config.extra_css.insert(0, CSS_URI)
    if JS_URI not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(JS_URI)
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
    config.extra["gonghui"] = {"publisher": options.publisher, "icp": options.icp}
    if "material/search" in config.plugins or "search" in config.plugins:
        log.warning("mkdocs.yml: " + say(SEARCH_PLUGIN))


def _from_content(file: File, config: MkDocsConfig) -> bool:
    """A file of the content folder (not the theme's, nor a generated one)."""
    return file.src_dir is not None and Path(file.src_dir) == Path(config.docs_dir)


def place_article(site: SiteModel, file: File) -> None:
    """An article's page goes to its dated URL, out of the side navigation."""
    article = site.article_for(file.src_uri)
    if article is not None:
        file.dest_uri = check_output_path(article.url + "index.html")
        file.url = article.url
        file.inclusion = InclusionLevel.NOT_IN_NAV


def page_file(make: MakeFile, config: MkDocsConfig, page: GeneratedPage) -> File:
    """The MkDocs file of a generated page; its title travels as front matter."""
    inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
    # JSON strings are valid YAML scalars, so any title is quoted safely.
    front = f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\nhide: [toc]\n---\n"
    return make(config, check_output_path(page.src_uri), content=front, inclusion=inclusion)


def site_files(
    files: Files, config: MkDocsConfig, site: SiteModel, plan: SitePlan, publish: set[str], mark: Callable[[File], None]
) -> Files:
    """A full build: editors' files (drafts and scheduled articles left out), then every planned page and file."""
    for file in list(files):
        if _from_content(file, config) and file.src_uri not in publish:
            files.remove(file)  # drafts, scheduled articles, files no page refers to, refused files
            continue
        mark(file)
        place_article(site, file)
    for src_uri, page in plan.generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)  # `check_project` warned about it
        files.append(page_file(File.generated, config, page))
    for output in plan.files:
        if output.source is not None:  # a feed in the build cache: copied from there, not held in memory
            files.append(File.generated(config, check_output_path(output.path), abs_src_path=str(output.source)))
        else:
            files.append(File.generated(config, check_output_path(output.path), content=output.content))
    for path, cached in plan.image_copies().items():  # copied from the image cache, not held in memory
        files.append(File.generated(config, check_output_path(path), abs_src_path=str(cached)))
    for uri, name in ASSETS:
        content = resources.files("gonghui").joinpath("assets", name).read_bytes()
        files.append(File.generated(config, uri, content=content))
    return files


def kept_files(
    files: Files, config: MkDocsConfig, site: SiteModel, plan: SitePlan, publish: set[str], kept: KeptBuild,
    last: dict[str, File],
) -> Files:
    """A kept preview rebuild: the last build's File objects (and their pages) for all but the edited articles.

    The kept build saw the same files and settings as the last one, so only the edited articles and
    the listings showing a new lede get new File objects; MkDocs skips every other (unmodified) one.
    """
    out: list[File] = []
    for file in files:
        if _from_content(file, config) and file.src_uri not in publish:
            continue
        old = last.get(file.src_uri)
        if old is not None and old.page is not None and file.src_uri not in kept.changed:
            out.append(kept_file(old))
            continue
        place_article(site, file)
        out.append(file)
    for src_uri, page in plan.generated.items():
        old = last.get(src_uri)
        if src_uri in kept.stale_pages or old is None:
            out.append(page_file(File.generated, config, page))
        else:
            out.append(kept_file(old))
    for uri in [output.path for output in plan.files] + list(plan.image_copies()) + [CSS_URI, JS_URI]:
        if uri in last:
            out.append(kept_file(last[uri]))
    return Files(out)

