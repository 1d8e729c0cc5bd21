"""Where a build may write: only inside its output folder.

Every page and file of a site plan has a site-relative path; `check_output_path` refuses any path
that could name something outside the output folder (absolute, `..`, empty segments, backslashes,
control characters), and `safe_path` joins a checked path to the output folder.
"""

from __future__ import annotations

import re
from pathlib import Path


class OutputPathError(ValueError):
    """A planned page or file would be written outside the output folder, or over another one."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_output_path(relative: str) -> str:
    """A site-relative file path such as 'news/2022/06/foo/index.html', unchanged when it is safe."""
    if not isinstance(relative, str) or not relative:
        raise OutputPathError(f"output path {relative!r}: expected a file path inside the site folder")
    if _CONTROL.search(relative):
        raise OutputPathError(f"output path {relative!r}: contains a control character")
    if "\\" in relative:
        raise OutputPathError(f"output path {relative!r}: contains a backslash")
    if relative.startswith("/") or (len(relative) > 1 and relative[1] == ":"):
        raise OutputPathError(f"output path {relative!r}: is absolute; it would be written outside the site folder")
    for segment in relative.split("/"):
        if segment in ("", ".", ".."):
            raise OutputPathError(
                f"output path {relative!r}: has an empty, '.' or '..' part; it could be written outside the site folder"
            )
    return relative


def safe_path(site_dir: Path, relative: str) -> Path:
    """The file `relative` inside `site_dir`; never a path outside it."""
    root = site_dir.resolve()
    path = (root / check_output_path(relative)).resolve()
    if not path.is_relative_to(root):  # a symbolic link inside the folder pointing out
        raise OutputPathError(f"output path {relative!r}: leads outside the site folder {root}")
    return path


def check_output_tree(paths: dict[str, str]) -> None:
    """Every output path once, and none inside another file: {path: what writes it}."""
    for path, owner in paths.items():
        check_output_path(path)
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in paths:
                raise OutputPathError(f"{owner} would be written at {path}, inside the file {parent} ({paths[parent]})")
