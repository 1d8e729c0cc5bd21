"""Site-relative URLs, so a built site works under any base path."""

from __future__ import annotations

import posixpath


def relative_url(target: str, current: str) -> str:
    """Link from the page at directory URL `current` to `target` (both site-relative).

    relative_url("news/2022/06/foo/", "news/page/2/") == "../../2022/06/foo/"

    Computed on the path segments: `posixpath.relpath` asks the OS for the working directory on every
    call, and a build makes a few hundred thousand of these links.
    """
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    is_dir = target.endswith("/") or target == ""
    if ".." in target or ".." in current:  # not a plain site URL: let posixpath resolve it
        rel = posixpath.relpath(target.strip("/") or ".", current.strip("/") or ".")
    else:
        here = [part for part in current.split("/") if part not in ("", ".")]
        there = [part for part in target.split("/") if part not in ("", ".")]
        common = 0
        for mine, theirs in zip(here, there, strict=False):  # the shorter path ends the common part
            if mine != theirs:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor
