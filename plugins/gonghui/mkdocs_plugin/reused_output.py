"""MkDocs' writes during a build go through `core.output.reuse.PreviousSite`: unchanged files are linked.

MkDocs writes pages and theme templates with `mkdocs.utils.write_file` and every other file with
`File.copy_file`; both are swapped for the build's duration (and restored after it, also when it fails), so
MkDocs, Material and other plugins are unchanged. Under ProperDocs, `mkdocs.utils` is `properdocs.utils` and
`mkdocs.structure.files.File` its `File`, so the same two swaps apply there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs import utils
from mkdocs.structure.files import File

from ..core.output.reuse import PreviousSite


class ReusedOutput:
    """While installed, every file MkDocs writes into the build's folder is linked from the live site if unchanged."""

    def __init__(self, reuse: PreviousSite) -> None:
        self.reuse = reuse
        self._saved: tuple[Callable[..., Any], Callable[..., Any]] | None = None

    def install(self) -> None:
        if self._saved is not None:
            return
        self._saved = (utils.write_file, File.copy_file)
        reuse = self.reuse

        def write_file(content: bytes, output_path: str) -> None:
            reuse.write(content, output_path)

        def copy_file(self: File, dirty: bool = False) -> None:
            if dirty and not self.is_modified():
                return
            if self.abs_src_path is not None:
                reuse.copy(self.abs_src_path, self.abs_dest_path)
            else:  # generated in memory (feeds, calendars, our assets)
                reuse.write(self.content_bytes, self.abs_dest_path)

        utils.write_file = write_file
        File.copy_file = copy_file  # type: ignore[method-assign]

    def remove(self) -> None:
        if self._saved is None:
            return
        utils.write_file, File.copy_file = self._saved  # type: ignore[method-assign]
        self._saved = None
