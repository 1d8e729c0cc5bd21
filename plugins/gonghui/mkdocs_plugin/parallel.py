"""`mkdocs build` at newspaper scale: offstage article pages (`offstage.py`) made by forked worker processes.

Only `build` and `gh-deploy` (not `serve`), on systems that can fork; `render_workers: 1` in mkdocs.yml or
GONGHUI_RENDER_WORKERS=1 makes them in the build's own process (the default on two cores).

1. When the offstage pages are made (`on_nav` when `offstage.early_environment` allows it, else `on_env`,
   last of all plugins, once the theme environment is final): the parent forks the workers. Each
   inherits the loaded config, files, nav, environment, model and plan without copying or pickling, takes
   its chunks of the offstage pages still to make (`core.output.render_workers.assign`) and makes each with
   MkDocs' own `_populate_page` and `_build_page` (`OffstageArticles.make`): every plugin's page events run
   there for real, and the page is written into `site_dir` (the atomic output's work folder). For each page
   a worker answers through a pipe: the log records (it prints nothing itself), the search document, the
   page's anchors, or the error that stopped it.
2. The parent builds its own pages meanwhile; a thread reads the answers and hands the search documents
   to Pagefind's feeder in file order (`InOrder`), so the index comes out the same.
3. `on_post_build`, first of all plugins: the parent waits for the workers, then in page order logs each
   page's records through its own loggers (so `--strict` counts them) and raises the first error, as a
   build in one process would have (the build fails; the atomic output discards the work folder).

Other plugins of a site see the article pages' events (`page_markdown` … `post_page`) in the workers only.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..core.messages import say
from ..core.model.site import SiteModel
from ..core.options import PluginOptions
from ..core.output.render_workers import WORKER_STOPPED, WorkerCountError, assign, worker_count
from ..core.output.search import SearchIndexer
from .offstage import Anchors, OffstageArticles

log = logging.getLogger("mkdocs.plugins.gonghui")

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
    return RenderWorkers(count) if count > 1 else None


@dataclass
class Answer:
    position: int
    records: list[dict[str, Any]]
    document: tuple[str, ...] | None  # search document, URL, kind, part
    anchors: Anchors
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


class RenderWorkers:
    """The workers making one build's offstage pages, and their answers."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.offstage: OffstageArticles | None = None
        self.answers: dict[int, Answer] = {}
        self.processes: list[tuple[Any, Connection]] = []
        self.owner: dict[int, int] = {}  # page position: the number of the process making it
        self.reader: threading.Thread | None = None
        self.reader_error: BaseException | None = None
        self.log_watchers: list[Callable[[logging.LogRecord], None]] = []  # also shown a worker's records

    def start(self, offstage: OffstageArticles, config: MkDocsConfig, files: Files, nav: Navigation, env: Any,
              on_fork: Any) -> None:
        self.offstage = offstage
        positions = offstage.to_render
        if not positions:
            return
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        context = multiprocessing.get_context("fork")
        gc.collect()
        gc.freeze()  # the workers' collector leaves the inherited objects alone: they stay shared
        try:
            for share in assign(len(positions), self.count):
                if not share:
                    continue
                mine = [positions[i] for i in share]
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=self._work, args=(send, mine, config, files, doc_files, nav, env, on_fork),
                    name="gonghui-render", daemon=True)
                process.start()
                send.close()
                self.owner.update(dict.fromkeys(mine, len(self.processes)))
                self.processes.append((process, receive))
        finally:
            gc.unfreeze()
        log.info(f"文章页面：{len(positions)} 篇，由 {len(self.processes)} 个进程并行渲染")
        self.reader = threading.Thread(target=self._read, name="gonghui-render-answers", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.offstage is not None
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
                    failed = answer.error is not None
                    self.offstage.made(answer.position, None if failed else answer.document, answer.anchors)
        except BaseException as exc:  # reported by `finish`
            self.reader_error = exc

    # -- a worker ---------------------------------------------------------------------------------

    def _work(self, pipe: Connection, share: list[int], config: MkDocsConfig, files: Files, doc_files: Sequence[File],
              nav: Navigation, env: Any, on_fork: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the atomic output's handler: that would remove the site
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        offstage = self.offstage
        assert offstage is not None
        offstage.in_worker = True
        on_fork()
        records: list[dict[str, Any]] = []

        def forward(logger: logging.Logger, record: logging.LogRecord) -> None:  # to the parent, unprinted
            records.append(_record_state(record))
            for watch in self.log_watchers:
                watch(record)

        logging.Logger.handle = forward  # type: ignore[method-assign, assignment]
        for position in share:
            document: tuple[str, ...] | None = None
            anchors: Anchors = (None, None)
            error = None
            try:
                document, anchors = offstage.make(position, config, files, doc_files, nav, env)
            except Exception as exc:
                error = _portable(exc)
            pipe.send(Answer(position, list(records), document, anchors, error))
            records.clear()
            if error is not None:
                break
        pipe.close()

    # -- the parent, after its own pages ------------------------------------------------------------

    def finish(self) -> None:
        """Wait for the workers; their pages' log records, in page order; the first error raised."""
        if self.reader is not None:
            self.reader.join()  # every worker has answered for all its pages, or ended
        self.stop()
        if self.reader_error is not None:
            raise self.reader_error
        if self.offstage is None:
            return
        for position in self.offstage.to_render:
            answer = self.answers.get(position)
            if answer is None:
                code = self.processes[self.owner[position]][0].exitcode
                detail = f"{self.offstage.files[position].src_uri} 没有写出；退出码 {code}"
                raise PluginError(say(WORKER_STOPPED, detail=detail))
            for state in answer.records:
                logging.getLogger(state["name"]).handle(logging.makeLogRecord(state))
            if answer.error is not None:
                raise pickle.loads(answer.error)

    def stop(self) -> None:
        """End the workers (a failed build); safe to call twice."""
        for process, _ in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        if self.reader is not None:
            self.reader.join()  # it ends once every pipe is closed at the other end
        for _, receive in self.processes:
            receive.close()
