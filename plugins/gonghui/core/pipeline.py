"""The whole pipeline in two calls: `check_project` (load → check → model) and `plan_site` (→ generate).

`gonghui check` and the build both call `check_project`, so they report the same problems: every
error, warning and note of the project in one report. The build then calls `plan_site` for every page
and file it writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .check.assets import published_files
from .check.limits import body_limit_problems
from .check.markup import markup_findings
from .check.pages import check_page_templates
from .check.rasters import RasterUse, check_rasters
from .check.references import check_references, check_unique_urls
from .check.schedule import hold_back
from .check.surprises import check_surprises
from .check.urls import UrlCheck, check_urls, page_url, read_redirects
from .generate.feed_cache import FeedCache
from .generate.feeds import SiteInfo
from .generate.plan import SitePlan, plan_files, plan_pages
from .generate.responsive import make_copies
from .load.inventory import Inventory, take_inventory
from .load.reading_cache import ReadingCache
from .load.site import Inputs, load_inputs, page_body
from .load.yamlsource import forget_parsed_front_matter
from .messages import define, say
from .model.article import Article
from .model.news import NewsIndex, is_published
from .model.site import SiteModel, SiteSources
from .model.summaries import region_summaries
from .output.memory import give_back_freed_memory
from .output.url_record import read_record
from .problems import ContentError, Problems
from .project import Project
from .text.paths import OutputPathError

OUTPUT_REFUSED = define(
    "GH450", "一个要生成的文件被拒绝（在网站文件夹之外，或会覆盖另一个生成的文件）：{detail}；请把这条信息转给网站管理员 "
    "(a planned output is refused)", "要生成的文件位置不对（多半是程序问题，请报告）",
)
GENERATED_URL = define(
    "GH451", "这一页的网址会是 /{url}，而 gonghui 要在这里生成{kind}页；给文件改名或换个文件夹（如 content/about/…md） "
    "(page at a generated URL)", "编辑写的页面占了 gonghui 自动生成的页面的网址",
)
RECORD_LINK = define(
    "GH452", "网址记录文件必须是普通文件，不能是符号链接；换成普通文件 (the URL record must be a plain file, not a symbolic link)",
    "published-urls.txt 是符号链接",
)


@dataclass
class CheckedProject:
    """A project that passed its checks: the model, the plan of its pages and its URL record."""

    project: Project
    site: SiteModel
    plan: SitePlan
    urls: UrlCheck
    publish: set[str]  # src_uris of the content files the site publishes (pages, articles, assets)
    rasters: dict[str, RasterUse]  # photos articles show (lead and body), each opened and within the limits


@dataclass
class CheckResult:
    problems: Problems  # errors, warnings and notes
    checked: CheckedProject | None  # None when there are errors


def check_project(project: Project, now: dt.datetime, *, preview: bool = False) -> CheckResult:
    """Read and check a whole project. `preview` (serve) also shows drafts, scheduled articles and held-back figures."""
    problems = Problems()
    sources = project.sources
    options = project.options
    inventory = take_inventory(sources, problems, allow_web_files=options.allow_web_files,
                               asset_extensions=options.asset_extensions)
    if inventory.unsafe or _unsafe_record(project, problems):
        return CheckResult(problems, None)  # a link leads outside the project: read nothing more
    hosts, image_hosts = options.trusted_embed_hosts, options.trusted_image_hosts
    reading = ReadingCache(project.reading_cache, [hosts, image_hosts]) if options.build_cache else None
    inputs = load_inputs(sources, inventory, problems,
                         lambda article, found: article_markup_warnings(sources, article, hosts, found, image_hosts), reading)
    if reading is not None:
        reading.save()
        for note in reading.notes:
            problems.note(sources.display(project.reading_cache), 0, note)
    check_references(sources, inputs, problems)
    rasters = check_rasters(sources, inputs, project.image_cache, problems)
    unpublished = {uri for uri, a in inputs.articles.items() if not is_published(a, now)}
    hidden = set() if preview else unpublished
    check_surprises(sources, inputs, unpublished, problems)
    published = [a for uri, a in inputs.articles.items() if uri not in hidden and not a.broken]
    check_unique_urls(sources, published, problems)
    hold_back(inputs, now, preview, problems)
    check_page_templates(sources, [sources.content_dir / uri for uri in inputs.pages], project.theme_dirs, problems)
    _check_markup(project, inputs, problems)
    # The model is built from the valid part even when something is wrong, so the URL record and the
    # redirects are checked in the same run (a broken file's own URLs are not reported twice).
    site = build_model(sources, inputs, now, preview, hidden | {u for u, a in inputs.articles.items() if a.broken})
    try:
        plan = plan_pages(site, project.options.page_size)
    except OutputPathError as exc:  # two outputs at one path: an earlier problem (a duplicate URL) says why
        if not problems:
            problems.add("mkdocs.yml", 0, say(OUTPUT_REFUSED, detail=exc))
        return CheckResult(problems, None)
    _check_page_files(sources, plan, inputs.pages, problems)
    urls = _check_urls(project, site, plan, inputs.pages, problems, inventory)
    publish = published_files(site, inventory, options.public_files + list(project.public_paths), problems)
    if problems:
        return CheckResult(problems, None)
    return CheckResult(problems, CheckedProject(project, site, plan, urls, publish, rasters))


def build_model(sources: SiteSources, inputs: Inputs, now: dt.datetime, preview: bool, hidden: set[str]) -> SiteModel:
    published = [a for uri, a in inputs.articles.items() if uri not in hidden]
    news = NewsIndex.build(published)
    inputs.programs.link_articles(news)
    summaries = region_summaries(inputs.regions, news, inputs.programs)
    return SiteModel(sources, now, preview, inputs.regions, inputs.programs, news, inputs.articles, hidden, summaries)


def plan_site(checked: CheckedProject) -> SitePlan:
    """The checked project's plan with every file added: feeds, calendars, export, robots.txt, redirects, and the
    phone-sized copies of published photos (made here, or taken from the image cache). ContentError when a photo
    changed since the check and no longer opens."""
    project = checked.project
    info = SiteInfo(project.site_url, project.site_name, project.site_description)
    # Feeds are kept between builds (not a preview's: it shows what a build does not).
    feeds = FeedCache(project.feed_cache) if project.options.build_cache and not checked.site.preview else None
    checked.plan.files = plan_files(checked.site, info, checked.urls.redirects, feeds)
    problems = Problems()
    shown = {uri: use.places for uri, use in checked.rasters.items() if uri in checked.publish}
    checked.plan.images = make_copies(shown, project.sources, project.image_cache, problems)
    if problems:
        raise ContentError(problems)
    return checked.plan


def release_check_inputs(checked: CheckedProject) -> None:
    """After `plan_site`, in a build (not `serve`, which keeps them for the next save): free what only the
    checks needed, the articles' text and the parsed front matter. Measured at 2,000 articles: the build's
    Python memory at the theme's start 211 → 194 MB (tracemalloc)."""
    for article in checked.site.all_articles.values():
        article.release_text()
    forget_parsed_front_matter()
    give_back_freed_memory()


def _check_markup(project: Project, inputs: Inputs, problems: Problems) -> None:
    """Unsafe HTML and images without alt text in editors' own pages (articles' are checked as they are read)."""
    sources = project.sources
    hosts = project.options.trusted_embed_hosts
    image_hosts = project.options.trusted_image_hosts
    for uri in inputs.pages:
        page_markup_warnings(sources, sources.content_dir / uri, hosts, problems, image_hosts)


def article_markup_warnings(
    sources: SiteSources, article: Article, hosts: list[str], problems: Problems, image_hosts: list[str] | None = None
) -> None:
    """The body's markup warnings, and as errors what would make Markdown rendering recurse too deep or crawl."""
    display = sources.display_content(article.src_uri)
    for finding in body_limit_problems(article.body):
        problems.add(display, finding.line + article.body_line - 1, finding.message)
    for finding in markup_findings(article.body, hosts, image_hosts or ()):
        problems.warn(display, finding.line + article.body_line - 1 if finding.line else 0, finding.message)


def page_markup_warnings(
    sources: SiteSources, path: Path, hosts: list[str], problems: Problems, image_hosts: list[str] | None = None
) -> None:
    read = page_body(path)
    if read is None:
        return  # MkDocs reports an unreadable page itself
    body, body_line = read
    for finding in body_limit_problems(body):
        problems.add(sources.display(path), finding.line + body_line - 1, finding.message)
    for finding in markup_findings(body, hosts, image_hosts or ()):
        problems.warn(sources.display(path), finding.line + body_line - 1 if finding.line else 0, finding.message)


def _check_page_files(sources: SiteSources, plan: SitePlan, pages: list[str], problems: Problems) -> None:
    """An editor's page where gonghui generates one (same file, or same URL) is an error: say which page and how to fix."""
    generated = {page.url: page for page in plan.pages}
    for src_uri, page in plan.generated.items():
        path = sources.content_dir / src_uri
        if path.is_file() and sources.content_dir / "news" in path.parents:
            problems.add(sources.display(path), 1, _collision(page.url, page.kind))
    for uri in pages:
        url = page_url(uri)
        if url in generated:
            problems.add(sources.display_content(uri), 1, _collision(url, generated[url].kind))


def _collision(url: str, kind: str) -> str:
    return say(GENERATED_URL, url=url, kind=f" {kind} ")


def _check_urls(
    project: Project, site: SiteModel, plan: SitePlan, pages: list[str], problems: Problems, inventory: Inventory
) -> UrlCheck:
    """Every URL published before must still be published or redirected; redirects must lead somewhere."""
    sources = project.sources
    redirects_display = sources.display(project.redirects)
    redirects, lines = ({}, {}) if "redirects.yml" not in inventory.data else read_redirects(
        project.redirects, redirects_display, problems)
    return check_urls(
        site, {page.url for page in plan.pages}, read_record(project.url_record), redirects, lines,
        sources.display(project.url_record), redirects_display, problems, pages,
    )


def _unsafe_record(project: Project, problems: Problems) -> bool:
    """The URL record is read and rewritten by the build: it must be a plain file of the project."""
    path = project.url_record
    if path.is_symlink():
        problems.add(project.sources.display(path), 0, say(RECORD_LINK))
        return True
    return False
