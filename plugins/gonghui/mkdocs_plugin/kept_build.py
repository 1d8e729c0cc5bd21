"""`mkdocs serve --dirty` at newspaper scale: what a kept rebuild reuses, and how saves are noticed.

A kept rebuild (only article bodies changed; see `core.preview.state`) reuses the last build's File and
Page objects and marks them unmodified, so MkDocs neither stats nor renders them again.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.project import Project

log = logging.getLogger("mkdocs.plugins.gonghui")


@dataclass(frozen=True)
class KeptBuild:
    # Generated pages listing an article whose lede changed (the edited articles themselves are
    # rebuilt by `--dirty`, as their files are newer than their pages).
    stale_pages: set[str]
    changed: set[str]  # src_uris of the edited articles


class KeptFile(File):
    """A file a kept preview rebuild leaves as the last build wrote it (`--dirty` skips it)."""

    def is_modified(self) -> bool:
        return False


class RebuiltFile(File):
    """A page a full preview rebuild must render again although its source is unchanged (its template changed)."""

    def is_modified(self) -> bool:
        return True


def rebuilt_file(file: File) -> File:
    if type(file) is File:
        file.__class__ = RebuiltFile
    return file


def kept_file(file: File) -> File:
    """The last build's file, left as that build wrote it (no stat calls: MkDocs asks twice per page)."""
    if type(file) in (File, RebuiltFile):  # not a subclass of another plugin's or of MkDocs'
        file.__class__ = KeptFile
    return file


def reusable_files(files: Files | None) -> dict[str, File] | None:
    """The files a kept rebuild may reuse, with their pages emptied of what no later build reads."""
    if files is None:
        return None
    for file in files:
        page = file.page
        if page is not None:
            title = page.title  # kept: the nav shows it; it is computed from the Markdown when not set
            page.title = title
            page.content = page.markdown = None
            page.links_to_anchors = None  # validated once, in the build that rendered it
    return dict(files.src_uris)


def watch_sources(server: Any, project: Project) -> None:
    """`mkdocs serve` also reloads on edits to the data and the operator's templates."""
    for folder in [project.sources.data_dir, project.templates_dir]:
        if folder is not None and folder.is_dir():
            server.watch(str(folder))
    watch_natively(server)


def watch_natively(server: Any) -> None:
    """Let the OS report changes instead of MkDocs' poller, which scans all 10,000 articles every 0.5 s.

    The poller costs 0.3-0.5 s on average before a save is seen, and its scans compete with the rebuild
    for the interpreter. GONGHUI_POLLING_WATCHER=1 keeps it (e.g. folders shared into a container, where
    the OS reports no changes).
    """
    if os.environ.get("GONGHUI_POLLING_WATCHER"):
        return
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return
    paths = getattr(server, "_watched_paths", None)
    if Observer is PollingObserver or not isinstance(paths, dict) or server.observer.is_alive():
        return
    changes = [
        events.FileModifiedEvent, events.FileCreatedEvent, events.FileDeletedEvent, events.FileMovedEvent,
        events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
    ]

    class ChangeObserver(Observer):  # type: ignore[misc, valid-type]  # watchdog picks its class at import
        def schedule(self, event_handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes)

    watched = dict(paths)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangeObserver()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    log.debug("预览：用系统的文件变动通知代替每 0.5 秒扫描一次")


def config_stamp(config: MkDocsConfig) -> tuple[int, int] | None:
    try:
        info = os.stat(config.config_file_path)
    except (OSError, TypeError):
        return None
    return (info.st_mtime_ns, info.st_size)
