"""`mkdocs build` at newspaper scale: article pages rendered by forked worker processes, byte for byte as MkDocs would.

Only `build` and `gh-deploy` (not `serve`), on systems that can fork; `render_workers: 1` in mkdocs.yml or
GONGHUI_RENDER_WORKERS=1 keeps MkDocs rendering every page itself, as before.

1. Reading pages (MkDocs' first loop, in the parent): an article page keeps its File and Page (navigation,
   sitemap.xml and page lists stay as they are) and its source is read (front matter), but
   `on_page_markdown` gives MkDocs an empty body and makes the page a placeholder: its `render` builds no
   Markdown and its template, `gonghui-placeholder.html`, renders nothing, so MkDocs' `_build_page` writes
   nothing for it (MkDocs' "Page skipped" note for it is not shown). `PageRenderer.settle` sets what other
   pages and sitemap.xml read from it (title, update_date) exactly as rendering it would.
2. `on_env`, last of all plugins (the theme environment is final): the parent forks the workers. Each
   inherits the loaded config, files, nav, environment, model and plan without copying or pickling,
   takes its chunks of the article pages (`core.output.render_workers.assign`) and runs MkDocs' own
   `_populate_page` and `_build_page` on each: every plugin's page events run there for real, and the
   page is written into `site_dir` (the atomic output's work folder). Only workers write article pages,
   so nothing is written twice. For each page a worker answers through a pipe: the log records (it prints
   nothing itself), the search document, the page's anchors, or the error that stopped it.
3. The parent builds its own pages meanwhile; a thread reads the answers and hands the search documents
   to Pagefind's feeder in the serial build's order (`InOrder`), so the index comes out the same.
4. `on_post_build`, first of all plugins: the parent waits for the workers, then in page order logs each
   page's records through its own loggers (so `--strict` counts them) and raises the first error, as the
   serial build would have (the build fails; the atomic output discards the work folder). Last, the anchor
   checks MkDocs skipped for placeholder pages (links to and from articles) are made.

Other plugins of a site see the article pages' events (`page_markdown` … `post_page`) in the workers only.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import signal
import threading
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.messages import say
from ..core.model.site import SiteModel
from ..core.options import PluginOptions
from ..core.output.render_workers import WORKER_STOPPED, InOrder, WorkerCountError, assign, worker_count
from ..core.output.search import SearchIndexer
from .page_render import mix_into

log = logging.getLogger("mkdocs.plugins.gonghui")

PLACEHOLDER_TEMPLATE = "gonghui-placeholder.html"
RECORD_FIELDS = ("name", "levelno", "levelname", "pathname", "filename", "module", "lineno", "funcName", "created",
                 "msecs", "relativeCreated", "stack_info")


def render_workers(site: SiteModel, command: str, dirty: bool, preview: object, options: PluginOptions,
                   search: SearchIndexer | None) -> RenderWorkers | None:
    """This build's render workers: only a full `build` or `gh-deploy` where processes can fork, and more than one."""
    if command not in ("build", "gh-deploy") or dirty or preview is not None or search is None:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        count = worker_count(options.render_workers)
    except WorkerCountError as exc:
        raise PluginError(str(exc)) from None
    return RenderWorkers(site, count, search.add) if count > 1 else None


class _Placeholder:
    """Mixed into an article page's class in the parent, which renders no Markdown for it."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        page: Any = self
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = None  # MkDocs' anchor check skips links to a page it did not render
        page.links_to_anchors = {}


def _restore(page: Page) -> None:
    if isinstance(page, _Placeholder):
        page.__class__ = type(page).__mro__[2]  # (placeholder class, _Placeholder, the page's own class, …)


@dataclass
class Answer:
    position: int
    records: list[dict[str, Any]]
    document: tuple[str, ...] | None  # search document, URL, kind, part
    anchors: tuple[set[str] | None, dict[str, dict[str, str]] | None]
    error: bytes | None  # the pickled exception


def _record_state(record: logging.LogRecord) -> dict[str, Any]:
    state = {name: getattr(record, name, None) for name in RECORD_FIELDS}
    try:
        state["msg"] = record.getMessage()
    except Exception:  # a bad format string: what the parent's handler would have printed instead
        state["msg"] = str(record.msg)
    state["args"] = None
    state["exc_text"] = record.exc_text or (logging.Formatter().formatException(record.exc_info)
                                            if record.exc_info else None)
    return state


def _portable(exc: BaseException) -> bytes:
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:
        return pickle.dumps(PluginError(f"{type(exc).__name__}: {exc}"))


class QuietSkipped(logging.Filter):
    """Drops MkDocs' note that it wrote nothing for a page whose file is written elsewhere (a worker, the page cache)."""

    def __init__(self, src_uris: Container[str]) -> None:
        super().__init__()
        self.src_uris = src_uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.levelno == logging.INFO and message.startswith("Page skipped: '"):
            return message[len("Page skipped: '"):].split("'", 1)[0] not in self.src_uris
        return True


class RenderWorkers:
    """The article pages of one build, the workers rendering them, and their answers."""

    def __init__(self, site: SiteModel, count: int, send_search: Any) -> None:
        self.site = site
        self.count = count
        self.feed = InOrder(send_search)
        self.articles: list[Page] = []  # in MkDocs' page order
        self.positions: dict[str, int] = {}
        self.in_worker = False
        self.document: tuple[str, ...] | None = None
        self.answers: dict[int, Answer] = {}
        self.processes: list[tuple[Any, Connection]] = []
        self.owner: dict[int, int] = {}  # page position: the number of the process rendering it
        self.reader: threading.Thread | None = None
        self.reader_error: BaseException | None = None
        self.doc_files: Sequence[File] = []
        self.log_watchers: list[Callable[[logging.LogRecord], None]] = []  # also shown a worker's records
        self._quiet = QuietSkipped(self.positions)
        mkdocs_build.log.addFilter(self._quiet)

    # -- the parent, reading pages ----------------------------------------------------------------

    def markdown(self, markdown: str, page: Page) -> str:
        """`on_page_markdown`: an article page becomes a placeholder in the parent (empty); a worker renders it."""
        if self.in_worker or self.site.article_for(page.file.src_uri) is None:
            return markdown
        self.take(page)
        return ""

    def take(self, page: Page) -> None:
        position = len(self.articles)
        self.articles.append(page)
        self.positions[page.file.src_uri] = position
        page.meta["template"] = PLACEHOLDER_TEMPLATE
        mix_into(page, _Placeholder)
        self.feed.expect(position)

    def placeholder(self, page: Page) -> bool:
        return not self.in_worker and isinstance(page, _Placeholder)

    def add(self, document: str, url: str, kind: str, part: str = "") -> None:
        """A page's search document: kept for the parent in a worker, else passed on in page order."""
        if self.in_worker:
            self.document = (document, url, kind, part)
        else:
            self.feed.add(document, url, kind, part)

    # -- the parent, once every page is read ------------------------------------------------------

    def start(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any, on_fork: Any) -> None:
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        if not self.articles:
            return
        context = multiprocessing.get_context("fork")
        gc.collect()
        gc.freeze()  # the workers' collector leaves the inherited objects alone: their pages stay shared
        try:
            for share in assign(len(self.articles), self.count):
                if not share:
                    continue
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=self._work, args=(send, share, config, files, nav, env, on_fork),
                    name="gonghui-render", daemon=True)
                process.start()
                send.close()
                self.owner.update(dict.fromkeys(share, len(self.processes)))
                self.processes.append((process, receive))
        finally:
            gc.unfreeze()
        log.info(f"文章页面：{len(self.articles)} 篇，由 {len(self.processes)} 个进程并行渲染")
        self.reader = threading.Thread(target=self._read, name="gonghui-render-answers", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        open_pipes = [receive for _, receive in self.processes]
        try:
            while open_pipes:
                for pipe in wait(open_pipes):
                    assert isinstance(pipe, Connection)
                    try:
                        answer: Answer = pipe.recv()
                    except (EOFError, OSError):
                        open_pipes.remove(pipe)
                        continue
                    self.answers[answer.position] = answer
                    self.feed.fill(answer.position, answer.document if answer.error is None else None)
        except BaseException as exc:  # reported by `finish`
            self.reader_error = exc

    # -- a worker ---------------------------------------------------------------------------------

    def _work(self, pipe: Connection, share: list[int], config: MkDocsConfig, files: Files, nav: Navigation,
              env: Any, on_fork: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the atomic output's handler: that would remove the site
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        self.in_worker = True
        on_fork()
        records: list[dict[str, Any]] = []

        def forward(logger: logging.Logger, record: logging.LogRecord) -> None:  # to the parent, unprinted
            records.append(_record_state(record))
            for watch in self.log_watchers:
                watch(record)

        logging.Logger.handle = forward  # type: ignore[method-assign, assignment]
        for position in share:
            page = self.articles[position]
            _restore(page)
            self.document = None
            error = None
            try:
                mkdocs_build._populate_page(page, config, files)
                mkdocs_build._build_page(page, config, self.doc_files, nav, env)
            except Exception as exc:
                error = _portable(exc)
            links = None
            if page.links_to_anchors is not None:
                links = {file.src_uri: dict(found) for file, found in page.links_to_anchors.items()}
            pipe.send(Answer(position, list(records), self.document, (page.present_anchor_ids, links), error))
            records.clear()
            if error is not None:
                break
        pipe.close()

    # -- the parent, after its own pages ------------------------------------------------------------

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """Wait for the workers; their pages' log records, in page order; the first error raised; anchors checked."""
        if self.reader is not None:
            self.reader.join()  # every worker has answered for all its pages, or ended
        self.stop()
        if self.reader_error is not None:
            raise self.reader_error
        for position, page in enumerate(self.articles):
            answer = self.answers.get(position)
            if answer is None:
                code = self.processes[self.owner[position]][0].exitcode
                raise PluginError(say(WORKER_STOPPED, detail=f"{page.file.src_uri} 没有写出；退出码 {code}"))
            for state in answer.records:
                logging.getLogger(state["name"]).handle(logging.makeLogRecord(state))
            if answer.error is not None:
                raise pickle.loads(answer.error)
            _restore(page)
            page.present_anchor_ids, links = answer.anchors
            if links is not None:
                page.links_to_anchors = {
                    target: found for uri, found in links.items() if (target := files.get_file_from_path(uri)) is not None
                }
        self._check_anchors(config, files)

    def _check_anchors(self, config: MkDocsConfig, files: Files) -> None:
        """The anchor checks MkDocs made before the workers' pages were back: links from and to articles."""
        level = config.validation.links.anchors
        articles = set(self.positions)
        for file in self.doc_files:
            page = file.page
            if page is None or not page.links_to_anchors:
                continue
            if file.src_uri in articles:
                page.validate_anchor_links(files=files, log_level=level)
                continue
            saved = page.links_to_anchors
            page.links_to_anchors = {target: found for target, found in saved.items() if target.src_uri in articles}
            try:
                page.validate_anchor_links(files=files, log_level=level)
            finally:
                page.links_to_anchors = saved

    def stop(self) -> None:
        """End the workers (a failed build) and stop hiding MkDocs' notes; safe to call twice."""
        for process, _ in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        if self.reader is not None:
            self.reader.join()  # it ends once every pipe is closed at the other end
        for _, receive in self.processes:
            receive.close()
        mkdocs_build.log.removeFilter(self._quiet)
