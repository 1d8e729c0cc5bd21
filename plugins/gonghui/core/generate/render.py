"""HTML for our parts of pages, from overridable Jinja2 templates.

Autoescaping is on: every value from front matter or data is escaped where it
reaches HTML. A site may put templates of the same name in its own folder to
override ours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from ..model.article import Article, resolve_image_src
from ..model.regions import Region
from ..model.site import SiteModel
from ..text.figures import chinese_number
from ..text.timeutil import chinese_date, chinese_datetime
from ..text.urls import relative_url
from .markup import render_markdown
from .picture import photo_html
from .responsive import Responsive


def bytecode_cache(folder: Path | None) -> BytecodeCache | None:
    """Jinja's own cache of compiled templates, checked against each template's source: compiling the theme's and
    ours takes about a second of every build."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def make_environment(override_dir: Path | None = None, compiled: Path | None = None) -> Environment:
    loaders: list[Any] = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(FileSystemLoader(str(override_dir)))
    loaders.append(PackageLoader("gonghui", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: no file check on each of ~3 renders per page
        bytecode_cache=bytecode_cache(compiled),
    )
    env.filters["cn_date"] = chinese_date
    env.filters["cn_datetime"] = chinese_datetime
    env.filters["cn_number"] = chinese_number
    env.filters["iso"] = lambda moment: moment.isoformat()
    return env


def byline(article: Article) -> list[str]:
    """Authors grouped by role in order: ['本报记者 田国奎', '本报通讯员 冯际刚']."""
    groups: list[tuple[str, list[str]]] = []
    for author in article.authors:
        if groups and groups[-1][0] == author.role:
            groups[-1][1].append(author.name)
        else:
            groups.append((author.role, [author.name]))
    return [f"{role} {' '.join(names)}".strip() for role, names in groups]


class Renderer:
    """Renders templates for one site; `url` helpers make links relative to the page."""

    def __init__(self, site: SiteModel, settings: dict[str, Any], override_dir: Path | None = None,
                 images: dict[str, Responsive] | None = None, compiled: Path | None = None) -> None:
        self.site = site
        self.settings = settings
        self.env = make_environment(override_dir, compiled)
        self.images = images or {}  # photos with phone-sized copies, by content path

    def render(self, template: str, current_url: str, **context: Any) -> str:
        url: Callable[[str], str] = lambda target: relative_url(target, current_url)  # noqa: E731
        return self.env.get_template(template).render(
            url=url,
            site=self.site,
            settings=self.settings,
            byline=byline,
            image_url=lambda article: url(resolve_image_src(article)),
            photo=self.photo(url),
            tag_url=lambda tag: url(f"tags/{self.site.news.tag_slugs[tag]}/"),
            region_url=self.region_url(url),
            now=self.site.now,
            markdown=render_markdown,
            **context,
        )

    def photo(self, url: Callable[[str], str]) -> Callable[..., Markup]:
        """`photo(article)`: the lead photo as a `<picture>` of its copies; `photo(article, "thumb")` in listings."""

        def html(article: Article, kind: str = "lead") -> Markup:
            src = resolve_image_src(article)
            return Markup(photo_html(self.images.get(src), url(src), article.image_alt, kind=kind))

        return html

    def region_url(self, url: Callable[[str], str]) -> Callable[[Region | None], str | None]:
        pages = self.site.region_summaries

        def link(region: Region | None) -> str | None:
            if region is None or region.code not in pages:
                return None
            return url(region.url)

        return link

    def article_header(self, article: Article) -> str:
        return self.render("article_header.html", article.url, article=article)

    def article_footer(self, article: Article) -> str:
        return self.render(
            "article_footer.html",
            article.url,
            article=article,
            related=self.site.news.related(article),
        )

